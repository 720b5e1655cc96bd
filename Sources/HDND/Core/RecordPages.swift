import Fluent
import Vapor

struct FormPage: Encodable {
    let layout: LayoutContext
    let heading: String
    /// Whose record this is: "Thuộc HĐND quận Hai Bà Trưng".
    let owner: String?
    let action: String
    let fields: [FormField]
    let version: Int?
    let generalError: String?
    let cancelHref: String
    let submitLabel: String
    /// The form granting an account the right to see a confidential identity, for whoever may edit.
    let identityGrantAction: String?
    /// A long form in sections: laid out in two columns on a wide screen.
    let sectioned: Bool
}

/// Create, edit, delete and restore pages for one kind of record, all through `RecordWriter`.
struct RecordPages<R: FormEditable> {
    /// Forms and writes under `routes` (signed in); a record's address under `addresses`, open to all, so that a public
    /// record found by the search box opens for a citizen too.
    func register(_ routes: any RoutesBuilder, addresses: any RoutesBuilder) {
        let slug = PathComponent(stringLiteral: R.kind.slug)
        routes.get(slug, "moi", use: newForm)
        routes.post(slug, use: create)
        routes.get(slug, ":id", "sua", use: editForm)
        routes.post(slug, ":id", use: update)
        routes.post(slug, ":id", "xoa", use: delete)
        routes.post(slug, ":id", "khoi-phuc", use: restore)
        // Every record has an address (search results and the audit link to it): without a page of its own, it leads
        // to the page that shows it.
        if !R.kind.hasOwnPage { addresses.get(slug, ":id", use: show) }
    }

    func show(req: Request) async throws -> Response {
        let record = try await load(req)
        guard Policy.allows(req.actor, .read, try await Places.of(record, on: req.db)) else {
            if req.actor == nil { return RequireSignIn.signIn(req) }
            throw Abort(.forbidden)
        }
        return req.redirect(to: try await record.viewPath(on: req.db))
    }

    static func input(_ req: Request) throws -> FormInput {
        var input = try req.content.decode([String: String].self)
        input["_csrf"] = nil
        return input
    }

    func render(_ req: Request, _ record: R, input: FormInput?, error: (any Error)?, status: HTTPResponseStatus = .ok) async throws -> Response {
        var builder = FormBuilder(input: input, errors: error as? ValidationFailure, kept: req.application.figures)
        try await record.formFields(&builder, actor: req.actor, on: req.db)
        let isNew = record.id == nil
        let cancel = isNew ? (req.headers.first(name: .referer).flatMap { URL(string: $0)?.path } ?? "/") : try await record.viewPath(on: req.db)
        let page = FormPage(
            layout: req.layoutContext(title: (isNew ? "Thêm " : "Sửa ") + R.kind.noun),
            heading: isNew ? "Thêm \(R.kind.noun)" : "Sửa \(R.kind.noun): \(record.displayName)",
            owner: try await Self.owner(of: record, kept: req.application.figures, on: req.db),
            action: isNew ? R.kind.createPath : R.kind.path(record.id!), fields: builder.fields,
            version: isNew ? nil : (input?["version"].flatMap(Int.init) ?? record.version),
            generalError: error.map { e in
                if let v = e as? ValidationFailure { return "Chưa lưu được: có \(VietnameseFormat.count(v.errors.count)) mục cần sửa, xem ghi chú đỏ bên dưới." }
                return (e as? any AbortError)?.reason ?? "Chưa lưu được."
            },
            cancelHref: cancel, submitLabel: isNew ? "Thêm" : "Lưu thay đổi", identityGrantAction: record.identityGrantPath,
            sectioned: builder.fields.contains { $0.type == "section" })
        let response = try await req.view.render("Core/form", page).encodeResponse(for: req)
        response.status = status
        return response
    }

