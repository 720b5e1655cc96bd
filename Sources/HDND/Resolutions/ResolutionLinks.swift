import Fluent
import SQLKit

/// Links from a later resolution to the earlier ones it amends, replaces or repeals. A link is stored once, from the
/// later side; the earlier resolution's `superseded` is recomputed from every link to it whenever a link or a linking
/// resolution changes, so both pages always agree.
public enum ResolutionLinks {
    /// A reference typed on a form: "12/NQ-HĐND", "12/NQ-HĐND (2021)" (individual numbers repeat every year), "05/2026/NQ-HĐND".
    public struct Reference: Equatable, Sendable {
        public let series: ResolutionSeries, number: Int, year: Int?

        public init?(_ text: String) {
            var t = text.trimmingCharacters(in: .whitespaces)
            var year: Int? = nil
            if t.hasSuffix(")"), let open = t.lastIndex(of: "(") {
                year = Int(t[t.index(after: open)..<t.index(before: t.endIndex)].trimmingCharacters(in: .whitespaces))
                if year == nil { return nil }
                t = t[..<open].trimmingCharacters(in: .whitespaces)
            }
            let parts = t.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count >= 2, let number = Int(parts[0]), number > 0, fold(parts.last!).hasPrefix("nq") else { return nil }
            if parts.count == 3, let y = Int(parts[1]), (1945...2100).contains(y) {
                self.series = .normative; self.number = number; self.year = y
            } else if parts.count == 2 {
                self.series = .individual; self.number = number; self.year = year
            } else { return nil }
        }
    }

