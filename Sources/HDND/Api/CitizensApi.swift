import Fluent
import SQLKit
import Vapor

/// The API of the citizens' voice: petitions (read and moved through their workflow), letters with their
/// computed deadlines, reception visits. Every read is judged by the policy; a denouncer never appears
/// unless the asking account was granted that letter.
enum CitizensApi {
    static var routes: [ApiRoute] {
        [
            ApiRoute(method: .GET, path: "/api/v1/voter-petitions", summary: "Ý kiến, kiến nghị cử tri của một Hội đồng (hoặc được chuyển đến cơ quan của tài khoản)",
                     parameters: [.query("council", "Mã số Hội đồng", .integer), .query("status", "Trạng thái", .of(PetitionStatus.self)),
                                  .query("overdue", "true: chỉ quá hạn", .boolean), .after, .limit],
                     requestSchema: nil, responseSchema: "VoterPetitionPage", needsToken: true, handler: petitions),
            ApiRoute(method: .GET, path: "/api/v1/voter-petitions/{id}", summary: "Một kiến nghị cử tri, với quá trình xử lý",
                     parameters: [.path("id", "Mã số")], requestSchema: nil, responseSchema: "VoterPetitionDetail", needsToken: true, handler: petition),
            ApiRoute(method: .POST, path: "/api/v1/voter-petitions/{id}/actions/{action}",
                     summary: "Chuyển bước xử lý: classify, forward, answer, close, report (gửi kèm version)",
                     parameters: [.path("id", "Mã số"), .path("action", "Bước xử lý", .values(["classify", "forward", "answer", "close", "report"]))],
                     requestSchema: "PetitionActionInput", responseSchema: "VoterPetitionDetail", needsToken: true, handler: act),
            ApiRoute(method: .GET, path: "/api/v1/letters/{id}", summary: "Một đơn thư với các thời hạn luật định (ngày ISO)",
                     parameters: [.path("id", "Mã số")], requestSchema: nil, responseSchema: "LetterDetail", needsToken: true, handler: letter),
        ]
    }

    struct PetitionJSON: Content {
        let id: Int, councilId: Int, meetingId: Int?, source: String, content: String, field: String?, voterCount: Int
        let status: String, agencyId: Int?, dueDate: String?, forwardedOn: String?, answer: String?, answeredOn: String?
        let answeredBy: String?, reportedSession: String?, receivedOn: String, version: Int
        init(_ p: VoterPetition) {
            id = p.id!; councilId = p.councilID; meetingId = p.meetingID; source = p.source.rawValue; content = p.content; field = p.field
            voterCount = p.voterCount; status = p.status.rawValue; agencyId = p.agencyID; dueDate = p.dueDate; forwardedOn = p.forwardedOn
            answer = p.answer; answeredOn = p.answeredOn; answeredBy = p.answeredBy; reportedSession = p.reportedSession
            receivedOn = p.receivedOn; version = p.version
        }

