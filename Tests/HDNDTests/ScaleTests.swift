import Fluent
@testable import HDND
import Testing
import Vapor

@Suite struct ScaleTests {
    @Test(arguments: TestDB.all) func generatesAProvinceWorthOfRowsAtAnyScale(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let before = try await VoterPetition.query(on: app.db).count()
            let indexed = try await BulkLoad.largestID(of: SearchEntry.schema, on: app.db)
            let result = try await DemoScale.generate(scale: 0.002, on: app.db) { _ in }
            #expect(try await VoterPetition.query(on: app.db).count() == before + 2_000)
            #expect(try await ReceptionVisit.query(on: app.db).filter(\.$date >= "2016-01-01").count() >= 400)
            #expect(result.rows == 2_000 + 600 + 400)
            // Every commune of today's Hà Nội has a council, and the new petitions are searchable.
            let councils = try await app.db.sql.raw("""
                SELECT COUNT(*) AS n FROM councils c JOIN units u ON u.id = c.unit_id WHERE u.valid_from = '2025-07-01'
                """).first(decoding: N.self)?.n
            #expect(councils == 126)
            #expect(!(try await SearchIndex.search(on: app.db, query: "nao vet cong", unitPaths: ["/"], limit: 5)).isEmpty)
            // Each new petition and letter is indexed once, a month after another as a council's entries arrive (the newest
            // entries are not all of one kind): in the index's order no entry is a month older than one before it.
            let entries = try await app.db.sql.raw("""
                SELECT e.id, COALESCE(p.received_on, l.received_on) AS day FROM search_entries e \
                LEFT JOIN voter_petitions p ON e.record_type = \(bind: RecordKind.voterPetition.rawValue) AND p.id = e.record_id \
                LEFT JOIN letters l ON e.record_type = \(bind: RecordKind.letter.rawValue) AND l.id = e.record_id \
                WHERE e.id > \(bind: indexed) AND (p.id IS NOT NULL OR l.id IS NOT NULL) ORDER BY e.id
                """).all(decoding: Entry.self)
            #expect(entries.count == Set(entries.map(\.id)).count && entries.count == 2_000 + 600)
            var latest = Day.first, furthestBack = 0
            for entry in entries {
                let day = try #require(Day(String(entry.day.prefix(10))))
                furthestBack = max(furthestBack, latest - day); latest = max(latest, day)
            }
            #expect(furthestBack <= 31, "an entry \(furthestBack) days older than one indexed before it")
            // Once per database: a second run is refused before it writes anything.
            let petitions = try await VoterPetition.query(on: app.db).count()
            await #expect(throws: Abort.self) { _ = try await DemoScale.generate(scale: 0.002, on: app.db) { _ in } }
            #expect(try await VoterPetition.query(on: app.db).count() == petitions)
        }
    }
    /// A database with an account of its own (not one of the demo's, or one whose password was changed) is a council's,
    /// not the demo's: nothing is generated into it.
    @Test(arguments: TestDB.all) func refusesADatabaseWithItsOwnAccounts(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "admin").first())
            user.demoPassword = false
            try await user.save(on: app.db)
            let petitions = try await VoterPetition.query(on: app.db).count(), councils = try await Council.query(on: app.db).count()
            do {
                _ = try await DemoScale.generate(scale: 0.001, on: app.db) { _ in }
                Issue.record("generated into a database with an account of its own")
            } catch let error as Abort {
                #expect(error.status == .conflict && error.reason.contains("01 tài khoản không phải tài khoản mẫu"), "\(error.reason)")
            }
            let after = (petitions: try await VoterPetition.query(on: app.db).count(), councils: try await Council.query(on: app.db).count())
            #expect(after.petitions == petitions && after.councils == councils)
        }
    }

    struct N: Decodable { let n: Int }
    struct Entry: Decodable { let id: Int; let day: String }
}
