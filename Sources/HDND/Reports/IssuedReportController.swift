import Fluent
import Vapor

/// A period report as written and issued: its words, its figures (as issued, or live while a draft), and the Word file.
struct IssuedReportController {
    func register(_ app: any RoutesBuilder) {
        let slug = PathComponent(stringLiteral: RecordKind.periodReport.slug)
        app.get(slug, ":id", use: show)
        app.get(slug, ":id", "van-ban.docx", use: word)
    }

    struct Loaded {
        let report: PeriodReport, place: Place, council: Places.CouncilPlace
        /// Each line's own and below figures: as issued, or counted now for a draft.
        let figures: [PeriodReport.Snapshot]
        let belowLevel: String

        static func load(_ req: Request) async throws -> Loaded {
            guard let r = try await PeriodReport.find(req.parameters.get("id", as: Int.self), on: req.db), let period = r.period else { throw Abort(.notFound) }
            let place = try await Places.of(r, on: req.db)
            guard Policy.allows(req.actor, .read, place) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
            // An issued report shows its figures as issued: only a draft counts them now.
            if let kept = r.snapshot {
                let council = try await Places.council(r.councilID, on: req.db)
                let level = try await UnitQueries.children(of: council.unit_id, on: r.periodTo, limit: 1, db: req.db).first?.level
                return Loaded(report: r, place: place, council: council, figures: kept,
                              belowLevel: level.map { "HĐND " + $0.label.lowercasedFirst } ?? "HĐND cấp dưới")
            }
            let live = try await PeriodFigures.of(councilID: r.councilID, period: period, kept: req.application.figures, db: req.db)
            return Loaded(report: r, place: place, council: live.council, figures: PeriodReport.snapshot(of: live),
                          belowLevel: PeriodReportController.belowLevel(live))
        }

        /// The table of the report: a row per figure that is not nought.
        var rows: [[String]] {
            figures.filter { $0.own + $0.below > 0 }.compactMap { s in
                ReportLine.all.first { $0.key == s.key }.map { line in
                    [line.noun.uppercasedFirst, VietnameseFormat.count(s.own), VietnameseFormat.count(s.below),
                     VietnameseFormat.count(s.own + s.below)]
                }
            }
        }
    }

    struct Page: Encodable {
        let layout: LayoutContext
        let heading: String, councilHref: String, councilName: String, liveHref: String
        let reference: String?, issuedOn: String?, signer: String?, period: String
        let paragraphs: [String], columns: [String], rows: [[String]], kept: Bool
        let wordHref: String, layoutNote: String, editHref: String?, auditHref: String?
    }

    func show(req: Request) async throws -> View {
        let l = try await Loaded.load(req)
        let r = l.report
        let canEdit = Policy.allows(req.actor, .update, l.place)
        let page = Page(
            layout: req.layoutContext(title: r.title), heading: r.title, councilHref: RecordKind.council.path(r.councilID), councilName: l.council.name,
            liveHref: RecordKind.council.path(r.councilID) + "/bao-cao?tu=\(r.periodFrom)&den=\(r.periodTo)",
            reference: r.reference, issuedOn: r.issuedOn.map { VietnameseFormat.date($0) },
            signer: CouncilDocument.signature(name: r.signer, post: r.signerTitle),
            period: "Từ \(VietnameseFormat.date(r.periodFrom)) đến \(VietnameseFormat.date(r.periodTo))",
            paragraphs: r.narrative.split(separator: "\n").map(String.init), columns: ["Nội dung", l.council.name, l.belowLevel, "Tổng"],
            rows: l.rows, kept: r.snapshot != nil, wordHref: RecordKind.periodReport.path(r.id!) + "/van-ban.docx",
            layoutNote: DocumentLayout.decree30.basisNote, editHref: canEdit ? RecordKind.periodReport.editPath(r.id!) : nil,
            auditHref: Policy.allows(req.actor, .viewAudit, l.place) ? RecordKind.periodReport.auditPath(r.id!) : nil)
        return try await req.view.render("Reports/issued", page)
    }

    static func document(_ l: Loaded, db: any Database) async throws -> OfficialDocument {
        let r = l.report
        // The standing committee of the term the report's period ends in.
        let issuer = try await CouncilDocument.standingIssuer(council: l.council, on: r.periodTo, db: db)
        var blocks = CouncilDocument.paragraphs(r.narrative)
        if !l.rows.isEmpty {
            blocks.append(.heading("SỐ LIỆU KẾT QUẢ HOẠT ĐỘNG"))
            blocks.append(.table(header: ["Nội dung", l.council.name, l.belowLevel, "Tổng"], widths: [46, 18, 18, 18], rows: l.rows))
        }
        return OfficialDocument(parent: issuer.parent, issuer: issuer.issuer, reference: r.reference, symbol: PeriodReport.symbol, place: issuer.place,
                                issuedOn: r.issuedOn, kind: "BÁO CÁO", abstract: CouncilDocument.abstract(r.title, kind: "BÁO CÁO"), blocks: blocks,
                                authority: issuer.authority, post: CouncilDocument.post(r.signerTitle), signer: r.signer,
                                recipients: CouncilDocument.recipients(r.recipients))
    }

    func word(req: Request) async throws -> Response {
        let l = try await Loaded.load(req)
        return try await CouncilDocument.response(try await Self.document(l, db: req.db),
                                                  filename: "bao-cao-\(l.report.number.map { VietnameseFormat.serial($0) + "-" } ?? "")\(l.report.id!)")
    }
}
