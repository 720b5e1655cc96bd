import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The revision of what the figures count, kept by the database: every write to a table the summary's figures are
/// counted from bumps the one row of `figure_revisions` in the writer's own transaction (triggers, M057). A reader that
/// reads the revision before the figures can therefore never keep older figures under a newer revision; at worst it
/// keeps newer figures under an older one, and the next reader counts again. One row, not one per table: two writers
/// locking two rows in opposite orders could deadlock. On PostgreSQL it is bumped before each statement's rows are
/// written: a writer takes it before any row of the counters its rows' triggers update (`SummaryCounters`), so that a
/// transaction writing a meeting and then its petitions cannot hold the petitions' counters while another, holding the
/// revision, waits for them. Writers of these tables therefore take turns from their first such statement to their commit.
enum FigureRevision {
    /// The tables the summary counts from (`SummaryQueries.summary`, `SummaryCounters.groups`), and the councils and units
    /// that decide which councils a unit's figures cover (M057).
    static let countedBySummary = ["councils", "units", "council_units", "voter_meetings", "voter_petitions", "letters",
                                   "reception_visits", "reception_days"]
    /// The council work's records a target or a period report counts (`TargetMeasure.Source`), and who a target binds:
    /// the terms, bodies, memberships and people of its committees, delegate groups and delegates (M058).
    static let countedByWork = ["council_sessions", "oversights", "questions", "explanation_hearings", "standing_meetings",
                                "council_tasks", "terms", "bodies", "memberships", "people"]
    /// What else a council's work list on the home page (`Worklist.council`) and its calendar (`CouncilCalendar`) read:
    /// recommendations after oversight, the agencies' names, reception schedules and duty, the holiday calendar,
    /// successions, targets, work programs and their items, briefing and dialogue conferences, trainings (M059).
    static let readByHomeAndCalendar = ["recommendations", "organizations", "reception_schedules", "reception_assignments",
                                        "holiday_decisions", "unit_successions", "targets", "work_programs", "work_items",
                                        "briefing_conferences", "dialogue_conferences", "trainings"]
    /// What else a council's page reads: its constituencies and hand-overs (M062).
    static let readByCouncilPage = ["constituencies", "handovers"]
    /// What else a council's evaluation reads: its criteria (M066).
    static let readByEvaluation = ["evaluation_criteria"]
    /// What else a work program's page reads: which records carry out its items (M068).
    static let readByWorkProgram = ["work_item_records"]
    /// What else a session's page reads: its attendance, preparation, agenda and resolutions (M069).
    static let readBySessionPage = ["session_attendance", "session_preparation", "session_agenda_items", "resolutions"]
    /// Every table whose writes bump the revision. A table added to the figures needs its triggers: a new migration that
    /// `track`s a list of its own (a migration's list never changes once it has run).
    static let tables = countedBySummary + countedByWork + readByHomeAndCalendar + readByCouncilPage + readByEvaluation + readByWorkProgram
        + readBySessionPage

    /// The revision as a page's request has read it, once for the request: every value a page keeps (a list's count, its
    /// council, its panels) is checked against it without a statement each. On PostgreSQL each statement costs the app
    /// about 0,2 ms of CPU whatever it reads (`perf`, issue 11). Only for reading requests (`ActorMiddleware`): one that
    /// writes and then shows figures reads the revision after its write.
    final class Seen: Sendable {
        private let box: NIOLockedValueBox<Int?>
        init(_ revision: Int? = nil) { box = .init(revision) }
        var revision: Int? { box.withLockedValue { $0 } }
        /// The first revision read in the request stays: a later read could only be newer, and all of a page's kept
        /// values are then checked against the same one.
        func learn(_ revision: Int) { box.withLockedValue { if $0 == nil { $0 = revision } } }
    }
    @TaskLocal static var seen: Seen?
    /// The revision read with a signed-in request's session and account (`SessionStore`, `Accounts.actorRows`).
    struct ReadWithAccount: StorageKey { typealias Value = Int }

    /// The revision now: as the request has seen it, if it is a reading request outside a transaction (a transaction's
    /// own writes are not counted in it), else read.
    static func current(on db: any Database) async throws -> Int {
        struct Row: Decodable { let n: Int }
        let seen = db.inTransaction ? nil : seen
        if let revision = seen?.revision { return revision }
        let revision = try await db.sql.raw("SELECT n FROM figure_revisions").rows(Row.self).first?.n ?? 0
        seen?.learn(revision)
        return revision
    }

    /// The statement that reads it beside other columns (`Accounts.actorRows`).
    static let column = "(SELECT n FROM figure_revisions) AS figure_revision"

    /// The one statement that bumps it: in every trigger, and once for a bulk load (`bump`).
    private static let bumping = "UPDATE figure_revisions SET n = n + 1"

    /// What a bulk load does once instead of the triggers (`BulkLoad`).
    static func bump(on db: any Database) async throws { try await db.sql.raw(SQLQueryString(bumping)).run() }

    /// The name of SQLite's trigger on `table` for `op` (insert, update, delete).
    static func sqliteTrigger(_ table: String, _ op: String) -> String { "figure_revision_\(table)_\(op)" }
    /// The name of PostgreSQL's trigger on `table`.
    private static func postgresTrigger(_ table: String) -> String { "figure_revision_\(table)" }

    /// The table, its row and the summary's triggers (M057).
    static func install(on db: any Database) async throws {
        try await db.sql.raw("CREATE TABLE figure_revisions (n BIGINT NOT NULL)").run()
        try await db.sql.raw("INSERT INTO figure_revisions (n) VALUES (0)").run()
        if !db.isSQLite {
            try await db.sql.raw("""
                CREATE OR REPLACE FUNCTION figure_revision() RETURNS trigger AS $$
                BEGIN \(unsafeRaw: bumping); RETURN NULL; END $$ LANGUAGE plpgsql
                """).run()
        }
        try await track(countedBySummary, on: db)
    }

