import Fluent

struct M002_CreateCouncils: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("councils").intID()
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("name", .string, .required).field("folded", .string, .required).recordColumns().create()
        try await db.index("councils", "unit_id")
        try await db.schema("terms").intID()
            .field("council_id", .int, .required, .references("councils", "id"))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("ordinal", .int, .required).field("start_year", .int, .required).field("end_year", .int, .required)
            .field("start_date", .string).field("end_date", .string).recordColumns().create()
        try await db.index("terms", "council_id", "ordinal")
        try await db.schema("constituencies").intID()
            .field("council_id", .int, .required, .references("councils", "id"))
            .field("term_id", .int, .required, .references("terms", "id"))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("number", .int, .required).field("name", .string, .required).field("area", .string)
            .recordColumns().create()
        try await db.index("constituencies", "term_id", "number")
        try await db.schema("bodies").intID()
            .field("council_id", .int, .required, .references("councils", "id"))
            .field("term_id", .int, .required, .references("terms", "id"))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("kind", .string, .required).field("name", .string, .required)
            .field("constituency_id", .int, .references("constituencies", "id"))
            .field("folded", .string, .required).recordColumns().create()
        try await db.index("bodies", "term_id")
        try await db.index("bodies", "unit_id")
    }

    func revert(on db: any Database) async throws {
        for table in ["bodies", "constituencies", "terms", "councils"] { try await db.schema(table).delete() }
    }
}
