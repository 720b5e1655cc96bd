import Fluent
import SQLKit

/// Indexes for the summary: each figure counts one council's rows in a date range.
struct M011_AddReportIndexes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.index("voter_petitions", "council_id", "received_on")
        try await db.index("voter_petitions", "council_id", "forwarded_on")
        try await db.index("voter_petitions", "council_id", "answered_on")
        try await db.index("letters", "council_id", "accepted_on")
        // Overdue: forwarded petitions by due date, counted from the index alone.
        try await db.index("voter_petitions", "council_id", "status", "due_date")
        // Petitions reported at a session are few: a partial index keeps them at hand.
        try await db.sql.raw("""
            CREATE INDEX voter_petitions_reported_idx ON voter_petitions (council_id, received_on, status) WHERE reported_session IS NOT NULL
            """).run()
    }

    func revert(on db: any Database) async throws {
        for name in ["voter_petitions_council_id_received_on_idx", "voter_petitions_council_id_forwarded_on_idx",
                     "voter_petitions_council_id_answered_on_idx", "letters_council_id_accepted_on_idx", "voter_petitions_council_id_status_due_date_idx",
                     "voter_petitions_reported_idx"] {
            try await db.sql.raw("DROP INDEX IF EXISTS \(ident: name)").run()
        }
    }
}
