import Fluent
import SQLKit

/// Counts of reception work: sessions ("buổi": a delegate's day at a reception) and citizens received ("lượt").
public enum ReceptionQueries {
    /// A council's reception days between two days, each with the delegates assigned to it, as calendar events.
    static func days(councilID: Int, councilName: String, from: Day, to: Day, calendar: HolidayCalendar, db: any Database) async throws -> [CouncilCalendar.Event] {
        let schedules = try await ReceptionSchedule.query(on: db).filter(\.$councilID == councilID).all()
        let assigned = try await assignments(schedules.compactMap(\.id), from: from, to: to, db: db)
        var events: [CouncilCalendar.Event] = []
        for s in schedules {
            for d in s.receptionDays(from: from, to: to, calendar: calendar) {
                let names = assigned.filter { $0.schedule_id == s.id && $0.date == d.description }.map(\.full_name)
                events.append(CouncilCalendar.Event(kind: .reception, day: d, lastDay: d, start: s.startTime, end: s.endTime,
                                                    title: "\(s.name) — \(councilName)", place: s.place,
                                                    detail: names.isEmpty ? "Đại biểu tiếp: theo phân công" : "Đại biểu tiếp: " + names.joined(separator: ", "),
                                                    href: RecordKind.council.path(councilID) + "/tiep-cong-dan?thang=\(d.description.prefix(7))",
                                                    uid: "tiep-cong-dan-\(s.id!)-\(d.description)@hdnd-so"))
            }
        }
        return events
    }

    public struct Counts: Decodable, Sendable { public let sessions: Int; public let visits: Int }

    /// Sessions and citizens received by the councils of `scope` (a condition on `council_id`), as the summary counts them.
    public static func counts(scope: SQLQueryString, from: String, to: String, db: any Database) async throws -> Counts {
        let n = try await SummaryCounters.sums(scope: scope, from: Day(stored: from), to: Day(stored: to), only: ["reception_sessions", "citizens_received"], db: db)
        return Counts(sessions: n["reception_sessions"] ?? 0, visits: n["citizens_received"] ?? 0)
    }

    public struct DelegateRow: Decodable, Sendable { public let full_name: String; public let sessions: Int; public let visits: Int }

    public static func byDelegate(councilID: Int, from: String, to: String, db: any Database) async throws -> [DelegateRow] {
        try await db.sql.raw("""
            SELECT p.full_name, COUNT(DISTINCT v.date) AS sessions, CAST(SUM(v.visitors) AS BIGINT) AS visits FROM reception_visits v \
            JOIN people p ON p.id = v.delegate_id WHERE v.council_id = \(bind: councilID) AND v.deleted_at IS NULL \
            AND v.date >= \(bind: from) AND v.date <= \(bind: to) GROUP BY p.full_name ORDER BY p.full_name
            """).rows(DelegateRow.self)
    }

    public struct VisitRow: Decodable, Sendable {
        public let id: Int, date: String, visitor_name: String?, confidential: Bool, visitors: Int, kind: LetterKind, topic: String
        public let handling: VisitHandling, delegate_name: String?, letter_id: Int?, petition_id: Int?
        public let letter_year: Int?, letter_number: Int?, notified_on: String?

        /// The notice owed to the citizen for a matter taken for processing, if any.
        public func noticeDeadline(_ calendar: HolidayCalendar) -> LetterDeadline? {
            ReceptionRules.noticeDeadline(date: Day(stored: date), handling: handling, notifiedOn: notified_on.flatMap { Day($0) }, calendar: calendar)
        }

        /// The resulting letter as its register number ("012/2019").
        public var letterNumber: String? {
            guard let y = letter_year, let n = letter_number else { return nil }
            return "\(VietnameseFormat.serial(n))/\(y)"
        }

        /// A list never names a visitor who asked for confidentiality.
        public var listedVisitor: String { confidential ? "Giữ bí mật" : (visitor_name ?? "Không ghi") }
    }

