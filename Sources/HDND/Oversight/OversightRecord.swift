import Fluent

extension Oversight: FormEditable {
    public static var kind: RecordKind { .oversight }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { Self.displayName(kind: kind, topic: topic) }
    /// The same from the two columns it needs (a row read without the model).
    static func displayName(kind: OversightKind, topic: String) -> String { "\(kind.label): \(topic.prefix(80))" }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "kind": kind.rawValue, "lead": lead.rawValue, "bodyID": bodyID.map(String.init) ?? "",
         "personID": personID.map(String.init) ?? "", "topic": topic, "subjects": subjects, "planRef": planRef ?? "", "plannedOn": plannedOn ?? "",
         "noticedOn": noticedOn ?? "", "fieldworkFrom": fieldworkFrom, "fieldworkTo": fieldworkTo ?? "", "reportedOn": reportedOn ?? "",
         "concludedOn": concludedOn ?? "", "conclusion": conclusion ?? "", "resupervisesID": resupervisesID.map(String.init) ?? "",
         "members": members ?? "", "proposalID": proposalID.map(String.init) ?? ""]
    }
    public var searchText: (title: String, detail: String)? {
        (displayName, "\(lead.label) · từ \(VietnameseFormat.date(fieldworkFrom))")
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> Oversight {
        let o = Oversight()
        o.councilID = query.id("council", "councilID") ?? 0
        o.unitID = try await Council.find(o.councilID, on: db)?.unitID ?? 0
        o.kind = .thematic; o.lead = .standing; o.topic = ""; o.subjects = ""
        o.fieldworkFrom = Day.today().adding(days: 14).description; o.folded = ""; o.version = 0
        // Carrying out a proposal of the annual program: its council and topic.
        if let id = query.id("proposal", "proposalID"), let p = try await SupervisionProposal.find(id, on: db) {
            o.proposalID = id; o.councilID = p.councilID; o.unitID = p.unitID; o.topic = p.topic
        }
        return o
    }

    /// A body that may lead work: the standing committee, a committee, a delegate group.
    public struct LeadingBody: Decodable, Sendable { public let id: Int; public let name: String; public let kind: BodyKind }

    /// The bodies of the council's term running on `day` (else its latest) that may lead, and its delegates.
    static func leaders(councilID: Int, on day: String, db: any Database) async throws -> (bodies: [LeadingBody], delegates: [SessionAttendance.Delegate]) {
        // The term running on the day (its bodies led the work then), else the latest (a day before any term began).
        guard let term = try await Term.running(councilID: councilID, on: Day(day) ?? .today(), orLatest: true, db: db) else { return ([], []) }
        let bodies = try await db.sql.raw("""
            SELECT id, name, kind FROM bodies WHERE term_id = \(bind: term.id) AND kind IN (\(binds: [BodyKind.standing, .committee, .delegateGroup].map(\.rawValue))) \
            AND deleted_at IS NULL ORDER BY name
            """).rows(LeadingBody.self)
        return (bodies, try await SessionAttendance.delegates(termID: term.id, on: day, db: db))
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        if let proposalID { b.hidden("proposalID", String(proposalID)) }
        let (bodies, delegates) = try await Self.leaders(councilID: councilID, on: fieldworkFrom, db: db)
        let earlier = try await Oversight.query(on: db).filter(\.$councilID == councilID).sort(\.$fieldworkFrom, .descending).limit(50).all()
        b.section("Cuộc giám sát")
        b.select("kind", "Loại", kind.rawValue, options: OversightKind.allCases.map { ($0.rawValue, $0.label) })
        b.textarea("topic", "Nội dung, chuyên đề", topic, required: true)
        b.select("lead", "Chủ trì", lead.rawValue, options: OversightLead.allCases.map { ($0.rawValue, $0.label) })
        b.select("bodyID", "Cơ quan chủ trì", bodyID.map(String.init), options: bodies.map { (String($0.id), $0.name) }, required: false,
                 blank: "—", hint: "Với Thường trực, một Ban hoặc Tổ đại biểu")
        b.select("personID", "Đại biểu", personID.map(String.init), options: delegates.map { (String($0.person_id), $0.full_name) }, required: false,
                 blank: "—", hint: "Với giám sát của một đại biểu")
        b.textarea("subjects", "Đối tượng giám sát", subjects, required: true)
        b.textarea("members", "Thành viên đoàn", members, hint: "Mỗi dòng một người: họ tên — chức vụ, nhiệm vụ trong đoàn")
        b.select("resupervisesID", "Tái giám sát cuộc", resupervisesID.map(String.init), options: earlier.filter { $0.id != id }.map { (String($0.id!), $0.displayName) },
                 required: false, blank: "—")
        b.section("Các bước", hint: "Hạn mỗi bước tính theo quy định; ghi ngày khi bước đã xong.")
        b.text("planRef", "Quyết định, kế hoạch", planRef, hint: "Ví dụ Kế hoạch số 12/KH-HĐND")
        b.day("plannedOn", "Ngày ban hành kế hoạch", plannedOn)
        b.day("noticedOn", "Ngày thông báo đến đối tượng", noticedOn)
        b.day("fieldworkFrom", "Giám sát từ ngày", fieldworkFrom, required: true)
        b.day("fieldworkTo", "Đến ngày", fieldworkTo)
        b.day("reportedOn", "Ngày báo cáo kết quả", reportedOn)
        b.day("concludedOn", "Ngày Thường trực kết luận", concludedOn)
        b.textarea("conclusion", "Kết luận", conclusion)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let kind = v.choice("kind", "Loại", input["kind"], as: OversightKind.self)
        let topic = v.text("topic", "Nội dung, chuyên đề", input["topic"], max: 2000)
        let lead = v.choice("lead", "Chủ trì", input["lead"], as: OversightLead.self)
        let subjects = v.text("subjects", "Đối tượng giám sát", input["subjects"], max: 2000)
        let from = v.day("fieldworkFrom", "Giám sát từ ngày", input["fieldworkFrom"], required: true)
        var body: Int? = nil, person: Int? = nil
        if let council {
            let (bodies, delegates) = try await Self.leaders(councilID: council.id!, on: from ?? Day.today().description, db: db)
            if lead?.isBody == true {
                body = input["bodyID"].flatMap(Int.init)
                let fits = bodies.first { $0.id == body }.map { b in
                    (lead == .standing && b.kind == .standing) || (lead == .committee && b.kind == .committee) || (lead == .delegateGroup && b.kind == .delegateGroup)
                } ?? false
                if !fits { v.fail("bodyID", "Hãy chọn cơ quan chủ trì (\(lead!.label)) của Hội đồng này.") }
            }
            if lead == .delegate {
                person = input["personID"].flatMap(Int.init)
                if !delegates.contains(where: { $0.person_id == person }) { v.fail("personID", "Hãy chọn đại biểu chủ trì.") }
            }
        }
        var earlier: Oversight? = nil
        if let raw = input["resupervisesID"], !raw.isEmpty {
            earlier = try await Int(raw).asyncMap { try await Oversight.find($0, on: db) } ?? nil
            if earlier == nil || earlier?.councilID != council?.id || earlier?.id == id { v.fail("resupervisesID", "Cuộc giám sát được tái giám sát phải là một cuộc khác của Hội đồng này.") }
        }
        if kind == .resupervision && (input["resupervisesID"] ?? "").isEmpty { v.fail("resupervisesID", "Tái giám sát cần chọn cuộc giám sát trước.") }
        let members = v.optionalText("members", "Thành viên đoàn", input["members"], max: 5000)
        var proposal: Int? = nil
        if let raw = input["proposalID"], !raw.isEmpty {
            let p = try await Int(raw).asyncMap { try await SupervisionProposal.find($0, on: db) } ?? nil
            if p == nil || p?.councilID != council?.id || p?.included != true {
                v.fail("topic", "Đề xuất được thực hiện phải là một nội dung đã đưa vào chương trình giám sát của Hội đồng này.")
            }
            proposal = p?.id
        }
        let planRef = v.optionalText("planRef", "Quyết định, kế hoạch", input["planRef"], max: 200)
        let planned = v.day("plannedOn", "Ngày ban hành kế hoạch", input["plannedOn"])
        let noticed = v.day("noticedOn", "Ngày thông báo", input["noticedOn"])
        try await CouncilEnd.check(council, day: from, field: "fieldworkFrom", &v, on: db)
        let to = v.day("fieldworkTo", "Đến ngày", input["fieldworkTo"])
        v.order(from, to, field: "fieldworkTo", "Ngày kết thúc giám sát không thể trước ngày bắt đầu.")
        v.order(planned, from, field: "plannedOn", "Kế hoạch phải ban hành trước khi giám sát.")
        v.order(noticed, from, field: "noticedOn", "Thông báo phải gửi trước khi giám sát.")
        let reported = v.day("reportedOn", "Ngày báo cáo", input["reportedOn"])
        v.order(to ?? from, reported, field: "reportedOn", "Báo cáo kết quả không thể trước khi kết thúc giám sát.")
        let concluded = v.day("concludedOn", "Ngày kết luận", input["concludedOn"])
        if concluded != nil && reported == nil { v.fail("concludedOn", "Kết luận sau khi có báo cáo kết quả giám sát.") }
        v.order(reported, concluded, field: "concludedOn", "Kết luận không thể trước báo cáo kết quả.")
        let conclusion = v.optionalText("conclusion", "Kết luận", input["conclusion"], max: 10_000)
        let today = Day.today().description
        for (field, day) in [("noticedOn", noticed), ("reportedOn", reported), ("concludedOn", concluded)] where (day ?? "") > today {
            v.fail(field, "Ngày này không thể sau hôm nay.")
        }
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; self.kind = kind!; self.lead = lead!; bodyID = body; personID = person
        self.topic = topic; self.subjects = subjects; self.members = members; proposalID = proposal; resupervisesID = earlier?.id; self.planRef = planRef; plannedOn = planned
        noticedOn = noticed; fieldworkFrom = from!; fieldworkTo = to; reportedOn = reported; concludedOn = concluded; self.conclusion = conclusion
        folded = fold("\(topic) \(subjects) \(planRef ?? "") \(kind!.label)")
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.oversight.path(id!) }

    /// The steps by the rules: notice before the fieldwork, report after it, the standing committee's conclusion after the report.
    public func steps(today: Day = .today()) -> [CouncilWorkCheck] {
        let start = Day(fieldworkFrom), end = Day(fieldworkEnd), open = concludedOn == nil
        var checks = [
            CouncilWorkCheck.check(lead.isDelegates ? .delegatesOversightNotice : .oversightNotice, anchor: start, doneOn: noticedOn, open: open, today: today),
            CouncilWorkCheck.check(lead.isDelegates ? .delegatesOversightReport : .oversightReport, anchor: end, doneOn: reportedOn,
                                   open: open, today: today),
        ]
        if !lead.isDelegates {
            checks.append(.check(.oversightConclusion, anchor: reportedOn.flatMap { Day($0) }, doneOn: concludedOn, open: open, today: today))
        }
        return checks
    }
}

