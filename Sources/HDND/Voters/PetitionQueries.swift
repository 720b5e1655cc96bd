import Fluent
import SQLKit

/// The orders of a petitions list a clerk can choose by its column headers (`sap-xep`).
public enum PetitionSort: String, CaseIterable, Sendable {
    case newest = ""
    /// The nearest answer due first; those without a due date last.
    case due = "han"
    /// The most voters first.
    case voters = "cu-tri"
    /// The latest received first.
    case received = "ngay"

    /// Sorts every row the list selects: no index gives this order (`Paging.sortsAll`).
    var sortsAll: Bool { self == .due || self == .voters }

    var orderBy: String {
        switch self {
        case .newest: "p.id DESC"
        case .due: "CASE WHEN p.due_date IS NULL THEN 1 ELSE 0 END, p.due_date, p.id"
        case .voters: "p.voter_count DESC, p.id DESC"
        case .received: "p.received_on DESC, p.id DESC"
        }
    }
}

/// Reads of voter petitions for lists, through SQLKit with keyset pagination (newest first).
public enum PetitionQueries {
    public struct Filters: Sendable {
        public var councilID: Int?
        public var agencyIDs: [Int]?
        public var meetingID: Int?
        /// The petitions of one cluster of the same problem raised in many places (`PetitionClusters`).
        public var clusterID: Int?
        public var status: PetitionStatus?
        public var field: String?
        public var agencyID: Int?
        public var overdueOn: String?
        /// Forwarded and due from the first day to the second (the coming week).
        public var dueBetween: (String, String)?
        public var before: Int?
        /// Going back: the page of newer rows above this id (read oldest first; `Paging.page` turns it round).
        public var after: Int?
        /// The order a clerk chose by a column; any but the newest first is read page by page number (`offset`).
        public var sort: PetitionSort = .newest
        public var offset = 0
        /// Many councils: those under a unit (the summary's links, a council's list with the councils below).
        var councils: CouncilsUnder?
        /// Which date a period applies to (one of `days`), and the period.
        public var dateColumn: String?
        public var from: String?
        public var to: String?
        /// Reported at a session (received by `to`).
        public var reported: Bool = false
        /// A council's list that also shows the councils below it.
        public var includeBelow = false
        /// Words the content must hold (diacritics optional).
        public var keyword = ""
        public init() {}

        /// Narrows to one council, or to it and every council below it.
        mutating func scope(councilID: Int, unitPath: String, kept: FigureCache, db: any Database) async throws {
            if includeBelow { try await within(unitPath, kept: kept, db: db) } else { self.councilID = councilID }
        }

        /// Narrows to the councils of the unit at `unitPath` and every unit below it: a commune's one council is read as
        /// its own list.
        mutating func within(_ unitPath: String, kept: FigureCache, db: any Database) async throws {
            let under = try await CouncilsUnder.of(unitPath, kept: kept, db: db)
            if let one = under.single { councilID = one; councils = nil; return }
            councilID = nil
            councils = try await under.reading("petitions_received", kept: kept, db: db)
        }

        /// Whether the rows are read in the list's order, their councils checked row by row (`CouncilsUnder`): not for a
        /// cluster's few petitions, read through their own index.
        var walks: Bool { councils?.walked == true && clusterID == nil }

        /// The days a period can be of, and how a list read by one says so ("xếp theo ngày …").
        static let days: [(column: String, words: String)] = [("received_on", "tiếp nhận"), ("forwarded_on", "chuyển đến cơ quan"),
                                                               ("answered_on", "cơ quan trả lời")]

        /// The day a list over many councils is read by, newest first: the day of its period, when it has one
        /// (`M060_IndexListsByDay`).
        var walkedDay: String? {
            guard walks, sort == .newest, let day = dateColumn, Self.days.contains(where: { $0.column == day }) else { return nil }
            return day
        }
    }

