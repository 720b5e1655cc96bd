import Fluent
import SQLKit

/// The clusters' counters by council, month and year (`PetitionClusterCounts`): the table, the petitions already in
/// clusters counted once, then the triggers that keep them.
struct M050_CountPetitionClusters: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await PetitionClusterCounts.createTable(on: db)
        try await PetitionClusterCounts.add(rows: "1 = 1", on: db)
        try await PetitionClusterCounts.createTriggers(on: db)
    }

    func revert(on db: any Database) async throws {
        try await PetitionClusterCounts.dropTriggers(on: db)
        try await db.sql.raw("DROP TABLE \(unsafeRaw: PetitionClusterCounts.schema)").run()
    }
}
