import Fluent
import SQLKit

/// A council's library of resolutions, and of every council below it: filtered, newest first, a page at a time.
public enum ResolutionQueries {
    public struct Filters: Sendable {
        public var councilID: Int
        /// With the councils below (their units under this path).
        public var below: String?
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

    static func whereClause(_ f: Filters) -> SQLQueryString {
        var parts: [SQLQueryString] = ["r.deleted_at IS NULL"]
        if let below = f.below { parts.append("u.path LIKE \(bind: below + "%")") } else { parts.append("r.council_id = \(bind: f.councilID)") }
        if let y = f.year { parts.append("r.year = \(bind: y)") }
        if let field = f.field { parts.append("r.field = \(bind: field)") }
        if let s = f.series { parts.append("r.series = \(bind: s.rawValue)") }
        if let s = f.status { parts.append(status(s, today: f.today)) }
        for word in searchWords(f.keyword) { parts.append("r.folded LIKE \(bind: "%\(word)%")") }
        return parts.dropFirst().reduce(parts[0]) { "\($0) AND \($1)" }
    }

    /// Up to `limit` rows below the id `before` (newest first), or above `after` (oldest first, to go back a page).
    public static func list(_ f: Filters, before: Int?, after: Int?, limit: Int, db: any Database) async throws -> [Row] {
        let cursor: SQLQueryString = after.map { "AND r.id > \(bind: $0) ORDER BY r.id ASC" } ?? before.map { "AND r.id < \(bind: $0) ORDER BY r.id DESC" }
            ?? "ORDER BY r.id DESC"
        return try await db.sql.raw("""
            \(unsafeRaw: columns) JOIN units u ON u.id = r.unit_id WHERE \(whereClause(f)) \(cursor) LIMIT \(unsafeRaw: String(limit))
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

    public static func count(_ f: Filters, db: any Database) async throws -> Int {
        struct N: Decodable { let n: Int }
        return try await db.sql.raw("""
            SELECT COUNT(*) AS n FROM resolutions r JOIN units u ON u.id = r.unit_id WHERE \(whereClause(f))
            """).firstRow(N.self)?.n ?? 0
    }

    /// The years a library has resolutions in, newest first (for its filter).
    public static func years(_ f: Filters, db: any Database) async throws -> [Int] {
        struct Y: Decodable { let year: Int }
        var all = f
        all.year = nil; all.field = nil; all.series = nil; all.status = nil; all.keyword = ""
        return try await db.sql.raw("""
            SELECT DISTINCT r.year FROM resolutions r JOIN units u ON u.id = r.unit_id WHERE \(whereClause(all)) ORDER BY r.year DESC
            """).rows(Y.self).map(\.year)
    }
}
