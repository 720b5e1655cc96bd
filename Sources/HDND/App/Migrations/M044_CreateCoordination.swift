import Fluent

/// Coordination programs and their contents, dialogue conferences and their opinions, trainings.
struct M044_CreateCoordination: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CoordinationProgram.schema).intID()
            .field("council_id", .int, .required, .references(Council.schema, "id")).field("unit_id", .int, .required)
            .field("year", .int, .required).field("title", .string, .required).field("signed_on", .string)
            .field("signatories", .string, .required).field("review", .string)
            .field("folded", .string, .required).recordColumns().create()
        try await db.index(CoordinationProgram.schema, "council_id", "year")
        try await db.schema(CoordinationItem.schema).intID()
            .field("program_id", .int, .required, .references(CoordinationProgram.schema, "id"))
            .field("council_id", .int, .required).field("unit_id", .int, .required)
            .field("content", .string, .required).field("party", .string, .required).field("planned", .string)
            .field("done_on", .string).field("result", .string)
            .field("folded", .string, .required).recordColumns().create()
        try await db.index(CoordinationItem.schema, "program_id")
        try await db.schema(DialogueConference.schema).intID()
            .field("council_id", .int, .required, .references(Council.schema, "id")).field("unit_id", .int, .required)
            .field("year", .int, .required).field("held_on", .string).field("title", .string, .required)
            .field("hosts", .string, .required).field("participants", .string, .required).field("speakers", .int)
            .field("folded", .string, .required).recordColumns().create()
        try await db.index(DialogueConference.schema, "council_id", "year")
        try await db.schema(DialogueOpinion.schema).intID()
            .field("dialogue_id", .int, .required, .references(DialogueConference.schema, "id"))
            .field("council_id", .int, .required).field("unit_id", .int, .required)
            .field("content", .string, .required).field("organization_id", .int, .required, .references(Organization.schema, "id"))
            .field("answer", .string).field("answered_on", .string)
            .field("folded", .string, .required).recordColumns().create()
        try await db.index(DialogueOpinion.schema, "dialogue_id")
        try await db.schema(Training.schema).intID()
            .field("council_id", .int, .required, .references(Council.schema, "id")).field("unit_id", .int, .required)
            .field("year", .int, .required).field("title", .string, .required).field("organiser", .string, .required)
            .field("held_from", .string).field("held_to", .string).field("classes", .int, .required)
            .field("attendees_own", .int, .required).field("attendees_below", .int, .required).field("attendees_other", .int, .required)
            .field("notes", .string)
            .field("folded", .string, .required).recordColumns().create()
        try await db.index(Training.schema, "council_id", "year")
    }

    func revert(on db: any Database) async throws {
        for schema in [Training.schema, DialogueOpinion.schema, DialogueConference.schema, CoordinationItem.schema, CoordinationProgram.schema] {
            try await db.schema(schema).delete()
        }
    }
}
