import Fluent
import SQLKit
import Vapor

/// The summary page and its API: the figures of a unit's councils for a period, each linked to its records.
struct SummaryController {
    func register(_ app: any RoutesBuilder) {
        app.get("bao-cao", "tong-hop", use: page)
        app.get("bao-cao", "kien-nghi", use: petitions)
    }

    static func registerApi(_ routes: inout [ApiRoute]) {
        routes.append(ApiRoute(method: .GET, path: "/api/v1/summary",
                               summary: "Số liệu tổng hợp của HĐND một đơn vị và các HĐND cấp dưới trong một khoảng thời gian",
                               parameters: [.query("unit", "Mã đơn vị", required: true), .query("from", "Từ ngày, YYYY-MM-DD", .date, required: true),
                                            .query("to", "Đến ngày, YYYY-MM-DD", .date, required: true)],
                               requestSchema: nil, responseSchema: "Summary", needsToken: false, handler: api))
        routes.append(ApiRoute(method: .GET, path: "/api/v1/summary/clusters",
                               summary: "Vấn đề được nhiều HĐND cấp dưới cùng kiến nghị trong một khoảng thời gian: mỗi vấn đề với các HĐND nêu, số kiến nghị, số cử tri",
                               parameters: [.query("unit", "Mã đơn vị", required: true), .query("from", "Từ ngày, YYYY-MM-DD", .date, required: true),
                                            .query("to", "Đến ngày, YYYY-MM-DD", .date, required: true)],
                               requestSchema: nil, responseSchema: "PetitionClusterList", needsToken: false, handler: clustersApi))
    }

    /// `?nam=2019`, `?nam=2022&quy=1`, `?nam=2020&thang=5` (the first five months) or `?tu=…&den=…`.
    static func period(_ req: Request) throws -> Period {
        var v = Validator()
        let year = v.int("nam", "Năm", req.queryValue("nam"), range: 1990...2100, required: false)
        let quarter = v.int("quy", "Quý", req.queryValue("quy"), range: 1...4, required: false)
        let months = v.int("thang", "Số tháng", req.queryValue("thang"), range: 1...12, required: false)
        let (from, to) = v.spanDays("tu", req.queryValue("tu"), "den", req.queryValue("den"))
        try v.check()
        // Whole quarters, years and first months typed as days are named as such ("Quý I/2022").
        if let from, let to, let period = Period.custom(from, to) { return period.named }
        let y = year ?? Day.today().year
        if let quarter, let period = Period.quarter(quarter, of: y) { return period }
        if let months, let period = Period.firstMonths(months, of: y) { return period }
        return Period.year(y)
    }

    static func unit(_ req: Request, param: String) async throws -> AdministrativeUnit {
        // Kept between requests while the units stay the same (`FigureCache`; units are counted in its revision): a query
        // of a model was a tenth of a summary's drill-down on PostgreSQL. The kept model is only read.
        let kept = req.application.figures, db = req.db
        func find(_ id: Int) async throws -> AdministrativeUnit? {
            try await kept.value("unit \(id)", on: db) { try await AdministrativeUnit.find(id, on: db) }
        }
        if let id = req.queryInt(param), let unit = try await find(id) { return unit }
        // Otherwise the unit of the asker's first council.
        if let unitID = req.actor?.grants.compactMap(\.unitID).first, let unit = try await find(unitID) { return unit }
        // An administrator starts from the first council's unit.
        if req.actor?.isAdmin == true, let council = try await Council.query(on: req.db).sort(\.$id).first(),
           let unit = try await find(council.unitID) { return unit }
        throw ValidationFailure(field: param, "Hãy chọn đơn vị hành chính.")
    }

    /// Summaries cover internal records: the asker must read the unit's internal records.
    static func authorize(_ req: Request, _ unit: AdministrativeUnit) throws {
        let place = Place(unitID: unit.id!, unitPath: unit.path).internalRecords
        guard Policy.allows(req.actor, .read, place) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
    }

