import Fluent

struct M003_CreatePeople: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("people").intID()
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("full_name", .string, .required).field("gender", .string).field("birth_year", .int)
            .field("note", .string).field("folded", .string, .required).recordColumns().create()
        try await db.index("people", "unit_id", "full_name")
        try await db.schema("organizations").intID()
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("kind", .string, .required).field("name", .string, .required)
            .field("valid_from", .string).field("valid_to", .string)
            .field("folded", .string, .required).recordColumns().create()
        try await db.index("organizations", "unit_id")
        try await db.schema("memberships").intID()
            .field("person_id", .int, .required, .references("people", "id"))
            .field("body_id", .int, .references("bodies", "id"))
            .field("organization_id", .int, .references("organizations", "id"))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("post", .string, .required).field("rank", .int, .required)
            .field("valid_from", .string).field("valid_to", .string).recordColumns().create()
        try await db.index("memberships", "person_id")
        try await db.index("memberships", "body_id")
        try await db.index("memberships", "organization_id")
    }

    func revert(on db: any Database) async throws {
        for table in ["memberships", "organizations", "people"] { try await db.schema(table).delete() }
    }
}
