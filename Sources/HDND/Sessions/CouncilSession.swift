import Fluent
import Foundation
import SQLKit

/// Loại kỳ họp. The first session opens a term; regular sessions are held at least twice a year (mid-year and year-end);
/// thematic sessions and sessions to settle urgent business are called as needed.
public enum SessionKind: String, Codable, CaseIterable, Sendable {
    case first, midYear, yearEnd, regular, thematic, extraordinary
    public var label: String {
        switch self {
        case .first: "Kỳ họp thứ nhất của nhiệm kỳ"
        case .midYear: "Thường lệ giữa năm"
        case .yearEnd: "Thường lệ cuối năm"
        case .regular: "Thường lệ"
        case .thematic: "Chuyên đề"
        case .extraordinary: "Giải quyết công việc phát sinh đột xuất"
        }
    }

    /// The sessions that voter petitions are answered before and reported at.
    public var isRegular: Bool { self == .midYear || self == .yearEnd || self == .regular }
    public static let regularKinds: [SessionKind] = allCases.filter(\.isRegular)
}

/// How a council writes the number of its sessions: "Kỳ họp thứ 9" or "Kỳ họp thứ IX".
public enum SessionNumerals: String, Codable, CaseIterable, Sendable {
    case arabic, roman
    public var label: String { self == .arabic ? "Số Ả Rập (Kỳ họp thứ 9)" : "Số La Mã (Kỳ họp thứ IX)" }
}

/// Kỳ họp: a session of a council, numbered within its term ("Kỳ họp thứ 5"). Named `CouncilSession` in code
/// because Vapor's own `Session` is the sign-in session.
public final class CouncilSession: Model, ListedFields, @unchecked Sendable {
    public static let schema = "council_sessions"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @OptionalField(key: "term_id") public var termID: Int?
    @Field(key: "number") public var number: Int
    @Field(key: "kind") public var kind: SessionKind
    /// Planned opening and closing days.
    @Field(key: "opens_on") public var opensOn: String
    @OptionalField(key: "closes_on") public var closesOn: String?
    /// The convening decision: "Quyết định số 25/QĐ-HĐND", and its day.
    @OptionalField(key: "convening_ref") public var conveningRef: String?
    @OptionalField(key: "convened_on") public var convenedOn: String?
    /// The days it actually opened and closed, once held.
    @OptionalField(key: "opened_on") public var openedOn: String?
    @OptionalField(key: "ended_on") public var endedOn: String?
    @OptionalField(key: "place") public var place: String?
    /// Sessions are public unless the council decides to meet behind closed doors.
    @Field(key: "is_public") public var isPublic: Bool
    /// How the council writes its session numbers (from the council, copied on every write so titles need no lookup).
    @Field(key: "numerals") public var numerals: SessionNumerals
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _termID, _number, _kind, _opensOn, _closesOn, _conveningRef, _convenedOn, _openedOn, _endedOn, _place,
         _isPublic, _numerals, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }
    public init() { isPublic = true; numerals = .arabic }

    /// "Kỳ họp thứ nhất", "Kỳ họp thứ tư", "Kỳ họp thứ 10" — or "Kỳ họp thứ IX" where the council writes Roman numerals.
    public static func title(_ number: Int, _ numerals: SessionNumerals = .arabic) -> String {
        if number == 1 { return "Kỳ họp thứ nhất" }
        if numerals == .roman { return "Kỳ họp thứ " + RomanNumeral.string(number) }
        return "Kỳ họp thứ " + (number == 4 ? "tư" : number == 2 ? "hai" : number == 3 ? "ba" : String(number))
    }

    public var title: String { Self.title(number, numerals) }
    /// The opening day that counts: the actual one once held, else the planned one.
    public var opening: String { Self.opening(openedOn: openedOn, opensOn: opensOn) }
    public static func opening(openedOn: String?, opensOn: String) -> String { openedOn ?? opensOn }
    public var held: Bool { openedOn != nil }

    /// A session as a form offers it: its id and the name reports give it.
    public struct Choice: Decodable, Sendable {
        public let id: Int
        let number: Int, numerals: SessionNumerals, opens_on: String, opened_on: String?
        /// How a petition's report names the session: "Kỳ họp thứ 10 (khai mạc 05/12/2026)".
        public var reportLabel: String {
            "\(CouncilSession.title(number, numerals)) (khai mạc \(VietnameseFormat.date(CouncilSession.opening(openedOn: opened_on, opensOn: opens_on))))"
        }
    }

    /// The sessions a petition can be reported at, or a question asked at: the council's latest 20. Plain rows: the
    /// petition's page offers them on every view.
    public static func reportable(councilID: Int, db: any Database) async throws -> [Choice] {
        try await db.sql.select().columns("id", "number", "numerals", "opens_on", "opened_on").from(schema)
            .where("council_id", .equal, councilID).where("deleted_at", .is, SQLLiteral.null)
            .orderBy("opens_on", .descending).limit(20).rows(Choice.self)
    }

    /// The same, kept between requests while the records stay the same (`FigureCache`: sessions bump the revision).
    static func reportable(councilID: Int, kept: FigureCache, db: any Database) async throws -> [Choice] {
        try await kept.value("reportable sessions \(councilID)", on: db) { try await reportable(councilID: councilID, db: db) }
    }
}

