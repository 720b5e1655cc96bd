import Fluent
import Vapor

/// A unit as the API shows it (a stable shape other tools rely on).
public struct UnitJSON: Content {
    public let id: Int
    public let code: String
    public let name: String
    public let level: UnitLevel
    public let kind: UnitKind
    public let parentCode: String?
    public let validFrom: String?
    public let validTo: String?
    public let hasCouncil: Bool
    public let councilId: Int?

    init(_ row: UnitRow) {
        id = row.id; code = row.code; name = row.name; level = row.level; kind = row.kind
        parentCode = row.parent_code; validFrom = row.valid_from; validTo = row.valid_to
        hasCouncil = row.has_council; councilId = row.council_id
    }

    enum CodingKeys: String, CodingKey { case id, code, name, level, kind, parentCode, validFrom, validTo, hasCouncil, councilId }

    /// Open ends are written as null, never left out: the shape stays the same for every unit.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(code, forKey: .code); try c.encode(name, forKey: .name)
        try c.encode(level, forKey: .level); try c.encode(kind, forKey: .kind)
        try c.encode(parentCode, forKey: .parentCode); try c.encode(validFrom, forKey: .validFrom)
        try c.encode(validTo, forKey: .validTo); try c.encode(hasCouncil, forKey: .hasCouncil)
        try c.encode(councilId, forKey: .councilId)
    }
}

/// Every list answers `{"items": [...], "next": cursor or null}`.
public struct Page<Item: Content>: Content {
    public let items: [Item]
    public let next: String?

    public init(items: [Item], next: String?) { self.items = items; self.next = next }

    enum CodingKeys: String, CodingKey { case items, next }

    /// `next` is null on the last page, not missing.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(next, forKey: .next)
    }
}

public struct SearchHitJSON: Content {
    public let recordType: String
    public let recordId: Int
    public let title: String
    public let detail: String
    public let href: String
}

extension AdministrativeUnit: Content {}
extension Council: Content {}
extension Term: Content {}
extension Body: Content {}
extension Constituency: Content {}
extension Person: Content {}
extension Membership: Content {}
extension Organization: Content {}
extension CouncilSession: Content {}
extension AgendaItem: Content {}
extension Resolution: Content {}
extension VoterMeeting: Content {}
extension Oversight: Content {}
extension SupervisionProgram: Content {}
extension CoordinationProgram: Content {}
extension DialogueConference: Content {}
extension Training: Content {}
extension Question: Content {}
extension Recommendation: Content {}
extension StandingMeeting: Content {}
extension ExplanationHearing: Content {}
extension CouncilTask: Content {}

/// A path or query parameter of an API route, with the type the OpenAPI document gives it.
struct ApiParameter: Sendable {
    enum Kind: Sendable {
        case text, integer, date, boolean
        case count(ClosedRange<Int>)
        case values([String])
        /// The raw values of an enum.
        static func of<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> Kind where E.RawValue == String {
            .values(E.allCases.map(\.rawValue))
        }
    }
    let name: String, location: String, description: String, kind: Kind, required: Bool

    static func query(_ name: String, _ description: String, _ kind: Kind = .text, required: Bool = false) -> ApiParameter {
        ApiParameter(name: name, location: "query", description: description, kind: kind, required: required)
    }
    static func path(_ name: String, _ description: String, _ kind: Kind = .integer) -> ApiParameter {
        ApiParameter(name: name, location: "path", description: description, kind: kind, required: true)
    }
    /// The common ones.
    static let limit = query("limit", "Số dòng (1–\(ApiController.maxLimit))", .count(1...ApiController.maxLimit))
    static let after = query("after", "Con trỏ trang tiếp theo (next của trang trước)", .integer)
}

/// One API route: registered from this list and described from it in the OpenAPI document.
struct ApiRoute: Sendable {
    let method: HTTPMethod
    /// OpenAPI form: "/api/v1/units/{code}".
    let path: String
    let summary: String
    let parameters: [ApiParameter]
    let requestSchema: String?
    let responseSchema: String?
    let needsToken: Bool
    let handler: @Sendable (Request) async throws -> Response

    var pathComponents: [PathComponent] {
        path.split(separator: "/").map { part in
            part.hasPrefix("{") ? PathComponent(stringLiteral: ":" + part.dropFirst().dropLast()) : PathComponent(stringLiteral: String(part))
        }
    }
}

