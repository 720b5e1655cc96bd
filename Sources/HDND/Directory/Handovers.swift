import Fluent
import SQLKit
import Vapor

/// Bàn giao: one hand-over of an abolished council's open work to a council that took over its unit.
public final class Handover: Model, ListedFields, @unchecked Sendable {
    public static let schema = "handovers"
    @ID(custom: .id) public var id: Int?
    @Field(key: "from_council_id") public var fromCouncilID: Int
    @Field(key: "to_council_id") public var toCouncilID: Int
    @Field(key: "on_day") public var onDay: String
    @Field(key: "petitions") public var petitions: Int
    @Field(key: "letters") public var letters: Int
    @Field(key: "tasks") public var tasks: Int
    @OptionalField(key: "user_id") public var userID: Int?
    @Field(key: "actor_name") public var actorName: String
    @OptionalField(key: "note") public var note: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _fromCouncilID, _toCouncilID, _onDay, _petitions, _letters, _tasks, _userID, _actorName, _note, _createdAt]
    }
}

/// Moves the open petitions, letters and tasks of a council whose unit ended to one of its successors, in one audited step.
/// The records keep their timeline and audit trail; each remembers the hand-over it came by (and a letter its number in
/// the old register, since it takes the next number of the successor's), and both councils list the hand-over.
/// Tasks it gave go with it; tasks given to it are given to the successor.
public enum Handovers {
    /// What is still open: petitions not closed, letters still being resolved, tasks it gave or was given not done.
    public struct Open: Sendable {
        public let petitions: Int, letters: Int, tasks: Int
        public var isEmpty: Bool { petitions + letters + tasks == 0 }
        /// "03 kiến nghị cử tri, 02 đơn thư, 01 nhiệm vụ".
        public var text: String { Handovers.what(petitions: petitions, letters: letters, tasks: tasks) }
    }

    static func what(petitions: Int, letters: Int, tasks: Int) -> String {
        "\(VietnameseFormat.count(petitions)) kiến nghị cử tri, \(VietnameseFormat.count(letters)) đơn thư, \(VietnameseFormat.count(tasks)) nhiệm vụ"
    }

    public static func open(councilID: Int, db: any Database) async throws -> Open {
        try await open(councilIDs: [councilID], db: db)[councilID] ?? Open(petitions: 0, letters: 0, tasks: 0)
    }

    /// The open work of several councils in one statement (the successor's home page asks it of every council before it).
    /// On PostgreSQL the read runs with parallel plans off, for its own transaction only: the planner, expecting tens of
    /// thousands of an abolished council's petitions (it cannot know that a hand-over moved them), chose a parallel plan
    /// whose two workers took 4–5 ms to start for 0,01 ms of work, on every home page of a successor (auto_explain,
    /// docs/BENCHMARKS.md, session 19).
    static func open(councilIDs: [Int], db: any Database) async throws -> [Int: Open] {
        // Once handed over, nothing is open: a read that stops at the first open record (never a parallel plan, prepared
        // on PostgreSQL) spares the count and its transaction on every home page of a successor (session 27: the count's
        // four round trips were planned on every request).
        guard try await db.sql.raw(openWork(councilIDs, "1", grouped: false) + " LIMIT 1").firstRow(OpenRow.self) != nil else { return [:] }
        let query = openWork(councilIDs, "COUNT(*)", grouped: true)
        let rows = db.isSQLite ? try await db.sql.raw(query).rows(OpenRow.self) : try await db.transaction { tx in
            try await tx.sql.raw("SET LOCAL max_parallel_workers_per_gather = 0").run()
            return try await tx.sql.raw(query).rows(OpenRow.self)
        }
        return Dictionary(grouping: rows, by: \.council_id).mapValues { rows in
            // Tasks come in two rows, given and received.
            func n(_ kind: String) -> Int { rows.filter { $0.kind == kind }.reduce(0) { $0 + $1.n } }
            return Open(petitions: n("p"), letters: n("l"), tasks: n("t"))
        }
    }

    /// The ids of a council's open work, of each kind, to move it.
    static func openIDs(_ councilID: Int, _ db: any Database) async throws -> (petitions: [Int], letters: [Int], tasks: [Int]) {
        let rows = try await db.sql.raw(openWork([councilID], "id", grouped: false)).rows(OpenRow.self)
        func ids(_ kind: String) -> [Int] { rows.filter { $0.kind == kind }.map(\.n).sorted() }
        return (ids("p"), ids("l"), ids("t"))
    }

    private struct OpenRow: Decodable { let council_id: Int; let kind: String; let n: Int }

