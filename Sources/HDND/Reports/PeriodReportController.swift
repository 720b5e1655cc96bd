import Fluent
import Vapor

/// A council's period report: every figure of the council and of the councils below (each, and their sum) beside the
/// period before, the same period a year before and the targets; the drafted sentences; a chart per council below;
/// the table to .xlsx/.csv.
struct PeriodReportController {
    func register(_ signedIn: any RoutesBuilder) {
        let base: [PathComponent] = [PathComponent(stringLiteral: RecordKind.council.slug), ":id", "bao-cao"]
        signedIn.get(base, use: page)
        TableExport.routes(signedIn, [PathComponent(stringLiteral: RecordKind.council.slug), ":id"], base: "bao-cao-so-lieu", use: export)
    }

    /// The report's figures and its comparisons, for a council the asker may read the internal records of.
    struct Loaded {
        let figures: PeriodFigures, previous: PeriodFigures?, yearBefore: PeriodFigures, targets: [TargetProgress.Result]

        static func load(_ req: Request) async throws -> Loaded {
            let (council, _) = try await Places.authorizeInternal(.read, councilID: try req.parameters.require("id", as: Int.self), actor: req.actor, kept: req.application.figures, on: req.db)
            let period = try await term(req, councilID: council.id) ?? SummaryController.period(req)
            // The period before is read beside the others on a connection of another event loop (each loop's pool has
            // its own): the page waits for the longer of the two, not their sum.
            let loop = req.application.eventLoopGroup.makeIterator().first { $0 !== req.eventLoop } ?? req.eventLoop
            let beside = req.application.databases.database(logger: req.logger, on: loop) ?? req.db
            return try await load(council: council, period: period, kept: req.application.figures, db: req.db, beside: beside)
        }

        /// `?nhiem-ky=ID`: one of the council's terms, from its first day to its last (or its years when the days are not
        /// recorded).
        static func term(_ req: Request, councilID: Int) async throws -> Period? {
            guard let raw = req.queryValue("nhiem-ky"), !raw.isEmpty else { return nil }
            guard let id = Int(raw), let t = try await Term.find(id, on: req.db), t.councilID == councilID,
                  let p = Period.custom(Day(t.startDate ?? "") ?? Day(clampingYear: t.startYear, month: 1, day: 1),
                                        Day(t.endDate ?? "") ?? Day(clampingYear: t.endYear, month: 12, day: 31)) else {
                throw ValidationFailure(field: "nhiem-ky", "Hãy chọn một nhiệm kỳ của Hội đồng này.")
            }
            return Period(from: p.from, to: p.to, label: t.years)
        }

        static func load(council: Places.CouncilPlace, period: Period, kept: FigureCache, db: any Database,
                         beside: (any Database)? = nil) async throws -> Loaded {
            let other = beside ?? db, councilID = council.id
            async let before = period.previous.asyncMap { try await PeriodFigures.of(council: council, period: $0, kept: kept, db: other) }
            let figures = try await PeriodFigures.of(council: council, period: period, kept: kept, db: db)
            // The targets whose period holds the report's: a year's target beside a quarter's figures.
            // Kept between requests while the records stay the same (`FigureCache`; targets are counted in its revision):
            // a query of models costs a city's report a tenth of its CPU. The kept models are only read.
            let targets = try await kept.value("report targets \(councilID) \(period.from) \(period.to)", on: db) {
                try await Target.query(on: db).filter(\.$councilID == councilID).filter(\.$scope ~~ [.council, .eachCouncilBelow])
                    .filter(\.$periodFrom <= period.from.description).filter(\.$periodTo >= period.to.description).all()
            }
            let yearBefore = try await PeriodFigures.of(council: council, period: period.yearBefore, kept: kept, db: db)
            return Loaded(figures: figures, previous: try await before, yearBefore: yearBefore, targets: try await TargetProgress.of(targets, kept: kept, db: db))
        }

