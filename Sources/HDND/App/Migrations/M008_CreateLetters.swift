import Fluent

struct M008_CreateLetters: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("letters").intID()
            .field("council_id", .int, .required, .references("councils", "id"))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("year", .int, .required).field("number", .int, .required).field("received_on", .string, .required)
            .field("channel", .string, .required).field("kind", .string, .required).field("content", .string, .required)
            .field("anonymous", .bool, .required).field("eligible", .bool).field("decision", .string)
            .field("agency_id", .int, .references("organizations", "id")).field("accepted_on", .string)
            .field("round", .int, .required).field("complex", .bool, .required).field("remote_area", .bool, .required)
            .field("several_places", .bool, .required).field("extensions", .int, .required).field("extension_note", .string)
            .field("outcome", .string, .required).field("closed_on", .string)
            .field("duplicate_of_id", .int, .references("letters", "id"))
            .field("folded", .string, .required).recordColumns()
            .unique(on: "council_id", "year", "number").create()
        try await db.index("letters", "council_id", "received_on")
        try await db.index("letters", "council_id", "kind", "outcome")
        try await db.schema("letter_senders").intID()
            .field("letter_id", .int, .required, .references("letters", "id"))
            .field("full_name", .string, .required).field("address", .string).field("phone", .string).create()
        try await db.index("letter_senders", "letter_id")
        try await db.schema("letter_access").intID()
            .field("letter_id", .int, .required, .references("letters", "id"))
            .field("user_id", .int, .required, .references("users", "id"))
            .field("granted_by", .int, .required).field("created_at", .datetime)
            .unique(on: "letter_id", "user_id").create()
    }

    func revert(on db: any Database) async throws {
        for table in ["letter_access", "letter_senders", "letters"] { try await db.schema(table).delete() }
    }
}