    /// What "open" means, written once for counting and for moving: petitions not closed, letters still being resolved,
    /// tasks not done that the council gave (p, l, t) or was given (the second task arm, which skips a task a council gave
    /// itself so that it is not counted twice).
    private static func openWork(_ councilIDs: [Int], _ v: SQLQueryString, grouped: Bool) -> SQLQueryString {
        let group: SQLQueryString = grouped ? " GROUP BY 1" : ""
        let closed = PetitionStatus.allCases.filter(\.isClosed).map(\.rawValue)
        return """
            SELECT council_id, 'p' AS kind, \(v) AS n FROM voter_petitions WHERE council_id IN (\(binds: councilIDs)) \
            AND status NOT IN (\(binds: closed)) AND deleted_at IS NULL\(group) \
            UNION ALL SELECT council_id, 'l', \(v) FROM letters WHERE council_id IN (\(binds: councilIDs)) \
            AND outcome = \(bind: LetterOutcome.pending.rawValue) AND deleted_at IS NULL\(group) \
            UNION ALL SELECT council_id, 't', \(v) FROM council_tasks WHERE council_id IN (\(binds: councilIDs)) \
            AND status = \(bind: TaskStatus.open.rawValue) AND deleted_at IS NULL\(group) \
            UNION ALL SELECT assignee_council_id, 't', \(v) FROM council_tasks WHERE assignee_council_id IN (\(binds: councilIDs)) \
            AND (council_id IS NULL OR council_id <> assignee_council_id) \
            AND status = \(bind: TaskStatus.open.rawValue) AND deleted_at IS NULL\(group)
            """
    }

    /// The successors `actor` may hand an ended council's work to: all of them for an administrator, else those whose
    /// office the actor works in.
    public static func targets(of end: CouncilEnd, actor: Actor?) -> [CouncilEnd.Successor] {
        end.successors.filter { Policy.allows(actor, .create, Place(unitID: $0.unitID, unitPath: $0.unitPath).internalRecords) }
    }

    /// The abolished councils whose work passed to `council` (their units, or their wards for a district, went into its
    /// unit) and that still hold open work: the successor's office is reminded to take it over.
    public static func pending(councilID: Int, unitID: Int, db: any Database) async throws -> [(council: Council, open: Open)] {
        struct Row: Decodable { let id: Int }
        let ids = try await db.sql.raw("""
            SELECT c.id FROM councils c WHERE c.deleted_at IS NULL AND c.id <> \(bind: councilID) AND (\
            c.unit_id IN (SELECT s.old_unit_id FROM unit_successions s WHERE s.new_unit_id = \(bind: unitID)) OR \
            c.unit_id IN (SELECT w.parent_id FROM unit_successions s JOIN units w ON w.id = s.old_unit_id WHERE s.new_unit_id = \(bind: unitID))) \
            ORDER BY c.name
            """).rows(Row.self).map(\.id)
        guard !ids.isEmpty else { return [] }
        let open = try await open(councilIDs: ids, db: db).filter { !$0.value.isEmpty }
        guard !open.isEmpty else { return [] }
        return try await Council.query(on: db).filter(\.$id ~~ Array(open.keys)).sort(\.$name).all()
            .compactMap { c in c.id.flatMap { open[$0] }.map { (c, $0) } }
    }

    /// Hands over every open petition and letter of `from` to `to`; all or nothing. Throws `ValidationFailure` naming
    /// the field when `from` has not ended, `to` is not its successor or nothing is open; 403 when the actor may not.
    @discardableResult
    public static func perform(from: Council, to toID: Int?, note: String?, actor: Actor, today: Day = .today(),
                               db: any Database) async throws -> Handover {
        guard let end = try await CouncilEnd.of(from, on: db) else {
            throw ValidationFailure(field: "toCouncilID", "\(from.name) chưa kết thúc: chỉ bàn giao việc của Hội đồng đã kết thúc.")
        }
        guard let toID, end.successors.contains(where: { $0.councilID == toID }), let to = try await Council.find(toID, on: db) else {
            throw ValidationFailure(field: "toCouncilID", "Hãy chọn một Hội đồng kế thừa của \(from.name).")
        }
        guard targets(of: end, actor: actor).contains(where: { $0.councilID == to.id }) else { throw Abort(.forbidden) }
        let note = note?.trimmed
        if let note, note.count > 2000 { throw ValidationFailure(field: "note", "Ghi chú dài quá 2000 ký tự.") }
        return try await db.transaction { tx in
            let ids = try await openIDs(from.id!, tx)
            let petitions = ids.petitions.isEmpty ? [] : try await VoterPetition.query(on: tx).filter(\.$id ~~ ids.petitions).sort(\.$id).all()
            let letters = ids.letters.isEmpty ? [] : try await Letter.query(on: tx).filter(\.$id ~~ ids.letters).sort(\.$id).all()
            let tasks = ids.tasks.isEmpty ? [] : try await CouncilTask.query(on: tx).filter(\.$id ~~ ids.tasks).sort(\.$id).all()
            guard !petitions.isEmpty || !letters.isEmpty || !tasks.isEmpty else {
                throw ValidationFailure(field: "toCouncilID", "\(from.name) không còn kiến nghị, đơn thư, nhiệm vụ nào đang giải quyết để bàn giao.")
            }
            let h = Handover()
            h.fromCouncilID = from.id!; h.toCouncilID = to.id!; h.onDay = today.description
            h.petitions = petitions.count; h.letters = letters.count; h.tasks = tasks.count
            h.userID = actor.userID; h.actorName = actor.fullName; h.note = note?.isEmpty == false ? note : nil
            try await h.create(on: tx)
            let line = "Bàn giao từ \(from.name) sang \(to.name) ngày \(VietnameseFormat.date(h.onDay))"
            for p in petitions {
                let before = p.auditSnapshot
                p.councilID = to.id!; p.unitID = to.unitID; p.handoverID = h.id
                try await move(p, before: before, note: line, actor: actor, tx)
                try await PetitionService.event(p, action: "handover", from: p.status, note: line, actor: actor, on: tx)
            }
            for l in letters {
                let before = l.auditSnapshot
                let oldNumber = l.registerNumber
                l.previousNumber = oldNumber
                l.councilID = to.id!; l.unitID = to.unitID; l.handoverID = h.id
                l.number = try await LetterNumbers.take(councilID: to.id!, year: l.year, on: tx)
                try await move(l, before: before, note: line + " (số cũ \(oldNumber))", actor: actor, tx)
            }
            for t in tasks {
                let before = t.auditSnapshot
                // A task it gave is followed by the successor; a task given to it is now the successor's to do.
                if t.councilID == from.id { t.councilID = to.id!; t.unitID = to.unitID; t.handoverID = h.id }
                if t.assigneeCouncilID == from.id { t.assigneeCouncilID = to.id! }
                try await move(t, before: before, note: line, actor: actor, tx)
            }
            let counts = ["petitions": String(petitions.count), "letters": String(letters.count), "tasks": String(tasks.count),
                          "toCouncilID": String(to.id!)]
            for council in [from, to] {
                try await Audit.record(on: tx, actor: actor, action: .update, recordType: RecordKind.council.rawValue, recordID: council.id!,
                                       unitID: council.unitID, summary: "\(line): " + what(petitions: petitions.count, letters: letters.count,
                                                                                               tasks: tasks.count), before: [:], after: counts)
            }
            return h
        }
    }

