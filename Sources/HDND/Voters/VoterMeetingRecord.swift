import Fluent

extension VoterMeeting: FormEditable {
    public static var kind: RecordKind { .voterMeeting }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { title }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "bodyID": bodyID.map(String.init) ?? "", "kind": kind.rawValue,
         "sessionNumber": sessionNumber.map(String.init) ?? "", "topic": topic ?? "", "higherLevel": higherLevel?.rawValue ?? "",
         "date": date, "place": place, "coOrganizer": coOrganizer, "delegatesPresent": delegatesPresent ?? "",
         "votersAttending": String(votersAttending), "votersSpeaking": String(votersSpeaking), "minutes": minutes ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (title, place) }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> VoterMeeting {
        let m = VoterMeeting()
        m.councilID = query.id("council", "councilID") ?? 0
        m.unitID = try await Council.find(m.councilID, on: db)?.unitID ?? 0
        m.kind = .beforeSession; m.date = Day.today().description; m.place = ""
        m.coOrganizer = "Ủy ban MTTQ"; m.votersAttending = 0; m.votersSpeaking = 0; m.folded = ""; m.version = 0
        return m
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        let terms = try await Term.query(on: db).filter(\.$councilID == councilID).all()
        // A delegate group holds most meetings; the standing committee holds its own thematic ones (a target can ask for them).
        let groups = try await Body.query(on: db).filter(\.$councilID == councilID).filter(\.$kind ~~ Self.organizers).sort(\.$kind).sort(\.$name).all()
        b.hidden("councilID", String(councilID))
        b.select("kind", "Hình thức", kind.rawValue, options: FormBuilder.choices(VoterMeetingKind.self) { $0.label })
        b.text("sessionNumber", "Kỳ họp thứ (trước, sau kỳ họp)", sessionNumber.map(String.init), type: "number")
        b.text("topic", "Chủ đề (tiếp xúc chuyên đề)", topic)
        b.select("higherLevel", "Đại biểu cấp trên", higherLevel?.rawValue, options: FormBuilder.choices(HigherLevel.self) { $0.label },
                 required: false, blank: "— Không —")
        b.select("bodyID", "Tổ đại biểu (hoặc Thường trực HĐND) tổ chức", bodyID.map(String.init), options: groups.map { g in
            (String(g.id!), g.name + (terms.first { $0.id == g.termID }.map { " — khóa \(RomanNumeral.string($0.ordinal))" } ?? ""))
        }, required: false, blank: "— Không —")
        b.day("date", "Ngày tiếp xúc", date, required: true)
        b.text("place", "Địa điểm", place, required: true)
        b.text("coOrganizer", "Cơ quan phối hợp", coOrganizer, required: true)
        b.textarea("delegatesPresent", "Đại biểu tham dự", delegatesPresent)
        b.text("votersAttending", "Số lượt cử tri tham dự", String(votersAttending), required: true, type: "number")
        b.text("votersSpeaking", "Số lượt cử tri phát biểu", String(votersSpeaking), required: true, type: "number")
        b.textarea("minutes", "Biên bản, tóm tắt", minutes)
    }

    /// The bodies that hold voter meetings.
    static let organizers: [BodyKind] = [.delegateGroup, .standing]

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let kind = v.choice("kind", "Hình thức", input["kind"], as: VoterMeetingKind.self)
        let session = v.int("sessionNumber", "Kỳ họp thứ", input["sessionNumber"], range: 1...99, required: false)
        let topic = v.optionalText("topic", "Chủ đề", input["topic"], max: 300)
        var higher: HigherLevel? = nil
        if let raw = input["higherLevel"], !raw.isEmpty {
            higher = HigherLevel(rawValue: raw)
            if higher == nil { v.fail("higherLevel", "Đại biểu cấp trên không hợp lệ.") }
        }
        if kind == .thematic && topic == nil { v.fail("topic", "Tiếp xúc chuyên đề cần ghi chủ đề.") }
        if (kind == .beforeSession || kind == .afterSession) && session == nil { v.fail("sessionNumber", "Hãy ghi kỳ họp thứ mấy.") }
        if kind == .higherLevel && higher == nil { v.fail("higherLevel", "Hãy chọn đại biểu cấp nào (Quốc hội, HĐND tỉnh, thành phố).") }
        var body: Int? = nil
        if let raw = input["bodyID"], !raw.isEmpty {
            if let id = Int(raw), let b = try await Body.find(id, on: db), b.councilID == council?.id, Self.organizers.contains(b.kind) { body = id }
            else { v.fail("bodyID", "Tổ đại biểu (hoặc Thường trực) không thuộc Hội đồng này.") }
        }
        let date = v.day("date", "Ngày tiếp xúc", input["date"], required: true)
        try await CouncilEnd.check(council, day: date, field: "date", &v, on: db)
        let place = v.text("place", "Địa điểm", input["place"], max: 300)
        let co = v.text("coOrganizer", "Cơ quan phối hợp", input["coOrganizer"], max: 200)
        let delegates = v.optionalText("delegatesPresent", "Đại biểu tham dự", input["delegatesPresent"], max: 2000)
        let attending = v.int("votersAttending", "Số lượt cử tri tham dự", input["votersAttending"], range: 0...100_000)
        let speaking = v.int("votersSpeaking", "Số lượt cử tri phát biểu", input["votersSpeaking"], range: 0...100_000)
        if let attending, let speaking, speaking > attending { v.fail("votersSpeaking", "Số lượt phát biểu không thể lớn hơn số lượt tham dự.") }
        let minutes = v.optionalText("minutes", "Biên bản", input["minutes"], max: 20_000)
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; self.kind = kind!; sessionNumber = session; self.topic = topic
        higherLevel = kind == .higherLevel ? higher : nil; bodyID = body; self.date = date!; self.place = place; coOrganizer = co
        delegatesPresent = delegates; votersAttending = attending!; votersSpeaking = speaking!; self.minutes = minutes
        folded = fold("\(title) \(place) \(topic ?? "")")
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.voterMeeting.path(id!) }
}

