import Fluent
import SQLKit
import Vapor

/// The audit trail: per record for those who oversee it, the whole list for administrators.
struct AuditController {
    func register(_ app: any RoutesBuilder) {
        app.get("nhat-ky", ":type", ":id", use: recordAudit)
        app.get("quan-tri", "nhat-ky", use: globalAudit)
    }

    /// An audit entry as the log shows it, read as a plain row (a page of the whole log is 50 of them).
    struct Row: Decodable {
        let id: Int, at: Date, actor_name: String, action: AuditAction, record_type: String, record_id: Int, summary: String, changes: String
        /// The whole log's largest id, read with a page of it (`newestColumn`); nil where not read.
        let newest: Int?
        static let newestColumn = SQLRaw("(SELECT MAX(id) FROM \(AuditEntry.schema)) AS newest")
        static let columns = ["id", "at", "actor_name", "action", "record_type", "record_id", "summary", "changes"]
    }

    /// The entries' rows of the log, written straight into the page: each change's values as the reader knows them, a
    /// deleted record's restore button where `canRestore` (with `csrf`). An item made for each entry and each change, and
    /// then written, were a fifth of the log's CPU (`perf`, issue 11).
    static func rows(_ entries: [Row], csrf: String, db: any Database, canRestore: (Row) -> Bool) async throws -> HTML {
        // Each entry's changes decoded once (JSON): decoding them again for the references was a fifth of the log's page.
        let changes = entries.map { Audit.changes($0.changes) }
        let refs = try await AuditReferences.load(for: changes, db: db)
        /// A value as the reader knows it: the record it points at by name, else its label or date.
        func shown(_ kind: RecordKind?, _ field: String, _ raw: String?) -> String {
            guard let raw, !raw.isEmpty else { return "" }
            return refs.name(field: field, raw) ?? AuditLabels.value(kind: kind, field: field, raw)
        }
        var out = HTML.empty
        for (e, changes) in zip(entries, changes) {
            let kind = RecordKind(rawValue: e.record_type)
            let record = HTML.link(e.summary, to: kind.map { $0 == .user ? "/quan-tri/tai-khoan" : $0.path(e.record_id) })
            let restore: HTML = (e.action == .delete && canRestore(e) ? kind?.restorePath(e.record_id) : nil).map {
                """
                <form method="post" action="\($0)" class="inline"><input type="hidden" name="_csrf" value="\(csrf)">\
                <button class="link" type="submit">Khôi phục</button></form>
                """
            } ?? .empty
            out.append("""
                  <tr>
                    <td>\(VietnameseFormat.instant(e.at))</td><td>\(e.actor_name)</td><td>\(e.action.label)</td>
                    <td>\(record)<br><small>\(kind?.label ?? e.record_type) #\(e.record_id)</small>
                      \(restore)
                    </td>
                    <td><ul class="changes">
                """)
            // Entries written before `Audit.diff` left such fields out hold them still.
            for c in changes where c.isChange {
                out.append("""
                    <li><strong>\(AuditLabels.field(c.field))</strong>: <del>\(shown(kind, c.field, c.before))</del> → \
                    <ins>\(shown(kind, c.field, c.after))</ins></li>
                    """)
            }
            out.append("</ul></td>\n  </tr>\n")
        }
        return out
    }

    /// The unit a record of any kind belongs to, deleted or not: the place its audit is judged by.
    static func scopeUnit(type: RecordKind, id: Int, db: any Database) async throws -> Int? {
        func find<R: EditableRecord>(_: R.Type) async throws -> Int? {
            try await R.query(on: db).withDeleted().filter(\._$id == id).first()?.scopeUnitID
        }
        switch type {
        case .unit: return try await find(AdministrativeUnit.self)
        case .council: return try await find(Council.self)
        case .term: return try await find(Term.self)
        case .body: return try await find(Body.self)
        case .constituency: return try await find(Constituency.self)
        case .person: return try await find(Person.self)
        case .membership: return try await find(Membership.self)
        case .organization: return try await find(Organization.self)
        case .session: return try await find(CouncilSession.self)
        case .voterMeeting: return try await find(VoterMeeting.self)
        case .voterPetition: return try await find(VoterPetition.self)
        case .letter: return try await find(Letter.self)
        case .receptionSchedule: return try await find(ReceptionSchedule.self)
        case .receptionVisit: return try await find(ReceptionVisit.self)
        case .holidayDecision: return try await find(HolidayDecision.self)
        case .task: return try await find(CouncilTask.self)
        case .agendaItem: return try await find(AgendaItem.self)
        case .resolution: return try await find(Resolution.self)
        case .oversight: return try await find(Oversight.self)
        case .recommendation: return try await find(Recommendation.self)
        case .question: return try await find(Question.self)
        case .standingMeeting: return try await find(StandingMeeting.self)
        case .explanationHearing: return try await find(ExplanationHearing.self)
        case .coordinationProgram: return try await find(CoordinationProgram.self)
        case .coordinationItem: return try await find(CoordinationItem.self)
        case .dialogueConference: return try await find(DialogueConference.self)
        case .dialogueOpinion: return try await find(DialogueOpinion.self)
        case .training: return try await find(Training.self)
        case .supervisionProgram: return try await find(SupervisionProgram.self)
        case .supervisionProposal: return try await find(SupervisionProposal.self)
        case .workProgram: return try await find(WorkProgram.self)
        case .workItem: return try await find(WorkItem.self)
        case .target: return try await find(Target.self)
        case .periodReport: return try await find(PeriodReport.self)
        case .briefingConference: return try await find(BriefingConference.self)
        case .evaluationCriterion: return try await find(EvaluationCriterion.self)
        case .user: return nil
        }
    }