    /// A council's visits in a period, in the order they were recorded, from the id after `after`.
    /// What a visit list may be narrowed to, besides its period.
    public struct VisitFilter: Sendable {
        public var kind: LetterKind?
        public var handling: VisitHandling?
        /// Words of the matter raised (diacritics optional); never the visitor's name.
        public var keyword = ""
        public init(kind: LetterKind? = nil, handling: VisitHandling? = nil) { self.kind = kind; self.handling = handling }

        var sql: SQLQueryString {
            var q: SQLQueryString = (kind.map { " AND v.kind = \(bind: $0.rawValue)" } ?? "") + (handling.map { " AND v.handling = \(bind: $0.rawValue)" } ?? "")
            for word in searchWords(keyword) { q = q + " AND v.folded LIKE \(bind: "%\(word)%")" }
            return q
        }
    }

    public static func visits(councilID: Int, from: String, to: String, filter: VisitFilter = .init(), after: Int? = nil, limit: Int = 1000,
                              db: any Database) async throws -> [VisitRow] {
        let cursor: SQLQueryString = (after.map { " AND v.id > \(bind: $0)" } ?? "") + filter.sql
        return try await db.sql.raw("""
            SELECT v.id, v.date, v.visitor_name, v.confidential, v.visitors, v.kind, v.topic, v.handling, p.full_name AS delegate_name, \
            v.letter_id, v.petition_id, l.year AS letter_year, l.number AS letter_number, v.notified_on \
            FROM reception_visits v LEFT JOIN people p ON p.id = v.delegate_id LEFT JOIN letters l ON l.id = v.letter_id WHERE v.council_id = \(bind: councilID) \
            AND v.deleted_at IS NULL AND v.date >= \(bind: from) AND v.date <= \(bind: to)\(cursor) ORDER BY v.id LIMIT \(literal: limit)
            """).rows(VisitRow.self)
    }

    public struct AssignmentRow: Decodable, Sendable { public let schedule_id: Int; public let date: String; public let full_name: String }

    /// Who is assigned to receive citizens on the days of `scheduleIDs` from `from` to `to`.
    public static func assignments(_ scheduleIDs: [Int], from: Day, to: Day, db: any Database) async throws -> [AssignmentRow] {
        guard !scheduleIDs.isEmpty else { return [] }
        return try await db.sql.raw("""
            SELECT a.schedule_id, a.date, p.full_name FROM reception_assignments a JOIN people p ON p.id = a.person_id \
            WHERE a.schedule_id IN (\(binds: scheduleIDs)) AND a.date >= \(bind: from.description) AND a.date <= \(bind: to.description) ORDER BY p.full_name
            """).rows(AssignmentRow.self)
    }

    /// A schedule's row with one of its assignments from `from` to `to` (a schedule with none comes once, without a date).
    public struct ScheduleDayRow: Decodable, Sendable {
        public let id: Int, name: String, days_of_month: String, place: String, start_time: String, end_time: String
        public let valid_from: String?, valid_to: String?, date: String?, full_name: String?
    }

    /// A council's reception schedules with who is assigned from `from` to `to`, in one read: by schedule, then by name.
    public static func schedulesWithAssignments(councilID: Int, from: Day, to: Day, db: any Database) async throws -> [ScheduleDayRow] {
        try await db.sql.raw("""
            SELECT s.id, s.name, s.days_of_month, s.place, s.start_time, s.end_time, s.valid_from, s.valid_to, a.date, p.full_name \
            FROM reception_schedules s LEFT JOIN reception_assignments a ON a.schedule_id = s.id AND a.date >= \(bind: from.description) \
            AND a.date <= \(bind: to.description) LEFT JOIN people p ON p.id = a.person_id \
            WHERE s.council_id = \(bind: councilID) AND s.deleted_at IS NULL ORDER BY s.id, p.full_name
            """).rows(ScheduleDayRow.self)
    }
}