enum ApiController {
    static let maxLimit = 500
    /// Marks the routes that only answer 405 (not part of the API the document describes).
    static let notAllowedKey: AnySendableHashable = "hdnd.methodNotAllowed"

    static func limit(_ req: Request) throws -> Int {
        guard let raw = req.queryValue("limit") else { return 100 }
        guard let n = Int(raw), (1...maxLimit).contains(n) else {
            throw ValidationFailure(field: "limit", "limit phải là số nguyên từ 1 đến \(maxLimit).")
        }
        return n
    }

    /// The id-cursor of a list (`after`, the `next` of the previous page); nil for the first page.
    static func cursor(_ req: Request) throws -> Int? {
        guard let raw = req.queryValue("after") else { return nil }
        guard let n = Int(raw) else { throw ValidationFailure(field: "after", "Con trỏ after không hợp lệ.") }
        return n
    }

    static func day(_ req: Request) throws -> String {
        guard let raw = req.queryValue("on"), !raw.isEmpty else { return Day.today().description }
        var v = Validator()
        let day = v.day("on", "on", raw)
        try v.check()
        return day ?? Day.today().description
    }

    /// `value` as the API's JSON answer, written by `JSONStream`.
    static func json<T: Content>(_ value: T, _ req: Request, status: HTTPResponseStatus = .ok) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(buffer: ByteBuffer(bytes: try JSONStream.encode(value))))
    }

    static var routes: [ApiRoute] {
        var list: [ApiRoute] = [
            ApiRoute(method: .GET, path: "/api/v1/units", summary: "Đơn vị hành chính có hiệu lực vào một ngày, dưới một đơn vị (không có parent: các tỉnh, thành phố)",
                     parameters: [.query("on", "Ngày xem, YYYY-MM-DD (mặc định hôm nay)", .date), .query("parent", "Mã đơn vị cấp trên"),
                                  .query("after", "Con trỏ trang tiếp theo: mã đơn vị cuối của trang trước"), .limit],
                     requestSchema: nil, responseSchema: "UnitPage", needsToken: false, handler: units),
            ApiRoute(method: .GET, path: "/api/v1/units/{code}", summary: "Một đơn vị hành chính theo mã, có hiệu lực vào ngày on",
                     parameters: [.path("code", "Mã đơn vị", .text), .query("on", "Ngày xem, YYYY-MM-DD", .date)],
                     requestSchema: nil, responseSchema: "Unit", needsToken: false, handler: unit),
            ApiRoute(method: .GET, path: "/api/v1/search", summary: "Tìm người, đơn vị, tổ chức, kiến nghị, đơn thư, lượt tiếp công dân (không phân biệt dấu, hoa thường; mới nhất trước)",
                     parameters: [.query("q", "Từ khóa"), .query("type", "Chỉ một loại bản ghi", .values(SearchController.kinds.map(\.rawValue))),
                                  .after, .limit],
                     requestSchema: nil, responseSchema: "SearchPage", needsToken: false, handler: search),
        ]
        SummaryController.registerApi(&list)
        list += CitizensApi.routes
        list += RegisterApi.routes
        list += RecordApi<Council>(plural: "councils", filters: ["unit": "unit_id"]).routes
        list += RecordApi<Term>(plural: "terms", filters: ["council": "council_id"]).routes
        list += RecordApi<Body>(plural: "bodies", filters: ["council": "council_id", "term": "term_id", "kind": "kind"]).routes
        list += RecordApi<Constituency>(plural: "constituencies", filters: ["term": "term_id"]).routes
        list += RecordApi<Person>(plural: "people", filters: ["unit": "unit_id"]).routes
        list += RecordApi<Membership>(plural: "memberships", filters: ["person": "person_id", "body": "body_id", "organization": "organization_id"]).routes
        list += RecordApi<Organization>(plural: "organizations", filters: ["unit": "unit_id", "kind": "kind"]).routes
        list += RecordApi<CouncilSession>(plural: "sessions", filters: ["council": "council_id", "term": "term_id", "kind": "kind"]).routes
        list += RecordApi<AgendaItem>(plural: "agenda-items", filters: ["session": "session_id", "kind": "kind"]).routes
        list += RecordApi<Resolution>(plural: "resolutions", filters: ["council": "council_id", "session": "session_id", "series": "series",
                                                                       "field": "field"]).routes
        list += RecordApi<VoterMeeting>(plural: "voter-meetings", filters: ["council": "council_id", "kind": "kind"]).routes
        // An oversight is public as its page is; its recommendations are not listed here.
        list += RecordApi<Oversight>(plural: "oversights", filters: ["council": "council_id", "kind": "kind", "lead": "lead", "body": "body_id"]).routes
        // Public as their pages are: a council's supervision programs, coordination programs, dialogues and trainings.
        list += RecordApi<SupervisionProgram>(plural: "supervision-programs", filters: ["council": "council_id"]).routes
        list += RecordApi<CoordinationProgram>(plural: "coordination-programs", filters: ["council": "council_id"]).routes
        list += RecordApi<DialogueConference>(plural: "dialogue-conferences", filters: ["council": "council_id"]).routes
        list += RecordApi<Training>(plural: "trainings", filters: ["council": "council_id"]).routes
        // The council's own records, one council at a time for those who read them.
        list += RecordApi<Question>(plural: "questions", filters: ["council": "council_id", "venue": "venue"], internalRecords: true).routes
        list += RecordApi<Recommendation>(plural: "recommendations", filters: ["council": "council_id", "oversight": "oversight_id", "status": "status"],
                                          internalRecords: true).routes
        list += RecordApi<StandingMeeting>(plural: "standing-meetings", filters: ["council": "council_id", "kind": "kind"], internalRecords: true).routes
        list += RecordApi<ExplanationHearing>(plural: "explanation-hearings", filters: ["council": "council_id"], internalRecords: true).routes
        list += RecordApi<CouncilTask>(plural: "tasks", filters: ["council": "council_id", "status": "status", "basis": "basis"], internalRecords: true).routes
        return list
    }

    static func register(_ app: Application) {
        let routes = routes
        for route in routes {
            app.on(route.method, route.pathComponents, use: route.handler)
        }
        // A method a path does not have is 405 with the methods it has (`Allow`), not 404 as if the path did not exist.
        for path in OpenAPIDocument.orderedUnique(routes.map(\.path)) {
            let own = routes.filter { $0.path == path }
            let allowed = own.map(\.method.rawValue).joined(separator: ", ")
            for method in [HTTPMethod.GET, .POST, .PUT, .PATCH, .DELETE, .TRACE, .OPTIONS, .RAW(value: "QUERY")] where !own.contains(where: { $0.method == method }) {
                let route = app.on(method, own[0].pathComponents) { req async throws -> Response in
                    let response = try problem(status: .methodNotAllowed, detail: "Địa chỉ này chỉ nhận \(allowed).", instance: req.url.path)
                    response.headers.replaceOrAdd(name: .allow, value: allowed)
                    return response
                }
                route.userInfo[notAllowedKey] = true
            }
        }
        app.get("api", "openapi.json") { req async throws -> Response in
            let response = Response(status: .ok)
            response.headers.contentType = .json
            response.body = .init(data: try OpenAPIDocument.data(routes: routes))
            return response
        }
    }

    @Sendable static func units(_ req: Request) async throws -> Response {
        let day = try day(req), limit = try limit(req)
        var parentID: Int? = nil
        if let code = req.queryValue("parent"), !code.isEmpty {
            guard let parent = try await UnitQueries.find(code: code, on: day, db: req.db) else {
                throw ValidationFailure(field: "parent", "Không có đơn vị mang mã \(code) vào ngày \(VietnameseFormat.date(day)).")
            }
            parentID = parent.id
        }
        let rows = try await UnitQueries.children(of: parentID, on: day, after: req.queryValue("after"),
                                                  limit: limit + 1, db: req.db)
        let items = rows.prefix(limit).map(UnitJSON.init)
        return try await json(Page(items: Array(items), next: rows.count > limit ? items.last?.code : nil), req)
    }

    @Sendable static func unit(_ req: Request) async throws -> Response {
        let code = try req.parameters.require("code")
        guard let row = try await UnitQueries.find(code: code, on: try day(req), db: req.db) else {
            throw Abort(.notFound, reason: "Không có đơn vị mang mã \(code) vào ngày này.")
        }
        return try await json(UnitJSON(row), req)
    }

    @Sendable static func search(_ req: Request) async throws -> Response {
        let q = req.queryValue("q") ?? ""
        if q.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationFailure(field: "q", "Hãy nhập từ khóa q.") }
        if q.count > 200 { throw ValidationFailure(field: "q", "Từ khóa q dài quá 200 ký tự.") }
        let limit = try limit(req)
        let after = try cursor(req)
        let kind = try SearchController.kind(req, field: "type")
        let hits = try await SearchIndex.search(on: req.db, query: q, unitPaths: SearchController.readablePaths(req.actor),
                                                limit: limit + 1, kind: kind, cursor: after)
        let items = hits.prefix(limit).map {
            SearchHitJSON(recordType: $0.recordType, recordId: $0.recordId, title: $0.title, detail: $0.detail, href: SearchController.href($0))
        }
        return try await json(Page(items: Array(items), next: hits.count > limit ? String(hits[limit - 1].entryID) : nil), req)
    }
}

