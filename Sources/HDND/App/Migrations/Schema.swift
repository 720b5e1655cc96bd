import Fluent
import SQLKit

/// Shared pieces of the migrations: the columns every editable record has, and indexes.
extension SchemaBuilder {
    func intID() -> Self { field(.id, .int, .identifier(auto: true)) }
    func recordColumns() -> Self {
        field("version", .int, .required, .sql(.default(1)))
            .field("created_at", .datetime).field("updated_at", .datetime).field("deleted_at", .datetime)
    }
}

extension Database {
    var sql: any SQLDatabase { self as! any SQLDatabase }
    var isSQLite: Bool { sql.dialect.name == "sqlite" }

    func index(_ table: String, _ columns: String..., unique: Bool = false) async throws {
        try await index(table, columns, unique: unique)
    }

    func index(_ table: String, _ columns: [String], unique: Bool = false) async throws {
        let name = "\(table)_\(columns.joined(separator: "_"))_idx"
        var builder = sql.create(index: name).on(table)
        if unique { builder = builder.unique() }
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }

    /// Statistics of a new index where the rest of the database has them (as `hdnd demo --scale` leaves a province's):
    /// without its own, SQLite may prefer it where it does not fit, since the others' statistics show them larger.
    /// Not of an empty table (a fresh database's migrations): "no rows" would make the index the cheapest for any query
    /// of its table (M063).
    func analyzeIfAnalyzed(index: String) async throws {
        guard isSQLite, try await sql.raw("SELECT 1 AS n FROM sqlite_master WHERE name = 'sqlite_stat1'").first() != nil else { return }
        guard let table = try await sql.raw("SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND name = \(bind: index)")
            .firstRow(IndexTable.self)?.tbl_name,
            try await sql.raw("SELECT 1 AS n FROM \(ident: table) LIMIT 1").first() != nil else { return }
        try await sql.raw("ANALYZE \(ident: index)").run()
    }

    /// Replaces the index `old` by the index `name` on `table` (`columns`), in one transaction: a server stopped while it
    /// builds the new one (seconds on a province's data) leaves the old index in place and the migration to run again,
    /// not an index dropped and a migration that can no longer run.
    /// `partial`: the condition of a partial index (the rows it holds), nil for all rows.
    func replaceIndex(_ old: String, by name: String, on table: String, _ columns: [String], partial: String? = nil) async throws {
        try await transaction { db in
            try await db.sql.drop(index: old).ifExists().run()
            let condition = partial.map { " WHERE " + $0 } ?? ""
            try await db.sql.raw("""
                CREATE INDEX IF NOT EXISTS \(ident: name) ON \(ident: table) (\(unsafeRaw: columns.joined(separator: ", ")))\(unsafeRaw: condition)
                """).run()
            try await db.analyzeIfAnalyzed(index: name)
        }
    }

    /// Adds optional text columns to `table`, one statement each: SQLite adds a single column per ALTER TABLE.
    func addTextColumns(_ table: String, _ columns: [String]) async throws {
        for column in columns { try await schema(table).field(FieldKey(stringLiteral: column), .string).update() }
    }

    func dropColumns(_ table: String, _ columns: [String]) async throws {
        for column in columns { try await schema(table).deleteField(FieldKey(stringLiteral: column)).update() }
    }

    /// An index that serves `path LIKE 'prefix%'` on both databases.
    func pathIndex(_ table: String) async throws {
        if isSQLite {
            // SQLite's LIKE is case-insensitive, so only a NOCASE index can serve it.
            try await sql.raw("CREATE INDEX \(unsafeRaw: table)_path_idx ON \(unsafeRaw: table) (path COLLATE NOCASE)").run()
        } else {
            try await sql.raw("CREATE INDEX \(unsafeRaw: table)_path_idx ON \(unsafeRaw: table) (path text_pattern_ops)").run()
        }
    }
}

/// A migration that puts a wider index in place of one a table had (so that a hot read is answered from the index
/// alone), and puts the old one back when reverted; each way in one transaction (`Database.replaceIndex`).
protocol IndexReplacement: AsyncMigration {
    static var table: String { get }
    static var old: (name: String, columns: [String]) { get }
    static var new: (name: String, columns: [String]) { get }
}

extension IndexReplacement {
    func prepare(on db: any Database) async throws {
        try await db.replaceIndex(Self.old.name, by: Self.new.name, on: Self.table, Self.new.columns)
    }
    func revert(on db: any Database) async throws {
        try await db.replaceIndex(Self.new.name, by: Self.old.name, on: Self.table, Self.old.columns)
    }
}

/// The table an index is on (`analyzeIfAnalyzed`).
private struct IndexTable: Decodable { let tbl_name: String }
