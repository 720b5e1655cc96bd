import Fluent
import SQLKit

/// One figure of a period report: what it counts, in the words of a report's sentence, and where it comes from — the
/// council work's records as a target counts them (`TargetMeasure`), or the summary's monthly counters.
public struct ReportLine: Sendable, Equatable {
    public let key: String
    /// "cuộc giám sát", as counted in a sentence.
    public let noun: String
    public let group: String
    public let measure: TargetMeasure?
    public let counter: String?

    static func work(_ m: TargetMeasure, _ group: String) -> ReportLine { ReportLine(key: m.rawValue, noun: m.unit, group: group, measure: m, counter: nil) }
    static func counted(_ name: String, _ noun: String, _ group: String, measure: TargetMeasure? = nil) -> ReportLine {
        ReportLine(key: name, noun: noun, group: group, measure: measure, counter: name)
    }

    /// Every figure a period report gives, in the order of the councils' reports.
    public static let all: [ReportLine] = [
        .work(.regularSessions, "Kỳ họp"), .work(.thematicSessions, "Kỳ họp"),
        .work(.supervisions, "Giám sát, khảo sát"), .work(.surveys, "Giám sát, khảo sát"),
        .work(.questions, "Chất vấn, giải trình"), .work(.explanationHearings, "Chất vấn, giải trình"), .work(.standingMeetings, "Thường trực HĐND"),
        .counted("meetings", "cuộc tiếp xúc cử tri", "Tiếp xúc cử tri", measure: .voterMeetings),
        .counted("meetings_thematic", "hội nghị tiếp xúc cử tri chuyên đề", "Tiếp xúc cử tri", measure: .thematicVoterMeetings),
        .counted("voters_attending", "lượt cử tri tham dự", "Tiếp xúc cử tri"),
        .counted("petitions_received", "ý kiến, kiến nghị của cử tri", "Tiếp xúc cử tri"),
        .counted("petitions_forwarded", "kiến nghị đã chuyển cơ quan có thẩm quyền", "Tiếp xúc cử tri"),
        .counted("petitions_answered", "kiến nghị đã được trả lời", "Tiếp xúc cử tri"),
        .counted("reception_sessions", "buổi tiếp công dân", "Tiếp công dân, đơn thư", measure: .receptionSessions),
        .counted("citizens_received", "lượt công dân được tiếp", "Tiếp công dân, đơn thư"),
        .counted("letters_received", "đơn thư", "Tiếp công dân, đơn thư"),
    ]
    static var counters: Set<String> { Set(all.compactMap(\.counter)) }
    static var works: [ReportLine] { all.filter { $0.counter == nil } }
}

/// What a council and the councils below it did in a period, every figure from the records: the council's own, each
/// unit directly below (with every council under it, as the tree stood at the period's end, or at the council's own end
/// within it), and their sum.
public struct PeriodFigures: Sendable {
    public struct Below: Sendable {
        public let unitID: Int
        public let name: String
        /// The council of that unit, whose own report the row leads to.
        public let councilID: Int?
        public let figures: [String: Int]
    }
    public let council: Places.CouncilPlace
    public let period: Period
    public let own: [String: Int]
    public let below: [Below]
    /// The level of the councils below ("cấp xã"), for the report's sentences.
    public let belowLevel: UnitLevel?

    public func belowTotal(_ key: String) -> Int { below.reduce(0) { $0 + ($1.figures[key] ?? 0) } }
    public func total(_ key: String) -> Int { (own[key] ?? 0) + belowTotal(key) }

    static func of(councilID: Int, period: Period, kept figures: FigureCache, db: any Database) async throws -> PeriodFigures {
        try await of(council: try await Places.council(councilID, kept: figures, on: db), period: period, kept: figures, db: db)
    }

