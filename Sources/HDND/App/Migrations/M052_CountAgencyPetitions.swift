import Fluent
import SQLKit

/// The agencies' forwarded petitions by due month (`AgencyPetitionCounts`): the table, the petitions already forwarded
/// counted once, then the triggers that keep them.
struct M052_CountAgencyPetitions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await AgencyPetitionCounts.createTable(on: db)
        try await AgencyPetitionCounts.add(rows: "1 = 1", on: db)
        try await AgencyPetitionCounts.createTriggers(on: db)
    }

    func revert(on db: any Database) async throws {
        try await AgencyPetitionCounts.dropTriggers(on: db)
        try await db.sql.raw("DROP TABLE \(unsafeRaw: AgencyPetitionCounts.schema)").run()
    }
}
