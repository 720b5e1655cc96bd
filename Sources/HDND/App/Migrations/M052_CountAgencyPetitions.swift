import Fluent

/// The agencies' forwarded petitions by due month (`AgencyPetitionCounts`).
struct M052_CountAgencyPetitions: AsyncMigration {
    func prepare(on db: any Database) async throws { try await AgencyPetitionCounts.install(on: db) }
    func revert(on db: any Database) async throws { try await AgencyPetitionCounts.uninstall(on: db) }
}
