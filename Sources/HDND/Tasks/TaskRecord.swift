import Fluent
import SQLKit

/// Who a task can be given to, for the form's one pick-list: "body:12", "council:34", "agency:56".
public struct TaskAssignee: Sendable, Equatable {
    public enum Kind: String, Sendable { case body, council, agency }
    public let kind: Kind
    public let id: Int

    public var value: String { "\(kind.rawValue):\(id)" }
    public init(kind: Kind, id: Int) { self.kind = kind; self.id = id }
    public init?(_ raw: String?) {
        let parts = (raw ?? "").split(separator: ":")
        guard parts.count == 2, let kind = Kind(rawValue: String(parts[0])), let id = Int(parts[1]) else { return nil }
        self.init(kind: kind, id: id)
    }

    /// What `council` may give tasks to, by name: the bodies of its latest term (committees, delegate groups), the
    /// councils of today's units directly below it, and the People's Committee and agencies of its own unit.
    public static func options(for council: Council, db: any Database) async throws -> [(String, String)] {
        struct Row: Decodable { let kind: String; let id: Int; let name: String }
        let rows = try await db.sql.raw("""
            SELECT 'body' AS kind, b.id, b.name FROM bodies b WHERE b.council_id = \(bind: council.id!) AND b.deleted_at IS NULL \
            AND b.kind IN (\(binds: [BodyKind.committee, .delegateGroup].map(\.rawValue))) \
            AND b.term_id = (SELECT t.id FROM terms t WHERE t.council_id = \(bind: council.id!) AND t.deleted_at IS NULL ORDER BY t.ordinal DESC LIMIT 1) \
            UNION ALL SELECT 'council' AS kind, c.id, c.name FROM councils c JOIN units u ON u.id = c.unit_id \
            WHERE u.parent_id = \(bind: council.unitID) AND u.valid_to IS NULL AND c.deleted_at IS NULL \
            UNION ALL SELECT 'agency' AS kind, o.id, o.name FROM organizations o WHERE o.unit_id = \(bind: council.unitID) \
            AND o.kind IN (\(binds: [OrganizationKind.peoplesCommittee, .agency].map(\.rawValue))) AND o.deleted_at IS NULL AND o.valid_to IS NULL \
            ORDER BY 1, 3
            """).rows(Row.self)
        let group = ["body": "Ban, Tổ đại biểu", "council": "HĐND cấp dưới", "agency": "Cơ quan"]
        return rows.map { ("\($0.kind):\($0.id)", "\($0.name) (\(group[$0.kind] ?? ""))") }
    }
}

