import Fluent
import SQLKit
import Vapor

/// Import of historical petitions from CSV: every row is checked and reported; nothing is written when a
/// row is invalid, unless only the valid rows are asked for. The same code serves the page and `hdnd import`.
public enum PetitionImport {
    public static let header = ["Ngày tiếp nhận", "Nội dung", "Lĩnh vực", "Số cử tri", "Nguồn"]

    public static var template: String {
        CSVExport.line(header) + CSVExport.line(["05/06/2019", "Đề nghị nạo vét cống thoát nước ngõ 12", "Giao thông", "3", "Tiếp xúc cử tri"])
    }

    public struct RowResult: Sendable {
        public let line: Int
        public let errors: [String]
        let value: (received: String, content: String, field: String?, voters: Int, source: PetitionSource)?
    }

    public static func check(_ text: String) -> [RowResult] {
        let rows = CSVParser.parse(text)
        guard let first = rows.first else { return [RowResult(line: 1, errors: ["Tệp trống."], value: nil)] }
        let startsWithHeader = fold(first.first ?? "").hasPrefix("ngay")
        return rows.enumerated().dropFirst(startsWithHeader ? 1 : 0).map { index, cells in
            let line = index + 1
            var errors: [String] = []
            let cell = { (i: Int) in i < cells.count ? cells[i].trimmingCharacters(in: .whitespacesAndNewlines) : "" }
            let received = Day(input: cell(0))
            if received == nil { errors.append("Ngày tiếp nhận “\(cell(0))” không đúng dạng ngày (ví dụ 05/06/2019).") }
            let content = cell(1)
            if content.isEmpty { errors.append("Nội dung không được để trống.") } else if content.count > 5000 { errors.append("Nội dung dài quá 5000 ký tự.") }
            var field: String? = nil
            if !cell(2).isEmpty {
                field = PetitionFields.all.first { fold($0.1) == fold(cell(2)) || $0.0 == cell(2) }?.0
                if field == nil { errors.append("Lĩnh vực “\(cell(2))” không có trong danh mục.") }
            }
            let voters = cell(3).isEmpty ? 1 : Int(cell(3)) ?? -1
            if !(1...100_000).contains(voters) { errors.append("Số cử tri “\(cell(3))” phải là số nguyên dương.") }
            var source = PetitionSource.voterMeeting
            if !cell(4).isEmpty {
                if let s = PetitionSource.allCases.first(where: { fold($0.label) == fold(cell(4)) || $0.rawValue == cell(4) }) { source = s }
                else { errors.append("Nguồn “\(cell(4))” không hợp lệ.") }
            }
            return RowResult(line: line, errors: errors,
                             value: errors.isEmpty ? (received!.description, content, field, voters, source) : nil)
        }
    }

    /// Writes the valid rows in one transaction, with their timeline, search entries and one audit entry.
    public static func write(_ rows: [RowResult], council: Council, actor: Actor?, db: any Database) async throws -> Int {
        let valid = rows.compactMap(\.value)
        guard !valid.isEmpty else { return 0 }
        let place = try await Places.authorizeInternal(.create, council: council, actor: actor, on: db)
        let marker = "nhập tệp \(UUID().uuidString.prefix(8))"
        try await db.transaction { tx in
            struct R: Decodable { let id: Int }
            var ids: [Int] = []
            for chunk in stride(from: 0, to: valid.count, by: 400).map({ Array(valid[$0..<min($0 + 400, valid.count)]) }) {
                var q = tx.sql.insert(into: VoterPetition.schema).columns("council_id", "unit_id", "source", "content", "field", "voter_count",
                                                                         "status", "received_on", "folded", "version", "created_at")
                for v in chunk {
                    q = q.values(SQLBind(council.id!), SQLBind(council.unitID), SQLBind(v.source.rawValue), SQLBind(v.content), SQLBind(v.field),
                                 SQLBind(v.voters), SQLBind((v.field == nil ? PetitionStatus.received : .classified).rawValue), SQLBind(v.received),
                                 SQLBind(fold(v.content)), SQLBind(1), SQLBind(Date()))
                }
                ids += try await q.returning("id").all(decoding: R.self).map(\.id)
            }
            for chunk in stride(from: 0, to: ids.count, by: 400).map({ Array(ids[$0..<min($0 + 400, ids.count)]) }) {
                try await tx.sql.raw("""
                    INSERT INTO petition_events (petition_id, at, user_id, actor_name, action, to_status, note) \
                    SELECT id, \(bind: Date()), \(bind: actor?.userID), \(bind: actor?.fullName ?? "Hệ thống"), 'import', status, \(bind: "Tiếp nhận qua \(marker)") \
                    FROM voter_petitions WHERE id IN (\(binds: chunk))
                    """).run()
                try await SearchIndex.putAll(on: tx, kind: .voterPetition, table: VoterPetition.schema, unitPath: "\(bind: place.unitPath)",
                                             where: "x.id IN (\(binds: chunk))")
            }
            try await Audit.record(on: tx, actor: actor, action: .create, recordType: RecordKind.council.rawValue, recordID: council.id!,
                                   unitID: council.unitID, summary: "Nhập \(valid.count) kiến nghị cử tri từ tệp (\(marker))", before: [:],
                                   after: ["voterPetitions": String(valid.count)])
        }
        return valid.count
    }
}
