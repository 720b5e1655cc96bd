import Fluent
import SQLKit
import Vapor

/// The records behind the summary's figures of meetings, letters and visits, over a unit's councils and a period.
struct DrillDownController {
    func register(_ app: any RoutesBuilder) {
        app.get("bao-cao", "tiep-xuc-cu-tri", use: meetings)
        app.get("bao-cao", "don-thu", use: letters)
        app.get("bao-cao", "tiep-cong-dan", use: visits)
        app.get("bao-cao", "kien-nghi-nhieu-noi", use: clusters)
    }

    struct Column { let label: String; let numeric: Bool }
    struct Row { let href: String; let cells: [String] }
    struct TablePage {
        let layout: LayoutContext
        let heading: String
        let columns: [Column]
        /// The rows as HTML (`lines(_:)`), and whether there are none.
        let lines: HTML
        let empty: Bool
        /// The total and the ways to the first, previous and next pages.
        let pager: Paging.Pager
        let backHref: String
        var backLabel: String
        /// The keyword filter, with the other filters of the address kept as hidden fields.
        var filter: KeywordFilter? = nil
        /// A line under the heading on what the table does not show yet.
        var note: String? = nil

        init(layout: LayoutContext, heading: String, columns: [Column], rows: [Row], pager: Paging.Pager, backHref: String,
             backLabel: String = "Tổng hợp") {
            self.layout = layout; self.heading = heading; self.columns = columns
            lines = Self.lines(rows); empty = rows.isEmpty
            self.pager = pager; self.backHref = backHref; self.backLabel = backLabel
        }

        /// The page, written in Swift inside the one layout (`WrittenPage`): a drill-down is a list as busy as the
        /// registers it leads to.
        var written: WrittenPage {
            let note: HTML = self.note.map { "<p class=\"note\">\($0)</p>\n" } ?? .empty
            let form: HTML = filter.map { f -> HTML in
                let kept = HTML.join(f.kept.map { "<input type=\"hidden\" name=\"\($0.name)\" value=\"\($0.value)\">" as HTML })
                return """
                    <form method="get" class="inline-form">\(kept)
                      <span class="pair"><label for="tu-khoa">Từ khóa</label><input id="tu-khoa" name="tu-khoa" value="\(f.keyword)" size="20" placeholder="không cần dấu"></span>
                      <button class="button" type="submit">Lọc</button>
                    </form>

                    """
            } ?? .empty
            let heads = HTML.join(columns.map { "<th scope=\"col\"\(HTML.when($0.numeric, " class=\"num\""))>\($0.label)</th>" as HTML })
            let table: HTML = empty ? "<p class=\"muted\">Không có bản ghi nào.</p>\n" : """
                <table class="list"><thead><tr>\(heads)</tr></thead><tbody>
                \(lines)
                </tbody></table>

                """
            return WrittenPage(layout: layout, body: """
                <nav aria-label="Vị trí" class="crumbs"><ol><li><a href="\(backHref)">\(backLabel)</a></li></ol></nav>
                <h1>\(heading)</h1>
                \(note)\(form)\(pager.html)
                \(table)\(pager.html)
                """)
        }

        /// Each row a line of cells, the first a link to the row's record: written in Swift, since Leaf's loop over
        /// 100 rows of cells was more than half of a drill-down page's CPU (`docs/BENCHMARKS.md`).
        static func lines(_ rows: [Row]) -> HTML {
            .join(rows.map { row in
                let cells = HTML.join(row.cells.enumerated().map { i, cell in "<td>\(i == 0 ? HTML.link(cell, to: row.href) : "\(cell)")</td>" })
                return "<tr>\(cells)</tr>"
            })
        }
    }

    struct KeywordFilter: Encodable {
        struct Kept: Encodable { let name: String; let value: String }
        let keyword: String
        let kept: [Kept]
        /// The filter of `req`'s list: its keyword, and every other parameter but the page cursors.
        init(_ req: Request, keyword: String) {
            self.keyword = keyword
            kept = (URLComponents(string: req.url.string)?.queryItems ?? []).compactMap { item in
                guard !["tu-khoa", "truoc", "sau"].contains(item.name), let value = item.value, !value.isEmpty else { return nil }
                return Kept(name: item.name, value: value)
            }
        }
    }

    /// The keyword's words, each held by the rows' folded text (diacritics optional), as SQL conditions.
    static func holding(_ keyword: String) -> SQLQueryString {
        var condition: SQLQueryString = ""
        for word in searchWords(keyword) { condition = condition + " AND folded LIKE \(bind: "%\(word)%")" }
        return condition
    }

