import Fluent
import SQLKit
import Vapor

/// The standing committee's meetings of a council, a meeting's page (with a review's figures per body, each body's
/// notes and the conclusions' notice), and the office's note for a body.
struct StandingController {
    func register(_ signedIn: any RoutesBuilder) {
        signedIn.get(PathComponent(stringLiteral: RecordKind.standingMeeting.slug), ":id", use: show)
        signedIn.get(PathComponent(stringLiteral: RecordKind.standingMeeting.slug), ":id", "thong-bao.docx") { req in try await StandingNoticeDocument.response(req) }
        signedIn.upload([PathComponent(stringLiteral: RecordKind.standingMeeting.slug), ":id", "ghi-chu"], maxBytes: RowNotes.maxBodyBytes, use: note)
        signedIn.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "thuong-truc", use: list)
        TableExport.routes(signedIn, [PathComponent(stringLiteral: RecordKind.council.slug), ":id"], base: "thuong-truc", use: export)
    }

    struct Item: Encodable { let href: String; let title: String; let agenda: String; let notice: String? }
    struct ListPage: Encodable {
        let layout: LayoutContext; let heading: String; let councilHref: String; let councilName: String; let items: [Item]; let newHref: String?
        let pager: Paging.Pager; let keyword: String; let exportQuery: String
    }

    static func notice(_ m: StandingMeeting) -> String? { m.notice.map { $0 + (m.noticedOn.map { " ngày \(VietnameseFormat.date($0))" } ?? "") } }

    func list(req: Request) async throws -> View {
        let (council, place) = try await Places.authorizeInternal(.read, councilID: try req.parameters.require("id", as: Int.self), actor: req.actor, kept: req.application.figures, on: req.db)
        let keyword = try Paging.keyword(req)
        let (meetings, pager) = try await RecordListPage.page(StandingMeeting.query(on: req.db).filter(\.$councilID == council.id), req: req,
                                                              keyword: keyword, noun: "phiên họp")
        let page = ListPage(layout: req.layoutContext(title: "Phiên họp Thường trực"), heading: "Phiên họp Thường trực — \(council.name)",
                            councilHref: RecordKind.council.path(council.id), councilName: council.name,
                            items: meetings.map { m in Item(href: RecordKind.standingMeeting.path(m.id!), title: m.displayName, agenda: m.agenda, notice: Self.notice(m)) },
                            newHref: Policy.allows(req.actor, .create, place) ? RecordKind.standingMeeting.newPath + "?council=\(council.id)" : nil,
                            pager: pager, keyword: keyword, exportQuery: req.url.query.map { "?" + $0 } ?? "")
        return try await req.view.render("Standing/list", page)
    }

    func export(req: Request, format: ExportFormat) async throws -> Response {
        let (council, _) = try await Places.authorizeInternal(.read, councilID: try req.parameters.require("id", as: Int.self), actor: req.actor, kept: req.application.figures, on: req.db)
        let keyword = try Paging.keyword(req), db = req.db, councilID = council.id
        let columns = [TableColumn("Ngày họp", width: 14), TableColumn("Loại", width: 30), TableColumn("Nội dung", width: 60),
                       TableColumn("Chủ trì", width: 26), TableColumn("Thông báo kết luận", width: 30)]
        return try await TableExport.response(format, filename: "thuong-truc-\(councilID)", title: "Phiên họp Thường trực", columns: columns, on: req,
                                              page: RecordListPage.export({ StandingMeeting.query(on: db).filter(\.$councilID == councilID) }, keyword: keyword) { m in
            [.day(m.heldOn), .text(m.kind.label), .text(m.agenda), .text(m.chair ?? ""), .text(Self.notice(m) ?? "")]
        })
    }

    struct Fact: Encodable { let label: String; let value: String }
    struct Review: Encodable { let bodyID: Int; let name: String; let kind: String; let oversights: String; let surveys: String
                               let voterMeetings: String; let voters: String; let note: String
                               /// The box to write the body's note in (`RowNotes`), for those who may.
                               let noteBox: HTML? }
    struct Page: Encodable {
        let layout: LayoutContext
        let heading: String
        let councilHref: String, councilName: String
        let facts: [Fact]
        let period: String?
        let review: [Review]
        let noteAction: String?
        /// The notice of conclusions in Word, once there are conclusions; the layout's basis.
        let noticeHref: String?, layoutNote: String
        let editHref: String?, auditHref: String?
        let documents: Documents.Section
    }

    func show(req: Request) async throws -> View {
        guard let m = try await StandingMeeting.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        let place = try await Places.of(m, kept: req.application.figures, on: req.db)
        guard Policy.allows(req.actor, .read, place) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
        let council = try await Places.council(m.councilID, kept: req.application.figures, on: req.db)
        var facts = [Fact(label: "Loại", value: m.kind.label), Fact(label: "Ngày họp", value: VietnameseFormat.date(m.heldOn))]
        if let c = m.chair { facts.append(Fact(label: "Chủ trì", value: c)) }
        if let p = m.participants { facts.append(Fact(label: "Thành phần", value: p)) }
        facts.append(Fact(label: "Nội dung", value: m.agenda))
        if let s = m.speakers { facts.append(Fact(label: "Ý kiến phát biểu", value: VietnameseFormat.count(s))) }
        if let mm = m.minutes { facts.append(Fact(label: "Diễn biến", value: mm)) }
        if let c = m.conclusions { facts.append(Fact(label: "Kết luận", value: c)) }
        if let n = Self.notice(m) { facts.append(Fact(label: "Thông báo kết luận", value: n)) }
        if let s = CouncilDocument.signature(name: m.noticeSigner, post: m.noticeSignerTitle) { facts.append(Fact(label: "Người ký thông báo", value: s)) }
        let canEdit = Policy.allows(req.actor, .update, place)
        var review: [Review] = []
        if let from = m.periodFrom, let to = m.periodTo {
            let notes = try await StandingNotes.notes(meetingID: m.id!, db: req.db)
            review = try await BodyReview.rows(councilID: m.councilID, on: m.heldOn, from: from, to: to, kept: req.application.figures,
                                                db: req.db).map { r in
                Review(bodyID: r.body_id, name: r.name, kind: r.kind.label, oversights: VietnameseFormat.count(r.oversights),
                       surveys: VietnameseFormat.count(r.surveys), voterMeetings: VietnameseFormat.count(r.voter_meetings),
                       voters: VietnameseFormat.number(r.voters), note: notes[r.body_id] ?? "",
                       noteBox: canEdit ? RowNotes.box(id: r.body_id, name: r.name, note: notes[r.body_id] ?? "") : nil)
            }
        }
        let page = Page(layout: req.layoutContext(title: m.displayName, withForm: canEdit), heading: m.displayName,
                        councilHref: RecordKind.council.path(council.id), councilName: council.name, facts: facts,
                        period: m.periodFrom.flatMap { f in m.periodTo.map { "Từ \(VietnameseFormat.date(f)) đến \(VietnameseFormat.date($0))" } },
                        review: review, noteAction: canEdit ? RecordKind.standingMeeting.path(m.id!) + "/ghi-chu" : nil,
                        noticeHref: m.conclusions == nil ? nil : RecordKind.standingMeeting.path(m.id!) + "/thong-bao.docx",
                        layoutNote: DocumentLayout.decree30.basisNote,
                        editHref: canEdit ? RecordKind.standingMeeting.editPath(m.id!) : nil,
                        auditHref: Policy.allows(req.actor, .viewAudit, place) ? RecordKind.standingMeeting.auditPath(m.id!) : nil,
                        documents: try await Documents.section(recordType: .standingMeeting, recordID: m.id!, place: place, actor: req.actor, db: req.db))
        return try await req.view.render("Standing/meeting", page)
    }

    func note(req: Request) async throws -> Response {
        guard let m = try await StandingMeeting.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        let input = try RecordPages<StandingMeeting>.input(req)
        let saved = try await StandingNotes.save(m, input: input, actor: req.actor, db: req.db)
        req.flash(saved.kind, saved.message)
        return req.redirect(to: RecordKind.standingMeeting.path(m.id!) + "#danh-gia")
    }
}

