import Fluent
import SQLKit
import Vapor

/// What every editable record of the directory (and later areas) shares: a version for
/// optimistic locking, the unit that owns it, an audit snapshot, and its search text.
public protocol EditableRecord: Model, Sendable where IDValue == Int {
    static var kind: RecordKind { get }
    var version: Int { get set }
    /// The unit whose council owns the record: the place the policy judges.
    var scopeUnitID: Int { get }
    var displayName: String { get }
    /// Every field a person could change, as text: the audit stores what differs.
    var auditSnapshot: [String: String] { get }
    /// Title and detail for the search box; nil when the record is not searched.
    var searchText: (title: String, detail: String)? { get }
    /// Directory records are public; citizens' matters are internal.
    var visibility: Place.Visibility { get }
    /// The agency a record is forwarded to, which may then read and answer it.
    var forwardedTo: Int? { get }
    /// Where the office grants an account the right to see who is behind this confidential record, when its own
    /// page has no such form (a reception visit's is its form page); nil otherwise.
    var identityGrantPath: String? { get }
    /// A warning the audit entry of the next write carries (a denunciation's kind changed), if any.
    var auditWarning: String? { get }
    /// The delegate whose own record this is (a question they asked): they may write it as the office does.
    var ownerPersonID: Int? { get }
    /// Runs in the writing transaction after every create, update, delete and restore (what depends on the record).
    func afterWrite(on db: any Database) async throws
}

public extension EditableRecord {
    func afterWrite(on db: any Database) async throws {}
    var searchText: (title: String, detail: String)? { nil }
    var visibility: Place.Visibility { .publicRecord }
    var forwardedTo: Int? { nil }
    var auditWarning: String? { nil }
    var identityGrantPath: String? { nil }
    var ownerPersonID: Int? { nil }
}

/// The place a unit id stands for, read from the unit tree.
public enum Places {
    /// The unit's place; its path `kept` between requests while the units stay the same (`FigureCache`), as a record's
    /// page checks its place more than once (`FigureCache.none`, the default, keeps nothing).
    static func of(unitID: Int, adminOnlyWrites: Bool = false, kept: FigureCache = .none, on db: any Database) async throws -> Place {
        if unitID == Place.nationalUnitID { return .national }
        // Read on nearly every request: a plain row, not a model (units ended or merged still place their records).
        struct Row: Decodable { let path: String }
        let path = try await kept.value("unit path \(unitID)", on: db) {
            try await db.sql.select().column("path").from(AdministrativeUnit.schema).where("id", .equal, unitID).firstRow(Row.self)?.path
        }
        guard let path else { throw Abort(.notFound, reason: "Không tìm thấy đơn vị hành chính.") }
        return Place(unitID: unitID, unitPath: path, adminOnlyWrites: adminOnlyWrites)
    }

    /// A council's name and unit with the place of its records, in one read (the lists of a council start with it).
    public struct CouncilPlace: Decodable, Sendable {
        public let id: Int, unit_id: Int, name: String, path: String
        /// The unit's last day, when it was merged or abolished (a period report's units below stand as on that day).
        public var valid_to: String? = nil
        public var place: Place { Place(unitID: unit_id, unitPath: path) }
    }

    public static func council(_ id: Int, on db: any Database) async throws -> CouncilPlace {
        guard let row = try await existingCouncil(id, on: db) else { throw Abort(.notFound) }
        return row
    }

    /// The same, kept between requests while the records stay the same (`FigureCache`: a write to the councils or the
    /// units bumps the revision): the lists of a council start with it.
    static func council(_ id: Int, kept: FigureCache, on db: any Database) async throws -> CouncilPlace {
        guard let row = try await existingCouncil(id, kept: kept, on: db) else { throw Abort(.notFound) }
        return row
    }

    /// The council, nil when there is none, kept as `council(_:kept:on:)` keeps it (the API's lists name theirs).
    static func existingCouncil(_ id: Int, kept: FigureCache, on db: any Database) async throws -> CouncilPlace? {
        try await kept.value("council place \(id)", on: db, count: { try await existingCouncil(id, on: db) })
    }

    /// The council with its name and unit, nil when there is none (or it was removed).
    public static func existingCouncil(_ id: Int, on db: any Database) async throws -> CouncilPlace? {
        try await db.sql.raw("""
            SELECT c.id, c.unit_id, c.name, u.path, u.valid_to FROM councils c JOIN units u ON u.id = c.unit_id WHERE c.id = \(bind: id) AND c.deleted_at IS NULL
            """).firstRow(CouncilPlace.self)
    }