    /// One page of `table`'s rows that `conditions` select, newest first by id (or by the day `dated`, then id), with
    /// the total (of the same rows as `counted` selects them, when it is given) and the pager. The total is kept between
    /// requests under its statement and values while the records stay the same (`FigureCache`; a city's year of visits,
    /// counted up to the cap, was 1,3 ms of PostgreSQL's time on every page).
    static func page<R: Decodable>(_ req: Request, _ table: String, columns: String, where conditions: SQLQueryString,
                                   counted: SQLQueryString? = nil, dated: String? = nil,
                                   index: String? = nil, noun: String, as: R.Type, id: (R) -> Int) async throws -> ([R], Paging.Pager) {
        let before = try Paging.cursor(req), after = try Paging.after(req)
        let query = rowsQuery(table, columns: columns, where: conditions, dated: dated, index: index, before: before, after: after)
        let fetched = try await req.db.sql.raw(query).rows(R.self)
        let counting: SQLQueryString = """
            SELECT COUNT(*) AS n FROM (SELECT id FROM \(ident: table) WHERE \(counted ?? conditions) LIMIT \(literal: Paging.countCap + 1)) counted
            """
        let total = try await Paging.count(counting, kept: req.application.figures, db: req.db)
        return Paging.page(fetched, size: pageSize, before: before, after: after, id: id, total: total, noun: noun,
                           path: req.url.path, query: req.url.query)
    }

    /// Fifty rows a page, as every register lists (a hundred made these the only lists twice as long, and twice the work
    /// a page: a city's visits drill-down 536 req/s on PostgreSQL).
    static let pageSize = 50

    /// A page of `table`'s rows meeting `conditions`, newest first (or the page after `after`, oldest first). The page's
    /// ids are chosen first (from an index that holds the conditions' columns, where there is one), then only their rows
    /// read: a city's year of visits is 19.648 candidates for 51 rows.
    ///
    /// With `dated`, the newest day first, and a cursor stands for its row's (day, id): a page of a city's visits is then
    /// read from an index of days (`reception_visits_date_id_idx`) until it holds its rows, instead of sorting them all.
    /// `index`: the index SQLite must choose the ids from (`visitPlan`).
    static func rowsQuery(_ table: String, columns: String, where conditions: SQLQueryString, dated: String? = nil, index: String? = nil,
                          before: Int?, after: Int?) -> SQLQueryString {
        let keys = (dated.map { [$0] } ?? []) + ["id"]
        func order(_ direction: String) -> String { Paging.order(keys, direction) }
        func from(_ id: Int, _ comparison: String) -> SQLQueryString { " AND \(Paging.beyond(id, comparison, keys: keys, table: table))" }
        let indexed: SQLQueryString = index.map { " INDEXED BY \(ident: $0)" } ?? ""
        let page: SQLQueryString = if let after { from(after, ">") + " ORDER BY \(unsafeRaw: order("ASC"))" }
            else if let before { from(before, "<") + " ORDER BY \(unsafeRaw: order("DESC"))" } else { " ORDER BY \(unsafeRaw: order("DESC"))" }
        return """
            SELECT \(unsafeRaw: columns) FROM \(ident: table) WHERE id IN (SELECT id FROM \(ident: table)\(indexed) WHERE \(conditions)\(page) \
            LIMIT \(literal: pageSize + 1)) ORDER BY \(unsafeRaw: order(after == nil ? "DESC" : "ASC"))
            """
    }

    /// The unit (checked for the asker) and the period.
    static func unitAndPeriod(_ req: Request) async throws -> (AdministrativeUnit, Period) {
        let unit = try await SummaryController.unit(req, param: "don-vi")
        try SummaryController.authorize(req, unit)
        return (unit, try SummaryController.period(req))
    }

    /// Unit, period and the scope condition for `council_id`.
    static func context(_ req: Request) async throws -> (AdministrativeUnit, Period, SQLQueryString) {
        let (unit, period) = try await unitAndPeriod(req)
        return (unit, period, try await SummaryQueries.councilScope(unit.path, kept: req.application.figures, on: req.db))
    }

    static func back(_ unit: AdministrativeUnit, _ period: Period) -> String {
        "/bao-cao/tong-hop?don-vi=\(unit.id!)&tu=\(period.from)&den=\(period.to)"
    }

