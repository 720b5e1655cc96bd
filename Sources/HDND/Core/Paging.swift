import Fluent
import SQLKit
import Vapor

/// Keyset pagination in a list's address: the filters stay, `truoc` carries the id of the last row shown (the page
/// after it, older rows) and `sau` the id of the first (the page before it, newer rows).
public enum Paging {
    /// The id-cursor a page was asked for (`truoc`), nil for the first page; anything else is refused, not ignored.
    public static func cursor(_ req: Request) throws -> Int? { try id(req, "truoc") }

    /// The cursor of a page asked for going back (`sau`).
    public static func after(_ req: Request) throws -> Int? { try id(req, "sau") }

    private static func id(_ req: Request, _ name: String) throws -> Int? {
        guard let raw = req.queryValue(name), !raw.isEmpty else { return nil }
        guard let id = Int(raw) else { throw ValidationFailure(field: name, "Trang không hợp lệ.") }
        return id
    }

    /// The address of the page after the one whose last row has `cursor`, keeping every filter of `query`.
    public static func next(_ path: String, query: String?, cursor: String) -> String { link(path, query, "truoc=" + cursor) }

    /// The address of the page before the one whose first row has `cursor` (newer rows).
    public static func previous(_ path: String, query: String?, cursor: String) -> String { link(path, query, "sau=" + cursor) }

    /// The list's first page with the same filters.
    public static func first(_ path: String, query: String?) -> String { link(path, query, nil) }

    private static func link(_ path: String, _ query: String?, _ cursor: String?) -> String {
        let kept = (query ?? "").split(separator: "&").filter { !$0.isEmpty && !$0.hasPrefix("truoc=") && !$0.hasPrefix("sau=") }
        let all = kept.map(String.init) + (cursor.map { [$0] } ?? [])
        return path + (all.isEmpty ? "" : "?" + all.joined(separator: "&"))
    }

    /// Lists count their rows up to this many; beyond, the total reads "Hơn 10.000 …": counting a province's hundreds of
    /// thousands of rows on every page would cost more than the page itself.
    public static let countCap = 10_000

    /// How many rows `rows` (a select of a list's rows, any column) holds, counted up to `countCap + 1`.
    public static func count(_ rows: SQLSelectBuilder, db: any Database) async throws -> Int {
        struct N: Decodable { let n: Int }
        return try await db.sql.raw(counting(rows)).firstRow(N.self)?.n ?? 0
    }

    /// The statement that counts `rows` up to `countCap + 1` (one row, its count `n`).
    private static func counting(_ rows: SQLSelectBuilder) -> SQLQueryString {
        "SELECT COUNT(*) AS n FROM (\(rows.limit(countCap + 1).query)) counted"
    }

    /// The same, but a whole council's list with no filter is counted from the council's counters (`SummaryCounters.total`
    /// of `metric`): exact, and a read of one counter row a month instead of up to 10.001 index entries (0,6 ms of a
    /// 2,6 ms petition list on the `--scale 1` data). "No filter" is judged on the SQL itself — `rows` serialises as
    /// `unfiltered`, the council's bare list — so a filter added to a list later can never be counted as none.
    /// Either is kept between requests while the records stay the same (`FigureCache`): with the revision read once per
    /// request, a page's count costs no statement of its own.
    static func count(_ rows: SQLSelectBuilder, unfiltered: SQLSelectBuilder, councilID: Int, metric: String,
                             kept: FigureCache, db: any Database) async throws -> Int {
        if db.sql.serialize(rows.query).sql == db.sql.serialize(unfiltered.query).sql {
            return try await kept.value("council total \(metric) \(councilID)", on: db) {
                try await SummaryCounters.total(metric, councilID: councilID, db: db)
            }
        }
        return try await count(rows, kept: kept, db: db)
    }

    /// The same, kept between requests under its statement and values while the records stay the same (`FigureCache`):
    /// a list over many councils counts up to 10.001 rows of a city on every page (1,3 ms of PostgreSQL's time).
    static func count(_ rows: SQLSelectBuilder, kept: FigureCache, revision: Int? = nil, db: any Database) async throws -> Int {
        try await count(counting(rows), kept: kept, revision: revision, db: db)
    }

    /// `counting` (one row, its count `n`) kept between requests under its statement and values (`FigureCache`).
    /// `revision`: one of the counted rows' own (the audit log's largest id) instead of the figures' revision.
    static func count(_ counting: SQLQueryString, kept: FigureCache, revision: Int? = nil, db: any Database) async throws -> Int {
        struct N: Decodable { let n: Int }
        let statement = db.sql.serialize(counting)
        let key = "total \(statement.sql) \(statement.binds.map(keyText).joined(separator: "|"))"
        let count = { try await db.sql.raw(counting).firstRow(N.self)?.n ?? 0 }
        if let revision { return try await kept.value(key, revision: revision, count: count) }
        return try await kept.value(key, on: db, count: count)
    }

