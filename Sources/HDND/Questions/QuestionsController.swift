import Fluent
import SQLKit
import Vapor

/// A council's questions, a question's page with the agency's answer and the delegate's acceptance, and an agency's
/// questions to answer.
struct QuestionsController {
    func register(_ signedIn: any RoutesBuilder) {
        signedIn.get(PathComponent(stringLiteral: RecordKind.question.slug), ":id", use: show)
        signedIn.post(PathComponent(stringLiteral: RecordKind.question.slug), ":id", "tra-loi", use: answer)
        signedIn.post(PathComponent(stringLiteral: RecordKind.question.slug), ":id", "bao-cao-tien-do", use: progress)
        signedIn.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "chat-van", use: list)
        TableExport.routes(signedIn, [PathComponent(stringLiteral: RecordKind.council.slug), ":id"], base: "chat-van", use: export)
        signedIn.get("co-quan", "chat-van", use: inbox)
    }

    struct Row: Decodable { let id: Int; let content: String; let respondent: String; let asked_on: String; let venue: QuestionVenue
                            let answer_mode: AnswerMode?; let answered_on: String?; let acceptance: AnswerAcceptance?; let asker: String
                            let council_name: String }
    struct Item: Encodable { let href: String; let content: String; let respondent: String; let asker: String; let asked: String; let venue: String
                             let state: String; let overdue: Bool; let council: String }

    /// What a list of questions is narrowed to: a council's or the agencies', by venue, unanswered only, by words.
    struct Filters: Sendable {
        var councilID: Int?
        var agencyIDs: [Int]?
        var venue: QuestionVenue?
        var unanswered = false
        var keyword = ""
    }

    static func condition(_ f: Filters) -> SQLQueryString {
        var c: SQLQueryString = "q.deleted_at IS NULL"
        if let id = f.councilID { c = "\(c) AND q.council_id = \(bind: id)" }
        if let ids = f.agencyIDs { c = "\(c) AND q.organization_id IN (\(binds: ids.isEmpty ? [-1] : ids))" }
        if let venue = f.venue { c = "\(c) AND q.venue = \(bind: venue.rawValue)" }
        if f.unanswered { c = "\(c) AND q.answered_on IS NULL" }
        for word in searchWords(f.keyword) { c = "\(c) AND q.folded LIKE \(bind: "%\(word)%")" }
        return c
    }

    /// A page of questions, newest entered first, after or before a cursor (`Paging`).
    static func rows(_ f: Filters, before: Int? = nil, after: Int? = nil, limit: Int, db: any Database) async throws -> [Row] {
        var c = condition(f)
        if let before { c = "\(c) AND q.id < \(bind: before)" }
        if let after { c = "\(c) AND q.id > \(bind: after)" }
        let order: SQLQueryString = after == nil ? "q.id DESC" : "q.id ASC"
        return try await db.sql.raw("""
            SELECT q.id, q.content, q.respondent, q.asked_on, q.venue, q.answer_mode, q.answered_on, q.acceptance, p.full_name AS asker, c.name AS council_name \
            FROM questions q JOIN people p ON p.id = q.asked_by_id JOIN councils c ON c.id = q.council_id \
            WHERE \(c) ORDER BY \(order) LIMIT \(bind: limit)
            """).rows(Row.self)
    }

    static func count(_ f: Filters, db: any Database) async throws -> Int {
        struct N: Decodable { let n: Int }
        return try await db.sql.raw("SELECT COUNT(*) AS n FROM questions q WHERE \(condition(f))").firstRow(N.self)?.n ?? 0
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
            """).firstRow(N.self)?.n ?? 0
    }

    struct ListPage: Encodable {
        let layout: LayoutContext; let heading: String; let crumbHref: String?; let items: [Item]; let newHref: String?
        let pager: Paging.Pager
        let keyword: String, venues: Options, unanswered: Bool
        /// The export links keep the list's filters.
        let exportQuery: String
    }

    /// The list's own filters from the address: words, venue, unanswered only.
    static func filters(_ req: Request, into f: inout Filters) throws {
        var v = Validator()
        f.keyword = Paging.keyword(req, &v)
        if let raw = req.queryValue("hinh-thuc"), !raw.isEmpty { f.venue = v.choice("hinh-thuc", "Hình thức", raw, as: QuestionVenue.self) }
        f.unanswered = req.queryValue("chua-tra-loi") == "1"
        try v.check()
    }

    func render(_ req: Request, _ f: Filters, heading: String, crumbHref: String?, newHref: String?) async throws -> View {
        let before = try Paging.cursor(req), after = try Paging.after(req), today = Day.today()
        let fetched = try await Self.rows(f, before: before, after: after, limit: 51, db: req.db)
        let (rows, pager) = Paging.page(fetched, size: 50, before: before, after: after, id: \.id, total: try await Self.count(f, db: req.db),
                                        noun: "chất vấn", path: req.url.path, query: req.url.query)
        return try await req.view.render("Questions/list", ListPage(
            layout: req.layoutContext(title: "Chất vấn"), heading: heading, crumbHref: crumbHref, items: rows.map { Self.item($0, today: today) },
            newHref: newHref, pager: pager, keyword: f.keyword,
            venues: Options(QuestionVenue.allCases.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0 == f.venue) }), unanswered: f.unanswered,
            exportQuery: req.url.query.map { "?" + $0 } ?? ""))
    }

    func list(req: Request) async throws -> View {
        let (council, place) = try await Places.authorizeInternal(.read, councilID: try req.parameters.require("id", as: Int.self), actor: req.actor, kept: req.application.figures, on: req.db)
        var f = Filters()
        f.councilID = council.id
        try Self.filters(req, into: &f)
        // The office asks for any delegate; a delegate of this council asks as themselves.
        var newHref: String? = nil
        if Policy.allows(req.actor, .create, place) { newHref = RecordKind.question.newPath + "?council=\(council.id)" }
        else if let person = req.actor?.personID, req.actor?.grants.contains(where: { $0.role == .delegate && $0.unitID == council.unit_id }) == true {
            newHref = RecordKind.question.newPath + "?council=\(council.id)&askedBy=\(person)"
        }
        return try await render(req, f, heading: "Chất vấn — \(council.name)", crumbHref: RecordKind.council.path(council.id), newHref: newHref)
    }

    /// A council's questions as a table (.xlsx or .csv), as the list shows them.
    func export(req: Request, format: ExportFormat) async throws -> Response {
        let (council, _) = try await Places.authorizeInternal(.read, councilID: try req.parameters.require("id", as: Int.self), actor: req.actor, kept: req.application.figures, on: req.db)
        let today = Day.today(), db = req.db
        var f = Filters()
        f.councilID = council.id
        try Self.filters(req, into: &f)
        let filters = f
        let columns = [TableColumn("Ngày chất vấn", width: 14), TableColumn("Đại biểu chất vấn", width: 24), TableColumn("Người bị chất vấn", width: 30),
                       TableColumn("Nội dung", width: 60), TableColumn("Hình thức", width: 24), TableColumn("Tình trạng", width: 40)]
        return try await TableExport.response(format, filename: "chat-van-\(council.id)", title: "Chất vấn", columns: columns, on: req) { cursor in
            let rows = try await Self.rows(filters, before: cursor.flatMap { Int($0) }, limit: TableExport.pageSize, db: db)
            return (rows.map { r in
                [.day(r.asked_on), .text(r.asker), .text(r.respondent), .text(r.content), .text(r.venue.label), .text(Self.item(r, today: today).state)]
            }, rows.count == TableExport.pageSize ? rows.last.map { String($0.id) } : nil)
        }
    }

    func inbox(req: Request) async throws -> View {
        let actor = try req.requireActor()
        guard !actor.agencyIDs.isEmpty else { throw Abort(.forbidden, reason: "Trang này dành cho tài khoản của cơ quan.") }
        var f = Filters()
        f.agencyIDs = actor.agencyIDs
        try Self.filters(req, into: &f)
        return try await render(req, f, heading: "Chất vấn gửi cơ quan", crumbHref: nil, newHref: nil)
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
        /// The answer's fields (`FormField.html`).
        let form: HTML
        let formError: String?
        let version: Int
        let editHref: String?, auditHref: String?
        let followUps: FollowUps
        /// The report on the commitments: its due date, the report once made, the form for it.
        let progress: Progress?
    }
    struct Progress: Encodable {
        let due: String, overdue: Bool, provisional: Bool
        let report: String?, reportedOn: String?
        let action: String?
        let error: String?
        /// What was typed, kept when the form comes back with an error.
        let draft: String, draftOn: String
    }

    func page(_ req: Request, _ q: Question, input: FormInput? = nil, error: ValidationFailure? = nil) async throws -> Page {
        let place = try await Places.of(q, kept: req.application.figures, on: req.db)
        guard Policy.allows(req.actor, .read, place) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
        let council = try await Places.council(q.councilID, kept: req.application.figures, on: req.db)
        // The asking delegate's and the session's names in one read (two models' reads before).
        struct Names: Decodable { let asker: String?; let number: Int?; let numerals: SessionNumerals? }
        let names = try await req.db.sql.raw("""
            SELECT p.full_name AS asker, s.number, s.numerals FROM (SELECT 1 AS one) one \
            LEFT JOIN \(ident: Person.schema) p ON p.id = \(bind: q.askedByID) AND p.deleted_at IS NULL \
            LEFT JOIN \(ident: CouncilSession.schema) s ON s.id = \(bind: q.sessionID ?? 0) AND s.deleted_at IS NULL
            """).firstRow(Names.self)
        var facts = [Fact(label: "Đại biểu chất vấn", value: names?.asker ?? ""), Fact(label: "Người bị chất vấn", value: q.respondent),
                     Fact(label: "Hình thức", value: q.venue.label), Fact(label: "Ngày chất vấn", value: VietnameseFormat.date(q.askedOn))]
        if let number = names?.number { facts.append(Fact(label: "Kỳ họp", value: CouncilSession.title(number, names?.numerals ?? .arabic))) }
        if let g = q.questionGroup { facts.append(Fact(label: "Nhóm vấn đề", value: g)) }
        if let mode = q.answerMode { facts.append(Fact(label: "Cách trả lời", value: mode.label)) }
        if let a = q.answeredOn { facts.append(Fact(label: "Ngày trả lời", value: VietnameseFormat.date(a))) }
        if let a = q.acceptance { facts.append(Fact(label: "Ý kiến của đại biểu", value: a.label)) }
        let check = q.writtenAnswer()
        let canAnswer = Policy.allows(req.actor, .answer, place) && q.answer == nil
        let followUps = try await FollowUps.of(question: q, actor: req.actor, kept: req.application.figures, db: req.db)
        let progressErrors = (error?.errors ?? []).filter { $0.field.hasPrefix("progress") }.map(\.message)
        var progress: Progress? = nil
        if !followUps.items.isEmpty {
            let after = Day(q.answeredOn ?? q.askedOn) ?? .today()
            let next = try await SessionQueries.nextRegularOpenings(councilID: q.councilID, after: after, limit: 1, db: req.db).first
            let c = q.progressCheck(nextSession: next, commitmentsOpen: followUps.anyOpen)
            progress = Progress(due: c.due.map { VietnameseFormat.date($0.description) + " (\(c.rule?.wording ?? "") ngày khai mạc kỳ họp thường lệ tiếp theo, "
                                                   + "\(VietnameseFormat.date(next!.description)))" } ?? "Trước kỳ họp thường lệ tiếp theo (chưa có lịch)",
                                overdue: c.overdue, provisional: c.provisional, report: q.progressReport,
                                reportedOn: q.progressReportedOn.map { VietnameseFormat.date($0) },
                                action: Policy.allows(req.actor, .answer, place) ? RecordKind.question.path(q.id!) + "/bao-cao-tien-do" : nil,
                                error: progressErrors.isEmpty ? nil : progressErrors.joined(separator: " "),
                                draft: input?["progressReport"] ?? q.progressReport ?? "",
                                draftOn: input?["progressReportedOn"] ?? q.progressReportedOn.map { VietnameseFormat.date($0) } ?? VietnameseFormat.date(Day.today().description))
        }
        var b = FormBuilder(input: input, errors: error)
        b.hidden("answerMode", AnswerMode.written.rawValue)
        b.textarea("answer", "Nội dung trả lời", nil, required: true)
        b.day("answeredOn", "Ngày trả lời", Day.today().description, required: true)
        return Page(layout: req.layoutContext(title: "Chất vấn", withForm: canAnswer || progress?.action != nil), heading: "Chất vấn: \(q.displayName)",
                    councilHref: RecordKind.council.path(council.id), councilName: council.name,
                    listHref: Policy.allows(req.actor, .read, Place(unitID: place.unitID, unitPath: place.unitPath, visibility: .internalRecord))
                        ? RecordKind.council.path(council.id) + "/chat-van" : nil, facts: facts,
                    due: check.map { c in Fact(label: "Hạn trả lời bằng văn bản", value: (c.due.map { VietnameseFormat.date($0.description) } ?? "")
                                             + " (\(c.rule?.wording ?? "") ngày chất vấn — \(c.rule?.legalBasis ?? ""))") },
                    dueOverdue: check?.overdue ?? false, dueProvisional: check?.provisional ?? false, answer: q.answer,
                    answerAction: canAnswer ? RecordKind.question.path(q.id!) + "/tra-loi" : nil, form: .join(b.fields.map { $0.html() }),
                    formError: error != nil && progressErrors.isEmpty ? "Chưa ghi được trả lời: xem các mục ghi chú đỏ." : nil, version: q.version,
                    editHref: Policy.allows(req.actor, .update, place) ? RecordKind.question.editPath(q.id!) : nil,
                    auditHref: Policy.allows(req.actor, .viewAudit, place) ? RecordKind.question.auditPath(q.id!) : nil,
                    followUps: followUps, progress: progress)
    }

    func show(req: Request) async throws -> View {
        guard let q = try await Question.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        return try await req.view.render("Questions/question", try await page(req, q))
    }

    /// The agency's written answer, checked like the form's, versioned and audited.
    func answer(req: Request) async throws -> Response {
        try await agencyWrite(req, done: "Đã gửi trả lời chất vấn.", anchor: "") { q, input, v in
            var one = input
            one["answerMode"] = AnswerMode.written.rawValue; one["acceptance"] = nil
            if (one["answer"] ?? "").trimmed.isEmpty { v.fail("answer", "Hãy ghi nội dung trả lời.") }
            let (mode, answer, answeredOn, _) = Question.answer(one, askedOn: q.askedOn, &v)
            try v.check()
            q.answerMode = mode; q.answer = answer; q.answeredOn = answeredOn
            return "Trả lời chất vấn: \(q.displayName)"
        }
    }

    /// The respondent's report on the commitments (or the office recording it): what was done so far and its day.
    func progress(req: Request) async throws -> Response {
        try await agencyWrite(req, done: "Đã ghi báo cáo tiến độ thực hiện cam kết.", anchor: "#tien-do") { q, input, v in
            let report = v.text("progressReport", "Báo cáo tiến độ", input["progressReport"], max: 20_000)
            let on = v.day("progressReportedOn", "Ngày báo cáo", input["progressReportedOn"], required: true)
            v.order(q.answeredOn ?? q.askedOn, on, field: "progressReportedOn", "Ngày báo cáo không thể trước ngày trả lời chất vấn.")
            if let on, on > Day.today().description { v.fail("progressReportedOn", "Ngày báo cáo không thể sau hôm nay.") }
            try v.check()
            q.progressReport = report; q.progressReportedOn = on
            return "Báo cáo tiến độ thực hiện cam kết: \(q.displayName)"
        }
    }

    /// What the answering agency (or the office for it) writes on a question: checked by `change` (which sets the new
    /// values and names the audit entry), versioned, audited; a failure shows the page again with the fields named.
    private func agencyWrite(_ req: Request, done: String, anchor: String,
                             _ change: (Question, FormInput, inout Validator) throws -> String) async throws -> Response {
        guard let q = try await Question.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        guard Policy.allows(req.actor, .answer, try await Places.of(q, on: req.db)) else { throw Abort(.forbidden) }
        let input = try RecordPages<Question>.input(req)
        do {
            guard let expected = input["version"].flatMap(Int.init) else { throw ValidationFailure(field: "version", "Thiếu phiên bản; hãy tải lại trang.") }
            var v = Validator()
            let before = q.auditSnapshot
            let summary = try change(q, input, &v)
            try await RecordWriter(db: req.db, actor: req.actor).saveAnswer(q, expectedVersion: expected, before: before, summary: summary)
        } catch let failure as ValidationFailure {
            let response = try await req.view.render("Questions/question", try await page(req, q, input: input, error: failure)).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        req.flash("success", done)
        return req.redirect(to: RecordKind.question.path(q.id!) + anchor)
    }
}