    static func of<R: EditableRecord>(_ record: R, kept: FigureCache = .none, on db: any Database) async throws -> Place {
        let place = try await of(unitID: record.scopeUnitID, adminOnlyWrites: R.kind.adminOnlyWrites, kept: kept, on: db)
        return Place(unitID: place.unitID, unitPath: place.unitPath, visibility: record.visibility,
                     adminOnlyWrites: place.adminOnlyWrites, organizationID: record.forwardedTo, ownerPersonID: record.ownerPersonID)
    }
}

public extension Place {
    /// Records of the whole country (the holiday decisions) belong to no unit: public, written by administrators only.
    /// Not 0, which a new record names while its owner is still unknown.
    static let nationalUnitID = -1
    static let national = Place(unitID: nationalUnitID, unitPath: "/", visibility: .publicRecord, adminOnlyWrites: true)

    /// The same place for the citizens' matters kept there (petitions, letters, visits): not public.
    var internalRecords: Place { Place(unitID: unitID, unitPath: unitPath, visibility: .internalRecord) }
}

public extension Places {
    /// The place of a council's internal records, after checking that `actor` may do `action` there (401 or 403 otherwise).
    static func authorizeInternal(_ action: Action, council: Council, actor: Actor?, on db: any Database) async throws -> Place {
        try authorize(action, try await of(unitID: council.unitID, on: db).internalRecords, actor: actor)
    }

    /// The same from the council's id, read in one query with its name and unit (404 when there is none).
    /// The council is kept between requests while the councils and units stay the same (`FigureCache`).
    internal static func authorizeInternal(_ action: Action, councilID: Int, actor: Actor?, kept: FigureCache,
                                  on db: any Database) async throws -> (council: CouncilPlace, place: Place) {
        let council = try await council(councilID, kept: kept, on: db)
        return (council, try authorizeInternal(action, council: council, actor: actor))
    }

    /// The same for a council already read.
    static func authorizeInternal(_ action: Action, council: CouncilPlace, actor: Actor?) throws -> Place {
        try authorize(action, council.place.internalRecords, actor: actor)
    }

    private static func authorize(_ action: Action, _ place: Place, actor: Actor?) throws -> Place {
        guard Policy.allows(actor, action, place) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        return place
    }
}

/// Writes records the one way the system allows: policy first, then the change, its audit
/// entry and its search entry in one transaction; a stale version is refused with 409.
public struct RecordWriter: Sendable {
    public let db: any Database
    public let actor: Actor?

    public init(db: any Database, actor: Actor?) { self.db = db; self.actor = actor }

    func authorize(_ action: Action, _ place: Place) throws {
        guard Policy.allows(actor, action, place) else {
            throw Abort(actor == nil ? .unauthorized : .forbidden)
        }
    }

    /// Inserts `record`; `prepare` runs inside the transaction before the insert (to fill derived fields).
    public func create<R: EditableRecord>(_ record: R,
                                          afterInsert: (@Sendable (R, any Database) async throws -> Void)? = nil) async throws {
        try authorize(.create, try await Places.of(record, on: db))
        let actor = self.actor
        try await db.transaction { tx in
            record.version = 1
            try await record.create(on: tx)
            try await afterInsert?(record, tx)
            try await record.afterWrite(on: tx)
            try await Self.index(record, on: tx)
            try await Audit.record(on: tx, actor: actor, action: .create, recordType: R.kind.rawValue,
                                   recordID: record.id!, unitID: record.scopeUnitID,
                                   summary: "\(R.kind.label): \(record.displayName)", before: [:], after: record.auditSnapshot)
        }
    }

