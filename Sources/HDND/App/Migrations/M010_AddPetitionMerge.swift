import Fluent

/// Similar petitions are merged into one: the merged one points at the one that carries it on.
struct M010_AddPetitionMerge: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("voter_petitions").field("merged_into_id", .int, .references("voter_petitions", "id")).update()
        try await db.index("voter_petitions", "merged_into_id")
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw("DROP INDEX IF EXISTS voter_petitions_merged_into_id_idx").run()
        try await db.schema("voter_petitions").deleteField("merged_into_id").update()
    }
}
