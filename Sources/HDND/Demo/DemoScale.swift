import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// `hdnd demo --scale N`: a realistic large data set for one province per unit of N — Hà Nội's 126 communes
/// each with a council, and over ten years 1,000,000 voter petitions, 300,000 letters and 200,000 reception
/// visits (times N). Written in bulk through SQLKit; reports the rows per second it reaches.
public enum DemoScale {
    public struct Result: Sendable { public let rows: Int; public let seconds: Double }

    static let fields = PetitionFields.all.map(\.0)
    static let statuses: [PetitionStatus] = [.received, .classified, .forwarded, .forwarded, .answered, .answered, .resolved, .resolved, .resolved, .inProgress]
    static let phrases = ["nạo vét cống thoát nước", "sửa chữa mặt đường", "lắp đèn chiếu sáng", "thu gom rác thải", "cấp giấy chứng nhận quyền sử dụng đất",
                          "xử lý lấn chiếm vỉa hè", "cải tạo nhà văn hóa", "bổ sung trường mầm non", "chế độ người có công", "trạm y tế phường",
                          "tiếng ồn quán karaoke", "ô nhiễm nước thải", "giải phóng mặt bằng", "trật tự xây dựng", "an ninh khu dân cư"]
    static let places = ["ngõ", "phố", "tổ dân phố", "khu tập thể", "thôn", "cụm dân cư"]
    /// Generated letters are numbered from here in their council's register, above any number a clerk gives.
    static let firstLetterNumber = 1_000_000