    /// "Thuộc HĐND …": the council (or else the unit) the record belongs to, kept between requests while the councils and
    /// units stay the same (`FigureCache`).
    static func owner(of record: R, kept: FigureCache, on db: any Database) async throws -> String? {
        guard R.kind != .unit else { return nil }
        let unitID = record.scopeUnitID
        return try await kept.value("record owner \(unitID)", on: db) {
            if let council = try await Council.query(on: db).filter(\.$unitID == unitID).first() { return "Thuộc \(council.name)" }
            return try await AdministrativeUnit.find(unitID, on: db).map { "Thuộc \($0.fullName)" }
        }
    }

    func load(_ req: Request, withDeleted: Bool = false) async throws -> R {
        let id = try req.parameters.require("id", as: Int.self)
        var query = R.query(on: req.db).filter(\._$id == id)
        if withDeleted { query = query.withDeleted() }
        guard let record = try await query.first() else { throw Abort(.notFound) }
        return record
    }

    func authorize(_ req: Request, _ action: Action, _ record: R) async throws {
        let actor = try req.requireActor()
        guard Policy.allows(actor, action, try await Places.of(record, kept: req.application.figures, on: req.db)) else { throw Abort(.forbidden) }
    }

    func newForm(req: Request) async throws -> Response {
        let query = try req.query.decode([String: String].self)
        let record = try await R.blank(query, on: req.db)
        // A record whose owner is not named yet (a new province) is judged as on creating: may the actor create anywhere.
        _ = try req.requireActor()
        try await RecordWriter(db: req.db, actor: req.actor).authorizeCreate(record)
        return try await render(req, record, input: nil, error: nil)
    }

    func create(req: Request) async throws -> Response {
        let input = try Self.input(req)
        let record = try await R.blank(input, on: req.db)
        // Who may write here is decided before anything is said about the input: a stranger learns nothing from the messages.
        try await RecordWriter(db: req.db, actor: req.actor).authorizeCreate(record)
        do {
            try await record.apply(input, actor: req.actor, on: req.db)
        } catch let failure as ValidationFailure {
            return try await render(req, record, input: input, error: failure, status: .unprocessableEntity)
        }
        let actor = req.actor
        try await RecordWriter(db: req.db, actor: actor).create(record) { r, tx in try await r.afterInsert(actor: actor, on: tx) }
        req.flash("success", "Đã thêm \(R.kind.noun) \(record.displayName).")
        Self.confirmCentury(req, input)
        return req.redirect(to: try await record.viewPath(on: req.db))
    }

    /// A day typed with a two-digit year is said back as read, to be corrected if the century was meant otherwise.
    static func confirmCentury(_ req: Request, _ input: FormInput) {
        let readings = Day.twoDigitYearReadings(in: input)
        if !readings.isEmpty { req.flash("info", "Đã hiểu " + readings.joined(separator: "; ") + ". Nếu không đúng, hãy sửa lại.") }
    }

    func editForm(req: Request) async throws -> Response {
        let record = try await load(req)
        try await authorize(req, .update, record)
        return try await render(req, record, input: nil, error: nil)
    }

    func update(req: Request) async throws -> Response {
        let record = try await load(req)
        try await authorize(req, .update, record)
        let input = try Self.input(req)
        let before = record.auditSnapshot, beforeUnit = record.scopeUnitID
        guard let expected = input["version"].flatMap(Int.init) else {
            throw ValidationFailure(field: "version", "Thiếu phiên bản của bản ghi; hãy tải lại biểu mẫu.")
        }
        do {
            try await record.apply(input, actor: req.actor, on: req.db)
            try await RecordWriter(db: req.db, actor: req.actor).update(record, expectedVersion: expected, before: before,
                                                                         beforeUnitID: beforeUnit) { r, tx in try await r.afterSave(actor: req.actor, on: tx) }
        } catch let failure as ValidationFailure {
            return try await render(req, record, input: input, error: failure, status: .unprocessableEntity)
        } catch let conflict as ConflictError {
            let fresh = try await load(req)
            return try await render(req, fresh, input: nil, error: conflict, status: .conflict)
        }
        req.flash("success", "Đã lưu \(R.kind.noun) \(record.displayName).")
        Self.confirmCentury(req, input)
        return req.redirect(to: try await record.viewPath(on: req.db))
    }

