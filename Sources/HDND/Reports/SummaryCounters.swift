import Fluent
import SQLKit

/// Monthly counters per council of the summary's additive figures, kept by database triggers on every write
/// (forms, API, imports, generated data alike), so that a city's year reads a few thousand counter rows instead
/// of hundreds of thousands of records.
///
/// Each figure is defined once, below, as an SQL expression over a row `r`. The same definitions generate the
/// triggers, the backfill of existing rows, and the direct count used for the part of a period that does not
/// cover whole months; a test checks that counters and direct counts agree on both databases.
public enum SummaryCounters {
    public struct Metric: Sendable {
        public let name: String
        /// The value a row adds (1, a column, or a CASE), over the row alias `r`.
        public let value: String
    }

    /// The metrics of one table, bucketed by the month of one date column.
    public struct Group: Sendable {
        public let table: String
        public let dateColumn: String
        public let metrics: [Metric]
        /// Records are soft-deleted (a row with `deleted_at` counts for nothing); `reception_days` is not.
        public var softDeleted = true
        /// A condition every row that adds anything meets, so a direct count can read only those rows by an index.
        public var only: String? = nil

        /// The condition for a row (alias) to count.
        func live(_ row: String) -> String { softDeleted ? "\(row).deleted_at IS NULL" : "1 = 1" }
    }

    public static let groups: [Group] = [
        Group(table: "voter_meetings", dateColumn: "date", metrics: [
            Metric(name: "meetings", value: "1"),
            Metric(name: "meetings_council", value: "CASE WHEN r.kind IN ('beforeSession', 'afterSession') THEN 1 ELSE 0 END"),
            Metric(name: "meetings_thematic", value: "CASE WHEN r.kind = 'thematic' THEN 1 ELSE 0 END"),
            Metric(name: "meetings_national_assembly", value: "CASE WHEN r.kind = 'higherLevel' AND r.higher_level = 'nationalAssembly' THEN 1 ELSE 0 END"),
            Metric(name: "meetings_province", value: "CASE WHEN r.kind = 'higherLevel' AND r.higher_level = 'province' THEN 1 ELSE 0 END"),
            Metric(name: "voters_attending", value: "r.voters_attending"),
            Metric(name: "voters_speaking", value: "r.voters_speaking"),
        ]),
        Group(table: "voter_petitions", dateColumn: "received_on", metrics: [Metric(name: "petitions_received", value: "1")]),
        Group(table: "voter_petitions", dateColumn: "forwarded_on", metrics: [Metric(name: "petitions_forwarded", value: "1")]),
        Group(table: "voter_petitions", dateColumn: "answered_on", metrics: [Metric(name: "petitions_answered", value: "1")]),
        // Forwarded and not yet answered, by due month: the overdue as of a day are those due before it.
        Group(table: "voter_petitions", dateColumn: "due_date", metrics: [
            Metric(name: "petitions_awaiting", value: "CASE WHEN r.status = 'forwarded' THEN 1 ELSE 0 END"),
        ], only: "r.status = 'forwarded'"),
        Group(table: "letters", dateColumn: "received_on", metrics: [Metric(name: "letters_received", value: "1")]),
        Group(table: "reception_visits", dateColumn: "date", metrics: [Metric(name: "citizens_received", value: "r.visitors")]),
        // A session is a (council, day, delegate) with visits; `reception_days` is itself kept by the visits' triggers.
        Group(table: "reception_days", dateColumn: "date", metrics: [receptionSessions], softDeleted: false),
    ]

    static let receptionSessions = Metric(name: "reception_sessions", value: "CASE WHEN r.visits > 0 THEN 1 ELSE 0 END")

    static var tables: [String] { groups.map(\.table).reduce(into: []) { if !$0.contains($1) { $0.append($1) } } }