    func recordAudit(req: Request) async throws -> View {
        let actor = try req.requireActor()
        guard let type = RecordKind(rawValue: try req.parameters.require("type")) else { throw Abort(.notFound) }
        let id = try req.parameters.require("id", as: Int.self)
        // Accounts have no place: only administrators read their audit, and they are never restored from it.
        var mayRestore = false
        if type == .user {
            guard Policy.allowsGlobally(actor, .manageAccounts) else { throw Abort(.forbidden) }
        } else {
            guard let unitID = try await Self.scopeUnit(type: type, id: id, db: req.db) else { throw Abort(.notFound) }
            let place = try await Places.of(unitID: unitID, adminOnlyWrites: type.adminOnlyWrites, on: req.db)
            guard Policy.allows(actor, .viewAudit, place) else { throw Abort(.forbidden) }
            mayRestore = Policy.allows(actor, .delete, place)
        }
        let entries = try await req.db.sql.select().columns(Row.columns).from(AuditEntry.schema).where("record_type", .equal, type.rawValue)
            .where("record_id", .equal, id).orderBy("id", .descending).limit(500).rows(Row.self)
        let layout = req.layoutContext(title: "Nhật ký thay đổi")
        let rows = try await Self.rows(entries, csrf: layout.csrf, db: req.db) { _ in mayRestore }
        let page = AuditPage(layout: layout, heading: "Nhật ký thay đổi: \(type.label) #\(id)",
                             rows: rows, empty: entries.isEmpty, pager: nil, filters: nil, recordTypes: Options([]))
        return try await req.render(page.written)
    }

    func globalAudit(req: Request) async throws -> View {
        let actor = try req.requireActor()
        guard Policy.allowsGlobally(actor, .viewAudit) else { throw Abort(.forbidden) }
        var v = Validator()
        let type = req.queryValue("loai") ?? ""
        if !type.isEmpty && RecordKind(rawValue: type) == nil { v.fail("loai", "Loại bản ghi không hợp lệ.") }
        let user = req.queryValue("nguoi") ?? ""
        let from = v.day("tu", "Từ ngày", req.queryValue("tu"))
        let to = v.day("den", "Đến ngày", req.queryValue("den"))
        let keyword = Paging.keyword(req, &v)
        try v.check()
        let before = try Paging.cursor(req), after = try Paging.after(req)
        var userID = Int(user)
        if userID == nil, !user.isEmpty {
            // An unknown user name finds nothing rather than everything.
            userID = try await User.query(on: req.db).withDeleted().filter(\.$username == user.lowercased()).first()?.id ?? -1
        }
        // The filters on `query` (a select of the log's rows, or of their count).
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query.from(AuditEntry.schema)
            if !type.isEmpty { query = query.where("record_type", .equal, type) }
            if let userID { query = query.where("user_id", .equal, userID) }
            // Days are Hà Nội days; the table stores UTC instants.
            if let from { query = query.where("at", .greaterThanOrEqual, Self.startOfDay(from)) }
            if let to { query = query.where("at", .lessThan, Self.startOfDay(to).addingTimeInterval(86_400)) }
            // Words of the summary or of who made the change, diacritics optional.
            for word in searchWords(keyword) { query = query.where("folded", .like, "%\(word)%") }
            return query
        }
        // 50 entries a page, as every register: at 100, each page of the log cost PostgreSQL's server 2,9 ms of CPU (issue 11).
        let pageSize = 50
        var rows = filtered(req.db.sql.select().columns(Row.columns).column(Row.newestColumn))
        if let after {
            rows = rows.where("id", .greaterThan, after).orderBy("id", .ascending)
        } else {
            if let before { rows = rows.where("id", .lessThan, before) }
            rows = rows.orderBy("id", .descending)
        }
        let fetched = try await rows.limit(pageSize + 1).rows(Row.self)
        var newest = fetched.first?.newest
        if newest == nil { newest = try await BulkLoad.largestID(of: AuditEntry.schema, on: req.db) }
        let (entries, pager) = Paging.page(fetched, size: pageSize, before: before, after: after, id: \.id,
                                           total: try await Self.count(filtered(req.db.sql.select().column("id")), newest: newest ?? 0, req: req),
                                           noun: "thay đổi", path: req.url.path, query: req.url.query)
        let layout = req.layoutContext(title: "Nhật ký thay đổi")
        let lines = try await Self.rows(entries, csrf: layout.csrf, db: req.db) { _ in true }
        let page = AuditPage(layout: layout, heading: "Nhật ký thay đổi toàn hệ thống",
                             rows: lines, empty: entries.isEmpty, pager: pager,
                             filters: AuditFilters(type: type, user: user, from: from.map { VietnameseFormat.date($0) } ?? "",
                                                   to: to.map { VietnameseFormat.date($0) } ?? "", keyword: keyword),
                             recordTypes: Options(RecordKind.allCases.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == type) }))
        return try await req.render(page.written)
    }

    /// How many entries `rows` selects (up to `Paging.countCap + 1`), kept while the log has no entry newer than when
    /// they were counted (`newest`, read with the page's rows: a statement of its own was a quarter of the page's): entries
    /// are only ever added, and a count of the whole log read up to 10.001 of them on every page.
    static func count(_ rows: SQLSelectBuilder, newest: Int, req: Request) async throws -> Int {
        try await Paging.count(rows, kept: req.application.figures, revision: newest, db: req.db)
    }

    static func startOfDay(_ iso: String) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = VietnameseFormat.hanoi
        let d = Day(stored: iso)
        return calendar.date(from: DateComponents(year: d.year, month: d.month, day: d.day)) ?? Date(timeIntervalSince1970: 0)
    }
}
