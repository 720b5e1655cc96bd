import Fluent

/// The clusters' counters by council, month and year (`PetitionClusterCounts`).
struct M050_CountPetitionClusters: AsyncMigration {
    func prepare(on db: any Database) async throws { try await PetitionClusterCounts.install(on: db) }
    func revert(on db: any Database) async throws { try await PetitionClusterCounts.uninstall(on: db) }
}