    public struct Row: Decodable, Sendable {
        public let id: Int
        public let council_id: Int
        public let content: String
        public let source: PetitionSource
        public let field: String?
        public let status: PetitionStatus
        public let voter_count: Int
        public let received_on: String
        public let due_date: String?
        public let agency_id: Int?
        /// The agency's answer, when it came, and who gave it (exports carry them).
        public let answer: String?, answered_on: String?, answered_by: String?
        /// The names of the council and the agency, from the names kept between requests (`list`), not read with the row.
        public internal(set) var council_name = "", agency_name: String? = nil

        enum CodingKeys: String, CodingKey {
            case id, council_id, content, source, field, status, voter_count, received_on, due_date, agency_id, answer, answered_on, answered_by
        }
    }

    /// The rows, named: the councils' and agencies' names come from maps kept while they stay the same
    /// (`DirectoryQueries.names`). Joined into the list's statement, they were planned and read on every request: on
    /// PostgreSQL a city's list of a year took 0,33 ms to plan and 0,29 ms to run with them, 0,13 and 0,15 without.
    static func list(_ f: Filters, limit: Int, kept: FigureCache, db: any Database) async throws -> [Row] {
        var rows = try await listQuery(f, limit: limit, db: db).rows(Row.self)
        guard !rows.isEmpty else { return rows }
        let names = try await DirectoryQueries.names(councils: rows.map(\.council_id), agencies: rows.compactMap(\.agency_id), kept: kept, db: db)
        for i in rows.indices {
            rows[i].council_name = names.councils[rows[i].council_id] ?? ""
            rows[i].agency_name = rows[i].agency_id.flatMap { names.agencies[$0] }
        }
        return rows
    }

    /// The list's columns, written once: built from SQLKit's identifiers on every request, quoting each, they were a
    /// twentieth of a ward's list's CPU.
    private static let listColumns = ["id", "council_id", "content", "source", "field", "status", "voter_count", "received_on",
                                      "due_date", "agency_id", "answer", "answered_on", "answered_by"].map { "p." + $0 }.joined(separator: ", ")

    /// The list's query: up to `limit` rows in the filters' order (the query-plan tests read it too).
    static func listQuery(_ f: Filters, limit: Int, db: any Database) -> SQLSelectBuilder {
        let sql = db.sql
        var q = sql.select().column(SQLRaw(listColumns))
            .from(SQLRaw(walkedByID(f, db) ? "voter_petitions AS p NOT INDEXED" : "voter_petitions AS p"))
        if f.sort != .newest {
            // The page's ids are chosen first, sorting only what an index holds (voters and due dates are in the
            // council's covering indexes), then only their rows read. Sorted whole, with their text and names, a ward's
            // 8.000 petitions by voters took 12,6 ms of CPU a page (154 pages/s).
            let page = filtered(sql.select().column(p("id")).from(SQLRaw("voter_petitions AS p")), f, counting: false, db: db)
                .orderBy(SQLQueryString(f.sort.orderBy)).limit(limit).offset(f.offset)
            return q.where(p("id"), .in, SQLGroupExpression(page.query)).orderBy(SQLQueryString(f.sort.orderBy))
        }
        q = filtered(q, f, counting: false, db: db)
        // Newest first by id; a list over many councils with a period, by the period's day, then id.
        let keys = (f.walkedDay.map { [$0] } ?? []) + ["id"]
        if let v = f.before { q = q.where(Paging.beyond(v, "<", keys: keys, table: VoterPetition.schema, alias: "p")) }
        if let v = f.after {
            return q.where(Paging.beyond(v, ">", keys: keys, table: VoterPetition.schema, alias: "p"))
                .orderBy(SQLQueryString(Paging.order(keys, "ASC", alias: "p"))).limit(limit)
        }
        return q.orderBy(SQLQueryString(Paging.order(keys, "DESC", alias: "p"))).limit(limit)
    }

