import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

/// Writing many rows at once (generated data, imports) without the work every single row's triggers do.
///
/// The counters (`SummaryCounters`, `PetitionCounters`), the similar-petition index (M029) and the search index (M006) are kept by per-row
/// triggers, so that every way of writing keeps them. Each of those triggers roughly halves the rate of a bulk insert
/// (docs/BENCHMARKS.md). Inside `run`, the insert triggers of the tables named are set aside, the body adds its rows,
/// and what the triggers would have done is done once for all the new rows (those with an id above the table's
/// largest before) by one statement per figure; then the triggers are put back — all in the body's transaction, so
/// nobody else ever writes while they are away (SQLite has one writer; PostgreSQL's `DISABLE TRIGGER` locks the
/// table against other writers until the commit) and a failure takes everything back.
///
/// The body may only add rows to those tables: it must not delete them nor change a column a trigger watches (the
/// counted columns, a petition's text or status), since those changes would go uncounted — except gathering its own new
/// petitions into clusters (`PetitionClusters.assignPending`), which the clusters' counters catch up with.
///
/// `rebuildingIndexes` (for loads that dwarf what the tables hold, as `hdnd demo --scale`): the tables' own indexes are
/// dropped too and built again after the load, each by one sort. Rows inserted in random order of a list index (a
/// petition's council and day) otherwise dirty a random page of every such index per row, and a province's indexes are
/// many times the page cache (SQLite: 1,5 million rows at ≈ 4.700 rows/s with the indexes kept). On PostgreSQL the
/// trigram (GIN) indexes cost most: each new row adds one entry per trigram of its text. On PostgreSQL the tables'
/// foreign keys are dropped too and added back after the indexes (`dropForeignKeys`).
enum BulkLoad {
    /// Tables whose insert triggers `run` knows how to replace.
    static let tables = SummaryCounters.tables.filter { $0 != "reception_days" } + [SearchEntry.schema]

    static func run<T: Sendable>(into tables: [String], rebuildingIndexes: Bool = false, on db: any Database,
                                 _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        precondition(tables.allSatisfy(Self.tables.contains), "BulkLoad: no replacement for the triggers of \(tables)")
        return try await db.transaction { tx in
            // The load's references are checked at its commit, not row by row: a statement that could fail on a reference
            // midway would otherwise need a statement journal too (see `insert`). Reset by SQLite at the commit.
            if tx.isSQLite { try await tx.sql.raw("PRAGMA defer_foreign_keys = ON").run() }
            var before: [String: Int] = [:]
            for table in tables { before[table] = try await largestID(of: table, on: tx) }
            // Petitions still waiting for a cluster are gathered now, with the clusters' counters kept by their triggers:
            // a body that gathers petitions (`hdnd demo --scale`) then gathers only its own, which `catchUp` counts.
            if tables.contains(VoterPetition.schema) { try await PetitionClusters.assignPending(on: tx) }
            let suspended = try await suspend(tables, on: tx)
            let indexes = rebuildingIndexes ? try await dropIndexes(of: tables, on: tx) : []
            let references = rebuildingIndexes ? try await dropForeignKeys(of: tables, on: tx) : []
            return try await withLargerCache(on: tx) {
                // Each step's time in the log (info), so that a slow one shows: `LOG_LEVEL=info hdnd demo --scale 1`.
                var lap = Date()
                func took(_ step: String) {
                    tx.logger.info("BulkLoad \(tables.joined(separator: ", ")): \(step) \(String(format: "%.1f", Date().timeIntervalSince(lap))) s")
                    lap = Date()
                }
                let result = try await body(tx)
                took("rows")
                try await build(indexes, on: tx)
                took("\(indexes.count) indexes")
                for reference in references { try await tx.sql.raw(reference).run() }
                took("\(references.count) foreign keys")
                for table in tables {
                    try await catchUp(table, after: before[table] ?? 0, on: tx, took: took)
                }
                // The figures' revision once for the load (SQLite's trigger bumps it per row; PostgreSQL's per statement).
                if tables.contains(where: FigureRevision.tables.contains) { try await FigureRevision.bump(on: tx) }
                try await resume(suspended, on: tx)
                return result
            }
        }
    }

