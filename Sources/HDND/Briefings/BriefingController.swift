import Fluent
import SQLKit
import Vapor

/// A briefing conference's page: its facts, every council below's figures for the period reviewed (from the period
/// report, one click), each council's own notes, the conclusions and the tasks given to councils below; a council's
/// conferences by year; the conference's report in Word.
struct BriefingController {
    func register(_ signedIn: any RoutesBuilder) {
        let slug = PathComponent(stringLiteral: RecordKind.briefingConference.slug)
        signedIn.get(slug, ":id", use: show)
        signedIn.upload([slug, ":id", "ghi-chu"], maxBytes: RowNotes.maxBodyBytes, use: note)
        signedIn.get(slug, ":id", "van-ban.docx", use: word)
        signedIn.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "giao-ban", use: list)
    }

    struct Loaded {
        let conference: BriefingConference, place: Place, figures: PeriodFigures, notes: [Int: String]

        static func load(_ req: Request) async throws -> Loaded {
            guard let b = try await BriefingConference.find(req.parameters.get("id", as: Int.self), on: req.db), let period = b.period else { throw Abort(.notFound) }
            let place = try await Places.of(b, kept: req.application.figures, on: req.db)
            guard Policy.allows(req.actor, .read, place) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
            struct Row: Decodable { let council_id: Int; let note: String }
            let notes = try await req.db.sql.raw("SELECT council_id, note FROM briefing_notes WHERE briefing_id = \(bind: b.id!)").rows(Row.self)
            return Loaded(conference: b, place: place, figures: try await PeriodFigures.of(councilID: b.councilID, period: period, kept: req.application.figures, db: req.db),
                          notes: Dictionary(notes.map { ($0.council_id, $0.note) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    struct Fact: Encodable { let label: String; let value: String }
    struct Page: Encodable {
        let layout: LayoutContext
        let heading: String, councilHref: String, councilName: String, listHref: String
        let facts: [Fact], period: String, narrative: String
        let belowLevel: String, columns: [String], hasRows: Bool, rows: HTML, total: [String], chart: HTML?
        let conclusions: String?, followUps: FollowUps
        /// Where the notes' form is sent, for those who may write them.
        let noteAction: String?
        let wordHref: String, reportHref: String, editHref: String?, auditHref: String?
    }

    func show(req: Request) async throws -> View {
        let l = try await Loaded.load(req)
        let b = l.conference, f = l.figures
        var facts = [Fact(label: "Ngày họp", value: VietnameseFormat.date(b.heldOn))]
        if let v = b.place { facts.append(Fact(label: "Địa điểm", value: v)) }
        if let v = b.chair { facts.append(Fact(label: "Chủ trì", value: v)) }
        if let v = b.participants { facts.append(Fact(label: "Thành phần", value: v)) }
        let canEdit = Policy.allows(req.actor, .update, l.place)
        let layout = req.layoutContext(title: b.title)
        // Each council below's notes: a box to write them in for those who may (one form around the table), else the text.
        let rows = try await PeriodReportController.belowTable(f, kept: req.application.figures, db: req.db) { unit in
            let note = unit.councilID.flatMap { l.notes[$0] } ?? ""
            guard canEdit else { return HTML("<td><span class=\"prewrap\">\(note)</span></td>") }
            guard let id = unit.councilID else { return HTML("<td></td>") }
            return HTML("<td>\(RowNotes.box(id: id, name: unit.name, note: note))</td>")
        }
        let page = Page(
            layout: layout, heading: b.title, councilHref: RecordKind.council.path(b.councilID), councilName: f.council.name,
            listHref: RecordKind.council.path(b.councilID) + "/giao-ban?nam=\(Day(stored: b.heldOn).year)", facts: facts,
            period: "\(f.period.label): từ \(VietnameseFormat.date(b.periodFrom)) đến \(VietnameseFormat.date(b.periodTo))",
            narrative: ReportNarrative.draft(f), belowLevel: PeriodReportController.belowLevel(f),
            columns: PeriodReportController.belowLines.map { $0.noun.uppercasedFirst }, hasRows: !f.below.isEmpty, rows: rows,
            total: PeriodReportController.belowLines.map { VietnameseFormat.count(f.belowTotal($0.key)) }, chart: try await PeriodReportController.belowChart(f, kept: req.application.figures, db: req.db),
            conclusions: b.conclusions,
            followUps: try await FollowUps.of(briefing: b, actor: req.actor, kept: req.application.figures, db: req.db),
            noteAction: canEdit ? RecordKind.briefingConference.path(b.id!) + "/ghi-chu" : nil,
            wordHref: RecordKind.briefingConference.path(b.id!) + "/van-ban.docx",
            reportHref: RecordKind.council.path(b.councilID) + "/bao-cao?tu=\(b.periodFrom)&den=\(b.periodTo)",
            editHref: canEdit ? RecordKind.briefingConference.editPath(b.id!) : nil,
            auditHref: Policy.allows(req.actor, .viewAudit, l.place) ? RecordKind.briefingConference.auditPath(b.id!) : nil)
        return try await req.view.render("Briefings/briefing", page)
    }

    /// The councils below's own notes at the conference, those changed in the form: one write of the conference, audited
    /// once with each council's note before and after.
    func note(req: Request) async throws -> Response {
        guard let b = try await BriefingConference.find(req.parameters.get("id", as: Int.self), on: req.db), let period = b.period else { throw Abort(.notFound) }
        guard Policy.allows(req.actor, .update, try await Places.of(b, on: req.db)) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
        let input = try RecordPages<BriefingConference>.input(req)
        let below = try await PeriodFigures.of(councilID: b.councilID, period: period, kept: req.application.figures, db: req.db).below
        let names = Dictionary(below.compactMap { u in u.councilID.map { ($0, u.name) } }, uniquingKeysWith: { a, _ in a })
        let saved = try await RowNotes.save(
            input, names: names, unknown: "Không tìm thấy HĐND cấp dưới này trong hội nghị.",
            owner: .init(table: "briefing_notes", column: "briefing_id", id: b.id!, rowColumn: "council_id", kind: .briefingConference, unitID: b.unitID,
                         summary: "\(RecordKind.briefingConference.label): \(b.displayName)", rows: "HĐND cấp dưới"),
            actor: req.actor, db: req.db)
        req.flash(saved.kind, saved.message)
        return req.redirect(to: RecordKind.briefingConference.path(b.id!) + "#cap-duoi")
    }

    /// The conference's report: its facts, the figures of the councils below, their notes and the conclusions.
    func word(req: Request) async throws -> Response {
        let l = try await Loaded.load(req)
        let b = l.conference, f = l.figures
        let issuer = try await CouncilDocument.standingIssuer(council: f.council, on: b.heldOn, db: req.db)
        var blocks: [OfficialDocument.Block] = [
            .paragraph("Ngày \(VietnameseFormat.date(b.heldOn))\(b.place.map { ", tại \($0)" } ?? ""), \(issuer.body ?? f.council.name) tổ chức \(b.title.lowercasedFirst)"
                       + "\(b.chair.map { " do \($0) chủ trì" } ?? "")."),
        ]
        if let p = b.participants { blocks.append(.paragraph("Thành phần: \(p)")) }
        blocks.append(.heading("I. KẾT QUẢ HOẠT ĐỘNG \(f.period.label.uppercased())"))
        blocks += CouncilDocument.paragraphs(ReportNarrative.draft(f))
        if !f.below.isEmpty {
            let columns = ["Đơn vị"] + PeriodReportController.belowLines.map { $0.noun.uppercasedFirst }
            let rows = PeriodReportController.belowRows(f).map { [$0.name] + $0.cells }
                + [["Cộng"] + PeriodReportController.belowLines.map { VietnameseFormat.count(f.belowTotal($0.key)) }]
            blocks.append(.table(header: columns, widths: [28] + Array(repeating: 12, count: columns.count - 1), rows: rows))
        }
        let notes = f.below.compactMap { u in u.councilID.flatMap { l.notes[$0] }.map { "- \(u.name): \($0)" } }
        if !notes.isEmpty { blocks.append(.heading("II. Ý KIẾN CỦA THƯỜNG TRỰC HĐND CẤP DƯỚI")); blocks += notes.map { .paragraph($0) } }
        if let c = b.conclusions {
            blocks.append(.heading("\(notes.isEmpty ? "II" : "III"). KẾT LUẬN CỦA CHỦ TRÌ"))
            blocks += CouncilDocument.paragraphs(c)
        }
        let doc = OfficialDocument(parent: issuer.parent, issuer: issuer.issuer, reference: nil, symbol: "BC-HĐND", place: issuer.place, issuedOn: nil,
                                   kind: "BÁO CÁO", abstract: "Kết quả \(b.title.lowercasedFirst)", blocks: blocks, authority: issuer.authority,
                                   post: "CHỦ TỊCH", signer: nil, recipients: ["Thường trực HĐND cấp dưới", "Lưu: VT"])
        return try await CouncilDocument.response(doc, filename: "giao-ban-\(b.id!)")
    }

    struct Line: Encodable { let href: String; let title: String; let note: String }
    struct ListPage: Encodable {
        let layout: LayoutContext
        let heading: String, councilHref: String, previousHref: String, nextHref: String, lines: [Line], newHref: String?
    }

    /// A council's briefing conferences of a year.
    func list(req: Request) async throws -> View {
        let year = try Paging.year(req)
        let (council, place) = try await Places.authorizeInternal(.read, councilID: try req.parameters.require("id", as: Int.self), actor: req.actor, kept: req.application.figures, on: req.db)
        let rows = try await BriefingConference.query(on: req.db).filter(\.$councilID == council.id)
            .filter(\.$heldOn >= "\(year)-01-01").filter(\.$heldOn <= "\(year)-12-31").sort(\.$heldOn).all()
        let base = RecordKind.council.path(council.id) + "/giao-ban?nam="
        let page = ListPage(
            layout: req.layoutContext(title: "Hội nghị giao ban"), heading: "Hội nghị giao ban năm \(year) — \(council.name)",
            councilHref: RecordKind.council.path(council.id), previousHref: base + String(year - 1), nextHref: base + String(year + 1),
            lines: rows.map { Line(href: RecordKind.briefingConference.path($0.id!), title: $0.title,
                                   note: "Ngày \(VietnameseFormat.date($0.heldOn)) · đánh giá \($0.period?.label.lowercasedFirst ?? "")") },
            newHref: Policy.allows(req.actor, .create, place) ? RecordKind.briefingConference.newPath + "?council=\(council.id)" : nil)
        return try await req.view.render("Briefings/list", page)
    }
}
