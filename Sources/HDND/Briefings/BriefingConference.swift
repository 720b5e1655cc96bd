import Fluent
import Foundation

/// Hội nghị giao ban: a standing committee meets those of the councils below to review a period ("Hội nghị giao ban quý
/// II/2020 … với Thường trực HĐND 18 phường … đánh giá kết quả … 05 tháng đầu năm"). The figures of every council below
/// come from the period report; each council's own notes, the conclusions and the tasks given to councils below (followed
/// to done on their home pages) are recorded here.
public final class BriefingConference: Model, ListedFields, @unchecked Sendable {
    public static let schema = "briefing_conferences"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "title") public var title: String
    @Field(key: "held_on") public var heldOn: String
    @OptionalField(key: "place") public var place: String?
    @OptionalField(key: "chair") public var chair: String?
    @OptionalField(key: "participants") public var participants: String?
    /// The period reviewed.
    @Field(key: "period_from") public var periodFrom: String
    @Field(key: "period_to") public var periodTo: String
    @OptionalField(key: "conclusions") public var conclusions: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _title, _heldOn, _place, _chair, _participants, _periodFrom, _periodTo, _conclusions, _folded, _version,
         _createdAt, _updatedAt, _deletedAt]
    }

    public var period: Period? { Period.named(periodFrom, periodTo) }
}

extension BriefingConference: FormEditable {
    public static var kind: RecordKind { .briefingConference }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { "\(title) (\(VietnameseFormat.date(heldOn)))" }
    public var visibility: Place.Visibility { .internalRecord }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "title": title, "heldOn": heldOn, "place": place ?? "", "chair": chair ?? "", "participants": participants ?? "",
         "periodFrom": periodFrom, "periodTo": periodTo, "conclusions": conclusions ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (displayName, "Hội nghị giao ban") }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> BriefingConference {
        let b = BriefingConference()
        b.councilID = query.id("council", "councilID") ?? 0
        b.unitID = try await Council.find(b.councilID, on: db)?.unitID ?? 0
        let today = Day.today()
        let quarter = Period.quarter((today.month - 1) / 3 + 1, of: today.year)?.previous ?? Period.year(today.year)
        b.heldOn = today.description; b.periodFrom = quarter.from.description; b.periodTo = quarter.to.description
        b.title = "Hội nghị giao ban \(quarter.label.lowercasedFirst)"; b.folded = ""; b.version = 0
        return b
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        b.section("Hội nghị")
        b.text("title", "Tên hội nghị", title, required: true, hint: "Ví dụ: Hội nghị giao ban quý II/2020 với Thường trực HĐND các phường")
        b.day("heldOn", "Ngày họp", heldOn, required: true)
        b.text("place", "Địa điểm", place)
        b.text("chair", "Chủ trì", chair)
        b.textarea("participants", "Thành phần", participants)
        b.day("periodFrom", "Đánh giá từ ngày", periodFrom, required: true)
        b.day("periodTo", "Đến ngày", periodTo, required: true)
        b.section("Kết luận")
        b.textarea("conclusions", "Kết luận của chủ trì", conclusions)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let title = v.text("title", "Tên hội nghị", input["title"], max: 500)
        let held = v.day("heldOn", "Ngày họp", input["heldOn"], required: true)
        try await CouncilEnd.check(council, day: held, field: "heldOn", &v, on: db)
        let place = v.optionalText("place", "Địa điểm", input["place"], max: 300)
        let chair = v.optionalText("chair", "Chủ trì", input["chair"], max: 300)
        let participants = v.optionalText("participants", "Thành phần", input["participants"], max: 5000)
        let (from, to) = v.spanDays("periodFrom", input["periodFrom"], "periodTo", input["periodTo"], required: true)
        // A conference may review a period still running ("05 tháng đầu năm" reviewed on 12 May): it must have begun.
        if let from, let held, from.description > held { v.fail("periodFrom", "Kỳ được đánh giá phải bắt đầu trước ngày họp.") }
        let conclusions = v.optionalText("conclusions", "Kết luận", input["conclusions"], max: 50_000)
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; self.title = title; heldOn = held!; self.place = place; self.chair = chair
        self.participants = participants; periodFrom = from!.description; periodTo = to!.description; self.conclusions = conclusions
        folded = fold("\(title) \(conclusions ?? "")")
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.briefingConference.path(id!) }
}
