import Fluent
import FluentSQLiteDriver
import SQLKit
import Vapor

/// Writing many rows at once (generated data, imports) without the work every single row's triggers do.
///
/// The counters (`SummaryCounters`), the similar-petition index (M029) and the search index (M006) are kept by per-row
/// triggers, so that every way of writing keeps them. Each of those triggers roughly halves the rate of a bulk insert
/// (docs/BENCHMARKS.md). Inside `run`, the insert triggers of the tables named are set aside, the body adds its rows,
/// and what the triggers would have done is done once for all the new rows (those with an id above the table's
/// largest before) by one statement per figure; then the triggers are put back — all in the body's transaction, so
/// nobody else ever writes while they are away (SQLite has one writer; PostgreSQL's `DISABLE TRIGGER` locks the
/// table against other writers until the commit) and a failure takes everything back.
///
/// The body may only add rows to those tables: it must not delete them nor change a column a trigger watches (the
/// counted columns, a petition's text or status), since those changes would go uncounted.
///
/// `rebuildingIndexes` (SQLite, for loads that dwarf what the tables hold, as `hdnd demo --scale`): the tables' own
/// indexes are dropped too and built again after the load, each by one sort. Rows inserted in random order of a list
/// index (a petition's council and day) otherwise dirty a random page of every such index per row, and a province's
/// indexes are many times the page cache (1,5 million rows at ≈ 4.700 rows/s with the indexes kept).
enum BulkLoad {
    /// Tables whose insert triggers `run` knows how to replace.
    static let tables = SummaryCounters.tables.filter { $0 != "reception_days" } + [SearchEntry.schema]

    static func run<T: Sendable>(into tables: [String], rebuildingIndexes: Bool = false, on db: any Database,
                                 _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        precondition(tables.allSatisfy(Self.tables.contains), "BulkLoad: no replacement for the triggers of \(tables)")
        return try await db.transaction { tx in
            var before: [String: Int] = [:]
            for table in tables { before[table] = try await largestID(of: table, on: tx) }
            let suspended = try await suspend(tables, on: tx)
            let indexes = rebuildingIndexes && tx.isSQLite ? try await dropIndexes(of: tables, on: tx) : []
            let result = try await body(tx)
            for index in indexes { try await tx.sql.raw(SQLQueryString(index)).run() }
            for table in tables { try await catchUp(table, after: before[table] ?? 0, on: tx) }
            try await resume(suspended, on: tx)
            return result
        }
    }