        /// A list's row read as it is (`listColumns`): by the columns' own names, where a key-converting decoder spent a
        /// string conversion per key and row.
        enum Column: String, CodingKey, CaseIterable {
            case id, council_id, meeting_id, source, content, field, voter_count, status, agency_id, due_date, forwarded_on, answer
            case answered_on, answered_by, reported_session, received_on, version
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Column.self)
            id = try c.decode(Int.self, forKey: .id); councilId = try c.decode(Int.self, forKey: .council_id)
            meetingId = try c.decodeIfPresent(Int.self, forKey: .meeting_id); source = try c.decode(String.self, forKey: .source)
            content = try c.decode(String.self, forKey: .content); field = try c.decodeIfPresent(String.self, forKey: .field)
            voterCount = try c.decode(Int.self, forKey: .voter_count); status = try c.decode(String.self, forKey: .status)
            agencyId = try c.decodeIfPresent(Int.self, forKey: .agency_id); dueDate = try c.decodeIfPresent(String.self, forKey: .due_date)
            forwardedOn = try c.decodeIfPresent(String.self, forKey: .forwarded_on); answer = try c.decodeIfPresent(String.self, forKey: .answer)
            answeredOn = try c.decodeIfPresent(String.self, forKey: .answered_on)
            answeredBy = try c.decodeIfPresent(String.self, forKey: .answered_by)
            reportedSession = try c.decodeIfPresent(String.self, forKey: .reported_session)
            receivedOn = try c.decode(String.self, forKey: .received_on); version = try c.decode(Int.self, forKey: .version)
        }
    }

    /// The columns a petition's JSON needs beyond the list's own: the list's query reads them too and its rows decode
    /// straight into `PetitionJSON` (snake_case columns to its camelCase names, `PetitionJSON.Column`).
    static let listColumns = ["meeting_id", "forwarded_on", "reported_session", "version"]

    struct EventJSON: Content { let at: Date; let actor: String; let action: String; let from: String?; let to: String; let note: String }
    struct PetitionDetail: Content { let petition: PetitionJSON; let timeline: [EventJSON] }

    static func actor(_ req: Request) throws -> Actor {
        guard req.headers.bearerAuthorization != nil, let actor = req.actor else {
            throw Abort(.unauthorized, reason: "Cần mã truy cập API (Authorization: Bearer …).")
        }
        return actor
    }

    /// A council named by `council`, which the account must read; without it, the account's agencies (what was forwarded to them).
    static func scope(_ req: Request, _ actor: Actor) async throws -> (councilID: Int?, agencies: [Int]?) {
        if let raw = req.queryValue("council") {
            guard let id = Int(raw), let council = try await Places.existingCouncil(id, kept: req.application.figures, on: req.db) else {
                throw ValidationFailure(field: "council", "Không tìm thấy Hội đồng \(raw).")
            }
            _ = try Places.authorizeInternal(.read, council: council, actor: actor)
            return (id, nil)
        }
        guard !actor.agencyIDs.isEmpty else { throw ValidationFailure(field: "council", "Hãy chỉ rõ Hội đồng (council).") }
        return (nil, actor.agencyIDs)
    }

    @Sendable static func petitions(_ req: Request) async throws -> Response {
        let actor = try actor(req)
        let limit = try ApiController.limit(req)
        var f = PetitionQueries.Filters()
        (f.councilID, f.agencyIDs) = try await scope(req, actor)
        if let raw = req.queryValue("status") {
            guard let s = PetitionStatus(rawValue: raw) else { throw ValidationFailure(field: "status", "Trạng thái không hợp lệ.") }
            f.status = s
        }
        if req.queryValue("overdue") == "true" { f.overdueOn = Day.today().description }
        f.before = try ApiController.cursor(req)
        // The list's own query with the few columns the JSON adds: one read, no models.
        var query = PetitionQueries.listQuery(f, limit: limit + 1, db: req.db)
        for column in listColumns { query = query.column(SQLColumn(column, table: "p")) }
        let rows = try await query.rows(PetitionJSON.self)
        let items = rows.prefix(limit)
        return try await ApiController.json(Page(items: Array(items), next: rows.count > limit ? items.last.map { String($0.id) } : nil), req)
    }

    /// A petition and its timeline as plain rows: the petition's JSON columns and its place (unit path) in one read.
    static func detail(_ id: Int, _ actor: Actor, _ db: any Database) async throws -> PetitionDetail {
        let columns = PetitionJSON.Column.allCases.map { "p.\($0.rawValue)" }.joined(separator: ", ")
        struct Scope: Decodable { let unit_id: Int; let path: String; let agency_id: Int? }
        /// The petition and its place from the one row (read as every read is, prepared on PostgreSQL: SQLKit's own
        /// `first()` sent it unnamed, planned on every request).
        struct Row: Decodable {
            let petition: PetitionJSON, scope: Scope
            init(from decoder: any Decoder) throws { petition = try PetitionJSON(from: decoder); scope = try Scope(from: decoder) }
        }
        guard let row = try await db.sql.raw("""
            SELECT \(unsafeRaw: columns), p.unit_id, u.path FROM voter_petitions p JOIN units u ON u.id = p.unit_id \
            WHERE p.id = \(bind: id) AND p.deleted_at IS NULL
            """).firstRow(Row.self) else { throw Abort(.notFound) }
        let scope = row.scope
        let place = VoterViews.PetitionRow.place(unitID: scope.unit_id, unitPath: scope.path, agencyID: scope.agency_id)
        guard Policy.allows(actor, .read, place) else { throw Abort(.forbidden) }
        struct Event: Decodable { let at: Date; let actor_name: String; let action: String; let from_status: String?; let to_status: String; let note: String }
        let events = try await db.sql.select().columns("at", "actor_name", "action", "from_status", "to_status", "note").from(PetitionEvent.schema)
            .where("petition_id", .equal, id).orderBy("id").rows(Event.self)
        return PetitionDetail(petition: row.petition, timeline: events.map {
            EventJSON(at: $0.at, actor: $0.actor_name, action: $0.action, from: $0.from_status, to: $0.to_status, note: $0.note)
        })
    }

    @Sendable static func petition(_ req: Request) async throws -> Response {
        let actor = try actor(req)
        guard let id = req.parameters.get("id", as: Int.self) else { throw ValidationFailure(field: "id", "Mã số phải là số nguyên.") }
        return try await ApiController.json(try await detail(id, actor, req.db), req)
    }

    @Sendable static func act(_ req: Request) async throws -> Response {
        let actor = try actor(req)
        guard let id = req.parameters.get("id", as: Int.self) else { throw ValidationFailure(field: "id", "Mã số phải là số nguyên.") }
        guard let action = PetitionAction(rawValue: req.parameters.get("action") ?? "") else {
            throw ValidationFailure(field: "action", "Bước xử lý phải là classify, forward, answer, close hoặc report.")
        }
        guard let p = try await VoterPetition.find(id, on: req.db) else { throw Abort(.notFound) }
        let input = try req.content.decode(JSONValue.self).formInput()
        try await PetitionService(db: req.db, actor: actor).perform(action, on: p, input: input)
        return try await ApiController.json(try await detail(id, actor, req.db), req)
    }

    struct DeadlineJSON: Content {
        let step: String; let label: String; let due: String; let legalBasis: String; let provisional: Bool; let met: Bool; let overdue: Bool
        /// The day it was done, when recorded, and whether that was after `due`.
        let doneOn: String?; let late: Bool
    }
    struct SenderJSON: Content { let fullName: String; let address: String?; let phone: String? }
    struct LetterJSON: Content {
        let id: Int, councilId: Int, number: String, receivedOn: String, channel: String, kind: String, content: String
        let anonymous: Bool, decision: String?, acceptedOn: String?, outcome: String, closedOn: String?, duplicateOfId: Int?
        let version: Int
        /// What lengthens its deadlines, with why and who decided.
        let complex: Bool, complexityNote: String?, complexityDecidedBy: String?, remoteArea: Bool, severalPlaces: Bool
        let delegatedVerification: Bool
        let complexityCriteria: String?, complexityFindingNumber: String?, complexityFindingDate: String?
        /// The day the complainant learned of the decision (round 2: received the first decision), and the flag when
        /// the letter came after the limitation period or the second-complaint window.
        let complainedDecisionOn: String?, lateNotice: String?
        /// A suspension: while `resumedOn` is null the resolution has no due date.
        let suspendedOn: String?, resumedOn: String?
        /// The days the later steps happened (each meets a time limit listed in `deadlines`).
        let forwardedOn: String?, noticeSentOn: String?, suspensionSentOn: String?, resumptionSentOn: String?, decisionSentOn: String?
        let dialogueOn: String?, dialogueNotifiedOn: String?
        let resultResolvedOn: String?, resultReceivedOn: String?, citizenNotifiedOn: String?
        let extensions: Int, extensionNote: String?, extensionDecidedBy: String?
        /// Present only for an account that may see them: never for a denunciation without an explicit grant.
        let senders: [SenderJSON]?
        let deadlines: [DeadlineJSON]
    }

    @Sendable static func letter(_ req: Request) async throws -> Response {
        let actor = try actor(req)
        guard let id = req.parameters.get("id", as: Int.self) else { throw ValidationFailure(field: "id", "Mã số phải là số nguyên.") }
        guard let l = try await Letter.find(id, on: req.db) else { throw Abort(.notFound) }
        let kept = req.application.figures
        guard Policy.allows(actor, .read, try await Places.of(l, kept: kept, on: req.db)) else { throw Abort(.forbidden) }
        let visible = try await Confidentiality.mayIdentify(l, actor, kept: kept, on: req.db)
        let senders = visible ? try await LetterSender.query(on: req.db).filter(\.$letterID == id).sort(\.$id).all() : []
        let today = Day.today()
        let calendar = try await HolidayDecisions.calendar(kept: kept, on: req.db)
        let deadlines = l.facts.deadlines(calendar)
        let json = LetterJSON(id: id, councilId: l.councilID, number: l.registerNumber, receivedOn: l.receivedOn, channel: l.channel.rawValue,
                              kind: l.kind.rawValue, content: l.content, anonymous: l.anonymous, decision: l.decision?.rawValue,
                              acceptedOn: l.acceptedOn, outcome: l.outcome.rawValue, closedOn: l.closedOn, duplicateOfId: l.duplicateOfID,
                              version: l.version, complex: l.complex, complexityNote: l.complexityNote,
                              complexityDecidedBy: l.complexityDecidedBy, remoteArea: l.remoteArea, severalPlaces: l.severalPlaces,
                              delegatedVerification: l.delegatedVerification, complexityCriteria: l.complexityCriteria,
                              complexityFindingNumber: l.complexityFindingNumber, complexityFindingDate: l.complexityFindingDate,
                              complainedDecisionOn: l.complainedDecisionOn, lateNotice: l.lateComplaintNotice(calendar),
                              suspendedOn: l.suspendedOn, resumedOn: l.resumedOn,
                              forwardedOn: l.forwardedOn, noticeSentOn: l.noticeSentOn, suspensionSentOn: l.suspensionSentOn,
                              resumptionSentOn: l.resumptionSentOn, decisionSentOn: l.decisionSentOn,
                              dialogueOn: l.dialogueOn, dialogueNotifiedOn: l.dialogueNotifiedOn, resultResolvedOn: l.resultResolvedOn,
                              resultReceivedOn: l.resultReceivedOn, citizenNotifiedOn: l.citizenNotifiedOn,
                              extensions: l.extensions, extensionNote: l.extensionNote, extensionDecidedBy: l.extensionDecidedBy, senders: visible ? senders.map { SenderJSON(fullName: $0.fullName, address: $0.address, phone: $0.phone) } : nil,
                              deadlines: deadlines.map {
                                  DeadlineJSON(step: $0.step.rawValue, label: $0.label, due: $0.due.description, legalBasis: $0.legalBasis, provisional: $0.provisional,
                                               met: $0.met, overdue: $0.isOverdue(outcome: l.outcome, today: today),
                                               doneOn: $0.doneOn?.description, late: $0.late)
                              })
        return try await ApiController.json(json, req)
    }
}
