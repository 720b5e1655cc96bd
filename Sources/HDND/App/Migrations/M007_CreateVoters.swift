import Fluent

struct M007_CreateVoters: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("voter_meetings").intID()
            .field("council_id", .int, .required, .references("councils", "id"))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("body_id", .int, .references("bodies", "id"))
            .field("kind", .string, .required).field("session_number", .int).field("topic", .string)
            .field("higher_level", .string).field("date", .string, .required).field("place", .string, .required)
            .field("co_organizer", .string, .required).field("delegates_present", .string)
            .field("voters_attending", .int, .required).field("voters_speaking", .int, .required)
            .field("minutes", .string).field("folded", .string, .required).recordColumns().create()
        try await db.index("voter_meetings", "council_id", "date")
        try await db.schema("voter_petitions").intID()
            .field("council_id", .int, .required, .references("councils", "id"))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("meeting_id", .int, .references("voter_meetings", "id"))
            .field("source", .string, .required).field("content", .string, .required).field("field", .string)
            .field("ward_unit_id", .int, .references("units", "id")).field("voter_count", .int, .required)
            .field("status", .string, .required).field("agency_id", .int, .references("organizations", "id"))
            .field("due_date", .string).field("forwarded_on", .string).field("answer", .string)
            .field("answered_on", .string).field("answered_by", .string).field("reported_session", .string)
            .field("received_on", .string, .required).field("folded", .string, .required).recordColumns().create()
        // The list filters: council and status (newest first), agency and due date (overdue), meeting.
        try await db.index("voter_petitions", "council_id", "status", "id")
        try await db.index("voter_petitions", "agency_id", "status", "due_date")
        try await db.index("voter_petitions", "meeting_id")
        try await db.schema("petition_events").intID()
            .field("petition_id", .int, .required, .references("voter_petitions", "id"))
            .field("at", .datetime, .required).field("user_id", .int).field("actor_name", .string, .required)
            .field("action", .string, .required).field("from_status", .string).field("to_status", .string, .required)
            .field("note", .string, .required).create()
        try await db.index("petition_events", "petition_id")
    }

    func revert(on db: any Database) async throws {
        for table in ["petition_events", "voter_petitions", "voter_meetings"] { try await db.schema(table).delete() }
    }
}
