import Fluent

/// The clusters' totals by unit and period, and the index of a cluster's councils by voters
/// (`PetitionClusterCounts.installUnits`): a city's clusters of a year read 27 rows instead of ranking 2.534.
struct M054_CountClustersByUnit: AsyncMigration {
    func prepare(on db: any Database) async throws { try await db.transaction { try await PetitionClusterCounts.installUnits(on: $0) } }
    func revert(on db: any Database) async throws { try await db.transaction { try await PetitionClusterCounts.uninstallUnits(on: $0) } }
}
