import Fluent
import Foundation

/// One change to one record: who, when, what, and each changed field before → after.
public final class AuditEntry: Model, ListedFields, @unchecked Sendable {
    public static let schema = "audit_entries"
    @ID(custom: .id) public var id: Int?
    @Field(key: "at") public var at: Date
    @OptionalField(key: "user_id") public var userID: Int?
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "action") public var action: AuditAction
    @Field(key: "record_type") public var recordType: String
    @Field(key: "record_id") public var recordID: Int
    @OptionalField(key: "unit_id") public var unitID: Int?
    @Field(key: "summary") public var summary: String
    /// JSON array of `AuditChange`.
    @Field(key: "changes") public var changes: String
    /// The summary and who made the change, folded: what the audit log's keyword filter looks in.
    @OptionalField(key: "folded") public var folded: String?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _at, _userID, _actorName, _action, _recordType, _recordID, _unitID, _summary, _changes, _folded]
    }
}

public enum AuditAction: String, Codable, CaseIterable, Sendable {
    case create, update, delete, restore
    public var label: String {
        switch self { case .create: "Tạo mới"; case .update: "Cập nhật"; case .delete: "Xóa"; case .restore: "Khôi phục" }
    }
}

public struct AuditChange: Codable, Sendable, Equatable {
    public let field: String
    public let before: String?
    public let after: String?

    /// Whether the field's text changed: missing on one side and empty on the other is no change (a record created
    /// with an empty field would otherwise show "Nơi nhận:  → " in the log).
    public var isChange: Bool { (before ?? "") != (after ?? "") }
}

public enum Audit {
    /// The fields that differ between two snapshots, in a stable order.
    public static func diff(before: [String: String], after: [String: String]) -> [AuditChange] {
        Set(before.keys).union(after.keys).sorted().map { AuditChange(field: $0, before: before[$0], after: after[$0]) }.filter(\.isChange)
    }

    /// Writes the entry on `db`, which callers pass as the same transaction as the change itself.
    public static func record(on db: any Database, actor: Actor?, action: AuditAction, recordType: String,
                              recordID: Int, unitID: Int?, summary: String,
                              before: [String: String], after: [String: String]) async throws {
        let entry = AuditEntry()
        entry.at = Date()
        entry.userID = actor?.userID
        entry.actorName = actor.map { "\($0.fullName) (\($0.username))" } ?? "Hệ thống"
        entry.action = action
        entry.recordType = recordType
        entry.recordID = recordID
        entry.unitID = unitID
        entry.summary = summary
        entry.folded = folded(summary: summary, actorName: entry.actorName)
        let data = try JSONEncoder().encode(diff(before: before, after: after))
        entry.changes = String(decoding: data, as: UTF8.self)
        try await entry.create(on: db)
    }

    static func folded(summary: String, actorName: String) -> String { fold("\(summary) \(actorName)") }

    /// The changes an entry's `changes` column holds (a JSON array of `AuditChange`).
    public static func changes(_ json: String) -> [AuditChange] { AuditChangesReader.read(json) }
}
