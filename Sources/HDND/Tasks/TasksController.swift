import Fluent
import Vapor

/// The tasks a council gave and was given, an agency's tasks, a task's page and its assignee's report.
struct TasksController {
    func register(_ app: any RoutesBuilder) {
        app.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "nhiem-vu", use: councilTasks)
        TableExport.routes(app, [PathComponent(stringLiteral: RecordKind.council.slug), ":id"], base: "nhiem-vu", use: export)
        app.get("co-quan", "nhiem-vu", use: agencyTasks)
        app.get(PathComponent(stringLiteral: RecordKind.task.slug), ":id", use: task)
        app.post(PathComponent(stringLiteral: RecordKind.task.slug), ":id", "bao-cao", use: report)
    }

    struct Item: Encodable { let href: String; let content: String; let basis: String; let assignee: String; let council: String
                             let assigned: String; let due: String; let status: String; let overdue: Bool }

    struct ListPage: Encodable {
        let layout: LayoutContext
        let heading: String
        let crumbHref: String?, crumbLabel: String?
        let tabs: [Tab]
        let items: [Item]
        let pager: Paging.Pager
        let statuses: Options
        let overdueOnly: Bool
        let keyword: String
        let kept: [DrillDownController.KeywordFilter.Kept]
        let newHref: String?
        /// The council's list exports ("/hoi-dong/5/nhiem-vu" + ".xlsx" + the list's query); an agency's does not.
        let exportBase: String?, exportQuery: String
    }
    struct Tab: Encodable { let label: String; let href: String; let current: Bool }

    static func item(_ r: Tasks.Row, today: String) -> Item {
        Item(href: RecordKind.task.path(r.id), content: r.content, basis: r.basis.label + (r.basis_ref.map { ": \($0)" } ?? ""),
             assignee: r.assignee_name ?? "", council: r.council_name, assigned: VietnameseFormat.date(r.assigned_on),
             due: VietnameseFormat.date(r.due_on), status: r.status.label + (r.done_on.map { " ngày \(VietnameseFormat.date($0))" } ?? ""),
             overdue: r.overdue(on: today))
    }

    /// The list's own filters: status, overdue, words.
    static func filters(_ req: Request, into f: inout Tasks.Filters) throws {
        var v = Validator()
        if let raw = req.queryValue("trang-thai"), !raw.isEmpty { f.status = v.choice("trang-thai", "Tình trạng", raw, as: TaskStatus.self) }
        if req.queryValue("qua-han") == "1" { f.overdueOn = Day.today().description }
        f.keyword = Paging.keyword(req, &v)
        try v.check()
    }

    func list(_ req: Request, _ f: Tasks.Filters, heading: String, crumb: (String, String)?, tabs: [Tab], kept: [DrillDownController.KeywordFilter.Kept],
              newHref: String?, exportBase: String? = nil) async throws -> View {
        let (rows, pager) = try await Tasks.page(f, before: try Paging.cursor(req), after: try Paging.after(req), path: req.url.path,
                                                 query: req.url.query, db: req.db)
        let today = Day.today().description
        let page = ListPage(
            layout: req.layoutContext(title: "Nhiệm vụ được giao"), heading: heading, crumbHref: crumb?.0, crumbLabel: crumb?.1, tabs: tabs,
            items: rows.map { Self.item($0, today: today) },
            pager: pager, statuses: Options(TaskStatus.allCases.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0 == f.status) }),
            overdueOnly: f.overdueOn != nil, keyword: f.keyword, kept: kept, newHref: newHref,
            exportBase: exportBase, exportQuery: req.url.query.map { "?" + $0 } ?? "")
        return try await req.view.render("Tasks/tasks", page)
    }

    /// The filters of a council's list: those it gave or, with `duoc-giao=1`, those given to it; then the list's own.
    static func councilFilters(_ req: Request, councilID: Int) throws -> (Tasks.Filters, given: Bool) {
        let given = req.queryValue("duoc-giao") == "1"
        var f = Tasks.Filters()
        if given { f.assigneeCouncilID = councilID } else { f.councilID = councilID }
        try Self.filters(req, into: &f)
        return (f, given)
    }

    /// A council's tasks as a table (.xlsx or .csv), with the list's filters, written page by page.
    func export(req: Request, format: ExportFormat) async throws -> Response {
        let (council, _) = try await Places.authorizeInternal(.read, councilID: try req.parameters.require("id", as: Int.self), actor: req.actor, kept: req.application.figures, on: req.db)
        let (f, _) = try Self.councilFilters(req, councilID: council.id)
        let db = req.db, today = Day.today().description
        let columns = [TableColumn("Nội dung nhiệm vụ", width: 60), TableColumn("Căn cứ", width: 40), TableColumn("Giao cho", width: 30),
                       TableColumn("Ngày giao", width: 14), TableColumn("Hạn", width: 14), TableColumn("Tình trạng", width: 24),
                       TableColumn("Ngày hoàn thành", width: 14), TableColumn("Quá hạn", width: 10)]
        return try await TableExport.response(format, filename: "nhiem-vu-\(council.id)", title: "Nhiệm vụ", columns: columns, on: req) { cursor in
            let rows = try await Tasks.rows(f, before: cursor.flatMap { Int($0) }, after: nil, limit: TableExport.pageSize, db: db)
            return (rows.map { r in
                [.text(r.content), .text(r.basis.label + (r.basis_ref.map { ": \($0)" } ?? "")), .text(r.assignee_name ?? ""), .day(r.assigned_on),
                 .day(r.due_on), .text(r.status.label), .day(r.done_on), .text(r.overdue(on: today) ? "Có" : "")]
            }, rows.count == TableExport.pageSize ? rows.last.map { String($0.id) } : nil)
        }
    }

    /// A council's tasks: those it gave (for those who read its internal records) or, with `duoc-giao=1`, those given to it.
    func councilTasks(req: Request) async throws -> View {
        let (council, place) = try await Places.authorizeInternal(.read, councilID: try req.parameters.require("id", as: Int.self),
                                                                  actor: req.actor, kept: req.application.figures, on: req.db)
        let (f, given) = try Self.councilFilters(req, councilID: council.id)
        let base = RecordKind.council.path(council.id) + "/nhiem-vu"
        return try await list(req, f, heading: (given ? "Nhiệm vụ được cấp trên giao — " : "Nhiệm vụ đã giao — ") + council.name,
                              crumb: (RecordKind.council.path(council.id), "Hội đồng"),
                              tabs: [Tab(label: "Đã giao", href: base, current: !given), Tab(label: "Được giao", href: base + "?duoc-giao=1", current: given)],
                              kept: given ? [.init(name: "duoc-giao", value: "1")] : [],
                              newHref: !given && Policy.allows(req.actor, .create, place) ? RecordKind.task.newPath + "?council=\(council.id)" : nil,
                              exportBase: base)
    }

    /// For an agency account: the tasks given to its agencies, across councils.
    func agencyTasks(req: Request) async throws -> View {
        let actor = try req.requireActor()
        guard !actor.agencyIDs.isEmpty else { throw Abort(.forbidden, reason: "Trang này dành cho tài khoản của cơ quan.") }
        var f = Tasks.Filters()
        f.organizationIDs = actor.agencyIDs
        try Self.filters(req, into: &f)
        return try await list(req, f, heading: "Nhiệm vụ được giao cho cơ quan", crumb: nil, tabs: [], kept: [], newHref: nil)
    }

    struct TaskPage: Encodable {
        let layout: LayoutContext
        let heading: String
        let councilHref: String, councilName: String
        let content: String, basis: String, assignee: String, assigneeHref: String?, assigned: String, due: String
        let status: String, overdue: Bool, doneOn: String?, result: String?
        let handedOver: String?, handedOverHref: String?
        let editHref: String?, auditHref: String?
        let reportHref: String?, version: Int
        /// The report's fields (`FormField.html`).
        let form: HTML
        let formError: String?
    }

    static func assigneeLink(_ t: CouncilTask, db: any Database) async throws -> (String, String?) {
        if let id = t.bodyID, let b = try await Body.find(id, on: db) { return (b.name, RecordKind.body.path(id)) }
        if let id = t.assigneeCouncilID, let c = try await Council.find(id, on: db) { return (c.name, RecordKind.council.path(id)) }
        if let id = t.organizationID, let o = try await Organization.find(id, on: db) { return (o.name, RecordKind.organization.path(id)) }
        return ("", nil)
    }

    func page(_ req: Request, _ t: CouncilTask, input: FormInput? = nil, error: ValidationFailure? = nil) async throws -> TaskPage {
        guard try await Tasks.mayRead(t, actor: req.actor, db: req.db) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
        let council = try await Places.council(t.councilID, kept: req.application.figures, on: req.db)
        let place = try await Places.of(t, kept: req.application.figures, on: req.db)
        let (assignee, assigneeHref) = try await Self.assigneeLink(t, db: req.db)
        let canReport = t.status == .open ? try await Tasks.mayReport(t, actor: req.actor, db: req.db) : false
        var b = FormBuilder(input: input, errors: error)
        b.day("doneOn", "Ngày hoàn thành", Day.today().description, required: true)
        b.textarea("result", "Kết quả thực hiện", nil, required: true)
        let handedOver = try await Handovers.origin(handoverID: t.handoverID, db: req.db)
        return TaskPage(layout: req.layoutContext(title: "Nhiệm vụ được giao", withForm: canReport), heading: "Nhiệm vụ được giao",
                        councilHref: RecordKind.council.path(council.id), councilName: council.name,
                        content: t.content, basis: t.basis.label + (t.basisRef.map { ": \($0)" } ?? ""), assignee: assignee,
                        assigneeHref: Policy.allows(req.actor, .read, place) ? assigneeHref : nil,
                        assigned: VietnameseFormat.date(t.assignedOn), due: VietnameseFormat.date(t.dueOn),
                        status: t.status.label, overdue: t.isOverdue(), doneOn: t.doneOn.map { VietnameseFormat.date($0) }, result: t.result,
                        handedOver: handedOver?.text, handedOverHref: handedOver?.href,
                        editHref: Policy.allows(req.actor, .update, place) ? RecordKind.task.editPath(t.id!) : nil,
                        auditHref: Policy.allows(req.actor, .viewAudit, place) ? RecordKind.task.auditPath(t.id!) : nil,
                        reportHref: canReport ? RecordKind.task.path(t.id!) + "/bao-cao" : nil, version: t.version,
                        form: .join(b.fields.map { $0.html() }), formError: error.map { _ in "Chưa ghi được báo cáo: xem các mục ghi chú đỏ." })
    }

    func task(req: Request) async throws -> View {
        guard let t = try await CouncilTask.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        return try await req.view.render("Tasks/task", try await page(req, t))
    }

    func report(req: Request) async throws -> Response {
        guard let t = try await CouncilTask.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        var input = try req.content.decode([String: String].self)
        input["_csrf"] = nil
        do {
            try await Tasks.report(t, input: input, actor: req.actor, db: req.db)
        } catch let failure as ValidationFailure {
            let response = try await req.view.render("Tasks/task", try await page(req, t, input: input, error: failure)).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        req.flash("success", "Đã ghi báo cáo hoàn thành nhiệm vụ.")
        return req.redirect(to: RecordKind.task.path(t.id!))
    }
}
