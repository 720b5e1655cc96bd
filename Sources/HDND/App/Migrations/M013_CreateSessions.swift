import Fluent

/// Council sessions, and each council's rule for the due date of forwarded petitions.
struct M013_CreateSessions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("council_sessions").intID()
            .field("council_id", .int, .required, .references("councils", "id"))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("term_id", .int, .references("terms", "id"))
            .field("number", .int, .required).field("kind", .string, .required)
            .field("opens_on", .string, .required).field("closes_on", .string).field("place", .string)
            .field("folded", .string, .required).recordColumns().create()
        try await db.index("council_sessions", "council_id", "opens_on")
        // SQLite adds one column per ALTER TABLE.
        try await db.schema("councils").field("petition_due_mode", .string, .required, .sql(.default(PetitionDueMode.beforeNextSession.rawValue))).update()
        try await db.schema("councils").field("petition_due_days", .int, .required, .sql(.default(0))).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("councils").deleteField("petition_due_mode").update()
        try await db.schema("councils").deleteField("petition_due_days").update()
        try await db.schema("council_sessions").delete()
    }
}
