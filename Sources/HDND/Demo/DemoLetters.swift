import Fluent
import SQLKit
import Vapor

/// Quận Hoàn Kiếm, 2019: "tiếp nhận 1.627 lượt đơn thư … đã giải quyết 14/16 vụ (01 vụ tố cáo công dân rút đơn,
/// đang giải quyết trong thời hạn 01 vụ)". Written in bulk, with one audit entry for the load.
extension DemoBuilder {
    func lettersOfHoanKiem2019() async throws {
        guard let council = councils["HK"], let c = try await Council.find(council, on: db),
              let unit = try await AdministrativeUnit.find(c.unitID, on: db) else { return }
        let sql = db.sql
        let now = Date()
        let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
        let given = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Minh Đức", "Thu Hà", "Quang Huy", "Thị Lan", "Văn Long", "Thị Mai"]
        let matters = ["Khiếu nại quyết định bồi thường, hỗ trợ khi thu hồi đất", "Phản ánh việc xây dựng sai phép",
                       "Kiến nghị cấp giấy chứng nhận quyền sử dụng đất", "Phản ánh tiếng ồn kéo dài ban đêm",
                       "Tố cáo hành vi nhận tiền của cán bộ", "Kiến nghị giải quyết chế độ chính sách"]
        struct L { let number: Int; let received: String; let kind: LetterKind; let content: String; let anonymous: Bool
                   let accepted: String?; let outcome: LetterOutcome; let closed: String? }
        var letters: [L] = []
        // The 16 cases accepted in 2019: 14 resolved, 01 denunciation withdrawn, 01 still within its deadline at the year's end.
        for i in 0..<16 {
            let kind: LetterKind = i == 14 || i % 5 == 4 ? .denunciation : .complaint
            let received = String(format: "2019-%02d-%02d", 1 + i % 11, 3 + i)
            let accepted = i == 15 ? "2019-12-20" : Day(received)!.adding(days: 7).description
            let outcome: LetterOutcome = i == 14 ? .withdrawn : i == 15 ? .pending : .resolved
            letters.append(L(number: 0, received: i == 15 ? "2019-12-12" : received, kind: i == 15 ? .complaint : kind,
                             content: "\(matters[kind == .denunciation ? 4 : 0]) (vụ việc số \(i + 1)/2019)", anonymous: false,
                             accepted: accepted, outcome: outcome,
                             closed: outcome == .pending ? nil : Day(accepted)!.adding(days: 25).description))
        }
        for i in 16..<1627 {
            let kind: LetterKind = [.petition, .feedback, .petition, .complaint, .feedback][i % 5]
            letters.append(L(number: 0, received: String(format: "2019-%02d-%02d", 1 + i % 12, 1 + i % 28), kind: kind,
                             content: "\(matters[[2, 1, 5, 0, 3][i % 5]]) (đơn số \(i + 1))", anonymous: i % 10 == 0,
                             accepted: nil, outcome: .resolved, closed: String(format: "2019-%02d-28", 1 + i % 12)))
        }
        letters.sort { $0.received < $1.received }
        for chunk in stride(from: 0, to: letters.count, by: 200).map({ ($0, Array(letters[$0..<min($0 + 200, letters.count)])) }) {
            var q = sql.insert(into: Letter.schema).columns(
                "council_id", "unit_id", "year", "number", "received_on", "channel", "kind", "content", "anonymous", "eligible", "decision",
                "accepted_on", "round", "complex", "remote_area", "several_places", "extensions", "outcome", "closed_on", "confidential", "folded",
                "version", "created_at")
            for (offset, l) in chunk.1.enumerated() {
                q = q.values(SQLBind(council), SQLBind(c.unitID), SQLBind(2019), SQLBind(chunk.0 + offset + 1), SQLBind(l.received),
                             SQLBind(l.kind == .denunciation ? LetterChannel.inPerson.rawValue : LetterChannel.post.rawValue), SQLBind(l.kind.rawValue),
                             SQLBind(l.content), SQLBind(l.anonymous), SQLBind(l.accepted != nil ? true : nil),
                             SQLBind(l.accepted != nil ? LetterDecision.handle.rawValue : LetterDecision.guide.rawValue), SQLBind(l.accepted),
                             SQLBind(1), SQLBind(false), SQLBind(false), SQLBind(false), SQLBind(0), SQLBind(l.outcome.rawValue), SQLBind(l.closed),
                             SQLBind(l.kind == .denunciation), SQLBind(fold(l.content)), SQLBind(1), SQLBind(now))
            }
            try await q.run()
        }
        // One sender per signed letter.
        struct R: Decodable { let id: Int; let anonymous: Bool }
        let rows = try await sql.raw("SELECT id, anonymous FROM letters WHERE council_id = \(bind: council) ORDER BY id").rows(R.self)
        let signed = rows.filter { !$0.anonymous }
        for chunk in stride(from: 0, to: signed.count, by: 300).map({ Array(signed[$0..<min($0 + 300, signed.count)]) }) {
            var q = sql.insert(into: LetterSender.schema).columns("letter_id", "full_name", "address")
            for r in chunk {
                q = q.values(SQLBind(r.id), SQLBind("\(families[r.id % 10]) \(given[(r.id / 10) % 10])"), SQLBind("Phường \(["Hàng Bạc", "Hàng Bồ", "Lý Thái Tổ", "Tràng Tiền"][r.id % 4])"))
            }
            try await q.run()
        }
        try await SearchIndex.putAll(on: db, kind: .letter, table: Letter.schema, unitPath: "\(bind: unit.path)",
                                     where: "x.council_id = \(bind: council)")
        try await LetterDue.refresh("council_id = \(bind: council)", on: db)
        try await Audit.record(on: db, actor: writer.actor, action: .create, recordType: RecordKind.council.rawValue, recordID: council,
                               unitID: c.unitID, summary: "Nạp dữ liệu mẫu: \(letters.count) đơn thư năm 2019", before: [:],
                               after: ["letters": String(letters.count)])
    }
}
