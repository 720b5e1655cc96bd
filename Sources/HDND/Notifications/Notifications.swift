import Fluent
import SQLKit
import Vapor

/// Who is told what, and when. Written inside the transaction of the change that causes it (a petition forwarded or
/// answered, a letter forwarded), or by the daily sweep (due tomorrow, overdue); read on the account's notifications page.
public enum Notifications {
    /// The open accounts answering for an agency.
    static func agencyAccounts(_ organizationID: Int, db: any Database) async throws -> [Int] {
        try await accounts("g.role = 'agency' AND g.organization_id = \(bind: organizationID)", db: db)
    }

    /// The open accounts of a council's office (and standing committee, when asked).
    static func councilAccounts(_ councilID: Int, roles: [Role] = [.office], db: any Database) async throws -> [Int] {
        try await accounts("g.council_id = \(bind: councilID) AND g.role IN (\(binds: roles.map(\.rawValue)))", db: db)
    }

    private static func accounts(_ condition: SQLQueryString, db: any Database) async throws -> [Int] {
        struct Row: Decodable { let id: Int }
        return try await db.sql.raw("""
            SELECT DISTINCT g.user_id AS id FROM user_grants g JOIN users u ON u.id = g.user_id \
            WHERE u.active = \(bind: true) AND u.deleted_at IS NULL AND \(condition) ORDER BY g.user_id
            """).rows(Row.self).map(\.id)
    }

    /// Tells each of `userIDs` once about the event `key`.
    static func notify(_ userIDs: [Int], _ kind: NotificationKind, _ text: String, href: String, key: String,
                       db: any Database) async throws {
        guard !userIDs.isEmpty else { return }
        let now = Date()
        var insert = db.sql.insert(into: Notification.schema).columns("user_id", "kind", "text", "href", "event_key", "created_at", "folded")
        for id in userIDs {
            insert = insert.values(SQLBind(id), SQLBind(kind.rawValue), SQLBind(text), SQLBind(href), SQLBind(key), SQLBind(now), SQLBind(fold(text)))
        }
        try await insert.ignoringConflicts(with: ["user_id", "event_key"]).run()
    }

    /// "“Đề nghị sửa chữa mặt đường…”": a petition or letter named by the start of its content.
    static func quote(_ content: String) -> String {
        let line = content.split(whereSeparator: \.isNewline).first.map(String.init) ?? content
        return "“" + (line.count > 100 ? line.prefix(100) + "…" : line) + "”"
    }

    // MARK: Events

    static func petitionForwarded(_ p: VoterPetition, agencyName: String, db: any Database) async throws {
        guard let agency = p.agencyID else { return }
        try await notify(try await agencyAccounts(agency, db: db), .forwarded,
                         "Kiến nghị cử tri chuyển đến \(agencyName): \(quote(p.content)) — hạn trả lời \(VietnameseFormat.date(p.dueDate))",
                         href: RecordKind.voterPetition.path(p.id!), key: "petition-forwarded-\(p.id!)-\(agency)", db: db)
    }

    static func petitionAnswered(_ p: VoterPetition, db: any Database) async throws {
        try await notify(try await councilAccounts(p.councilID, roles: [.office, .standing], db: db), .answered,
                         "\(p.answeredBy ?? "Cơ quan") đã trả lời kiến nghị \(quote(p.content))",
                         href: RecordKind.voterPetition.path(p.id!), key: "petition-answered-\(p.id!)-\(p.answeredOn ?? "")", db: db)
    }

    /// A letter forwarded to an agency: its content, never its sender.
    static func letterForwarded(_ l: Letter, db: any Database) async throws {
        guard l.decision == .forward, let agency = l.agencyID else { return }
        try await notify(try await agencyAccounts(agency, db: db), .forwarded,
                         "Đơn thư số \(l.registerNumber) (\(l.kind.label.lowercased())) được chuyển đến: \(quote(l.content))",
                         href: RecordKind.letter.path(l.id!), key: "letter-forwarded-\(l.id!)-\(agency)", db: db)
    }

    /// The daily sweep: petitions whose answer is due tomorrow, and those that became overdue in the past week (older
    /// ones were notified when they did), to the agency and the council's office. Returns how many were told.
    @discardableResult
    public static func sweep(today: Day = .today(), db: any Database) async throws -> Int {
        struct Row: Decodable { let id: Int; let council_id: Int; let agency_id: Int; let content: String; let due_date: String }
        let tomorrow = today.adding(days: 1).description
        let rows = try await db.sql.raw("""
            SELECT id, council_id, agency_id, content, due_date FROM voter_petitions \
            WHERE status = \(bind: PetitionStatus.forwarded.rawValue) AND deleted_at IS NULL AND agency_id IS NOT NULL \
            AND due_date >= \(bind: today.adding(days: -7).description) AND due_date <= \(bind: tomorrow) ORDER BY id
            """).rows(Row.self)
        var told = 0
        for r in rows where r.due_date != today.description {
            let overdue = r.due_date < today.description
            let users = try await agencyAccounts(r.agency_id, db: db) + councilAccounts(r.council_id, db: db)
            try await notify(users, overdue ? .overdue : .dueTomorrow,
                             (overdue ? "Quá hạn trả lời (hạn \(VietnameseFormat.date(r.due_date))): " : "Đến hạn trả lời ngày mai: ")
                                 + "kiến nghị \(quote(r.content))",
                             href: RecordKind.voterPetition.path(r.id), key: "petition-\(overdue ? "overdue" : "due")-\(r.id)-\(r.due_date)", db: db)
            told += users.count
        }
        return told
    }

    // MARK: Reading

    public static func unread(userID: Int, db: any Database) async throws -> Int {
        try await Notification.query(on: db).filter(\.$userID == userID).filter(\.$readAt == nil).count()
    }

    /// Marks one of the account's notifications read and returns where it leads; nil when it is not the account's.
    public static func open(_ id: Int, userID: Int, db: any Database) async throws -> String? {
        guard let n = try await Notification.query(on: db).filter(\.$id == id).filter(\.$userID == userID).first() else { return nil }
        if n.readAt == nil { n.readAt = Date(); try await n.save(on: db) }
        return n.href
    }

    public static func markAllRead(userID: Int, db: any Database) async throws {
        try await db.sql.update(Notification.schema).set("read_at", to: SQLBind(Date()))
            .where("user_id", .equal, userID).where("read_at", .is, SQLLiteral.null).run()
    }
}
