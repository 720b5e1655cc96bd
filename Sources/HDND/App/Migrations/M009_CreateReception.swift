import Fluent

struct M009_CreateReception: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("reception_schedules").intID()
            .field("council_id", .int, .required, .references("councils", "id"))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("name", .string, .required).field("days_of_month", .string, .required).field("place", .string, .required)
            .field("start_time", .string, .required).field("end_time", .string, .required)
            .field("valid_from", .string).field("valid_to", .string).field("folded", .string, .required).recordColumns().create()
        try await db.index("reception_schedules", "council_id")
        try await db.schema("reception_assignments").intID()
            .field("schedule_id", .int, .required, .references("reception_schedules", "id"))
            .field("date", .string, .required).field("person_id", .int, .required, .references("people", "id"))
            .unique(on: "schedule_id", "date", "person_id").create()
        try await db.index("reception_assignments", "schedule_id", "date")
        try await db.schema("reception_visits").intID()
            .field("council_id", .int, .required, .references("councils", "id"))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("schedule_id", .int, .references("reception_schedules", "id"))
            .field("date", .string, .required).field("delegate_id", .int, .references("people", "id"))
            .field("visitor_name", .string).field("consent", .bool, .required).field("confidential", .bool, .required)
            .field("visitors", .int, .required).field("kind", .string, .required).field("topic", .string, .required)
            .field("handling", .string, .required).field("letter_id", .int, .references("letters", "id"))
            .field("petition_id", .int, .references("voter_petitions", "id"))
            .field("folded", .string, .required).recordColumns().create()
        try await db.index("reception_visits", "council_id", "date")
        try await db.index("reception_visits", "delegate_id", "date")
    }

    func revert(on db: any Database) async throws {
        for table in ["reception_visits", "reception_assignments", "reception_schedules"] { try await db.schema(table).delete() }
    }
}
