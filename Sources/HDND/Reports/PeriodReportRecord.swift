import Fluent
import Foundation
import SQLKit

extension PeriodReport: FormEditable {
    public static var kind: RecordKind { .periodReport }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { reference.map { "\(title) (số \($0))" } ?? title }
    public var visibility: Place.Visibility { issuedOn != nil ? .publicRecord : .internalRecord }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "periodFrom": periodFrom, "periodTo": periodTo, "title": title, "narrative": narrative,
         "issuedOn": issuedOn ?? "", "number": number.map(String.init) ?? "", "signer": signer ?? "", "signerTitle": signerTitle ?? "",
         "recipients": recipients ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (displayName, "Báo cáo định kỳ") }

    /// A new report of the council and period the query names, its words drafted from the figures.
    public static func blank(_ query: FormInput, on db: any Database) async throws -> PeriodReport {
        let r = PeriodReport()
        r.councilID = query.id("council", "councilID") ?? 0
        let council = try await Council.find(r.councilID, on: db)
        r.unitID = council?.unitID ?? 0
        // The period the report page asked for (days held to the accepted years), else this quarter.
        func day(_ key: String, _ alias: String) -> Day? { Day(query[key] ?? query[alias] ?? "").flatMap { Day.accepted.contains($0) ? $0 : nil } }
        let today = Day.today()
        let period = day("tu", "periodFrom").flatMap { from in day("den", "periodTo").flatMap { Period.custom(from, $0) } }
            ?? Period.quarter((today.month - 1) / 3 + 1, of: today.year) ?? Period.year(today.year)
        let named = period.named
        r.periodFrom = named.from.description; r.periodTo = named.to.description
        r.title = "Báo cáo kết quả hoạt động \(named.label.lowercasedFirst) của \(council?.name ?? "HĐND")"
        r.narrative = council == nil ? "" : ReportNarrative.draft(try await PeriodFigures.of(councilID: r.councilID, period: named, kept: .none, db: db))
        r.signerTitle = "CHỦ TỊCH"; r.recipients = "Thường trực HĐND cấp trên;\nLưu: VT."
        r.folded = ""; r.version = 0
        return r
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        b.section("Báo cáo", hint: "Phần lời được soạn sẵn từ số liệu của kỳ; hãy sửa, bổ sung trước khi ban hành. Số liệu được giữ nguyên như lúc ban hành.")
        b.day("periodFrom", "Từ ngày", periodFrom, required: true)
        b.day("periodTo", "Đến ngày", periodTo, required: true)
        b.text("title", "Tên báo cáo", title, required: true)
        b.textarea("narrative", "Nội dung báo cáo", narrative, required: true)
        b.section("Ban hành", hint: "Khi ghi ngày ban hành, báo cáo nhận số tiếp theo của sổ BC-HĐND trong năm, được công khai và không sửa được nội dung nữa.")
        b.day("issuedOn", "Ngày ban hành", issuedOn)
        CouncilDocument.SignatureFields().add(&b, signer: signer, title: signerTitle, recipients: recipients)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let (from, to) = v.spanDays("periodFrom", input["periodFrom"], "periodTo", input["periodTo"], required: true)
        let title = v.text("title", "Tên báo cáo", input["title"], max: 500)
        let narrative = v.text("narrative", "Nội dung báo cáo", input["narrative"], max: 100_000)
        let issued = v.day("issuedOn", "Ngày ban hành", input["issuedOn"])
        if let issued, issued > Day.today().description { v.fail("issuedOn", "Ngày ban hành không thể sau hôm nay.") }
        if let issued, let to, issued < to.description { v.fail("issuedOn", "Báo cáo ban hành sau khi kỳ báo cáo kết thúc.") }
        if let reference {
            // Kept as issued: only the signature and recipients may still be put right.
            if issued != issuedOn || from?.description != periodFrom || to?.description != periodTo || title != self.title || narrative != self.narrative {
                v.fail("narrative", "Báo cáo đã ban hành số \(reference): không sửa được ngày ban hành, kỳ, tên và nội dung.")
            }
        }
        let (signer, signerTitle, recipients) = CouncilDocument.SignatureFields().read(input, &v)
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; periodFrom = from!.description; periodTo = to!.description
        self.title = title; self.narrative = narrative; issuedOn = issued
        self.signer = signer; self.signerTitle = signerTitle; self.recipients = recipients
        folded = fold("\(title) \(reference ?? "")")
    }

    /// On issue: the next number of the council's BC-HĐND series of the year, and the figures as they stand.
    func issue(on db: any Database) async throws {
        guard number == nil, let year = issuedOn.flatMap({ Day($0)?.year }), let period else { return }
        number = try await RegisterNumbers.take(register: "reports", table: Self.schema, councilID: councilID, year: year, on: db)
        numberYear = year
        let figures = try await PeriodFigures.of(councilID: councilID, period: period, kept: .none, db: db)
        self.figures = String(decoding: try JSONEncoder().encode(Self.snapshot(of: figures)), as: UTF8.self)
        folded = fold("\(title) \(reference ?? "")")
        try await update(on: db)
    }

    public func afterInsert(actor: Actor?, on db: any Database) async throws { try await issue(on: db) }
    public func afterSave(actor: Actor?, on db: any Database) async throws { try await issue(on: db) }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.periodReport.path(id!) }
}
