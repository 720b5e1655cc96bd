import Fluent
import SQLKit

/// Each cluster's petitions and voters per council, by month and by year, kept by database triggers on every write
/// (a petition joining or leaving a cluster, changing council, day, voters or status, deleted), so that a city's
/// clusters of a year read one counter row per cluster and council instead of every petition of the year
/// (`--scale 1`, Hà Nội 2019: 2.534 rows instead of 100.000, which had to be grouped in a temporary tree: 41 ms).
///
/// A row also keeps the smallest id among the petitions it counted (`first_id`), to name the cluster by its first
/// petition of the period; a petition leaving does not undo it, so a reader checks that petition before using it
/// (`PetitionClusters.top`).
enum PetitionClusterCounts: PetitionCounter {
    static let schema = "petition_cluster_counts"

    /// What a row (alias) must be to count: in a cluster, not deleted, not merged into another, dated.
    static func counted(_ row: String) -> String {
        "\(row).cluster_id IS NOT NULL AND \(row).deleted_at IS NULL AND \(row).status <> '\(PetitionStatus.merged.rawValue)' AND \(row).received_on IS NOT NULL"
    }

    /// The columns whose change can change what a petition counts here. PostgreSQL's `UPDATE OF` does not see the
    /// cluster emptied by the BEFORE trigger of a changed text (M032), so the text is listed there too.
    static func watched(sqlite: Bool) -> [String] {
        ["cluster_id", "council_id", "received_on", "voter_count", "status", "deleted_at"] + (sqlite ? [] : ["folded"])
    }

    /// The month ("2019-06") and the year ("2019") of a day column: the two periods a petition counts in.
    static let periodLengths = [7, 4]

    static func createTable(on db: any Database) async throws {
        let int = db.isSQLite ? "INTEGER" : "BIGINT"
        // SQLite: the rows are the primary key's index itself (WITHOUT ROWID), read without a second lookup.
        try await db.sql.raw("""
            CREATE TABLE \(unsafeRaw: schema) (period TEXT NOT NULL, council_id \(unsafeRaw: int) NOT NULL, cluster_id \(unsafeRaw: int) NOT NULL, \
            petitions \(unsafeRaw: int) NOT NULL, voters \(unsafeRaw: int) NOT NULL, first_id \(unsafeRaw: int) NOT NULL, \
            PRIMARY KEY (period, council_id, cluster_id)\(unsafeRaw: db.isSQLite ? ") WITHOUT ROWID" : ") ")
            """).run()
    }

    /// Adding one row's (`NEW`, `OLD`) petition (`sign` 1) or taking it away (-1), for the triggers.
    static func statements(row: String, sign: Int, sqlite: Bool) -> [String] {
        if sign > 0 {
            let periods = periodLengths.map { "SELECT substr(\(row).received_on, 1, \($0)) AS period" }.joined(separator: " UNION ALL ")
            return ["""
                INSERT INTO \(schema) (period, council_id, cluster_id, petitions, voters, first_id) \
                SELECT p.period, \(row).council_id, \(row).cluster_id, 1, \(row).voter_count, \(row).id FROM (\(periods)) p WHERE \(counted(row)) \
                ON CONFLICT (period, council_id, cluster_id) DO UPDATE SET \(merge(sqlite: sqlite))
                """]
        }
        let periods = periodLengths.map { "substr(\(row).received_on, 1, \($0))" }.joined(separator: ", ")
        return ["""
            UPDATE \(schema) SET petitions = petitions - 1, voters = voters - \(row).voter_count \
            WHERE \(counted(row)) AND council_id = \(row).council_id AND cluster_id = \(row).cluster_id AND period IN (\(periods))
            """]
    }

    /// An existing row of `table` plus the one being added, for each of `columns` added up.
    private static func merge(_ table: String = schema, adding columns: [String] = ["petitions", "voters"], sqlite: Bool) -> String {
        (columns.map { "\($0) = \(table).\($0) + excluded.\($0)" }
            + ["first_id = \(sqlite ? "MIN" : "LEAST")(\(table).first_id, excluded.first_id)"]).joined(separator: ", ")
    }

    /// Adds what the petitions meeting `rows` (a condition on the alias `r`) count: the existing petitions when the
    /// counters are created (before the units' totals exist, M054), a bulk load's own (`addLoaded`). The petitions are
    /// read and grouped once, by month, into a temporary table, and each kind of period is added up from the months:
    /// grouping a million petitions is a sort of a million rows (2,2 s on SQLite), the months of a province are a
    /// quarter of that and the years a tenth.
    static func add(rows: String, on db: any Database) async throws { try await add(rows: rows, toUnits: false, on: db) }

    /// A bulk load's own petitions (`BulkLoad`, which sets the units' trigger aside: `BulkLoad.countedOn`): what that
    /// trigger would have added to the units' totals is added set by set, from the councils' rows as they were before.
    static func addLoaded(rows: String, on db: any Database) async throws { try await add(rows: rows, toUnits: true, on: db) }

