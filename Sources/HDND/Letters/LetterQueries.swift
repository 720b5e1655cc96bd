import Fluent
import SQLKit

/// The orders a letters register is read in: by number (the register's own order, newest first) or as a clerk sorts.
public enum LetterSort: String, CaseIterable, Sendable {
    case number = ""
    /// The nearest next deadline first (overdue ones first of all); letters with nothing due last.
    case due = "han"
    /// The earliest received first.
    case received = "ngay-nhan"

    /// Sorts every row the register selects: no index gives this order (`Paging.sortsAll`).
    var sortsAll: Bool { self == .due }

    var orderBy: String {
        switch self {
        case .number: "id DESC"
        case .due: "CASE WHEN next_due IS NULL THEN 1 ELSE 0 END, next_due, id"
        case .received: "received_on, id"
        }
    }
}

/// Reads of a council's letters register for the page and its exports, newest first with keyset pagination. Overdue and
/// due this week are judged on each letter's stored next deadline (`LetterDue`), so the database answers every filter.
public enum LetterQueries {
    public struct Filters: Sendable {
        /// One council's register, or (nil) the letters forwarded to `agencyIDs` across councils.
        public var councilID: Int?
        public var agencyIDs: [Int]?
        public var kind: LetterKind?
        public var outcome: LetterOutcome?
        public var agencyID: Int?
        /// Received in this period (ISO days), and whether the councils below are included (`below`).
        public var from: String?
        public var to: String?
        public var includeBelow = false
        /// The councils under the council's unit, when they are many (`below`).
        var councils: CouncilsUnder?
        public var overdueOnly = false
        /// Due within the coming seven days and not yet overdue.
        public var dueThisWeek = false
        /// Words the content must hold (diacritics optional); never the senders' names.
        public var keyword = ""
        /// Only these letters (the rows checked on the register, exported together).
        public var ids: [Int]?
        /// The day overdue and due this week are judged on.
        public var today = Day.today()
        /// An order other than by number goes by page (`offset` rows skipped).
        public var sort = LetterSort.number
        public var offset = 0
        public init(councilID: Int?) { self.councilID = councilID }

        /// With the councils below, reads which they are (the council's unit at `unitPath` and every unit below it); a
        /// commune's register stays its own.
        mutating func below(_ unitPath: String, kept: FigureCache, db: any Database) async throws {
            guard includeBelow else { return }
            let under = try await CouncilsUnder.of(unitPath, kept: kept, db: db)
            councils = under.single == nil ? try await under.reading("letters_received", kept: kept, db: db) : nil
        }

        /// The day a register over many councils with a period is read by, newest first (`M060_IndexListsByDay`).
        var walkedDay: String? { councils?.walked == true && sort == .number && (from != nil || to != nil) ? "received_on" : nil }
    }

    /// A letter as lists show it: its next deadline as stored (`LetterDue`), not computed from its facts.
    public struct Row: Codable, Sendable {
        public let id: Int, council_id: Int, year: Int, number: Int, received_on: String, kind: LetterKind, content: String, anonymous: Bool
        public let outcome: LetterOutcome, decision: LetterDecision?, duplicate_of_id: Int?
        /// Is or ever was a denunciation: its senders are never listed.
        public let confidential: Bool
        public let next_due: String?, next_label: String?
        /// The senders' names, read with the row where a list shows them (`fetch`'s `senders`): nil otherwise, and always
        /// for a letter without a name (anonymous) or that is or was a denunciation (`Confidentiality`) — never read.
        public let sender_names: String?

        public var registerNumber: String { Letter.registerNumber(number, year) }
    }

    /// One letter as a list shows it. `senders` follows the register's rule: never a denouncer's name.
    public struct Listed: Sendable {
        public let row: Row
        public let senders: String
        public let overdue: Bool

        /// "Giải quyết khiếu nại: 20/01/2020", as lists show the next deadline.
        public var nextDeadlineText: String? {
            row.next_due.map { "\(row.next_label ?? ""): \(VietnameseFormat.date($0))" }
        }
    }

