import Fluent
import Vapor

struct SearchResultItem: Encodable { let title: String; let detail: String; let href: String; let kind: String }

struct SearchPage: Encodable {
    let layout: LayoutContext
    let query: String
    let results: [SearchResultItem]
    let searched: Bool
}

/// One search box over every record the asker may see; diacritics and case do not matter.
struct SearchController {
    func register(_ app: any RoutesBuilder) {
        app.get("tim-kiem", use: page)
    }

    /// Unit paths whose internal records the actor may read (public records are always searched).
    static func readablePaths(_ actor: Actor?) -> [String] {
        guard let actor else { return [] }
        if actor.isAdmin { return ["/"] }
        return actor.grants.compactMap(\.unitPath)
    }

    static func href(_ hit: SearchHit) -> String {
        (RecordKind(rawValue: hit.recordType) ?? .unit).path(hit.recordId)
    }

    func page(req: Request) async throws -> View {
        let q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        if q.count > 200 { throw ValidationFailure(field: "q", "Từ khóa tìm kiếm dài quá 200 ký tự.") }
        let hits = q.isEmpty ? [] : try await SearchIndex.search(on: req.db, query: q, unitPaths: Self.readablePaths(req.actor), limit: 100)
        let results = hits.map {
            SearchResultItem(title: $0.title, detail: $0.detail, href: Self.href($0),
                             kind: RecordKind(rawValue: $0.recordType)?.label ?? $0.recordType)
        }
        return try await req.view.render("Search/search", SearchPage(layout: req.layoutContext(title: "Tra cứu"), query: q,
                                                                     results: results, searched: !q.isEmpty))
    }
}
