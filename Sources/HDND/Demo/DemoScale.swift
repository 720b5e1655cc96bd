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
        @Sendable func day() -> Day { firstDay.adding(days: Int(draw() % 3650)) }

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
        total += try await fill(VoterPetition.schema, petitionColumns, count: petitions, db: db, written: { written($0) },
                                finish: { rows, tx in
            var indexes = clusterIndexes.withLockedValue { $0 }
            let clusters = try await PetitionClusters.clusters(of: rows.map { ($0[foldedColumn] as? String ?? "", province) }, indexes: &indexes, on: tx)
            clusterIndexes.withLockedValue { $0 = indexes }
            return zip(rows, clusters).map { $0 + [$1] }
        }) {
            let c = pick(councils), received = day(), status = pick(statuses)
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
        total += try await fill(Letter.schema, letterColumns, count: letters, db: db, written: { written(petitions + $0) }) {
            let c = pick(councils), received = day(), kind = pick(LetterKind.allCases)
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
        total += try await fill(ReceptionVisit.schema, visitColumns, count: visits, db: db, written: { written(petitions + letters + $0) }) {
            let c = pick(councils), topic = "Công dân hỏi về \(pick(phrases))"
            return [c.id, c.unit_id, day().description, false, false, Int(draw() % 3) + 1, LetterKind.petition.rawValue, topic,
                    VisitHandling.guided.rawValue, fold(topic), 1, Date()]
        }
        lap("Lượt tiếp công dân: \(VietnameseFormat.number(visits)) dòng")
        // The search index of the generated petitions and letters, in one statement each.
        try await BulkLoad.run(into: [SearchEntry.schema], rebuildingIndexes: true, on: db) { tx in
            for (kind, table, above) in [(RecordKind.voterPetition, VoterPetition.schema, largest?.petition), (.letter, Letter.schema, largest?.letter)] {
                try await SearchIndex.putAll(on: tx, kind: kind, table: table, unitPath: "(SELECT u.path FROM units u WHERE u.id = x.unit_id)",
                                             where: "x.id > \(bind: above ?? 0)")
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
/// generated at a time; `written` hears how many are in; `finish` completes each batch of
/// rows in the load (the petitions' clusters).
private func fill(_ table: String, _ columns: [String], count: Int, db: any Database, written: @escaping @Sendable (Int) -> Void,
                  finish: @escaping @Sendable (_ rows: [[(any Encodable & Sendable)?]], any Database) async throws
                      -> [[(any Encodable & Sendable)?]] = { rows, _ in rows },
                  row: @escaping @Sendable () -> [(any Encodable & Sendable)?]) async throws -> Int {
    try await BulkLoad.run(into: [table], rebuildingIndexes: true, on: db) { tx in
        // Each batch is drawn on the thread pool while the one before is written, in the order drawn (so the data set
        // stays the same): a task started here would run on this event loop, after the writing's own work (`Cores`).
        func draw(_ n: Int) -> Task<[[(any Encodable & Sendable)?]], any Error> {
            Task { try await Cores.pool.runIfActive { (0..<n).map { _ in row() } } }
        }
        // Each batch is written while the next one is completed (its clusters): the statements run on SQLite's thread
        // meanwhile. A failure waits for the write in flight before the load's transaction is taken back.
        var done = 0
        var next = count > 0 ? draw(min(10_000, count)) : nil
        var writing: Task<Void, any Error>?
        do {
            while let drawn = next {
                let batch = try await drawn.value
                let after = done + batch.count
                next = after < count ? draw(min(10_000, count - after)) : nil
                let rows = try await finish(batch, tx)
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
