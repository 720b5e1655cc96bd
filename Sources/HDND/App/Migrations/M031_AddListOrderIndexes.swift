import Fluent

/// Lists read newest first within a council or an agency: an index that gives the order, so a page is the first rows
/// of an index range rather than a sort of every row of the council (`ORDER BY id DESC LIMIT 51`). And a letter's page
/// finds the letters filed as its duplicates by an index, not by reading the whole register of the province.
struct M031_AddListOrderIndexes: AsyncMigration {
    static let indexes: [(String, [String])] = [
        ("voter_petitions", ["council_id", "id"]), ("voter_petitions", ["agency_id", "id"]),
        ("letters", ["council_id", "id"]), ("letters", ["agency_id", "id"]),
        ("council_tasks", ["council_id", "id"]), ("letters", ["duplicate_of_id"]),
    ]

    func prepare(on db: any Database) async throws {
        for (table, columns) in Self.indexes { try await db.index(table, columns) }
    }

    func revert(on db: any Database) async throws {
        for (table, columns) in Self.indexes { try await db.sql.drop(index: "\(table)_\(columns.joined(separator: "_"))_idx").run() }
    }
}