    /// Whether SQLite must walk the petitions by id, newest first, with no index: a list over many councils with no
    /// period and no agency. With statistics, it otherwise skipped through an index that starts with the council (for the
    /// overdue, 200.000 entries of a city sorted: 27 ms for a page).
    private static func walkedByID(_ f: Filters, _ db: any Database) -> Bool {
        db.isSQLite && f.walks && f.sort == .newest && f.walkedDay == nil && f.agencyID == nil
    }

    /// How many petitions the filters select, on every page: up to `Paging.countCap + 1`; a council's whole list from
    /// its counters. Kept between requests while the records stay the same: an agency's inbox counted 1,9 ms of
    /// PostgreSQL's time on every page.
    static func count(_ f: Filters, kept: FigureCache, db: any Database) async throws -> Int {
        guard let council = f.councilID, f.councils == nil else { return try await Paging.count(countQuery(f, db: db), kept: kept, db: db) }
        var whole = Filters()
        whole.councilID = council
        return try await Paging.count(countQuery(f, db: db), unfiltered: countQuery(whole, db: db), councilID: council,
                                      metric: "petitions_received", kept: kept, db: db)
    }

    /// The rows `count` counts (the query-plan tests read it too).
    static func countQuery(_ f: Filters, db: any Database) -> SQLSelectBuilder {
        filtered(db.sql.select().column(p("id")).from(SQLRaw("voter_petitions AS p")), f, counting: true, db: db)
    }

    /// The filters' conditions on `p`, the petitions table (the cursors apart), for the rows or their count
    /// (`CouncilsUnder.condition`: through the index of councils, each of the 10.001 rows of a period counted was read
    /// from the table for its deletion; a city's petitions answered in a year, `--scale 10`: 27 ms).
    private static func filtered(_ query: SQLSelectBuilder, _ f: Filters, counting: Bool, db: any Database) -> SQLSelectBuilder {
        var q = query.where(p("deleted_at"), .is, SQLLiteral.null)
        if let v = f.councilID { q = q.where(p("council_id"), .equal, SQLBind(v)) }
        if let c = f.councils {
            q = q.where(f.walks ? c.condition("p.council_id", counting: counting, byDay: f.walkedDay != nil, db: db)
                        : c.count("p.council_id", db: db))
        }
        if let v = f.agencyIDs { q = q.where(p("agency_id"), .in, SQLBind.group(v.isEmpty ? [-1] : v)) }
        if let v = f.meetingID { q = q.where(p("meeting_id"), .equal, SQLBind(v)) }
        if let v = f.clusterID { q = q.where(p("cluster_id"), .equal, SQLBind(v)) }
        if let v = f.status { q = q.where(p("status"), .equal, SQLBind(v.rawValue)) }
        if let v = f.field { q = q.where(p("field"), .equal, SQLBind(v)) }
        for word in searchWords(f.keyword) { q = q.where(p("folded"), .like, SQLBind("%\(word)%")) }
        if let v = f.agencyID { q = q.where(p("agency_id"), .equal, SQLBind(v)) }
        if let day = f.overdueOn {
            // Overdue: forwarded, not answered, and the due date has passed.
            q = q.where(p("status"), .equal, SQLBind(PetitionStatus.forwarded.rawValue))
                .where(p("due_date"), .lessThan, PostgresStatements.unseenDay(day, db))
        }
        if let (from, to) = f.dueBetween {
            q = q.where(p("status"), .equal, SQLBind(PetitionStatus.forwarded.rawValue))
                .where(p("due_date"), .greaterThanOrEqual, PostgresStatements.unseenDay(from, db))
                .where(p("due_date"), .lessThanOrEqual, PostgresStatements.unseenDay(to, db))
        }
        if let column = f.dateColumn, Filters.days.contains(where: { $0.column == column }) {
            // Seen by PostgreSQL's planner (a city's year is planned on every request, 0,5 ms): unseen, it estimated a few
            // rows and read an export's every page of a city's year by a bitmap of the whole year and a sort (5 → 35 s).
            if let from = f.from { q = q.where(p(column), .greaterThanOrEqual, SQLBind(from)) }
            if let to = f.to { q = q.where(p(column), .lessThanOrEqual, SQLBind(to)) }
        }
        if f.reported {
            q = q.where(p("reported_session"), .isNot, SQLLiteral.null)
            if let to = f.to { q = q.where(p("received_on"), .lessThanOrEqual, SQLBind(to)) }
        }
        return q
    }

