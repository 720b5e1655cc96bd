import Fluent
import SQLKit

/// A council's oversights of a year with their counts by kind and by who led them; an agency's recommendations.
public enum OversightQueries {
    public struct Row: Decodable, Sendable {
        public let id: Int, kind: OversightKind, lead: OversightLead, topic: String, subjects: String, fieldwork_from: String
        public let fieldwork_to: String?, reported_on: String?, concluded_on: String?, body_name: String?, open_recommendations: Int
    }

    /// Every oversight of the council whose fieldwork starts in `year`, by start day (a council's year holds tens, not thousands).
    public static func year(_ year: Int, councilID: Int, db: any Database) async throws -> [Row] {
        try await db.sql.raw("""
            SELECT o.id, o.kind, o.lead, o.topic, o.subjects, o.fieldwork_from, o.fieldwork_to, o.reported_on, o.concluded_on, b.name AS body_name, \
            (SELECT COUNT(*) FROM recommendations r WHERE r.oversight_id = o.id AND r.deleted_at IS NULL AND r.status <> \(bind: RecommendationStatus.done.rawValue)) AS open_recommendations \
            FROM oversights o LEFT JOIN bodies b ON b.id = o.body_id \
            WHERE o.council_id = \(bind: councilID) AND o.deleted_at IS NULL AND o.fieldwork_from >= \(bind: "\(year)-01-01") AND o.fieldwork_from <= \(bind: "\(year)-12-31") \
            ORDER BY o.fieldwork_from, o.id
            """).rows(Row.self)
    }

    /// "Thường trực HĐND: 05", in the order of `OversightLead`, only those with any.
    public static func countsByLead(_ rows: [Row]) -> [(OversightLead, Int)] {
        OversightLead.allCases.map { lead in (lead, rows.filter { $0.lead == lead }.count) }.filter { $0.1 > 0 }
    }

    public static func countsByKind(_ rows: [Row]) -> [(OversightKind, Int)] {
        OversightKind.allCases.map { kind in (kind, rows.filter { $0.kind == kind }.count) }.filter { $0.1 > 0 }
    }

    public struct RecommendationRow: Decodable, Sendable {
        public let id: Int, oversight_id: Int, content: String, due_on: String, status: RecommendationStatus, answer: String?, answered_on: String?
        public let organization_name: String, topic: String, council_name: String
    }

    /// Recommendations of an oversight, or addressed to any of `agencyIDs` (open ones first, by due day).
    public static func recommendations(oversightID: Int? = nil, agencyIDs: [Int]? = nil, openOnly: Bool = false, limit: Int = 200,
                                       db: any Database) async throws -> [RecommendationRow] {
        var filter: SQLQueryString = "r.deleted_at IS NULL"
        if let oversightID { filter = "\(filter) AND r.oversight_id = \(bind: oversightID)" }
        if let agencyIDs { filter = "\(filter) AND r.organization_id IN (\(binds: agencyIDs.isEmpty ? [-1] : agencyIDs))" }
        if openOnly { filter = "\(filter) AND r.status <> \(bind: RecommendationStatus.done.rawValue)" }
        return try await db.sql.raw("""
            SELECT r.id, r.oversight_id, r.content, r.due_on, r.status, r.answer, r.answered_on, org.name AS organization_name, o.topic, c.name AS council_name \
            FROM recommendations r JOIN organizations org ON org.id = r.organization_id JOIN oversights o ON o.id = r.oversight_id \
            JOIN councils c ON c.id = r.council_id WHERE \(filter) \
            ORDER BY CASE WHEN r.status = \(bind: RecommendationStatus.done.rawValue) THEN 1 ELSE 0 END, r.due_on, r.id LIMIT \(unsafeRaw: String(limit))
            """).rows(RecommendationRow.self)
    }

    /// Open and overdue recommendations a council made, or addressed to agencies: what a home page counts.
    public static func dueCounts(councilID: Int? = nil, agencyIDs: [Int]? = nil, today: Day = .today(), db: any Database) async throws -> (open: Int, overdue: Int) {
        struct N: Decodable { let open: Int; let overdue: Int }
        var filter: SQLQueryString = "deleted_at IS NULL AND status <> \(bind: RecommendationStatus.done.rawValue)"
        if let councilID { filter = "\(filter) AND council_id = \(bind: councilID)" }
        if let agencyIDs { filter = "\(filter) AND organization_id IN (\(binds: agencyIDs.isEmpty ? [-1] : agencyIDs))" }
        let n = try await db.sql.raw("""
            SELECT COUNT(*) AS open, COALESCE(SUM(CASE WHEN due_on < \(bind: today.description) THEN 1 ELSE 0 END), 0) AS overdue \
            FROM recommendations WHERE \(filter)
            """).firstRow(N.self)
        return (n?.open ?? 0, n?.overdue ?? 0)
    }
}
