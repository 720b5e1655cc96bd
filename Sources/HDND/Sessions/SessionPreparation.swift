import Fluent
import SQLKit
import Vapor

/// The preparation checklist of a session: each step's due date counted from the opening day by the rule in force
/// (`CouncilWorkRules`), ticked off by the office with who and when.
public enum SessionPreparation {
    /// The steps every session is prepared by, in the order they fall due.
    public static let steps: [CouncilWorkStep] = [.sessionProposals, .sessionConvening, .sessionVerification, .sessionDocuments]

    public struct Tick: Sendable, Equatable { public let doneOn: String; public let doneBy: String }

    /// The checklist on `today`, in plain Swift: the rule in force on the opening day decides each due date.
    public static func checklist(kind: SessionKind, opening: Day, held: Bool, electedOn: Day?, ticks: [CouncilWorkStep: Tick],
                                 today: Day) -> [CouncilWorkCheck] {
        var items = steps.map { step in
            CouncilWorkCheck.check(step, anchor: opening, doneOn: ticks[step]?.doneOn, doneBy: ticks[step]?.doneBy, open: !held, today: today)
        }
        if kind == .first {
            // Counted from election day; done when the session opens.
            items.insert(CouncilWorkCheck.check(.firstSessionAfterElection, anchor: electedOn, doneOn: held ? opening.description : nil,
                                                open: !held, today: today, automatic: true), at: 0)
        }
        return items
    }

    struct Row: Decodable { let step: String; let done_on: String; let done_by: String }

    static func ticks(sessionID: Int, db: any Database) async throws -> [CouncilWorkStep: Tick] {
        let rows = try await db.sql.raw("SELECT step, done_on, done_by FROM session_preparation WHERE session_id = \(bind: sessionID)")
            .rows(Row.self)
        return Dictionary(rows.compactMap { r in CouncilWorkStep(rawValue: r.step).map { ($0, Tick(doneOn: r.done_on, doneBy: r.done_by)) } },
                          uniquingKeysWith: { a, _ in a })
    }

    /// The session's checklist as it stands today (`term` and `ticks`: the session's, as its page read them).
    public static func checklist(for session: CouncilSession, term: Term.Heading?, ticks: [CouncilWorkStep: Tick], today: Day = .today())
        -> [CouncilWorkCheck] {
        checklist(kind: session.kind, opening: Day(session.opening) ?? today, held: session.held, electedOn: term?.electedOn,
                  ticks: ticks, today: today)
    }

    /// Ticks `step` done on `doneOn` (or unticks it when `doneOn` is nil): only whoever may edit the session, audited.
    public static func mark(_ session: CouncilSession, step: CouncilWorkStep, doneOn: String?, actor: Actor?, db: any Database) async throws {
        guard Policy.allows(actor, .update, try await Places.of(session, on: db)) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        guard steps.contains(step) else { throw ValidationFailure(field: "step", "Bước này được tính tự động, không đánh dấu bằng tay.") }
        let before = try await ticks(sessionID: session.id!, db: db)[step]
        let by = actor?.fullName ?? ""
        try await db.transaction { tx in
            try await tx.sql.raw("DELETE FROM session_preparation WHERE session_id = \(bind: session.id!) AND step = \(bind: step.rawValue)").run()
            if let doneOn {
                try await tx.sql.raw("""
                    INSERT INTO session_preparation (session_id, step, done_on, done_by) VALUES (\(bind: session.id!), \(bind: step.rawValue), \(bind: doneOn), \(bind: by))
                    """).run()
            }
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: RecordKind.session.rawValue, recordID: session.id!,
                                   unitID: session.unitID, summary: "\(session.title): \(step.label) — " + (doneOn == nil ? "bỏ đánh dấu" : "đã xong"),
                                   before: [step.label: before?.doneOn ?? ""], after: [step.label: doneOn ?? ""])
        }
    }
}

/// Điểm danh: who of the council's delegates attended a session.
public enum AttendanceStatus: String, Codable, CaseIterable, Sendable {
    case present, excused, absent
    public var label: String {
        switch self { case .present: "Có mặt"; case .excused: "Vắng có lý do"; case .absent: "Vắng không có lý do" }
    }
}

public enum SessionAttendance {
    public struct Delegate: Decodable, Sendable { public let person_id: Int; public let full_name: String; public let post: String }

