import Fluent
import SQLKit

/// Briefing conferences with the notes of each council below (tasks follow up their conclusions), and the criteria of
/// the yearly evaluation.
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
        try await db.schema(EvaluationCriterion.schema).intID()
            .field("council_id", .int, .required, .references(Council.schema, "id")).field("unit_id", .int, .required)
            .field("year", .int, .required).field("scope", .string, .required).field("measure", .string, .required)
            .field("expected", .int, .required).field("weight", .int, .required).field("note", .string).recordColumns().create()
        try await db.index(EvaluationCriterion.schema, "council_id", "year")
        // A delegate's report card reads their reception days, questions and oversights of a year.
        try await db.index("reception_days", "delegate_key", "date")
        try await db.index(Question.schema, "asked_by_id", "asked_on")
        try await db.index(Oversight.schema, "person_id", "fieldwork_from")
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "\(Oversight.schema)_person_id_fieldwork_from_idx").run()
        try await db.sql.drop(index: "\(Question.schema)_asked_by_id_asked_on_idx").run()
        try await db.sql.drop(index: "reception_days_delegate_key_date_idx").run()
        try await db.schema(EvaluationCriterion.schema).delete()
        try await db.sql.drop(index: "\(CouncilTask.schema)_briefing_id_idx").run()
        try await db.schema(CouncilTask.schema).deleteField("briefing_id").update()
        try await db.schema("briefing_notes").delete()
        try await db.schema(BriefingConference.schema).delete()
    }
}
