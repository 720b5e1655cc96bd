import Fluent
import SQLKit

extension WorkProgram: FormEditable {
    public static var kind: RecordKind { .workProgram }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { reference.map { "\(title) (số \($0))" } ?? title }
    /// Published once issued; a draft is the office's.
    public var visibility: Place.Visibility { isIssued ? .publicRecord : .internalRecord }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "bodyID": bodyID.map(String.init) ?? "", "title": title, "periodFrom": periodFrom, "periodTo": periodTo,
         "preamble": preamble ?? "", "issuedOn": issuedOn ?? "", "number": number.map(String.init) ?? "", "signer": signer ?? "",
         "signerTitle": signerTitle ?? "", "recipients": recipients ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (displayName, "Chương trình công tác") }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> WorkProgram {
        let p = WorkProgram()
        p.councilID = query.id("council", "councilID") ?? 0
        p.unitID = try await Council.find(p.councilID, on: db)?.unitID ?? 0
        let year = Day.today().year
        p.title = "Chương trình công tác năm \(year)"; p.periodFrom = "\(year)-01-01"; p.periodTo = "\(year)-12-31"
        p.signerTitle = "CHỦ TỊCH"; p.recipients = "Thường trực HĐND cấp trên;\nCác Ban HĐND, Tổ đại biểu HĐND;\nLưu: VT."
        p.folded = ""; p.version = 0
        return p
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        let bodies = try await Oversight.leaders(councilID: councilID, on: periodFrom, db: db).bodies
        b.hidden("councilID", String(councilID))
        b.section("Chương trình")
        b.select("bodyID", "Cơ quan ban hành", bodyID.map(String.init), options: bodies.map { (String($0.id), $0.name) }, required: false,
                 blank: "HĐND", hint: "Thường thường là Thường trực HĐND")
        b.text("title", "Tên chương trình", title, required: true, hint: "Ví dụ: Chương trình công tác năm 2022 của Thường trực HĐND huyện")
        b.day("periodFrom", "Từ ngày", periodFrom, required: true)
        b.day("periodTo", "Đến ngày", periodTo, required: true)
        b.textarea("preamble", "Căn cứ, mục đích, yêu cầu", preamble)
        b.section("Ban hành", hint: "Để trống khi còn là dự thảo. Khi ghi ngày ban hành, chương trình nhận số tiếp theo của sổ CTr-HĐND trong năm và được công khai.")
        b.day("issuedOn", "Ngày ban hành", issuedOn)
        b.text("number", "Số (nếu đã ban hành trước đây)", number.map(String.init), type: "number")
        CouncilDocument.SignatureFields().add(&b, signer: signer, title: signerTitle, recipients: recipients)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        var body: Int? = nil
        if let raw = input["bodyID"], !raw.isEmpty {
            body = Int(raw)
            let b = try await body.asyncMap { try await Body.find($0, on: db) } ?? nil
            if b == nil || b?.councilID != council?.id { v.fail("bodyID", "Hãy chọn một cơ quan của Hội đồng này.") }
        }
        let title = v.text("title", "Tên chương trình", input["title"], max: 500)
        let (from, to) = v.spanDays("periodFrom", input["periodFrom"], "periodTo", input["periodTo"], required: true)
        let preamble = v.optionalText("preamble", "Căn cứ, mục đích, yêu cầu", input["preamble"], max: 20_000)
        let issued = v.day("issuedOn", "Ngày ban hành", input["issuedOn"])
        if let issued, issued > Day.today().description { v.fail("issuedOn", "Ngày ban hành không thể sau hôm nay.") }
        let given = v.int("number", "Số", input["number"], range: 1...9999, required: false)
        if given != nil && issued == nil { v.fail("issuedOn", "Chương trình có số cần có ngày ban hành.") }
        if let number, issued.flatMap({ Day($0)?.year }) != numberYear {
            v.fail("issuedOn", "Chương trình đã có số \(RegisterNumbers.reference(number, symbol: Self.symbol)): không đổi được năm hoặc bỏ ngày ban hành.")
        }
        let (signer, signerTitle, recipients) = CouncilDocument.SignatureFields().read(input, &v)
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; bodyID = body; self.title = title
        periodFrom = from!.description; periodTo = to!.description; self.preamble = preamble; issuedOn = issued
        if let given, given != number { number = given; numberYear = Day(issued!)?.year }
        self.signer = signer; self.signerTitle = signerTitle; self.recipients = recipients
        folded = fold("\(title) \(reference ?? "")")
    }

    /// Once issued a program takes the next number of the council's CTr-HĐND series of its year; a number typed for an
    /// older program is noted so that the series continues after it.
    func numberProgram(on db: any Database) async throws {
        guard let year = issuedOn.flatMap({ Day($0)?.year }) else { return }
        if let number {
            try await RegisterNumbers.noteUsed(number, register: "programs", councilID: councilID, year: year,
                                               highestUsed: RegisterNumbers.highest(Self.schema, councilID: councilID, year: year), on: db)
            return
        }
        number = try await RegisterNumbers.take(register: "programs", table: Self.schema, councilID: councilID, year: year, on: db)
        numberYear = year
        folded = fold("\(title) \(reference ?? "")")
        try await update(on: db)
    }

    public func afterInsert(actor: Actor?, on db: any Database) async throws { try await numberProgram(on: db) }
    public func afterSave(actor: Actor?, on db: any Database) async throws { try await numberProgram(on: db) }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.workProgram.path(id!) }
}