    /// A column of the petitions, `p`, written as is: the names are the code's own, and SQLKit's quoting of each
    /// identifier cost more than the rest of the query's text.
    private static func p(_ column: String) -> SQLRaw { SQLRaw("p." + column) }

    public enum Match: Equatable { case none, one(Int), several([String]) }

    /// The council's petition whose content is `words`, or holds them all (diacritics optional): how a clerk links a
    /// record to a petition without knowing its internal number. Several matches are named so the clerk can narrow.
    public static func find(_ words: String, councilID: Int, db: any Database) async throws -> Match {
        struct R: Decodable { let id: Int; let content: String }
        let exact = try await db.sql.raw("""
            SELECT id, content FROM voter_petitions WHERE council_id = \(bind: councilID) AND deleted_at IS NULL AND content = \(bind: words) \
            ORDER BY id LIMIT 2
            """).rows(R.self)
        if exact.count == 1 { return .one(exact[0].id) }
        let terms = searchWords(words)
        guard !terms.isEmpty else { return .none }
        var q = db.sql.select().column("id").column("content").from(VoterPetition.schema)
            .where("council_id", .equal, councilID).where("deleted_at", .is, SQLLiteral.null)
        for t in terms { q = q.where("folded", .like, SQLBind("%\(t)%")) }
        let rows = try await q.orderBy("id", .descending).limit(6).rows(R.self)
        switch rows.count {
        case 0: return .none
        case 1: return .one(rows[0].id)
        default: return .several(rows.prefix(5).map(\.content))
        }
    }

    /// What a home page counts of petitions: waiting to be classified, to be forwarded, answers overdue and due this week.
    public struct DueCounts: Decodable, Sendable {
        public let to_classify: Int, to_forward: Int, overdue: Int, due_week: Int, open: Int
    }

    /// The counts for one council, or for the petitions forwarded to `agencyIDs` across councils.
    public static func dueCounts(councilID: Int?, agencyIDs: [Int]? = nil, today: Day = .today(), db: any Database) async throws -> DueCounts {
        try await db.sql.raw(dueCountsQuery(councilID: councilID, agencyIDs: agencyIDs, today: today)).firstRow(DueCounts.self)
            ?? DueCounts(to_classify: 0, to_forward: 0, overdue: 0, due_week: 0, open: 0)
    }

    /// Each status is read over its own range of the index on (council or agency, status, due date): only the open
    /// statuses, never a council's closed petitions (most of them); those waiting for classification or forwarding are
    /// counted as ranges, and only a council's forwarded ones are tested against their due date. For a ward's 3.300 open
    /// petitions: SQLite 0,64 → 0,22 ms, PostgreSQL 0,74 → 0,60 ms, against one pass testing every row five times. An
    /// agency's forwarded petitions, many more, come from its counters (`AgencyPetitionCounts`).
    static func dueCountsQuery(councilID: Int?, agencyIDs: [Int]?, today: Day) -> SQLQueryString {
        let agencies = agencyIDs ?? []
        let scope: SQLQueryString = councilID.map { "council_id = \(bind: $0)" } ?? "agency_id IN (\(binds: agencies.isEmpty ? [-1] : agencies))"
        func rows(_ status: PetitionStatus) -> SQLQueryString {
            "FROM voter_petitions WHERE \(scope) AND status = \(bind: status.rawValue) AND deleted_at IS NULL"
        }
        let (from, week) = (today.description, today.adding(days: 7).description)
        let forwarded: SQLQueryString = councilID == nil ? AgencyPetitionCounts.forwarded(agencyIDs: agencies, today: today) : """
            SELECT COALESCE(SUM(CASE WHEN due_date < \(bind: from) THEN 1 ELSE 0 END), 0) AS overdue, \
            COALESCE(SUM(CASE WHEN due_date >= \(bind: from) AND due_date <= \(bind: week) THEN 1 ELSE 0 END), 0) AS due_week, \
            COUNT(*) AS open \(rows(.forwarded))
            """
        return """
            SELECT (SELECT COUNT(*) \(rows(.received))) AS to_classify, (SELECT COUNT(*) \(rows(.classified))) AS to_forward, \
            f.overdue, f.due_week, f.open FROM (\(forwarded)) f
            """
    }