/// List, read, create, update and delete one kind of directory record over JSON, through the same
/// validation (`apply`) and the same `RecordWriter` as the pages.
struct RecordApi<R: FormEditable & Content> {
    let plural: String
    /// Query parameter → column, for list filters.
    let filters: [String: String]
    /// Kinds that are the council's own (questions, standing meetings…): listed one council at a time (`council`), for
    /// those who read its internal records; a record is read by those the policy lets read it (an agency what it answers).
    var internalRecords = false

    var routes: [ApiRoute] {
        let base = "/api/v1/\(plural)"
        let schema = String(describing: R.self)
        return [
            ApiRoute(method: .GET, path: base, summary: "Danh sách \(R.kind.noun)",
                     parameters: filters.sorted { $0.key < $1.key }.map { .query($0.key, "Lọc theo \($0.key)", $0.value.hasSuffix("_id") ? .integer : .text) } + [.after, .limit],
                     requestSchema: nil, responseSchema: schema + "Page", needsToken: false, handler: list),
            ApiRoute(method: .GET, path: base + "/{id}", summary: "Một \(R.kind.noun)", parameters: [.path("id", "Mã số")],
                     requestSchema: nil, responseSchema: schema, needsToken: false, handler: read),
            ApiRoute(method: .POST, path: base, summary: "Thêm \(R.kind.noun)", parameters: [],
                     requestSchema: schema + "Input", responseSchema: schema, needsToken: true, handler: create),
            ApiRoute(method: .PATCH, path: base + "/{id}", summary: "Sửa \(R.kind.noun) (gửi kèm version)", parameters: [.path("id", "Mã số")],
                     requestSchema: schema + "Input", responseSchema: schema, needsToken: true, handler: update),
            ApiRoute(method: .DELETE, path: base + "/{id}", summary: "Xóa \(R.kind.noun) (có thể khôi phục)",
                     parameters: [.path("id", "Mã số"), .query("version", "Phiên bản đang xóa", .integer, required: true)],
                     requestSchema: nil, responseSchema: nil, needsToken: true, handler: delete),
        ]
    }

