import Fluent

extension Term: FormEditable {
    public static var kind: RecordKind { .term }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { label }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "ordinal": String(ordinal), "startYear": String(startYear),
         "endYear": String(endYear), "startDate": startDate ?? "", "endDate": endDate ?? "",
         "electedOn": electedOn ?? ""]
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> Term {
        let t = Term()
        t.councilID = query.id("council", "councilID") ?? 0
        t.unitID = try await Council.find(t.councilID, on: db)?.unitID ?? 0
        let last = try await Term.query(on: db).filter(\.$councilID == t.councilID).sort(\.$ordinal, .descending).first()
        t.ordinal = (last?.ordinal ?? 0) + 1
        t.startYear = last?.endYear ?? Day.today().year
        t.endYear = t.startYear + 5
        t.version = 0
        return t
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        b.text("ordinal", "Khóa (số thứ tự)", String(ordinal), required: true, hint: "Ví dụ 20 cho khóa XX", type: "number")
        b.text("startYear", "Năm bắt đầu nhiệm kỳ", String(startYear), required: true, type: "number")
        b.text("endYear", "Năm kết thúc nhiệm kỳ", String(endYear), required: true, type: "number")
        b.day("electedOn", "Ngày bầu cử", electedOn)
        b.day("startDate", "Ngày bắt đầu (kỳ họp thứ nhất)", startDate)
        b.day("endDate", "Ngày kết thúc", endDate)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let ordinal = v.int("ordinal", "Khóa", input["ordinal"], range: 1...99)
        let start = v.int("startYear", "Năm bắt đầu", input["startYear"], range: 1945...2100)
        let end = v.int("endYear", "Năm kết thúc", input["endYear"], range: 1945...2100)
        if let start, let end, end <= start { v.fail("endYear", "Năm kết thúc phải sau năm bắt đầu.") }
        let electedOn = v.day("electedOn", "Ngày bầu cử", input["electedOn"])
        let startDate = v.day("startDate", "Ngày bắt đầu", input["startDate"])
        v.order(electedOn, startDate, field: "startDate", "Ngày bắt đầu nhiệm kỳ không thể trước ngày bầu cử.")
        let endDate = v.day("endDate", "Ngày kết thúc", input["endDate"])
        v.order(startDate, endDate, field: "endDate", "Ngày kết thúc phải sau ngày bắt đầu.")
        if let council, let ordinal,
           let other = try await Term.query(on: db).filter(\.$councilID == council.id!).filter(\.$ordinal == ordinal).first(),
           other.id != id {
            v.fail("ordinal", "Hội đồng này đã có khóa \(RomanNumeral.string(ordinal)).")
        }
        try v.check()
        councilID = council!.id!; unitID = council!.unitID
        self.ordinal = ordinal!; startYear = start!; endYear = end!
        self.startDate = startDate; self.endDate = endDate; self.electedOn = electedOn
    }

    public func viewPath(on db: any Database) async throws -> String {
        RecordKind.council.path(councilID) + "?nhiem-ky=\(id!)"
    }

    /// Every term has its delegates and its standing committee from the start.
    public func afterInsert(actor: Actor?, on db: any Database) async throws {
        for kind in [BodyKind.council, .standing] {
            let body = Body()
            body.councilID = councilID; body.termID = id!; body.unitID = unitID
            body.kind = kind; body.name = kind.label; body.folded = fold(kind.label); body.version = 1
            try await body.create(on: db)
            try await Audit.record(on: db, actor: actor, action: .create, recordType: RecordKind.body.rawValue,
                                   recordID: body.id!, unitID: unitID, summary: "\(RecordKind.body.label): \(body.name)",
                                   before: [:], after: body.auditSnapshot)
        }
    }
}

/// Lookups that forms share: an id typed or posted, checked to exist, with the message naming the field.
enum DirectoryLookup {
    static func council(_ raw: String?, field: String, _ v: inout Validator, on db: any Database) async throws -> Council? {
        guard let id = raw.flatMap({ Int($0) }), let council = try await Council.find(id, on: db) else {
            v.fail(field, "Không tìm thấy Hội đồng nhân dân đã chọn."); return nil
        }
        return council
    }

    static func term(_ raw: String?, field: String, _ v: inout Validator, on db: any Database) async throws -> Term? {
        guard let id = raw.flatMap({ Int($0) }), let term = try await Term.find(id, on: db) else {
            v.fail(field, "Không tìm thấy nhiệm kỳ đã chọn."); return nil
        }
        return term
    }
}