    static let columns = ["id", "council_id", "year", "number", "received_on", "kind", "content", "anonymous", "outcome", "decision",
                          "duplicate_of_id", "confidential"] + LetterDue.columns

    /// Up to `size + 1` rows: in the register's order below `before`; going back (`after`), the rows above it oldest
    /// first; or, in another order, the rows from `f.offset`.
    static func fetch(_ f: Filters, before: Int?, after: Int? = nil, size: Int, senders: Bool = true, db: any Database) async throws -> [Row] {
        try await fetchQuery(f, before: before, after: after, size: size, senders: senders, db: db).rows(Row.self)
    }

    /// The columns, written once: SQLKit quoting each of the 38 on every request cost more than the rest of the query.
    private static let columnList = SQLRaw(columns.joined(separator: ", "))
    /// The same and the senders' names a list may show, in the order entered, read in the same statement (a statement of
    /// their own was a third of a register's on PostgreSQL): none of an anonymous letter or of a denunciation.
    private static let columnListWithSenders = SQLRaw((columns + ["""
        CASE WHEN anonymous OR confidential THEN NULL ELSE (SELECT string_agg(s.full_name, ', ' ORDER BY s.id) \
        FROM letter_senders s WHERE s.letter_id = letters.id) END AS sender_names
        """]).joined(separator: ", "))

    static func fetchQuery(_ f: Filters, before: Int?, after: Int? = nil, size: Int, senders: Bool = true, db: any Database) -> SQLSelectBuilder {
        let columnList = senders ? columnListWithSenders : columnList
        if f.sort == .due {
            // Nearest deadline first, letters with none last: each kind read in its order from the index of next
            // deadlines (M061) as far as the page reaches, and only those put in order. Sorted whole, a ward's 2.400
            // letters of 38 columns took 1,5 ms of CPU a page; their numbers alone, 0,6 ms.
            // The page is chosen among the ids and deadlines the index holds, and only its rows are read from the table
            // (PostgreSQL read both kinds' rows, twice the page, 0,9 ms). Those without a deadline are walked by
            // (deadline, id), the index's own order (their deadlines are all null): by id alone PostgreSQL sorted all
            // of a ward's 2.100 of them first.
            let reach = f.offset + size + 1
            let dated = filtered(db.sql.select().columns("id", "next_due").from(Letter.schema), f, counting: false, db: db)
                .where("next_due", .isNot, SQLLiteral.null).orderBy("next_due").orderBy("id").limit(reach)
            let undated = filtered(db.sql.select().columns("id", "next_due").from(Letter.schema), f, counting: false, db: db)
                .where("next_due", .is, SQLLiteral.null).orderBy("next_due").orderBy("id").limit(reach)
            let page: SQLQueryString = """
                SELECT id FROM (SELECT id, next_due FROM (\(dated.query)) d UNION ALL SELECT id, next_due FROM (\(undated.query)) u) r \
                ORDER BY \(unsafeRaw: f.sort.orderBy) LIMIT \(unsafeRaw: String(size + 1)) OFFSET \(unsafeRaw: String(f.offset))
                """
            return db.sql.select().column(columnList).from(Letter.schema).where(SQLIdentifier("id"), .in, SQLGroupExpression(page))
                .orderBy(SQLQueryString(f.sort.orderBy))
        }
        if f.sort != .number {
            return filtered(db.sql.select().column(columnList).from(Letter.schema), f, counting: false, db: db)
                .orderBy(SQLQueryString(f.sort.orderBy)).offset(f.offset).limit(size + 1)
        }
        // Overdue or due this week, in one council or inbox, on PostgreSQL: the page's ids are chosen in the index of
        // deadlines (read alone, its condition on deletion being the index's own) and only their rows read. Read whole,
        // PostgreSQL fetched every overdue letter of a ward (230 rows from as many pages of the table, 1,6 ms) to show 50.
        // Not on SQLite, which reads the table for the deletion term all the same: the ids first cost it a second read of
        // the page's rows (overdue letters 1.119 → 975 req/s).
        let idsFirst = (f.overdueOnly || f.dueThisWeek) && f.councils == nil && !db.isSQLite
        var q = filtered(db.sql.select().column(idsFirst ? SQLRaw("id") : columnList).from(Letter.schema), f, counting: false, db: db)
        // By number (id); over many councils with a period, by the day received, then number.
        let keys = (f.walkedDay.map { [$0] } ?? []) + ["id"]
        if let after {
            q = q.where(Paging.beyond(after, ">", keys: keys, table: Letter.schema)).orderBy(SQLQueryString(Paging.order(keys, "ASC")))
        } else {
            if let before { q = q.where(Paging.beyond(before, "<", keys: keys, table: Letter.schema)) }
            q = q.orderBy(SQLQueryString(Paging.order(keys, "DESC")))
        }
        q = q.limit(size + 1)
        guard idsFirst else { return q }
        return db.sql.select().column(columnList).from(Letter.schema).where(SQLIdentifier("id"), .in, SQLGroupExpression(q.query))
            .orderBy(SQLQueryString(Paging.order(keys, after == nil ? "DESC" : "ASC")))
    }