    /// The same for a council already read (a report reads three periods of one council), kept between requests while
    /// the records stay the same (`FigureCache`).
    static func of(council: Places.CouncilPlace, period: Period, kept figures: FigureCache,
                   db: any Database) async throws -> PeriodFigures {
        let key = "period \(council.id) \(council.unit_id) \(council.valid_to ?? "") \(period.from) \(period.to) \(period.label)"
        return try await figures.value(key, on: db) { try await count(council: council, period: period, db: db) }
    }

    private static func count(council: Places.CouncilPlace, period: Period, db: any Database) async throws -> PeriodFigures {
        let councilID = council.id
        var own = try await SummaryCounters.sums(scope: "council_id = \(bind: councilID)", from: period.from, to: period.to,
                                                  only: ReportLine.counters, db: db)
        for (key, n) in try await works(scope: .own(councilID), period: period, db: db)[councilID] ?? [:] { own[key] = n }
        // The units below as they stood at the period's end, or on the council's unit's last day when it ended within
        // the period (a district abolished on 01/07/2025, reported over its whole term).
        let units = try await UnitQueries.below(council.unit_id, on: min(period.to.description, council.valid_to ?? period.to.description), db: db)
        var below: [Below] = []
        if !units.isEmpty {
            let ids = units.map(\.id)
            let counted = try await SummaryCounters.sumsByUnit(ids, from: period.from, to: period.to, only: ReportLine.counters, db: db)
            let worked = try await works(scope: .units(ids), period: period, db: db)
            below = units.map { u in
                Below(unitID: u.id, name: u.fullName, councilID: u.council_id,
                      figures: (counted[u.id] ?? [:]).merging(worked[u.id] ?? [:]) { a, _ in a })
            }
        }
        return PeriodFigures(council: council, period: period, own: own, below: below, belowLevel: units.first?.level)
    }

    enum Scope { case own(Int), units([Int]) }

    /// The council work's figures in one statement: a count per figure, by council (its own) or by unit below (every
    /// council under each, through `council_units`).
    static func works(scope: Scope, period: Period, db: any Database) async throws -> [Int: [String: Int]] {
        let from = period.from.description, to = period.to.description
        var parts: [SQLQueryString] = []
        for line in ReportLine.works {
            guard let s = line.measure?.source else { continue }
            let live = s.table == "reception_days" ? "1 = 1" : "r.deleted_at IS NULL"
            // The measure's condition names the record's own columns: `council_units` has none of those names.
            let condition = s.condition
            switch scope {
            case .own(let id):
                parts.append("""
                    SELECT r.council_id AS subject, '\(unsafeRaw: line.key)' AS metric, COUNT(*) AS n FROM \(unsafeRaw: s.table) r \
                    WHERE r.council_id = \(bind: id) AND \(unsafeRaw: live) AND \(unsafeRaw: condition) \
                    AND r.\(unsafeRaw: s.day) >= \(bind: from) AND r.\(unsafeRaw: s.day) <= \(bind: to) GROUP BY r.council_id
                    """)
            case .units(let ids):
                parts.append("""
                    SELECT a.unit_id AS subject, '\(unsafeRaw: line.key)' AS metric, COUNT(*) AS n FROM \(unsafeRaw: s.table) r \
                    JOIN council_units a ON a.council_id = r.council_id WHERE a.unit_id IN (\(binds: ids)) AND \(unsafeRaw: live) \
                    AND \(unsafeRaw: condition) AND r.\(unsafeRaw: s.day) >= \(bind: from) AND r.\(unsafeRaw: s.day) <= \(bind: to) GROUP BY a.unit_id
                    """)
            }
        }
        struct Row: Decodable { let subject: Int; let metric: String; let n: Int }
        let rows = try await db.sql.raw(parts.joined(separator: " UNION ALL ")).rows(Row.self)
        var out: [Int: [String: Int]] = [:]
        for r in rows { out[r.subject, default: [:]][r.metric] = r.n }
        return out
    }
}

extension PeriodFigures: Weighed {
    var weight: Int { 1 + own.count + below.reduce(0) { $0 + 1 + $1.figures.count } }
}
