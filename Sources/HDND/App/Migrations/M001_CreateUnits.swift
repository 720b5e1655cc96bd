import Fluent

struct M001_CreateUnits: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("units").intID()
            .field("code", .string, .required).field("name", .string, .required)
            .field("level", .string, .required).field("kind", .string, .required)
            .field("parent_id", .int, .references("units", "id"))
            .field("path", .string, .required).field("valid_from", .string).field("valid_to", .string)
            .field("folded", .string, .required).recordColumns().create()
        try await db.index("units", "parent_id", "code")
        try await db.index("units", "code")
        try await db.pathIndex("units")
        try await db.schema("unit_council_periods").intID()
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("valid_from", .string).field("valid_to", .string)
            .field("has_council", .bool, .required).field("note", .string, .required).create()
        try await db.index("unit_council_periods", "unit_id")
        try await db.schema("unit_successions").intID()
            .field("old_unit_id", .int, .required, .references("units", "id"))
            .field("new_unit_id", .int, .required, .references("units", "id"))
            .field("is_default", .bool, .required).create()
        try await db.index("unit_successions", "old_unit_id")
        try await db.index("unit_successions", "new_unit_id")
    }

    func revert(on db: any Database) async throws {
        for table in ["unit_successions", "unit_council_periods", "units"] { try await db.schema(table).delete() }
    }
}
