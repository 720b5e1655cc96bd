import Fluent
import SQLKit

/// Each letter's next legal deadline, stored (`LetterDue`) and indexed for the register's overdue and due-this-week
/// filters and counts, per council and per agency. Filled by M064, which stores the next deadline's label beside it.
struct M028_AddLetterNextDue: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addTextColumns(Letter.schema, ["next_due"])
        try await db.index(Letter.schema, "council_id", "next_due")
        try await db.index(Letter.schema, "agency_id", "next_due")
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "letters_council_id_next_due_idx").run()
        try await db.sql.drop(index: "letters_agency_id_next_due_idx").run()
        try await db.dropColumns(Letter.schema, ["next_due"])
    }
}