/// The bodies' own notes at a review meeting, beside their figures (`RowNotes`).
public enum StandingNotes {
    static func notes(meetingID: Int, db: any Database) async throws -> [Int: String] {
        struct Row: Decodable { let body_id: Int; let note: String }
        let rows = try await db.sql.raw("SELECT body_id, note FROM standing_meeting_notes WHERE meeting_id = \(bind: meetingID)").rows(Row.self)
        return Dictionary(rows.map { ($0.body_id, $0.note) }, uniquingKeysWith: { a, _ in a })
    }

    /// The notes changed in the meeting's form, written and audited at once (`RowNotes.save`).
    static func save(_ m: StandingMeeting, input: [String: String], actor: Actor?, db: any Database) async throws -> RowNotes.Saved {
        guard Policy.allows(actor, .update, try await Places.of(m, on: db)) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        let bodies = try await Oversight.leaders(councilID: m.councilID, on: m.heldOn, db: db).bodies
        return try await RowNotes.save(
            input, names: Dictionary(bodies.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }), unknown: "Không tìm thấy Ban, Tổ đại biểu của Hội đồng.",
            owner: .init(table: "standing_meeting_notes", column: "meeting_id", id: m.id!, rowColumn: "body_id", kind: .standingMeeting, unitID: m.unitID,
                         summary: "Ý kiến của các Ban, Tổ đại biểu", rows: "Ban, Tổ đại biểu"),
            actor: actor, db: db)
    }
}