    /// A bound value as a kept count's key names it. The usual ones written directly: `String(describing:)` of a city's
    /// 126 councils' ids (one bound array on PostgreSQL) looked up each element's description dynamically, 4 % of the
    /// city's petition list (`perf`, issue 11). Each kind marked, so that a text never reads as a number, and a text with
    /// its length, so that no text holding the separator reads as two.
    static func keyText(_ bind: any Encodable & Sendable) -> String {
        switch bind {
        case let number as Int: "i\(number)"
        case let text as String: "s\(text.utf8.count):" + text
        case let numbers as [Int]: "a" + numbers.map(String.init).joined(separator: ",")
        default: "\(type(of: bind)) \(bind)"
        }
    }

    /// The keyset condition of the rows after (`<`, newest first) or before (`>`) the row `id` in the order of `keys`
    /// (the last is `id`): with a day first, the day and id of that row, read by its id, so that a cursor stays an id.
    static func beyond(_ id: Int, _ comparison: String, keys: [String], table: String, alias: String = "") -> SQLQueryString {
        let prefix = alias.isEmpty ? "" : alias + "."
        guard keys.count > 1 else { return "\(unsafeRaw: prefix)id \(unsafeRaw: comparison) \(bind: id)" }
        let own = keys.map { prefix + $0 }.joined(separator: ", "), theirs = keys.joined(separator: ", ")
        return "(\(unsafeRaw: own)) \(unsafeRaw: comparison) (SELECT \(unsafeRaw: theirs) FROM \(ident: table) WHERE id = \(bind: id))"
    }

    /// `keys` as an ORDER BY list, each in `direction`.
    static func order(_ keys: [String], _ direction: String, alias: String = "") -> String {
        keys.map { (alias.isEmpty ? "" : alias + ".") + $0 + " " + direction }.joined(separator: ", ")
    }

    /// "1.234 kiến nghị", or "Hơn 10.000 kiến nghị" past the cap.
    static func total(_ n: Int, _ noun: String) -> String {
        n > countCap ? "Hơn \(VietnameseFormat.number(countCap)) \(noun)" : "\(VietnameseFormat.number(n)) \(noun)"
    }

    /// A list in an order other than by id goes by page number (`trang`), up to this many pages: beyond, filter more.
    public static let maxPageNumber = 200

    /// `?tu-khoa=`: the words a list's rows must hold (diacritics optional), checked on `v` with the list's other filters.
    public static func keyword(_ req: Request, _ v: inout Validator) -> String {
        v.optionalText("tu-khoa", "Từ khóa", req.queryValue("tu-khoa"), max: 200) ?? ""
    }

    /// `?nam=`: the year of a list that goes a year at a time (oversights, coordination), this year when not given.
    public static func year(_ req: Request) throws -> Int {
        var v = Validator()
        let year = req.queryValue("nam").flatMap { v.int("nam", "Năm", $0, range: 1945...2100) } ?? Day.today().year
        try v.check()
        return year
    }

    /// The same, for a list with no other filter to check.
    public static func keyword(_ req: Request) throws -> String {
        var v = Validator()
        let keyword = keyword(req, &v)
        try v.check()
        return keyword
    }

    /// The page number asked for (`trang`), 1 when none; anything outside 1…`maxPageNumber` is refused on `v`.
    public static func number(_ req: Request, _ v: inout Validator) -> Int {
        let raw = req.queryValue("trang") ?? ""
        guard !raw.isEmpty else { return 1 }
        if let n = Int(raw), (1...maxPageNumber).contains(n) { return n }
        v.fail("trang", "Trang phải là số từ 1 đến \(maxPageNumber).")
        return 1
    }

    /// The pager of a list read by page number.
    public static func numbered(page: Int, hasNext: Bool, total: Int, noun: String, path: String, query: String?) -> Pager {
        let kept = (query ?? "").split(separator: "&").filter { !$0.hasPrefix("trang=") }.joined(separator: "&")
        func at(_ n: Int) -> String { link(path, kept, n == 1 ? nil : "trang=\(n)") }
        return Pager(total: Self.total(total, noun), firstHref: page > 1 ? at(1) : nil,
                     previousHref: page > 1 ? at(page - 1) : nil,
                     nextHref: hasNext && page < maxPageNumber ? at(page + 1) : nil)
    }

    /// A column header a clerk sorts by: where it leads (nowhere when the list is too long for its order), and whether
    /// the list is in that order now.
    public struct SortLink: Sendable { let href: String?; let active: Bool }

