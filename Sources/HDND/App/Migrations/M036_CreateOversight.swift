import Fluent

/// Oversights (giám sát, khảo sát) and the recommendations they make to agencies.
struct M036_CreateOversight: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Oversight.schema).intID()
            .field("council_id", .int, .required, .references(Council.schema, "id")).field("unit_id", .int, .required)
            .field("kind", .string, .required).field("lead", .string, .required).field("body_id", .int).field("person_id", .int)
            .field("topic", .string, .required).field("subjects", .string, .required)
            .field("plan_ref", .string).field("planned_on", .string).field("noticed_on", .string)
            .field("fieldwork_from", .string, .required).field("fieldwork_to", .string).field("reported_on", .string)
            .field("concluded_on", .string).field("conclusion", .string)
            .field("resupervises_id", .int, .references(Oversight.schema, "id"))
            .field("folded", .string, .required).recordColumns().create()
        // A council's year of oversights; the period reports count them by council and day.
        try await db.index(Oversight.schema, "council_id", "fieldwork_from")
        try await db.schema(Recommendation.schema).intID()
            .field("oversight_id", .int, .required, .references(Oversight.schema, "id"))
            .field("council_id", .int, .required).field("unit_id", .int, .required)
            .field("organization_id", .int, .required, .references(Organization.schema, "id"))
            .field("content", .string, .required).field("due_on", .string, .required).field("status", .string, .required)
            .field("answer", .string).field("answered_on", .string).field("rechecked_by_id", .int, .references(Oversight.schema, "id"))
            .field("folded", .string, .required).recordColumns().create()
        try await db.index(Recommendation.schema, "oversight_id")
        // An agency's inbox, open first by due day.
        try await db.index(Recommendation.schema, "organization_id", "status", "due_on")
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Recommendation.schema).delete()
        try await db.schema(Oversight.schema).delete()
    }
}