    static func tokenActor(_ req: Request) throws -> Actor {
        // Writes need a bearer token: a browser cookie alone never writes through the API.
        guard req.headers.bearerAuthorization != nil, let actor = req.actor else {
            throw Abort(.unauthorized, reason: "Cần mã truy cập API (Authorization: Bearer …) để ghi dữ liệu.")
        }
        return actor
    }

    func load(_ req: Request) async throws -> R {
        guard let id = req.parameters.get("id", as: Int.self) else { throw ValidationFailure(field: "id", "Mã số phải là số nguyên.") }
        guard let record = try await R.query(on: req.db).filter(\._$id == id).first() else { throw Abort(.notFound) }
        return record
    }

    var list: @Sendable (Request) async throws -> Response {
        let filters = self.filters, internalRecords = self.internalRecords
        return { req in
            let limit = try ApiController.limit(req)
            if internalRecords {
                guard let raw = req.queryValue("council"), !raw.isEmpty else {
                    throw ValidationFailure(field: "council", "Cần chỉ rõ Hội đồng (council) để xem danh sách này.")
                }
                guard let councilID = Int(raw) else { throw ValidationFailure(field: "council", "council phải là số nguyên.") }
                _ = try await Places.authorizeInternal(.read, councilID: councilID, actor: req.actor, kept: req.application.figures, on: req.db)
            }
            var query = R.query(on: req.db)
            for (param, column) in filters {
                guard let value = req.queryValue(param), !value.isEmpty else { continue }
                if column.hasSuffix("_id") {
                    guard let n = Int(value) else { throw ValidationFailure(field: param, "\(param) phải là số nguyên.") }
                    query = query.filter(FieldKey(stringLiteral: column), .equal, n)
                } else {
                    query = query.filter(FieldKey(stringLiteral: column), .equal, value)
                }
            }
            if let after = try ApiController.cursor(req) { query = query.filter(\._$id > after) }
            let rows = try await query.sort(\._$id).limit(limit + 1).all()
            let items = Array(rows.prefix(limit))
            return try await ApiController.json(Page(items: items, next: rows.count > limit ? items.last?.id.map(String.init) : nil), req)
        }
    }

