import Fluent
import SQLKit
import Vapor

/// Import of a register's historical letters from .xlsx or CSV (see `RecordImport`): numbered in the council's
/// register for the year they were received, senders recorded, a denouncer's name kept as confidential as on the form.
public enum LetterImport: RecordImport {
    public struct Value: Sendable {
        let received: String, kind: LetterKind, senders: [String], address: String?, content: String
        let channel: LetterChannel, acceptedOn: String?, outcome: LetterOutcome
    }

    public static let noun = "đơn thư"
    public static let tables = [Letter.schema, SearchEntry.schema]
    public static let columns = [TableColumn("Ngày nhận", width: 12), TableColumn("Loại đơn", width: 12), TableColumn("Người gửi", width: 28),
                                 TableColumn("Địa chỉ người gửi", width: 30), TableColumn("Nội dung", width: 60), TableColumn("Nguồn đơn", width: 20),
                                 TableColumn("Ngày thụ lý", width: 12), TableColumn("Kết quả", width: 18)]
    public static let example: [TableCell] = [.day("2019-03-12"), .text("Khiếu nại"), .text("Nguyễn Văn A; Trần Thị B"),
                                              .text("Số 5 phố Lò Đúc, phường Phạm Đình Hổ"), .text("Khiếu nại việc thu hồi đất làm đường ngõ 12"),
                                              .text("Qua bưu điện"), .day("2019-03-20"), .text("Đang giải quyết")]

    /// The lists a row's kind, channel and outcome are read from, built once for a whole file.
    static let kinds = LetterKind.allCases.map { ($0, code: $0.rawValue, label: $0.label) }
    static let channels = LetterChannel.allCases.map { ($0, code: $0.rawValue, label: $0.label) }
    static let outcomes = LetterOutcome.allCases.map { ($0, code: $0.rawValue, label: $0.label) }

    public static func value(_ cell: (Int) -> String, errors: inout [String]) -> Value? {
        let received = ImportCell.day(cell(0), "Ngày nhận", &errors)
        let kind = ImportCell.choice(cell(1), "Loại đơn", kinds, &errors)
        if cell(1).isEmpty { errors.append("Loại đơn không được để trống.") }
        // Several senders separated by ";"; none means an anonymous letter.
        let senders = cell(2).split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if senders.contains(where: { $0.count > 200 }) { errors.append("Tên người gửi dài quá 200 ký tự.") }
        if let problem = Validator.controlProblem(cell(2) + cell(3), "Người gửi, địa chỉ") { errors.append(problem) }
        if cell(3).count > 300 { errors.append("Địa chỉ người gửi dài quá 300 ký tự.") }
        let content = ImportCell.text(cell(4), "Nội dung", &errors)
        let channel = ImportCell.choice(cell(5), "Nguồn đơn", channels, &errors)
        let accepted = ImportCell.day(cell(6), "Ngày thụ lý", &errors, required: false)
        let outcome = ImportCell.choice(cell(7), "Kết quả", outcomes, &errors)
        if let received, let accepted, accepted < received { errors.append("Ngày thụ lý phải sau ngày nhận.") }
        guard let received, let kind else { return nil }
        return Value(received: received, kind: kind, senders: senders, address: cell(3).isEmpty ? nil : cell(3), content: content,
                     channel: channel ?? .post, acceptedOn: accepted, outcome: outcome ?? .pending)
    }

    public static func write(_ valid: [Value], council: Council, actor: Actor?, db: any Database,
                             progress: @escaping @Sendable (Double) -> Void) async throws -> Int {
        try await writeBatch(valid.count, council: council, actor: actor, db: db) { tx, place, marker in
            struct R: Decodable { let id: Int; let year: Int; let number: Int }
            var ids: [Int] = []
            // Numbers follow the register of each year, in the order of the file.
            let years = Dictionary(grouping: valid.indices, by: { Day(stored: valid[$0].received).year })
            var numbers: [Int: Int] = [:]
            for (year, indexes) in years.sorted(by: { $0.key < $1.key }) {
                var next = try await LetterNumbers.take(indexes.count, councilID: council.id!, year: year, on: tx)
                for i in indexes { numbers[i] = next; next += 1 }
            }
            for chunk in stride(from: 0, to: valid.count, by: 200).map({ Array($0..<min($0 + 200, valid.count)) }) {
                var q = tx.sql.insert(into: Letter.schema).columns("council_id", "unit_id", "year", "number", "received_on", "channel", "kind", "content",
                                                                  "anonymous", "eligible", "decision", "accepted_on", "round", "complex", "remote_area",
                                                                  "several_places", "extensions", "outcome", "confidential", "folded", "version", "created_at")
                for i in chunk {
                    let v = valid[i]
                    q = q.values(SQLBind(council.id!), SQLBind(council.unitID), SQLBind(Day(stored: v.received).year), SQLBind(numbers[i] ?? 0), SQLBind(v.received),
                                 SQLBind(v.channel.rawValue), SQLBind(v.kind.rawValue), SQLBind(v.content), SQLBind(v.senders.isEmpty),
                                 SQLBind(v.acceptedOn == nil ? nil : true), SQLBind(v.acceptedOn == nil ? nil : LetterDecision.handle.rawValue),
                                 SQLBind(v.acceptedOn), SQLBind(1), SQLBind(false), SQLBind(false), SQLBind(false), SQLBind(0),
                                 SQLBind(v.outcome.rawValue), SQLBind(v.kind == .denunciation), SQLBind(fold(v.content)), SQLBind(1), SQLBind(Date()))
                }
                // RETURNING gives rows in no promised order: each letter is found again by its (year, number).
                let inserted = try await q.returning("id", "year", "number").rows(R.self)
                let idOf = Dictionary(uniqueKeysWithValues: inserted.map { ("\($0.year)/\($0.number)", $0.id) })
                let chunkIDs = inserted.map(\.id)
                ids += chunkIDs
                var senders: [(Int, String, String?)] = [], access: [Int] = []
                for i in chunk {
                    let v = valid[i]
                    guard let id = idOf["\(Day(stored: v.received).year)/\(numbers[i] ?? 0)"] else {
                        throw Abort(.internalServerError, reason: "Không tìm lại được đơn vừa nhập ở dòng \(i + 1).")
                    }
                    senders += v.senders.enumerated().map { n, name in (id, name, n == 0 ? v.address : nil) }
                    // As on the form: whoever registers a denunciation has seen the denouncer, and that right is recorded.
                    if v.kind == .denunciation, !v.senders.isEmpty { access.append(id) }
                }
                if !senders.isEmpty {
                    var q = tx.sql.insert(into: LetterSender.schema).columns("letter_id", "full_name", "address")
                    for (id, name, address) in senders { q = q.values(SQLBind(id), SQLBind(name), SQLBind(address)) }
                    try await q.run()
                }
                if !access.isEmpty, let actor, actor.userID > 0 {
                    var q = tx.sql.insert(into: LetterAccess.schema).columns("letter_id", "user_id", "granted_by", "created_at")
                    for id in access { q = q.values(SQLBind(id), SQLBind(actor.userID), SQLBind(actor.userID), SQLBind(Date())) }
                    try await q.run()
                }
                try await SearchIndex.putAll(on: tx, kind: .letter, table: Letter.schema, unitPath: "\(bind: place.unitPath)",
                                             where: "x.id IN (\(binds: chunkIDs))")
                try await LetterDue.refresh("id IN (\(binds: chunkIDs))", on: tx)
                progress(Double(ids.count) / Double(valid.count))
            }
        }
    }
}