    func meetings(req: Request) async throws -> View {
        let (unit, period, scope) = try await Self.context(req)
        let kind: SQLQueryString = switch req.queryValue("loai") ?? "" {
        case "council": " AND kind IN ('beforeSession', 'afterSession')"
        case "thematic": " AND kind = 'thematic'"
        case "nationalAssembly": " AND kind = 'higherLevel' AND higher_level = 'nationalAssembly'"
        case "province": " AND kind = 'higherLevel' AND higher_level = 'province'"
        case "": ""
        default: throw ValidationFailure(field: "loai", "Loại không hợp lệ.")
        }
        struct M: Decodable { let id: Int; let date: String; let kind: VoterMeetingKind; let place: String; let voters_attending: Int; let voters_speaking: Int }
        let keyword = try Paging.keyword(req), words = Self.holding(keyword)
        let (rows, pager) = try await Self.page(req, "voter_meetings", columns: "id, date, kind, place, voters_attending, voters_speaking", where: """
            \(scope) AND deleted_at IS NULL AND date >= \(bind: period.from.description) AND date <= \(bind: period.to.description)\(kind)\(words)
            """, noun: "cuộc", as: M.self, id: \.id)
        var page = TablePage(layout: req.layoutContext(title: "Tiếp xúc cử tri"),
                             heading: "Tiếp xúc cử tri — \(unit.fullName), \(period.label.lowercasedFirst)",
                             columns: [.init(label: "Ngày", numeric: false), .init(label: "Hình thức", numeric: false), .init(label: "Địa điểm", numeric: false),
                                       .init(label: "Cử tri tham dự", numeric: true), .init(label: "Phát biểu", numeric: true)],
                             rows: rows.map { m in
                                 Row(href: RecordKind.voterMeeting.path(m.id), cells: [VietnameseFormat.date(m.date), m.kind.label, m.place,
                                     VietnameseFormat.number(m.voters_attending), VietnameseFormat.number(m.voters_speaking)])
                             },
                             pager: pager, backHref: Self.back(unit, period))
        page.filter = KeywordFilter(req, keyword: keyword)
        return try await req.render(page.written)
    }

    /// The same problem raised by several councils of the unit in the period (`PetitionClusters`), each with the
    /// councils that raised it and its voters, and a link to its petitions.
    func clusters(req: Request) async throws -> View {
        let (unit, period) = try await Self.unitAndPeriod(req)
        let from = period.from.description, to = period.to.description
        let clusters = try await PetitionClusters.top(unitPath: unit.path, from: from, to: to, kept: req.application.figures, db: req.db)
        func n(_ x: Int) -> String { VietnameseFormat.count(x) }
        var page = TablePage(layout: req.layoutContext(title: "Vấn đề nhiều nơi cùng kiến nghị"),
                             heading: "Vấn đề được nhiều nơi cùng kiến nghị — \(unit.fullName), \(period.label.lowercasedFirst)",
                             columns: [.init(label: "Vấn đề (như kiến nghị đầu tiên trong kỳ nêu)", numeric: false), .init(label: "Số HĐND nêu", numeric: true),
                                       .init(label: "Nơi nêu (nhiều cử tri nhất trước)", numeric: false), .init(label: "Số kiến nghị", numeric: true), .init(label: "Số cử tri", numeric: true)],
                             rows: clusters.map { c in
                                 Row(href: "/bao-cao/kien-nghi?don-vi=\(unit.id!)&tu=\(from)&den=\(to)&ngay=received_on&cum=\(c.id)",
                                     cells: [c.content, n(c.councils),
                                             c.places.map { "\($0.name) (\(n($0.petitions)) kiến nghị, \(n($0.voters)) cử tri)" }.joined(separator: "; ")
                                                + (c.councils > c.places.count ? "; và \(n(c.councils - c.places.count)) HĐND khác" : ""),
                                             n(c.petitions), n(c.voters)])
                             },
                             pager: Paging.Pager(total: "\(n(clusters.count)) vấn đề", firstHref: nil, previousHref: nil, nextHref: nil),
                             backHref: Self.back(unit, period))
        let pending = try await PetitionClusters.pending(on: req.db)
        if pending > 0 {
            page.note = "\(Paging.total(pending, "kiến nghị")) mới nhập chưa được xét vào vấn đề nào; hệ thống xét mỗi phút một lần."
        }
        return try await req.render(page.written)
    }