        /// "ít nhất 02 (Đạt)" for the line's target of the council itself (`own`) or of each council below.
        func target(_ line: ReportLine, below: Bool) -> String {
            guard let m = line.measure, let r = targets.first(where: { $0.target.measure == m && ($0.target.scope == .eachCouncilBelow) == below }) else { return "" }
            return "≥ \(VietnameseFormat.count(r.target.minimum))\(below ? " mỗi đơn vị" : "") · \(r.standing.label)"
        }
    }

    struct Cell {
        let value: String, href: String?
        var html: HTML { .link(value, to: href) }
    }
    /// A figure's line of the table, written in Swift like the units' rows below it (`belowTable`): the report's 16 lines
    /// through Leaf's loop were a quarter of the page's CPU (a city's quarter: 2,3–2,5 → 1,7–1,8 ms a request, session 27).
    struct Line {
        let group: String?, label: String, own: Cell, below: Cell, total: String, previous: String, yearBefore: String, target: String
        var html: HTML {
            HTML("""
                \(HTML.when(group != nil, "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"7\">\(group)</th></tr>"))
                <tr><th scope="row">\(label)</th><td class="num">\(own.html)</td>
                <td class="num">\(below.html)</td><td class="num"><strong>\(total)</strong></td>
                <td class="num">\(previous)</td><td class="num">\(yearBefore)</td><td>\(target)</td></tr>
                """)
        }
    }
    struct BelowRow: Encodable { let name: String; let href: String?; let cells: [String] }
    struct Page: Encodable {
        let layout: LayoutContext
        let heading: String, councilHref: String, councilName: String, councilID: Int, period: String
        let year: Int, quarters: Options, months: String, terms: Options
        let previousLabel: String, yearBeforeLabel: String
        let narrative: String
        let lines: HTML
        let hasBelow: Bool, belowLevel: String, belowColumns: [String], belowRows: HTML, belowTotal: [String]
        let chart: HTML?
        /// The targets' progress and the term quarter by quarter, each with its table.
        let charts: [SVGChart.Chart]
        let exportHref: String, exportQuery: String, composeHref: String?
    }

    /// The figures of the table below the council: the ones councils compare their councils below by.
    static let belowLines = ["supervisions", "surveys", "meetings", "reception_sessions", "petitions_received", "letters_received"]
        .compactMap { key in ReportLine.all.first { $0.key == key } }

    /// The council's terms for the report's choice of a term, newest first: kept between requests while the records stay
    /// the same (`FigureCache`; terms are counted in its revision).
    struct TermChoice: Sendable { let id: Int, label: String }
    static func terms(councilID: Int, kept: FigureCache, db: any Database) async throws -> [TermChoice] {
        try await kept.value("report terms \(councilID)", on: db) {
            try await Term.query(on: db).filter(\.$councilID == councilID).sort(\.$ordinal, .descending).all()
                .map { TermChoice(id: try $0.requireID(), label: $0.years) }
        }
    }

    /// "HĐND cấp xã".
    static func belowLevel(_ f: PeriodFigures) -> String { f.belowLevel.map { "HĐND " + $0.label.lowercasedFirst } ?? "HĐND cấp dưới" }

    /// A row per unit below, leading to its council's own report of the period (the briefing conference shows the same).
    static func belowRows(_ f: PeriodFigures) -> [BelowRow] {
        f.below.map { b in
            BelowRow(name: b.name, href: b.councilID.map { RecordKind.council.path($0) + "/bao-cao?tu=\(f.period.from)&den=\(f.period.to)" },
                     cells: belowLines.map { VietnameseFormat.count(b.figures[$0.key] ?? 0) })
        }
    }

    /// A unit's row of the table of the units below, up to the cells a page adds (`belowTable`'s `extra`).
    private struct BelowLine: Sendable, Weighed {
        let unit: PeriodFigures.Below; let opening: HTML
        var weight: Int { opening.weight + unit.figures.count }
    }