    static func uninstall(on db: any Database) async throws {
        try await untrack(countedBySummary, on: db)
        if !db.isSQLite { try await db.sql.raw("DROP FUNCTION IF EXISTS figure_revision()").run() }
        try await db.sql.raw("DROP TABLE IF EXISTS figure_revisions").run()
    }

    /// Writes to `tables` bump the revision: on SQLite one trigger per table and kind of write (it has no statement
    /// triggers), on PostgreSQL one per table and statement (an import of 100.000 rows bumps it once).
    static func track(_ tables: [String], on db: any Database) async throws {
        for table in tables {
            if db.isSQLite {
                for op in ["INSERT", "UPDATE", "DELETE"] {
                    try await db.sql.raw("""
                        CREATE TRIGGER \(ident: sqliteTrigger(table, op.lowercased())) AFTER \(unsafeRaw: op) ON \(ident: table) \
                        BEGIN \(unsafeRaw: bumping); END
                        """).run()
                }
            } else {
                try await db.sql.raw("""
                    CREATE TRIGGER \(ident: postgresTrigger(table)) BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(ident: table) \
                    FOR EACH STATEMENT EXECUTE FUNCTION figure_revision()
                    """).run()
            }
        }
    }

    static func untrack(_ tables: [String], on db: any Database) async throws {
        for table in tables {
            if db.isSQLite {
                for op in ["insert", "update", "delete"] {
                    try await db.sql.raw("DROP TRIGGER IF EXISTS \(ident: sqliteTrigger(table, op))").run()
                }
            } else {
                try await db.sql.raw("DROP TRIGGER IF EXISTS \(ident: postgresTrigger(table)) ON \(ident: table)").run()
            }
        }
    }
}

/// Figures counted from many records (a unit's summary, a period's figures, a council's work list and calendar), kept
/// in this process between requests while the revision of what they count (`FigureRevision`) stays the same: one read of
/// the revision instead of the figures' reads. Only what every reader sees alike is kept (the asker is checked before,
/// and a key names whatever else a value depends on: unit, period, role, day). Each process keeps its own; the revision
/// is the database's, shared by all of them.
final class FigureCache: Sendable {
    private struct Entry { let revision: Int; let value: any Sendable; let weight: Int }
    private struct Kept { var entries: [String: Entry] = [:]; var weight = 0 }
    private let kept = NIOLockedValueBox(Kept())
    /// Past this weight kept, all is dropped and counted again as asked. A figure weighs 1 and a list 1 and its rows
    /// (`weight(of:)`), each a few hundred bytes at most: a crawler asking for every council's calendar of every month
    /// fills tens of megabytes, not the server's memory.
    private let capacity: Int
    init(capacity: Int = 100_000) { self.capacity = capacity }
    /// Keeps nothing: for figures counted once, outside a request (a report's draft, its snapshot when issued).
    static let none = FigureCache(capacity: 0)

    /// How many figures are kept.
    var count: Int { kept.withLockedValue { $0.entries.count } }

    /// What a value weighs: 1, and for a list the weight of each of its rows (for a dictionary, 1 an entry); for a value
    /// that tells its own (`Weighed`) that; a text by its length.
    static func weight(of value: Any) -> Int {
        if let w = value as? any Weighed { return w.weight }
        if let text = value as? String { return 1 + text.utf8.count / 256 }
        if let list = value as? any Collection {
            var total = 1
            for row in list { total += weight(of: row) }
            return total
        }
        return 1
    }

    /// The figures under `key` (which names everything they depend on but the records: unit, period, day), counted by
    /// `count` when the records changed since they were kept. Inside a transaction, always counted (the transaction's
    /// own writes are not everyone's yet).
    func value<T: Sendable>(_ key: String, on db: any Database, count: () async throws -> T) async throws -> T {
        guard !db.inTransaction, capacity > 0 else { return try await count() }
        return try await value(key, revision: try await FigureRevision.current(on: db), count: count)
    }

    /// The same for a value that follows a revision of its own (the audit log's largest id: it only grows, and bumping
    /// the figures' revision with every audit entry would drop every kept figure at every write).
    func value<T: Sendable>(_ key: String, revision: Int, count: () async throws -> T) async throws -> T {
        guard capacity > 0 else { return try await count() }
        if let entry = kept.withLockedValue({ $0.entries[key] }), entry.revision == revision, let value = entry.value as? T { return value }
        let value = try await count()
        let weight = Self.weight(of: value)
        kept.withLockedValue { kept in
            kept.weight -= kept.entries[key]?.weight ?? 0
            if kept.weight + weight > capacity { kept = Kept() }
            kept.entries[key] = Entry(revision: revision, value: value, weight: weight)
            kept.weight += weight
        }
        return value
    }
}

/// A kept value that holds rows a list does not show (`FigureCache.weight(of:)`): the figures of the councils below.
protocol Weighed { var weight: Int { get } }

/// Kept markup (a chart, a table's rows) weighs as its text: a city's chart of 126 wards is tens of kilobytes, not one figure.
extension HTML: Weighed {
    var weight: Int { FigureCache.weight(of: text) }
}

/// A select's kept options weigh as their markup.
extension Options: Weighed {
    var weight: Int { html.weight }
}

private struct FigureCacheKey: StorageKey { typealias Value = FigureCache }

extension Application {
    /// The figures this process keeps (`FigureCache`), made by `configure` before any request (the storage is not for
    /// writing from requests at once).
    var figures: FigureCache {
        get { storage[FigureCacheKey.self] ?? FigureCache() }
        set { storage[FigureCacheKey.self] = newValue }
    }
}
