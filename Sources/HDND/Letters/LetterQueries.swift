import Fluent
import SQLKit

/// Reads of a council's letters register for the page and its exports, newest first with keyset pagination.
public enum LetterQueries {
    public struct Filters: Sendable {
        /// One council's register, or (nil) the letters forwarded to `agencyIDs` across councils.
        public var councilID: Int?
        public var agencyIDs: [Int]?
        public var kind: LetterKind?
        public var outcome: LetterOutcome?
        public var agencyID: Int?
        /// Received in this period (ISO days), and whether the councils below are included (then `unitPath` is the council's).
        public var from: String?
        public var to: String?
        public var includeBelow = false
        public var unitPath: String?
        public var overdueOnly = false
        /// Due within the coming seven days and not yet overdue.
        public var dueThisWeek = false
        /// Words the content must hold (diacritics optional); never the senders' names.
        public var keyword = ""
        /// Only these letters (the rows checked on the register, exported together).
        public var ids: [Int]?
        public init(councilID: Int?) { self.councilID = councilID }
    }

    public struct Row: Codable, Sendable {
        public let id: Int, council_id: Int, year: Int, number: Int, received_on: String, kind: LetterKind, content: String, anonymous: Bool
        public let outcome: LetterOutcome, accepted_on: String?, decision: LetterDecision?, round: Int, complex: Bool
        public let remote_area: Bool, several_places: Bool, delegated_verification: Bool, extensions: Int, duplicate_of_id: Int?
        public let suspended_on: String?, resumed_on: String?
        public let channel: LetterChannel, eligible: Bool?, closed_on: String?
        public let forwarded_on: String?, notice_sent_on: String?, suspension_sent_on: String?, resumption_sent_on: String?
        public let decision_sent_on: String?, dialogue_on: String?, dialogue_notified_on: String?
        public let result_resolved_on: String?, result_received_on: String?, citizen_notified_on: String?
        /// Is or ever was a denunciation: its senders are never listed.
        public let confidential: Bool

        public var registerNumber: String { "\(VietnameseFormat.serial(number))/\(year)" }

        public func deadlines(_ calendar: HolidayCalendar) -> [LetterDeadline] {
            LetterFacts(kind: kind, channel: channel, receivedOn: Day(stored: received_on), eligible: eligible,
                        acceptedOn: accepted_on.flatMap { Day($0) }, decision: decision,
                        round: round, conditions: .init(complex: complex, remoteArea: remote_area, severalPlaces: several_places,
                                                     delegatedVerification: delegated_verification),
                        extensions: extensions, suspension: LetterRules.Suspension(from: suspended_on, until: resumed_on),
                        outcome: outcome, closedOn: closed_on.flatMap { Day($0) },
                        events: LetterEvents(forwarded: forwarded_on, noticeSent: notice_sent_on, suspensionSent: suspension_sent_on,
                                             resumptionSent: resumption_sent_on, decisionSent: decision_sent_on, dialogue: dialogue_on,
                                             dialogueNotified: dialogue_notified_on, resultResolved: result_resolved_on,
                                             resultReceived: result_received_on, citizenNotified: citizen_notified_on)).deadlines(calendar)
        }
    }

    /// One letter as a list shows it. `senders` follows the register's rule: never a denouncer's name.
    public struct Listed: Sendable {
        public let row: Row
        public let senders: String
        public let next: LetterDeadline?
        public let overdue: Bool

        /// "Giải quyết khiếu nại: 20/01/2020", as lists show the next deadline.
        public var nextDeadlineText: String? { next.map { "\($0.label): \(VietnameseFormat.date($0.due.description))" } }
    }

    static let columns = ["id", "council_id", "year", "number", "received_on", "kind", "content", "anonymous", "outcome", "accepted_on",
                          "decision", "round", "complex", "remote_area", "several_places", "delegated_verification", "extensions", "duplicate_of_id",
                          "confidential", "suspended_on", "resumed_on", "channel", "eligible", "closed_on"] + M023_AddNoticeDays.letterColumns

    /// Up to `size` letters with ids below `before`, and the cursor of the next page (nil at the end).
    /// Overdue and due-this-week depend on the holiday calendar, so they are decided here, window by window.
    public static func page(_ f: Filters, before: Int?, size: Int, today: Day = .today(), db: any Database) async throws -> (items: [Listed], next: Int?) {
        let computed = f.overdueOnly || f.dueThisWeek
        let window = computed ? 2000 : size + 1
        var items: [Listed] = [], cursor = before, scanned = 0
        let calendar = try await HolidayDecisions.calendar(on: db)
        while true {
            var q = filtered(db.sql.select().columns(columns.map { SQLIdentifier($0) }).from(Letter.schema), f)
            if let cursor { q = q.where("id", .lessThan, cursor) }
            let rows = try await q.orderBy("id", .descending).limit(window).all(decoding: Row.self)
            let senders = try await listedSenders(rows, db: db)
            for r in rows {
                let next = LetterRules.next(r.deadlines(calendar), outcome: r.outcome)
                let standing = Standing(next, today: today)
                let overdue = standing == .overdue
                if f.overdueOnly && !overdue { continue }
                if f.dueThisWeek && standing != .dueThisWeek { continue }
                items.append(Listed(row: r, senders: senders[r.id] ?? "", next: next, overdue: overdue))
                if items.count > size { return (Array(items.prefix(size)), items[size - 1].row.id) }
            }
            scanned += rows.count
            cursor = rows.last?.id
            // The end of the register, or enough scanned for one page: the next page continues from here.
            if rows.count < window { return (items, nil) }
            if scanned >= 20_000 { return (items, cursor) }
        }
    }