    struct Figure { let value: String; let label: String; let href: String? }
    /// A section's figures as items of its list, each leading to the records behind it when it has them: written in
    /// Swift, as Leaf's loop over twenty figures was a tenth of the page's CPU (`perf`, issue 11).
    static func items(_ figures: [Figure]) -> HTML {
        HTML.join(figures.map { f in
            let shown: HTML = "<strong>\(f.value)</strong> \(f.label)"
            return "<li>\(f.href.map { href -> HTML in "<a href=\"\(href)\">\(shown)</a>" } ?? shown)</li>"
        })
    }
    struct SummaryPage: Encodable {
        let layout: LayoutContext
        let heading: String
        let period: String
        let unitID: Int
        let year: Int
        /// The period choices as chosen: quarter and first months.
        let quarters: Options
        let months: String
        /// The figures of each section (`items`).
        let meetings: HTML
        let petitions: HTML
        let letters: HTML
        /// The same problem raised by several councils below (`PetitionClusters`).
        let clustersHref: String
        let units: Options
    }

    /// The councils' units the asker may summarise: theirs and those below (every one for an administrator).
    static func unitChoices(_ actor: Actor?, selected: Int, db: any Database) async throws -> [FormOption] {
        struct Row: Decodable { let id: Int; let name: String }
        let paths = SearchController.readablePaths(actor)
        guard !paths.isEmpty else { return [] }
        let condition = paths.map { path -> SQLQueryString in "u.path LIKE \(bind: path + "%")" }.joined(separator: " OR ")
        // Every council for an administrator: read from the councils, each unit's path found by its key (PostgreSQL: 0,2 ms
        // for 168 councils), not from every unit of the tree joined to them (1,1 ms: it hashed all 14.712 units). Below the
        // whole country, from the units under the reader's (an index range), then their councils.
        let rows = try await db.sql.raw(paths.contains("/") ? """
            SELECT c.unit_id AS id, c.name FROM councils c WHERE c.deleted_at IS NULL \
            ORDER BY (SELECT u.path FROM units u WHERE u.id = c.unit_id) LIMIT 500
            """ : """
            SELECT u.id, c.name FROM councils c JOIN units u ON u.id = c.unit_id WHERE c.deleted_at IS NULL \
            AND (\(condition)) ORDER BY u.path LIMIT 500
            """).rows(Row.self)
        return rows.map { FormOption(value: String($0.id), label: $0.name, selected: $0.id == selected) }
    }

    /// The same as the select's options, kept between requests while the councils stay the same (`FigureCache`): a
    /// province's 168 councils were read and written out on every view of its summary.
    static func unitChoices(_ actor: Actor?, selected: Int, kept: FigureCache, db: any Database) async throws -> Options {
        try await kept.value("unit choices \(SearchController.readablePaths(actor).sorted()) \(selected)", on: db) {
            Options(try await unitChoices(actor, selected: selected, db: db))
        }
    }

    func page(req: Request) async throws -> View {
        let unit = try await Self.unit(req, param: "don-vi")
        try Self.authorize(req, unit)
        let period = try Self.period(req)
        let s = try await SummaryQueries.summary(unit: unit, period: period, kept: req.application.figures, db: req.db)
        let base = "/bao-cao/kien-nghi?don-vi=\(unit.id!)&tu=\(s.from)&den=\(s.to)"
        let scope = "don-vi=\(unit.id!)&tu=\(s.from)&den=\(s.to)"
        let meetingsHref = "/bao-cao/tiep-xuc-cu-tri?" + scope, lettersHref = "/bao-cao/don-thu?" + scope
        func n(_ x: Int) -> String { VietnameseFormat.count(x) }
        let page = SummaryPage(
            layout: req.layoutContext(title: "Tổng hợp"), heading: "Tổng hợp hoạt động — HĐND \(unit.fullName.lowercasedFirst) và cấp dưới",
            period: period.label, unitID: unit.id!, year: period.from.year,
            quarters: Options((1...4).map { q in FormOption(value: String(q), label: "Quý \(RomanNumeral.string(q))",
                                                            selected: req.queryValue("quy") == String(q)) }),
            months: req.queryValue("thang") ?? "",
            meetings: Self.items([
                Figure(value: n(s.voterMeetings.total), label: "cuộc tiếp xúc cử tri", href: meetingsHref),
                Figure(value: n(s.voterMeetings.councilDelegates), label: "hội nghị tiếp xúc cử tri của đại biểu HĐND", href: meetingsHref + "&loai=council"),
                Figure(value: n(s.voterMeetings.thematic), label: "hội nghị tiếp xúc cử tri chuyên đề", href: meetingsHref + "&loai=thematic"),
                Figure(value: n(s.voterMeetings.nationalAssembly), label: "hội nghị tiếp xúc cử tri với đại biểu Quốc hội", href: meetingsHref + "&loai=nationalAssembly"),
                Figure(value: n(s.voterMeetings.provincialDelegates), label: "hội nghị tiếp xúc cử tri với đại biểu HĐND tỉnh, thành phố", href: meetingsHref + "&loai=province"),
                Figure(value: n(s.voterMeetings.votersAttending), label: "lượt cử tri tham dự", href: meetingsHref),
                Figure(value: n(s.voterMeetings.votersSpeaking), label: "lượt cử tri phát biểu ý kiến", href: meetingsHref),
            ]),
            petitions: Self.items([
                Figure(value: n(s.voterPetitions.received), label: "ý kiến, kiến nghị tiếp nhận", href: base + "&ngay=received_on"),
                Figure(value: n(s.voterPetitions.forwarded), label: "ý kiến, kiến nghị đã chuyển đến cơ quan có thẩm quyền", href: base + "&ngay=forwarded_on"),
                Figure(value: n(s.voterPetitions.answered), label: "kiến nghị đã được trả lời", href: base + "&ngay=answered_on"),
                Figure(value: n(s.voterPetitions.overdue), label: "kiến nghị quá hạn trả lời", href: base + "&qua-han=1"),
                Figure(value: n(s.voterPetitions.reportedResolved), label: "kiến nghị đã giải quyết (đã báo cáo tại kỳ họp)", href: base + "&bao-cao=1&trang-thai=resolved"),
                Figure(value: n(s.voterPetitions.reportedInProgress), label: "kiến nghị đang tiếp tục giải quyết (đã báo cáo tại kỳ họp)", href: base + "&bao-cao=1&trang-thai=inProgress"),
            ]),
            letters: Self.items([
                Figure(value: n(s.receptions.visits), label: "lượt công dân được tiếp", href: "/bao-cao/tiep-cong-dan?" + scope),
                Figure(value: n(s.receptions.sessions), label: "buổi tiếp công dân", href: "/bao-cao/tiep-cong-dan?" + scope),
                Figure(value: n(s.letters.received), label: "lượt đơn thư tiếp nhận", href: lettersHref + "&loai=received"),
                Figure(value: n(s.letters.cases), label: "vụ việc thụ lý giải quyết", href: lettersHref + "&loai=cases"),
                Figure(value: "\(n(s.letters.resolved))/\(n(s.letters.cases))", label: "vụ việc đã giải quyết", href: lettersHref + "&loai=resolved"),
                Figure(value: n(s.letters.withdrawn), label: "vụ việc người gửi rút đơn", href: lettersHref + "&loai=withdrawn"),
                Figure(value: n(s.letters.withinDeadline), label: "vụ việc đang giải quyết trong thời hạn", href: lettersHref + "&loai=pending"),
                Figure(value: n(s.letters.overdue), label: "vụ việc quá hạn giải quyết", href: lettersHref + "&loai=pending"),
            ]),
            clustersHref: "/bao-cao/kien-nghi-nhieu-noi?" + scope,
            units: try await Self.unitChoices(req.actor, selected: unit.id!, kept: req.application.figures, db: req.db))
        return try await req.view.render("Reports/summary", page)
    }

    /// The records behind a figure of the summary.
    func petitions(req: Request) async throws -> View {
        let unit = try await Self.unit(req, param: "don-vi")
        try Self.authorize(req, unit)
        let period = try Self.period(req)
        var f = try VotersController.filters(req)
        try await f.within(unit.path, kept: req.application.figures, db: req.db)
        f.from = period.from.description; f.to = period.to.description
        f.dateColumn = req.queryValue("ngay")
        f.reported = req.queryValue("bao-cao") == "1"
        f.clusterID = req.queryInt("cum")
        if f.overdueOn != nil { f.overdueOn = min(period.to, Day.today()).description; f.dateColumn = nil }
        let page = try await VoterViews.inbox(filters: f, query: req.url.query ?? "", layout: req.layoutContext(title: "Kiến nghị cử tri"),
                                              heading: "Ý kiến, kiến nghị cử tri — \(unit.fullName), \(period.label.lowercasedFirst)",
                                              base: "/bao-cao/kien-nghi", kept: req.application.figures, db: req.db)
        return try await req.render(page.written)
    }

    @Sendable static func api(_ req: Request) async throws -> Response {
        let (unit, period) = try await apiScope(req)
        let summary = try await SummaryQueries.summary(unit: unit, period: period, kept: req.application.figures, db: req.db)
        return try await summary.encodeResponse(for: req)
    }

    struct ClusterPlaceJSON: Content { let councilId: Int; let name: String; let petitions: Int; let voters: Int }
    struct ClusterJSON: Content { let id: Int; let content: String; let councils: Int; let petitions: Int; let voters: Int; let places: [ClusterPlaceJSON] }
    struct ClusterListJSON: Content { let items: [ClusterJSON] }

    @Sendable static func clustersApi(_ req: Request) async throws -> Response {
        let (unit, period) = try await apiScope(req)
        // Every council of each cluster (the page shows the first ten).
        let clusters = try await PetitionClusters.top(unitPath: unit.path, from: period.from.description, to: period.to.description,
                                                      places: 100_000, kept: req.application.figures, db: req.db)
        return try await ClusterListJSON(items: clusters.map { c in
            ClusterJSON(id: c.id, content: c.content, councils: c.councils, petitions: c.petitions, voters: c.voters,
                        places: c.places.map { ClusterPlaceJSON(councilId: $0.council_id, name: $0.name, petitions: $0.petitions, voters: $0.voters) })
        }).encodeResponse(for: req)
    }

    /// The unit (by its code, as it was in the period) and the period of an API summary, checked for the asker.
    static func apiScope(_ req: Request) async throws -> (AdministrativeUnit, Period) {
        var v = Validator()
        let code = v.text("unit", "unit", req.queryValue("unit"), max: 10)
        let (from, to) = v.spanDays("from", req.queryValue("from"), "to", req.queryValue("to"), required: true)
        try v.check()
        guard let from, let to, let period = Period.custom(from, to) else { throw ValidationFailure(field: "from", "Hãy ghi từ ngày và đến ngày.") }
        var row = try await UnitQueries.find(code: code, on: from.description, db: req.db)
        if row == nil { row = try await UnitQueries.find(code: code, on: to.description, db: req.db) }
        guard let row, let unit = try await AdministrativeUnit.find(row.id, on: req.db) else {
            throw ValidationFailure(field: "unit", "Không có đơn vị mang mã \(code) trong khoảng thời gian này.")
        }
        try authorize(req, unit)
        return (unit, period)
    }
}
