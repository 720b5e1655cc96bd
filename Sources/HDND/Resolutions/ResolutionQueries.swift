import Fluent
import SQLKit

/// A council's library of resolutions, and of every council below it: filtered, newest first, a page at a time.
public enum ResolutionQueries {
    public struct Filters: Sendable {
        public var councilID: Int
        /// With the councils below: the condition on `r.council_id` that names them all (`SummaryQueries.councilScope`:
        /// on PostgreSQL their ids, so that the statements carry no pattern and are prepared once).
        var below: SQLQueryString?
        public var year: Int?
        public var field: String?
        public var series: ResolutionSeries?
        public var status: ResolutionStatus?
        public var keyword = ""
        public var today = Day.today().description
        public init(councilID: Int) { self.councilID = councilID }
    }

    public struct Row: Decodable, Sendable {
        public let id: Int, council_id: Int, series: ResolutionSeries, year: Int, number: Int?, title: String, field: String
        public let adopted_on: String, effective_on: String?, ends_on: String?, adopted: Bool, superseded: ResolutionRelation?
        public let votes_for: Int, delegates: Int, council_name: String
        public var symbol: String? { number.map { series.symbol(number: $0, year: year) } }
        /// The symbol as lists show it: one not adopted has no number.
        var listedSymbol: String { symbol ?? "Không thông qua" }
        public func status(today: String) -> ResolutionStatus {
            .of(adopted: adopted, effectiveOn: effective_on, endsOn: ends_on, superseded: superseded, today: today)
        }
        var voteSummary: String { ResolutionVote.summary(inFavour: votes_for, delegates: delegates) }
    }

    /// A row's columns, and the tables they are read from.
    private static let columns = """
        SELECT r.id, r.council_id, r.series, r.year, r.number, r.title, r.field, r.adopted_on, r.effective_on, r.ends_on, r.adopted, \
        r.superseded, r.votes_for, r.delegates, c.name AS council_name FROM resolutions r JOIN councils c ON c.id = r.council_id
        """

    /// The status filter as SQL: the same order of precedence as `ResolutionStatus.of`.
    static func status(_ s: ResolutionStatus, today: String) -> SQLQueryString {
        let ended: SQLQueryString = "r.superseded IN ('repeals', 'replaces')"
        let expired: SQLQueryString = "(r.ends_on IS NOT NULL AND r.ends_on < \(bind: today))"
        let pending: SQLQueryString = "(r.effective_on IS NOT NULL AND r.effective_on > \(bind: today))"
        switch s {
        case .notAdopted: return "r.adopted = \(bind: false)"
        case .repealed: return "r.adopted = \(bind: true) AND r.superseded = 'repeals'"
        case .replaced: return "r.adopted = \(bind: true) AND r.superseded = 'replaces'"
        case .expired: return "r.adopted = \(bind: true) AND NOT COALESCE(\(ended), \(bind: false)) AND \(expired)"
        case .pending: return "r.adopted = \(bind: true) AND NOT COALESCE(\(ended), \(bind: false)) AND NOT \(expired) AND \(pending)"
        case .partlyAmended: return "r.adopted = \(bind: true) AND r.superseded = 'amends' AND NOT \(expired) AND NOT \(pending)"
        case .inForce: return "r.adopted = \(bind: true) AND r.superseded IS NULL AND NOT \(expired) AND NOT \(pending)"
        }
    }

    static func whereClause(_ f: Filters) -> SQLQueryString { all(scope(f) + narrowing(f)) }

    /// Which resolutions the library holds: the council's, or with `below` those of every council under its unit.
    private static func scope(_ f: Filters) -> [SQLQueryString] {
        ["r.deleted_at IS NULL", f.below ?? "r.council_id = \(bind: f.councilID)"]
    }

    /// The filters that narrow the library: year, field, series, status and the keyword's words.
    private static func narrowing(_ f: Filters) -> [SQLQueryString] {
        var parts: [SQLQueryString] = []
        if let y = f.year { parts.append("r.year = \(bind: y)") }
        if let field = f.field { parts.append("r.field = \(bind: field)") }
        if let s = f.series { parts.append("r.series = \(bind: s.rawValue)") }
        if let s = f.status { parts.append(status(s, today: f.today)) }
        for word in searchWords(f.keyword) { parts.append("r.folded LIKE \(bind: "%\(word)%")") }
        return parts
    }

    /// The conditions joined by AND (true when there are none).
    private static func all(_ parts: [SQLQueryString]) -> SQLQueryString {
        parts.dropFirst().reduce(parts.first ?? "1 = 1") { "\($0) AND \($1)" }
    }

    /// Up to `limit` rows below the id `before` (newest first), or above `after` (oldest first, to go back a page).
    public static func list(_ f: Filters, before: Int?, after: Int?, limit: Int, db: any Database) async throws -> [Row] {
        let cursor: SQLQueryString = after.map { "AND r.id > \(bind: $0) ORDER BY r.id ASC" } ?? before.map { "AND r.id < \(bind: $0) ORDER BY r.id DESC" }
            ?? "ORDER BY r.id DESC"
        return try await db.sql.raw("""
            \(unsafeRaw: columns) WHERE \(whereClause(f)) \(cursor) LIMIT \(unsafeRaw: String(limit))
            """).rows(Row.self)
    }

    /// The resolutions `ids` (a chain of amendments), in no order.
    static func rows(ids: [Int], db: any Database) async throws -> [Row] {
        guard !ids.isEmpty else { return [] }
        return try await db.sql.raw("\(unsafeRaw: columns) WHERE r.id IN (\(binds: ids)) AND r.deleted_at IS NULL").rows(Row.self)
    }

    /// The resolutions of a session by their numbers, then as entered.
    static func ofSession(_ sessionID: Int, db: any Database) async throws -> [Row] {
        try await db.sql.raw("""
            \(unsafeRaw: columns) WHERE r.session_id = \(bind: sessionID) AND r.deleted_at IS NULL ORDER BY r.number, r.id
            """).rows(Row.self)
    }

    /// How many resolutions the filters find, and the years the library has resolutions in (newest first, for the filter
    /// of years, which no other filter narrows), in one statement: on PostgreSQL each statement costs a page about
    /// 0,2 ms of the app's CPU and as much of the database's (issue 11). A library holds tens of resolutions a year.
    public static func tally(_ f: Filters, db: any Database) async throws -> (count: Int, years: [Int]) {
        struct Year: Decodable { let year: Int; let n: Int }
        let years = try await db.sql.raw("""
            SELECT r.year, SUM(CASE WHEN \(all(narrowing(f))) THEN 1 ELSE 0 END) AS n FROM resolutions r \
            WHERE \(all(scope(f))) GROUP BY r.year ORDER BY r.year DESC
            """).rows(Year.self)
        return (years.reduce(0) { $0 + $1.n }, years.map(\.year))
    }
}
