import Fluent
import SQLKit
@testable import HDND
import Testing

/// Lists over the councils of a unit and every unit below it (`CouncilsUnder`): read in the list's order, page after
/// page and back, they hold every row of the scope exactly once, in that order, however their councils are read.
@Suite struct CouncilsUnderTests {
    struct Key: Decodable, Equatable { let id: Int; let day: String }

    /// The petitions of the councils under `unitPath` that `period` of `day` selects, in the order a list shows them:
    /// by the day, then id, when the list is read by its day; by id otherwise.
    static func expected(_ unitPath: String, day: String, byDay: Bool, _ db: any Database) async throws -> [Int] {
        let order: SQLQueryString = byDay ? "p.\(unsafeRaw: day) DESC, p.id DESC" : "p.id DESC"
        return try await db.sql.raw("""
            SELECT p.id, p.\(unsafeRaw: day) AS day FROM voter_petitions p WHERE p.deleted_at IS NULL \
            AND p.council_id IN (\(SummaryQueries.councilsUnder(unitPath))) \
            AND p.\(unsafeRaw: day) >= '2000-01-01' AND p.\(unsafeRaw: day) <= '2099-12-31' ORDER BY \(order)
            """).rows(Key.self).map(\.id)
    }

    /// Every page of the list `f` of `size` rows, following each page's last row; then back from the second page.
    static func pages(_ f: PetitionQueries.Filters, size: Int, _ db: any Database) async throws -> [[Int]] {
        var pages: [[Int]] = [], page = f
        while true {
            let rows = try await PetitionQueries.list(page, limit: size, kept: .none, db: db).map(\.id)
            if rows.isEmpty { break }
            pages.append(rows)
            if rows.count < size { break }
            page.before = rows.last
        }
        if pages.count > 1 {
            var back = f
            back.after = pages[1].first
            #expect(try await PetitionQueries.list(back, limit: size, kept: .none, db: db).map(\.id) == pages[0].reversed(), "back a page")
        }
        return pages
    }

    @Test(arguments: TestDB.all) func pagesHoldEveryRowOnceInOrder(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hanoi = try #require(try await AdministrativeUnit.query(on: app.db).filter(\.$code == "01").filter(\.$level == .province).first())
            let hkCouncil = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            let hk = try #require(try await AdministrativeUnit.find(hkCouncil.unitID, on: app.db))
            var walked: Set<Bool> = []
            var office = try await Visitor.signedIn(app, "vanphong.hanoi")
            for unit in [hanoi, hk] {
                for (day, _) in PetitionQueries.Filters.days {
                    var f = PetitionQueries.Filters()
                    try await f.within(unit.path, kept: .none, db: app.db)
                    f.dateColumn = day; f.from = "2000-01-01"; f.to = "2099-12-31"
                    walked.insert(f.walks)
                    let expected = try await Self.expected(unit.path, day: day, byDay: f.walkedDay != nil, app.db)
                    #expect(expected.count > 7, "\(unit.name), \(day): enough rows for several pages")
                    let pages = try await Self.pages(f, size: 7, app.db)
                    #expect(pages.flatMap { $0 } == expected, "\(unit.name), \(day)")
                    #expect(try await PetitionQueries.count(f, kept: .none, db: app.db) == expected.count, "counted alike")
                    #expect((f.walkedDay == day) == f.walks)
                    // The summary's list says when it goes by the period's day rather than newest entered first.
                    let page = try await office.get("/bao-cao/kien-nghi?don-vi=\(unit.id!)&tu=2000-01-01&den=2099-12-31&ngay=\(day)")
                    let note = try #require(["received_on": "Xếp theo ngày tiếp nhận", "forwarded_on": "Xếp theo ngày chuyển đến cơ quan",
                                             "answered_on": "Xếp theo ngày cơ quan trả lời"][day])
                    #expect(page.status == .ok && page.body.string.contains(note) == f.walks, "\(unit.name), \(day)")
                }
            }
            // The city holds every petition (walked, by its day); whether the district's are walked depends on its share.
            #expect(walked.contains(true))
        }
    }

    /// Councils that hold few of the records are read through the index of councils; many, walked in order: the rule
    /// R² > 51 × N on hand-made counters. Read by council, the list's pages hold the same rows, newest first by id.
    @Test(arguments: TestDB.all) func fewRecordsAreReadByCouncil(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hanoi = try #require(try await AdministrativeUnit.query(on: app.db).filter(\.$code == "01").filter(\.$level == .province).first())
            let city = try await CouncilsUnder.of(hanoi.path, kept: .none, db: app.db)
            #expect(city.ids.count > 1)
            // A metric no record is counted by yet: 1.000 records of one of the city's councils against 1.000.000 of a
            // council outside it (counters name councils by id alone): too few, 10⁶ < 51 × 1.001.000; then 10.000 of the
            // city's, 10⁸ > 51 × 1.010.000.
            let elsewhere = (city.ids.max() ?? 0) + 1_000
            for (council, n) in [(elsewhere, 1_000_000), (city.ids[0], 1_000)] {
                try await app.db.sql.raw("""
                    INSERT INTO summary_counts (council_id, month, metric, n) VALUES (\(bind: council), '2019-01', 'test_records', \(bind: n))
                    """).run()
            }
            let few = try await city.reading("test_records", kept: .none, db: app.db)
            #expect(few.walked == false)
            #expect(app.db.sql.serialize(few.rows(db: app.db)).sql == app.db.sql.serialize(city.count(db: app.db)).sql, "by the index of councils")
            var f = PetitionQueries.Filters()
            f.councils = few; f.dateColumn = "received_on"; f.from = "2000-01-01"; f.to = "2099-12-31"
            #expect(!f.walks && f.walkedDay == nil)
            let expected = try await Self.expected(hanoi.path, day: "received_on", byDay: false, app.db)
            #expect(expected.count > 3)
            #expect(try await Self.pages(f, size: 3, app.db).flatMap { $0 } == expected)
            try await app.db.sql.raw("""
                UPDATE summary_counts SET n = 10000 WHERE metric = 'test_records' AND council_id = \(bind: city.ids[0])
                """).run()
            #expect(try await city.reading("test_records", kept: .none, db: app.db).walked == true)
        }
    }
}
