import Fluent

struct M005_CreateAudit: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("audit_entries").intID()
            .field("at", .datetime, .required).field("user_id", .int).field("actor_name", .string, .required)
            .field("action", .string, .required).field("record_type", .string, .required)
            .field("record_id", .int, .required).field("unit_id", .int)
            .field("summary", .string, .required).field("changes", .string, .required).create()
        try await db.index("audit_entries", "record_type", "record_id")
        try await db.index("audit_entries", "at")
        try await db.index("audit_entries", "user_id")
    }

    func revert(on db: any Database) async throws { try await db.schema("audit_entries").delete() }
}