    private static func add(rows: String, toUnits: Bool, on db: any Database) async throws {
        let months = "petition_cluster_months", longest = periodLengths.max() ?? 7
        try await db.sql.raw("DROP TABLE IF EXISTS \(ident: months)").run()
        let byMonth = """
            CREATE TEMPORARY TABLE \(months) AS SELECT substr(r.received_on, 1, \(longest)) AS period, r.council_id, r.cluster_id, \
            COUNT(*) AS petitions, SUM(r.voter_count) AS voters, MIN(r.id) AS first_id FROM \(VoterPetition.schema) r \
            WHERE \(counted("r")) AND \(rows) GROUP BY substr(r.received_on, 1, \(longest)), r.council_id, r.cluster_id
            """
        try await db.sql.raw(SQLQueryString(byMonth)).run()
        for length in periodLengths { try await add(periodLength: length, from: months, toUnits: toUnits, on: db) }
        try await db.sql.raw("DROP TABLE \(ident: months)").run()
    }

    /// The months' sums added up by periods of `periodLength` characters of the day ("2019-03", "2019") into the
    /// councils' rows, and with `toUnits` into the units' totals, from the councils' rows as they were before.
    private static func add(periodLength length: Int, from months: String, toUnits: Bool, on db: any Database) async throws {
        let adds = "petition_cluster_adds", period = "substr(m.period, 1, \(length))"
        try await db.sql.raw("DROP TABLE IF EXISTS \(ident: adds)").run()
        try await db.sql.raw(SQLQueryString("""
            CREATE TEMPORARY TABLE \(adds) AS SELECT \(period) AS period, m.council_id, m.cluster_id, SUM(m.petitions) AS petitions, \
            SUM(m.voters) AS voters, MIN(m.first_id) AS first_id FROM \(months) m GROUP BY \(period), m.council_id, m.cluster_id
            """)).run()
        if toUnits {
            // A council counts in a unit's row once it has petitions there: one more where its row had none.
            let had = "CASE WHEN COALESCE(e.petitions, 0) > 0 THEN 1 ELSE 0 END"
            let has = "CASE WHEN COALESCE(e.petitions, 0) + b.petitions > 0 THEN 1 ELSE 0 END"
            try await db.sql.raw(SQLQueryString("""
                INSERT INTO \(unitSchema) (period, unit_id, cluster_id, councils, petitions, voters, first_id) \
                SELECT b.period, a.unit_id, b.cluster_id, SUM(\(has) - \(had)), SUM(b.petitions), SUM(b.voters), MIN(b.first_id) \
                FROM \(adds) b JOIN council_units a ON a.council_id = b.council_id LEFT JOIN \(schema) e \
                ON e.period = b.period AND e.council_id = b.council_id AND e.cluster_id = b.cluster_id \
                WHERE true GROUP BY b.period, a.unit_id, b.cluster_id \
                ON CONFLICT (period, unit_id, cluster_id) DO UPDATE SET \(merge(unitSchema, adding: ["councils", "petitions", "voters"], sqlite: db.isSQLite))
                """)).run()
        }
        // `WHERE true`: SQLite reads an upsert's SELECT without one as a join's ON.
        try await db.sql.raw(SQLQueryString("""
            INSERT INTO \(schema) (period, council_id, cluster_id, petitions, voters, first_id) \
            SELECT period, council_id, cluster_id, petitions, voters, first_id FROM \(adds) WHERE true \
            ON CONFLICT (period, council_id, cluster_id) DO UPDATE SET \(merge(sqlite: db.isSQLite))
            """)).run()
        try await db.sql.raw("DROP TABLE \(ident: adds)").run()
    }

    static let postgresTrigger = "voter_petitions_cluster_counts"

    static func createTriggers(on db: any Database) async throws {
        // A new petition is in no cluster yet (the clusterer gathers it): the insert trigger's body then never runs.
        try await SummaryCounters.createCountingTriggers(postgresTrigger, on: VoterPetition.schema, watching: watched(sqlite: db.isSQLite),
                                                         insertWhen: "NEW.cluster_id IS NOT NULL", db: db) { statements(row: $0, sign: $1, sqlite: db.isSQLite) }
    }

    // MARK: Units' totals

    /// Each cluster's councils, petitions and voters per period and unit (every council of the unit and of the units
    /// below it, through `council_units`), kept by triggers on the councils' rows above and on `council_units`, so that
    /// a city's clusters of a year or a month are one row each (`PetitionClusters.top`: 27 rows for Hà Nội in 2019
    /// instead of 2.534 grouped twice and ranked, 5 ms). How many councils raised a cluster cannot be added up over
    /// months (a ward raising it in March and in May is one ward), so other periods are counted from the councils' rows.
    static let unitSchema = "petition_cluster_unit_counts"

    static let unitTriggers = (counts: "petition_cluster_unit_counts", councilUnits: "council_units_cluster_counts")