    /// `progress` hears what is done at each step; `share` how much of the rows are written (0…1), for a progress bar.
    public static func generate(scale: Double, on db: any Database, progress: @escaping @Sendable (String) -> Void,
                                share: @escaping @Sendable (Double) -> Void = { _ in }) async throws -> Result {
        let start = Date()
        let sql = db.sql
        // Councils for every commune of today's Hà Nội.
        guard let hanoi = try await UnitQueries.find(code: "01", on: UnitsImporter.firstDayOf2025, db: db) else {
            throw Abort(.badRequest, reason: "Chưa có danh mục đơn vị hành chính: chạy `hdnd units import` trước.")
        }
        // Once per database: a second run would number its letters as the first did, and stop halfway on the register.
        struct N: Decodable { let n: Int }
        let generated = try await sql.raw("SELECT COUNT(*) AS n FROM letters WHERE number > \(bind: firstLetterNumber)").firstRow(N.self)?.n ?? 0
        guard generated == 0 else {
            throw Abort(.conflict, reason: "Cơ sở dữ liệu này đã có dữ liệu lớn sinh từ trước (\(VietnameseFormat.number(generated)) đơn thư): "
                        + "không sinh thêm. Dùng một cơ sở dữ liệu mới để sinh lại.")
        }
        // Only into a database made for the demo: every account one of the demo's, its password unchanged. The command
        // writes without waiting for the disk (`DemoCommand`), and a million generated records mixed into a council's own
        // could not be told apart from them afterwards.
        let own = try await User.query(on: db).withDeleted().filter(\.$demoPassword == false).count()
        guard own == 0 else {
            throw Abort(.conflict, reason: "Cơ sở dữ liệu này có \(VietnameseFormat.count(own)) tài khoản không phải tài khoản mẫu: "
                        + "không sinh dữ liệu lớn vào đây. Dùng một cơ sở dữ liệu mới để sinh.")
        }
        let communes = try await UnitQueries.children(of: hanoi.id, on: UnitsImporter.firstDayOf2025, db: db)
        for c in communes where c.council_id == nil {
            try await sql.insert(into: Council.schema).columns("unit_id", "name", "folded", "version", "created_at")
                .values(SQLBind(c.id), SQLBind("HĐND \(c.kind.label.lowercased()) \(c.name)"), SQLBind(fold("HĐND \(c.fullName)")), SQLBind(1), SQLBind(Date()))
                .run()
        }
        // The new councils' counts add up into their district and city from the first row.
        try await SummaryCounters.refreshUnits(on: db)
        struct C: Decodable { let id: Int; let unit_id: Int }
        let councils = try await sql.raw("""
            SELECT c.id, c.unit_id FROM councils c JOIN units u ON u.id = c.unit_id WHERE u.parent_id = \(bind: hanoi.id) AND u.valid_from IS NOT NULL
            """).rows(C.self)
        let agencies = try await Organization.query(on: db).filter(\.$kind == .peoplesCommittee).all().compactMap(\.id)
        progress("Hội đồng cấp xã: \(councils.count)")

        var total = 0
        // The rows are drawn inside the bulk loads' transactions (other threads): one generator, drawn under a lock.
        let rng = NIOLockedValueBox(SplitMix(seed: 2026))
        @Sendable func draw() -> UInt64 { rng.withLockedValue { $0.next() } }
        let firstDay = Day(stored: "2016-01-01")
        // The `i`th of `count` rows falls on its share of the ten years: records arrive day by day, so a table's ids follow
        // its days, as in a council's own data. The indexes that begin with a day are then built from rows nearly in
        // their order (the petitions' 17 indexes 10,3–10,9 → 9,3–9,5 s, sqlite3 shell).
        @Sendable func day(_ i: Int, of count: Int) -> Day { firstDay.adding(days: i * 3650 / max(count, 1)) }

        let petitions = Int(1_000_000 * scale), letters = Int(300_000 * scale), visits = Int(200_000 * scale)
        // The generated rows are those above the largest ids of now: they are indexed for search by that range.
        struct Largest: Decodable { let petition: Int?; let letter: Int? }
        let largest = try await sql.raw("SELECT (SELECT MAX(id) FROM voter_petitions) AS petition, (SELECT MAX(id) FROM letters) AS letter")
            .firstRow(Largest.self)
        let planned = Double(petitions + letters + visits)
        let written: @Sendable (Int) -> Void = { share(Double($0) / planned) }
        @Sendable func pick<T>(_ list: [T]) -> T { list[Int(draw() % UInt64(list.count))] }

        // Each step says how long it took, so that a slow one shows.
        var lapStart = Date()
        func lap(_ what: String) {
            progress("\(what): \(VietnameseFormat.number(Int(Date().timeIntervalSince(lapStart).rounded()))) giây")
            lapStart = Date()
        }

        let petitionColumns = ["council_id", "unit_id", "source", "content", "field", "voter_count", "status", "agency_id", "due_date",
                               "forwarded_on", "answered_on", "received_on", "folded", "version", "created_at", "cluster_id"]
        // Each petition written with its cluster (the same problem raised in other wards), as an import writes them: the
        // load's end counts the clusters at once (`BulkLoad`). Gathered after the load, a million rows were each written twice.
        let clusterIndexes = NIOLockedValueBox<[Int: PetitionClusters.Index]>([:])
        guard let foldedColumn = petitionColumns.firstIndex(of: "folded") else {
            throw Abort(.internalServerError, reason: "DemoScale: no folded column among the petitions' columns")
        }
        let province = hanoi.id
        @Sendable func folded(_ row: [(any Encodable & Sendable)?]) -> String { row[foldedColumn] as? String ?? "" }
        total += try await fill(VoterPetition.schema, petitionColumns, count: petitions, db: db, written: { written($0) },
                                prepare: { rows in rows.map { PetitionClusters.words(folded($0)) } }, finish: { rows, words, tx in
            var indexes = clusterIndexes.withLockedValue { $0 }
            let clusters = try await PetitionClusters.clusters(of: rows.map { (folded($0), province) }, words: words, indexes: &indexes, on: tx)
            clusterIndexes.withLockedValue { $0 = indexes }
            return zip(rows, clusters).map { $0 + [$1] }
        }) { i in
            let c = pick(councils), received = day(i, of: petitions), status = pick(statuses)
            let forwarded = [.forwarded, .answered, .resolved, .inProgress].contains(status) ? received.adding(days: 10) : nil
            let content = "Cử tri đề nghị \(pick(phrases)) tại \(pick(places)) số \(draw() % 200 + 1)"
            return [c.id, c.unit_id, PetitionSource.voterMeeting.rawValue, content, pick(fields), Int(draw() % 5) + 1, status.rawValue,
                    forwarded == nil || agencies.isEmpty ? nil : pick(agencies), forwarded?.adding(days: 30).description, forwarded?.description,
                    status == .forwarded || forwarded == nil ? nil : forwarded!.adding(days: 20).description, received.description,
                    fold(content), 1, Date()]
        }
        lap("Kiến nghị cử tri: \(VietnameseFormat.number(petitions)) dòng, gom nhóm những kiến nghị nhiều nơi cùng nêu")
        let letterIndex = NIOLockedValueBox(0)
        let letterColumns = ["council_id", "unit_id", "year", "number", "received_on", "channel", "kind", "content", "anonymous", "round",
                             "complex", "remote_area", "several_places", "extensions", "outcome", "confidential"] + LetterDue.columns + ["folded", "version", "created_at"]
        let calendar = try await HolidayDecisions.calendar(on: db)
        total += try await fill(Letter.schema, letterColumns, count: letters, db: db, written: { written(petitions + $0) }) { i in
            let c = pick(councils), received = day(i, of: letters), kind = pick(LetterKind.allCases)
            let content = "\(kind.label) về \(pick(phrases))"
            let number = letterIndex.withLockedValue { $0 += 1; return $0 }
            let anonymous = draw() % 10 == 0
            let outcome: LetterOutcome = draw() % 10 < 8 ? .resolved : .pending
            let next = LetterDue.next(LetterFacts(kind: kind, channel: .post, receivedOn: received, outcome: outcome), outcome: outcome,
                                      calendar: calendar)
            // A running index keeps numbers unique per council and year.
            return [c.id, c.unit_id, received.year, firstLetterNumber + number, received.description, LetterChannel.post.rawValue, kind.rawValue,
                    content, anonymous, 1, false, false, false, 0, outcome.rawValue, kind == .denunciation]
                + LetterDue.values(next) + [fold(content), 1, Date()]
        }
        lap("Đơn thư: \(VietnameseFormat.number(letters)) dòng")
        let visitColumns = ["council_id", "unit_id", "date", "consent", "confidential", "visitors", "kind", "topic", "handling", "folded", "version", "created_at"]
        total += try await fill(ReceptionVisit.schema, visitColumns, count: visits, db: db, written: { written(petitions + letters + $0) }) { i in
            let c = pick(councils), topic = "Công dân hỏi về \(pick(phrases))"
            return [c.id, c.unit_id, day(i, of: visits).description, false, false, Int(draw() % 3) + 1, LetterKind.petition.rawValue, topic,
                    VisitHandling.guided.rawValue, fold(topic), 1, Date()]
        }
        lap("Lượt tiếp công dân: \(VietnameseFormat.number(visits)) dòng")
        // The search index of the generated petitions and letters, a month after another as a council's entries arrive:
        // row `i` of each table is on `day(i, of:)`, so the same share of each table covers the same month. Indexed a
        // table after the other, the newest 200.000 entries were all letters, and PostgreSQL searched 6 bands of 65.536
        // entries (`SearchIndex.band`) to find the newest 51 petitions of a phrase: 5,8 ms, against 0,8 ms now when the
        // newest band is full (two bands, 7,2 ms, when it has just begun).
        let shares = 120
        let unitPath: SQLQueryString = "(SELECT u.path FROM units u WHERE u.id = x.unit_id)"
        try await BulkLoad.run(into: [SearchEntry.schema], rebuildingIndexes: true, on: db) { tx in
            for share in 0..<shares {
                for (kind, table, above, count) in [(RecordKind.voterPetition, VoterPetition.schema, largest?.petition, petitions),
                                                    (.letter, Letter.schema, largest?.letter, letters)] {
                    let first = (above ?? 0) + count * share / shares, last = (above ?? 0) + count * (share + 1) / shares
                    let upTo: SQLQueryString = share == shares - 1 ? "" : " AND x.id <= \(bind: last)"
                    try await SearchIndex.putAll(on: tx, kind: kind, table: table, unitPath: unitPath, where: "x.id > \(bind: first)\(upTo)")
                }
            }
        }
        // Fresh statistics, so the planner picks the right index for each report on a table this size.
        lap("Chỉ mục tìm kiếm")
        // PostgreSQL also marks the freshly written pages all-visible (VACUUM), or no read could stay in an index.
        try await sql.raw(db.isSQLite ? "ANALYZE" : "VACUUM ANALYZE").run()
        lap("Thống kê cho bộ lập kế hoạch truy vấn (ANALYZE)")
        let seconds = Date().timeIntervalSince(start)
        progress("Xong: \(VietnameseFormat.number(total)) dòng trong \(Int(seconds)) giây — \(VietnameseFormat.number(Int(Double(total) / seconds))) dòng/giây")
        return Result(rows: total, seconds: seconds)
    }
}