    /// The columns whose change can change what a row of `table` counts (its council, its dates, what its metrics
    /// read): an update of any other column (a letter's next deadline, a petition's cluster) leaves the counters alone.
    static func countedColumns(_ table: String) -> [String] {
        var columns = ["council_id"]
        for g in groups where g.table == table {
            if g.softDeleted { columns.append("deleted_at") }
            columns.append(g.dateColumn)
            for m in g.metrics + (g.only.map { [Metric(name: "", value: $0)] } ?? []) {
                columns += m.value.matches(of: /r\.([a-z_]+)/).map { String($0.output.1) }
            }
        }
        // What a reception visit's day statement reads (`receptionDay`).
        if table == "reception_visits" { columns += ["date", "delegate_id"] }
        return columns.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// Reception sessions ("buổi") are distinct days of a delegate at a council's reception, not a sum: `reception_days`
    /// keeps how many visits each (council, day, delegate) has, and a session is a row with visits.
    static func receptionDay(row: String, sign: Int) -> String {
        sign > 0 ? """
            INSERT INTO reception_days (council_id, date, delegate_key, visits) \
            SELECT \(row).council_id, \(row).date, COALESCE(\(row).delegate_id, 0), 1 WHERE \(row).deleted_at IS NULL \
            ON CONFLICT (council_id, date, delegate_key) DO UPDATE SET visits = reception_days.visits + 1
            """ : """
            UPDATE reception_days SET visits = visits - 1 WHERE \(row).deleted_at IS NULL AND council_id = \(row).council_id \
            AND date = \(row).date AND delegate_key = COALESCE(\(row).delegate_id, 0)
            """
    }

    /// Every statement a row's insertion (`sign` 1) or removal (-1) runs for `table`.
    static func statements(_ table: String, row: String, sign: Int) -> [String] {
        groups.filter { $0.table == table }.flatMap { upserts($0, row: row, sign: sign) }
            + (table == "reception_visits" ? [receptionDay(row: row, sign: sign)] : [])
    }

    // MARK: Writing the counters

    /// Adding (`sign` 1) or removing (-1) one row's contribution: to its council's counters, and to the totals of
    /// every unit above the council (`council_units`), so that a city's summary reads one row per metric and month.
    static func upserts(_ g: Group, row: String, sign: Int) -> [String] {
        let values = g.metrics.map { "SELECT '\($0.name)' AS metric, \(sign) * (\($0.value.replacingOccurrences(of: "r.", with: row + "."))) AS n" }
        let contribution = "(\(values.joined(separator: " UNION ALL "))) x"
        let month = "substr(\(row).\(g.dateColumn), 1, 7)"
        let counted = "\(row).\(g.dateColumn) IS NOT NULL AND \(g.live(row)) AND x.n <> 0"
        return [
            """
            INSERT INTO summary_counts (council_id, month, metric, n) SELECT \(row).council_id, \(month), x.metric, x.n FROM \(contribution) \
            WHERE \(counted) ON CONFLICT (council_id, month, metric) DO UPDATE SET n = summary_counts.n + excluded.n
            """,
            """
            INSERT INTO unit_counts (unit_id, month, metric, n) SELECT a.unit_id, \(month), x.metric, x.n FROM council_units a, \(contribution) \
            WHERE a.council_id = \(row).council_id AND \(counted) ON CONFLICT (unit_id, month, metric) DO UPDATE SET n = unit_counts.n + excluded.n
            """,
        ]
    }

    static func createTriggers(on db: any Database) async throws {
        for table in tables {
            try await createCountingTriggers("\(table)_counts", on: table, watching: countedColumns(table), db: db) { statements(table, row: $0, sign: $1) }
        }
    }

    static func dropTriggers(on db: any Database) async throws {
        for table in tables { try await dropCountingTriggers("\(table)_counts", on: table, db: db) }
    }

    /// The triggers that keep counters of `table`: on SQLite `name`_insert, _update (of the `watching` columns) and
    /// _delete; on PostgreSQL one trigger `name` running the function `name`. `statements(row, sign)` adds (1) or takes
    /// away (-1) what the row `NEW` or `OLD` counts. `insertWhen`: the condition on `NEW` under which an insertion counts
    /// anything (SQLite then skips the trigger's body otherwise).
    static func createCountingTriggers(_ name: String, on table: String, watching columns: [String], insertWhen: String? = nil, db: any Database,
                                       statements: (_ row: String, _ sign: Int) -> [String]) async throws {
        let watched = columns.joined(separator: ", ")
        if db.isSQLite {
            let add = statements("NEW", 1).map { $0 + ";" }.joined(separator: " ")
            let remove = statements("OLD", -1).map { $0 + ";" }.joined(separator: " ")
            let when = insertWhen.map { " WHEN \($0)" } ?? ""
            try await db.sql.raw("CREATE TRIGGER \(unsafeRaw: name)_insert AFTER INSERT ON \(unsafeRaw: table)\(unsafeRaw: when) BEGIN \(unsafeRaw: add) END").run()
            try await db.sql.raw("CREATE TRIGGER \(unsafeRaw: name)_delete AFTER DELETE ON \(unsafeRaw: table) BEGIN \(unsafeRaw: remove) END").run()
            try await db.sql.raw("""
                CREATE TRIGGER \(unsafeRaw: name)_update AFTER UPDATE OF \(unsafeRaw: watched) ON \(unsafeRaw: table) BEGIN \(unsafeRaw: remove) \(unsafeRaw: add) END
                """).run()
        } else {
            let add = statements("NEW", 1).map { $0 + ";" }.joined(separator: "\n")
            let remove = statements("OLD", -1).map { $0 + ";" }.joined(separator: "\n")
            try await db.sql.raw("""
                CREATE OR REPLACE FUNCTION \(unsafeRaw: name)() RETURNS trigger AS $$
                BEGIN
                IF TG_OP <> 'INSERT' THEN \(unsafeRaw: remove) END IF;
                IF TG_OP <> 'DELETE' THEN \(unsafeRaw: add) END IF;
                RETURN NULL;
                END $$ LANGUAGE plpgsql
                """).run()
            try await db.sql.raw("""
                CREATE TRIGGER \(unsafeRaw: name) AFTER INSERT OR UPDATE OF \(unsafeRaw: watched) OR DELETE ON \(unsafeRaw: table) \
                FOR EACH ROW EXECUTE FUNCTION \(unsafeRaw: name)()
                """).run()
        }
    }

    static func dropCountingTriggers(_ name: String, on table: String, db: any Database) async throws {
        if db.isSQLite {
            for op in ["insert", "delete", "update"] { try await db.sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name)_\(unsafeRaw: op)").run() }
        } else {
            try await db.sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name) ON \(unsafeRaw: table)").run()
            try await db.sql.raw("DROP FUNCTION IF EXISTS \(unsafeRaw: name)()").run()
        }
    }

