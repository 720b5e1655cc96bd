import Fluent
import Vapor

/// A resolution's page (vote, status and its chain of amendments) and a council's library of resolutions, with the
/// councils below it, as a page and as .xlsx/.csv. Resolutions are public documents: anyone may read them.
struct ResolutionsController {
    func register(_ app: any RoutesBuilder) {
        app.get(PathComponent(stringLiteral: RecordKind.resolution.slug), ":id", use: show)
        app.get(PathComponent(stringLiteral: RecordKind.resolution.slug), ":id", "van-ban.docx") { req in try await ResolutionDocument.response(req) }
        app.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "nghi-quyet", use: library)
        TableExport.routes(app, [PathComponent(stringLiteral: RecordKind.council.slug), ":id"], base: "nghi-quyet", use: export)
    }

    /// A resolution's facts, vote and chain are written in Swift through `HTML` (escaped by type): Leaf's loops over them
    /// were a sixth of the page's CPU (`perf`, issue 11).
    struct Fact {
        let label: String; let value: String; let href: String?
        var html: HTML { "<dt>\(label)</dt><dd>\(HTML.link(value, to: href))</dd>" }
    }
    struct ChainItem {
        let href: String; let symbol: String; let title: String; let adopted: String; let status: String
        let current: Bool; let relations: [String]
        var html: HTML {
            let symbol: HTML = current ? "<strong>\(self.symbol)</strong>" : HTML.link(self.symbol, to: href)
            return """
                <li>\(symbol) — \(title) <small>(thông qua \(adopted); \(status))</small>\
                \(HTML.join(relations.map { "<br><small>\($0)</small>" }))</li>
                """
        }
    }

    struct Page: Encodable {
        let layout: LayoutContext
        let heading: String
        let title: String
        let councilHref: String, councilName: String
        let facts: HTML
        let vote: HTML
        let voteBasis: String
        let status: String
        /// The chain, when the resolution stands in one.
        let chain: HTML, anyChain: Bool
        /// The full text, a paragraph a line, written in Swift through `HTML` (a long resolution was a Leaf loop of
        /// hundreds of paragraphs), and whether there is any.
        let text: HTML, anyText: Bool
        let wordHref: String, layoutNote: String
        let editHref: String?, auditHref: String?
        let documents: Documents.Section
    }

    func show(req: Request) async throws -> View {
        guard let r = try await Resolution.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        // Its place, council and session kept between requests while those records stay the same (`FigureCache`).
        let db = req.db, kept = req.application.figures, place = try await Places.of(r, kept: kept, on: db)
        guard Policy.allows(req.actor, .read, place) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
        guard let councilName = try await DirectoryQueries.councilNames(kept: kept, db: db)[r.councilID] else { throw Abort(.notFound) }
        let session = try await r.sessionID.asyncMap { id in
            try await kept.value("session title \(id)", on: db) { try await CouncilSession.find(id, on: db).map { (id: id, title: $0.title) } }
        } ?? nil
        let today = Day.today().description
        var facts = [Fact(label: "Loại", value: r.series.label, href: nil)]
        if let session { facts.append(Fact(label: "Kỳ họp", value: session.title, href: RecordKind.session.path(session.id))) }
        facts += [Fact(label: "Lĩnh vực", value: ResolutionFields.label(r.field), href: nil),
                  Fact(label: "Ngày thông qua", value: VietnameseFormat.date(r.adoptedOn), href: nil)]
        if let e = r.effectiveOn { facts.append(Fact(label: "Ngày có hiệu lực", value: VietnameseFormat.date(e), href: nil)) }
        if let e = r.endsOn { facts.append(Fact(label: "Ngày hết hiệu lực", value: VietnameseFormat.date(e), href: nil)) }
        if let s = CouncilDocument.signature(name: r.signedBy, post: r.signerTitle) { facts.append(Fact(label: "Người ký", value: s, href: nil)) }
        let v = r.vote
        var vote = [Fact(label: "Tổng số đại biểu HĐND", value: VietnameseFormat.count(v.delegates), href: nil)]
        if let p = v.present { vote.append(Fact(label: "Có mặt", value: VietnameseFormat.count(p), href: nil)) }
        vote += [Fact(label: "Tán thành", value: v.summary, href: nil),
                 Fact(label: "Không tán thành", value: VietnameseFormat.count(v.against), href: nil),
                 Fact(label: "Không biểu quyết", value: VietnameseFormat.count(v.abstaining), href: nil),
                 Fact(label: "Không tham gia biểu quyết", value: VietnameseFormat.count(v.notVoting), href: nil),
                 Fact(label: "Kết quả", value: r.adopted ? "Được thông qua" : "Không được thông qua (chưa quá nửa tổng số đại biểu tán thành)", href: nil)]

        // The chain it stands in, oldest first, each with how it bears on the others.
        let (ids, links) = try await ResolutionLinks.chain(of: r.id!, db: db)
        let members = try await ResolutionQueries.rows(ids: ids, db: db)
        let symbols = Dictionary(members.map { ($0.id, $0.listedSymbol) }, uniquingKeysWith: { a, _ in a })
        let chain = members.sorted { ($0.adopted_on, $0.id) < ($1.adopted_on, $1.id) }.map { m in
            ChainItem(href: RecordKind.resolution.path(m.id), symbol: m.listedSymbol, title: m.title,
                      adopted: VietnameseFormat.date(m.adopted_on), status: m.status(today: today).label, current: m.id == r.id,
                      relations: links.filter { $0.from_id == m.id }.map { "\($0.relation.label) \(symbols[$0.to_id] ?? "")" }
                          + links.filter { $0.to_id == m.id }.map { "\($0.relation.passive) \(symbols[$0.from_id] ?? "")" })
        }
        let lines = CouncilDocument.lines(r.text)
        let page = Page(layout: req.layoutContext(title: r.heading), heading: r.heading, title: r.title,
                        councilHref: RecordKind.council.path(r.councilID), councilName: councilName, facts: .join(facts.map(\.html)),
                        vote: .join(vote.map(\.html)), voteBasis: ResolutionVote.legalBasis, status: r.status(today: today).label,
                        chain: chain.count > 1 ? .join(chain.map(\.html)) : .empty, anyChain: chain.count > 1,
                        text: .join(lines.map { line -> HTML in "<p>\(line)</p>" }), anyText: !lines.isEmpty,
                        wordHref: RecordKind.resolution.path(r.id!) + "/van-ban.docx", layoutNote: DocumentLayout.decree30.basisNote,
                        editHref: Policy.allows(req.actor, .update, place) ? RecordKind.resolution.editPath(r.id!) : nil,
                        auditHref: Policy.allows(req.actor, .viewAudit, place) ? RecordKind.resolution.auditPath(r.id!) : nil,
                        documents: try await Documents.section(recordType: .resolution, recordID: r.id!, place: place, actor: req.actor, db: db))
        return try await req.view.render("Resolutions/resolution", page)
    }

    /// The library's filters from the address: năm, lĩnh vực, loại, tình trạng, từ khóa, and cả cấp dưới.
    static func filters(_ req: Request, council: Places.CouncilPlace) async throws -> ResolutionQueries.Filters {
        var f = ResolutionQueries.Filters(councilID: council.id)
        var v = Validator()
        if req.queryValue("cap-duoi") == "1" {
            f.below = try await SummaryQueries.councilScope(council.path, column: "r.council_id", kept: req.application.figures, on: req.db)
        }
        if let raw = req.queryValue("nam"), !raw.isEmpty { f.year = v.int("nam", "Năm", raw, range: 1945...2100) }
        if let raw = req.queryValue("linh-vuc"), !raw.isEmpty { f.field = v.choice("linh-vuc", "Lĩnh vực", raw, among: ResolutionFields.all.map(\.0)) }
        if let raw = req.queryValue("loai"), !raw.isEmpty { f.series = v.choice("loai", "Loại nghị quyết", raw, as: ResolutionSeries.self) }
        if let raw = req.queryValue("tinh-trang"), !raw.isEmpty { f.status = v.choice("tinh-trang", "Tình trạng", raw, as: ResolutionStatus.self) }
        f.keyword = Paging.keyword(req, &v)
        try v.check()
        return f
    }

    struct LibraryPage: Encodable {
        let layout: LayoutContext
        let heading: String
        let councilHref: String, councilName: String
        /// The page's resolutions as rows (`libraryRows`), and whether there are any.
        let rows: HTML, anyRows: Bool
        let pager: Paging.Pager
        let years: Options, fields: Options, series: Options, statuses: Options
        let keyword: String
        let below: Bool
        let exportQuery: String
        let newHref: String?
    }

    /// The library's rows written in Swift through `HTML` (escaped by type): Leaf's loop over them was more than a
    /// quarter of the page's CPU (`perf`, issue 11). With the councils below, each row names its council.
    static func libraryRows(_ rows: [ResolutionQueries.Row], below: Bool, today: String) -> HTML {
        .join(rows.map { r in
            let council: HTML = below ? "<br><small>\(r.council_name)</small>" : .empty
            return """
                <tr><td class="nowrap">\(HTML.link(r.listedSymbol, to: RecordKind.resolution.path(r.id)))\(council)</td>\
                <td>\(r.title)</td><td>\(ResolutionFields.label(r.field))</td><td>\(VietnameseFormat.date(r.adopted_on))</td>\
                <td>\(r.status(today: today).label)</td></tr>
                """
        })
    }

    func library(req: Request) async throws -> View {
        // The council kept between requests while the records stay the same (`FigureCache`), as its other lists do.
        let council = try await Places.council(try req.parameters.require("id", as: Int.self), kept: req.application.figures, on: req.db)
        guard Policy.allows(req.actor, .read, council.place) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
        let f = try await Self.filters(req, council: council)
        let before = try Paging.cursor(req), after = try Paging.after(req)
        let fetched = try await ResolutionQueries.list(f, before: before, after: after, limit: 51, db: req.db)
        let tally = try await ResolutionQueries.tally(f, db: req.db)
        let (rows, pager) = Paging.page(fetched, size: 50, before: before, after: after, id: \.id, total: tally.count, noun: "nghị quyết",
                                        path: req.url.path, query: req.url.query)
        let page = LibraryPage(
            layout: req.layoutContext(title: "Nghị quyết — \(council.name)"), heading: "Nghị quyết — \(council.name)",
            councilHref: RecordKind.council.path(council.id), councilName: council.name,
            rows: Self.libraryRows(rows, below: f.below != nil, today: f.today), anyRows: !rows.isEmpty,
            pager: pager,
            years: Options(tally.years.map { FormOption(value: String($0), label: String($0), selected: $0 == f.year) }),
            fields: Options(ResolutionFields.all.map { FormOption(value: $0.0, label: $0.1, selected: $0.0 == f.field) }),
            series: Options(ResolutionSeries.allCases.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0 == f.series) }),
            statuses: Options(ResolutionStatus.allCases.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0 == f.status) }),
            keyword: f.keyword, below: f.below != nil, exportQuery: req.url.query.map { "?" + $0 } ?? "",
            newHref: Policy.allows(req.actor, .create, council.place) ? RecordKind.resolution.newPath + "?council=\(council.id)" : nil)
        return try await req.view.render("Resolutions/library", page)
    }

    func export(req: Request, format: ExportFormat) async throws -> Response {
        let council = try await Places.council(try req.parameters.require("id", as: Int.self), on: req.db)
        guard Policy.allows(req.actor, .read, council.place) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
        let f = try await Self.filters(req, council: council), db = req.db
        let columns = [TableColumn("Số, ký hiệu", width: 18), TableColumn("Trích yếu", width: 70), TableColumn("Loại", width: 26),
                       TableColumn("Lĩnh vực", width: 26), TableColumn("Ngày thông qua", width: 14), TableColumn("Ngày có hiệu lực", width: 14),
                       TableColumn("Ngày hết hiệu lực", width: 14), TableColumn("Tán thành", width: 10), TableColumn("Tổng số đại biểu", width: 10),
                       TableColumn("Tình trạng", width: 26), TableColumn("Hội đồng", width: 30)]
        return try await TableExport.response(format, filename: "nghi-quyet-\(council.id)", title: "Nghị quyết", columns: columns, on: req) { cursor in
            let rows = try await ResolutionQueries.list(f, before: cursor.flatMap { Int($0) }, after: nil, limit: TableExport.pageSize, db: db)
            return (rows.map { r in
                [.text(r.listedSymbol), .text(r.title), .text(r.series.label), .text(ResolutionFields.label(r.field)),
                 .day(r.adopted_on), .day(r.effective_on), .day(r.ends_on), .number(r.votes_for), .number(r.delegates),
                 .text(r.status(today: f.today).label), .text(r.council_name)]
            }, rows.count == TableExport.pageSize ? rows.last.map { String($0.id) } : nil)
        }
    }
}
