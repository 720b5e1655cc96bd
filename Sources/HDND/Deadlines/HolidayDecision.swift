import Fluent
import Foundation

/// A decision on days off for state bodies in one year (the Prime Minister's, or a ministry's notice of it): the days
/// it gives off and the days it makes working days in exchange (Labour Code 2019, art. 112.3). Recorded by an
/// administrator; every due date the system computes counts with it (`HolidayDecisions.calendar(on:)`).
public final class HolidayDecision: Model, ListedFields, @unchecked Sendable {
    public static let schema = "holiday_decisions"
    @ID(custom: .id) public var id: Int?
    @Field(key: "year") public var year: Int
    /// As the text is cited: "Công văn 12729/VPCP-KGVX".
    @Field(key: "number") public var number: String
    @OptionalField(key: "issued_on") public var issuedOn: String?
    @Field(key: "issuer") public var issuer: String
    @Field(key: "summary") public var summary: String
    /// Where the text was read (an address, the Official Gazette issue).
    @Field(key: "source") public var source: String
    /// ISO days, comma-separated.
    @Field(key: "days_off") public var daysOff: String
    @Field(key: "working_days") public var workingDays: String
    /// Read against the official text; otherwise shown as provisional.
    @Field(key: "verified") public var verified: Bool
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _year, _number, _issuedOn, _issuer, _summary, _source, _daysOff, _workingDays, _verified, _version, _createdAt, _updatedAt,
         _deletedAt]
    }

    static func days(_ text: String) -> [Day] { text.split(separator: ",").compactMap { Day(String($0)) }.sorted() }
    static func text(_ days: [Day]) -> String { Set(days).sorted().map(\.description).joined(separator: ",") }
}

public enum HolidayDecisions {
    /// The calendar every due date is computed with: the law's holidays and every recorded decision.
    /// One small query (a few rows a year), run per computation so that no process keeps a stale copy.
    public static func calendar(on db: any Database) async throws -> HolidayCalendar {
        try await read(on: db)
    }

    /// The same, kept between requests while no decision is recorded or changed (`FigureCache`: a write to
    /// `holiday_decisions` bumps the revision): for lists that read it on every page.
    static func calendar(kept: FigureCache, on db: any Database) async throws -> HolidayCalendar {
        try await kept.value("holiday calendar", on: db) { try await read(on: db) }
    }

    private static func read(on db: any Database) async throws -> HolidayCalendar {
        struct Row: Decodable { let number: String; let days_off: String; let working_days: String }
        let rows = try await db.sql.raw("SELECT number, days_off, working_days FROM holiday_decisions WHERE deleted_at IS NULL ORDER BY id")
            .rows(Row.self)
        var calendar = HolidayCalendar()
        for r in rows {
            for d in HolidayDecision.days(r.days_off) { calendar.extraDaysOff[d] = r.number }
            for d in HolidayDecision.days(r.working_days) { calendar.extraWorkingDays[d] = r.number }
        }
        return calendar
    }
}