    /// Counts the rows already there (an existing installation, or counters rebuilt).
    static func rebuild(on db: any Database) async throws {
        // Reception days first (their own triggers may touch the counters meanwhile), then every counter from the records.
        try await db.sql.raw("DELETE FROM reception_days").run()
        try await db.sql.raw("INSERT INTO reception_days (council_id, date, delegate_key, visits) \(unsafeRaw: receptionDays(rows: "1 = 1"))").run()
        try await db.sql.raw("DELETE FROM summary_counts").run()
        for table in tables {
            for statement in sumStatements(table, rows: "1 = 1", into: "summary_counts", db: db) { try await db.sql.raw(SQLQueryString(statement)).run() }
        }
        try await refreshUnits(on: db, recount: true)
        // Fresh statistics, so the planner reads the counters by their indexes from the start.
        for table in ["summary_counts", "reception_days", "council_units", "unit_counts"] {
            try await db.sql.raw("ANALYZE \(unsafeRaw: table)").run()
        }
    }

    /// Adds what the rows of `table` that meet `rows` (a condition on the alias `r`) count, one statement per figure
    /// instead of one per row: rows written in bulk without the per-row triggers (`BulkLoad`) are counted this way.
    /// The rows are read once per figure, into a small table of sums by council and month, from which both the councils'
    /// counters and the units' totals are added (summing the rows again once per unit above took 4× longer).
    static func add(_ table: String, rows: String, on db: any Database) async throws {
        try await db.sql.raw("DROP TABLE IF EXISTS bulk_counts").run()
        try await db.sql.raw("""
            CREATE TEMPORARY TABLE bulk_counts (council_id BIGINT, month TEXT, metric TEXT, n BIGINT, PRIMARY KEY (council_id, month, metric))
            """).run()
        if table == "reception_visits" { try await addReceptionDays(rows: rows, on: db) }
        for statement in sumStatements(table, rows: rows, into: "bulk_counts", db: db) { try await db.sql.raw(SQLQueryString(statement)).run() }
        try await db.sql.raw("""
            INSERT INTO summary_counts (council_id, month, metric, n) SELECT council_id, month, metric, n FROM bulk_counts WHERE 1 = 1 \
            ON CONFLICT (council_id, month, metric) DO UPDATE SET n = summary_counts.n + excluded.n
            """).run()
        try await db.sql.raw("""
            INSERT INTO unit_counts (unit_id, month, metric, n) \
            SELECT a.unit_id, b.month, b.metric, SUM(b.n) FROM bulk_counts b JOIN council_units a ON a.council_id = b.council_id \
            GROUP BY a.unit_id, b.month, b.metric HAVING SUM(b.n) <> 0 \
            ON CONFLICT (unit_id, month, metric) DO UPDATE SET n = unit_counts.n + excluded.n
            """).run()
        try await db.sql.raw("DROP TABLE bulk_counts").run()
    }