    /// A load reads, writes and sorts more of a province's pages than the usual page cache of SQLite holds (64 MB,
    /// `configure`): for its length up to a gigabyte, on the one connection it writes through, given back at its end or
    /// failure (SQLite's pragma is not part of the transaction; the cache grows only as far as pages are read).
    private struct CacheSize: Decodable { let cache_size: Int }
    /// The load's page cache (SQLite's `cache_size`: a negative number of KiB).
    private static let loadCache = -1_048_576
    private static func setCache(_ size: Int, on db: any Database) async throws {
        try await db.sql.raw("PRAGMA cache_size = \(unsafeRaw: String(size))").run()
    }
    private static func withLargerCache<T>(on db: any Database, _ work: () async throws -> T) async throws -> T {
        guard db.isSQLite else { return try await work() }
        let before = try await db.sql.raw("PRAGMA cache_size").rows(CacheSize.self).first?.cache_size ?? -2_000
        try await setCache(loadCache, on: db)
        do {
            let result = try await work()
            try await setCache(before, on: db)
            return result
        } catch {
            try? await setCache(before, on: db)
            throw error
        }
    }

    /// Builds the dropped indexes again, each by one sort. On SQLite, sorts what fits its page cache in the one thread, and
    /// splits a larger sort into runs of the cache's size sorted on helper threads (`PRAGMA threads`) and then merged: with
    /// the load's gigabyte every index was one sort on one core. So for these statements the cache is small (8 MB) and
    /// the helpers as many as the cores: the three largest petition indexes 5,8 → 3,1 s in the shell. Both given back
    /// after, also on failure.
    private static func build(_ indexes: [String], on tx: any Database) async throws {
        guard !indexes.isEmpty else { return }
        guard tx.isSQLite else {
            // Building a GIN index in one sort wants the memory for it (PostgreSQL's default is 64 MB).
            try await tx.sql.raw("SET LOCAL maintenance_work_mem = '512MB'").run()
            for index in indexes { try await tx.sql.raw(SQLQueryString(index)).run() }
            return
        }
        func helpers(_ n: Int, cache: Int) async throws {
            try await tx.sql.raw("PRAGMA threads = \(unsafeRaw: String(n))").run()
            try await setCache(cache, on: tx)
        }
        try await helpers(ProcessInfo.processInfo.activeProcessorCount, cache: -8_192)
        do {
            for index in indexes { try await tx.sql.raw(SQLQueryString(index)).run() }
        } catch {
            try? await helpers(0, cache: loadCache)
            throw error
        }
        try await helpers(0, cache: loadCache)
    }

