import Fluent
@testable import HDND
import Testing
import Vapor

@Suite struct ScaleTests {
    @Test(arguments: TestDB.all) func generatesAProvinceWorthOfRowsAtAnyScale(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let before = try await VoterPetition.query(on: app.db).count()
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
}