    /// For each figure of `table`: the statement writing into `target` (the counters, or `bulk_counts`: both keyed by
    /// council, month and metric) the sums of the rows that meet `rows` by council and month. On SQLite each row is added
    /// to its sum in the target's key (an upsert per row): SQLite groups only by sorting, and sorting a province's
    /// 1.000.000 petitions once per figure took 2,4 s where the upserts take 1,3 s (sqlite3 shell, `--scale 1`).
    /// PostgreSQL groups them (its upsert may not touch a row twice in one statement).
    private static func sumStatements(_ table: String, rows: String, into target: String, db: any Database) -> [String] {
        groups.filter { $0.table == table }.flatMap { g in
            g.metrics.map { m in
                let month = "substr(r.\(g.dateColumn), 1, 7)"
                let rows = "FROM \(g.table) r WHERE r.\(g.dateColumn) IS NOT NULL AND \(g.live("r")) AND \(rows)"
                return db.isSQLite ? """
                    INSERT INTO \(target) (council_id, month, metric, n) SELECT r.council_id, \(month), '\(m.name)', \(m.value) \
                    \(rows) AND (\(m.value)) <> 0 ON CONFLICT (council_id, month, metric) DO UPDATE SET n = \(target).n + excluded.n
                    """ : """
                    INSERT INTO \(target) (council_id, month, metric, n) SELECT r.council_id, \(month), '\(m.name)', SUM(\(m.value)) \
                    \(rows) GROUP BY r.council_id, \(month) HAVING SUM(\(m.value)) <> 0
                    """
            }
        }
    }

    /// The (council, day, delegate) of the live visits that meet `rows` (a condition on the alias `r`), with how many.
    private static func receptionDays(rows: String) -> String {
        """
        SELECT r.council_id, r.date, COALESCE(r.delegate_id, 0) AS delegate_key, COUNT(*) AS visits FROM reception_visits r \
        WHERE r.deleted_at IS NULL AND \(rows) GROUP BY r.council_id, r.date, COALESCE(r.delegate_id, 0)
        """
    }

