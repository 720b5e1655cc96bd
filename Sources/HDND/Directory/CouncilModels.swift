import Fluent
import Foundation
import SQLKit

/// Hội đồng nhân dân of one unit.
public final class Council: Model, ListedFields, @unchecked Sendable {
    public static let schema = "councils"
    @ID(custom: .id) public var id: Int?
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "name") public var name: String
    /// The rule for the due date of the petitions this council forwards (see `PetitionDueRule`).
    @Field(key: "petition_due_mode") public var petitionDueMode: PetitionDueMode
    @Field(key: "petition_due_days") public var petitionDueDays: Int
    /// How the council writes its session numbers.
    @Field(key: "session_numerals") public var sessionNumerals: SessionNumerals
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public var listedFields: [any AnyProperty] {
        [_id, _unitID, _name, _petitionDueMode, _petitionDueDays, _sessionNumerals, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }
    public init() {
        petitionDueMode = PetitionDueRule.standard.mode
        petitionDueDays = PetitionDueRule.standard.days
        sessionNumerals = .arabic
    }

    public var petitionDueRule: PetitionDueRule { PetitionDueRule(mode: petitionDueMode, days: petitionDueDays) }
}

/// Nhiệm kỳ, khóa: "khóa XX, nhiệm kỳ 2021–2026".
public final class Term: Model, ListedFields, @unchecked Sendable {
    public static let schema = "terms"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "ordinal") public var ordinal: Int
    @Field(key: "start_year") public var startYear: Int
    @Field(key: "end_year") public var endYear: Int
    @OptionalField(key: "start_date") public var startDate: String?
    @OptionalField(key: "end_date") public var endDate: String?
    /// Election day: the first session of the term opens within a limit counted from it.
    @OptionalField(key: "elected_on") public var electedOn: String?
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _ordinal, _startYear, _endYear, _startDate, _endDate, _electedOn, _version, _createdAt, _updatedAt,
         _deletedAt]
    }

    /// "Khóa XX, nhiệm kỳ 2021 - 2026"
    public var label: String { Self.label(ordinal: ordinal, startYear: startYear, endYear: endYear) }
    /// "Nhiệm kỳ 2021 - 2026": a report's period of a whole term, and its choice of terms.
    public var years: String { "Nhiệm kỳ \(startYear) - \(endYear)" }
    public static func label(ordinal: Int, startYear: Int, endYear: Int) -> String {
        "Khóa \(RomanNumeral.string(ordinal)), nhiệm kỳ \(startYear) - \(endYear)"
    }

    /// What a session's page shows of its term: its label and its election day (the first session's limit counts from it).
    public struct Heading: Sendable { public let label: String, electedOn: Day? }
    /// The term's heading, kept while the terms stay the same (`FigureCache`: terms bump the figures' revision).
    static func heading(_ id: Int, kept: FigureCache, on db: any Database) async throws -> Heading? {
        try await kept.value("term heading \(id)", on: db) {
            try await Term.find(id, on: db).map { Heading(label: $0.label, electedOn: $0.electedOn.flatMap { Day($0) }) }
        }
    }

    /// A term's years and days, as the pages that count a term's work read it.
    public struct Span: Decodable, Sendable {
        public let id: Int, ordinal: Int, start_year: Int, end_year: Int, start_date: String?, end_date: String?
        /// "Khóa XX, nhiệm kỳ 2021 - 2026"
        public var label: String { Term.label(ordinal: ordinal, startYear: start_year, endYear: end_year) }
    }

    /// The term a day falls in: the latest of the council's terms begun by then (by its first day when known, else by
    /// its first year: a term elected in June does not yet hold March). `orLatest`: a day before any term began falls
    /// in the latest term. One plain read (a page may ask several times).
    public static func running(councilID: Int, on day: Day, orLatest: Bool = false, db: any Database) async throws -> Span? {
        let begun: SQLQueryString = "start_year <= \(bind: day.year)"
        return try await db.sql.raw("""
            SELECT id, ordinal, start_year, end_year, start_date, end_date FROM terms WHERE council_id = \(bind: councilID) AND deleted_at IS NULL \
            \(orLatest ? "" : "AND " + begun) \
            ORDER BY (\(begun) AND COALESCE(start_date, '') <= \(bind: day.description)) DESC, (\(begun)) DESC, ordinal DESC LIMIT 1
            """).firstRow(Span.self)
    }
}