extension Recommendation: FormEditable {
    public static var kind: RecordKind { .recommendation }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { String(content.prefix(80)) }
    public var visibility: Place.Visibility { .internalRecord }
    /// The agency it is addressed to reads and answers it.
    public var forwardedTo: Int? { organizationID }
    public var auditSnapshot: [String: String] {
        ["oversightID": String(oversightID), "organizationID": String(organizationID), "content": content, "dueOn": dueOn,
         "status": status.rawValue, "answer": answer ?? "", "answeredOn": answeredOn ?? "", "recheckedByID": recheckedByID.map(String.init) ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (displayName, "Kiến nghị sau giám sát · hạn \(VietnameseFormat.date(dueOn))") }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> Recommendation {
        let r = Recommendation()
        r.oversightID = query.id("oversight", "oversightID") ?? 0
        let o = try await Oversight.find(r.oversightID, on: db)
        r.councilID = o?.councilID ?? 0; r.unitID = o?.unitID ?? 0
        r.organizationID = 0; r.content = ""; r.dueOn = Day.today().adding(days: 30).description; r.status = .pending
        r.folded = ""; r.version = 0
        return r
    }

    /// The agencies of the council's unit it can be addressed to (the People's Committee and its agencies).
    static func agencies(councilID: Int, db: any Database) async throws -> [(String, String)] {
        guard let council = try await Council.find(councilID, on: db) else { return [] }
        return try await TaskAssignee.options(for: council, db: db).filter { $0.0.hasPrefix("agency:") }
            .map { (String($0.0.dropFirst(7)), String($0.1.replacingOccurrences(of: " (Cơ quan)", with: ""))) }
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("oversightID", String(oversightID))
        let checkers = try await Oversight.query(on: db).filter(\.$councilID == councilID).filter(\.$kind == .resupervision)
            .filter(\.$resupervisesID == oversightID).all()
        b.textarea("content", "Nội dung kiến nghị", content, required: true)
        b.select("organizationID", "Cơ quan thực hiện", organizationID == 0 ? nil : String(organizationID),
                 options: try await Self.agencies(councilID: councilID, db: db), blank: "— Chọn —")
        b.day("dueOn", "Hạn thực hiện", dueOn, required: true)
        b.select("status", "Tình trạng", status.rawValue, options: RecommendationStatus.allCases.map { ($0.rawValue, $0.label) })
        b.textarea("answer", "Kết quả thực hiện, trả lời của cơ quan", answer)
        b.day("answeredOn", "Ngày trả lời", answeredOn)
        b.select("recheckedByID", "Đã tái giám sát tại cuộc", recheckedByID.map(String.init), options: checkers.map { (String($0.id!), $0.displayName) },
                 required: false, blank: "—")
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let oversight = try await input["oversightID"].flatMap(Int.init).asyncMap { try await Oversight.find($0, on: db) } ?? nil
        if oversight == nil { v.fail("oversightID", "Không tìm thấy cuộc giám sát.") }
        let content = v.text("content", "Nội dung kiến nghị", input["content"], max: 5000)
        let agency = input["organizationID"].flatMap(Int.init)
        let allowed = try await oversight.asyncMap { try await Self.agencies(councilID: $0.councilID, db: db).map(\.0) } ?? []
        if agency == nil || (!allowed.contains(String(agency!)) && agency != (id == nil ? nil : organizationID)) {
            v.fail("organizationID", "Hãy chọn cơ quan thực hiện kiến nghị.")
        }
        let due = v.day("dueOn", "Hạn thực hiện", input["dueOn"], required: true)
        v.order(oversight?.fieldworkFrom, due, field: "dueOn", "Hạn thực hiện không thể trước cuộc giám sát.")
        let (status, answer, answeredOn) = Self.outcome(input, &v)
        var checker: Int? = nil
        if let raw = input["recheckedByID"], !raw.isEmpty {
            checker = Int(raw)
            let c = try await checker.asyncMap { try await Oversight.find($0, on: db) } ?? nil
            if c?.kind != .resupervision || c?.resupervisesID != oversight?.id { v.fail("recheckedByID", "Chỉ chọn cuộc tái giám sát của chính cuộc giám sát này.") }
        }
        try v.check()
        oversightID = oversight!.id!; councilID = oversight!.councilID; unitID = oversight!.unitID; organizationID = agency!
        self.content = content; dueOn = due!; self.status = status!; self.answer = answer; self.answeredOn = answeredOn; recheckedByID = checker
        folded = fold(content)
    }

    /// The answer's rules, shared by the office's form and the agency's own answer: done needs what was done and its day.
    static func outcome(_ input: FormInput, _ v: inout Validator) -> (RecommendationStatus?, String?, String?) {
        let status = v.choice("status", "Tình trạng", input["status"] ?? RecommendationStatus.pending.rawValue, as: RecommendationStatus.self)
        let answer = v.optionalText("answer", "Kết quả thực hiện", input["answer"], max: 10_000)
        let answeredOn = v.day("answeredOn", "Ngày trả lời", input["answeredOn"])
        if status != .pending && answer == nil { v.fail("answer", "Hãy ghi kết quả thực hiện.") }
        if answer != nil && answeredOn == nil { v.fail("answeredOn", "Hãy ghi ngày trả lời.") }
        if let answeredOn, answeredOn > Day.today().description { v.fail("answeredOn", "Ngày trả lời không thể sau hôm nay.") }
        return (status, answer, answeredOn)
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.oversight.path(oversightID) + "#kien-nghi" }
}