    func delete(req: Request) async throws -> Response {
        let record = try await load(req)
        try await authorize(req, .delete, record)
        guard let expected = (try? req.content.get(String.self, at: "version")).flatMap({ Int($0) }) else {
            throw ValidationFailure(field: "version", "Thiếu phiên bản của bản ghi; hãy tải lại trang rồi xóa lại.")
        }
        let back = try await record.afterDeletePath(on: req.db)
        try await RecordWriter(db: req.db, actor: req.actor).delete(record, expectedVersion: expected)
        req.flash("success", "Đã xóa \(R.kind.noun) \(record.displayName). Quản trị viên có thể khôi phục từ nhật ký.")
        return req.redirect(to: back)
    }

    func restore(req: Request) async throws -> Response {
        let record = try await load(req, withDeleted: true)
        try await authorize(req, .delete, record)
        try await RecordWriter(db: req.db, actor: req.actor).restore(record)
        req.flash("success", "Đã khôi phục \(R.kind.noun) \(record.displayName).")
        return req.redirect(to: try await record.viewPath(on: req.db))
    }
}

extension FormEditable {
    /// Where to go once the record is deleted: the page of its unit (overridden where a closer page exists).
    func afterDeletePath(on db: any Database) async throws -> String {
        switch Self.kind {
        case .unit: return (self as? AdministrativeUnit)?.parentID.map { RecordKind.unit.path($0) } ?? "/\(RecordKind.unit.slug)"
        case .membership: return (self as? Membership).map { RecordKind.person.path($0.personID) } ?? RecordKind.unit.path(scopeUnitID)
        case .body, .term, .constituency:
            let councilID = (self as? Body)?.councilID ?? (self as? Term)?.councilID ?? (self as? Constituency)?.councilID ?? 0
            return RecordKind.council.path(councilID)
        case .holidayDecision: return "/thoi-han"
        case .recommendation: return (self as? Recommendation).map { RecordKind.oversight.path($0.oversightID) } ?? RecordKind.unit.path(scopeUnitID)
        case .coordinationItem: return (self as? CoordinationItem).map { RecordKind.coordinationProgram.path($0.programID) } ?? RecordKind.unit.path(scopeUnitID)
        case .dialogueOpinion: return (self as? DialogueOpinion).map { RecordKind.dialogueConference.path($0.dialogueID) } ?? RecordKind.unit.path(scopeUnitID)
        case .training: return try await viewPath(on: db)
        case .supervisionProposal: return (self as? SupervisionProposal).map { RecordKind.supervisionProgram.path($0.programID) } ?? RecordKind.unit.path(scopeUnitID)
        case .workItem: return (self as? WorkItem).map { RecordKind.workProgram.path($0.programID) } ?? RecordKind.unit.path(scopeUnitID)
        case .target, .evaluationCriterion: return try await viewPath(on: db)
        case .briefingConference: return (self as? BriefingConference).map { RecordKind.council.path($0.councilID) + "/giao-ban" } ?? RecordKind.unit.path(scopeUnitID)
        case .periodReport: return (self as? PeriodReport).map { RecordKind.council.path($0.councilID) + "/bao-cao?tu=\($0.periodFrom)&den=\($0.periodTo)" } ?? RecordKind.unit.path(scopeUnitID)
        case .workProgram: return (self as? WorkProgram).map { RecordKind.council.path($0.councilID) + "/chuong-trinh-cong-tac" } ?? RecordKind.unit.path(scopeUnitID)
        case .agendaItem: return (self as? AgendaItem).map { RecordKind.session.path($0.sessionID) } ?? RecordKind.unit.path(scopeUnitID)
        case .session: return (self as? CouncilSession).map { RecordKind.council.path($0.councilID) + "#ky-hop" } ?? RecordKind.unit.path(scopeUnitID)
        default: return RecordKind.unit.path(scopeUnitID)
        }
    }
}
