import Fluent
import Foundation
import SQLKit
import Vapor

/// A denouncer's identity is secret (Law on Denunciations 2018, art. 47): a letter or a reception visit that is or
/// ever was about a denunciation is `confidential` for good, whatever its kind becomes later. Who sent such a letter
/// or came to such a visit is shown only to accounts granted the right for that very record (`LetterAccess`,
/// `VisitAccess`) — the administrator included; lists, exports, search, the API and the audit never carry it.
public enum Confidentiality {
    public static let hidden = "Được giữ bí mật theo Luật Tố cáo"

    /// Whether `actor` may see who sent `letter`.
    static func mayIdentify(_ letter: Letter, _ actor: Actor?, kept: FigureCache = .none, on db: any Database) async throws -> Bool {
        guard let actor, let id = letter.id, Policy.allows(actor, .read, try await Places.of(letter, kept: kept, on: db)) else { return false }
        if !letter.confidential { return true }
        return try await granted(LetterAccess.schema, "letter_id", id, to: actor.userID, on: db)
    }

    /// Whether `actor` may see who came to `visit`.
    public static func mayIdentify(_ visit: ReceptionVisit, _ actor: Actor?, on db: any Database) async throws -> Bool {
        guard let actor, let id = visit.id, Policy.allows(actor, .read, try await Places.of(visit, on: db)) else { return false }
        if !visit.confidential { return true }
        return try await granted(VisitAccess.schema, "visit_id", id, to: actor.userID, on: db)
    }

    /// Whether the grants of `table` (letter_access, visit_access) hold one for the record `id` (its `column`) to the
    /// account `userID`: a plain row, read on every view of a confidential record (a model reflects its fields per read).
    private static func granted(_ table: String, _ column: String, _ id: Int, to userID: Int, on db: any Database) async throws -> Bool {
        struct Grant: Decodable { let id: Int }
        return try await db.sql.select().column("id").from(table).where(SQLIdentifier(column), .equal, SQLBind(id))
            .where("user_id", .equal, userID).firstRow(Grant.self) != nil
    }

    /// The office grants the account named in the form (`username`) the right to see who sent `record` (a letter) or
    /// came to it (a reception visit); the grant is audited on the record. Returns the account.
    static func grant<R: EditableRecord>(_ record: R, req: Request) async throws -> User {
        let actor = try req.requireActor()
        guard let id = record.id else { throw Abort(.notFound) }
        guard Policy.allows(actor, .update, try await Places.of(record, on: req.db)) else { throw Abort(.forbidden) }
        let username = ((try? req.content.get(String.self, at: "username")) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard let user = try await User.query(on: req.db).filter(\.$username == username).first(), let userID = user.id else {
            throw ValidationFailure(field: "username", "Không có tài khoản \(username).")
        }
        try await req.db.transaction { tx in
            guard try await recordAccess(to: record, userID: userID, grantedBy: actor.userID, on: tx) else { return }
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: R.kind.rawValue, recordID: id, unitID: record.scopeUnitID,
                                   summary: "Cho phép xem danh tính: \(user.username)", before: [:], after: ["identityAccess": user.username])
        }
        return user
    }

    /// Writes that `userID` may see who is behind `record` (a letter or a reception visit), unless already written;
    /// true when it was new.
    @discardableResult
    static func recordAccess<R: EditableRecord>(to record: R, userID: Int, grantedBy: Int, on db: any Database) async throws -> Bool {
        guard userID > 0, let id = record.id else { return false }
        if R.kind == .letter {
            guard try await LetterAccess.query(on: db).filter(\.$letterID == id).filter(\.$userID == userID).first() == nil else { return false }
            let access = LetterAccess()
            access.letterID = id; access.userID = userID; access.grantedBy = grantedBy
            try await access.create(on: db)
        } else {
            guard try await VisitAccess.query(on: db).filter(\.$visitID == id).filter(\.$userID == userID).first() == nil else { return false }
            let access = VisitAccess()
            access.visitID = id; access.userID = userID; access.grantedBy = grantedBy
            try await access.create(on: db)
        }
        return true
    }

    /// The audit value written in place of a protected one.
    static let redacted = "[bảo mật]"

    /// Once a visit is confidential, the visitor's name leaves the audit entries written before (`visitID`: one visit;
    /// nil: every confidential visit). The name then lives only on the visit, behind its access list.
    static func scrubVisitors(visitID: Int? = nil, on db: any Database) async throws {
        struct E: Decodable { let id: Int; let changes: String }
        let one: SQLQueryString = visitID.map { " AND a.record_id = \(bind: $0)" } ?? ""
        let entries = try await db.sql.raw("""
            SELECT a.id, a.changes FROM audit_entries a JOIN reception_visits v ON v.id = a.record_id AND v.confidential = \(bind: true) \
            WHERE a.record_type = 'receptionVisit' AND a.changes LIKE '%visitorName%'\(one)
            """).rows(E.self)
        for entry in entries {
            guard let changes = try? JSONDecoder().decode([AuditChange].self, from: Data(entry.changes.utf8)) else { continue }
            let scrubbed = changes.map { c in
                c.field == "visitorName" ? AuditChange(field: c.field, before: c.before.map { _ in redacted }, after: c.after.map { _ in redacted }) : c
            }
            guard scrubbed != changes else { continue }
            let text = String(decoding: try JSONEncoder().encode(scrubbed), as: UTF8.self)
            try await db.sql.update("audit_entries").set("changes", to: text).where("id", .equal, entry.id).run()
        }
    }
}

/// The explicit right of one account to see who came to one confidential reception visit.
public final class VisitAccess: Model, ListedFields, @unchecked Sendable {
    public static let schema = "visit_access"
    @ID(custom: .id) public var id: Int?
    @Field(key: "visit_id") public var visitID: Int
    @Field(key: "user_id") public var userID: Int
    @Field(key: "granted_by") public var grantedBy: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] { [_id, _visitID, _userID, _grantedBy, _createdAt] }
}
