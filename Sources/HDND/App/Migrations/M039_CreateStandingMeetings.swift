import Fluent

/// Meetings of the standing committee, and the bodies' notes at a review meeting.
struct M039_CreateStandingMeetings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(StandingMeeting.schema).intID()
            .field("council_id", .int, .required, .references(Council.schema, "id")).field("unit_id", .int, .required)
            .field("kind", .string, .required).field("held_on", .string, .required).field("chair", .string).field("participants", .string)
            .field("agenda", .string, .required).field("minutes", .string).field("speakers", .int)
            .field("period_from", .string).field("period_to", .string).field("conclusions", .string)
            .field("notice_number", .int).field("notice_year", .int).field("noticed_on", .string)
            .field("folded", .string, .required).recordColumns().create()
        try await db.index(StandingMeeting.schema, "council_id", "held_on")
        // One TB-HĐND number per council and year.
        try await db.index(StandingMeeting.schema, ["council_id", "notice_year", "notice_number"], unique: true)
        try await db.schema("standing_meeting_notes")
            .field("meeting_id", .int, .required, .references(StandingMeeting.schema, "id"))
            .field("body_id", .int, .required, .references(Body.schema, "id")).field("note", .string, .required)
            .unique(on: "meeting_id", "body_id").create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("standing_meeting_notes").delete()
        try await db.schema(StandingMeeting.schema).delete()
    }
}
