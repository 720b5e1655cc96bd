import Fluent

extension Question: FormEditable {
    public static var kind: RecordKind { .question }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { String(content.prefix(80)) }
    public var visibility: Place.Visibility { .internalRecord }
    /// The agency that answers for the respondent reads and answers it.
    public var forwardedTo: Int? { organizationID }
    /// The delegate who asked writes it as the office does.
    public var ownerPersonID: Int? { askedByID }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "venue": venue.rawValue, "sessionID": sessionID.map(String.init) ?? "", "questionGroup": questionGroup ?? "",
         "askedByID": String(askedByID), "respondent": respondent, "organizationID": String(organizationID), "content": content, "askedOn": askedOn,
         "answerMode": answerMode?.rawValue ?? "", "answer": answer ?? "", "answeredOn": answeredOn ?? "", "acceptance": acceptance?.rawValue ?? "",
         "progressReport": progressReport ?? "", "progressReportedOn": progressReportedOn ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (displayName, "Chất vấn · \(respondent) · ngày \(VietnameseFormat.date(askedOn))") }

    /// A new question names its council and, for a delegate asking, themselves (`askedBy`): that is whose it is.
    public static func blank(_ query: FormInput, on db: any Database) async throws -> Question {
        let q = Question()
        q.sessionID = query.id("session", "sessionID")
        let session = try await q.sessionID.asyncMap { try await CouncilSession.find($0, on: db) } ?? nil
        q.councilID = session?.councilID ?? query.id("council", "councilID") ?? 0
        q.unitID = try await Council.find(q.councilID, on: db)?.unitID ?? 0
        q.venue = session == nil ? .writing : .session
        q.askedByID = query.id("askedBy", "askedByID") ?? 0
        q.respondent = ""; q.organizationID = 0; q.content = ""; q.askedOn = session?.opening ?? Day.today().description
        q.folded = ""; q.version = 0
        return q
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        let delegates = try await Self.delegates(councilID: councilID, on: askedOn, db: db)
        let sessions = try await CouncilSession.reportable(councilID: councilID, db: db)
        b.section("Chất vấn")
        if id == nil { b.select("askedByID", "Đại biểu chất vấn", askedByID == 0 ? nil : String(askedByID),
                                options: delegates.map { (String($0.person_id), $0.full_name) }, blank: "— Chọn —") }
        b.select("venue", "Hình thức", venue.rawValue, options: QuestionVenue.allCases.map { ($0.rawValue, $0.label) })
        b.select("sessionID", "Kỳ họp", sessionID.map(String.init), options: sessions.map { (String($0.id), $0.reportLabel) }, required: false, blank: "—")
        b.text("questionGroup", "Nhóm vấn đề", questionGroup, hint: "Nhóm vấn đề chất vấn Thường trực đề xuất, HĐND quyết định")
        b.text("respondent", "Người bị chất vấn", respondent, required: true, hint: "Chức vụ và họ tên, ví dụ Chủ tịch UBND phường Nguyễn Văn A")
        b.select("organizationID", "Cơ quan trả lời", organizationID == 0 ? nil : String(organizationID),
                 options: try await Recommendation.agencies(councilID: councilID, db: db), blank: "— Chọn —")
        b.textarea("content", "Nội dung chất vấn", content, required: true)
        b.day("askedOn", "Ngày chất vấn", askedOn, required: true)
        b.section("Trả lời")
        b.select("answerMode", "Cách trả lời", answerMode?.rawValue, options: AnswerMode.allCases.map { ($0.rawValue, $0.label) }, required: false, blank: "Chưa trả lời")
        b.textarea("answer", "Nội dung trả lời", answer)
        b.day("answeredOn", "Ngày trả lời", answeredOn)
        b.select("acceptance", "Ý kiến của đại biểu", acceptance?.rawValue, options: AnswerAcceptance.allCases.map { ($0.rawValue, $0.label) },
                 required: false, blank: "—")
    }

    static func delegates(councilID: Int, on day: String, db: any Database) async throws -> [SessionAttendance.Delegate] {
        try await Oversight.leaders(councilID: councilID, on: day, db: db).delegates
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let venue = v.choice("venue", "Hình thức", input["venue"], as: QuestionVenue.self)
        let asked = v.day("askedOn", "Ngày chất vấn", input["askedOn"], required: true)
        if let asked, asked > Day.today().description { v.fail("askedOn", "Ngày chất vấn không thể sau hôm nay.") }
        try await CouncilEnd.check(council, day: asked, field: "askedOn", &v, on: db)
        var session: CouncilSession? = nil
        if let raw = input["sessionID"], !raw.isEmpty {
            session = try await Int(raw).asyncMap { try await CouncilSession.find($0, on: db) } ?? nil
            if session == nil || session?.councilID != council?.id { v.fail("sessionID", "Kỳ họp không thuộc Hội đồng này.") }
        }
        if venue == .session && session == nil && (input["sessionID"] ?? "").isEmpty { v.fail("sessionID", "Chất vấn tại kỳ họp cần chọn kỳ họp.") }
        // The asker is fixed once asked: the question is theirs.
        var asker = askedByID
        if id == nil, let council {
            asker = input["askedByID"].flatMap(Int.init) ?? 0
            if try await !Self.delegates(councilID: council.id!, on: asked ?? Day.today().description, db: db).contains(where: { $0.person_id == asker }) {
                v.fail("askedByID", "Hãy chọn đại biểu HĐND đặt câu hỏi.")
            }
        }
        let group = v.optionalText("questionGroup", "Nhóm vấn đề", input["questionGroup"], max: 300)
        let respondent = v.text("respondent", "Người bị chất vấn", input["respondent"], max: 300)
        let agency = input["organizationID"].flatMap(Int.init)
        if let council {
            let allowed = try await Recommendation.agencies(councilID: council.id!, db: db).map(\.0)
            if agency == nil || (!allowed.contains(String(agency!)) && agency != (id == nil ? nil : organizationID)) {
                v.fail("organizationID", "Hãy chọn cơ quan trả lời.")
            }
        }
        let content = v.text("content", "Nội dung chất vấn", input["content"], max: 5000)
        let (mode, answer, answeredOn, acceptance) = Self.answer(input, askedOn: asked, &v)
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; self.venue = venue!; sessionID = session?.id; questionGroup = group
        askedByID = asker; self.respondent = respondent; organizationID = agency!; self.content = content; askedOn = asked!
        answerMode = mode; self.answer = answer; self.answeredOn = answeredOn; self.acceptance = acceptance
        folded = fold("\(content) \(respondent) \(group ?? "")")
    }

    /// The answer's rules, shared by the form and the agency's answer: an answer has its mode and day, not before the question;
    /// the delegate's acceptance follows an answer.
    static func answer(_ input: FormInput, askedOn: String?, _ v: inout Validator) -> (AnswerMode?, String?, String?, AnswerAcceptance?) {
        let mode = (input["answerMode"] ?? "").isEmpty ? nil : v.choice("answerMode", "Cách trả lời", input["answerMode"], as: AnswerMode.self)
        let answer = v.optionalText("answer", "Nội dung trả lời", input["answer"], max: 20_000)
        let answeredOn = v.day("answeredOn", "Ngày trả lời", input["answeredOn"])
        let acceptance = (input["acceptance"] ?? "").isEmpty ? nil : v.choice("acceptance", "Ý kiến của đại biểu", input["acceptance"], as: AnswerAcceptance.self)
        if answer != nil && mode == nil { v.fail("answerMode", "Hãy chọn cách trả lời.") }
        if answer != nil && answeredOn == nil { v.fail("answeredOn", "Hãy ghi ngày trả lời.") }
        if answer == nil && answeredOn != nil { v.fail("answer", "Hãy ghi nội dung trả lời.") }
        v.order(askedOn, answeredOn, field: "answeredOn", "Ngày trả lời không thể trước ngày chất vấn.")
        if let answeredOn, answeredOn > Day.today().description { v.fail("answeredOn", "Ngày trả lời không thể sau hôm nay.") }
        if acceptance != nil && answer == nil { v.fail("acceptance", "Đại biểu cho ý kiến sau khi có trả lời.") }
        return (mode, answer, answeredOn, acceptance)
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.question.path(id!) }
}