    /// The filters' conditions (the cursor and the computed filters apart).
    static func filtered(_ query: SQLSelectBuilder, _ f: Filters) -> SQLSelectBuilder {
        var q = query.where("deleted_at", .is, SQLLiteral.null)
        if f.includeBelow, let path = f.unitPath { q = q.where(SummaryQueries.councilScope(path)) }
        else if let council = f.councilID { q = q.where("council_id", .equal, council) }
        if let from = f.from { q = q.where("received_on", .greaterThanOrEqual, from) }
        if let to = f.to { q = q.where("received_on", .lessThanOrEqual, to) }
        if let agencies = f.agencyIDs { q = q.where("agency_id", .in, SQLBind.group(agencies.isEmpty ? [-1] : agencies)) }
        if let kind = f.kind { q = q.where("kind", .equal, kind.rawValue) }
        for word in searchWords(f.keyword) { q = q.where("folded", .like, SQLBind("%\(word)%")) }
        if let outcome = f.outcome { q = q.where("outcome", .equal, outcome.rawValue) }
        if let agency = f.agencyID { q = q.where("agency_id", .equal, agency) }
        if let ids = f.ids { q = q.where("id", .in, SQLBind.group(ids.isEmpty ? [-1] : ids)) }
        return q
    }

    /// How many letters the filters select: counted by the database, or, for overdue and due this week (which depend
    /// on each letter's deadlines and the holiday calendar), judged letter by letter as the list and the home page do.
    public static func count(_ f: Filters, today: Day = .today(), db: any Database) async throws -> Int {
        struct N: Decodable { let n: Int }
        guard f.overdueOnly || f.dueThisWeek else {
            let q = filtered(db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))).from(Letter.schema), f)
            return try await q.first(decoding: N.self)?.n ?? 0
        }
        let calendar = try await HolidayDecisions.calendar(on: db)
        let rows = try await filtered(db.sql.select().columns(columns.map { SQLIdentifier($0) }).from(Letter.schema), f).all(decoding: Row.self)
        return rows.filter { r in
            let standing = Standing(LetterRules.next(r.deadlines(calendar), outcome: r.outcome), today: today)
            return f.overdueOnly ? standing == .overdue : standing == .dueThisWeek
        }.count
    }

    /// Going back: up to `size` letters with ids above `after`, newest first, and whether newer ones remain. Only for
    /// filters the database judges (overdue and due this week are judged letter by letter, going forward only).
    public static func pageBack(_ f: Filters, after: Int, size: Int, today: Day = .today(), db: any Database) async throws -> (items: [Listed], newer: Bool) {
        let calendar = try await HolidayDecisions.calendar(on: db)
        let rows = try await filtered(db.sql.select().columns(columns.map { SQLIdentifier($0) }).from(Letter.schema), f)
            .where("id", .greaterThan, after).orderBy("id", .ascending).limit(size + 1).all(decoding: Row.self)
        let shown = Array(rows.prefix(size).reversed())
        let senders = try await listedSenders(shown, db: db)
        let items = shown.map { r in
            let next = LetterRules.next(r.deadlines(calendar), outcome: r.outcome)
            return Listed(row: r, senders: senders[r.id] ?? "", next: next, overdue: Standing(next, today: today) == .overdue)
        }
        return (items, rows.count > size)
    }

    /// Where a letter's next deadline stands today: the register's filters and the home page's counts judge alike.
    public enum Standing: Sendable, Equatable {
        case nothingDue, overdue, dueThisWeek, later
        public init(_ next: LetterDeadline?, today: Day) {
            guard let next else { self = .nothingDue; return }
            self = next.due < today ? .overdue : next.due <= today.adding(days: 7) ? .dueThisWeek : .later
        }
    }

    /// How many letters of one council (or forwarded to `agencyIDs`) are overdue, and due within the coming seven days.
    public static func dueCounts(councilID: Int?, agencyIDs: [Int]? = nil, today: Day = .today(), calendar: HolidayCalendar,
                                 db: any Database) async throws -> (overdue: Int, dueThisWeek: Int) {
        var q = db.sql.select().columns(columns.map { SQLIdentifier($0) }).from(Letter.schema).where("deleted_at", .is, SQLLiteral.null)
        if let councilID { q = q.where("council_id", .equal, councilID) }
        if let agencyIDs { q = q.where("agency_id", .in, SQLBind.group(agencyIDs.isEmpty ? [-1] : agencyIDs)) }
        let rows = try await q.all(decoding: Row.self)
        var overdue = 0, week = 0
        for r in rows {
            switch Standing(LetterRules.next(r.deadlines(calendar), outcome: r.outcome), today: today) {
            case .overdue: overdue += 1
            case .dueThisWeek: week += 1
            case .nothingDue, .later: break
            }
        }
        return (overdue, week)
    }

    /// The senders a list may show: "Không ký tên", the denunciation notice, or the names.
    static func listedSenders(_ rows: [Row], db: any Database) async throws -> [Int: String] {
        let open = rows.filter { !$0.confidential && !$0.anonymous }.map(\.id)
        struct S: Decodable { let letter_id: Int; let full_name: String }
        let names = open.isEmpty ? [] : try await db.sql.raw("""
            SELECT letter_id, full_name FROM letter_senders WHERE letter_id IN (\(binds: open)) ORDER BY id
            """).all(decoding: S.self)
        let byLetter = Dictionary(grouping: names, by: \.letter_id)
        var out: [Int: String] = [:]
        for r in rows {
            out[r.id] = r.anonymous ? "Không ký tên" : r.confidential ? Confidentiality.hidden
                : (byLetter[r.id] ?? []).map(\.full_name).joined(separator: ", ")
        }
        return out
    }
}