public enum BodyKind: String, Codable, CaseIterable, Sendable {
    /// All delegates of the council for the term.
    case council
    case standing, committee, delegateGroup, office

    public var label: String {
        switch self {
        case .council: "Đại biểu HĐND"
        case .standing: "Thường trực HĐND"
        case .committee: "Ban của HĐND"
        case .delegateGroup: "Tổ đại biểu"
        case .office: "Văn phòng"
        }
    }
}

/// A body of a council in one term: the standing committee, a committee, a delegate group, the office.
public final class Body: Model, ListedFields, @unchecked Sendable {
    public static let schema = "bodies"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "term_id") public var termID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "kind") public var kind: BodyKind
    @Field(key: "name") public var name: String
    @OptionalField(key: "constituency_id") public var constituencyID: Int?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _termID, _unitID, _kind, _name, _constituencyID, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }
}

/// Đơn vị bầu cử of a council's election for one term.
public final class Constituency: Model, ListedFields, @unchecked Sendable {
    public static let schema = "constituencies"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "term_id") public var termID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "number") public var number: Int
    @Field(key: "name") public var name: String
    @OptionalField(key: "area") public var area: String?
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _termID, _unitID, _number, _name, _area, _version, _createdAt, _updatedAt, _deletedAt]
    }
}

public enum Gender: String, Codable, CaseIterable, Sendable {
    case male, female
    public var label: String { self == .male ? "Nam" : "Nữ" }
}

/// A person the directory knows: a delegate, an official, an office clerk.
/// Recorded by one council (whose office may edit them); may hold posts anywhere.
public final class Person: Model, ListedFields, @unchecked Sendable {
    public static let schema = "people"
    @ID(custom: .id) public var id: Int?
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "full_name") public var fullName: String
    @OptionalField(key: "gender") public var gender: Gender?
    @OptionalField(key: "birth_year") public var birthYear: Int?
    @OptionalField(key: "note") public var note: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _unitID, _fullName, _gender, _birthYear, _note, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }
}

/// A post held by a person in a body or an organization during a period
/// ("Chủ tịch HĐND quận", "Phó Bí thư Thường trực Quận ủy"). One person holds several at once.
public final class Membership: Model, ListedFields, @unchecked Sendable {
    public static let schema = "memberships"
    @ID(custom: .id) public var id: Int?
    @Field(key: "person_id") public var personID: Int
    @OptionalField(key: "body_id") public var bodyID: Int?
    @OptionalField(key: "organization_id") public var organizationID: Int?
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "post") public var post: String
    /// Orders posts within a body: chairman first.
    @Field(key: "rank") public var rank: Int
    @OptionalField(key: "valid_from") public var validFrom: String?
    @OptionalField(key: "valid_to") public var validTo: String?
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _personID, _bodyID, _organizationID, _unitID, _post, _rank, _validFrom, _validTo, _version, _createdAt, _updatedAt,
         _deletedAt]
    }
}

public enum OrganizationKind: String, Codable, CaseIterable, Sendable {
    case peoplesCommittee, fatherlandFront, partyCommittee, agency
    public var label: String {
        switch self {
        case .peoplesCommittee: "Ủy ban nhân dân"
        case .fatherlandFront: "Ủy ban MTTQ"
        case .partyCommittee: "Cấp ủy"
        case .agency: "Cơ quan, đơn vị"
        }
    }
}

/// A partner or answering body of a unit: UBND, Ủy ban MTTQ, Quận ủy, a department, a utility.
public final class Organization: Model, ListedFields, @unchecked Sendable {
    public static let schema = "organizations"
    @ID(custom: .id) public var id: Int?
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "kind") public var kind: OrganizationKind
    @Field(key: "name") public var name: String
    @OptionalField(key: "valid_from") public var validFrom: String?
    @OptionalField(key: "valid_to") public var validTo: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _unitID, _kind, _name, _validFrom, _validTo, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }
}

public enum RomanNumeral {
    public static func string(_ n: Int) -> String {
        guard n > 0 else { return "\(n)" }
        let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                                      (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var rest = n, out = ""
        for (value, letters) in table { while rest >= value { out += letters; rest -= value } }
        return out
    }
}
