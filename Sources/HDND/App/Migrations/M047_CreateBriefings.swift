import Fluent
import SQLKit

/// Briefing conferences with the notes of each council below; tasks follow up their conclusions.
struct M047_CreateBriefings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(BriefingConference.schema).intID()
            .field("council_id", .int, .required, .references(Council.schema, "id")).field("unit_id", .int, .required)
            .field("title", .string, .required).field("held_on", .string, .required).field("place", .string).field("chair", .string)
            .field("participants", .string).field("period_from", .string, .required).field("period_to", .string, .required)
            .field("conclusions", .string).field("folded", .string, .required).recordColumns().create()
        try await db.index(BriefingConference.schema, "council_id", "held_on")
        try await db.schema("briefing_notes")
            .field("briefing_id", .int, .required, .references(BriefingConference.schema, "id"))
            .field("council_id", .int, .required, .references(Council.schema, "id")).field("note", .string, .required)
            .unique(on: "briefing_id", "council_id").create()
        // Added without a foreign key: SQLite cannot add one to an existing table; the task's form checks it.
        try await db.schema(CouncilTask.schema).field("briefing_id", .int).update()
        try await db.index(CouncilTask.schema, "briefing_id")
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "\(CouncilTask.schema)_briefing_id_idx").run()
        try await db.schema(CouncilTask.schema).deleteField("briefing_id").update()
        try await db.schema("briefing_notes").delete()
        try await db.schema(BriefingConference.schema).delete()
    }
}
