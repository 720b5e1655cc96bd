import Fluent
import Vapor

/// A hearing's page (its notice checked against the rule, its conclusions and what they ask to be done) and a
/// council's hearings. A public hearing's page is open to citizens; its follow-ups are for the council's own people.
struct HearingsController {
    func register(_ app: any RoutesBuilder, signedIn: any RoutesBuilder) {
        app.get(PathComponent(stringLiteral: RecordKind.explanationHearing.slug), ":id", use: show)
        signedIn.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "giai-trinh", use: list)
        TableExport.routes(signedIn, [PathComponent(stringLiteral: RecordKind.council.slug), ":id"], base: "giai-trinh", use: export)
    }

    struct Fact: Encodable { let label: String; let value: String }
    struct Page: Encodable {
        let layout: LayoutContext
        let heading: String
        let councilHref: String, councilName: String
        let internalShown: Bool
        let facts: [Fact]
        /// The notice checked against the rule, for those who see the council's internal work (one step).
        let steps: [OversightController.Step]
        let followUps: FollowUps?
        let editHref: String?, auditHref: String?
        let documents: Documents.Section
    }

    func show(req: Request) async throws -> View {
        guard let h = try await ExplanationHearing.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        let place = try await Places.of(h, kept: req.application.figures, on: req.db)
        guard Policy.allows(req.actor, .read, place) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
        let internalToo = Policy.allows(req.actor, .read, place.internalRecords)
        let council = try await Places.council(h.councilID, kept: req.application.figures, on: req.db)
        var facts = [Fact(label: "Ngày tổ chức", value: VietnameseFormat.date(h.heldOn)),
                     Fact(label: "Người được yêu cầu giải trình", value: h.respondents),
                     Fact(label: "Hình thức", value: h.isPublic ? "Công khai" : "Không công khai")]
        if let ref = h.planRef { facts.append(Fact(label: "Kế hoạch, quyết định", value: ref)) }
        if let c = h.conclusion {
            facts.append(Fact(label: "Kết luận", value: c + (h.concludedOn.map { "\n(ban hành ngày \(VietnameseFormat.date($0)))" } ?? "")))
        }
        let canEdit = Policy.allows(req.actor, .update, place)
        let page = Page(layout: req.layoutContext(title: h.displayName), heading: h.displayName, councilHref: RecordKind.council.path(council.id),
                        councilName: council.name, internalShown: internalToo, facts: facts,
                        steps: internalToo ? [OversightController.step(h.noticeCheck())] : [],
                        followUps: internalToo ? try await FollowUps.of(hearing: h, actor: req.actor, kept: req.application.figures, db: req.db) : nil,
                        editHref: canEdit ? RecordKind.explanationHearing.editPath(h.id!) : nil,
                        auditHref: Policy.allows(req.actor, .viewAudit, place) ? RecordKind.explanationHearing.auditPath(h.id!) : nil,
                        documents: try await Documents.section(recordType: .explanationHearing, recordID: h.id!, place: place, actor: req.actor, db: req.db))
        return try await req.view.render("Hearings/hearing", page)
    }

    struct Item: Encodable { let href: String; let topic: String; let respondents: String; let held: String; let state: String; let overdue: Bool }
    struct ListPage: Encodable {
        let layout: LayoutContext; let heading: String; let councilHref: String; let items: [Item]; let newHref: String?
        let pager: Paging.Pager; let keyword: String; let exportQuery: String
    }

    static func state(_ h: ExplanationHearing) -> (text: String, overdue: Bool) {
        let notice = h.noticeCheck()
        return (h.concludedOn.map { "Đã kết luận ngày \(VietnameseFormat.date($0))" }
                    ?? (notice.overdue ? "Chưa thông báo, quá hạn thông báo" : h.noticedOn == nil ? "Chưa thông báo" : "Đã thông báo"), notice.overdue)
    }

    func list(req: Request) async throws -> View {
        let (council, place) = try await Places.authorizeInternal(.read, councilID: try req.parameters.require("id", as: Int.self), actor: req.actor, kept: req.application.figures, on: req.db)
        let keyword = try Paging.keyword(req)
        let (hearings, pager) = try await RecordListPage.page(ExplanationHearing.query(on: req.db).filter(\.$councilID == council.id), req: req,
                                                              keyword: keyword, noun: "phiên giải trình")
        let items = hearings.map { h in
            let state = Self.state(h)
            return Item(href: RecordKind.explanationHearing.path(h.id!), topic: h.topic, respondents: h.respondents, held: VietnameseFormat.date(h.heldOn),
                        state: state.text, overdue: state.overdue)
        }
        return try await req.view.render("Hearings/list", ListPage(
            layout: req.layoutContext(title: "Phiên giải trình"), heading: "Phiên giải trình — \(council.name)",
            councilHref: RecordKind.council.path(council.id), items: items,
            newHref: Policy.allows(req.actor, .create, place) ? RecordKind.explanationHearing.newPath + "?council=\(council.id)" : nil,
            pager: pager, keyword: keyword, exportQuery: req.url.query.map { "?" + $0 } ?? ""))
    }

    func export(req: Request, format: ExportFormat) async throws -> Response {
        let (council, _) = try await Places.authorizeInternal(.read, councilID: try req.parameters.require("id", as: Int.self), actor: req.actor, kept: req.application.figures, on: req.db)
        let keyword = try Paging.keyword(req), db = req.db, councilID = council.id
        let columns = [TableColumn("Ngày", width: 14), TableColumn("Nội dung giải trình", width: 60), TableColumn("Người giải trình", width: 40),
                       TableColumn("Thông báo ngày", width: 14), TableColumn("Công khai", width: 10), TableColumn("Tình trạng", width: 30)]
        return try await TableExport.response(format, filename: "giai-trinh-\(councilID)", title: "Phiên giải trình", columns: columns, on: req,
                                              page: RecordListPage.export({ ExplanationHearing.query(on: db).filter(\.$councilID == councilID) }, keyword: keyword) { h in
            [.day(h.heldOn), .text(h.topic), .text(h.respondents), .day(h.noticedOn), .text(h.isPublic ? "Có" : "Không"), .text(Self.state(h).text)]
        })
    }
}