    /// Saves one moved record: its version bumped, its search entry under the new unit, an audit entry with the move.
    private static func move<R: EditableRecord>(_ record: R, before: [String: String], note: String, actor: Actor, _ tx: any Database) async throws {
        try await RecordWriter.claim(R.self, id: record.id!, expectedVersion: record.version, on: tx)
        record.version += 1
        try await record.update(on: tx)
        try await RecordWriter.index(record, on: tx)
        try await Audit.record(on: tx, actor: actor, action: .update, recordType: R.kind.rawValue, recordID: record.id!,
                               unitID: record.scopeUnitID, summary: "\(R.kind.label): \(record.displayName) — \(note)",
                               before: before, after: record.auditSnapshot)
    }

    /// A hand-over as either council lists it, with a link to the other council.
    public struct Line: Encodable, Sendable { public let text: String; public let href: String; public let council: String }

    /// The hand-overs `councilID` made and received, newest first.
    public static func lines(councilID: Int, db: any Database) async throws -> [Line] {
        // Plain rows with both councils' names (ended or deleted councils still name their hand-overs).
        struct Row: Decodable {
            let from_council_id: Int, to_council_id: Int, on_day: String, petitions: Int, letters: Int, tasks: Int, note: String?
            let from_name: String?, to_name: String?
        }
        let rows = try await db.sql.raw("""
            SELECT h.from_council_id, h.to_council_id, h.on_day, h.petitions, h.letters, h.tasks, h.note, f.name AS from_name, t.name AS to_name \
            FROM handovers h LEFT JOIN councils f ON f.id = h.from_council_id LEFT JOIN councils t ON t.id = h.to_council_id \
            WHERE h.from_council_id = \(bind: councilID) OR h.to_council_id = \(bind: councilID) ORDER BY h.id DESC
            """).rows(Row.self)
        return rows.map { h in
            let gave = h.from_council_id == councilID
            let other = gave ? h.to_council_id : h.from_council_id
            let what = what(petitions: h.petitions, letters: h.letters, tasks: h.tasks)
            return Line(text: "Ngày \(VietnameseFormat.date(h.on_day)) " + (gave ? "bàn giao \(what) cho" : "tiếp nhận \(what) từ")
                            + (h.note.map { " — \($0)" } ?? ""),
                        href: RecordKind.council.path(other), council: (gave ? h.to_name : h.from_name) ?? "Hội đồng số \(other)")
        }
    }

    /// "Tiếp nhận từ HĐND quận Hoàn Kiếm ngày 01/12/2026 (số cũ 05/2019)" for a record that came by hand-over.
    public static func origin(handoverID: Int?, previousNumber: String? = nil, db: any Database) async throws -> (text: String, href: String)? {
        struct Row: Decodable { let from_council_id: Int, on_day: String, name: String? }
        guard let handoverID, let h = try await db.sql.raw("""
            SELECT h.from_council_id, h.on_day, c.name FROM handovers h LEFT JOIN councils c ON c.id = h.from_council_id WHERE h.id = \(bind: handoverID)
            """).firstRow(Row.self) else { return nil }
        return ("Tiếp nhận từ \(h.name ?? "Hội đồng cũ") ngày \(VietnameseFormat.date(h.on_day))" + (previousNumber.map { " (số cũ \($0))" } ?? ""),
                RecordKind.council.path(h.from_council_id))
    }
}