    /// The reception days of the visits that meet `rows`, added to those already kept (`receptionDay` row by row), and the
    /// sessions they start (a day of a delegate with no visit kept yet) counted into `bulk_counts`: for a bulk load, which
    /// sets the days' own counting triggers aside (`BulkLoad.countedOn`).
    private static func addReceptionDays(rows: String, on db: any Database) async throws {
        try await db.sql.raw("DROP TABLE IF EXISTS bulk_days").run()
        try await db.sql.raw("CREATE TEMPORARY TABLE bulk_days AS \(unsafeRaw: receptionDays(rows: rows))").run()
        try await db.sql.raw("""
            INSERT INTO bulk_counts (council_id, month, metric, n) \
            SELECT d.council_id, substr(d.date, 1, 7), \(literal: receptionSessions.name), COUNT(*) FROM bulk_days d WHERE NOT EXISTS (\
            SELECT 1 FROM reception_days e WHERE e.council_id = d.council_id AND e.date = d.date AND e.delegate_key = d.delegate_key \
            AND e.visits > 0) GROUP BY d.council_id, substr(d.date, 1, 7)
            """).run()
        try await db.sql.raw("""
            INSERT INTO reception_days (council_id, date, delegate_key, visits) SELECT council_id, date, delegate_key, visits FROM bulk_days \
            WHERE 1 = 1 ON CONFLICT (council_id, date, delegate_key) DO UPDATE SET visits = reception_days.visits + excluded.visits
            """).run()
        try await db.sql.raw("DROP TABLE bulk_days").run()
    }

    /// Which units each council's counts add up into (its own unit and every unit above), and those units' totals
    /// recounted from the councils' counters. Runs when councils change (and after `rebuild`, `recount: true`);
    /// the triggers keep the totals from then on.
    public static func refreshUnits(on db: any Database, recount: Bool = false) async throws {
        struct Row: Decodable { let id: Int; let path: String }
        let councils = try await db.sql.raw("""
            SELECT c.id, u.path FROM councils c JOIN units u ON u.id = c.unit_id WHERE c.deleted_at IS NULL
            """).rows(Row.self)
        struct Pair: Decodable, Hashable { let council_id: Int; let unit_id: Int }
        let pairs = councils.flatMap { c in AdministrativeUnit.ids(onPath: c.path).map { Pair(council_id: c.id, unit_id: $0) } }
        // Most council edits (a name) change nothing here: then the totals stand as the triggers keep them.
        let current = Set(try await db.sql.raw("SELECT council_id, unit_id FROM council_units").rows(Pair.self)), wanted = Set(pairs)
        guard current != wanted || recount else { return }
        // Only the pairs that changed: the clusters' units' totals follow each pair by a trigger (`PetitionClusterCounts`).
        for gone in current.subtracting(wanted) {
            try await db.sql.delete(from: "council_units").where("council_id", .equal, gone.council_id).where("unit_id", .equal, gone.unit_id).run()
        }
        let added = wanted.subtracting(current).sorted { ($0.council_id, $0.unit_id) < ($1.council_id, $1.unit_id) }
        for chunk in stride(from: 0, to: added.count, by: 400).map({ Array(added[$0..<min($0 + 400, added.count)]) }) {
            var q = db.sql.insert(into: "council_units").columns("council_id", "unit_id")
            for p in chunk { q = q.values(SQLBind(p.council_id), SQLBind(p.unit_id)) }
            try await q.run()
        }
        try await db.sql.raw("DELETE FROM unit_counts").run()
        try await db.sql.raw("""
            INSERT INTO unit_counts (unit_id, month, metric, n) \
            SELECT a.unit_id, s.month, s.metric, SUM(s.n) FROM summary_counts s JOIN council_units a ON a.council_id = s.council_id \
            GROUP BY a.unit_id, s.month, s.metric HAVING SUM(s.n) <> 0
            """).run()
    }

    // MARK: Reading

