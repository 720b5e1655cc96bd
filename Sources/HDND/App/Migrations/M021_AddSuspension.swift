import Fluent

/// A resolution suspended and resumed: the suspended days do not count (Law on Denunciations 2018, art. 34.2;
/// complaints: Decree 124/2020 art. 28b.2, added by Decree 155/2026 — the period goes on from the resume decision).
struct M021_AddSuspension: AsyncMigration {
    static let columns = ["suspended_on", "resumed_on"]

    func prepare(on db: any Database) async throws { try await db.addTextColumns("letters", Self.columns) }

    func revert(on db: any Database) async throws { try await db.dropColumns("letters", Self.columns) }
}
