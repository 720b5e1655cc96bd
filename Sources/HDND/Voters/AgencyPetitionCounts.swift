import Fluent
import SQLKit

/// How many forwarded petitions each agency has still to answer, by the month they are due, kept by database triggers on
/// every write (forwarded, answered, moved to another agency or due day, deleted), so that an agency's home page counts
/// its open and overdue petitions from a few counter rows instead of every one of them: the district agency of Hai Bà
/// Trưng holds 22.399 on the `--scale 1` data, 2,5 ms a page read one by one in the index (M051).
///
/// A petition forwarded without a due day counts under the month "" (open, never overdue).
enum AgencyPetitionCounts: PetitionCounter {
    static let schema = "agency_petition_counts"

    /// What a row (alias) must be to count: forwarded to an agency and not deleted.
    static func counted(_ row: String) -> String {
        "\(row).status = '\(PetitionStatus.forwarded.rawValue)' AND \(row).agency_id IS NOT NULL AND \(row).deleted_at IS NULL"
    }

    static func month(_ row: String) -> String { "COALESCE(substr(\(row).due_date, 1, 7), '')" }

    static func createTable(on db: any Database) async throws {
        let int = db.isSQLite ? "INTEGER" : "BIGINT"
        // SQLite: the rows are the primary key's index itself (WITHOUT ROWID), read without a second lookup.
        try await db.sql.raw("""
            CREATE TABLE \(unsafeRaw: schema) (agency_id \(unsafeRaw: int) NOT NULL, month TEXT NOT NULL, n \(unsafeRaw: int) NOT NULL, \
            PRIMARY KEY (agency_id, month)\(unsafeRaw: db.isSQLite ? ") WITHOUT ROWID" : ")")
            """).run()
    }

    /// Adding one row's (`NEW`, `OLD`) petition (`sign` 1) or taking it away (-1), for the triggers.
    static func statements(row: String, sign: Int) -> [String] {
        ["""
         INSERT INTO \(schema) (agency_id, month, n) SELECT \(row).agency_id, \(month(row)), \(sign) WHERE \(counted(row)) \
         ON CONFLICT (agency_id, month) DO UPDATE SET n = \(schema).n + excluded.n
         """]
    }

    /// Adds what the petitions meeting `rows` (a condition on the alias `r`) count, in one statement: the existing
    /// petitions when the counters are created, a bulk load's own (`BulkLoad`).
    static func add(rows: String, on db: any Database) async throws {
        try await db.sql.raw(SQLQueryString("""
            INSERT INTO \(schema) (agency_id, month, n) SELECT r.agency_id, \(month("r")), COUNT(*) FROM \(VoterPetition.schema) r \
            WHERE \(counted("r")) AND \(rows) GROUP BY r.agency_id, \(month("r")) \
            ON CONFLICT (agency_id, month) DO UPDATE SET n = \(schema).n + excluded.n
            """)).run()
    }

    static let postgresTrigger = "voter_petitions_agency_counts"

    static func createTriggers(on db: any Database) async throws {
        try await SummaryCounters.createCountingTriggers(postgresTrigger, on: VoterPetition.schema, watching: ["status", "agency_id", "due_date", "deleted_at"],
                                                         insertWhen: "NEW.status = '\(PetitionStatus.forwarded.rawValue)'", db: db) { statements(row: $0, sign: $1) }
    }

    // MARK: Reading

    /// The agencies' forwarded petitions: open (all), overdue (due before `today`) and due within the week after it.
    /// Whole months before `today`'s come from the counters; the days of its month, from the petitions by the index of
    /// agency, status and due day (M051).
    static func forwarded(agencyIDs: [Int], today: Day) -> SQLQueryString {
        let agencies: SQLQueryString = "agency_id IN (\(binds: agencyIDs.isEmpty ? [-1] : agencyIDs))"
        let thisMonth = String(today.description.prefix(7))
        let rows: SQLQueryString = """
            FROM voter_petitions WHERE \(agencies) AND status = \(bind: PetitionStatus.forwarded.rawValue) AND deleted_at IS NULL
            """
        return """
            SELECT CAST((SELECT COALESCE(SUM(n), 0) FROM \(unsafeRaw: schema) WHERE \(agencies) AND month <> '' AND month < \(bind: thisMonth)) \
            + (SELECT COUNT(*) \(rows) AND due_date >= \(bind: thisMonth + "-01") AND due_date < \(bind: today.description)) AS BIGINT) AS overdue, \
            (SELECT COUNT(*) \(rows) AND due_date >= \(bind: today.description) AND due_date <= \(bind: today.adding(days: 7).description)) AS due_week, \
            CAST((SELECT COALESCE(SUM(n), 0) FROM \(unsafeRaw: schema) WHERE \(agencies)) AS BIGINT) AS open
            """
    }
}