    /// Saves changes already applied to `record`. `before` is its snapshot as loaded,
    /// `beforeUnitID` its owner before the change (a change of owner needs rights on both).
    public func update<R: EditableRecord>(_ record: R, expectedVersion: Int, before: [String: String],
                                          beforeUnitID: Int,
                                          afterSave: (@Sendable (R, any Database) async throws -> Void)? = nil) async throws {
        let was = try await Places.of(unitID: beforeUnitID, adminOnlyWrites: R.kind.adminOnlyWrites, on: db)
        // Its owner does not change on a write (a question's asker is fixed when it is asked).
        try authorize(.update, Place(unitID: was.unitID, unitPath: was.unitPath, visibility: record.visibility,
                                     adminOnlyWrites: was.adminOnlyWrites, organizationID: record.forwardedTo, ownerPersonID: record.ownerPersonID))
        if beforeUnitID != record.scopeUnitID { try authorize(.update, try await Places.of(record, on: db)) }
        let actor = self.actor
        let after = record.auditSnapshot
        // A value protected after the change (a visitor who became confidential) is protected in "before" as well.
        let before = before.merging(after.filter { $0.value == Confidentiality.redacted }) { _, protected in protected }
        let summary = "\(R.kind.label): \(record.displayName)" + (record.auditWarning.map { " — CẢNH BÁO: \($0)" } ?? "")
        try await db.transaction { tx in
            try await Self.claim(R.self, id: record.id!, expectedVersion: expectedVersion, on: tx)
            record.version = expectedVersion + 1
            try await record.update(on: tx)
            try await afterSave?(record, tx)
            try await record.afterWrite(on: tx)
            try await Self.index(record, on: tx)
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: R.kind.rawValue,
                                   recordID: record.id!, unitID: record.scopeUnitID,
                                   summary: summary, before: before, after: after)
        }
    }

    /// Saves an answer or report the caller has already allowed (an agency answering what was addressed to it, an assignee
    /// reporting its task): the version claimed, the search entry and the audit entry in one transaction, as `update`.
    public func saveAnswer<R: EditableRecord>(_ record: R, expectedVersion: Int, before: [String: String], summary: String) async throws {
        let actor = self.actor, after = record.auditSnapshot
        try await db.transaction { tx in
            try await Self.claim(R.self, id: record.id!, expectedVersion: expectedVersion, on: tx)
            record.version = expectedVersion + 1
            try await record.update(on: tx)
            try await Self.index(record, on: tx)
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: R.kind.rawValue, recordID: record.id!,
                                   unitID: record.scopeUnitID, summary: summary, before: before, after: after)
        }
    }

    /// Before a new record's input is checked: may the actor create where the record would live? When its owner
    /// is not known yet (none named, or one that does not exist), the actor must at least be able to create somewhere.
    public func authorizeCreate<R: EditableRecord>(_ record: R) async throws {
        if let place = try? await Places.of(record, on: db) { return try authorize(.create, place) }
        guard Policy.allowsSomewhere(actor, .create, adminOnlyWrites: R.kind.adminOnlyWrites) else {
            throw Abort(actor == nil ? .unauthorized : .forbidden)
        }
    }

    /// Soft-deletes `record` if it is still at `expectedVersion`; it stays restorable and its audit trail stays readable.
    public func delete<R: EditableRecord>(_ record: R, expectedVersion: Int) async throws {
        try authorize(.delete, try await Places.of(record, on: db))
        let actor = self.actor
        try await db.transaction { tx in
            try await Self.claim(R.self, id: record.id!, expectedVersion: expectedVersion, on: tx)
            record.version = expectedVersion + 1
            try await record.delete(on: tx)
            try await record.afterWrite(on: tx)
            try await SearchIndex.remove(on: tx, type: R.kind.rawValue, id: record.id!)
            try await Audit.record(on: tx, actor: actor, action: .delete, recordType: R.kind.rawValue,
                                   recordID: record.id!, unitID: record.scopeUnitID,
                                   summary: "\(R.kind.label): \(record.displayName)", before: record.auditSnapshot, after: [:])
        }
    }

    public func restore<R: EditableRecord>(_ record: R) async throws {
        try authorize(.delete, try await Places.of(record, on: db))
        let actor = self.actor
        try await db.transaction { tx in
            try await record.restore(on: tx)
            try await record.afterWrite(on: tx)
            try await Self.index(record, on: tx)
            try await Audit.record(on: tx, actor: actor, action: .restore, recordType: R.kind.rawValue,
                                   recordID: record.id!, unitID: record.scopeUnitID,
                                   summary: "\(R.kind.label): \(record.displayName)", before: [:], after: record.auditSnapshot)
        }
    }

    /// Takes the row for this transaction by bumping its version only if nobody else has:
    /// on PostgreSQL the row lock makes a concurrent second claim wait, then find the new version.
    static func claim<R: EditableRecord>(_ type: R.Type, id: Int, expectedVersion: Int, on db: any Database) async throws {
        let sql = db.sql
        let rows = try await sql.raw("""
            UPDATE \(ident: R.schema) SET version = version + 1 \
            WHERE id = \(bind: id) AND version = \(bind: expectedVersion) AND deleted_at IS NULL RETURNING id
            """).all()
        if rows.isEmpty { throw ConflictError() }
    }

    static func index<R: EditableRecord>(_ record: R, on db: any Database) async throws {
        guard let text = record.searchText else { return }
        let place = try await Places.of(record, on: db)
        try await SearchIndex.put(on: db, type: R.kind.rawValue, id: record.id!, unitPath: place.unitPath,
                                  isPublic: place.visibility == .publicRecord, title: text.title, detail: text.detail)
    }
}
