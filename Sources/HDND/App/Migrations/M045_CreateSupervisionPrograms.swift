import Fluent
import SQLKit

/// The annual supervision programs and their proposals; an oversight names its members and the proposal it carries out.
struct M045_CreateSupervisionPrograms: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(SupervisionProgram.schema).intID()
            .field("council_id", .int, .required, .references(Council.schema, "id")).field("unit_id", .int, .required)
            .field("year", .int, .required).field("resolution_id", .int, .references(Resolution.schema, "id")).field("notes", .string)
            .field("folded", .string, .required).recordColumns().create()
        // One program per council and year (checked by the form: a deleted one may be followed by a new one).
        try await db.index(SupervisionProgram.schema, "council_id", "year")
        try await db.schema(SupervisionProposal.schema).intID()
            .field("program_id", .int, .required, .references(SupervisionProgram.schema, "id"))
            .field("council_id", .int, .required).field("unit_id", .int, .required)
            .field("topic", .string, .required).field("source", .string, .required).field("proposer", .string, .required)
            .field("proposed_on", .string, .required).field("included", .bool, .required)
            .field("folded", .string, .required).recordColumns().create()
        try await db.index(SupervisionProposal.schema, "program_id")
        // Added columns carry no foreign key: SQLite cannot add one to an existing table; the oversight's form checks them.
        try await db.schema(Oversight.schema).field("members", .string).update()
        try await db.schema(Oversight.schema).field("proposal_id", .int).update()
        try await db.index(Oversight.schema, "proposal_id")
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "\(Oversight.schema)_proposal_id_idx").run()
        try await db.schema(Oversight.schema).deleteField("proposal_id").update()
        try await db.schema(Oversight.schema).deleteField("members").update()
        try await db.schema(SupervisionProposal.schema).delete()
        try await db.schema(SupervisionProgram.schema).delete()
    }
}
