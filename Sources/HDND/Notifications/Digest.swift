import Fluent
import NIOPosix
import SQLKit
import Vapor

/// The daily e-mail: to each account with an address, the notifications it has not read and that were not e-mailed
/// before, in one message. Off unless an SMTP relay is configured (`SMTPSettings`).
public enum Digest {
    public struct Outcome: Sendable { public let messages: Int; public let notifications: Int }

    @discardableResult
    public static func send(settings: SMTPSettings, today: Day = .today(), baseURL: String? = nil, db: any Database,
                            threadPool: NIOThreadPool) async throws -> Outcome {
        struct Row: Decodable {
            let id: Int; let user_id: Int; let kind: NotificationKind; let text: String
            let username: String; let full_name: String; let email: String
        }
        let rows = try await db.sql.raw("""
            SELECT n.id, n.user_id, n.kind, n.text, u.username, u.full_name, u.email FROM notifications n JOIN users u ON u.id = n.user_id \
            WHERE n.read_at IS NULL AND n.emailed_at IS NULL AND u.email IS NOT NULL AND u.email <> '' AND u.active = \(bind: true) \
            ORDER BY n.user_id, n.id
            """).rows(Row.self)
        let byUser = Dictionary(grouping: rows, by: \.user_id)
        var messages: [MailMessage] = []
        for (_, list) in byUser.sorted(by: { $0.key < $1.key }) {
            let first = list[0]
            let lines = list.map { n in
                "- \(n.kind.label): \(n.text)\n  \((baseURL ?? "") + "/thong-bao/\(n.id)")"
            }
            messages.append(MailMessage(
                to: first.email,
                subject: "HĐND Số: \(VietnameseFormat.count(list.count)) thông báo mới ngày \(VietnameseFormat.date(today.description))",
                body: "Kính gửi \(first.full_name),\n\nTài khoản \(first.username) có \(VietnameseFormat.count(list.count)) thông báo chưa đọc:\n\n"
                    + lines.joined(separator: "\n") + "\n\nThư này được gửi tự động mỗi ngày từ HĐND Số; "
                    + "các thông báo đã đọc trên hệ thống không được gửi lại.\n"))
        }
        guard !messages.isEmpty else { return Outcome(messages: 0, notifications: 0) }
        let outgoing = messages
        try await threadPool.runIfActive { try SMTPClient.send(outgoing, settings: settings) }
        // Marked only once the relay took them all: a failed run is tried again the next time.
        for chunk in stride(from: 0, to: rows.count, by: 500).map({ Array(rows[$0..<min($0 + 500, rows.count)]) }) {
            try await db.sql.update(Notification.schema).set("emailed_at", to: SQLBind(Date()))
                .where(SQLIdentifier("id"), .in, SQLBind.group(chunk.map(\.id))).run()
        }
        return Outcome(messages: messages.count, notifications: rows.count)
    }
}

/// Runs the sweep every hour and the digest once a day from `HDND_DIGEST_HOUR` (07:00 by default, Hà Nội time), while the
/// server runs. `hdnd notify` does the same once, for a scheduler outside the server.
struct NotificationScheduler: LifecycleHandler {
    func didBootAsync(_ app: Application) async throws {
        let settings = SMTPSettings.fromEnvironment()
        let hour = Environment.get("HDND_DIGEST_HOUR").flatMap(Int.init) ?? 7
        let baseURL = Environment.get("HDND_PUBLIC_URL")
        let db = app.db, pool = app.threadPool, logger = app.logger
        let task = Task.detached {
            var lastDigest: Day? = nil
            while !Task.isCancelled {
                do {
                    try await Notifications.sweep(db: db)
                    let today = Day.today()
                    if let settings, lastDigest != today, Self.hourInHanoi() >= hour {
                        let out = try await Digest.send(settings: settings, today: today, baseURL: baseURL, db: db, threadPool: pool)
                        lastDigest = today
                        logger.info("Đã gửi \(out.messages) thư tổng hợp (\(out.notifications) thông báo).")
                    }
                } catch {
                    logger.warning("Thông báo, thư tổng hợp: \(String(describing: error))")
                }
                try? await Task.sleep(nanoseconds: 3_600_000_000_000)
            }
        }
        app.storage[SchedulerTask.self] = task
    }

    static func hourInHanoi(now: Date = Date()) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = VietnameseFormat.hanoi
        return calendar.component(.hour, from: now)
    }

    func shutdown(_ app: Application) { app.storage[SchedulerTask.self]?.cancel() }

    struct SchedulerTask: StorageKey { typealias Value = Task<Void, Never> }
}
