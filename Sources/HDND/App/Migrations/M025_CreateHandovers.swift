import Fluent
import SQLKit

/// Hand-overs of an abolished council's open petitions and letters to a council that took over its unit (`Handovers`):
/// one row per hand-over, and on each record moved the hand-over it came by (and a letter's number in the old register).
struct M025_CreateHandovers: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Handover.schema).intID()
            .field("from_council_id", .int, .required).field("to_council_id", .int, .required)
            .field("on_day", .string, .required).field("petitions", .int, .required).field("letters", .int, .required)
            .field("user_id", .int).field("actor_name", .string, .required).field("note", .string)
            .field("created_at", .datetime).create()
        try await db.index(Handover.schema, "from_council_id")
        try await db.index(Handover.schema, "to_council_id")
        for table in [Letter.schema, VoterPetition.schema] {
            try await db.schema(table).field("handover_id", .int).update()
        }
        try await db.addTextColumns(Letter.schema, ["previous_number"])
    }

    func revert(on db: any Database) async throws {
        try await db.dropColumns(Letter.schema, ["previous_number", "handover_id"])
        try await db.dropColumns(VoterPetition.schema, ["handover_id"])
        try await db.schema(Handover.schema).delete()
    }
}
