import Fluent
import Vapor
import SQLKit

/// The figures the councils report for a unit and a period, over its council and every council below,
/// each computed from the records. Keys are stable: the API returns them as they are.
public struct Summary: Content, Sendable {
    public struct Meetings: Content, Sendable {
        public let total: Int
        /// With the council's own delegates, before or after a session.
        public let councilDelegates: Int
        public let thematic: Int
        public let nationalAssembly: Int
        public let provincialDelegates: Int
        public let votersAttending: Int
        public let votersSpeaking: Int
    }
    public struct Petitions: Content, Sendable {
        public let received: Int
        public let forwarded: Int
        public let answered: Int
        public let overdue: Int
        /// Reported at a session, and their outcome then.
        public let reported: Int
        public let reportedResolved: Int
        public let reportedInProgress: Int
    }
    public let unitCode: String
    public let unitName: String
    public let from: String
    public let to: String
    public let councils: Int
    public let voterMeetings: Meetings
    public let voterPetitions: Petitions
    public let letters: Letters
    public let receptions: Receptions

    public struct Receptions: Content, Sendable {
        /// Reception sessions: a delegate's day at a reception ("buổi").
        public let sessions: Int
        /// Citizens received ("lượt công dân").
        public let visits: Int
    }

    public struct Letters: Content, Sendable {
        /// Every letter received in the period ("lượt đơn thư").
        public let received: Int
        /// Cases accepted for handling in the period, duplicates counted once ("vụ việc").
        public let cases: Int
        public let resolved: Int
        public let withdrawn: Int
        public let withinDeadline: Int
        public let overdue: Int
    }
}

public enum SummaryQueries {
    /// Councils of the unit and of every unit below it, as a condition on `column`.
    static func councilScope(_ unitPath: String, column: String = "council_id") -> SQLQueryString {
        "\(unsafeRaw: column) IN (\(councilsUnder(unitPath)))"
    }

    /// The ids (`id`) of the councils of the unit at `unitPath` and of every unit below it: the one statement of that rule.
    static func councilsUnder(_ unitPath: String) -> SQLQueryString {
        "SELECT c.id FROM councils c JOIN units u ON u.id = c.unit_id WHERE u.path LIKE \(bind: unitPath + "%") AND c.deleted_at IS NULL"
    }

    /// The same councils as `councilScope(_:)`, for statements run on `db`, and how many they are (read once: a summary
    /// counts them). On PostgreSQL they are named by their ids (`= ANY($1)`, one text whatever their number): the
    /// statements carry no pattern and are prepared once (`PostgresStatements`), where a pattern has them planned on every
    /// request. SQLite prepares the subquery once.
    static func councils(under unitPath: String, on db: any Database) async throws -> (scope: SQLQueryString, count: Int) {
        let ids = try await councilIDs(under: unitPath, on: db)
        return (db.isSQLite ? councilScope(unitPath) : councilScope(ids: ids), ids.count)
    }

    /// The councils `ids` as a condition on `column` (one text whatever their number). Seen by PostgreSQL's planner, so a
    /// city's statement is planned on every request (0,4–0,6 ms): read from a sub-select instead, the ids were estimated
    /// as a few, and an export's pages of a city's year each read the whole year by a bitmap and sorted it (5 → 35 s).
    static func councilScope(ids: [Int], column: String = "council_id") -> SQLQueryString { "\(unsafeRaw: column) = ANY(\(bind: ids))" }

    /// The ids of `councilsUnder(_:)`, read.
    static func councilIDs(under unitPath: String, on db: any Database) async throws -> [Int] {
        struct Council: Decodable { let id: Int }
        return try await db.sql.raw(councilsUnder(unitPath)).rows(Council.self).map(\.id)
    }

    /// The same, kept between requests while the councils and units stay the same (`FigureCache`): on PostgreSQL the
    /// pattern is planned on every read (0,26 ms for a city).
    static func councilIDs(under unitPath: String, kept: FigureCache, on db: any Database) async throws -> [Int] {
        try await kept.value("councils under \(unitPath)", on: db) { try await councilIDs(under: unitPath, on: db) }
    }

    /// `councils(under:on:)`'s scope alone: on SQLite the subquery, with nothing read first.
    static func councilScope(_ unitPath: String, column: String = "council_id", kept: FigureCache,
                             on db: any Database) async throws -> SQLQueryString {
        db.isSQLite ? councilScope(unitPath, column: column)
            : councilScope(ids: try await councilIDs(under: unitPath, kept: kept, on: db), column: column)
    }

