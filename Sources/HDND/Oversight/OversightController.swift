import Fluent
import Vapor

/// An oversight's page (steps by the rules, its recommendations), a council's oversights of a year with the counts the
/// seeds report, an agency's recommendations and its answer to one.
///
/// An oversight is public — councils announce what they supervise and when, and it is in the public calendar and search —
/// but its recommendations and the progress of its steps are for the council's own people and the agencies addressed.
struct OversightController {
    func register(_ app: any RoutesBuilder, signedIn: any RoutesBuilder) {
        app.get(PathComponent(stringLiteral: RecordKind.oversight.slug), ":id", use: show)
        app.get(PathComponent(stringLiteral: RecordKind.oversight.slug), ":id", "ke-hoach.docx") { req in try await OversightPlanDocument.response(req) }
        signedIn.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "giam-sat", use: list)
        TableExport.routes(signedIn, [PathComponent(stringLiteral: RecordKind.council.slug), ":id"], base: "giam-sat", use: export)
        signedIn.get("co-quan", "giam-sat", use: inbox)
        signedIn.post(PathComponent(stringLiteral: RecordKind.recommendation.slug), ":id", "tra-loi", use: answer)
    }

    struct Fact: Encodable { let label: String; let value: String }
    struct Step: Encodable { let label: String; let due: String; let basis: String; let provisional: Bool; let done: String?; let overdue: Bool; let late: Bool }
    struct Rec: Encodable {
        let id: Int; let content: String; let agency: String; let due: String; let status: String; let overdue: Bool
        let answer: String?; let answeredOn: String?; let editHref: String?; let answerAction: String?; let version: Int?; let context: String?
    }
    struct Page: Encodable {
        let layout: LayoutContext
        let heading: String
        let councilHref: String, councilName: String
        /// Steps and recommendations are shown (and the council's list linked) only to those who read internal records.
        let internalShown: Bool
        let facts: [Fact]
        let steps: [Step]
        let recommendations: [Rec]
        let addHref: String?, editHref: String?, auditHref: String?
        /// The plan in Word, and its layout's basis.
        let planHref: String, layoutNote: String
        let documents: Documents.Section
    }

    static func steps(_ o: Oversight) -> [Step] { o.steps().map(step) }

    /// A step checked against its rule, as a row of a page's steps (an oversight's, a hearing's notice).
    static func step(_ c: CouncilWorkCheck) -> Step {
        Step(label: c.step.label, due: c.due.map { VietnameseFormat.date($0.description) } ?? "sau khi có báo cáo",
             basis: c.rule.map { "\($0.wording) — \($0.legalBasis)" } ?? "", provisional: c.provisional,
             done: c.doneOn.map { VietnameseFormat.date($0) }, overdue: c.overdue, late: c.late)
    }

    static func rec(_ r: OversightQueries.RecommendationRow, today: String, canEdit: Bool, answerable: Bool, context: Bool) -> Rec {
        Rec(id: r.id, content: r.content, agency: r.organization_name, due: VietnameseFormat.date(r.due_on), status: r.status.label,
            overdue: r.status != .done && r.due_on < today, answer: r.answer, answeredOn: r.answered_on.map { VietnameseFormat.date($0) },
            editHref: canEdit ? RecordKind.recommendation.editPath(r.id) : nil,
            answerAction: answerable && r.status != .done ? RecordKind.recommendation.path(r.id) + "/tra-loi" : nil, version: nil,
            context: context ? "\(r.council_name) — \(r.topic)" : nil)
    }

    func show(req: Request) async throws -> View {
        guard let o = try await Oversight.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        let kept = req.application.figures
        let place = try await Places.of(o, kept: kept, on: req.db)
        guard Policy.allows(req.actor, .read, place) else { throw Abort(.forbidden) }
        let internalToo = Policy.allows(req.actor, .read, place.internalRecords)
        guard let councilName = try await DirectoryQueries.councilNames(kept: kept, db: req.db)[o.councilID] else { throw Abort(.notFound) }
        let canEdit = Policy.allows(req.actor, .update, place)
        guard let related = try await Related.of(o.id!, db: req.db) else { throw Abort(.notFound) }
        var facts = [Fact(label: "Loại", value: o.kind.label), Fact(label: "Chủ trì", value: o.lead.label)]
        if let body = related.body { facts.append(Fact(label: "Cơ quan chủ trì", value: body)) }
        if let person = related.person { facts.append(Fact(label: "Đại biểu", value: person)) }
        facts.append(Fact(label: "Đối tượng giám sát", value: o.subjects))
        if let m = o.members { facts.append(Fact(label: "Thành viên đoàn", value: m)) }
        if let proposer = related.proposer, let year = related.program_year {
            facts.append(Fact(label: "Theo chương trình", value: "\(SupervisionProgram.title(year: year)) — đề xuất của \(proposer)"))
        }
        if let ref = o.planRef { facts.append(Fact(label: "Quyết định, kế hoạch", value: ref + (o.plannedOn.map { " ngày \(VietnameseFormat.date($0))" } ?? ""))) }
        facts.append(Fact(label: "Thời gian giám sát", value: VietnameseFormat.date(o.fieldworkFrom) + (o.fieldworkTo.map { " – \(VietnameseFormat.date($0))" } ?? "")))
        if let kind = related.resupervised_kind, let topic = related.resupervised_topic {
            facts.append(Fact(label: "Tái giám sát", value: Oversight.displayName(kind: kind, topic: topic)))
        }
        if let c = o.conclusion { facts.append(Fact(label: "Kết luận", value: c)) }
        let today = Day.today().description
        let recs = internalToo ? try await OversightQueries.recommendations(oversightID: o.id!, db: req.db).map {
            Self.rec($0, today: today, canEdit: canEdit, answerable: false, context: false)
        } : []
        let page = Page(layout: req.layoutContext(title: o.displayName), heading: o.displayName, councilHref: RecordKind.council.path(o.councilID),
                        councilName: councilName, internalShown: internalToo, facts: facts, steps: internalToo ? Self.steps(o) : [], recommendations: recs,
                        addHref: Policy.allows(req.actor, .create, place) ? RecordKind.recommendation.newPath + "?oversight=\(o.id!)" : nil,
                        editHref: canEdit ? RecordKind.oversight.editPath(o.id!) : nil,
                        auditHref: Policy.allows(req.actor, .viewAudit, place) ? RecordKind.oversight.auditPath(o.id!) : nil,
                        planHref: RecordKind.oversight.path(o.id!) + "/ke-hoach.docx", layoutNote: DocumentLayout.decree30.basisNote,
                        documents: try await Documents.section(recordType: .oversight, recordID: o.id!, place: place, actor: req.actor, db: req.db))
        return try await req.view.render("Oversight/oversight", page)
    }

    /// What an oversight's page names besides it: the leading body or delegate, the program's proposal it carries out, the
    /// oversight it supervises again. One read of rows: five models read one by one were a third of the page's CPU (`perf`,
    /// issue 11).
    struct Related: Decodable {
        let body: String?, person: String?, proposer: String?, program_year: Int?
        let resupervised_kind: OversightKind?, resupervised_topic: String?

        /// Nil when the oversight is gone (removed since the page read it).
        static func of(_ id: Int, db: any Database) async throws -> Related? {
            try await db.sql.raw("""
                SELECT b.name AS body, p.full_name AS person, pr.proposer, g.year AS program_year, e.kind AS resupervised_kind, \
                e.topic AS resupervised_topic FROM oversights o \
                LEFT JOIN bodies b ON b.id = o.body_id AND b.deleted_at IS NULL LEFT JOIN people p ON p.id = o.person_id AND p.deleted_at IS NULL \
                LEFT JOIN supervision_proposals pr ON pr.id = o.proposal_id AND pr.deleted_at IS NULL \
                LEFT JOIN supervision_programs g ON g.id = pr.program_id AND g.deleted_at IS NULL \
                LEFT JOIN oversights e ON e.id = o.resupervises_id AND e.deleted_at IS NULL WHERE o.id = \(bind: id)
                """).firstRow(Related.self)
        }
    }

    struct Item: Encodable { let href: String; let kind: String; let lead: String; let topic: String; let subjects: String; let dates: String
                             let stage: String; let openRecommendations: Int }
    struct Count: Encodable { let label: String; let value: String }
    struct ListPage: Encodable {
        let layout: LayoutContext
        let heading: String
        let councilHref: String, councilName: String
        let year: Int, previousHref: String, nextHref: String
        let total: String
        let byLead: [Count], byKind: [Count]
        let items: [Item]
        let newHref: String?
        /// The year's supervision program, or the link to set it up.
        let programHref: String?, newProgramHref: String?
    }

    static func stage(_ r: OversightQueries.Row) -> String {
        r.concluded_on != nil ? "Đã kết luận" : r.reported_on != nil ? "Đã báo cáo" : r.fieldwork_from <= Day.today().description ? "Đang giám sát" : "Chuẩn bị"
    }

    /// A year's oversights as a table (.xlsx or .csv), as the list shows them.
    func export(req: Request, format: ExportFormat) async throws -> Response {
        let (council, _) = try await Places.authorizeInternal(.read, councilID: try req.parameters.require("id", as: Int.self), actor: req.actor, kept: req.application.figures, on: req.db)
        let year = try Paging.year(req)
        let rows = try await OversightQueries.year(year, councilID: council.id, db: req.db)
        let columns = [TableColumn("Giám sát từ ngày", width: 14), TableColumn("Đến ngày", width: 14), TableColumn("Nội dung", width: 60),
                       TableColumn("Loại", width: 20), TableColumn("Chủ trì", width: 30), TableColumn("Đối tượng giám sát", width: 40),
                       TableColumn("Tiến độ", width: 16), TableColumn("Kiến nghị chưa xong", width: 12)]
        return try await TableExport.response(format, filename: "giam-sat-\(council.id)-\(year)", title: "Giám sát năm \(year)", columns: columns, on: req) { _ in
            (rows.map { r in
                [.day(r.fieldwork_from), .day(r.fieldwork_to), .text(r.topic), .text(r.kind.label), .text(r.body_name ?? r.lead.label), .text(r.subjects),
                 .text(Self.stage(r)), .number(r.open_recommendations)]
            }, nil)
        }
    }

    func list(req: Request) async throws -> View {
        let (council, place) = try await Places.authorizeInternal(.read, councilID: try req.parameters.require("id", as: Int.self), actor: req.actor, kept: req.application.figures, on: req.db)
        let year = try Paging.year(req)
        let rows = try await OversightQueries.year(year, councilID: council.id, db: req.db)
        let program = try await SupervisionProgram.query(on: req.db).filter(\.$councilID == council.id).filter(\.$year == year).first()
        let base = RecordKind.council.path(council.id) + "/giam-sat?nam="
        let page = ListPage(
            layout: req.layoutContext(title: "Giám sát, khảo sát"), heading: "Giám sát, khảo sát năm \(year) — \(council.name)",
            councilHref: RecordKind.council.path(council.id), councilName: council.name, year: year, previousHref: base + String(year - 1), nextHref: base + String(year + 1),
            total: "\(VietnameseFormat.count(rows.count)) cuộc",
            byLead: OversightQueries.countsByLead(rows).map { Count(label: $0.0.label, value: VietnameseFormat.count($0.1)) },
            byKind: OversightQueries.countsByKind(rows).map { Count(label: $0.0.label, value: VietnameseFormat.count($0.1)) },
            items: rows.map { r in
                Item(href: RecordKind.oversight.path(r.id), kind: r.kind.label, lead: r.body_name ?? r.lead.label, topic: r.topic, subjects: r.subjects,
                     dates: VietnameseFormat.date(r.fieldwork_from) + (r.fieldwork_to.map { " – \(VietnameseFormat.date($0))" } ?? ""),
                     stage: Self.stage(r),
                     openRecommendations: r.open_recommendations)
            },
            newHref: Policy.allows(req.actor, .create, place) ? RecordKind.oversight.newPath + "?council=\(council.id)" : nil,
            programHref: program.map { RecordKind.supervisionProgram.path($0.id!) },
            newProgramHref: program == nil && Policy.allows(req.actor, .create, place) ? RecordKind.supervisionProgram.newPath + "?council=\(council.id)" : nil)
        return try await req.view.render("Oversight/list", page)
    }

    struct InboxPage: Encodable { let layout: LayoutContext; let recommendations: [Rec]; let error: String? }

    func inbox(req: Request) async throws -> View { try await renderInbox(req, error: nil) }

    func renderInbox(_ req: Request, error: ValidationFailure?) async throws -> View {
        let actor = try req.requireActor()
        guard !actor.agencyIDs.isEmpty else { throw Abort(.forbidden, reason: "Trang này dành cho tài khoản của cơ quan.") }
        let today = Day.today().description
        let rows = try await OversightQueries.recommendations(agencyIDs: actor.agencyIDs, db: req.db)
        let versions = Dictionary(try await Recommendation.query(on: req.db).filter(\.$id ~~ rows.map(\.id)).all().map { ($0.id!, $0.version) },
                                  uniquingKeysWith: { a, _ in a })
        let recs = rows.map { r in
            let base = Self.rec(r, today: today, canEdit: false, answerable: true, context: true)
            return Rec(id: base.id, content: base.content, agency: base.agency, due: base.due, status: base.status, overdue: base.overdue,
                       answer: base.answer, answeredOn: base.answeredOn, editHref: nil, answerAction: base.answerAction, version: versions[r.id],
                       context: base.context)
        }
        return try await req.view.render("Oversight/inbox", InboxPage(layout: req.layoutContext(title: "Kiến nghị sau giám sát", withForm: true),
                                                                      recommendations: recs,
                                                                      error: error.map { $0.errors.map(\.message).joined(separator: " ") }))
    }

    /// The agency's answer: under way or done, with what was done; versioned and audited like every write.
    func answer(req: Request) async throws -> Response {
        guard let r = try await Recommendation.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        let input = try RecordPages<Recommendation>.input(req)
        do {
            try await Recommendations.answer(r, input: input, actor: req.actor, db: req.db)
        } catch let failure as ValidationFailure {
            let response = try await renderInbox(req, error: failure).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        req.flash("success", "Đã ghi kết quả thực hiện kiến nghị.")
        return req.redirect(to: "/co-quan/giam-sat")
    }
}

public enum Recommendations {
    /// The agency it is addressed to (or the council's office) records progress or completion.
    public static func answer(_ r: Recommendation, input: FormInput, actor: Actor?, db: any Database) async throws {
        guard Policy.allows(actor, .answer, try await Places.of(r, on: db)) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        guard let expected = input["version"].flatMap(Int.init) else {
            throw ValidationFailure(field: "version", "Thiếu phiên bản của kiến nghị; hãy tải lại trang.")
        }
        var v = Validator()
        var one = input
        if (one["answeredOn"] ?? "").isEmpty { one["answeredOn"] = Day.today().description }
        let (status, answer, answeredOn) = Recommendation.outcome(one, &v)
        if status == .pending { v.fail("status", "Hãy chọn đang thực hiện hoặc đã thực hiện xong.") }
        try v.check()
        let before = r.auditSnapshot
        r.status = status!; r.answer = answer; r.answeredOn = answeredOn
        try await RecordWriter(db: db, actor: actor).saveAnswer(r, expectedVersion: expected, before: before,
                                                                 summary: "Trả lời kiến nghị sau giám sát: \(r.displayName)")
    }
}
