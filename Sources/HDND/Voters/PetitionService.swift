import Fluent
import Vapor

/// Moves petitions through their workflow and records them in bulk, always through the policy,
/// with the timeline event and the audit entry in the same transaction as the change.
public struct PetitionService: Sendable {
    public let db: any Database
    public let actor: Actor?

    public init(db: any Database, actor: Actor?) { self.db = db; self.actor = actor }

    /// Applies `action` with its form `input`; throws `ValidationFailure` (naming the field) or 403/409.
    public func perform(_ action: PetitionAction, on petition: VoterPetition, input: FormInput) async throws {
        let place = try await Places.of(petition, on: db)
        let needed: Action = action == .answer ? .answer : .update
        guard Policy.allows(actor, needed, place) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        guard let expected = input["version"].flatMap(Int.init) else {
            throw ValidationFailure(field: "version", "Thiếu phiên bản của kiến nghị; hãy tải lại trang.")
        }
        var v = Validator()
        let outcome = input["outcome"].flatMap(PetitionStatus.init(rawValue:))
        let next: PetitionStatus
        switch PetitionWorkflow.next(from: petition.status, action, outcome: outcome) {
        case .success(let status): next = status
        case .failure(let error): throw ValidationFailure(field: action == .close ? "outcome" : "action", error.message)
        }
        let before = petition.auditSnapshot, from = petition.status
        var note = ""
        var agencyName: String? = nil
        switch action {
        case .classify:
            let field = input["field"] ?? ""
            if !PetitionFields.all.contains(where: { $0.0 == field }) { v.fail("field", "Hãy chọn lĩnh vực trong danh mục.") }
            try v.check()
            petition.field = field
            note = "Lĩnh vực: \(PetitionFields.label(field))"
        case .forward:
            var agency: Organization? = nil
            if let id = input["agencyID"].flatMap({ Int($0) }) { agency = try await Organization.find(id, on: db) }
            if agency == nil { v.fail("agencyID", "Hãy chọn cơ quan có thẩm quyền trong danh bạ.") }
            let fromNA = input["fromNationalAssembly"] == "on" || input["fromNationalAssembly"] == "true"
            let today = Day.today()
            var due = v.day("dueDate", "Hạn trả lời", input["dueDate"])
            var reason = "do văn phòng ấn định"
            if due == nil && v.errors.isEmpty {
                // The council's rule: before its next regular session, or a number of days; 60 days for the National Assembly's.
                let rule = try await SessionQueries.petitionDue(councilID: petition.councilID, forwardedOn: today, fromNationalAssembly: fromNA, db: db)
                due = rule.due.description; reason = rule.reason
            }
            if let due, due < today.description { v.fail("dueDate", "Hạn trả lời không thể ở trong quá khứ.") }
            try v.check()
            petition.agencyID = agency!.id; petition.dueDate = due; petition.forwardedOn = today.description
            agencyName = agency!.name
            note = "Chuyển \(agency!.name), hạn trả lời \(VietnameseFormat.date(due)) (\(reason))"
        case .answer:
            let answer = v.text("answer", "Nội dung trả lời", input["answer"], max: 10_000)
            let on = v.day("answeredOn", "Ngày trả lời", input["answeredOn"]) ?? Day.today().description
            let by = v.text("answeredBy", "Người, cơ quan trả lời", input["answeredBy"], max: 200)
            try v.check()
            petition.answer = answer; petition.answeredOn = on; petition.answeredBy = by
            note = "Trả lời ngày \(VietnameseFormat.date(on)) — \(by)"
        case .close:
            note = "Kết quả: \(next.label)"
        case .report:
            let session = v.text("reportedSession", "Kỳ họp báo cáo", input["reportedSession"], max: 200)
            try v.check()
            petition.reportedSession = session
            petition.reportedSessionID = try await CouncilSession.reportable(councilID: petition.councilID, db: db).first { $0.reportLabel == session }?.id
            note = "Báo cáo tại \(session)"
        }
        petition.status = next
        if let extra = input["note"]?.trimmed, !extra.isEmpty {
            note += note.isEmpty ? extra : ". \(extra)"
        }
        let actor = self.actor, eventNote = note, forwardedTo = agencyName
        try await db.transaction { tx in
            try await RecordWriter.claim(VoterPetition.self, id: petition.id!, expectedVersion: expected, on: tx)
            petition.version = expected + 1
            try await petition.update(on: tx)
            try await Self.event(petition, action: action.rawValue, from: from, note: eventNote, actor: actor, on: tx)
            try await RecordWriter.index(petition, on: tx)
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: RecordKind.voterPetition.rawValue,
                                   recordID: petition.id!, unitID: petition.unitID, summary: "\(action.label): \(petition.displayName)",
                                   before: before, after: petition.auditSnapshot)
            // Who must now act is told: the agency of what reaches it, the office of an answer.
            if let forwardedTo { try await Notifications.petitionForwarded(petition, agencyName: forwardedTo, db: tx) }
            if action == .answer { try await Notifications.petitionAnswered(petition, db: tx) }
        }
    }

    /// Forwards several petitions of one council to one agency with one due date: all or none, each checked, audited and
    /// entered in its timeline exactly as when forwarded one by one. Returns how many were forwarded.
    public func forward(ids: [Int], councilID: Int, input: FormInput) async throws -> Int {
        let chosen = Array(Set(ids)).sorted()
        guard !chosen.isEmpty else { throw ValidationFailure(field: "chon", "Hãy chọn ít nhất một kiến nghị để chuyển.") }
        guard chosen.count <= Self.maxBulk else {
            throw ValidationFailure(field: "chon", "Mỗi lần chuyển được tối đa \(Self.maxBulk) kiến nghị.")
        }
        let actor = self.actor
        return try await db.transaction { tx in
            let petitions = try await VoterPetition.query(on: tx).filter(\.$id ~~ chosen).filter(\.$councilID == councilID).sort(\.$id).all()
            guard petitions.count == chosen.count else {
                throw ValidationFailure(field: "chon", "Có kiến nghị đã chọn không thuộc Hội đồng này hoặc đã bị xóa; hãy tải lại danh sách.")
            }
            for p in petitions {
                var one = input
                one["version"] = String(p.version)
                do {
                    try await PetitionService(db: tx, actor: actor).perform(.forward, on: p, input: one)
                } catch let failure as ValidationFailure {
                    // The first petition that cannot go says why, by its content; nothing was forwarded.
                    let which = "Kiến nghị “\(p.content.prefix(60))”"
                    throw ValidationFailure(failure.errors.map { FieldError(field: $0.field == "action" ? "chon" : $0.field,
                                                                            message: $0.field == "action" ? "\(which): \($0.message)" : $0.message) })
                }
            }
            return petitions.count
        }
    }

    /// At most this many petitions forwarded at once (a page of the list holds 50).
    static let maxBulk = 200

    static func event(_ petition: VoterPetition, action: String, from: PetitionStatus?, note: String, actor: Actor?,
                      on db: any Database) async throws {
        let e = PetitionEvent()
        e.petitionID = petition.id!; e.at = Date(); e.userID = actor?.userID
        e.actorName = actor.map { $0.fullName } ?? "Hệ thống"
        e.action = action; e.fromStatus = from; e.toStatus = petition.status; e.note = note
        try await e.create(on: db)
    }

    /// One row of fast entry on a meeting's page.
    public struct Line: Sendable { public let content: String; public let field: String?; public let voters: Int }

    /// Reads the fast-entry rows (`content_1`, `field_1`, `voters_1`, …); blank rows are skipped,
    /// and every bad row is named ("Dòng 3 — …").
    public static func lines(from input: FormInput, rows: Int) throws -> [Line] {
        var v = Validator()
        var lines: [Line] = []
        for i in 1...max(rows, 1) {
            let content = (input["content_\(i)"] ?? "").trimmed
            guard !content.isEmpty else { continue }
            if content.count > 5000 { v.fail("content_\(i)", "Dòng \(i): nội dung dài quá 5000 ký tự.") }
            let field = (input["field_\(i)"] ?? "").isEmpty ? nil : input["field_\(i)"]
            if let field, !PetitionFields.all.contains(where: { $0.0 == field }) { v.fail("field_\(i)", "Dòng \(i): lĩnh vực không có trong danh mục.") }
            let raw = (input["voters_\(i)"] ?? "").trimmingCharacters(in: .whitespaces)
            let voters = raw.isEmpty ? 1 : Validator.wholeNumber(raw) ?? -1
            if !(1...100_000).contains(voters) { v.fail("voters_\(i)", "Dòng \(i): số cử tri phải là số nguyên dương.") }
            lines.append(Line(content: content, field: field, voters: voters))
        }
        if lines.isEmpty { v.fail("content_1", "Hãy nhập ít nhất một ý kiến, kiến nghị.") }
        try v.check()
        return lines
    }

    /// Saves the petitions raised at a meeting, all or none.
    public func record(_ lines: [Line], at meeting: VoterMeeting) async throws -> [VoterPetition] {
        guard Policy.allows(actor, .create, try await Places.of(meeting, on: db)) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        let actor = self.actor
        let petitions = lines.map { line in
            let p = VoterPetition()
            p.councilID = meeting.councilID; p.unitID = meeting.unitID; p.meetingID = meeting.id; p.source = .voterMeeting
            p.content = line.content; p.field = line.field; p.voterCount = line.voters
            p.status = line.field == nil ? .received : .classified
            p.receivedOn = meeting.date; p.folded = fold(line.content); p.version = 1
            return p
        }
        try await db.transaction { tx in
            for p in petitions {
                try await p.create(on: tx)
                try await Self.event(p, action: "create", from: nil, note: "Tiếp nhận tại \(meeting.title)", actor: actor, on: tx)
                try await RecordWriter.index(p, on: tx)
                try await Audit.record(on: tx, actor: actor, action: .create, recordType: RecordKind.voterPetition.rawValue,
                                       recordID: p.id!, unitID: p.unitID, summary: "\(RecordKind.voterPetition.label): \(p.displayName)",
                                       before: [:], after: p.auditSnapshot)
            }
        }
        return petitions
    }
}