extension CouncilTask: FormEditable {
    public static var kind: RecordKind { .task }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { String(content.prefix(80)) }
    public var visibility: Place.Visibility { .internalRecord }
    /// An agency given the task reads it and reports on it, as it answers a forwarded petition.
    public var forwardedTo: Int? { organizationID }
    public var assignee: TaskAssignee? {
        if let bodyID { return TaskAssignee(kind: .body, id: bodyID) }
        if let assigneeCouncilID { return TaskAssignee(kind: .council, id: assigneeCouncilID) }
        return organizationID.map { TaskAssignee(kind: .agency, id: $0) }
    }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "content": content, "basis": basis.rawValue, "basisRef": basisRef ?? "", "assignedOn": assignedOn,
         "dueOn": dueOn, "bodyID": bodyID.map(String.init) ?? "", "assigneeCouncilID": assigneeCouncilID.map(String.init) ?? "",
         "organizationID": organizationID.map(String.init) ?? "", "status": status.rawValue, "doneOn": doneOn ?? "", "result": result ?? "",
         "questionID": questionID.map(String.init) ?? "", "hearingID": hearingID.map(String.init) ?? "",
         "briefingID": briefingID.map(String.init) ?? ""]
    }
    public var searchText: (title: String, detail: String)? {
        (displayName, "Nhiệm vụ được giao · hạn \(VietnameseFormat.date(dueOn))")
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> CouncilTask {
        let t = CouncilTask()
        t.councilID = query.id("council", "councilID") ?? 0
        t.unitID = try await Council.find(t.councilID, on: db)?.unitID ?? 0
        t.content = ""; t.basis = .conclusion; t.assignedOn = Day.today().description; t.dueOn = ""
        t.status = .open; t.folded = ""; t.version = 0
        try await t.follow(question: query.id("question", "questionID"), hearing: query.id("hearing", "hearingID"),
                           briefing: query.id("briefing", "briefingID"), on: db)
        if let q = try await t.questionID.asyncMap({ try await Question.find($0, on: db) }) ?? nil {
            // A commitment is most often the answering agency's own.
            t.organizationID = q.organizationID
        }
        return t
    }

    /// Makes the task follow up a question's answer (a commitment), a hearing's or a briefing conference's conclusions:
    /// the same council, the basis that says so and its reference. Nil leaves it a task of its own.
    func follow(question: Int?, hearing: Int?, briefing: Int? = nil, on db: any Database) async throws {
        if let id = question, let q = try await Question.find(id, on: db) {
            questionID = id; councilID = q.councilID; unitID = q.unitID; basis = .commitment
            basisRef = "Trả lời chất vấn của \(q.respondent)" + (q.answeredOn.map { " ngày \(VietnameseFormat.date($0))" } ?? "")
        } else if let id = hearing, let h = try await ExplanationHearing.find(id, on: db) {
            hearingID = id; councilID = h.councilID; unitID = h.unitID; basis = .hearing
            basisRef = "Phiên giải trình ngày \(VietnameseFormat.date(h.heldOn))"
        } else if let id = briefing, let b = try await BriefingConference.find(id, on: db) {
            briefingID = id; councilID = b.councilID; unitID = b.unitID; basis = .briefing
            basisRef = "Hội nghị giao ban ngày \(VietnameseFormat.date(b.heldOn))"
        }
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        if let questionID { b.hidden("questionID", String(questionID)) }
        if let hearingID { b.hidden("hearingID", String(hearingID)) }
        if let briefingID { b.hidden("briefingID", String(briefingID)) }
        var assignees: [(String, String)] = []
        if let council = try await Council.find(councilID, on: db) { assignees = try await TaskAssignee.options(for: council, db: db) }
        b.section("Nhiệm vụ")
        b.textarea("content", "Nội dung nhiệm vụ", content)
        // A follow-up's basis is its source's; a task of its own names one of the others.
        if questionID == nil && hearingID == nil && briefingID == nil {
            b.select("basis", "Căn cứ giao", basis.rawValue, options: TaskBasis.allCases.filter { !$0.isFollowUp }.map { ($0.rawValue, $0.label) })
        } else {
            b.hidden("basis", basis.rawValue)
        }
        b.text("basisRef", "Số, ngày văn bản", basisRef, hint: "Ví dụ Thông báo số 12/TB-HĐND ngày 05/11/2026")
        b.select("assignee", "Giao cho", assignee?.value, options: assignees,
                 blank: "— Chọn —")
        b.day("assignedOn", "Ngày giao", assignedOn, required: true)
        b.day("dueOn", "Hạn hoàn thành", dueOn, required: true)
        b.section("Kết quả")
        b.select("status", "Tình trạng", status.rawValue, options: TaskStatus.allCases.map { ($0.rawValue, $0.label) })
        b.day("doneOn", "Ngày hoàn thành", doneOn)
        b.textarea("result", "Kết quả thực hiện", result)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let content = v.text("content", "Nội dung nhiệm vụ", input["content"], max: 5000)
        // The record followed up (kept from the form, never changed to another council's) gives the basis; a task of
        // its own names one.
        let source = CouncilTask()
        try await source.follow(question: input["questionID"].flatMap(Int.init), hearing: input["hearingID"].flatMap(Int.init),
                                briefing: input["briefingID"].flatMap(Int.init), on: db)
        var basis: TaskBasis? = nil
        if (input["questionID"] ?? "") != "" && source.questionID == nil || (input["hearingID"] ?? "") != "" && source.hearingID == nil
            || (input["briefingID"] ?? "") != "" && source.briefingID == nil {
            v.fail("basis", "Không tìm thấy chất vấn, phiên giải trình hoặc hội nghị giao ban được theo dõi.")
        } else if source.questionID != nil || source.hearingID != nil || source.briefingID != nil {
            if source.councilID != council?.id { v.fail("basis", "Việc theo dõi phải thuộc cùng Hội đồng với chất vấn, phiên giải trình.") }
            basis = source.basis
        } else {
            basis = v.choice("basis", "Căn cứ giao", input["basis"], as: TaskBasis.self)
            if basis?.isFollowUp == true { v.fail("basis", "Cam kết và việc sau giải trình được thêm từ trang chất vấn, phiên giải trình.") }
        }
        let basisRef = v.optionalText("basisRef", "Số, ngày văn bản", input["basisRef"], max: 300)
        let assigned = v.day("assignedOn", "Ngày giao", input["assignedOn"], required: true)
        try await CouncilEnd.check(council, day: assigned, field: "assignedOn", &v, on: db)
        let due = v.day("dueOn", "Hạn hoàn thành", input["dueOn"], required: true)
        v.order(assigned, due, field: "dueOn", "Hạn hoàn thành không thể trước ngày giao.")
        var assignee: TaskAssignee? = nil
        if let council {
            assignee = TaskAssignee(input["assignee"])
            let allowed = try await TaskAssignee.options(for: council, db: db).map(\.0)
            if (input["assignee"] ?? "").isEmpty { v.fail("assignee", "Hãy chọn nơi được giao nhiệm vụ.") }
            // The one it was given to stays a valid choice, even once that council or agency has ended.
            else if assignee.map({ $0 != self.assignee && !allowed.contains($0.value) }) ?? true {
                v.fail("assignee", "Nơi được giao phải là một Ban, Tổ đại biểu của Hội đồng, một HĐND cấp dưới hoặc cơ quan cùng cấp.")
            }
        }
        let (status, doneOn, result) = Self.outcome(input, assigned: assigned, &v)
        try v.check()
        councilID = council!.id!; unitID = council!.unitID
        // Without a reference typed, a follow-up names the record it follows ("Hội nghị giao ban ngày 22/11/2026").
        self.content = content; self.basis = basis!; self.basisRef = basisRef ?? source.basisRef; assignedOn = assigned!; dueOn = due!
        questionID = source.questionID; hearingID = source.hearingID; briefingID = source.briefingID
        bodyID = assignee?.kind == .body ? assignee?.id : nil
        assigneeCouncilID = assignee?.kind == .council ? assignee?.id : nil
        organizationID = assignee?.kind == .agency ? assignee?.id : nil
        self.status = status!; self.doneOn = doneOn; self.result = result
        folded = fold("\(content) \(basisRef ?? "")")
    }

    /// Done needs the day and what was done; open has neither. Shared by the form and the assignee's report.
    static func outcome(_ input: FormInput, assigned: String?, _ v: inout Validator) -> (TaskStatus?, String?, String?) {
        let status = v.choice("status", "Tình trạng", input["status"] ?? TaskStatus.open.rawValue, as: TaskStatus.self)
        let doneOn = v.day("doneOn", "Ngày hoàn thành", input["doneOn"])
        let result = v.optionalText("result", "Kết quả thực hiện", input["result"], max: 5000)
        if status == .done {
            if (input["doneOn"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty { v.fail("doneOn", "Hãy ghi ngày hoàn thành.") }
            if result == nil { v.fail("result", "Hãy ghi kết quả thực hiện.") }
            v.order(assigned, doneOn, field: "doneOn", "Ngày hoàn thành không thể trước ngày giao.")
            if let doneOn, doneOn > Day.today().description { v.fail("doneOn", "Ngày hoàn thành không thể sau hôm nay.") }
        } else if status == .open && (doneOn != nil || result != nil) {
            v.fail("status", "Ghi ngày hoàn thành và kết quả thì hãy chọn tình trạng “Đã hoàn thành”.")
        }
        return (status, status == .done ? doneOn : nil, status == .done ? result : nil)
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.task.path(id!) }
}