    /// The council's delegates in office on `day` in the session's term (members of its "Đại biểu HĐND" body); `kept`
    /// keeps them while the terms, bodies, memberships and people stay the same (`FigureRevision.countedByWork`).
    static func delegates(termID: Int?, on day: String, kept: FigureCache = .none, db: any Database) async throws -> [Delegate] {
        guard let termID else { return [] }
        return try await kept.value("delegates \(termID) \(day)", on: db) { try await db.sql.raw("""
            SELECT p.id AS person_id, p.full_name, m.post FROM memberships m JOIN bodies b ON b.id = m.body_id JOIN people p ON p.id = m.person_id \
            WHERE b.term_id = \(bind: termID) AND b.kind = \(bind: BodyKind.council.rawValue) AND b.deleted_at IS NULL \
            AND m.deleted_at IS NULL AND p.deleted_at IS NULL \
            AND (m.valid_from IS NULL OR m.valid_from <= \(bind: day)) AND (m.valid_to IS NULL OR m.valid_to >= \(bind: day)) \
            ORDER BY m.rank, p.full_name
            """).rows(Delegate.self) }
    }

    /// How many delegates the council has on `day` in the term: what "more than half of all delegates" is counted on.
    public static func total(termID: Int?, on day: String, db: any Database) async throws -> Int {
        Set(try await delegates(termID: termID, on: day, db: db).map(\.person_id)).count
    }

    public static func marks(sessionID: Int, db: any Database) async throws -> [Int: AttendanceStatus] {
        struct Row: Decodable { let person_id: Int; let status: AttendanceStatus }
        let rows = try await db.sql.raw("SELECT person_id, status FROM session_attendance WHERE session_id = \(bind: sessionID)").rows(Row.self)
        return Dictionary(rows.map { ($0.person_id, $0.status) }, uniquingKeysWith: { a, _ in a })
    }

    public struct Counts: Sendable, Equatable { public var present = 0, excused = 0, absent = 0
        public var recorded: Int { present + excused + absent } }

    public static func counts(_ marks: [Int: AttendanceStatus]) -> Counts {
        var c = Counts()
        for status in marks.values {
            switch status { case .present: c.present += 1; case .excused: c.excused += 1; case .absent: c.absent += 1 }
        }
        return c
    }

    /// Records every delegate's attendance at once, from `status_<personID>` fields: each delegate of the term must have
    /// one; nothing is written when one is missing or not a delegate. Audited with the counts before and after.
    public static func save(_ session: CouncilSession, input: FormInput, actor: Actor?, db: any Database) async throws {
        guard Policy.allows(actor, .update, try await Places.of(session, on: db)) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        guard session.held || session.opening <= Day.today().description else {
            throw ValidationFailure(field: "attendance", "Kỳ họp chưa diễn ra: chưa điểm danh được.")
        }
        let delegates = try await delegates(termID: session.termID, on: session.opening, db: db)
        var v = Validator()
        var marks: [Int: AttendanceStatus] = [:]
        for d in delegates {
            let field = "status_\(d.person_id)"
            if (input[field] ?? "").isEmpty { v.fail(field, "Hãy chọn có mặt hoặc vắng cho đại biểu \(d.full_name).") }
            else if let status = v.choice(field, "Điểm danh", input[field], as: AttendanceStatus.self) { marks[d.person_id] = status }
        }
        let known = Set(delegates.map(\.person_id))
        for key in input.keys where key.hasPrefix("status_") {
            if let id = Int(key.dropFirst(7)), !known.contains(id) { v.fail(key, "Người này không phải đại biểu HĐND của nhiệm kỳ vào ngày khai mạc.") }
        }
        if delegates.isEmpty { v.fail("attendance", "Nhiệm kỳ của kỳ họp chưa có danh sách đại biểu.") }
        try v.check()
        let before = text(counts(try await self.marks(sessionID: session.id!, db: db))), after = text(counts(marks))
        let rows = marks.sorted(by: { $0.key < $1.key })
        try await db.transaction { tx in
            try await tx.sql.raw("DELETE FROM session_attendance WHERE session_id = \(bind: session.id!)").run()
            for (person, status) in rows {
                try await tx.sql.raw("""
                    INSERT INTO session_attendance (session_id, person_id, status) VALUES (\(bind: session.id!), \(bind: person), \(bind: status.rawValue))
                    """).run()
            }
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: RecordKind.session.rawValue, recordID: session.id!,
                                   unitID: session.unitID, summary: "\(session.title): điểm danh đại biểu", before: before, after: after)
        }
    }

    /// The counts as the audit shows them.
    static func text(_ c: Counts) -> [String: String] {
        c.recorded == 0 ? [:] : ["attendance": "có mặt \(c.present), vắng có lý do \(c.excused), vắng không có lý do \(c.absent)"]
    }
}