    /// The summary as `figures` keeps it while nothing it counts has changed (`FigureCache`).
    static func summary(unit: AdministrativeUnit, period: Period, today: Day = Day.today(), kept figures: FigureCache,
                        db: any Database) async throws -> Summary {
        try await figures.value("summary \(unit.id!) \(period.from) \(period.to) \(today)", on: db) {
            try await summary(unit: unit, period: period, today: today, db: db)
        }
    }

    public static func summary(unit: AdministrativeUnit, period: Period, today: Day = Day.today(), db: any Database) async throws -> Summary {
        let sql = db.sql
        let from = period.from.description, to = period.to.description
        let (scope, councils) = try await councils(under: unit.path, on: db)
        // The additive figures from the monthly counters; the rest from the few records they concern.
        let n = try await SummaryCounters.sums(scope: scope, unitID: unit.id, from: period.from, to: period.to, db: db)
        // Overdue as of the period's end (or today): forwarded, unanswered, due before that day.
        let asOf = min(period.to, today)
        let overdue = try await SummaryCounters.sums(scope: scope, unitID: unit.id, from: Day.accepted.lowerBound, to: asOf.adding(days: -1),
                                                     only: ["petitions_awaiting"], db: db)["petitions_awaiting"] ?? 0
        struct S: Decodable { let status: String; let n: Int }
        let reported = try await sql.raw("""
            SELECT status, COUNT(*) AS n FROM voter_petitions WHERE \(scope) AND reported_session IS NOT NULL \
            AND deleted_at IS NULL AND received_on <= \(bind: to) GROUP BY status
            """).rows(S.self)
        let letters = try await lettersFigures(scope: scope, from: from, to: to, received: n["letters_received"] ?? 0, today: today, db: db)
        return Summary(
            unitCode: unit.code, unitName: unit.fullName, from: from, to: to, councils: councils,
            voterMeetings: .init(total: n["meetings"] ?? 0, councilDelegates: n["meetings_council"] ?? 0, thematic: n["meetings_thematic"] ?? 0,
                                 nationalAssembly: n["meetings_national_assembly"] ?? 0, provincialDelegates: n["meetings_province"] ?? 0,
                                 votersAttending: n["voters_attending"] ?? 0, votersSpeaking: n["voters_speaking"] ?? 0),
            voterPetitions: .init(received: n["petitions_received"] ?? 0, forwarded: n["petitions_forwarded"] ?? 0,
                                  answered: n["petitions_answered"] ?? 0, overdue: overdue, reported: reported.reduce(0) { $0 + $1.n },
                                  reportedResolved: reported.first { $0.status == "resolved" }?.n ?? 0,
                                  reportedInProgress: reported.first { $0.status == "inProgress" }?.n ?? 0),
            letters: letters, receptions: .init(sessions: n["reception_sessions"] ?? 0, visits: n["citizens_received"] ?? 0))
    }

    static func lettersFigures(scope: SQLQueryString, from: String, to: String, received receivedLetters: Int, today: Day,
                               db: any Database) async throws -> Summary.Letters {
        // Cases: accepted in the period, the first letter of each case only; open ones are judged by their stored next
        // deadline (`LetterDue`) as of the period's end, or today if sooner.
        let asOf = min(Day(stored: to), today).description
        struct Figures: Decodable { let cases: Int; let resolved: Int?; let withdrawn: Int?; let pending: Int?; let overdue: Int? }
        let f = try await db.sql.raw("""
            SELECT COUNT(*) AS cases, SUM(CASE WHEN outcome = 'resolved' THEN 1 ELSE 0 END) AS resolved, \
            SUM(CASE WHEN outcome = 'withdrawn' THEN 1 ELSE 0 END) AS withdrawn, SUM(CASE WHEN outcome = 'pending' THEN 1 ELSE 0 END) AS pending, \
            SUM(CASE WHEN outcome = 'pending' AND next_due < \(bind: asOf) THEN 1 ELSE 0 END) AS overdue \
            FROM letters WHERE \(scope) AND deleted_at IS NULL AND duplicate_of_id IS NULL AND accepted_on >= \(bind: from) AND accepted_on <= \(bind: to)
            """).firstRow(Figures.self)
        let overdue = f?.overdue ?? 0
        return Summary.Letters(received: receivedLetters, cases: f?.cases ?? 0, resolved: f?.resolved ?? 0, withdrawn: f?.withdrawn ?? 0,
                               withinDeadline: (f?.pending ?? 0) - overdue, overdue: overdue)
    }
}
