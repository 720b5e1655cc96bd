import Fluent
import Vapor

struct SearchResultItem: Encodable { let title: String; let detail: String; let href: String; let kind: String }

struct SearchPage: Encodable {
    let layout: LayoutContext
    let query: String
    let results: [SearchResultItem]
    let searched: Bool
    let countText: String
    let kinds: Options
    let nextHref: String?
    /// Letters whose sender's name matches, for an account that may see those senders (first page only).
    var bySender: [SearchResultItem] = []
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

    static let pageSize = 50
    /// The kinds of record the search box finds, as its filter offers them.
    static let kinds: [RecordKind] = [.person, .unit, .council, .organization, .body, .session, .resolution, .oversight, .voterMeeting,
                                      .voterPetition, .letter, .receptionVisit, .question, .standingMeeting, .explanationHearing, .task,
                                      .supervisionProgram, .coordinationProgram, .dialogueConference, .training, .workProgram, .periodReport, .briefingConference]

    /// The kind of record asked for in `field` (nil: every kind); a kind the box does not search is refused.
    static func kind(_ req: Request, field: String) throws -> RecordKind? {
        guard let raw = req.queryValue(field), !raw.isEmpty else { return nil }
        guard let kind = RecordKind(rawValue: raw), kinds.contains(kind) else {
            throw ValidationFailure(field: field, "Loại bản ghi không hợp lệ; chọn một trong: \(kinds.map(\.rawValue).joined(separator: ", ")).")
        }
        return kind
    }

    func page(req: Request) async throws -> View {
        let q = (req.queryValue("q") ?? "").trimmingCharacters(in: .whitespaces)
        if q.count > 200 { throw ValidationFailure(field: "q", "Từ khóa tìm kiếm dài quá 200 ký tự.") }
        let cursor = try Paging.cursor(req)
        let kind = try Self.kind(req, field: "loai")
        let hits = q.isEmpty ? [] : try await SearchIndex.search(on: req.db, query: q, unitPaths: Self.readablePaths(req.actor),
                                                                 limit: Self.pageSize + 1, kind: kind, cursor: cursor)
        let shown = hits.prefix(Self.pageSize)
        let results = shown.map { hit in
            let kind = RecordKind(rawValue: hit.recordType)?.label ?? hit.recordType
            // Some records' detail is their kind ("Cá nhân"): said once.
            return SearchResultItem(title: hit.title, detail: hit.detail == kind ? "" : hit.detail, href: Self.href(hit), kind: kind)
        }
        let more = hits.count > Self.pageSize
        let count = VietnameseFormat.count(results.count)
        let countText = more || cursor != nil ? "\(count) kết quả ở trang này, mới nhất trước." : "\(count) kết quả, mới nhất trước."
        let senders = q.isEmpty || cursor != nil || (kind != nil && kind != .letter) ? []
            : try await SenderSearch.letters(named: q, actor: req.actor, db: req.db).map {
                SearchResultItem(title: "Đơn số \($0.registerNumber) — \($0.kind.label)", detail: ($0.confidential ? Confidentiality.hidden : "Người gửi: \($0.full_name)")
                                     + " · nhận ngày \(VietnameseFormat.date($0.received_on))",
                                 href: RecordKind.letter.path($0.id), kind: RecordKind.letter.label)
            }
        return try await req.view.render("Search/search", SearchPage(
            layout: req.layoutContext(title: "Tra cứu"), query: q, results: Array(results), searched: !q.isEmpty, countText: countText,
            kinds: Options(Self.kinds.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0 == kind) }),
            nextHref: more ? shown.last.map { Paging.next("/tim-kiem", query: req.url.query, cursor: String($0.entryID)) } : nil,
            bySender: senders))
    }
}