    var read: @Sendable (Request) async throws -> Response {
        { req in
            let record = try await load(req)
            // A task is read by its giver's people and by the council it was given to, as its page is (`Tasks.mayRead`).
            let allowed = if let task = record as? CouncilTask { try await Tasks.mayRead(task, actor: req.actor, db: req.db) }
                else { Policy.allows(req.actor, .read, try await Places.of(record, on: req.db)) }
            guard allowed else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
            return try await ApiController.json(record, req)
        }
    }

    var create: @Sendable (Request) async throws -> Response {
        { req in
            let actor = try Self.tokenActor(req)
            let input = try req.content.decode(JSONValue.self).formInput()
            let record = try await R.blank(input, on: req.db)
            try await RecordWriter(db: req.db, actor: actor).authorizeCreate(record)
            try await record.apply(input, actor: actor, on: req.db)
            try await RecordWriter(db: req.db, actor: actor).create(record) { r, tx in try await r.afterInsert(actor: actor, on: tx) }
            return try await ApiController.json(record, req, status: .created)
        }
    }

    var update: @Sendable (Request) async throws -> Response {
        { req in
            let actor = try Self.tokenActor(req)
            let record = try await load(req)
            guard Policy.allows(actor, .update, try await Places.of(record, on: req.db)) else { throw Abort(.forbidden) }
            var input = try req.content.decode(JSONValue.self).formInput()
            guard let expected = input["version"].flatMap(Int.init) else {
                throw ValidationFailure(field: "version", "Cần gửi version của bản ghi đang sửa.")
            }
            input["version"] = nil
            // A PATCH sends only what changes; the rest keeps its current value.
            var merged = record.auditSnapshot
            try await Self.fillCodes(&merged, record, req.db)
            if input["organizationID"] != nil || input["holder"] != nil { merged["bodyID"] = nil }
            if input["bodyID"] != nil || input["holder"] != nil { merged["organizationID"] = nil }
            merged.merge(input) { _, new in new }
            let before = record.auditSnapshot, beforeUnit = record.scopeUnitID
            try await record.apply(merged, actor: actor, on: req.db)
            try await RecordWriter(db: req.db, actor: actor).update(record, expectedVersion: expected, before: before,
                                                                     beforeUnitID: beforeUnit) { r, tx in try await r.afterSave(actor: actor, on: tx) }
            return try await ApiController.json(record, req)
        }
    }

    /// Some forms name a record's owner differently from its snapshot: a council by its unit's code,
    /// a person by the council that records them.
    static func fillCodes(_ input: inout FormInput, _ record: R, _ db: any Database) async throws {
        if let council = record as? Council, let unit = try await AdministrativeUnit.find(council.unitID, on: db) {
            input["unitCode"] = unit.code
        }
        if let person = record as? Person, let council = try await Council.query(on: db).filter(\.$unitID == person.unitID).first() {
            input["councilID"] = String(council.id!)
        }
        // A task names its assignee in one pick-list value ("agency:12"); a follow-up keeps what it follows.
        if let task = record as? CouncilTask { input["assignee"] = task.assignee?.value }
    }

    var delete: @Sendable (Request) async throws -> Response {
        { req in
            let actor = try Self.tokenActor(req)
            let record = try await load(req)
            guard Policy.allows(actor, .delete, try await Places.of(record, on: req.db)) else { throw Abort(.forbidden) }
            guard let version = req.queryValue("version").flatMap({ Int($0) }) else {
                throw ValidationFailure(field: "version", "Cần gửi version (số nguyên) của bản ghi cần xóa.")
            }
            try await RecordWriter(db: req.db, actor: actor).delete(record, expectedVersion: version)
            return Response(status: .noContent)
        }
    }
}