    /// A council's `metric` over all time: how many live records of its table the council holds when the metric adds 1
    /// a row dated by a column no record lacks (`petitions_received`, `letters_received`). One counter row per month.
    public static func total(_ metric: String, councilID: Int, db: any Database) async throws -> Int {
        struct N: Decodable { let n: Int? }
        return try await db.sql.raw("""
            SELECT CAST(SUM(n) AS BIGINT) AS n FROM summary_counts WHERE council_id = \(bind: councilID) AND metric = \(bind: metric)
            """).firstRow(N.self)?.n ?? 0
    }

    /// How a period is read: the months `months` from the counters, plus the days `add` and minus the days `subtract`
    /// counted from the records. A month the period cuts is either counted from the records for the days inside the
    /// period, or read whole from the counters less the days outside it, whichever has fewer days to count (a period
    /// ending on the 30th of a month reads one day, not thirty).
    struct Plan {
        var months: (from: String, to: String)?
        var add: [ClosedRange<Day>] = []
        var subtract: [ClosedRange<Day>] = []
    }

    static func plan(from: Day, to: Day) -> Plan {
        var plan = Plan()
        guard from <= to else { return plan }
        func month(_ day: Day) -> String { String(day.description.prefix(7)) }
        // The cut month's days inside the period and outside it (before and after); whichever has fewer days is counted.
        func cut(_ inside: ClosedRange<Day>, _ outside: [ClosedRange<Day>]) -> Bool {
            let outsideDays = outside.reduce(0) { $0 + ($1.upperBound - $1.lowerBound + 1) }
            if outsideDays < inside.upperBound - inside.lowerBound + 1 { plan.subtract += outside; return true }
            plan.add.append(inside); return false
        }
        var first = from.firstOfMonth, last = to.firstOfMonth
        if from.firstOfMonth == to.firstOfMonth {
            var outside: [ClosedRange<Day>] = []
            if from > from.firstOfMonth { outside.append(from.firstOfMonth...from.adding(days: -1)) }
            if to < to.lastOfMonth { outside.append(to.adding(days: 1)...to.lastOfMonth) }
            if !outside.isEmpty && !cut(from...to, outside) { return plan }
        } else {
            if from != from.firstOfMonth && !cut(from...from.lastOfMonth, [from.firstOfMonth...from.adding(days: -1)]) {
                first = from.lastOfMonth.adding(days: 1)
            }
            if to != to.lastOfMonth && !cut(to.firstOfMonth...to, [to.adding(days: 1)...to.lastOfMonth]) {
                last = to.firstOfMonth.adding(days: -1).firstOfMonth
            }
        }
        if first <= last { plan.months = (month(first), month(last)) }
        return plan
    }

    /// The sums of every metric over the councils of `scope` (a condition on `council_id`) for the days from…to:
    /// months from the counters, the days of a month cut by the period counted directly (`plan`).
    /// With `unitID`, whole months come from that unit's totals (every council under it) instead of its councils' counters.
    public static func sums(scope: SQLQueryString, unitID: Int? = nil, from: Day, to: Day, only: Set<String>? = nil,
                            db: any Database) async throws -> [String: Int] {
        guard from <= to else { return [:] }
        var totals: [String: Int] = [:]
        let plan = plan(from: from, to: to)
        if let months = plan.months {
            struct Row: Decodable { let metric: String; let n: Int? }
            let metrics: SQLQueryString = only.map { " AND metric IN (\(binds: $0.sorted()))" } ?? ""
            let source: SQLQueryString = unitID.map { "unit_counts WHERE unit_id = \(bind: $0)" } ?? "summary_counts WHERE \(scope)"
            let rows = try await db.sql.raw("""
                SELECT metric, CAST(SUM(n) AS BIGINT) AS n FROM \(source)\(metrics) \
                AND month >= \(bind: months.from) AND month <= \(bind: months.to) GROUP BY metric
                """).rows(Row.self)
            for r in rows { totals[r.metric, default: 0] += r.n ?? 0 }
        }
        for (spans, sign) in [(plan.add, 1), (plan.subtract, -1)] {
            for span in spans {
                for (metric, n) in try await directSums(scope: scope, from: span.lowerBound, to: span.upperBound, only: only, db: db) {
                    totals[metric, default: 0] += sign * n
                }
            }
        }
        return totals
    }