extension VoterPetition: FormEditable {
    public static var kind: RecordKind { .voterPetition }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { String(content.prefix(80)) }
    public var visibility: Place.Visibility { .internalRecord }
    public var forwardedTo: Int? { agencyID }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "meetingID": meetingID.map(String.init) ?? "", "source": source.rawValue,
         "content": content, "field": field ?? "", "wardUnitID": wardUnitID.map(String.init) ?? "", "voterCount": String(voterCount),
         "status": status.rawValue, "agencyID": agencyID.map(String.init) ?? "", "dueDate": dueDate ?? "",
         "answer": answer ?? "", "answeredOn": answeredOn ?? "", "answeredBy": answeredBy ?? "",
         "reportedSession": reportedSession ?? "", "receivedOn": receivedOn, "mergedIntoID": mergedIntoID.map(String.init) ?? ""]
    }
    public var searchText: (title: String, detail: String)? {
        (String(content.prefix(160)), "Kiến nghị cử tri · \(PetitionFields.label(field)) · \(status.label)")
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> VoterPetition {
        let p = VoterPetition()
        p.meetingID = query["meeting"].flatMap(Int.init)
        p.councilID = query.id("council", "councilID") ?? 0
        if let mid = p.meetingID, let meeting = try await VoterMeeting.find(mid, on: db) {
            p.councilID = meeting.councilID; p.receivedOn = meeting.date
        } else {
            p.receivedOn = Day.today().description
        }
        p.unitID = try await Council.find(p.councilID, on: db)?.unitID ?? 0
        p.source = p.meetingID == nil ? .portal : .voterMeeting
        p.content = ""; p.voterCount = 1; p.status = .received; p.folded = ""; p.version = 0
        return p
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        b.hidden("meetingID", meetingID.map(String.init) ?? "")
        b.select("source", "Nguồn", source.rawValue, options: FormBuilder.choices(PetitionSource.self) { $0.label })
        b.textarea("content", "Nội dung ý kiến, kiến nghị", content)
        b.select("field", "Lĩnh vực", field, options: PetitionFields.all, required: false, blank: "— Chưa phân loại —")
        b.text("voterCount", "Số cử tri cùng kiến nghị", String(voterCount), type: "number")
        b.day("receivedOn", "Ngày tiếp nhận", receivedOn, required: true)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        var meeting: Int? = nil
        if let raw = input["meetingID"], !raw.isEmpty {
            if let id = Int(raw), let m = try await VoterMeeting.find(id, on: db), m.councilID == council?.id { meeting = id }
            else { v.fail("meetingID", "Cuộc tiếp xúc cử tri không thuộc Hội đồng này.") }
        }
        let source = v.choice("source", "Nguồn", input["source"], as: PetitionSource.self)
        let content = v.text("content", "Nội dung", input["content"], max: 5000)
        let field = (input["field"] ?? "").isEmpty ? nil : input["field"]
        if let field, !PetitionFields.all.contains(where: { $0.0 == field }) { v.fail("field", "Lĩnh vực không có trong danh mục.") }
        let voters = v.int("voterCount", "Số cử tri", input["voterCount"], range: 1...100_000, required: false) ?? 1
        let received = v.day("receivedOn", "Ngày tiếp nhận", input["receivedOn"], required: true)
        try await CouncilEnd.check(council, day: received, field: "receivedOn", &v, on: db)
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; meetingID = meeting; self.source = source!
        self.content = content; voterCount = voters; receivedOn = received!
        if id == nil {
            self.field = field
            status = field == nil ? .received : .classified
        } else if self.field != field {
            self.field = field
        }
        folded = fold(content)
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.voterPetition.path(id!) }
}
