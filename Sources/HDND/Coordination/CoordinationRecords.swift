import Fluent
import SQLKit

/// The year a record of this area is counted in, checked against the day it names when it names one.
private func countedYear(_ input: FormInput, day: String?, field: String, _ v: inout Validator) -> Int? {
    let year = v.int("year", "Năm", input["year"], range: 1945...2100)
    if let year, let d = day.flatMap({ Day($0) }), d.year != year { v.fail(field, "Ngày này phải thuộc năm \(year).") }
    return year
}

extension CoordinationProgram: FormEditable {
    public static var kind: RecordKind { .coordinationProgram }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { title }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "year": String(year), "title": title, "signedOn": signedOn ?? "", "signatories": signatories, "review": review ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (title, "Chương trình phối hợp năm \(year)") }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> CoordinationProgram {
        let p = CoordinationProgram()
        p.councilID = query.id("council", "councilID") ?? 0
        p.unitID = try await Council.find(p.councilID, on: db)?.unitID ?? 0
        p.year = Day.today().year; p.title = ""; p.signatories = ""; p.folded = ""; p.version = 0
        return p
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        b.text("year", "Năm", String(year), required: true, type: "number")
        b.textarea("title", "Tên chương trình", title, required: true)
        b.day("signedOn", "Ngày ký kết", signedOn)
        b.textarea("signatories", "Người ký", signatories, required: true, hint: "Mỗi dòng một người: họ tên — chức vụ")
        b.textarea("review", "Tổng kết cuối năm", review)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let title = v.text("title", "Tên chương trình", input["title"], max: 500)
        let signed = v.day("signedOn", "Ngày ký kết", input["signedOn"])
        let year = countedYear(input, day: signed, field: "signedOn", &v)
        let signatories = v.text("signatories", "Người ký", input["signatories"], max: 2000)
        let review = v.optionalText("review", "Tổng kết cuối năm", input["review"], max: 20_000)
        try await CouncilEnd.check(council, day: signed, field: "signedOn", &v, on: db)
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; self.year = year!; self.title = title; signedOn = signed
        self.signatories = signatories; self.review = review
        folded = fold("\(title) \(signatories)")
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.coordinationProgram.path(id!) }
}

extension CoordinationItem: FormEditable {
    public static var kind: RecordKind { .coordinationItem }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { String(content.prefix(80)) }
    public var auditSnapshot: [String: String] {
        ["programID": String(programID), "content": content, "party": party.rawValue, "planned": planned ?? "", "doneOn": doneOn ?? "", "result": result ?? ""]
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> CoordinationItem {
        let i = CoordinationItem()
        i.programID = query.id("program", "programID") ?? 0
        let p = try await CoordinationProgram.find(i.programID, on: db)
        i.councilID = p?.councilID ?? 0; i.unitID = p?.unitID ?? 0
        i.content = ""; i.party = .all; i.folded = ""; i.version = 0
        return i
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("programID", String(programID))
        b.textarea("content", "Nội dung phối hợp", content, required: true)
        b.select("party", "Cơ quan chủ trì", party.rawValue, options: CoordinationParty.allCases.map { ($0.rawValue, $0.label) })
        b.text("planned", "Thời gian dự kiến", planned, hint: "Ví dụ Quý II, Cả năm")
        b.section("Kết quả")
        b.day("doneOn", "Ngày hoàn thành", doneOn)
        b.textarea("result", "Kết quả thực hiện", result)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let program = try await input["programID"].flatMap(Int.init).asyncMap { try await CoordinationProgram.find($0, on: db) } ?? nil
        if program == nil { v.fail("programID", "Không tìm thấy chương trình phối hợp.") }
        let content = v.text("content", "Nội dung phối hợp", input["content"], max: 5000)
        let party = v.choice("party", "Cơ quan chủ trì", input["party"], as: CoordinationParty.self)
        let planned = v.optionalText("planned", "Thời gian dự kiến", input["planned"], max: 200)
        let done = v.day("doneOn", "Ngày hoàn thành", input["doneOn"])
        let result = v.optionalText("result", "Kết quả thực hiện", input["result"], max: 10_000)
        if done != nil && result == nil { v.fail("result", "Hãy ghi kết quả thực hiện.") }
        if result != nil && done == nil { v.fail("doneOn", "Hãy ghi ngày hoàn thành.") }
        if let done, done > Day.today().description { v.fail("doneOn", "Ngày hoàn thành không thể sau hôm nay.") }
        try v.check()
        programID = program!.id!; councilID = program!.councilID; unitID = program!.unitID
        self.content = content; self.party = party!; self.planned = planned; doneOn = done; self.result = result
        folded = fold(content)
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.coordinationProgram.path(programID) + "#noi-dung" }
}

extension DialogueConference: FormEditable {
    public static var kind: RecordKind { .dialogueConference }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { title }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "year": String(year), "heldOn": heldOn ?? "", "title": title, "hosts": hosts, "participants": participants,
         "speakers": speakers.map(String.init) ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (title, "Hội nghị đối thoại năm \(year)") }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> DialogueConference {
        let d = DialogueConference()
        d.councilID = query.id("council", "councilID") ?? 0
        d.unitID = try await Council.find(d.councilID, on: db)?.unitID ?? 0
        d.year = Day.today().year; d.title = ""; d.hosts = ""; d.participants = ""; d.folded = ""; d.version = 0
        return d
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        b.text("year", "Năm", String(year), required: true, type: "number")
        b.day("heldOn", "Ngày tổ chức", heldOn)
        b.textarea("title", "Tên hội nghị", title, required: true)
        b.textarea("hosts", "Người chủ trì đối thoại", hosts, required: true, hint: "Ví dụ Bí thư Quận ủy, Chủ tịch HĐND quận, Chủ tịch UBND quận")
        b.textarea("participants", "Đối thoại với", participants, required: true)
        b.text("speakers", "Số lượt phát biểu", speakers.map(String.init), type: "number")
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let held = v.day("heldOn", "Ngày tổ chức", input["heldOn"])
        let year = countedYear(input, day: held, field: "heldOn", &v)
        let title = v.text("title", "Tên hội nghị", input["title"], max: 500)
        let hosts = v.text("hosts", "Người chủ trì đối thoại", input["hosts"], max: 1000)
        let participants = v.text("participants", "Đối thoại với", input["participants"], max: 1000)
        let speakers = v.int("speakers", "Số lượt phát biểu", input["speakers"], range: 0...10_000, required: false)
        try await CouncilEnd.check(council, day: held, field: "heldOn", &v, on: db)
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; self.year = year!; heldOn = held; self.title = title; self.hosts = hosts
        self.participants = participants; self.speakers = speakers
        folded = fold("\(title) \(hosts) \(participants)")
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.dialogueConference.path(id!) }
}