extension WorkItem: FormEditable {
    public static var kind: RecordKind { .workItem }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { String(content.prefix(80)) }
    public var auditSnapshot: [String: String] {
        ["programID": String(programID), "owner": owner.rawValue, "bodyID": bodyID.map(String.init) ?? "", "ownerNote": ownerNote ?? "",
         "content": content, "plannedMonth": plannedMonth, "plannedOn": plannedOn ?? "", "kind": kind.rawValue, "state": state.rawValue,
         "doneOn": doneOn ?? ""]
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> WorkItem {
        let i = WorkItem()
        i.programID = query.id("program", "programID") ?? 0
        let program = try await WorkProgram.find(i.programID, on: db)
        i.councilID = program?.councilID ?? 0; i.unitID = program?.unitID ?? 0
        i.owner = .standing; i.content = ""; i.plannedMonth = String((program?.periodFrom ?? Day.today().description).prefix(7))
        i.kind = .oversight; i.state = .planned; i.folded = ""; i.version = 0
        return i
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        let program = try await WorkProgram.find(programID, on: db)
        let bodies = try await Oversight.leaders(councilID: councilID, on: program?.periodFrom ?? Day.today().description, db: db).bodies
        b.hidden("programID", String(programID))
        b.textarea("content", "Nội dung công việc", content, required: true)
        b.select("owner", "Chủ trì thực hiện", owner.rawValue, options: WorkItemOwner.allCases.map { ($0.rawValue, $0.label) })
        b.select("bodyID", "Ban, Tổ đại biểu chủ trì", bodyID.map(String.init), options: bodies.map { (String($0.id), $0.name) }, required: false,
                 blank: "—", hint: "Khi một Ban hoặc Tổ đại biểu chủ trì")
        b.text("ownerNote", "Phân công cụ thể", ownerNote, hint: "Ví dụ: Ban Pháp chế chủ trì, Văn phòng phối hợp")
        b.text("plannedMonth", "Tháng dự kiến", VietnameseFormat.month(plannedMonth), required: true, hint: "Dạng tháng/năm, ví dụ 03/2022")
        b.day("plannedOn", "Ngày dự kiến (nếu đã định)", plannedOn)
        b.select("kind", "Thực hiện bằng", kind.rawValue, options: WorkItemKind.allCases.map { ($0.rawValue, $0.label) },
                 hint: "Nội dung hoàn thành khi có bản ghi loại này được gắn vào; việc khác ghi ngày hoàn thành")
        b.select("state", "Tình trạng", state.rawValue, options: WorkItemState.allCases.map { ($0.rawValue, $0.label) })
        b.day("doneOn", "Ngày hoàn thành (việc khác)", doneOn)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let program = try await input["programID"].flatMap(Int.init).asyncMap { try await WorkProgram.find($0, on: db) } ?? nil
        if program == nil { v.fail("programID", "Không tìm thấy chương trình công tác.") }
        let content = v.text("content", "Nội dung công việc", input["content"], max: 5000)
        let owner = v.choice("owner", "Chủ trì thực hiện", input["owner"], as: WorkItemOwner.self)
        var body: Int? = nil
        if let raw = input["bodyID"], !raw.isEmpty {
            body = Int(raw)
            let b = try await body.asyncMap { try await Body.find($0, on: db) } ?? nil
            if b == nil || b?.councilID != program?.councilID { v.fail("bodyID", "Hãy chọn một Ban hoặc Tổ đại biểu của Hội đồng này.") }
        }
        if (owner == .committee || owner == .delegateGroup) && body == nil { v.fail("bodyID", "Hãy chọn Ban hoặc Tổ đại biểu chủ trì.") }
        let note = v.optionalText("ownerNote", "Phân công cụ thể", input["ownerNote"], max: 500)
        let month = VietnameseFormat.parseMonth(input["plannedMonth"])
        if month == nil { v.fail("plannedMonth", "Tháng dự kiến ghi dạng tháng/năm, ví dụ 03/2022.") }
        if let month, let program, month < String(program.periodFrom.prefix(7)) || month > String(program.periodTo.prefix(7)) {
            v.fail("plannedMonth", "Tháng dự kiến phải trong thời gian của chương trình.")
        }
        let on = v.day("plannedOn", "Ngày dự kiến", input["plannedOn"])
        if let on, let month, !on.hasPrefix(month) { v.fail("plannedOn", "Ngày dự kiến phải trong tháng dự kiến.") }
        let kind = v.choice("kind", "Thực hiện bằng", input["kind"], as: WorkItemKind.self)
        let state = v.choice("state", "Tình trạng", input["state"], as: WorkItemState.self)
        let done = v.day("doneOn", "Ngày hoàn thành", input["doneOn"])
        if done != nil && kind != .other { v.fail("doneOn", "Nội dung này hoàn thành khi gắn bản ghi thực hiện nó; chỉ việc khác ghi ngày hoàn thành.") }
        if let done, done > Day.today().description { v.fail("doneOn", "Ngày hoàn thành không thể sau hôm nay.") }
        if let id, let kind, kind != self.kind, try await WorkItemLinks.count(itemID: id, db: db) > 0 {
            v.fail("kind", "Nội dung đã gắn bản ghi thực hiện: hãy bỏ gắn trước khi đổi loại.")
        }
        try v.check()
        programID = program!.id!; councilID = program!.councilID; unitID = program!.unitID
        self.content = content; self.owner = owner!; bodyID = body; ownerNote = note; plannedMonth = month!; plannedOn = on
        self.kind = kind!; self.state = state!; doneOn = done
        folded = fold(content)
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.workProgram.path(programID) + "#noi-dung-\(id!)" }
}

extension Target: FormEditable {
    public static var kind: RecordKind { .target }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { sentence }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "programID": programID.map(String.init) ?? "", "measure": measure.rawValue, "scope": scope.rawValue,
         "minimum": String(minimum), "periodFrom": periodFrom, "periodTo": periodTo, "note": note ?? ""]
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> Target {
        let t = Target()
        t.programID = query.id("program", "programID")
        let program = try await t.programID.asyncMap { try await WorkProgram.find($0, on: db) } ?? nil
        t.councilID = program?.councilID ?? query.id("council", "councilID") ?? 0
        t.unitID = try await Council.find(t.councilID, on: db)?.unitID ?? 0
        let year = Day.today().year
        t.periodFrom = program?.periodFrom ?? "\(year)-01-01"; t.periodTo = program?.periodTo ?? "\(year)-12-31"
        t.measure = .supervisions; t.scope = .council; t.minimum = 1; t.version = 0
        return t
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        if let programID { b.hidden("programID", String(programID)) }
        b.select("scope", "Đối tượng", scope.rawValue, options: TargetScope.allCases.map { ($0.rawValue, $0.label) })
        b.text("minimum", "Ít nhất", String(minimum), required: true, type: "number")
        b.select("measure", "Hoạt động", measure.rawValue, options: TargetMeasure.allCases.map { ($0.rawValue, $0.unit) },
                 hint: "Tiến độ được đếm từ các bản ghi của hoạt động này trong khoảng thời gian")
        b.day("periodFrom", "Từ ngày", periodFrom, required: true)
        b.day("periodTo", "Đến ngày", periodTo, required: true)
        b.textarea("note", "Ghi chú, căn cứ", note)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        var program: Int? = nil
        if let raw = input["programID"], !raw.isEmpty {
            program = Int(raw)
            let p = try await program.asyncMap { try await WorkProgram.find($0, on: db) } ?? nil
            if p == nil || p?.councilID != council?.id { v.fail("programID", "Không tìm thấy chương trình công tác của Hội đồng này.") }
        }
        let scope = v.choice("scope", "Đối tượng", input["scope"], as: TargetScope.self)
        let measure = v.choice("measure", "Hoạt động", input["measure"], as: TargetMeasure.self)
        if let scope, let measure, !measure.scopes.contains(scope) {
            v.fail("measure", "Bản ghi \(measure.unit) không cho biết \(scope.label.lowercased()) thực hiện: hãy chọn "
                   + measure.scopes.map { $0.label.lowercased() }.joined(separator: ", ") + ".")
        }
        let minimum = v.int("minimum", "Ít nhất", input["minimum"], range: 1...100_000)
        let (from, to) = v.spanDays("periodFrom", input["periodFrom"], "periodTo", input["periodTo"], required: true)
        let note = v.optionalText("note", "Ghi chú", input["note"], max: 2000)
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; programID = program; self.scope = scope!; self.measure = measure!
        self.minimum = minimum!; periodFrom = from!.description; periodTo = to!.description; self.note = note
    }

    public func viewPath(on db: any Database) async throws -> String {
        programID.map { RecordKind.workProgram.path($0) + "#chi-tieu" } ?? RecordKind.council.path(councilID) + "/chuong-trinh-cong-tac?nam=\(Day(stored: periodFrom).year)"
    }
}