    /// Up to `size` letters below `before` (or the page at `f.offset` in another order), and the cursor of the next
    /// page in the register's order (nil at the end): what the API and the exports read. `senders`: whether the senders
    /// are read (the exports name them; the API lists letters without them: reading names it would not use cost a
    /// tenth of its list on PostgreSQL).
    static func page(_ f: Filters, before: Int?, size: Int, senders: Bool, db: any Database) async throws -> (items: [Listed], next: Int?) {
        let rows = try await fetch(f, before: before, size: size, senders: senders, db: db)
        let shown = Array(rows.prefix(size))
        return (listed(shown, today: f.today), rows.count > size ? shown.last?.id : nil)
    }

    /// One page of a list people read, with its pager: first, previous and next in the register's order, by page
    /// number in another; the total counted by the database.
    static func screen(_ f: Filters, before: Int?, after: Int?, size: Int, path: String, query: String?, kept: FigureCache,
                       db: any Database) async throws -> (items: [Listed], pager: Paging.Pager, total: Int) {
        let total = try await total(f, kept: kept, db: db)
        if f.sort.sortsAll { try Paging.refuseSortingAll(total) }
        let fetched = try await fetch(f, before: before, after: after, size: size, db: db)
        if f.sort != .number {
            return (listed(Array(fetched.prefix(size)), today: f.today),
                    Paging.numbered(page: f.offset / size + 1, hasNext: fetched.count > size, total: total, noun: "đơn thư", path: path, query: query),
                    total)
        }
        let (rows, pager) = Paging.page(fetched, size: size, before: before, after: after, id: \.id, total: total, noun: "đơn thư",
                                        path: path, query: query)
        return (listed(rows, today: f.today), pager, total)
    }

    /// The total a register page shows: the letters the filters select, up to `Paging.countCap + 1`; a council's whole
    /// register from its counters; kept between requests while the records stay the same.
    static func total(_ f: Filters, kept: FigureCache, db: any Database) async throws -> Int {
        let rows = filtered(db.sql.select().column("id").from(Letter.schema), f, counting: true, db: db)
        guard let council = f.councilID, f.councils == nil else { return try await Paging.count(rows, kept: kept, db: db) }
        var whole = Filters(councilID: council)
        whole.today = f.today
        let unfiltered = filtered(db.sql.select().column("id").from(Letter.schema), whole, counting: true, db: db)
        return try await Paging.count(rows, unfiltered: unfiltered, councilID: council, metric: "letters_received", kept: kept, db: db)
    }

    /// Rows as a list shows them: overdue marked, the senders the register may show — "Không ký tên", the denunciation
    /// notice, or the names read with the row (none where they were not read).
    static func listed(_ rows: [Row], today: Day) -> [Listed] {
        rows.map { r in
            let senders = r.anonymous ? "Không ký tên" : r.confidential ? Confidentiality.hidden : r.sender_names ?? ""
            return Listed(row: r, senders: senders, overdue: Standing(r.next_due.flatMap { Day($0) }, today: today) == .overdue)
        }
    }

