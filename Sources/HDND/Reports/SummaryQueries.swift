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
    struct MeetingCounts: Decodable {
        let total: Int?, council_delegates: Int?, thematic: Int?, national_assembly: Int?, provincial: Int?
        let attending: Int?, speaking: Int?
    }

    struct PetitionCounts {
        let received: Int?, forwarded: Int?, answered: Int?, overdue: Int?, reported: Int?, resolved: Int?, in_progress: Int?
    }

    /// Councils of the unit and of every unit below it.
    static func councilScope(_ unitPath: String) -> SQLQueryString {
        "council_id IN (SELECT c.id FROM councils c JOIN units u ON u.id = c.unit_id WHERE u.path LIKE \(bind: unitPath + "%") AND c.deleted_at IS NULL)"
    }

    public static func summary(unit: AdministrativeUnit, period: Period, today: Day = Day.today(), db: any Database) async throws -> Summary {
        let sql = db.sql
        let from = period.from.description, to = period.to.description
        let scope = councilScope(unit.path)
        let m = try await sql.raw("""
            SELECT COUNT(*) AS total, \
            SUM(CASE WHEN kind IN ('beforeSession', 'afterSession') THEN 1 ELSE 0 END) AS council_delegates, \
            SUM(CASE WHEN kind = 'thematic' THEN 1 ELSE 0 END) AS thematic, \
            SUM(CASE WHEN kind = 'higherLevel' AND higher_level = 'nationalAssembly' THEN 1 ELSE 0 END) AS national_assembly, \
            SUM(CASE WHEN kind = 'higherLevel' AND higher_level = 'province' THEN 1 ELSE 0 END) AS provincial, \
            CAST(SUM(voters_attending) AS BIGINT) AS attending, CAST(SUM(voters_speaking) AS BIGINT) AS speaking \
            FROM voter_meetings WHERE \(scope) AND deleted_at IS NULL AND date >= \(bind: from) AND date <= \(bind: to)
            """).first(decoding: MeetingCounts.self)
        // One indexed count per figure: each reads a council's rows in a date range, never the whole table.
        struct N: Decodable { let n: Int }
        func count(_ condition: SQLQueryString) async throws -> Int {
            try await sql.raw("SELECT COUNT(*) AS n FROM voter_petitions WHERE \(scope) AND deleted_at IS NULL AND \(condition)")
                .first(decoding: N.self)?.n ?? 0
        }
        let received = try await count("received_on >= \(bind: from) AND received_on <= \(bind: to)")
        let forwarded = try await count("forwarded_on >= \(bind: from) AND forwarded_on <= \(bind: to)")
        let answered = try await count("answered_on >= \(bind: from) AND answered_on <= \(bind: to)")
        let overdue = try await count("status = 'forwarded' AND due_date < \(bind: min(to, today.description))")
        struct S: Decodable { let status: String; let n: Int }
        let reported = try await sql.raw("""
            SELECT status, COUNT(*) AS n FROM voter_petitions WHERE \(scope) AND reported_session IS NOT NULL \
            AND deleted_at IS NULL AND received_on <= \(bind: to) GROUP BY status
            """).all(decoding: S.self)
        let p: PetitionCounts? = PetitionCounts(received: received, forwarded: forwarded, answered: answered, overdue: overdue,
                               reported: reported.reduce(0) { $0 + $1.n }, resolved: reported.first { $0.status == "resolved" }?.n ?? 0,
                               in_progress: reported.first { $0.status == "inProgress" }?.n ?? 0)
        let councils = try await sql.raw("""
            SELECT COUNT(*) AS n FROM councils c JOIN units u ON u.id = c.unit_id WHERE u.path LIKE \(bind: unit.path + "%") AND c.deleted_at IS NULL
            """).first(decoding: N.self)?.n ?? 0
        let letters = try await lettersFigures(scope: scope, from: from, to: to, today: today, db: db)
        let receptions = try await ReceptionQueries.counts(scope: scope, from: from, to: to, db: db)
        return Summary(
            unitCode: unit.code, unitName: unit.fullName, from: from, to: to, councils: councils,
            voterMeetings: .init(total: m?.total ?? 0, councilDelegates: m?.council_delegates ?? 0, thematic: m?.thematic ?? 0,
                                 nationalAssembly: m?.national_assembly ?? 0, provincialDelegates: m?.provincial ?? 0,
                                 votersAttending: m?.attending ?? 0, votersSpeaking: m?.speaking ?? 0),
            voterPetitions: .init(received: p?.received ?? 0, forwarded: p?.forwarded ?? 0, answered: p?.answered ?? 0,
                                  overdue: p?.overdue ?? 0, reported: p?.reported ?? 0, reportedResolved: p?.resolved ?? 0,
                                  reportedInProgress: p?.in_progress ?? 0),
            letters: letters, receptions: .init(sessions: receptions.sessions, visits: receptions.visits))
    }

    static func lettersFigures(scope: SQLQueryString, from: String, to: String, today: Day, db: any Database) async throws -> Summary.Letters {
        struct N: Decodable { let n: Int }
        let receivedLetters = try await db.sql.raw("""
            SELECT COUNT(*) AS n FROM letters WHERE \(scope) AND deleted_at IS NULL AND received_on >= \(bind: from) AND received_on <= \(bind: to)
            """).first(decoding: N.self)?.n ?? 0
        // Cases: accepted in the period, the first letter of each case only; open ones are judged by their deadlines.
        let cases = try await db.sql.raw("""
            SELECT id, council_id, year, number, received_on, kind, content, anonymous, outcome, accepted_on, decision, round, complex, remote_area, \
            several_places, extensions, duplicate_of_id FROM letters WHERE \(scope) AND deleted_at IS NULL AND duplicate_of_id IS NULL \
            AND accepted_on >= \(bind: from) AND accepted_on <= \(bind: to)
            """).all(decoding: LetterQueries.Row.self)
        let asOf = min(Day(to)!, today)
        var within = 0, overdue = 0
        for c in cases where c.outcome == .pending {
            if let next = LetterRules.next(c.deadlines, outcome: c.outcome), next.due < asOf { overdue += 1 } else { within += 1 }
        }
        return Summary.Letters(received: receivedLetters, cases: cases.count, resolved: cases.filter { $0.outcome == .resolved }.count,
                               withdrawn: cases.filter { $0.outcome == .withdrawn }.count, withinDeadline: within, overdue: overdue)
    }
}
