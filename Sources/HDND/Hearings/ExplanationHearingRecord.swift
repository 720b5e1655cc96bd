import Fluent

extension ExplanationHearing: FormEditable {
    public static var kind: RecordKind { .explanationHearing }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { "Phiên giải trình: \(topic.prefix(80))" }
    /// Public unless the standing committee decided otherwise: then only the council's own people see it.
    public var visibility: Place.Visibility { isPublic ? .publicRecord : .internalRecord }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "topic": topic, "respondents": respondents, "heldOn": heldOn, "planRef": planRef ?? "",
         "noticedOn": noticedOn ?? "", "isPublic": isPublic ? "true" : "false", "conclusion": conclusion ?? "", "concludedOn": concludedOn ?? ""]
    }
    public var searchText: (title: String, detail: String)? {
        (displayName, "Thường trực HĐND · ngày \(VietnameseFormat.date(heldOn))")
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> ExplanationHearing {
        let h = ExplanationHearing()
        h.councilID = query.id("council", "councilID") ?? 0
        h.unitID = try await Council.find(h.councilID, on: db)?.unitID ?? 0
        h.topic = ""; h.respondents = ""; h.heldOn = Day.today().adding(days: 14).description; h.isPublic = true
        h.folded = ""; h.version = 0
        return h
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        b.section("Phiên giải trình")
        b.textarea("topic", "Nội dung giải trình", topic, required: true)
        b.textarea("respondents", "Người được yêu cầu giải trình", respondents, required: true, hint: "Mỗi dòng một người, kèm chức vụ")
        b.day("heldOn", "Ngày tổ chức", heldOn, required: true)
        b.text("planRef", "Kế hoạch, quyết định", planRef, hint: "Ví dụ Kế hoạch số 15/KH-HĐND")
        b.day("noticedOn", "Ngày thông báo đến người giải trình", noticedOn)
        b.select("isPublic", "Hình thức", isPublic ? "true" : "false",
                 options: [("true", "Công khai"), ("false", "Không công khai (theo quyết định của Thường trực HĐND)")])
        b.section("Kết luận")
        b.textarea("conclusion", "Kết luận của Thường trực HĐND", conclusion)
        b.day("concludedOn", "Ngày ban hành kết luận", concludedOn)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let topic = v.text("topic", "Nội dung giải trình", input["topic"], max: 2000)
        let respondents = v.text("respondents", "Người được yêu cầu giải trình", input["respondents"], max: 2000)
        let held = v.day("heldOn", "Ngày tổ chức", input["heldOn"], required: true)
        try await CouncilEnd.check(council, day: held, field: "heldOn", &v, on: db)
        let planRef = v.optionalText("planRef", "Kế hoạch, quyết định", input["planRef"], max: 200)
        let noticed = v.day("noticedOn", "Ngày thông báo", input["noticedOn"])
        v.order(noticed, held, field: "noticedOn", "Thông báo phải gửi trước phiên giải trình.")
        let conclusion = v.optionalText("conclusion", "Kết luận", input["conclusion"], max: 20_000)
        let concluded = v.day("concludedOn", "Ngày ban hành kết luận", input["concludedOn"])
        if concluded != nil && conclusion == nil { v.fail("conclusion", "Hãy ghi nội dung kết luận.") }
        v.order(held, concluded, field: "concludedOn", "Kết luận ban hành sau phiên giải trình.")
        let today = Day.today().description
        for (field, day) in [("noticedOn", noticed), ("concludedOn", concluded)] where (day ?? "") > today {
            v.fail(field, "Ngày này không thể sau hôm nay.")
        }
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; self.topic = topic; self.respondents = respondents; heldOn = held!
        self.planRef = planRef; noticedOn = noticed; isPublic = (input["isPublic"] ?? "true") != "false"; self.conclusion = conclusion; concludedOn = concluded
        folded = fold("\(topic) \(respondents) \(planRef ?? "")")
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.explanationHearing.path(id!) }
}