    /// The same sums straight from the records (for a span inside a month, and to check the counters).
    public static func directSums(scope: SQLQueryString, from: Day, to: Day, only: Set<String>? = nil, db: any Database) async throws -> [String: Int] {
        var totals: [String: Int] = [:]
        for g in groups where only.map({ wanted in g.metrics.contains { wanted.contains($0.name) } }) ?? true {
            let columns = g.metrics.map { "CAST(COALESCE(SUM(\($0.value)), 0) AS BIGINT) AS \($0.name)" }.joined(separator: ", ")
            let row = try await db.sql.raw("""
                SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: g.table) r WHERE r.\(scope) AND \(unsafeRaw: g.live("r")) AND \(unsafeRaw: g.only ?? "1 = 1") \
                AND r.\(unsafeRaw: g.dateColumn) >= \(bind: from.description) AND r.\(unsafeRaw: g.dateColumn) <= \(bind: to.description)
                """).first()
            for m in g.metrics { totals[m.name, default: 0] += (try row?.decode(column: m.name, as: Int?.self) ?? 0) ?? 0 }
        }
        return totals
    }
}

extension SummaryCounters {
    /// The sums of the metrics for each of `unitIDs` (each unit with every council under it) over from…to: whole months
    /// from the units' totals in one read, the days of a month cut by the period counted from the records, grouped by unit.
    public static func sumsByUnit(_ unitIDs: [Int], from: Day, to: Day, only: Set<String>, db: any Database) async throws -> [Int: [String: Int]] {
        guard from <= to, !unitIDs.isEmpty, !only.isEmpty else { return [:] }
        var totals: [Int: [String: Int]] = [:]
        let plan = plan(from: from, to: to)
        if let months = plan.months {
            struct Row: Decodable { let unit_id: Int; let metric: String; let n: Int? }
            let rows = try await db.sql.raw("""
                SELECT unit_id, metric, CAST(SUM(n) AS BIGINT) AS n FROM unit_counts WHERE unit_id IN (\(binds: unitIDs)) \
                AND metric IN (\(binds: only.sorted())) AND month >= \(bind: months.from) AND month <= \(bind: months.to) GROUP BY unit_id, metric
                """).rows(Row.self)
            for r in rows { totals[r.unit_id, default: [:]][r.metric, default: 0] += r.n ?? 0 }
        }
        for (span, sign) in plan.add.map({ ($0, 1) }) + plan.subtract.map({ ($0, -1) }) {
            let (a, b) = (span.lowerBound, span.upperBound)
            for g in groups where g.metrics.contains(where: { only.contains($0.name) }) {
                let columns = g.metrics.map { "CAST(COALESCE(SUM(\($0.value)), 0) AS BIGINT) AS \($0.name)" }.joined(separator: ", ")
                let rows = try await db.sql.raw("""
                    SELECT a.unit_id, \(unsafeRaw: columns) FROM \(unsafeRaw: g.table) r JOIN council_units a ON a.council_id = r.council_id \
                    WHERE a.unit_id IN (\(binds: unitIDs)) AND \(unsafeRaw: g.live("r")) AND \(unsafeRaw: g.only ?? "1 = 1") \
                    AND r.\(unsafeRaw: g.dateColumn) >= \(bind: a.description) AND r.\(unsafeRaw: g.dateColumn) <= \(bind: b.description) GROUP BY a.unit_id
                    """).all()
                for row in rows {
                    let unit = try row.decode(column: "unit_id", as: Int.self)
                    for m in g.metrics where only.contains(m.name) {
                        totals[unit, default: [:]][m.name, default: 0] += sign * ((try row.decode(column: m.name, as: Int?.self)) ?? 0)
                    }
                }
            }
        }
        return totals
    }
}
