import Fluent
import Foundation

/// What an item of a session's agenda is.
public enum AgendaItemKind: String, Codable, CaseIterable, Sendable {
    case report, verification, draftResolution, questioning, petitionReport, election, other
    public var label: String {
        switch self {
        case .report: "Báo cáo"
        case .verification: "Báo cáo thẩm tra của Ban"
        case .draftResolution: "Tờ trình, dự thảo nghị quyết"
        case .questioning: "Chất vấn và trả lời chất vấn"
        case .petitionReport: "Báo cáo kết quả giải quyết kiến nghị cử tri"
        case .election: "Bầu cử, miễn nhiệm, bãi nhiệm"
        case .other: "Nội dung khác"
        }
    }
}

/// Nội dung kỳ họp: one item of a session's agenda, in order, presented by a body of the council or a person.
public final class AgendaItem: Model, ListedFields, @unchecked Sendable {
    public static let schema = "session_agenda_items"
    @ID(custom: .id) public var id: Int?
    @Field(key: "session_id") public var sessionID: Int
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "position") public var position: Int
    @Field(key: "kind") public var kind: AgendaItemKind
    @Field(key: "title") public var title: String
    /// Who presents it: a body of the council (its committee) or, in words, anyone else ("Chủ tịch UBND phường").
    @OptionalField(key: "body_id") public var bodyID: Int?
    @OptionalField(key: "presenter") public var presenter: String?
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _sessionID, _councilID, _unitID, _position, _kind, _title, _bodyID, _presenter, _version, _createdAt, _updatedAt, _deletedAt]
    }
}

extension AgendaItem: FormEditable {
    public static var kind: RecordKind { .agendaItem }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { "\(position). \(title.prefix(80))" }
    public var auditSnapshot: [String: String] {
        ["sessionID": String(sessionID), "position": String(position), "kind": kind.rawValue, "title": title,
         "bodyID": bodyID.map(String.init) ?? "", "presenter": presenter ?? ""]
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> AgendaItem {
        let item = AgendaItem()
        item.sessionID = query.id("session", "sessionID") ?? 0
        let session = try await CouncilSession.find(item.sessionID, on: db)
        item.councilID = session?.councilID ?? 0; item.unitID = session?.unitID ?? 0
        let last = try await AgendaItem.query(on: db).filter(\.$sessionID == item.sessionID).sort(\.$position, .descending).first()
        item.position = (last?.position ?? 0) + 1
        item.kind = .report; item.title = ""; item.version = 0
        return item
    }

    /// The committees and standing committee of the session's term: those who present items.
    static func presenters(_ session: CouncilSession?, db: any Database) async throws -> [Body] {
        guard let termID = session?.termID else { return [] }
        return try await Body.query(on: db).filter(\.$termID == termID).filter(\.$kind ~~ [.standing, .committee, .delegateGroup])
            .sort(\.$name).all()
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("sessionID", String(sessionID))
        let bodies = try await Self.presenters(try await CouncilSession.find(sessionID, on: db), db: db)
        b.text("position", "Thứ tự", String(position), required: true, type: "number")
        b.select("kind", "Loại nội dung", kind.rawValue, options: AgendaItemKind.allCases.map { ($0.rawValue, $0.label) })
        b.textarea("title", "Nội dung", title, required: true)
        b.select("bodyID", "Cơ quan trình bày", bodyID.map(String.init), options: bodies.map { (String($0.id!), $0.name) }, required: false, blank: "—")
        b.text("presenter", "Người trình bày", presenter, hint: "Ví dụ Chủ tịch UBND phường; để trống nếu đã chọn cơ quan")
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let session = try await input["sessionID"].flatMap(Int.init).asyncMap { try await CouncilSession.find($0, on: db) } ?? nil
        if session == nil { v.fail("sessionID", "Không tìm thấy kỳ họp.") }
        let position = v.int("position", "Thứ tự", input["position"], range: 1...500)
        let kind = v.choice("kind", "Loại nội dung", input["kind"], as: AgendaItemKind.self)
        let title = v.text("title", "Nội dung", input["title"], max: 2000)
        var body: Int? = nil
        if let raw = input["bodyID"], !raw.isEmpty {
            body = Int(raw)
            if try await !Self.presenters(session, db: db).contains(where: { $0.id == body }) {
                v.fail("bodyID", "Cơ quan trình bày phải là Thường trực, một Ban hoặc Tổ đại biểu của nhiệm kỳ này.")
            }
        }
        let presenter = v.optionalText("presenter", "Người trình bày", input["presenter"], max: 300)
        try v.check()
        sessionID = session!.id!; councilID = session!.councilID; unitID = session!.unitID
        self.position = position!; self.kind = kind!; self.title = title; bodyID = body; self.presenter = presenter
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.session.path(sessionID) + "#chuong-trinh" }
}

