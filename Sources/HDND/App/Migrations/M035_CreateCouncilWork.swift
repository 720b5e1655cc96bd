import Fluent
import SQLKit

/// The council's own work, first part: sessions in full (convening, actual days, agenda, preparation, attendance),
/// resolutions with their links, and one table of register numbers for every numbered series (letters moved into it).
struct M035_CreateCouncilWork: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addTextColumns(CouncilSession.schema, ["convening_ref", "convened_on", "opened_on", "ended_on"])
        try await db.schema(CouncilSession.schema).field("is_public", .bool, .required, .sql(.default(true))).update()
        try await db.schema(CouncilSession.schema).field("numerals", .string, .required, .sql(.default(SessionNumerals.arabic.rawValue))).update()
        try await db.schema(Council.schema).field("session_numerals", .string, .required, .sql(.default(SessionNumerals.arabic.rawValue))).update()
        try await db.addTextColumns(Term.schema, ["elected_on"])
        // Petitions reported at a recorded session point to it; the text stays for sessions not recorded.
        try await db.schema(VoterPetition.schema).field("reported_session_id", .int).update()
        try await db.index(VoterPetition.schema, "reported_session_id")

        try await db.schema(AgendaItem.schema).intID()
            .field("session_id", .int, .required, .references(CouncilSession.schema, "id"))
            .field("council_id", .int, .required).field("unit_id", .int, .required)
            .field("position", .int, .required).field("kind", .string, .required).field("title", .string, .required)
            .field("body_id", .int).field("presenter", .string).recordColumns().create()
        try await db.index(AgendaItem.schema, "session_id", "position")

        try await db.schema("session_preparation")
            .field("session_id", .int, .required, .references(CouncilSession.schema, "id"))
            .field("step", .string, .required).field("done_on", .string, .required).field("done_by", .string, .required)
            .unique(on: "session_id", "step").create()
        try await db.schema("session_attendance")
            .field("session_id", .int, .required, .references(CouncilSession.schema, "id"))
            .field("person_id", .int, .required, .references(Person.schema, "id"))
            .field("status", .string, .required).unique(on: "session_id", "person_id").create()

        try await db.schema(Resolution.schema).intID()
            .field("council_id", .int, .required, .references(Council.schema, "id")).field("unit_id", .int, .required)
            .field("session_id", .int, .references(CouncilSession.schema, "id"))
            .field("series", .string, .required).field("year", .int, .required).field("number", .int)
            .field("title", .string, .required).field("field", .string, .required)
            .field("adopted_on", .string, .required).field("effective_on", .string).field("ends_on", .string).field("signed_by", .string)
            .field("votes_for", .int, .required).field("votes_against", .int, .required).field("votes_abstaining", .int, .required)
            .field("votes_not_voting", .int, .required).field("delegates", .int, .required).field("present", .int)
            .field("adopted", .bool, .required).field("superseded", .string).field("folded", .string, .required)
            .recordColumns().create()
        // Never two alike: one number per council, series and year (drafts voted down have none).
        try await db.index(Resolution.schema, ["council_id", "series", "year", "number"], unique: true)
        try await db.index(Resolution.schema, "session_id")
        try await db.index(Resolution.schema, "council_id", "adopted_on")
        try await db.index(Resolution.schema, "unit_id", "adopted_on")
        try await db.schema("resolution_links").intID()
            .field("from_id", .int, .required, .references(Resolution.schema, "id"))
            .field("to_id", .int, .required, .references(Resolution.schema, "id"))
            .field("relation", .string, .required).unique(on: "from_id", "to_id").create()
        try await db.index("resolution_links", "to_id")

        try await db.schema("register_numbers")
            .field("council_id", .int, .required, .references(Council.schema, "id"))
            .field("register", .string, .required).field("year", .int, .required).field("last", .int, .required)
            .unique(on: "council_id", "register", "year").create()
        try await db.sql.raw("INSERT INTO register_numbers (council_id, register, year, last) SELECT council_id, 'letters', year, last FROM letter_numbers").run()
        try await db.schema("letter_numbers").delete()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("letter_numbers")
            .field("council_id", .int, .required, .references("councils", "id"))
            .field("year", .int, .required).field("last", .int, .required)
            .unique(on: "council_id", "year").create()
        try await db.sql.raw("INSERT INTO letter_numbers (council_id, year, last) SELECT council_id, year, last FROM register_numbers WHERE register = 'letters'").run()
        for table in ["register_numbers", "resolution_links", Resolution.schema, "session_attendance", "session_preparation", AgendaItem.schema] {
            try await db.schema(table).delete()
        }
        try await db.sql.raw("DROP INDEX IF EXISTS voter_petitions_reported_session_id_idx").run()
        try await db.dropColumns(VoterPetition.schema, ["reported_session_id"])
        try await db.dropColumns(Term.schema, ["elected_on"])
        try await db.dropColumns(Council.schema, ["session_numerals"])
        try await db.dropColumns(CouncilSession.schema, ["convening_ref", "convened_on", "opened_on", "ended_on", "is_public", "numerals"])
    }
}
