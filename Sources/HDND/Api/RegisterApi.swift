import Fluent
import SQLKit
import Vapor

/// The API of a council's registers: letters (listed without senders, written through the form's rules),
/// reception visits (a confidential visitor never named), and the petitions raised at a voter meeting.
enum RegisterApi {
    static var routes: [ApiRoute] {
        [
            ApiRoute(method: .GET, path: "/api/v1/letters",
                     summary: "Sổ đơn thư của một Hội đồng (hoặc đơn được chuyển đến cơ quan của tài khoản); không có người gửi",
                     parameters: [.query("council", "Mã số Hội đồng", .integer), .query("kind", "Loại đơn", .of(LetterKind.self)),
                                  .query("outcome", "Kết quả", .of(LetterOutcome.self)), .query("agency", "Mã số cơ quan có thẩm quyền", .integer),
                                  .query("overdue", "true: chỉ quá hạn", .boolean), .query("dueThisWeek", "true: đến hạn trong 7 ngày", .boolean),
                                  .after, .limit],
                     requestSchema: nil, responseSchema: "LetterPage", needsToken: true, handler: letters),
            ApiRoute(method: .POST, path: "/api/v1/letters", summary: "Vào sổ một đơn thư (số đơn do hệ thống cấp)",
                     parameters: [], requestSchema: "LetterInput", responseSchema: "LetterListItem", needsToken: true, handler: createLetter),
            ApiRoute(method: .GET, path: "/api/v1/reception-visits", summary: "Các lượt tiếp công dân của một Hội đồng trong một khoảng thời gian",
                     parameters: [.query("council", "Mã số Hội đồng", .integer, required: true), .query("from", "Từ ngày, YYYY-MM-DD", .date),
                                  .query("to", "Đến ngày, YYYY-MM-DD", .date), .after, .limit],
                     requestSchema: nil, responseSchema: "ReceptionVisitPage", needsToken: true, handler: visits),
            ApiRoute(method: .POST, path: "/api/v1/voter-meetings/{id}/petitions",
                     summary: "Ghi các ý kiến, kiến nghị nêu tại một cuộc tiếp xúc cử tri (tất cả hoặc không dòng nào)",
                     parameters: [.path("id", "Mã số cuộc tiếp xúc")], requestSchema: "PetitionLinesInput", responseSchema: "VoterPetitionPage",
                     needsToken: true, handler: meetingPetitions),
        ]
    }

    struct LetterListItem: Content {
        let id: Int, councilId: Int, number: String, receivedOn: String, kind: String, content: String, anonymous: Bool
        let decision: String?, outcome: String, duplicateOfId: Int?, nextDeadline: String?, nextDeadlineLabel: String?, overdue: Bool
        init(_ l: LetterQueries.Listed) {
            id = l.row.id; councilId = l.row.council_id; number = l.row.registerNumber; receivedOn = l.row.received_on; kind = l.row.kind.rawValue
            content = l.row.content; anonymous = l.row.anonymous; decision = l.row.decision?.rawValue; outcome = l.row.outcome.rawValue
            duplicateOfId = l.row.duplicate_of_id; nextDeadline = l.row.next_due; nextDeadlineLabel = l.row.next_label; overdue = l.overdue
        }
    }

    @Sendable static func letters(_ req: Request) async throws -> Response {
        let actor = try CitizensApi.actor(req)
        let (councilID, agencies) = try await CitizensApi.scope(req, actor)
        var f = LetterQueries.Filters(councilID: councilID)
        f.agencyIDs = agencies
        var v = Validator()
        if let raw = req.queryValue("kind") { f.kind = v.choice("kind", "Loại đơn", raw, as: LetterKind.self) }
        if let raw = req.queryValue("outcome") { f.outcome = v.choice("outcome", "Kết quả", raw, as: LetterOutcome.self) }
        if let raw = req.queryValue("agency") {
            f.agencyID = Int(raw)
            if f.agencyID == nil { v.fail("agency", "Mã số cơ quan phải là số nguyên.") }
        }
        f.overdueOnly = req.queryValue("overdue") == "true"
        f.dueThisWeek = req.queryValue("dueThisWeek") == "true"
        try v.check()
        let (items, next) = try await LetterQueries.page(f, before: try ApiController.cursor(req), size: try ApiController.limit(req),
                                                       senders: false, db: req.db)
        return try await ApiController.json(Page(items: items.map(LetterListItem.init), next: next.map(String.init)), req)
    }

