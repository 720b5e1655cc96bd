import Fluent
import SQLKit

/// A target's progress, counted from the records each time it is shown: who it binds (the council, its standing
/// committee, each committee or delegate group, each council below), how many each has done in the period, and
/// where the target stands.
public enum TargetProgress {
    public struct Subject: Sendable, Equatable {
        public let id: Int
        public let name: String
        public let count: Int
        /// Where the records behind the count are listed.
        public let href: String
    }

    public struct Result: Sendable {
        public let target: Target
        public let subjects: [Subject]
        /// Units of work done toward the target: each subject's count, up to the minimum.
        public let done: Int
        public let required: Int
        public let standing: TargetStanding
        public let elapsed: Double

        /// The same target counted for one of its subjects (a delegate of an each-delegate target); nil when it does not bind them.
        public func alone(_ subjectID: Int, today: Day) -> Result? {
            guard let s = subjects.first(where: { $0.id == subjectID }), let from = Day(target.periodFrom), let to = Day(target.periodTo) else { return nil }
            let done = min(s.count, target.minimum)
            return Result(target: target, subjects: [s], done: done, required: target.minimum,
                          standing: .of(done: done, required: target.minimum, from: from, to: to, today: today), elapsed: elapsed)
        }
    }

    /// Who a target binds, and how their records are told apart: by council or by body, with what else the records say
    /// of who led them (an oversight's lead, a voter meeting of the standing committee).
    typealias Subjects = [(id: Int, name: String, councilID: Int)]
    typealias Leaders = (bodies: [Oversight.LeadingBody], delegates: [SessionAttendance.Delegate])
    struct Binding { let subjects: Subjects; let column: String; let condition: String }

    /// Who a scope binds: the council (for itself and its standing committee), its committees or delegate groups, its
    /// delegates, or the councils below — as they stand on `day`.
    /// `leaders`: the council's bodies and delegates on a day, and `councils` the councils' names and units, read once
    /// for the targets that need them.
    static func subjects(councilID: Int, scope: TargetScope, day: String, leaders: inout [String: Leaders],
                         councils: inout [Int: Places.CouncilPlace], db: any Database) async throws -> Subjects {
        func read() async throws -> Leaders {
            if let known = leaders["\(councilID) \(day)"] { return known }
            let read = try await Oversight.leaders(councilID: councilID, on: day, db: db)
            leaders["\(councilID) \(day)"] = read
            return read
        }
        func place() async throws -> Places.CouncilPlace {
            if let known = councils[councilID] { return known }
            let read = try await Places.council(councilID, on: db)
            councils[councilID] = read
            return read
        }
        switch scope {
        case .council, .standing:
            let council = try await place()
            return [(council.id, scope == .standing ? "Thường trực \(council.name)" : council.name, council.id)]
        case .eachCommittee, .eachDelegateGroup:
            let kind: BodyKind = scope == .eachCommittee ? .committee : .delegateGroup
            return try await read().bodies.filter { $0.kind == kind }.map { ($0.id, $0.name, councilID) }
        case .eachDelegate:
            var seen = Set<Int>()
            return try await read().delegates
                .filter { seen.insert($0.person_id).inserted }.map { ($0.person_id, $0.full_name, councilID) }
        case .eachCouncilBelow:
            let council = try await place()
            return try await UnitQueries.below(council.unit_id, on: day, db: db).compactMap { u in
                u.council_id.map { ($0, u.council_name ?? u.name, $0) }
            }
        }
    }

    /// How a target's records name its subjects: the column, and what else the records say of who led them (an
    /// oversight's lead, a voter meeting of the standing committee).
    static func binding(_ t: Target, subjects: Subjects) -> Binding {
        let table = t.measure.source.table
        switch t.scope {
        case .council:
            return Binding(subjects: subjects, column: t.measure.source.council, condition: table == "oversights" ? "lead = 'council'" : "1 = 1")
        case .standing:
            let condition = switch table {
            case "oversights": "lead = 'standing'"
            case "voter_meetings": "body_id IN (SELECT b.id FROM bodies b WHERE b.kind = 'standing')"
            default: "1 = 1"
            }
            return Binding(subjects: subjects, column: "council_id", condition: condition)
        case .eachCommittee, .eachDelegateGroup:
            return Binding(subjects: subjects, column: "body_id", condition: "1 = 1")
        case .eachDelegate:
            // A delegate's own records: the reception days they received citizens, the questions they asked, what they led.
            let column = switch table { case "reception_days": "delegate_key"; case "questions": "asked_by_id"; default: "person_id" }
            return Binding(subjects: subjects, column: column, condition: "1 = 1")
        case .eachCouncilBelow:
            return Binding(subjects: subjects, column: t.measure.source.council, condition: "1 = 1")
        }
    }

