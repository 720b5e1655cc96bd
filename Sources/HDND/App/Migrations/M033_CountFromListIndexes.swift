import Fluent
import SQLKit

/// A list counts its rows (up to `Paging.countCap`) on every page. The newest-first indexes of M031 held no trace of
/// `deleted_at`, so counting an agency's 90.000 petitions read 10.000 rows of the table (41 ms a page); kept for the
/// records not deleted only, as every list asks, they answer the count from the index alone (1 ms).
/// A meeting's petitions likewise, in the order they were entered: most petitions (imported, generated) have no meeting,
/// and an index of every row's `meeting_id` made SQLite read a meeting's page by scanning the whole table in id order.
struct M033_CountFromListIndexes: AsyncMigration {
    static let indexes: [(String, [String])] = [
        ("voter_petitions", ["council_id", "id"]), ("voter_petitions", ["agency_id", "id"]),
        ("letters", ["council_id", "id"]), ("letters", ["agency_id", "id"]),
    ]

    static func name(_ table: String, _ columns: [String]) -> String { "\(table)_\(columns.joined(separator: "_"))_idx" }

    func prepare(on db: any Database) async throws {
        for (table, columns) in Self.indexes {
            try await db.sql.drop(index: Self.name(table, columns)).run()
            try await db.sql.raw("""
                CREATE INDEX \(ident: Self.name(table, columns)) ON \(ident: table) (\(idents: columns, joinedBy: ", ")) WHERE deleted_at IS NULL
                """).run()
        }
        try await db.sql.drop(index: "voter_petitions_meeting_id_idx").run()
        try await db.sql.raw("""
            CREATE INDEX voter_petitions_meeting_id_id_idx ON voter_petitions (meeting_id, id) WHERE meeting_id IS NOT NULL AND deleted_at IS NULL
            """).run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "voter_petitions_meeting_id_id_idx").run()
        try await db.index("voter_petitions", "meeting_id")
        for (table, columns) in Self.indexes {
            try await db.sql.drop(index: Self.name(table, columns)).run()
            try await db.index(table, columns)
        }
    }
}