    /// Adding (`sign` 1) or taking away (-1) councils' rows `r` (a row of this table: `NEW`, `OLD`, or an alias in
    /// `from`) to the units `unit` names, the rows and units joined by `from`. A council counts once where it has petitions.
    static func toUnits(_ r: String, unit: String, from: String, sign: Int, sqlite: Bool) -> String {
        """
        INSERT INTO \(unitSchema) (period, unit_id, cluster_id, councils, petitions, voters, first_id) \
        SELECT \(r).period, \(unit), \(r).cluster_id, \(sign) * (CASE WHEN \(r).petitions > 0 THEN 1 ELSE 0 END), \(sign) * \(r).petitions, \
        \(sign) * \(r).voters, \(r).first_id FROM \(from) \
        ON CONFLICT (period, unit_id, cluster_id) DO UPDATE SET \(merge(unitSchema, adding: ["councils", "petitions", "voters"], sqlite: sqlite))
        """
    }

    /// The units' totals counted from the councils' rows and `council_units` as they stand, and the triggers that keep
    /// them: a councils' row changing adds to its council's units; a council entering or leaving a unit
    /// (`SummaryCounters.refreshUnits`) adds or takes away all its rows there.
    static func installUnits(on db: any Database) async throws {
        let int = db.isSQLite ? "INTEGER" : "BIGINT", sqlite = db.isSQLite
        try await db.sql.raw("""
            CREATE TABLE \(unsafeRaw: unitSchema) (period TEXT NOT NULL, unit_id \(unsafeRaw: int) NOT NULL, cluster_id \(unsafeRaw: int) NOT NULL, \
            councils \(unsafeRaw: int) NOT NULL, petitions \(unsafeRaw: int) NOT NULL, voters \(unsafeRaw: int) NOT NULL, first_id \(unsafeRaw: int) NOT NULL, \
            PRIMARY KEY (period, unit_id, cluster_id)\(unsafeRaw: sqlite ? ") WITHOUT ROWID" : ")")
            """).run()
        try await db.sql.raw("""
            INSERT INTO \(unsafeRaw: unitSchema) (period, unit_id, cluster_id, councils, petitions, voters, first_id) \
            SELECT c.period, a.unit_id, c.cluster_id, SUM(CASE WHEN c.petitions > 0 THEN 1 ELSE 0 END), SUM(c.petitions), SUM(c.voters), MIN(c.first_id) \
            FROM \(unsafeRaw: schema) c JOIN council_units a ON a.council_id = c.council_id GROUP BY c.period, a.unit_id, c.cluster_id
            """).run()
        // A cluster's councils in a period, most voters first: the places shown under each of a unit's top clusters.
        try await db.sql.raw("""
            CREATE INDEX petition_cluster_counts_places_idx ON \(unsafeRaw: schema) (period, cluster_id, voters DESC, petitions DESC, council_id)
            """).run()
        try await SummaryCounters.createCountingTriggers(unitTriggers.counts, on: schema, watching: ["petitions", "voters", "first_id"], db: db) {
            [toUnits($0, unit: "a.unit_id", from: "council_units a WHERE a.council_id = \($0).council_id", sign: $1, sqlite: sqlite)]
        }
        try await SummaryCounters.createCountingTriggers(unitTriggers.councilUnits, on: "council_units", watching: ["council_id", "unit_id"], db: db) {
            [toUnits("c", unit: "\($0).unit_id", from: "\(schema) c WHERE c.council_id = \($0).council_id", sign: $1, sqlite: sqlite)]
        }
    }

    static func uninstallUnits(on db: any Database) async throws {
        try await SummaryCounters.dropCountingTriggers(unitTriggers.councilUnits, on: "council_units", db: db)
        try await SummaryCounters.dropCountingTriggers(unitTriggers.counts, on: schema, db: db)
        try await db.sql.raw("DROP INDEX petition_cluster_counts_places_idx").run()
        try await db.sql.raw("DROP TABLE \(unsafeRaw: unitSchema)").run()
    }

    // MARK: Reading

    /// A period cut into what the counters hold: whole years ("2019"), whole months ("2020-01"), and the days of a month
    /// the period cuts (at most one span at each end), which are counted from the petitions themselves.
    static func periods(from: Day, to: Day) -> (keys: [String], days: [(from: Day, to: Day)]) {
        var keys: [String] = [], days: [(Day, Day)] = []
        var day = from
        while day <= to {
            if day.month == 1, day.day == 1, let end = Day(year: day.year, month: 12, day: 31), end <= to {
                keys.append(String(day.description.prefix(4))); day = end.adding(days: 1)
            } else if day.day == 1, day.lastOfMonth <= to {
                keys.append(String(day.description.prefix(7))); day = day.lastOfMonth.adding(days: 1)
            } else {
                let end = min(day.lastOfMonth, to)
                days.append((day, end)); day = end.adding(days: 1)
            }
        }
        return (keys, days)
    }
}