/// How a council sets the answer due date of the petitions it forwards (Hạn trả lời kiến nghị cử tri).
public enum PetitionDueMode: String, Codable, CaseIterable, Sendable {
    /// Before the next regular session opens, less a number of days for the office to compile its report.
    case beforeNextSession
    /// A fixed number of days after forwarding.
    case days

    public var label: String {
        switch self { case .beforeNextSession: "Trước kỳ họp thường lệ tiếp theo"; case .days: "Số ngày kể từ khi chuyển" }
    }
}

/// The due-date rule, in plain Swift so it can be checked by hand.
public struct PetitionDueRule: Sendable, Equatable {
    public var mode: PetitionDueMode
    /// Before a session: days before it opens (0 = the day before it opens). Days mode: days after forwarding.
    public var days: Int

    public static let standard = PetitionDueRule(mode: .beforeNextSession, days: 0)
    /// When no next regular session is on the calendar yet.
    public static let fallbackDays = 30
    /// Petitions forwarded by the National Assembly's voter work are answered within 60 days.
    public static let nationalAssemblyDays = 60

    public init(mode: PetitionDueMode, days: Int) { self.mode = mode; self.days = days }

    /// The rule as the council page states it.
    public var description: String {
        switch mode {
        case .days: "\(days) ngày kể từ khi chuyển"
        case .beforeNextSession: days == 0 ? "trước ngày khai mạc kỳ họp thường lệ tiếp theo"
            : "\(days) ngày trước ngày khai mạc kỳ họp thường lệ tiếp theo"
        }
    }

    /// The due date of a petition forwarded on `day`, and why, given the opening days of the council's
    /// coming regular sessions.
    public func due(forwardedOn day: Day, nextRegularSessions: [Day], fromNationalAssembly: Bool) -> (due: Day, reason: String) {
        if fromNationalAssembly {
            return (day.adding(days: Self.nationalAssemblyDays), "\(Self.nationalAssemblyDays) ngày với kiến nghị do Quốc hội chuyển")
        }
        switch mode {
        case .days:
            return (day.adding(days: days), "\(days) ngày kể từ khi chuyển, theo quy định của HĐND")
        case .beforeNextSession:
            // The first session whose deadline is still ahead of the forwarding day.
            for opens in nextRegularSessions.sorted() {
                let due = opens.adding(days: -1 - days)
                if due > day {
                    return (due, "trước kỳ họp thường lệ khai mạc ngày \(VietnameseFormat.date(opens.description))"
                                 + (days > 0 ? " \(days) ngày" : ""))
                }
            }
            return (day.adding(days: Self.fallbackDays), "\(Self.fallbackDays) ngày, vì chưa có lịch kỳ họp thường lệ tiếp theo")
        }
    }
}
