import Fluent
import SQLKit
import Vapor

/// A session's page (its facts, preparation, agenda, attendance, resolutions and the voter petitions reported at it),
/// and the office's two actions on it: ticking a preparation step and recording attendance.
struct SessionsController {
    func register(_ app: any RoutesBuilder, signedIn: any RoutesBuilder) {
        let slug = PathComponent(stringLiteral: RecordKind.session.slug)
        app.get(slug, ":id", use: show)
        signedIn.post(slug, ":id", "chuan-bi", use: prepare)
        signedIn.post(slug, ":id", "diem-danh", use: attend)
    }

    struct Fact: Encodable { let label: String; let value: String }
    struct Step: Encodable {
        let step: String, label: String, due: String, basis: String, provisional: Bool
        let done: String?, overdue: Bool, late: Bool, automatic: Bool
    }
    struct Agenda: Sendable {
        let id: Int, position: Int; let kind: String; let title: String; let presenter: String; let editHref: String?
        /// The item's own documents (the report, the draft resolution, the verification report).
        let documents: [Documents.Item]
    }
    struct Attendee: Sendable { let personID: Int; let name: String; let post: String; let href: String; let status: String?; let statusLabel: String
                                 let options: [FormOption]; let error: String? }
    struct ResolutionItem: Sendable { let href: String; let symbol: String; let title: String; let status: String; let vote: String }
    struct PetitionItem: Encodable { let href: String; let content: String; let voters: String; let status: String }

    struct Page: Encodable {
        let layout: LayoutContext
        let heading: String
        let councilHref: String, councilName: String
        let facts: [Fact]
        let steps: [Step]?
        let stepAction: String?
        let today: String
        /// The agenda, the delegates and the resolutions as rows (`SessionPageParts`), and whether there are any.
        let agenda: HTML, anyAgenda: Bool
        let addAgendaHref: String?
        let attendees: HTML, anyAttendees: Bool
        let attendance: String?
        let attendAction: String?
        let attendError: String?
        let resolutions: HTML, anyResolutions: Bool
        let addResolutionHref: String?
        let petitions: [PetitionItem]?
        let petitionsMore: String?
        let editHref: String?, auditHref: String?
        let version: Int
        let documents: Documents.Section
    }