    /// Inserts `rows` (values in the order of `columns`, nil for NULL), 500 to a statement. On SQLite the values are
    /// bound straight to SQLite's own types and the statement's text is written once for all its chunks: going through
    /// SQLKit's expressions and `Encodable` took most of the time of a generated row.
    static func insert(into table: String, columns: [String], rows: [[(any Encodable & Sendable)?]], on db: any Database) async throws {
        let chunks = stride(from: 0, to: rows.count, by: 500).map { rows[$0..<min($0 + 500, rows.count)] }
        guard let sqlite = db as? any SQLiteDatabase else {
            for chunk in chunks {
                var q = db.sql.insert(into: table).columns(columns)
                for r in chunk { q = q.values(r.map { value -> any SQLExpression in value.map { SQLBind($0) } ?? SQLLiteral.null }) }
                try await q.run()
            }
            return
        }
        let encoder = SQLiteDataEncoder()
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let head = "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ") VALUES "
        var statements: [Int: String] = [:]
        for chunk in chunks {
            let statement = statements[chunk.count] ?? head + Array(repeating: row, count: chunk.count).joined(separator: ", ")
            statements[chunk.count] = statement
            var binds: [SQLiteData] = []
            binds.reserveCapacity(chunk.count * columns.count)
            for r in chunk {
                for value in r {
                    // The common types as SQLiteKit's encoder writes them, without its casts; anything else through it.
                    switch value {
                    case nil: binds.append(.null)
                    case let text as String: binds.append(.text(text))
                    case let number as Int: binds.append(.integer(number))
                    case let flag as Bool: binds.append(.integer(flag ? 1 : 0))
                    case let other?: binds.append(try encoder.encode(other))
                    }
                }
            }
            try await sqlite.query(statement, binds) { _ in }
        }
    }

    /// The largest id of `table` (0 when empty). Inside `run` the rows above the largest id at its start are the load's own:
    /// nobody else writes to the tables meanwhile.
    static func largestID(of table: String, on db: any Database) async throws -> Int {
        struct Largest: Decodable { let n: Int? }
        return try await db.sql.raw("SELECT MAX(id) AS n FROM \(ident: table)").first(decoding: Largest.self)?.n ?? 0
    }

    /// SQLite: the insert triggers dropped, returned with their definitions to create them again.
    /// PostgreSQL: the counters' trigger (its only per-row trigger among these) disabled, returned by table.
    private static func suspend(_ tables: [String], on db: any Database) async throws -> [(name: String, sql: String)] {
        if db.isSQLite {
            struct Trigger: Decodable { let name: String; let sql: String }
            let names = tables.flatMap { table in table == SearchEntry.schema ? ["search_entries_ai"]
                : ["\(table)_counts_insert"] + (table == VoterPetition.schema ? ["voter_petitions_fts_ai"] : []) }
            let triggers = try await db.sql.raw("""
                SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (\(binds: names))
                """).all(decoding: Trigger.self)
            // A trigger renamed elsewhere and not found here would keep counting while `catchUp` counts again: refuse instead.
            guard Set(triggers.map(\.name)) == Set(names) else {
                throw Abort(.internalServerError, reason: "BulkLoad: the triggers \(Set(names).subtracting(triggers.map(\.name)).sorted()) were not found.")
            }
            for t in triggers { try await db.sql.raw("DROP TRIGGER \(ident: t.name)").run() }
            return triggers.map { ($0.name, $0.sql) }
        }
        let counted = tables.filter { SummaryCounters.tables.contains($0) }
        for table in counted { try await db.sql.raw("ALTER TABLE \(ident: table) DISABLE TRIGGER \(ident: "\(table)_counts")").run() }
        return counted.map { ($0, "") }
    }

    /// SQLite: the tables' indexes that were created by a statement (not those of a primary key or a UNIQUE column)
    /// dropped; returns the statements that create them again.
    private static func dropIndexes(of tables: [String], on db: any Database) async throws -> [String] {
        struct Index: Decodable { let name: String; let sql: String }
        let indexes = try await db.sql.raw("""
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(binds: tables))
            """).all(decoding: Index.self)
        for index in indexes { try await db.sql.raw("DROP INDEX \(ident: index.name)").run() }
        return indexes.map(\.sql)
    }

    private static func resume(_ suspended: [(name: String, sql: String)], on db: any Database) async throws {
        for s in suspended {
            if db.isSQLite {
                try await db.sql.raw(SQLQueryString(s.sql)).run()
            } else {
                try await db.sql.raw("ALTER TABLE \(ident: s.name) ENABLE TRIGGER \(ident: "\(s.name)_counts")").run()
            }
        }
    }

    /// What the triggers would have done for the rows of `table` above `id`, set by set.
    private static func catchUp(_ table: String, after id: Int, on db: any Database) async throws {
        let new = "r.id > \(id)"
        if SummaryCounters.tables.contains(table) { try await SummaryCounters.add(table, rows: new, on: db) }
        guard db.isSQLite else { return }
        if table == VoterPetition.schema {
            try await db.sql.raw(SQLQueryString(M029_AddSimilarPetitionIndex.indexOpen(where: "id > \(id)"))).run()
        }
        if table == SearchEntry.schema {
            try await db.sql.raw("INSERT INTO search_fts(rowid, folded) SELECT id, folded FROM search_entries WHERE id > \(bind: id)").run()
        }
    }
}