    /// A column's header in a page written in Swift: a link to the list in the column's order (marked as the order shown
    /// when it is), or, where the order is refused (`sortsAll`), the name with `refused` as its hint.
    static func sortHeader(_ name: String, _ link: SortLink?, order: String, numeric: Bool = false, refused: String) -> HTML {
        let active = HTML.when(link?.active ?? false, " aria-sort=\"\(order)\"")
        let label: HTML = link?.href.map { "<a href=\"\($0)\">\(name)</a>" } ?? "<span title=\"\(refused)\">\(name)</span>"
        return "<th scope=\"col\"\(HTML.when(numeric, " class=\"num\""))\(active)>\(label)</th>"
    }

    /// Whether a list of `total` rows may be put in an order that sorts every row it selects (no index gives it): up to
    /// `countCap` rows, where the total is exact. Past it, each page sorted them all (a city's million petitions by
    /// voters: a second a page, on every page); the list must be filtered first.
    static func sortsAll(_ total: Int) -> Bool { total <= countCap }

    /// The refusal of such an order past the cap, naming the field.
    static func refuseSortingAll(_ total: Int) throws {
        guard !sortsAll(total) else { return }
        throw ValidationFailure(field: "sap-xep", """
            Danh sách có hơn \(VietnameseFormat.number(countCap)) dòng: hãy lọc bớt (theo trạng thái, thời gian…) rồi mới sắp xếp theo cột này.
            """)
    }

    /// The headers of a list sorted by `sap-xep`: each name leads to the list in its order (the value; "" the default),
    /// keeping the filters and starting from the first page. The orders `sortingAll` (which sort every row) lead
    /// nowhere on a list of more than `countCap` rows.
    public static func sortLinks(_ orders: [String: String], current: String, path: String, query: String?,
                                 sortingAll: Set<String> = [], total: Int = 0) -> [String: SortLink] {
        let kept = (query ?? "").split(separator: "&").filter {
            !$0.isEmpty && !$0.hasPrefix("sap-xep=") && !$0.hasPrefix("trang=") && !$0.hasPrefix("truoc=") && !$0.hasPrefix("sau=")
        }.map(String.init)
        return orders.mapValues { value in
            let q = kept + (value.isEmpty ? [] : ["sap-xep=\(value)"])
            let open = !sortingAll.contains(value) || sortsAll(total)
            return SortLink(href: open ? path + (q.isEmpty ? "" : "?" + q.joined(separator: "&")) : nil, active: value == current)
        }
    }

    /// The order asked for (`sap-xep`), refused on `v` when it is not one of the list's.
    public static func sort<S: RawRepresentable & CaseIterable>(_ req: Request, _ v: inout Validator) -> S? where S.RawValue == String {
        let raw = req.queryValue("sap-xep") ?? ""
        guard let sort = S(rawValue: raw) else { v.fail("sap-xep", "Cách sắp xếp không hợp lệ."); return nil }
        return sort
    }

    /// Where a page stands in its list: how many rows in all, and the ways to the first, previous and next pages.
    public struct Pager: Encodable, Sendable {
        public let total: String
        public let firstHref: String?
        public let previousHref: String?
        public let nextHref: String?

        /// Its markup, as every list shows it: `Core/pager` puts it in, and so do pages written in Swift.
        public var html: HTML {
            let first: HTML = firstHref.map { " <a href=\"\($0)\">« Trang đầu</a>" } ?? .empty
            let previous: HTML = previousHref.map { " <a href=\"\($0)\">‹ Trang trước</a>" } ?? .empty
            let next: HTML = nextHref.map { " <a class=\"button\" href=\"\($0)\">Trang tiếp theo ›</a>" } ?? .empty
            return "<nav class=\"pager\" aria-label=\"Chuyển trang\"><span class=\"total\">\(total)</span>\(first)\(previous)\(next)</nav>"
        }

        private enum CodingKeys: String, CodingKey { case html }
        /// Templates read only its markup.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(html, forKey: .html)
        }
    }

    /// One page of a list read newest first by id. `fetched` holds up to `size + 1` rows: newest first below `before`
    /// (or from the top), or, going back (`after` set), oldest first above `after`. Returns the rows to show, newest
    /// first, and the pager.
    public static func page<Row>(_ fetched: [Row], size: Int, before: Int?, after: Int?, id: (Row) -> Int, total: Int, noun: String,
                                 path: String, query: String?) -> (rows: [Row], pager: Pager) {
        let more = fetched.count > size
        let shown = after == nil ? Array(fetched.prefix(size)) : Array(fetched.prefix(size).reversed())
        // Going back, there are newer rows only if more were found; going on, there are whenever a cursor was followed.
        let newer = after != nil ? more : before != nil
        let older = after != nil ? !shown.isEmpty : more
        let pager = Pager(total: Self.total(total, noun),
                          firstHref: newer ? first(path, query: query) : nil,
                          previousHref: newer ? shown.first.map { previous(path, query: query, cursor: String(id($0))) } : nil,
                          nextHref: older ? shown.last.map { next(path, query: query, cursor: String(id($0))) } : nil)
        return (shown, pager)
    }
}