    public struct OverdueByAgency: Codable, Sendable { public let agency_id: Int; public let agency_name: String; public let n: Int }

    /// For the office: how many forwarded petitions each agency has let pass their due date. Kept between requests
    /// while the records stay the same: grouping a ward's 1.600 overdue petitions by agency was a fifth of its list's CPU.
    static func overdueByAgency(councilID: Int, on day: String, kept: FigureCache, db: any Database) async throws -> [OverdueByAgency] {
        try await kept.value("overdue by agency \(councilID) \(day)", on: db) {
            try await db.sql.raw(overdueByAgencyQuery(councilID: councilID, on: day)).rows(OverdueByAgency.self)
        }
    }

    static func overdueByAgencyQuery(councilID: Int, on day: String) -> SQLQueryString {
        """
            SELECT g.agency_id, o.name AS agency_name, g.n FROM (SELECT p.agency_id, COUNT(*) AS n FROM voter_petitions p \
            WHERE p.council_id = \(bind: councilID) AND p.status = \(bind: PetitionStatus.forwarded.rawValue) \
            AND p.due_date < \(bind: day) AND p.deleted_at IS NULL GROUP BY p.agency_id) g \
            JOIN organizations o ON o.id = g.agency_id ORDER BY g.n DESC, o.name
            """
    }

    public struct MeetingRow: Codable, Sendable {
        public let id: Int
        public let kind: VoterMeetingKind
        public let date: String
        public let place: String
        public let session_number: Int?
        public let topic: String?
        public let voters_attending: Int
        public let voters_speaking: Int
        public let petitions: Int

        public var cursor: String { "\(date)_\(id)" }
    }

    /// A council's meetings, latest first. `before` is the cursor of the last row shown ("2019-06-05_123": its date and id),
    /// so meetings on the same day are never skipped between pages.
    public static func meetings(councilID: Int, kind: VoterMeetingKind? = nil, keyword: String = "", before: String?, limit: Int,
                                db: any Database) async throws -> [MeetingRow] {
        var beforeClause: SQLQueryString = kind.map { "AND m.kind = \(bind: $0.rawValue) " } ?? ""
        // Words of the place, topic or session (diacritics optional).
        for word in searchWords(keyword) { beforeClause = beforeClause + "AND m.folded LIKE \(bind: "%\(word)%") " }
        if let before {
            let parts = before.split(separator: "_")
            guard parts.count == 2, Day(String(parts[0])) != nil, let id = Int(parts[1]) else {
                throw ValidationFailure(field: "truoc", "Trang không hợp lệ.")
            }
            let day = String(parts[0])
            beforeClause = beforeClause + "AND (m.date < \(bind: day) OR (m.date = \(bind: day) AND m.id < \(bind: id)))"
        }
        return try await db.sql.raw("""
            SELECT m.id, m.kind, m.date, m.place, m.session_number, m.topic, m.voters_attending, m.voters_speaking, \
            (SELECT COUNT(*) FROM voter_petitions p WHERE p.meeting_id = m.id AND p.deleted_at IS NULL) AS petitions \
            FROM voter_meetings m WHERE m.council_id = \(bind: councilID) AND m.deleted_at IS NULL \(beforeClause) \
            ORDER BY m.date DESC, m.id DESC LIMIT \(literal: limit)
            """).rows(MeetingRow.self)
    }
}
