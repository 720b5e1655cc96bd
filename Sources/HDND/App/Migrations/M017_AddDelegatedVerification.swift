import Fluent

/// Classifying a denunciation takes up to 10 working days when its facts are checked at several places or the
/// checking is delegated (Law on Denunciations 2018, art. 24.1): the delegation is a fact of its own.
struct M017_AddDelegatedVerification: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("letters").field("delegated_verification", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("letters").deleteField("delegated_verification").update()
    }
}