    /// Senders come as `senders: [{fullName, address, phone}]` (up to three) or none with `anonymous: true`.
    @Sendable static func createLetter(_ req: Request) async throws -> Response {
        let actor = try CitizensApi.actor(req)
        guard case .object(var fields) = try req.content.decode(JSONValue.self) else {
            throw ValidationFailure(field: "body", "Nội dung gửi lên phải là một đối tượng JSON.")
        }
        // Senders as the form's numbered fields.
        var senderFields: FormInput = [:]
        if let index = fields.firstIndex(where: { $0.0 == "senders" }) {
            guard case .array(let list) = fields[index].1 else { throw ValidationFailure(field: "senders", "senders phải là một mảng.") }
            guard list.count <= 3 else { throw ValidationFailure(field: "senders", "Ghi tối đa 03 người gửi; các người khác ghi trong nội dung.") }
            fields.remove(at: index)
            for (i, sender) in list.enumerated() {
                let s = try sender.formInput()
                senderFields["senderName_\(i + 1)"] = s["fullName"]; senderFields["senderAddress_\(i + 1)"] = s["address"]
                senderFields["senderPhone_\(i + 1)"] = s["phone"]
            }
        }
        var input = try JSONValue.object(fields).formInput()
        input.merge(senderFields) { _, new in new }
        let letter = try await Letter.blank(input, on: req.db)
        try await RecordWriter(db: req.db, actor: actor).authorizeCreate(letter)
        try await letter.apply(input, actor: actor, on: req.db)
        try await RecordWriter(db: req.db, actor: actor).create(letter) { r, tx in try await r.afterInsert(actor: actor, on: tx) }
        // The register's newest letter up to this one's id is this one: the list item as the list shows it.
        let (items, _) = try await LetterQueries.page(LetterQueries.Filters(councilID: letter.councilID), before: letter.id! + 1, size: 1,
                                                     senders: false, db: req.db)
        guard let item = items.first else { throw Abort(.internalServerError) }
        return try await ApiController.json(LetterListItem(item), req, status: .created)
    }

    struct VisitJSON: Content {
        let id: Int, date: String, visitor: String?, confidential: Bool, visitors: Int, kind: String, topic: String, handling: String
        let delegate: String?, letterId: Int?, letterNumber: String?, petitionId: Int?
    }

    @Sendable static func visits(_ req: Request) async throws -> Response {
        let actor = try CitizensApi.actor(req)
        guard let raw = req.queryValue("council") else { throw ValidationFailure(field: "council", "Hãy chỉ rõ Hội đồng (council).") }
        let (councilID, _) = try await CitizensApi.scope(req, actor)
        guard let councilID else { throw ValidationFailure(field: "council", "Không tìm thấy Hội đồng \(raw).") }
        var v = Validator()
        let span = v.span("from", req.queryValue("from"), "to", req.queryValue("to"))
        let from = span.from ?? "1900-01-01", to = span.to ?? "2999-12-31"
        try v.check()
        let limit = try ApiController.limit(req)
        let rows = try await ReceptionQueries.visits(councilID: councilID, from: from, to: to, after: try ApiController.cursor(req), limit: limit + 1, db: req.db)
        let items = rows.prefix(limit).map { r in
            VisitJSON(id: r.id, date: r.date, visitor: r.confidential ? nil : r.visitor_name, confidential: r.confidential, visitors: r.visitors,
                      kind: r.kind.rawValue, topic: r.topic, handling: r.handling.rawValue, delegate: r.delegate_name, letterId: r.letter_id,
                      letterNumber: r.letterNumber, petitionId: r.petition_id)
        }
        return try await ApiController.json(Page(items: Array(items), next: rows.count > limit ? items.last.map { String($0.id) } : nil), req)
    }

    struct Lines: Content {
        struct Line: Content { let content: String; let field: String?; let voters: Int? }
        let petitions: [Line]
    }

    @Sendable static func meetingPetitions(_ req: Request) async throws -> Response {
        let actor = try CitizensApi.actor(req)
        guard let id = req.parameters.get("id", as: Int.self) else { throw ValidationFailure(field: "id", "Mã số phải là số nguyên.") }
        guard let meeting = try await VoterMeeting.find(id, on: req.db) else { throw Abort(.notFound) }
        let body = try req.content.decode(Lines.self)
        guard !body.petitions.isEmpty, body.petitions.count <= 200 else {
            throw ValidationFailure(field: "petitions", "Gửi từ 01 đến 200 ý kiến, kiến nghị.")
        }
        var input: FormInput = [:]
        for (i, line) in body.petitions.enumerated() {
            input["content_\(i + 1)"] = line.content; input["field_\(i + 1)"] = line.field; input["voters_\(i + 1)"] = line.voters.map(String.init)
        }
        let lines = try PetitionService.lines(from: input, rows: body.petitions.count)
        let saved = try await PetitionService(db: req.db, actor: actor).record(lines, at: meeting)
        return try await ApiController.json(Page(items: saved.map(CitizensApi.PetitionJSON.init), next: nil), req, status: .created)
    }
}