    /// Every target's progress, its counts kept between requests while the records stay the same (`FigureCache`).
    static func of(_ targets: [Target], today: Day = Day.today(), kept figures: FigureCache,
                   db: any Database) async throws -> [Result] {
        // Everything the tally depends on but the records: each target's council, scope, measure and period, and the day
        // its subjects are read on.
        let key = "progress " + targets.map { t in
            "\(t.councilID) \(t.scope.rawValue) \(t.measure.rawValue) \(t.periodFrom) \(t.periodTo) \(subjectsDay(t))"
        }.joined(separator: ";")
        // Kept with each subject's link written: for a city's 126 wards, writing them on every request was a fifth of
        // its ranking's CPU.
        let counted = try await figures.value(key, on: db) {
            zip(targets, try await tally(targets, db: db)).map { t, tally in
                let year = Day(stored: t.periodFrom).year
                return tally.subjects.map { s in
                    Subject(id: s.id, name: s.name, count: tally.counts[s.id] ?? 0,
                            href: t.scope == .eachDelegate ? RecordKind.person.path(s.id) + "/ket-qua?nam=\(year)"
                                : records(t.measure, councilID: s.councilID, year: year))
                }
            }
        }
        return zip(targets, counted).map { t, subjects in
            let done = subjects.reduce(0) { $0 + min($1.count, t.minimum) }
            let required = t.minimum * subjects.count
            let from = Day(stored: t.periodFrom), to = Day(stored: t.periodTo)
            return Result(target: t, subjects: subjects, done: done, required: required,
                          standing: TargetStanding.of(done: done, required: required, from: from, to: to, today: today),
                          elapsed: TargetStanding.elapsed(from: from, to: to, today: today))
        }
    }

    /// Bodies, delegates and councils below as they stand at the period's end (or today, if sooner): a term that began
    /// during the year is the one its work is counted for.
    static func subjectsDay(_ t: Target) -> String { min(t.periodTo, Day.today().description) }

    /// A target's subjects and each one's count.
    struct Tally: Sendable { let subjects: Subjects; let counts: [Int: Int] }

    /// Every target's subjects and counts: one count per target, grouped by who did the work; all of them in one
    /// statement. Subjects are read once for the targets that share them.
    private static func tally(_ targets: [Target], db: any Database) async throws -> [Tally] {
        var known: [String: Subjects] = [:], leaders: [String: Leaders] = [:], councils: [Int: Places.CouncilPlace] = [:]
        var bindings: [Binding] = []
        for t in targets {
            let day = subjectsDay(t), key = "\(t.councilID) \(t.scope.rawValue) \(day)"
            let bound: Subjects
            if let s = known[key] { bound = s } else {
                bound = try await Self.subjects(councilID: t.councilID, scope: t.scope, day: day, leaders: &leaders, councils: &councils, db: db)
                known[key] = bound
            }
            bindings.append(binding(t, subjects: bound))
        }
        // Each target's count, told apart by its place in the list.
        let counted: [SQLQueryString] = zip(targets, bindings).enumerated().compactMap { i, tb in
            let (t, b) = tb, s = t.measure.source
            guard !b.subjects.isEmpty else { return nil }
            let live = s.table == "reception_days" ? "1 = 1" : "deleted_at IS NULL"
            return """
                SELECT \(literal: i) AS target, \(unsafeRaw: b.column) AS subject, COUNT(*) AS n FROM \(unsafeRaw: s.table) \
                WHERE \(unsafeRaw: b.column) IN (\(binds: b.subjects.map(\.id))) AND \(unsafeRaw: live) AND \(unsafeRaw: s.condition) \
                AND \(unsafeRaw: b.condition) AND \(unsafeRaw: s.day) >= \(bind: t.periodFrom) AND \(unsafeRaw: s.day) <= \(bind: t.periodTo) \
                GROUP BY \(unsafeRaw: b.column)
                """
        }
        struct Row: Decodable { let target: Int; let subject: Int; let n: Int }
        var counts: [[Int: Int]] = Array(repeating: [:], count: targets.count)
        if !counted.isEmpty {
            for r in try await db.sql.raw(counted.joined(separator: " UNION ALL ")).rows(Row.self) { counts[r.target][r.subject] = r.n }
        }
        return zip(bindings, counts).map { Tally(subjects: $0.subjects, counts: $1) }
    }

    /// The page listing a council's records of what a measure counts.
    static func records(_ m: TargetMeasure, councilID: Int, year: Int) -> String {
        let council = RecordKind.council.path(councilID)
        return switch m {
        case .regularSessions, .thematicSessions: council + "#ky-hop"
        case .supervisions, .surveys: council + "/giam-sat?nam=\(year)"
        case .voterMeetings, .thematicVoterMeetings: council + "/tiep-xuc-cu-tri"
        case .receptionSessions: council + "/tiep-cong-dan"
        case .questions: council + "/chat-van"
        case .explanationHearings: council + "/giai-trinh"
        case .standingMeetings: council + "/thuong-truc"
        case .petitionsAnsweredOnTime: council + "/kien-nghi?trang-thai=answered"
        case .tasksDoneOnTime: council + "/nhiem-vu?duoc-giao=1&trang-thai=done"
        }
    }
}