    static func page(_ req: Request, _ s: CouncilSession, attendInput: FormInput? = nil, attendError: ValidationFailure? = nil) async throws -> Page {
        let db = req.db, actor = req.actor, kept = req.application.figures
        // The session's place, council, term and delegates are kept between requests while those records stay the same
        // (`FigureCache`): four statements of the eleven a public session page read on every view (issue 11).
        let place = try await Places.of(s, kept: kept, on: db)
        guard Policy.allows(actor, .read, place) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        let readsInternal = Policy.allows(actor, .read, place.internalRecords), canEdit = Policy.allows(actor, .update, place)
        guard let councilName = try await DirectoryQueries.councilNames(kept: kept, db: db)[s.councilID] else { throw Abort(.notFound) }
        let term = try await s.termID.asyncMap { try await Term.heading($0, kept: kept, on: db) } ?? nil
        let records = try await Records.of(s.id!, kept: kept, db: db)
        let marks = records.marks
        let counts = SessionAttendance.counts(marks)
        let delegates = try await SessionAttendance.delegates(termID: s.termID, on: s.opening, kept: kept, db: db)

        var facts = [Fact(label: "Loại kỳ họp", value: s.kind.label)]
        if let term { facts.append(Fact(label: "Nhiệm kỳ", value: term.label)) }
        if let ref = s.conveningRef { facts.append(Fact(label: "Quyết định triệu tập", value: ref + (s.convenedOn.map { " ngày \(VietnameseFormat.date($0))" } ?? ""))) }
        facts.append(Fact(label: "Khai mạc dự kiến", value: VietnameseFormat.date(s.opensOn) + (s.closesOn.map { ", bế mạc \(VietnameseFormat.date($0))" } ?? "")))
        if let opened = s.openedOn {
            facts.append(Fact(label: "Đã họp", value: "Khai mạc \(VietnameseFormat.date(opened))" + (s.endedOn.map { ", bế mạc \(VietnameseFormat.date($0))" } ?? "")))
        }
        if let p = s.place { facts.append(Fact(label: "Địa điểm", value: p)) }
        facts.append(Fact(label: "Hình thức", value: s.isPublic ? "Họp công khai" : "Họp kín"))
        let attendance = counts.recorded > 0
            ? "Có mặt \(VietnameseFormat.count(counts.present))/\(VietnameseFormat.count(delegates.count)) đại biểu; vắng có lý do \(VietnameseFormat.count(counts.excused)), vắng không có lý do \(VietnameseFormat.count(counts.absent))"
            : nil
        if let attendance { facts.append(Fact(label: "Đại biểu", value: attendance)) }

        var steps: [Step]? = nil
        if readsInternal {
            steps = SessionPreparation.checklist(for: s, term: term, ticks: records.ticks).map { i in
                Step(step: i.step.rawValue, label: i.step.label, due: i.due.map { VietnameseFormat.date($0.description) } ?? "chưa tính được (thiếu ngày bầu cử của nhiệm kỳ)",
                     basis: i.rule.map { "\($0.wording) — \($0.legalBasis)" } ?? "", provisional: i.provisional,
                     done: i.doneOn.map { VietnameseFormat.date($0) + ((i.doneBy ?? "").isEmpty ? "" : " — \(i.doneBy!)") },
                     overdue: i.overdue, late: i.late, automatic: i.automatic)
            }
        }

        let items = records.agenda
        // An agenda item is in its session's place: the session's documents and all its items' are one read.
        let documents = try await Documents.lists([.session: [s.id!], .agendaItem: items.map(\.id)], place: place, actor: actor, db: db)
        let itemDocuments = documents[.agendaItem] ?? [:]
        let agenda = items.map { i in
            Agenda(id: i.id, position: i.position, kind: i.kind.label, title: i.title,
                   presenter: [i.body, i.presenter].compactMap { $0 }.joined(separator: " — "),
                   editHref: canEdit ? RecordKind.agendaItem.editPath(i.id) : nil, documents: itemDocuments[i.id] ?? [])
        }

        let today = Day.today().description
        let attendAction = canEdit && s.opening <= today && !delegates.isEmpty ? RecordKind.session.path(s.id!) + "/diem-danh" : nil
        let attendees = delegates.map { d in
            let status = attendInput?["status_\(d.person_id)"] ?? marks[d.person_id]?.rawValue
            // Each delegate's choices only where the attendance is recorded: a reader's page would encode them for nothing.
            return Attendee(personID: d.person_id, name: d.full_name, post: d.post, href: RecordKind.person.path(d.person_id), status: status,
                            statusLabel: marks[d.person_id]?.label ?? "Chưa điểm danh",
                            options: attendAction == nil ? []
                                : AttendanceStatus.allCases.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == status) },
                            error: attendError?.message(for: "status_\(d.person_id)"))
        }

        let resolutions = records.resolutions.map { r in
            ResolutionItem(href: RecordKind.resolution.path(r.id), symbol: r.listedSymbol, title: r.title,
                           status: r.status(today: today).label, vote: r.voteSummary)
        }

        var petitions: [PetitionItem]? = nil, more: String? = nil
        if readsInternal {
            let rows = records.petitions
            petitions = rows.prefix(50).map { PetitionItem(href: RecordKind.voterPetition.path($0.id), content: $0.content,
                                                           voters: VietnameseFormat.number($0.voter_count), status: $0.status.label) }
            if rows.count > 50 { more = "Còn các kiến nghị khác: xem danh sách kiến nghị của Hội đồng." }
        }

        let layout = req.layoutContext(title: s.title, withForm: canEdit)
        return Page(layout: layout, heading: "\(s.title) — \(councilName)",
                    councilHref: RecordKind.council.path(s.councilID), councilName: councilName, facts: facts, steps: steps,
                    stepAction: canEdit ? RecordKind.session.path(s.id!) + "/chuan-bi" : nil, today: VietnameseFormat.date(today),
                    agenda: SessionPageParts.agenda(agenda, csrf: layout.csrf), anyAgenda: !agenda.isEmpty, addAgendaHref: canEdit ? RecordKind.agendaItem.newPath + "?session=\(s.id!)" : nil,
                    attendees: SessionPageParts.attendees(attendees, choosing: attendAction != nil), anyAttendees: !attendees.isEmpty,
                    attendance: attendance,
                    attendAction: attendAction,
                    attendError: attendError.map { f in f.message(for: "attendance") ?? "Chưa ghi được điểm danh: xem các dòng ghi chú đỏ." },
                    resolutions: SessionPageParts.resolutions(resolutions), anyResolutions: !resolutions.isEmpty,
                    addResolutionHref: Policy.allows(actor, .create, place) ? RecordKind.resolution.newPath + "?session=\(s.id!)" : nil,
                    petitions: petitions, petitionsMore: more,
                    editHref: canEdit ? RecordKind.session.editPath(s.id!) : nil,
                    auditHref: Policy.allows(actor, .viewAudit, place) ? RecordKind.session.auditPath(s.id!) : nil, version: s.version,
                    documents: Documents.section(recordType: .session, recordID: s.id!, listed: documents, place: place, actor: actor))
    }

    /// What a session's page reads of the session's own records, alike for every reader: its attendance, its
    /// preparation's ticks, its agenda (with the presenting bodies' names), its resolutions and the first 51 voter
    /// petitions reported at it. Kept between requests while those records stay the same (`FigureCache`: their tables
    /// bump the revision, M057, M058 and M069): five of the eight statements of a session's page for its office
    /// (639–678 requests/s on PostgreSQL, issue 11). Whoever reads it is checked before anything is shown.
    struct Records: Sendable, Weighed {
        struct Item: Decodable, Sendable { let id: Int, position: Int, kind: AgendaItemKind, title: String, presenter: String?, body: String? }
        struct Petition: Decodable, Sendable { let id: Int; let content: String; let voter_count: Int; let status: PetitionStatus }
        let marks: [Int: AttendanceStatus]
        let ticks: [CouncilWorkStep: SessionPreparation.Tick]
        let agenda: [Item]
        let resolutions: [ResolutionQueries.Row]
        let petitions: [Petition]
        /// Kept by its rows (`FigureCache.weight(of:)`): a session can have tens of petitions and resolutions.
        var weight: Int { 1 + marks.count + ticks.count + agenda.count + resolutions.count + petitions.count }

        static func of(_ sessionID: Int, kept: FigureCache, db: any Database) async throws -> Records {
            try await kept.value("session page \(sessionID)", on: db) {
                // The agenda as rows with their presenting bodies' names, in one read (models and a read of the bodies
                // were a fifth of a public session page's CPU with its resolutions', `perf`, issue 11).
                let agenda = try await db.sql.raw("""
                    SELECT a.id, a.position, a.kind, a.title, a.presenter, b.name AS body FROM session_agenda_items a \
                    LEFT JOIN bodies b ON b.id = a.body_id AND b.deleted_at IS NULL WHERE a.session_id = \(bind: sessionID) \
                    AND a.deleted_at IS NULL ORDER BY a.position, a.id
                    """).rows(Item.self)
                let petitions = try await db.sql.raw("""
                    SELECT id, content, voter_count, status FROM voter_petitions WHERE reported_session_id = \(bind: sessionID) \
                    AND deleted_at IS NULL ORDER BY id LIMIT 51
                    """).rows(Petition.self)
                return Records(marks: try await SessionAttendance.marks(sessionID: sessionID, db: db),
                               ticks: try await SessionPreparation.ticks(sessionID: sessionID, db: db), agenda: agenda,
                               resolutions: try await ResolutionQueries.ofSession(sessionID, db: db), petitions: petitions)
            }
        }
    }

    /// The session of the address; `kept` keeps it as its page's records are (sessions bump the revision, M058): the page
    /// keeps it, the actions read it afresh.
    static func load(_ req: Request, kept: FigureCache = .none) async throws -> CouncilSession {
        guard let id = req.parameters.get("id", as: Int.self) else { throw Abort(.notFound) }
        let session: CouncilSession? = try await kept.value("session \(id)", on: req.db) { try await CouncilSession.find(id, on: req.db) }
        guard let session else { throw Abort(.notFound) }
        return session
    }

    func show(req: Request) async throws -> View {
        try await req.view.render("Sessions/session", try await Self.page(req, try await Self.load(req, kept: req.application.figures)))
    }

    /// Ticks a step done on the day given (today when none), or unticks it (`bo=1`).
    func prepare(req: Request) async throws -> Response {
        let s = try await Self.load(req)
        let input = try RecordPages<CouncilSession>.input(req)
        var v = Validator()
        let step = v.choice("step", "Bước chuẩn bị", input["step"], as: CouncilWorkStep.self)
        let undo = input["bo"] == "1"
        let day = undo ? nil : v.day("doneOn", "Ngày hoàn thành", input["doneOn"]) ?? Day.today().description
        if let day, day > Day.today().description { v.fail("doneOn", "Ngày hoàn thành không thể sau hôm nay.") }
        try v.check()
        try await SessionPreparation.mark(s, step: step!, doneOn: day, actor: req.actor, db: req.db)
        req.flash("success", undo ? "Đã bỏ đánh dấu: \(step!.label)." : "Đã ghi hoàn thành: \(step!.label).")
        return req.redirect(to: RecordKind.session.path(s.id!) + "#chuan-bi")
    }

    func attend(req: Request) async throws -> Response {
        let s = try await Self.load(req)
        let input = try RecordPages<CouncilSession>.input(req)
        do {
            try await SessionAttendance.save(s, input: input, actor: req.actor, db: req.db)
        } catch let failure as ValidationFailure {
            let response = try await req.view.render("Sessions/session", try await Self.page(req, s, attendInput: input, attendError: failure))
                .encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        req.flash("success", "Đã ghi điểm danh đại biểu.")
        return req.redirect(to: RecordKind.session.path(s.id!) + "#diem-danh")
    }
}