/// Inserts `count` generated rows in one bulk load (`BulkLoad`, the table's indexes built after it), 10.000 rows
/// generated at a time (`row` draws the row of an index, 0..<count); `written` hears how many are in. `prepare` works out
/// what a batch needs beside its rows, on the thread that drew them; `finish` completes the batch with it in the load
/// (the petitions' words, then their clusters).
private func fill<Prepared: Sendable>(
    _ table: String, _ columns: [String], count: Int, db: any Database, written: @escaping @Sendable (Int) -> Void,
    prepare: @escaping @Sendable (_ rows: [[(any Encodable & Sendable)?]]) -> Prepared,
    finish: @escaping @Sendable (_ rows: [[(any Encodable & Sendable)?]], Prepared, any Database) async throws
        -> [[(any Encodable & Sendable)?]],
    row: @escaping @Sendable (_ index: Int) -> [(any Encodable & Sendable)?]
) async throws -> Int {
    typealias Batch = (rows: [[(any Encodable & Sendable)?]], prepared: Prepared)
    return try await BulkLoad.run(into: [table], rebuildingIndexes: true, on: db) { tx in
        // Each batch is drawn and prepared on the thread pool while the one before is completed and written, in the
        // order drawn (so the data set stays the same): a task started here would run on this event loop, after the
        // writing's own work (`Cores`). Prepared there, the petitions' words no longer waited in the pool's queue behind
        // the next batch: completing a batch took 9,9 of the petitions' 14,4 s.
        func draw(_ rows: Range<Int>) -> Task<Batch, any Error> {
            Task {
                try await Cores.pool.runIfActive {
                    let drawn = rows.map(row)
                    return (drawn, prepare(drawn))
                }
            }
        }
        // Each batch is written while the next one is completed: the statements run on SQLite's thread meanwhile. A
        // failure waits for the write in flight before the load's transaction is taken back.
        var done = 0
        func batchRange(from start: Int) -> Range<Int> { start..<min(start + 10_000, count) }
        var next = count > 0 ? draw(batchRange(from: 0)) : nil
        var writing: Task<Void, any Error>?
        do {
            while let drawn = next {
                let batch = try await drawn.value
                let after = done + batch.rows.count
                next = after < count ? draw(batchRange(from: after)) : nil
                let rows = try await finish(batch.rows, batch.prepared, tx)
                try await writing?.value
                writing = Task { try await BulkLoad.insert(into: table, columns: columns, rows: rows, on: tx) }
                if done > 0 { written(done) }
                done = after
            }
            try await writing?.value
            written(done)
        } catch {
            _ = try? await writing?.value
            throw error
        }
        return count
    }
}

/// Rows written as drawn.
private func fill(_ table: String, _ columns: [String], count: Int, db: any Database, written: @escaping @Sendable (Int) -> Void,
                  row: @escaping @Sendable (_ index: Int) -> [(any Encodable & Sendable)?]) async throws -> Int {
    try await fill(table, columns, count: count, db: db, written: written, prepare: { _ in () }, finish: { rows, _, _ in rows }, row: row)
}

/// A small deterministic generator, so every run builds the same data set.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