extension DialogueOpinion: FormEditable {
    public static var kind: RecordKind { .dialogueOpinion }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { String(content.prefix(80)) }
    public var auditSnapshot: [String: String] {
        ["dialogueID": String(dialogueID), "content": content, "organizationID": String(organizationID), "answer": answer ?? "", "answeredOn": answeredOn ?? ""]
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> DialogueOpinion {
        let o = DialogueOpinion()
        o.dialogueID = query.id("dialogue", "dialogueID") ?? 0
        let d = try await DialogueConference.find(o.dialogueID, on: db)
        o.councilID = d?.councilID ?? 0; o.unitID = d?.unitID ?? 0
        o.content = ""; o.organizationID = 0; o.folded = ""; o.version = 0
        return o
    }

    /// Who an opinion can be assigned to: the Party committee, the People's Committee and the agencies of the unit.
    static func responsible(unitID: Int, db: any Database) async throws -> [(String, String)] {
        struct Row: Decodable { let id: Int; let name: String }
        return try await db.sql.raw("""
            SELECT id, name FROM organizations WHERE unit_id = \(bind: unitID) AND deleted_at IS NULL AND valid_to IS NULL \
            AND kind IN (\(binds: [OrganizationKind.partyCommittee, .peoplesCommittee, .agency].map(\.rawValue))) ORDER BY kind, name
            """).rows(Row.self).map { (String($0.id), $0.name) }
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("dialogueID", String(dialogueID))
        b.textarea("content", "Nội dung ý kiến", content, required: true)
        b.select("organizationID", "Thuộc trách nhiệm của", organizationID == 0 ? nil : String(organizationID),
                 options: try await Self.responsible(unitID: unitID, db: db), blank: "— Chọn —")
        b.section("Trả lời")
        b.textarea("answer", "Nội dung trả lời", answer)
        b.day("answeredOn", "Ngày trả lời", answeredOn)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let dialogue = try await input["dialogueID"].flatMap(Int.init).asyncMap { try await DialogueConference.find($0, on: db) } ?? nil
        if dialogue == nil { v.fail("dialogueID", "Không tìm thấy hội nghị đối thoại.") }
        let content = v.text("content", "Nội dung ý kiến", input["content"], max: 5000)
        let org = input["organizationID"].flatMap(Int.init)
        let allowed = try await dialogue.asyncMap { try await Self.responsible(unitID: $0.unitID, db: db).map(\.0) } ?? []
        // The one it was assigned to stays a valid choice once that organisation has ended.
        if org == nil || (!allowed.contains(String(org!)) && org != (id == nil ? nil : organizationID)) {
            v.fail("organizationID", "Hãy chọn cơ quan chịu trách nhiệm về ý kiến.")
        }
        let answer = v.optionalText("answer", "Nội dung trả lời", input["answer"], max: 10_000)
        let answeredOn = v.day("answeredOn", "Ngày trả lời", input["answeredOn"])
        if answer != nil && answeredOn == nil { v.fail("answeredOn", "Hãy ghi ngày trả lời.") }
        if answer == nil && answeredOn != nil { v.fail("answer", "Hãy ghi nội dung trả lời.") }
        v.order(dialogue?.heldOn, answeredOn, field: "answeredOn", "Ngày trả lời không thể trước hội nghị.")
        if let answeredOn, answeredOn > Day.today().description { v.fail("answeredOn", "Ngày trả lời không thể sau hôm nay.") }
        try v.check()
        dialogueID = dialogue!.id!; councilID = dialogue!.councilID; unitID = dialogue!.unitID
        self.content = content; organizationID = org!; self.answer = answer; self.answeredOn = answeredOn
        folded = fold(content)
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.dialogueConference.path(dialogueID) + "#y-kien" }
}

extension Training: FormEditable {
    public static var kind: RecordKind { .training }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { title }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "year": String(year), "title": title, "organiser": organiser, "heldFrom": heldFrom ?? "", "heldTo": heldTo ?? "",
         "classes": String(classes), "attendeesOwn": String(attendeesOwn), "attendeesBelow": String(attendeesBelow),
         "attendeesOther": String(attendeesOther), "notes": notes ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (title, "Tập huấn năm \(year)") }
    public var attendees: Int { attendeesOwn + attendeesBelow + attendeesOther }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> Training {
        let t = Training()
        t.councilID = query.id("council", "councilID") ?? 0
        t.unitID = try await Council.find(t.councilID, on: db)?.unitID ?? 0
        t.year = Day.today().year; t.title = ""; t.organiser = ""; t.classes = 1; t.attendeesOwn = 0; t.attendeesBelow = 0; t.attendeesOther = 0
        t.folded = ""; t.version = 0
        return t
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        b.text("year", "Năm", String(year), required: true, type: "number")
        b.textarea("title", "Nội dung tập huấn", title, required: true)
        b.text("organiser", "Đơn vị tổ chức, phối hợp", organiser, required: true)
        b.day("heldFrom", "Từ ngày", heldFrom)
        b.day("heldTo", "Đến ngày", heldTo)
        b.text("classes", "Số lớp", String(classes), required: true, type: "number")
        b.section("Học viên", hint: "Số đại biểu theo cấp")
        b.text("attendeesOwn", "Đại biểu HĐND cấp này", String(attendeesOwn), type: "number")
        b.text("attendeesBelow", "Đại biểu HĐND cấp dưới", String(attendeesBelow), type: "number")
        b.text("attendeesOther", "Học viên khác", String(attendeesOther), type: "number")
        b.textarea("notes", "Ghi chú", notes)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let title = v.text("title", "Nội dung tập huấn", input["title"], max: 1000)
        let organiser = v.text("organiser", "Đơn vị tổ chức", input["organiser"], max: 500)
        let from = v.day("heldFrom", "Từ ngày", input["heldFrom"]), to = v.day("heldTo", "Đến ngày", input["heldTo"])
        if to != nil && from == nil { v.fail("heldFrom", "Hãy ghi ngày bắt đầu.") }
        v.order(from, to, field: "heldTo", "Ngày kết thúc không thể trước ngày bắt đầu.")
        let year = countedYear(input, day: from, field: "heldFrom", &v)
        let classes = v.int("classes", "Số lớp", input["classes"], range: 1...1000)
        let own = v.int("attendeesOwn", "Đại biểu HĐND cấp này", input["attendeesOwn"], range: 0...1_000_000, required: false) ?? 0
        let below = v.int("attendeesBelow", "Đại biểu HĐND cấp dưới", input["attendeesBelow"], range: 0...1_000_000, required: false) ?? 0
        let other = v.int("attendeesOther", "Học viên khác", input["attendeesOther"], range: 0...1_000_000, required: false) ?? 0
        if own + below + other == 0 { v.fail("attendeesOwn", "Hãy ghi số học viên.") }
        let notes = v.optionalText("notes", "Ghi chú", input["notes"], max: 5000)
        try await CouncilEnd.check(council, day: from, field: "heldFrom", &v, on: db)
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; self.year = year!; self.title = title; self.organiser = organiser
        heldFrom = from; heldTo = to; self.classes = classes!; attendeesOwn = own; attendeesBelow = below; attendeesOther = other; self.notes = notes
        folded = fold("\(title) \(organiser)")
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.council.path(councilID) + "/phoi-hop?nam=\(year)#tap-huan-\(id ?? 0)" }
}