    /// The rows of the table of the units below, written in Swift (escaped by `HTML`): a city's 126 wards through Leaf were
    /// half of a briefing page's work, and written here at each request still a third of it. So each row's name and figures
    /// are written once while the records stay the same, like the chart (`belowChart`); `extra` adds a cell to each row
    /// at each request (a briefing conference's notes, its forms with the asker's token).
    static func belowTable(_ f: PeriodFigures, kept: FigureCache, db: any Database,
                           extra: (PeriodFigures.Below) -> HTML = { _ in .empty }) async throws -> HTML {
        guard !f.below.isEmpty else { return .empty }
        let lines = try await kept.value(belowKey("rows", f), on: db) {
            let figures = try await PeriodFigures.of(council: f.council, period: f.period, kept: kept, db: db)
            return zip(figures.below, belowRows(figures)).map { unit, r in
                let cells = HTML.join(r.cells.map { HTML("<td class=\"num\">\($0)</td>") })
                return BelowLine(unit: unit, opening: "<tr><th scope=\"row\">\(HTML.link(r.name, to: r.href))</th>\(cells)")
            }
        }
        return HTML.join(lines.map { line -> HTML in "\(line.opening)\(extra(line.unit))</tr>\n" })
    }

    /// What the table and the chart of the units below are kept under: the council and the period.
    private static func belowKey(_ part: String, _ f: PeriodFigures) -> String {
        "below \(part) \(f.council.id) \(f.period.from) \(f.period.to) \(f.period.label)"
    }

    /// The work of each unit below as bars, the table beside it as its text: drawn once while the records stay the same
    /// (a city's 126 wards were an eighth of a briefing page's CPU), as the figures it draws are kept. The figures are
    /// read inside, after the revision the drawing is kept under (`FigureCache.value`), never older than it.
    static func belowChart(_ f: PeriodFigures, kept: FigureCache, db: any Database) async throws -> HTML? {
        guard !f.below.isEmpty else { return nil }
        return try await kept.value(belowKey("chart", f), on: db) {
            belowChart(try await PeriodFigures.of(council: f.council, period: f.period, kept: kept, db: db))
        }
    }

    private static func belowChart(_ f: PeriodFigures) -> HTML {
        SVGChart.bars(
            id: "hoat-dong-cap-duoi", title: "Giám sát, tiếp xúc cử tri, tiếp công dân của \(belowLevel(f)) — \(f.period.label.lowercasedFirst)",
            description: "Tổng số cuộc giám sát, khảo sát, cuộc tiếp xúc cử tri và buổi tiếp công dân của từng đơn vị; số liệu ở bảng bên dưới.",
            f.below.map { b in SVGChart.Bar(b.name, ["supervisions", "surveys", "meetings", "reception_sessions"].reduce(0) { $0 + (b.figures[$1] ?? 0) }) })
    }

