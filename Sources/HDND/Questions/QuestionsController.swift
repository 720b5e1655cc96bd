import Fluent
import SQLKit
import Vapor

/// A council's questions, a question's page with the agency's answer and the delegate's acceptance, and an agency's
/// questions to answer.
struct QuestionsController {
    func register(_ signedIn: any RoutesBuilder) {
        signedIn.get(PathComponent(stringLiteral: RecordKind.question.slug), ":id", use: show)
        signedIn.post(PathComponent(stringLiteral: RecordKind.question.slug), ":id", "tra-loi", use: answer)
        signedIn.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "chat-van", use: list)
        signedIn.get("co-quan", "chat-van", use: inbox)
    }

    struct Row: Decodable { let id: Int; let content: String; let respondent: String; let asked_on: String; let venue: QuestionVenue
                            let answer_mode: AnswerMode?; let answered_on: String?; let acceptance: AnswerAcceptance?; let asker: String
                            let council_name: String }
    struct Item: Encodable { let href: String; let content: String; let respondent: String; let asker: String; let asked: String; let venue: String
                             let state: String; let overdue: Bool; let council: String }

    static func rows(_ filter: SQLQueryString, db: any Database) async throws -> [Row] {
        try await db.sql.raw("""
            SELECT q.id, q.content, q.respondent, q.asked_on, q.venue, q.answer_mode, q.answered_on, q.acceptance, p.full_name AS asker, c.name AS council_name \
            FROM questions q JOIN people p ON p.id = q.asked_by_id JOIN councils c ON c.id = q.council_id \
            WHERE q.deleted_at IS NULL AND \(filter) ORDER BY q.asked_on DESC, q.id DESC LIMIT 200
            """).all(decoding: Row.self)
    }

    static func item(_ r: Row, today: Day) -> Item {
        let q = Question()
        q.venue = r.venue; q.answerMode = r.answer_mode; q.askedOn = r.asked_on; q.answeredOn = r.answered_on; q.answer = r.answered_on == nil ? nil : ""
        let due = q.writtenAnswer(today: today)
        let state = r.answered_on.map { "Đã trả lời ngày \(VietnameseFormat.date($0))" + (r.acceptance.map { " — \($0.label.lowercased())" } ?? "") }
            ?? (due?.due.map { "Chờ trả lời bằng văn bản, hạn \(VietnameseFormat.date($0.description))" } ?? "Chờ trả lời")
        return Item(href: RecordKind.question.path(r.id), content: r.content, respondent: r.respondent, asker: r.asker,
                    asked: VietnameseFormat.date(r.asked_on), venue: r.venue.label, state: state, overdue: due?.overdue ?? false, council: r.council_name)
    }

    /// Questions addressed to the agencies and not answered yet: what an agency's home counts.
    static func unanswered(agencyIDs: [Int], db: any Database) async throws -> Int {
        struct N: Decodable { let n: Int }
        return try await db.sql.raw("""
            SELECT COUNT(*) AS n FROM questions WHERE deleted_at IS NULL AND answered_on IS NULL AND organization_id IN (\(binds: agencyIDs.isEmpty ? [-1] : agencyIDs))
            """).first(decoding: N.self)?.n ?? 0
    }

    struct ListPage: Encodable { let layout: LayoutContext; let heading: String; let crumbHref: String?; let items: [Item]; let newHref: String? }

    func list(req: Request) async throws -> View {
        let (council, place) = try await Places.authorizeInternal(.read, councilID: try req.parameters.require("id", as: Int.self), actor: req.actor, on: req.db)
        let today = Day.today()
        let items = try await Self.rows("q.council_id = \(bind: council.id)", db: req.db).map { Self.item($0, today: today) }
        // The office asks for any delegate; a delegate of this council asks as themselves.
        var newHref: String? = nil
        if Policy.allows(req.actor, .create, place) { newHref = RecordKind.question.newPath + "?council=\(council.id)" }
        else if let person = req.actor?.personID, req.actor?.grants.contains(where: { $0.role == .delegate && $0.unitID == council.unit_id }) == true {
            newHref = RecordKind.question.newPath + "?council=\(council.id)&askedBy=\(person)"
        }
        return try await req.view.render("Questions/list", ListPage(layout: req.layoutContext(title: "Chất vấn"), heading: "Chất vấn — \(council.name)",
                                                                   crumbHref: RecordKind.council.path(council.id), items: items, newHref: newHref))
    }

    func inbox(req: Request) async throws -> View {
        let actor = try req.requireActor()
        guard !actor.agencyIDs.isEmpty else { throw Abort(.forbidden, reason: "Trang này dành cho tài khoản của cơ quan.") }
        let items = try await Self.rows("q.organization_id IN (\(binds: actor.agencyIDs))", db: req.db).map { Self.item($0, today: .today()) }
        return try await req.view.render("Questions/list", ListPage(layout: req.layoutContext(title: "Chất vấn"), heading: "Chất vấn gửi cơ quan",
                                                                   crumbHref: nil, items: items, newHref: nil))
    }

    struct Fact: Encodable { let label: String; let value: String }
    struct Page: Encodable {
        let layout: LayoutContext
        let heading: String
        let councilHref: String, councilName: String
        /// The council's list of questions, for those who read it (an agency reads only what is addressed to it).
        let listHref: String?
        let facts: [Fact]
        let due: Fact?, dueOverdue: Bool, dueProvisional: Bool
        let answer: String?
        let answerAction: String?
        let form: [FormField]
        let formError: String?
        let version: Int
        let editHref: String?, auditHref: String?
    }

    func page(_ req: Request, _ q: Question, input: FormInput? = nil, error: ValidationFailure? = nil) async throws -> Page {
        let place = try await Places.of(q, on: req.db)
        guard Policy.allows(req.actor, .read, place) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
        guard let council = try await Council.find(q.councilID, on: req.db) else { throw Abort(.notFound) }
        let asker = try await Person.find(q.askedByID, on: req.db)
        var facts = [Fact(label: "Đại biểu chất vấn", value: asker?.fullName ?? ""), Fact(label: "Người bị chất vấn", value: q.respondent),
                     Fact(label: "Hình thức", value: q.venue.label), Fact(label: "Ngày chất vấn", value: VietnameseFormat.date(q.askedOn))]
        if let id = q.sessionID, let s = try await CouncilSession.find(id, on: req.db) { facts.append(Fact(label: "Kỳ họp", value: s.title)) }
        if let g = q.questionGroup { facts.append(Fact(label: "Nhóm vấn đề", value: g)) }
        if let mode = q.answerMode { facts.append(Fact(label: "Cách trả lời", value: mode.label)) }
        if let a = q.answeredOn { facts.append(Fact(label: "Ngày trả lời", value: VietnameseFormat.date(a))) }
        if let a = q.acceptance { facts.append(Fact(label: "Ý kiến của đại biểu", value: a.label)) }
        let check = q.writtenAnswer()
        let canAnswer = Policy.allows(req.actor, .answer, place) && q.answer == nil
        var b = FormBuilder(input: input, errors: error)
        b.hidden("answerMode", AnswerMode.written.rawValue)
        b.textarea("answer", "Nội dung trả lời", nil, required: true)
        b.day("answeredOn", "Ngày trả lời", Day.today().description, required: true)
        return Page(layout: req.layoutContext(title: "Chất vấn", withForm: canAnswer), heading: "Chất vấn: \(q.displayName)",
                    councilHref: RecordKind.council.path(council.id!), councilName: council.name,
                    listHref: Policy.allows(req.actor, .read, Place(unitID: place.unitID, unitPath: place.unitPath, visibility: .internalRecord))
                        ? RecordKind.council.path(council.id!) + "/chat-van" : nil, facts: facts,
                    due: check.map { c in Fact(label: "Hạn trả lời bằng văn bản", value: (c.due.map { VietnameseFormat.date($0.description) } ?? "")
                                             + " (\(c.rule?.wording ?? "") ngày chất vấn — \(c.rule?.legalBasis ?? ""))") },
                    dueOverdue: check?.overdue ?? false, dueProvisional: check?.provisional ?? false, answer: q.answer,
                    answerAction: canAnswer ? RecordKind.question.path(q.id!) + "/tra-loi" : nil, form: b.fields,
                    formError: error.map { _ in "Chưa ghi được trả lời: xem các mục ghi chú đỏ." }, version: q.version,
                    editHref: Policy.allows(req.actor, .update, place) ? RecordKind.question.editPath(q.id!) : nil,
                    auditHref: Policy.allows(req.actor, .viewAudit, place) ? RecordKind.question.auditPath(q.id!) : nil)
    }

    func show(req: Request) async throws -> View {
        guard let q = try await Question.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        return try await req.view.render("Questions/question", try await page(req, q))
    }

    /// The agency's written answer, checked like the form's, versioned and audited.
    func answer(req: Request) async throws -> Response {
        guard let q = try await Question.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        guard Policy.allows(req.actor, .answer, try await Places.of(q, on: req.db)) else { throw Abort(.forbidden) }
        let input = try RecordPages<Question>.input(req)
        do {
            guard let expected = input["version"].flatMap(Int.init) else { throw ValidationFailure(field: "version", "Thiếu phiên bản; hãy tải lại trang.") }
            var v = Validator()
            var one = input
            one["answerMode"] = AnswerMode.written.rawValue; one["acceptance"] = nil
            if (one["answer"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { v.fail("answer", "Hãy ghi nội dung trả lời.") }
            let (mode, answer, answeredOn, _) = Question.answer(one, askedOn: q.askedOn, &v)
            try v.check()
            let before = q.auditSnapshot
            q.answerMode = mode; q.answer = answer; q.answeredOn = answeredOn
            try await RecordWriter(db: req.db, actor: req.actor).saveAnswer(q, expectedVersion: expected, before: before,
                                                                             summary: "Trả lời chất vấn: \(q.displayName)")
        } catch let failure as ValidationFailure {
            let response = try await req.view.render("Questions/question", try await page(req, q, input: input, error: failure)).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        req.flash("success", "Đã gửi trả lời chất vấn.")
        return req.redirect(to: RecordKind.question.path(q.id!))
    }
}
