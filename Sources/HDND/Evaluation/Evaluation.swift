import Fluent
import Foundation

/// Thi đua: a criterion a council scores those below it, its bodies or its delegates by in a year — a measure counted
/// from the records, the count that earns the full weight, and the weight.
public final class EvaluationCriterion: Model, ListedFields, @unchecked Sendable {
    public static let schema = "evaluation_criteria"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "year") public var year: Int
    @Field(key: "scope") public var scope: TargetScope
    @Field(key: "measure") public var measure: TargetMeasure
    /// The count that earns the whole weight ("ít nhất 02 cuộc giám sát": 2).
    @Field(key: "expected") public var expected: Int
    @Field(key: "weight") public var weight: Int
    @OptionalField(key: "note") public var note: String?
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _year, _scope, _measure, _expected, _weight, _note, _version, _createdAt, _updatedAt, _deletedAt]
    }

    /// Whom a council scores: the councils below, its committees and delegate groups, its delegates.
    public static let scopes: [TargetScope] = [.eachCouncilBelow, .eachCommittee, .eachDelegateGroup, .eachDelegate]

    /// "Mỗi Ban của HĐND: 02 cuộc giám sát — 30 điểm".
    public var sentence: String { "\(scope.label): \(VietnameseFormat.count(expected)) \(measure.unit) — \(weight) điểm" }
}

/// Scores and ranking, from the records.
public enum Evaluation {
    /// One criterion's figure for a subject.
    public struct Part: Sendable, Equatable { public let weight: Int; public let expected: Int; public let count: Int }

    /// The points a subject earns: each criterion's weight in proportion to its count, up to the expected count.
    public static func score(_ parts: [Part]) -> Double {
        parts.reduce(0) { $0 + Double($1.weight) * min(Double($1.count) / Double(max($1.expected, 1)), 1) }
    }

    public struct Row: Sendable {
        public let id: Int, name: String, href: String
        public let counts: [Int]
        public let score: Double
        public let rank: Int
    }

    public struct Ranking: Sendable {
        public let scope: TargetScope
        public let criteria: [EvaluationCriterion]
        public let rows: [Row]
        public var maximum: Int { criteria.reduce(0) { $0 + $1.weight } }
    }

    /// For each scope with criteria: every subject's counts, score and rank (equal scores share a rank).
    static func rankings(councilID: Int, year: Int, kept: FigureCache, db: any Database) async throws -> [Ranking] {
        let criteria = try await EvaluationCriterion.query(on: db).filter(\.$councilID == councilID).filter(\.$year == year).sort(\.$id).all()
        var out: [Ranking] = []
        for scope in EvaluationCriterion.scopes {
            let mine = criteria.filter { $0.scope == scope }
            guard !mine.isEmpty else { continue }
            // Each criterion counted as a target of the year would be.
            let targets = mine.map { c -> Target in
                let t = Target()
                t.councilID = councilID; t.scope = scope; t.measure = c.measure; t.minimum = c.expected
                t.periodFrom = "\(year)-01-01"; t.periodTo = "\(year)-12-31"
                return t
            }
            let progress = try await TargetProgress.of(targets, kept: kept, db: db)
            guard let subjects = progress.first?.subjects else { continue }
            // Each criterion's counts by subject, looked up rather than searched (a city's 126 wards, each criterion).
            let counted = progress.map { r in Dictionary(r.subjects.map { ($0.id, $0.count) }, uniquingKeysWith: { a, _ in a }) }
            var rows = subjects.map { s -> (TargetProgress.Subject, [Int], Double) in
                let counts = counted.map { $0[s.id] ?? 0 }
                let parts = zip(mine, counts).map { Part(weight: $0.weight, expected: $0.expected, count: $1) }
                return (s, counts, score(parts))
            }
            rows.sort { ($0.2, $1.0.name) > ($1.2, $0.0.name) }
            var ranked: [Row] = []
            for (i, r) in rows.enumerated() {
                let rank = i > 0 && rows[i - 1].2 == r.2 ? ranked[i - 1].rank : i + 1
                ranked.append(Row(id: r.0.id, name: r.0.name, href: r.0.href, counts: r.1, score: r.2, rank: rank))
            }
            out.append(Ranking(scope: scope, criteria: mine, rows: ranked))
        }
        return out
    }
}

extension EvaluationCriterion: FormEditable {
    public static var kind: RecordKind { .evaluationCriterion }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { sentence }
    public var visibility: Place.Visibility { .internalRecord }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "year": String(year), "scope": scope.rawValue, "measure": measure.rawValue,
         "expected": String(expected), "weight": String(weight), "note": note ?? ""]
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> EvaluationCriterion {
        let c = EvaluationCriterion()
        c.councilID = query.id("council", "councilID") ?? 0
        c.unitID = try await Council.find(c.councilID, on: db)?.unitID ?? 0
        c.year = query.id("nam", "year") ?? Day.today().year
        c.scope = .eachCouncilBelow; c.measure = .supervisions; c.expected = 2; c.weight = 20; c.version = 0
        return c
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        b.text("year", "Năm", String(year), required: true, type: "number")
        b.select("scope", "Đối tượng chấm điểm", scope.rawValue, options: Self.scopes.map { ($0.rawValue, $0.label) })
        b.select("measure", "Hoạt động", measure.rawValue, options: TargetMeasure.allCases.map { ($0.rawValue, $0.unit) },
                 hint: "Được đếm từ các bản ghi của năm")
        b.text("expected", "Số lượng đạt điểm tối đa", String(expected), required: true, type: "number")
        b.text("weight", "Số điểm", String(weight), required: true, type: "number")
        b.textarea("note", "Ghi chú", note)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let year = v.int("year", "Năm", input["year"], range: 1990...2100)
        let scope = v.choice("scope", "Đối tượng chấm điểm", input["scope"], as: TargetScope.self)
        if let scope, !Self.scopes.contains(scope) { v.fail("scope", "Hãy chọn HĐND cấp dưới, các Ban, các Tổ đại biểu hoặc các đại biểu.") }
        let measure = v.choice("measure", "Hoạt động", input["measure"], as: TargetMeasure.self)
        if let scope, let measure, !measure.scopes.contains(scope) {
            v.fail("measure", "Bản ghi \(measure.unit) không cho biết \(scope.label.lowercased()) thực hiện.")
        }
        let expected = v.int("expected", "Số lượng đạt điểm tối đa", input["expected"], range: 1...10_000)
        let weight = v.int("weight", "Số điểm", input["weight"], range: 1...100)
        let note = v.optionalText("note", "Ghi chú", input["note"], max: 2000)
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; self.year = year!; self.scope = scope!; self.measure = measure!
        self.expected = expected!; self.weight = weight!; self.note = note
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.council.path(councilID) + "/thi-dua?nam=\(year)" }
}