    /// The filters' conditions (the cursor apart), for the rows or their count (`CouncilsUnder.condition`).
    static func filtered(_ query: SQLSelectBuilder, _ f: Filters, counting: Bool, db: any Database) -> SQLSelectBuilder {
        var q = query.where("deleted_at", .is, SQLLiteral.null)
        if let c = f.councils { q = q.where(c.condition(counting: counting, byDay: f.walkedDay != nil, db: db)) }
        else if let council = f.councilID { q = q.where("council_id", .equal, council) }
        if let from = f.from { q = q.where("received_on", .greaterThanOrEqual, from) }
        if let to = f.to { q = q.where("received_on", .lessThanOrEqual, to) }
        if let agencies = f.agencyIDs { q = q.where("agency_id", .in, SQLBind.group(agencies.isEmpty ? [-1] : agencies)) }
        if let kind = f.kind { q = q.where("kind", .equal, kind.rawValue) }
        for word in searchWords(f.keyword) { q = q.where("folded", .like, SQLBind("%\(word)%")) }
        if let outcome = f.outcome { q = q.where("outcome", .equal, outcome.rawValue) }
        if let agency = f.agencyID { q = q.where("agency_id", .equal, agency) }
        if let ids = f.ids { q = q.where("id", .in, SQLBind.group(ids.isEmpty ? [-1] : ids)) }
        // As `Standing` judges: overdue before today; due this week from today to seven days on.
        // The days unseen by PostgreSQL's planner, so that it keeps one plan for every day (`unseenDay`).
        if f.overdueOnly { q = q.where("next_due", .lessThan, PostgresStatements.unseenDay(f.today.description, db)) }
        if f.dueThisWeek {
            q = q.where("next_due", .greaterThanOrEqual, PostgresStatements.unseenDay(f.today.description, db))
                .where("next_due", .lessThanOrEqual, PostgresStatements.unseenDay(f.today.adding(days: 7).description, db))
        }
        return q
    }

    /// How many letters the filters select.
    public static func count(_ f: Filters, db: any Database) async throws -> Int {
        struct N: Decodable { let n: Int }
        return try await countQuery(f, db: db).firstRow(N.self)?.n ?? 0
    }

    static func countQuery(_ f: Filters, db: any Database) -> SQLSelectBuilder {
        filtered(db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))).from(Letter.schema), f,
                 counting: true, db: db)
    }

    /// Where a letter's next deadline stands today: the register's filters and the home page's counts judge alike.
    public enum Standing: Sendable, Equatable {
        case nothingDue, overdue, dueThisWeek, later
        public init(_ due: Day?, today: Day) {
            guard let due else { self = .nothingDue; return }
            self = due < today ? .overdue : due <= today.adding(days: 7) ? .dueThisWeek : .later
        }
    }

    /// How many letters of one council (or forwarded to `agencyIDs`) are overdue, and due within the coming seven days.
    public static func dueCounts(councilID: Int?, agencyIDs: [Int]? = nil, today: Day = .today(), db: any Database) async throws -> (overdue: Int, dueThisWeek: Int) {
        var overdue = Filters(councilID: councilID)
        overdue.agencyIDs = agencyIDs; overdue.today = today; overdue.overdueOnly = true
        var week = overdue
        week.overdueOnly = false; week.dueThisWeek = true
        // The register's own two counts, read in one statement (a home page reads a dozen figures).
        struct Counts: Decodable { let overdue: Int; let week: Int }
        let counts = try await db.sql.raw("""
            SELECT (\(countQuery(overdue, db: db).query)) AS overdue, (\(countQuery(week, db: db).query)) AS week
            """).firstRow(Counts.self)
        return (counts?.overdue ?? 0, counts?.week ?? 0)
    }
}
