import Fluent
import SQLKit

/// The standing committee's explanation hearings; a task can follow up a question's answer (a commitment) or a
/// hearing; a question keeps the respondent's report on its commitments.
struct M043_CreateHearingsAndFollowUps: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(ExplanationHearing.schema).intID()
            .field("council_id", .int, .required, .references(Council.schema, "id")).field("unit_id", .int, .required)
            .field("topic", .string, .required).field("respondents", .string, .required).field("held_on", .string, .required)
            .field("plan_ref", .string).field("noticed_on", .string).field("is_public", .bool, .required)
            .field("conclusion", .string).field("concluded_on", .string)
            .field("folded", .string, .required).recordColumns().create()
        try await db.index(ExplanationHearing.schema, "council_id", "held_on")
        // Added columns carry no foreign key: SQLite cannot add one to an existing table; the task's form checks them (`CouncilTask.follow`).
        try await db.schema(CouncilTask.schema).field("question_id", .int).update()
        try await db.schema(CouncilTask.schema).field("hearing_id", .int).update()
        try await db.index(CouncilTask.schema, "question_id")
        try await db.index(CouncilTask.schema, "hearing_id")
        try await db.schema(Question.schema).field("progress_report", .string).update()
        try await db.schema(Question.schema).field("progress_reported_on", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Question.schema).deleteField("progress_reported_on").update()
        try await db.schema(Question.schema).deleteField("progress_report").update()
        // SQLite drops a column only once no index names it.
        for column in ["question_id", "hearing_id"] { try await db.sql.drop(index: "\(CouncilTask.schema)_\(column)_idx").run() }
        try await db.schema(CouncilTask.schema).deleteField("hearing_id").update()
        try await db.schema(CouncilTask.schema).deleteField("question_id").update()
        try await db.schema(ExplanationHearing.schema).delete()
    }
}