    func letters(req: Request) async throws -> View {
        let (unit, period, scope) = try await Self.context(req)
        let from = period.from.description, to = period.to.description
        let kind = req.queryValue("loai") ?? "received"
        let filter: SQLQueryString = switch kind {
        case "received": " AND received_on >= \(bind: from) AND received_on <= \(bind: to)"
        case "cases": " AND duplicate_of_id IS NULL AND accepted_on >= \(bind: from) AND accepted_on <= \(bind: to)"
        case "resolved", "withdrawn", "pending":
            " AND duplicate_of_id IS NULL AND accepted_on >= \(bind: from) AND accepted_on <= \(bind: to) AND outcome = \(bind: kind)"
        default: throw ValidationFailure(field: "loai", "Loại không hợp lệ.")
        }
        struct L: Decodable { let id: Int; let year: Int; let number: Int; let received_on: String; let kind: LetterKind; let content: String; let outcome: LetterOutcome }
        // Words of the content only: senders are never listed or searched here, a denouncer's name has no place on a list.
        let keyword = try Paging.keyword(req), words = Self.holding(keyword)
        let (rows, pager) = try await Self.page(req, "letters", columns: "id, year, number, received_on, kind, content, outcome",
                                                where: "\(scope) AND deleted_at IS NULL\(filter)\(words)", noun: "đơn thư", as: L.self, id: \.id)
        var page = TablePage(layout: req.layoutContext(title: "Đơn thư"), heading: "Đơn thư — \(unit.fullName), \(period.label.lowercasedFirst)",
                             columns: [.init(label: "Số", numeric: false), .init(label: "Ngày nhận", numeric: false), .init(label: "Loại", numeric: false),
                                       .init(label: "Nội dung", numeric: false), .init(label: "Kết quả", numeric: false)],
                             rows: rows.map { l in
                                 Row(href: RecordKind.letter.path(l.id), cells: ["\(VietnameseFormat.serial(l.number))/\(l.year)", VietnameseFormat.date(l.received_on),
                                     l.kind.label, l.content, l.outcome.label])
                             },
                             pager: pager, backHref: Self.back(unit, period))
        page.filter = KeywordFilter(req, keyword: keyword)
        return try await req.render(page.written)
    }

    /// The visits of the councils `scope` names on the days of `period`.
    static func visits(_ scope: SQLQueryString, _ period: Period) -> SQLQueryString {
        "\(scope) AND deleted_at IS NULL AND date >= \(bind: period.from.description) AND date <= \(bind: period.to.description)"
    }

    /// How a page of the unit's visits is read: the condition on councils of its rows and of its count, and the index
    /// SQLite must choose its rows from. A unit with units below it holds many councils: its visits are read by day from
    /// the index of days until the page is full, not council by council and all sorted; a commune's few visits come from
    /// its council's own index. The planners are told, not knowing how many councils a scope holds: SQLite by the index
    /// it must use (`INDEXED BY`), PostgreSQL, whose prepared statements' generic plans do not know the ids' number, by a
    /// condition no index of councils serves (`CouncilsUnder.rows`: a city's page of a year 4 ms → 0,45 ms). The count
    /// keeps the index of councils: checked against the ids row by row, 10.001 of a city's visits took 3,2 ms.
    static func visitPlan(_ unit: AdministrativeUnit, kept: FigureCache, _ db: any Database) async throws
        -> (rows: SQLQueryString, count: SQLQueryString, index: String?) {
        let byCouncil = unit.level == .commune
        let under = try await CouncilsUnder.of(unit.path, kept: kept, db: db), scope = under.count(db: db)
        if db.isSQLite { return (scope, scope, byCouncil ? M053_CoverVisitScopes.new.name : M055_IndexVisitsByDay.name) }
        return (byCouncil ? scope : under.rows(db: db), scope, nil)
    }

    func visits(req: Request) async throws -> View {
        let (unit, period) = try await Self.unitAndPeriod(req)
        let plan = try await Self.visitPlan(unit, kept: req.application.figures, req.db)
        struct V: Decodable { let id: Int; let date: String; let visitors: Int; let kind: LetterKind; let topic: String; let handling: VisitHandling; let council_id: Int }
        // Words of the matter raised, never of who came.
        let keyword = try Paging.keyword(req), words = Self.holding(keyword)
        let (rows, pager) = try await Self.page(req, "reception_visits", columns: "id, date, visitors, kind, topic, handling, council_id",
                                                where: Self.visits(plan.rows, period) + words, counted: Self.visits(plan.count, period) + words,
                                                dated: "date", index: plan.index,
                                                noun: "lượt tiếp", as: V.self, id: \.id)
        var page = TablePage(layout: req.layoutContext(title: "Tiếp công dân"), heading: "Tiếp công dân — \(unit.fullName), \(period.label.lowercasedFirst)",
                             columns: [.init(label: "Ngày", numeric: false), .init(label: "Lượt", numeric: true), .init(label: "Loại", numeric: false),
                                       .init(label: "Nội dung", numeric: false), .init(label: "Xử lý", numeric: false)],
                             rows: rows.map { v in
                                 Row(href: RecordKind.receptionVisit.path(v.id), cells: [VietnameseFormat.date(v.date), VietnameseFormat.number(v.visitors),
                                     v.kind.label, v.topic, v.handling.label])
                             },
                             pager: pager, backHref: Self.back(unit, period))
        page.filter = KeywordFilter(req, keyword: keyword)
        return try await req.render(page.written)
    }
}