    func page(req: Request) async throws -> View {
        let l = try await Loaded.load(req)
        let f = l.figures, p = f.period, id = f.council.id
        let query = "tu=\(p.from)&den=\(p.to)"
        let n = VietnameseFormat.count
        var lastGroup = ""
        let lines = ReportLine.all.map { line -> Line in
            let group = line.group == lastGroup ? nil : line.group
            lastGroup = line.group
            return Line(group: group, label: line.noun.uppercasedFirst,
                        own: Cell(value: n(f.own[line.key] ?? 0), href: Self.records(line, councilID: id, unitID: f.council.unit_id, period: p)),
                        below: Cell(value: n(f.belowTotal(line.key)), href: f.below.isEmpty ? nil : "#cap-duoi"),
                        total: n(f.total(line.key)), previous: l.previous.map { n($0.total(line.key)) } ?? "—",
                        yearBefore: n(l.yearBefore.total(line.key)),
                        target: [l.target(line, below: false), l.target(line, below: true)].filter { !$0.isEmpty }.joined(separator: "; "))
        }
        let belowLines = Self.belowLines
        let level = Self.belowLevel(f)
        let page = Page(
            layout: req.layoutContext(title: "Báo cáo \(p.label.lowercasedFirst)"),
            heading: "Kết quả hoạt động \(p.label.lowercasedFirst) — \(f.council.name)", councilHref: RecordKind.council.path(id), councilName: f.council.name, councilID: id,
            period: "\(p.label): từ \(VietnameseFormat.date(p.from.description)) đến \(VietnameseFormat.date(p.to.description))",
            year: p.from.year,
            quarters: Options((1...4).map { q in FormOption(value: String(q), label: "Quý \(RomanNumeral.string(q))", selected: req.queryValue("quy") == String(q)) }),
            months: req.queryValue("thang") ?? "",
            terms: Options(try await Self.terms(councilID: id, kept: req.application.figures, db: req.db).map { t in
                FormOption(value: String(t.id), label: t.label, selected: req.queryValue("nhiem-ky") == String(t.id))
            }),
            previousLabel: p.previous?.label ?? "Kỳ trước", yearBeforeLabel: p.yearBefore.label,
            narrative: ReportNarrative.draft(f), lines: .join(lines.map(\.html)),
            hasBelow: !f.below.isEmpty, belowLevel: level, belowColumns: belowLines.map { $0.noun.uppercasedFirst },
            belowRows: try await Self.belowTable(f, kept: req.application.figures, db: req.db), belowTotal: belowLines.map { n(f.belowTotal($0.key)) }, chart: try await Self.belowChart(f, kept: req.application.figures, db: req.db),
            charts: [Charts.petitionsOfPeriod(f), Charts.targets(id: "chi-tieu", title: "Tiến độ chỉ tiêu", l.targets),
                     try await Charts.termByQuarter(councilID: id, unitID: f.council.unit_id, until: p.to, kept: req.application.figures, db: req.db)].compactMap { $0 },
            exportHref: RecordKind.council.path(id) + "/bao-cao-so-lieu", exportQuery: query,
            composeHref: Policy.allows(req.actor, .create, f.council.place) ? RecordKind.periodReport.newPath + "?council=\(id)&" + query : nil)
        return try await req.view.render("Reports/period", page)
    }

    /// Where the records behind a figure of the council itself are listed.
    static func records(_ line: ReportLine, councilID: Int, unitID: Int, period: Period) -> String? {
        let scope = "don-vi=\(unitID)&tu=\(period.from)&den=\(period.to)"
        switch line.key {
        case "meetings", "meetings_thematic", "voters_attending": return "/bao-cao/tiep-xuc-cu-tri?" + scope
        case "petitions_received": return "/bao-cao/kien-nghi?\(scope)&ngay=received_on"
        case "petitions_forwarded": return "/bao-cao/kien-nghi?\(scope)&ngay=forwarded_on"
        case "petitions_answered": return "/bao-cao/kien-nghi?\(scope)&ngay=answered_on"
        case "reception_sessions", "citizens_received": return "/bao-cao/tiep-cong-dan?" + scope
        case "letters_received": return "/bao-cao/don-thu?\(scope)&loai=received"
        default: return line.measure.map { TargetProgress.records($0, councilID: councilID, year: period.from.year) }
        }
    }

    /// The report's table: a line per figure, numbers as numbers.
    func export(req: Request, format: ExportFormat) async throws -> Response {
        let l = try await Loaded.load(req)
        let f = l.figures
        let columns = [TableColumn("Nội dung", width: 40), TableColumn("Nhóm", width: 24), TableColumn(f.council.name, width: 16),
                       TableColumn(f.belowLevel.map { "HĐND " + $0.label.lowercasedFirst } ?? "HĐND cấp dưới", width: 16), TableColumn("Tổng", width: 12),
                       TableColumn(f.period.previous?.label ?? "Kỳ trước", width: 14), TableColumn(f.period.yearBefore.label, width: 14)]
        let rows: [[TableCell]] = ReportLine.all.map { line in
            [.text(line.noun), .text(line.group), .number(f.own[line.key] ?? 0), .number(f.belowTotal(line.key)), .number(f.total(line.key)),
             l.previous.map { .number($0.total(line.key)) } ?? .text(""), .number(l.yearBefore.total(line.key))]
        }
        return try await TableExport.response(format, filename: "bao-cao-\(f.council.id)-\(f.period.from)-\(f.period.to)", title: "Báo cáo \(f.period.label)",
                                              columns: columns, on: req) { _ in (rows, nil) }
    }
}