    /// Inserts `rows` (values in the order of `columns`, nil for NULL). On SQLite 2.000 to a statement, the values bound
    /// straight to SQLite's own types and the statement's text written once for all its chunks: going through SQLKit's
    /// expressions and `Encodable` took most of the time of a generated row. The values are made on the thread pool:
    /// on the event loop they held up the work a load does there meanwhile (the demo's next petitions' clusters); and
    /// a statement's values are made while SQLite writes the statement before it, on another core (made all first, they
    /// were a third of an import's insert, with SQLite idle). On PostgreSQL by one `COPY … FROM STDIN`, which PostgreSQL
    /// reads without planning a statement per chunk nor a parameter per value. Only inside `run`'s transaction, which a
    /// failure takes back whole.
    static func insert(into table: String, columns: [String], rows: [[(any Encodable & Sendable)?]], on db: any Database) async throws {
        if let postgres = db as? any PostgresDatabase {
            return try await copy(into: table, columns: columns, rows: rows, on: postgres, logger: db.logger)
        }
        guard let sqlite = db as? any SQLiteDatabase else { throw Abort(.internalServerError, reason: "BulkLoad: unknown database") }
        let size = 2_000
        let pieces = stride(from: 0, to: rows.count, by: size).map { $0..<min($0 + size, rows.count) }
        func values(_ piece: Int) -> Task<[SQLiteData], any Error>? {
            guard piece < pieces.count else { return nil }
            let range = pieces[piece]
            return Task { try await Cores.pool.runIfActive { try sqliteValues(rows[range]) } }
        }
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        // OR FAIL: a failing row ends the statement without undoing its earlier rows, so SQLite keeps no statement journal
        // for each statement (a tenth of an import's time, `perf`); the load's transaction is what takes everything back.
        let head = "INSERT OR FAIL INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ") VALUES "
        var statements: [Int: String] = [:]
        var next = values(0)
        for (i, piece) in pieces.enumerated() {
            guard let made = next else { break }
            let bound = try await made.value
            next = values(i + 1)
            let statement = statements[piece.count] ?? head + Array(repeating: row, count: piece.count).joined(separator: ", ")
            statements[piece.count] = statement
            try await sqlite.query(statement, bound) { _ in }
        }
    }

    /// The rows' values in a row, as SQLite's own types: the common types as SQLiteKit's encoder writes them, without its
    /// casts; anything else through it.
    private static func sqliteValues(_ rows: ArraySlice<[(any Encodable & Sendable)?]>) throws -> [SQLiteData] {
        let encoder = SQLiteDataEncoder()
        var values: [SQLiteData] = []
        values.reserveCapacity(rows.count * (rows.first?.count ?? 0))
        for r in rows {
            for value in r {
                switch value {
                case nil: values.append(.null)
                case let text as String: values.append(.text(text))
                case let number as Int: values.append(.integer(number))
                case let flag as Bool: values.append(.integer(flag ? 1 : 0))
                case let other?: values.append(try encoder.encode(other))
                }
            }
        }
        return values
    }

    /// The rows into `table` by one `COPY … FROM STDIN` in PostgreSQL's text format (`CopyText`).
    private static func copy(into table: String, columns: [String], rows: [[(any Encodable & Sendable)?]], on postgres: any PostgresDatabase,
                             logger: Logger) async throws {
        try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    // Each piece of 2.000 rows sent as soon as it is written out, so that PostgreSQL inserts one while the
                    // next is made (made all first, the text of an import's 100.000 petitions kept PostgreSQL idle).
                    var text = CopyText()
                    for start in stride(from: 0, to: rows.count, by: 2_000) {
                        try await writer.write(ByteBuffer(string: try text.lines(rows[start..<min(start + 2_000, rows.count)])))
                    }
                }
            }
        }.get()
    }

    /// Rows as the text of PostgreSQL's `COPY`: a row a line, values apart by tabs, `\\N` for NULL, and backslash, tab and
    /// line breaks escaped inside a value.
    private struct CopyText {
        private let stamp: ISO8601DateFormatter = {
            let stamp = ISO8601DateFormatter()
            stamp.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return stamp
        }()
        /// The last instant written and its text: a load's rows mostly share theirs (an import's `created_at`), and the
        /// formatter takes microseconds a call.
        private var last: (date: Date, text: String)?

        mutating func lines(_ rows: ArraySlice<[(any Encodable & Sendable)?]>) throws -> String {
            var text = ""
            text.reserveCapacity(rows.count * 160)
            for r in rows {
                for (i, value) in r.enumerated() {
                    if i > 0 { text.append("\t") }
                    switch value {
                    case nil: text.append("\\N")
                    case let string as String where !string.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }):
                        text.append(string)
                    case let string as String:
                        for c in string.unicodeScalars {
                            switch c {
                            case "\\": text.append("\\\\")
                            case "\t": text.append("\\t")
                            case "\n": text.append("\\n")
                            case "\r": text.append("\\r")
                            default: text.unicodeScalars.append(c)
                            }
                        }
                    case let number as Int: text.append(String(number))
                    case let number as Double: text.append(String(number))
                    case let flag as Bool: text.append(flag ? "t" : "f")
                    case let date as Date:
                        if last?.date != date { last = (date, stamp.string(from: date)) }
                        text.append(last?.text ?? "")
                    case let other?:
                        throw Abort(.internalServerError, reason: "BulkLoad: no COPY text for a value of type \(type(of: other))")
                    }
                }
                text.append("\n")
            }
            return text
        }
    }

    /// The largest id of `table` (0 when empty). Inside `run` the rows above the largest id at its start are the load's own:
    /// nobody else writes to the tables meanwhile.
    static func largestID(of table: String, on db: any Database) async throws -> Int {
        struct Largest: Decodable { let n: Int? }
        return try await db.sql.raw("SELECT MAX(id) AS n FROM \(ident: table)").firstRow(Largest.self)?.n ?? 0
    }

    /// The counters that `catchUp` writes in bulk and that count on by triggers of their own, row by row: the reception
    /// days (their sessions) and the clusters' councils' rows (their units' totals). `catchUp` adds what those triggers
    /// would, so they are set aside with the tables' own: by them, a province's 162.828 days and 294.512 councils' rows
    /// each upserted the counters of every unit above (PostgreSQL: 135 s and 35 s of the demo).
    static func countedOn(_ table: String) -> [(table: String, trigger: String)] {
        switch table {
        case ReceptionVisit.schema: [("reception_days", "reception_days_counts")]
        case VoterPetition.schema: [(PetitionClusterCounts.schema, PetitionClusterCounts.unitTriggers.counts)]
        default: []
        }
    }

    /// SQLite: the insert triggers (and the clusters' counters' triggers, and those of `countedOn`) dropped, returned as
    /// (name, definition) to create them again. PostgreSQL: the counters' triggers (its only per-row triggers among
    /// these) disabled, returned as (table, trigger): readers of those tables go on meanwhile.
    private static func suspend(_ tables: [String], on db: any Database) async throws -> [(name: String, sql: String)] {
        if db.isSQLite {
            struct Trigger: Decodable { let name: String; let sql: String }
            func names(_ table: String) -> [String] {
                guard table != SearchEntry.schema else { return ["search_entries_ai"] }
                var names = ["\(table)_counts_insert"]
                if table == VoterPetition.schema { names += ["voter_petitions_fts_ai"] + PetitionCounters.all.flatMap { $0.sqliteTriggers } }
                if FigureRevision.tables.contains(table) { names.append(FigureRevision.sqliteTrigger(table, "insert")) }
                for counted in countedOn(table) { names += ["\(counted.trigger)_insert", "\(counted.trigger)_update"] }
                return names
            }
            let names = tables.flatMap(names)
            let triggers = try await db.sql.raw("""
                SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (\(binds: names))
                """).rows(Trigger.self)
            // A trigger renamed elsewhere and not found here would keep counting while `catchUp` counts again: refuse instead.
            guard Set(triggers.map(\.name)) == Set(names) else {
                throw Abort(.internalServerError, reason: "BulkLoad: the triggers \(Set(names).subtracting(triggers.map(\.name)).sorted()) were not found.")
            }
            for t in triggers { try await db.sql.raw("DROP TRIGGER \(ident: t.name)").run() }
            return triggers.map { ($0.name, $0.sql) }
        }
        let triggers = tables.filter { SummaryCounters.tables.contains($0) }.flatMap { table in
            [(table, "\(table)_counts")] + (table == VoterPetition.schema
                ? PetitionCounters.all.map { (table, $0.postgresTrigger) } : []) + countedOn(table)
        }
        for (table, trigger) in triggers { try await db.sql.raw("ALTER TABLE \(ident: table) DISABLE TRIGGER \(ident: trigger)").run() }
        return triggers.map { ($0.0, $0.1) }
    }

    /// The tables' own indexes dropped (not those of a primary key or a UNIQUE constraint, which the load's rows must
    /// meet as they come); returns the statements that create them again.
    private static func dropIndexes(of tables: [String], on db: any Database) async throws -> [String] {
        struct Index: Decodable { let name: String; let sql: String }
        let indexes = try await db.sql.raw(db.isSQLite ? """
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(binds: tables))
            """ : """
            SELECT i.indexname AS name, i.indexdef AS sql FROM pg_indexes i \
            WHERE i.schemaname = current_schema() AND i.tablename IN (\(binds: tables)) AND NOT EXISTS (\
            SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
            """).rows(Index.self)
        for index in indexes { try await db.sql.raw("DROP INDEX \(ident: index.name)").run() }
        return indexes.map(\.sql)
    }

    /// PostgreSQL: the tables' foreign keys dropped; returns the statements that add them again, each checked by one
    /// query over the whole table (a join) instead of one look-up per row and reference: 200.000 petitions went into a
    /// copy of their table with its six references in 3,5 s, without them in 0,4–0,5 s (psql). A dangling reference fails the
    /// statement that adds its key back, and with it the load. Only for loads that rebuild their indexes (the tables and
    /// those they refer to are locked against readers until the commit). SQLite checks a load's references at its
    /// commit already (`defer_foreign_keys`).
    private static func dropForeignKeys(of tables: [String], on db: any Database) async throws -> [SQLQueryString] {
        guard !db.isSQLite else { return [] }
        struct Reference: Decodable { let table: String; let name: String; let definition: String }
        let references = try await db.sql.raw("""
            SELECT r.relname AS "table", c.conname AS name, pg_get_constraintdef(c.oid) AS definition \
            FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid \
            WHERE c.contype = 'f' AND r.relnamespace = current_schema()::regnamespace AND r.relname IN (\(binds: tables))
            """).rows(Reference.self)
        for r in references { try await db.sql.raw("ALTER TABLE \(ident: r.table) DROP CONSTRAINT \(ident: r.name)").run() }
        return references.map { "ALTER TABLE \(ident: $0.table) ADD CONSTRAINT \(ident: $0.name) \(unsafeRaw: $0.definition)" }
    }

    private static func resume(_ suspended: [(name: String, sql: String)], on db: any Database) async throws {
        for s in suspended {
            if db.isSQLite {
                try await db.sql.raw(SQLQueryString(s.sql)).run()
            } else {
                try await db.sql.raw("ALTER TABLE \(ident: s.name) ENABLE TRIGGER \(ident: s.sql)").run()
            }
        }
    }

    /// What the triggers would have done for the rows of `table` above `id`, set by set.
    private static func catchUp(_ table: String, after id: Int, on db: any Database, took: (String) -> Void) async throws {
        let new = "r.id > \(id)"
        if SummaryCounters.tables.contains(table) {
            try await SummaryCounters.add(table, rows: new, on: db)
            took("summary counters of \(table)")
        }
        if table == VoterPetition.schema {
            for counter in PetitionCounters.all { try await counter.addLoaded(rows: new, on: db) }
            took("petition counters")
        }
        guard db.isSQLite else { return }
        if table == VoterPetition.schema {
            try await unmerged("petition_fts", SQLQueryString(M029_AddSimilarPetitionIndex.indexOpen(where: "id > \(id)")), on: db)
            took("similar-petition index")
        }
        if table == SearchEntry.schema {
            try await unmerged("search_fts", "INSERT INTO search_fts(rowid, folded) SELECT id, folded FROM search_entries WHERE id > \(bind: id)", on: db)
            took("search index")
        }
    }

    /// Runs `insert` into the FTS5 table `fts` without merging the index's segments meanwhile, and with room for the
    /// load's terms in memory. FTS5 merges as it writes (`automerge`, 4 segments of a level by default): for 100.000
    /// search entries that was 0,36 of the insert's 0,51 s (sqlite3 3.40 on the `--scale 1` data). It also writes a new
    /// segment each time its terms in memory reach `hashsize` (1 MB by default): a million petitions made dozens, merged
    /// at once whenever a level reached 16 (`crisismerge`). The load's segments are merged by later writes, a little at
    /// each (both settings are back to their defaults after the insert); a search reads a few more segments meanwhile
    /// (the same 0,3–0,6 ms for "nao vet cong" either way).
    private static func unmerged(_ fts: String, _ insert: SQLQueryString, on db: any Database) async throws {
        func set(_ option: String, _ value: Int) async throws {
            try await db.sql.raw("INSERT INTO \(ident: fts)(\(ident: fts), rank) VALUES (\(literal: option), \(literal: value))").run()
        }
        try await set("automerge", 0)
        try await set("hashsize", 64 << 20)
        try await db.sql.raw(insert).run()
        try await set("hashsize", 1 << 20)
        try await set("automerge", 4)
    }
}