extension HolidayDecision: FormEditable {
    public static var kind: RecordKind { .holidayDecision }
    /// A national decision belongs to no council: `Place.national`, written by administrators only.
    public var scopeUnitID: Int { Place.nationalUnitID }
    public var displayName: String { number }
    /// Days off and working days move deadlines counted in working days: every letter's stored next deadline follows.
    public func afterWrite(on db: any Database) async throws { try await LetterDue.refresh("next_due IS NOT NULL", on: db) }
    public var auditSnapshot: [String: String] {
        ["year": String(year), "number": number, "issuedOn": issuedOn ?? "", "issuer": issuer, "summary": summary, "source": source,
         "daysOff": daysOff, "workingDays": workingDays, "verified": verified ? "có" : "không"]
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> HolidayDecision {
        let d = HolidayDecision()
        d.year = query["nam"].flatMap(Int.init) ?? Day.today().year
        d.number = ""; d.issuer = "Thủ tướng Chính phủ"; d.summary = ""; d.source = ""; d.daysOff = ""; d.workingDays = ""
        d.verified = false; d.version = 0
        return d
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        func shown(_ text: String) -> String { Self.days(text).map { VietnameseFormat.date($0.description) }.joined(separator: ", ") }
        let listHint = "Các ngày cách nhau bởi dấu phẩy, ví dụ 02/01/2026, 05/01/2026"
        b.text("year", "Năm áp dụng", String(year), required: true, type: "number")
        b.text("number", "Số, ký hiệu văn bản", number, required: true, hint: "Ví dụ Công văn 12729/VPCP-KGVX")
        b.day("issuedOn", "Ngày ban hành", issuedOn)
        b.text("issuer", "Cơ quan, người ban hành", issuer, required: true)
        b.textarea("summary", "Trích yếu, nội dung", summary)
        b.text("source", "Nguồn đã đọc văn bản", source, required: true, hint: "Địa chỉ trang, số Công báo")
        b.text("daysOff", "Ngày nghỉ theo quyết định", daysOff.isEmpty ? nil : shown(daysOff), hint: listHint)
        b.text("workingDays", "Ngày làm việc bù (thứ Bảy, Chủ nhật đi làm)", workingDays.isEmpty ? nil : shown(workingDays), hint: listHint)
        b.select("verified", "Đã đối chiếu với văn bản chính thức", verified ? "true" : "false", options: [("true", "Có"), ("false", "Chưa")],
                 hint: "Chưa đối chiếu thì trang Thời hạn luật định ghi là tạm tính")
    }

    /// Each day of a list, checked in the decision's year; a message names the field and the day.
    static func dayList(_ field: String, _ label: String, _ raw: String?, year: Int?, _ v: inout Validator) -> [Day] {
        var days: [Day] = []
        for part in (raw ?? "").split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" }) {
            guard let day = v.dayValue(field, label, String(part)) else { continue }
            if let year, day.year != year { v.fail(field, "\(label): ngày \(VietnameseFormat.date(day.description)) không thuộc năm \(year).") }
            days.append(day)
        }
        return days
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let year = v.int("year", "Năm áp dụng", input["year"], range: 1900...2100)
        let number = v.text("number", "Số, ký hiệu văn bản", input["number"], max: 100)
        let issued = v.day("issuedOn", "Ngày ban hành", input["issuedOn"])
        let issuer = v.text("issuer", "Cơ quan, người ban hành", input["issuer"], max: 200)
        let summary = v.optionalText("summary", "Trích yếu", input["summary"], max: 4000) ?? ""
        let source = v.text("source", "Nguồn đã đọc văn bản", input["source"], max: 1000)
        let off = Self.dayList("daysOff", "Ngày nghỉ", input["daysOff"], year: year, &v)
        let working = Self.dayList("workingDays", "Ngày làm việc bù", input["workingDays"], year: year, &v)
        if off.isEmpty && working.isEmpty && v.errors.isEmpty { v.fail("daysOff", "Hãy ghi ít nhất một ngày nghỉ hoặc một ngày làm việc bù.") }
        for day in working where HolidayCalendar.statutory.isWorkingDay(day) {
            v.fail("workingDays", "Ngày \(VietnameseFormat.date(day.description)) vốn đã là ngày làm việc; chỉ ghi thứ Bảy, Chủ nhật hoặc ngày nghỉ lễ được đổi thành ngày làm việc.")
        }
        for day in Set(off).intersection(working) {
            v.fail("workingDays", "Ngày \(VietnameseFormat.date(day.description)) không thể vừa là ngày nghỉ vừa là ngày làm việc.")
        }
        // Two decisions may not contradict each other on one day.
        let others = try await HolidayDecision.query(on: db).all().filter { $0.id != id }
        for other in others {
            for day in Set(off).intersection(Self.days(other.workingDays)) {
                v.fail("daysOff", "Ngày \(VietnameseFormat.date(day.description)) là ngày làm việc theo \(other.number).")
            }
            for day in Set(working).intersection(Self.days(other.daysOff)) {
                v.fail("workingDays", "Ngày \(VietnameseFormat.date(day.description)) là ngày nghỉ theo \(other.number).")
            }
        }
        let verified = input["verified"] == "true"
        try v.check()
        self.year = year!; self.number = number; issuedOn = issued; self.issuer = issuer; self.summary = summary; self.source = source
        daysOff = Self.text(off); workingDays = Self.text(working); self.verified = verified
    }

    public func viewPath(on db: any Database) async throws -> String { "/thoi-han?nam=\(year)" }
}
