import Fluent
import SQLKit
import Vapor

/// Import of historical petitions from .xlsx or CSV (see `RecordImport`): the page and `hdnd import petitions`.
public enum PetitionImport: RecordImport {
    public struct Value: Sendable { let received: String, content: String, folded: String, field: String?, voters: Int, source: PetitionSource }

    public static let noun = "kiến nghị cử tri"
    public static let tables = [VoterPetition.schema, SearchEntry.schema]
    public static let columns = [TableColumn("Ngày tiếp nhận", width: 14), TableColumn("Nội dung", width: 60), TableColumn("Lĩnh vực", width: 20),
                                 TableColumn("Số cử tri", width: 10), TableColumn("Nguồn", width: 18)]
    public static let example: [TableCell] = [.day("2019-06-05"), .text("Đề nghị nạo vét cống thoát nước ngõ 12"), .text("Giao thông"),
                                              .number(3), .text("Tiếp xúc cử tri")]

    /// The lists a row's field and source are read from, built once for a whole file.
    static let fields = PetitionFields.all.map { ($0.0, code: $0.0, label: $0.1) }
    static let sources = PetitionSource.allCases.map { ($0, code: $0.rawValue, label: $0.label) }

    public static func value(_ cell: (Int) -> String, errors: inout [String]) -> Value? {
        let received = ImportCell.day(cell(0), "Ngày tiếp nhận", &errors)
        let content = ImportCell.text(cell(1), "Nội dung", &errors)
        let field = ImportCell.choice(cell(2), "Lĩnh vực", fields, &errors)
        let voters = ImportCell.count(cell(3), "Số cử tri", &errors)
        let source = ImportCell.choice(cell(4), "Nguồn", sources, &errors)
        guard let received else { return nil }
        return Value(received: received, content: content, folded: fold(content), field: field, voters: voters, source: source ?? .voterMeeting)
    }

    /// Writes the valid rows in one transaction, with their clusters, timeline, search entries and one audit entry.
    public static func write(_ values: [Value], council: Council, actor: Actor?, db: any Database,
                             progress: @escaping @Sendable (Double) -> Void) async throws -> Int {
        // Written in the order of the day received, the file's order within a day: a council's list (newest first by id)
        // then shows them as the days went, and every index that starts with the day takes a day's petitions as one run
        // instead of one page anywhere in it for each row (100.000 rows of a year in the file's order: 2,5 → 1,9 s).
        let valid = values.indices.sorted { (values[$0].received, $0) < (values[$1].received, $1) }.map { values[$0] }
        let written = try await writeBatch(valid.count, council: council, actor: actor, db: db) { tx, place, marker in
            // The new petitions are those above the largest id now (see `BulkLoad`): their timeline and search entries are
            // written for that range in one statement each.
            let before = try await BulkLoad.largestID(of: VoterPetition.schema, on: tx)
            let councilID = try council.requireID(), now = Date()
            // The same problem raised elsewhere in the province: each petition is written with its cluster, which the
            // load's end counts in the clusters' counters at once (`BulkLoad`), instead of being gathered after.
            var indexes: [Int: PetitionClusters.Index] = [:]
            let province = PetitionClusters.province(ofPath: place.unitPath) ?? 0
            let clusters = try await PetitionClusters.clusters(of: valid.map { ($0.folded, province) }, indexes: &indexes, on: tx)
            for start in stride(from: 0, to: valid.count, by: 10_000) {
                let end = min(start + 10_000, valid.count)
                let rows: [[(any Encodable & Sendable)?]] = (start..<end).map { i in
                    let v = valid[i]
                    return [councilID, council.unitID, v.source.rawValue, v.content, v.field, v.voters,
                            (v.field == nil ? PetitionStatus.received : .classified).rawValue, v.received, v.folded, clusters[i], 1, now]
                }
                try await BulkLoad.insert(into: VoterPetition.schema, columns: ["council_id", "unit_id", "source", "content", "field", "voter_count",
                                                                             "status", "received_on", "folded", "cluster_id", "version", "created_at"],
                                          rows: rows, on: tx)
                progress(Double(end) / Double(valid.count) * 0.8)
            }
            try await tx.sql.raw("""
                INSERT INTO petition_events (petition_id, at, user_id, actor_name, action, to_status, note) \
                SELECT id, \(bind: now), \(bind: actor?.userID), \(bind: actor?.fullName ?? "Hệ thống"), 'import', status, \(bind: "Tiếp nhận qua \(marker)") \
                FROM voter_petitions WHERE id > \(bind: before)
                """).run()
            try await SearchIndex.putAll(on: tx, kind: .voterPetition, table: VoterPetition.schema, unitPath: "\(bind: place.unitPath)",
                                         where: "x.id > \(bind: before)")
        }
        return written
    }
}
