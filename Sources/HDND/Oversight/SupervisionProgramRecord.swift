import Fluent

extension SupervisionProgram: FormEditable {
    public static var kind: RecordKind { .supervisionProgram }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { title }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "year": String(year), "resolutionID": resolutionID.map(String.init) ?? "", "notes": notes ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (title, "Chương trình giám sát của HĐND") }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> SupervisionProgram {
        let p = SupervisionProgram()
        p.councilID = query.id("council", "councilID") ?? 0
        p.unitID = try await Council.find(p.councilID, on: db)?.unitID ?? 0
        p.year = Day.today().year + 1; p.folded = ""; p.version = 0
        return p
    }

    /// The council's adopted resolutions it can name, newest first.
    static func resolutions(councilID: Int, db: any Database) async throws -> [Resolution] {
        try await Resolution.query(on: db).filter(\.$councilID == councilID).filter(\.$adopted == true).sort(\.$adoptedOn, .descending).limit(100).all()
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        b.text("year", "Năm giám sát", String(year), required: true, type: "number")
        b.select("resolutionID", "Nghị quyết thông qua chương trình", resolutionID.map(String.init),
                 options: try await Self.resolutions(councilID: councilID, db: db).map { (String($0.id!), $0.displayName) }, required: false, blank: "— Chưa thông qua —",
                 hint: "Thông qua tại kỳ họp giữa năm của năm trước")
        b.textarea("notes", "Ghi chú", notes)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let year = v.int("year", "Năm giám sát", input["year"], range: 1945...2100)
        var resolution: Int? = nil
        if let raw = input["resolutionID"], !raw.isEmpty {
            resolution = Int(raw)
            let r = try await resolution.asyncMap { try await Resolution.find($0, on: db) } ?? nil
            if r == nil || r?.councilID != council?.id || r?.adopted != true { v.fail("resolutionID", "Hãy chọn một nghị quyết đã thông qua của Hội đồng này.") }
        }
        let notes = v.optionalText("notes", "Ghi chú", input["notes"], max: 10_000)
        if let council, let year, id == nil || year != self.year,
           try await SupervisionProgram.query(on: db).filter(\.$councilID == council.id!).filter(\.$year == year).count() > 0 {
            v.fail("year", "Hội đồng đã có chương trình giám sát năm \(year).")
        }
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; self.year = year!; resolutionID = resolution; self.notes = notes
        folded = fold(title)
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.supervisionProgram.path(id!) }
}

extension SupervisionProposal: FormEditable {
    public static var kind: RecordKind { .supervisionProposal }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { String(topic.prefix(80)) }
    public var auditSnapshot: [String: String] {
        ["programID": String(programID), "topic": topic, "source": source.rawValue, "proposer": proposer, "proposedOn": proposedOn,
         "included": included ? "true" : "false"]
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> SupervisionProposal {
        let p = SupervisionProposal()
        p.programID = query.id("program", "programID") ?? 0
        let program = try await SupervisionProgram.find(p.programID, on: db)
        p.councilID = program?.councilID ?? 0; p.unitID = program?.unitID ?? 0
        p.topic = ""; p.source = .committee; p.proposer = ""; p.proposedOn = Day.today().description; p.included = false
        p.folded = ""; p.version = 0
        return p
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("programID", String(programID))
        b.textarea("topic", "Nội dung đề xuất giám sát", topic, required: true)
        b.select("source", "Nguồn đề xuất", source.rawValue, options: ProposalSource.allCases.map { ($0.rawValue, $0.label) })
        b.text("proposer", "Cơ quan, người đề xuất", proposer, required: true)
        b.day("proposedOn", "Ngày đề xuất", proposedOn, required: true)
        b.select("included", "Đưa vào chương trình", included ? "true" : "false", options: [("false", "Chưa, đang xem xét"), ("true", "Có")])
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let program = try await input["programID"].flatMap(Int.init).asyncMap { try await SupervisionProgram.find($0, on: db) } ?? nil
        if program == nil { v.fail("programID", "Không tìm thấy chương trình giám sát.") }
        let topic = v.text("topic", "Nội dung đề xuất", input["topic"], max: 2000)
        let source = v.choice("source", "Nguồn đề xuất", input["source"], as: ProposalSource.self)
        let proposer = v.text("proposer", "Cơ quan, người đề xuất", input["proposer"], max: 300)
        let proposed = v.day("proposedOn", "Ngày đề xuất", input["proposedOn"], required: true)
        if let proposed, let program, (Day(proposed)?.year ?? 0) >= program.year {
            v.fail("proposedOn", "Đề xuất cho chương trình năm \(program.year) phải gửi trong năm trước đó.")
        }
        let included = (input["included"] ?? "false") == "true"
        if !included, let id, try await Oversight.query(on: db).filter(\.$proposalID == id).count() > 0 {
            v.fail("included", "Đề xuất đã thành cuộc giám sát: không bỏ khỏi chương trình được.")
        }
        try v.check()
        programID = program!.id!; councilID = program!.councilID; unitID = program!.unitID
        self.topic = topic; self.source = source!; self.proposer = proposer; proposedOn = proposed!; self.included = included
        folded = fold("\(topic) \(proposer)")
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.supervisionProgram.path(programID) + "#de-xuat" }
}
