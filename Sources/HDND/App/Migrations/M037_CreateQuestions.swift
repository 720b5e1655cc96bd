import Fluent

/// Delegates' questions (chất vấn) and their answers.
struct M037_CreateQuestions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Question.schema).intID()
            .field("council_id", .int, .required, .references(Council.schema, "id")).field("unit_id", .int, .required)
            .field("venue", .string, .required).field("session_id", .int, .references(CouncilSession.schema, "id")).field("question_group", .string)
            .field("asked_by_id", .int, .required, .references(Person.schema, "id")).field("respondent", .string, .required)
            .field("organization_id", .int, .required, .references(Organization.schema, "id"))
            .field("content", .string, .required).field("asked_on", .string, .required)
            .field("answer_mode", .string).field("answer", .string).field("answered_on", .string).field("acceptance", .string)
            .field("folded", .string, .required).recordColumns().create()
        // A council's questions by day; an agency's to answer; a session's.
        try await db.index(Question.schema, "council_id", "asked_on")
        try await db.index(Question.schema, "organization_id", "answered_on")
        try await db.index(Question.schema, "session_id")
    }

    func revert(on db: any Database) async throws { try await db.schema(Question.schema).delete() }
}