    /// The references of one relation's field, split on ";", "," or new lines.
    static func references(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == ";" || $0 == "," || $0 == "\n" })
            .map { $0.trimmed }.filter { !$0.isEmpty }
    }

    /// Finds the resolutions of `councilID` the typed references name, failing the field for each one not found,
    /// ambiguous, or not earlier than `adoptedOn`.
    static func resolve(_ text: String?, relation: ResolutionRelation, councilID: Int, adoptedOn: String?, selfID: Int?,
                        _ v: inout Validator, db: any Database) async throws -> [Int] {
        let field = relation.rawValue
        var ids: [Int] = []
        for raw in references(text) {
            guard let ref = Reference(raw) else {
                v.fail(field, "“\(raw)” không phải số, ký hiệu nghị quyết (ví dụ 12/NQ-HĐND, 12/NQ-HĐND (2021) hoặc 05/2026/NQ-HĐND)."); continue
            }
            var q = Resolution.query(on: db).filter(\.$councilID == councilID).filter(\.$series == ref.series).filter(\.$number == ref.number)
            if let year = ref.year { q = q.filter(\.$year == year) }
            let found = try await q.all().filter { $0.id != selfID }
            if found.isEmpty { v.fail(field, "Không tìm thấy nghị quyết \(raw) của Hội đồng này."); continue }
            if found.count > 1 {
                v.fail(field, "Có \(found.count) nghị quyết số \(raw) ở các năm \(found.map { String($0.year) }.joined(separator: ", ")): ghi thêm năm, ví dụ \(raw) (\(found[0].year))."); continue
            }
            if let adoptedOn, found[0].adoptedOn > adoptedOn {
                v.fail(field, "Nghị quyết \(raw) thông qua sau nghị quyết này, nên không thể bị nó \(relation.label.lowercased())."); continue
            }
            ids.append(found[0].id!)
        }
        return ids
    }

    public struct Row: Decodable, Sendable { public let id: Int; public let relation: ResolutionRelation; public let from_id: Int; public let to_id: Int }

    /// Links that touch `id`, either side, of resolutions not deleted.
    public static func touching(_ id: Int, db: any Database) async throws -> [Row] {
        try await db.sql.raw("""
            SELECT l.id, l.relation, l.from_id, l.to_id FROM resolution_links l \
            JOIN resolutions f ON f.id = l.from_id AND f.deleted_at IS NULL JOIN resolutions t ON t.id = l.to_id AND t.deleted_at IS NULL \
            WHERE l.from_id = \(bind: id) OR l.to_id = \(bind: id) ORDER BY l.id
            """).rows(Row.self)
    }

    /// Replaces the links from `from` with `links`, then recomputes every resolution they touched before or after.
    static func replace(from: Int, with links: [(ResolutionRelation, Int)], db: any Database) async throws {
        struct To: Decodable { let to_id: Int }
        let old = try await db.sql.raw("SELECT to_id FROM resolution_links WHERE from_id = \(bind: from)").rows(To.self).map(\.to_id)
        try await db.sql.raw("DELETE FROM resolution_links WHERE from_id = \(bind: from)").run()
        for (relation, to) in links {
            try await db.sql.raw("INSERT INTO resolution_links (from_id, to_id, relation) VALUES (\(bind: from), \(bind: to), \(bind: relation.rawValue))").run()
        }
        try await recompute(Set(old + links.map(\.1)), db: db)
    }

    /// The resolutions `from` links to get their `superseded` again (after it was deleted, restored or re-voted).
    static func recomputeTargets(of from: Int, db: any Database) async throws {
        struct To: Decodable { let to_id: Int }
        try await recompute(Set(try await db.sql.raw("SELECT to_id FROM resolution_links WHERE from_id = \(bind: from)").rows(To.self).map(\.to_id)), db: db)
    }

    /// `superseded` of `ids` from the links of adopted, not deleted, later resolutions: the strongest relation wins.
    static func recompute(_ ids: Set<Int>, db: any Database) async throws {
        guard !ids.isEmpty else { return }
        try await db.sql.raw("""
            UPDATE resolutions SET superseded = (SELECT l.relation FROM resolution_links l JOIN resolutions f ON f.id = l.from_id \
            WHERE l.to_id = resolutions.id AND f.deleted_at IS NULL AND f.adopted = \(bind: true) \
            ORDER BY CASE l.relation WHEN 'repeals' THEN 3 WHEN 'replaces' THEN 2 ELSE 1 END DESC LIMIT 1) \
            WHERE id IN (\(binds: ids.sorted()))
            """).run()
    }

    /// The chain a resolution stands in: the links of every resolution reached by links either way (at most `limit`
    /// links, oldest first), and the resolutions they join, in one statement: read resolution by resolution, a chain of
    /// two was two statements, each about 0,4 ms of a page's CPU on PostgreSQL (issue 11). The recursive part is a
    /// sub-select, so that the statement reads as a read and is prepared once (`PostgresStatements`, `SQLiteReaders`).
    public static func chain(of id: Int, limit: Int = 50, db: any Database) async throws -> (ids: [Int], links: [Row]) {
        let live = "JOIN resolutions f ON f.id = l.from_id AND f.deleted_at IS NULL JOIN resolutions t ON t.id = l.to_id AND t.deleted_at IS NULL"
        let links = try await db.sql.raw("""
            SELECT c.id, c.relation, c.from_id, c.to_id FROM (WITH RECURSIVE reach(id) AS (SELECT CAST(\(bind: id) AS BIGINT) UNION \
            SELECT CAST(CASE WHEN l.from_id = r.id THEN l.to_id ELSE l.from_id END AS BIGINT) FROM reach r \
            JOIN resolution_links l ON l.from_id = r.id OR l.to_id = r.id \(unsafeRaw: live)) \
            SELECT l.id, l.relation, l.from_id, l.to_id FROM resolution_links l \(unsafeRaw: live) \
            WHERE l.from_id IN (SELECT id FROM reach) ORDER BY l.id LIMIT \(literal: limit)) c ORDER BY c.id
            """).rows(Row.self)
        var ids = [id]
        for link in links { for end in [link.from_id, link.to_id] where !ids.contains(end) { ids.append(end) } }
        return (ids, links)
    }
}
