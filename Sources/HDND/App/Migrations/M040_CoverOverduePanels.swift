import Fluent
import SQLKit

/// Two counts every petition list makes were read row by row from the table: the "overdue by agency" panel (through an
/// index of council, status and due date, then each row for its agency) and the total of a list filtered by status
/// (through council, status and id, then each row for `deleted_at`). On a ward of the `--scale 1` data that was most of
/// a list's database time (2 ms of 2,5). Both indexes now hold every column those counts read, `deleted_at` included,
/// so both are answered from the index alone. Neither is partial: SQLite does not count a partial index's condition as a
/// column it holds, and without statistics it preferred a partial one even for a council's plain list (and sorted it).
struct M040_CoverOverduePanels: AsyncMigration {
    static let overdue = "voter_petitions_council_status_due_agency_idx"
    static let byStatus = "voter_petitions_council_id_status_id_idx"

    func prepare(on db: any Database) async throws {
        try await db.sql.drop(index: "voter_petitions_council_id_status_due_date_idx").run()
        try await db.sql.raw("""
            CREATE INDEX \(ident: Self.overdue) ON voter_petitions (council_id, status, due_date, agency_id, deleted_at)
            """).run()
        try await db.sql.drop(index: Self.byStatus).run()
        try await db.sql.raw("CREATE INDEX \(ident: Self.byStatus) ON voter_petitions (council_id, status, id, deleted_at)").run()
        // A database analyzed before (as `hdnd demo --scale` leaves a province's) has statistics for every other index:
        // without their own, SQLite took the new ones for a council's plain list too and sorted all of the council's
        // petitions (1,3 ms instead of 0,1 ms).
        try await db.analyzeIfAnalyzed(index: Self.overdue)
        try await db.analyzeIfAnalyzed(index: Self.byStatus)
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: Self.overdue).run()
        try await db.index("voter_petitions", ["council_id", "status", "due_date"])
        try await db.sql.drop(index: Self.byStatus).run()
        try await db.index("voter_petitions", ["council_id", "status", "id"])
    }
}
