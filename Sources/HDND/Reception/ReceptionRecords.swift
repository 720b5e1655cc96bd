import Fluent

extension ReceptionSchedule: FormEditable {
    public static var kind: RecordKind { .receptionSchedule }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { name }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "name": name, "daysOfMonth": daysOfMonth, "place": place, "startTime": startTime,
         "endTime": endTime, "validFrom": validFrom ?? "", "validTo": validTo ?? "", "online": online ? "có" : "không",
         "announcedOn": announcedOn ?? ""]
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> ReceptionSchedule {
        let s = ReceptionSchedule()
        s.councilID = query.id("council", "councilID") ?? 0
        s.unitID = try await Council.find(s.councilID, on: db)?.unitID ?? 0
        s.name = "Tiếp công dân định kỳ"; s.daysOfMonth = "10,20"; s.place = "Trụ sở tiếp công dân"
        s.startTime = "08:00"; s.endTime = "11:30"; s.online = false; s.folded = ""; s.version = 0
        return s
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        b.text("name", "Tên lịch", name, required: true)
        b.text("daysOfMonth", "Các ngày trong tháng", daysOfMonth, required: true, hint: "Ví dụ 10,20 — ngày nghỉ thì chuyển sang ngày làm việc kế tiếp")
        b.text("place", "Địa điểm", place, required: true)
        b.text("startTime", "Bắt đầu (giờ:phút)", startTime, required: true)
        b.text("endTime", "Kết thúc (giờ:phút)", endTime, required: true)
        b.day("validFrom", "Áp dụng từ ngày", validFrom)
        b.day("validTo", "Áp dụng đến ngày", validTo)
        b.select("online", "Tiếp công dân trực tuyến", online ? "true" : "false", options: [("false", "Không"), ("true", "Có")],
                 hint: "Phải thông báo công khai chậm nhất 05 ngày làm việc trước ngày tiếp (Nghị định 154/2026/NĐ-CP, Điều 23 khoản 1)")
        b.day("announcedOn", "Ngày thông báo công khai lịch tiếp trực tuyến", announcedOn)
    }

    static func time(_ raw: String?, _ field: String, _ label: String, _ v: inout Validator) -> String {
        let t = (raw ?? "").trimmingCharacters(in: .whitespaces)
        let parts = t.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else {
            v.fail(field, "\(label) phải có dạng giờ:phút, ví dụ 08:00."); return ""
        }
        return String(format: "%02d:%02d", parts[0], parts[1])
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let name = v.text("name", "Tên lịch", input["name"], max: 200)
        let rawDays = v.text("daysOfMonth", "Các ngày trong tháng", input["daysOfMonth"], max: 100)
        let days = rawDays.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        if !rawDays.isEmpty && (days.contains(nil) || days.contains { !(1...31).contains($0!) }) {
            v.fail("daysOfMonth", "Các ngày phải là số từ 1 đến 31, cách nhau bởi dấu phẩy.")
        }
        let place = v.text("place", "Địa điểm", input["place"], max: 300)
        let start = Self.time(input["startTime"], "startTime", "Giờ bắt đầu", &v)
        let end = Self.time(input["endTime"], "endTime", "Giờ kết thúc", &v)
        if !start.isEmpty && !end.isEmpty && end <= start { v.fail("endTime", "Giờ kết thúc phải sau giờ bắt đầu.") }
        let from = v.day("validFrom", "Áp dụng từ ngày", input["validFrom"])
        let to = v.day("validTo", "Áp dụng đến ngày", input["validTo"])
        v.order(from, to, field: "validTo", "Ngày kết thúc phải sau ngày bắt đầu.")
        let online = input["online"] == "true"
        let announced = v.day("announcedOn", "Ngày thông báo công khai", input["announcedOn"])
        if online && from == nil { v.fail("validFrom", "Lịch tiếp trực tuyến phải có ngày áp dụng: thời hạn thông báo tính từ ngày tiếp đầu tiên.") }
        if !online && announced != nil { v.fail("announcedOn", "Chỉ ghi ngày thông báo với lịch tiếp trực tuyến.") }
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; self.name = name; self.online = online; announcedOn = announced
        daysOfMonth = Array(Set(days.compactMap { $0 })).sorted().map(String.init).joined(separator: ",")
        self.place = place; startTime = start; endTime = end; validFrom = from; validTo = to; folded = fold(name + " " + place)
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.council.path(councilID) + "/tiep-cong-dan" }
}

extension ReceptionVisit: FormEditable {
    public static var kind: RecordKind { .receptionVisit }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { "Lượt tiếp ngày \(VietnameseFormat.date(date))" }
    public var visibility: Place.Visibility { .internalRecord }
    /// A confidential visitor's name stays out of the audit (and leaves the entries written before: see `afterSave`).
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "scheduleID": scheduleID.map(String.init) ?? "", "date": date,
         "delegateID": delegateID.map(String.init) ?? "", "visitorName": confidential ? Confidentiality.redacted : (visitorName ?? ""),
         "consent": consent ? "có" : "không", "confidential": confidential ? "có" : "không", "visitors": String(visitors),
         "kind": kind.rawValue, "topic": topic, "handling": handling.rawValue,
         "letterID": letterID.map(String.init) ?? "", "petitionID": petitionID.map(String.init) ?? "", "notifiedOn": notifiedOn ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (topic, "Tiếp công dân · \(VietnameseFormat.date(date))") }
    public var identityGrantPath: String? { confidential ? id.map { RecordKind.receptionVisit.path($0) + "/quyen-xem" } : nil }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> ReceptionVisit {
        let v = ReceptionVisit()
        v.councilID = query.id("council", "councilID") ?? 0
        v.unitID = try await Council.find(v.councilID, on: db)?.unitID ?? 0
        v.date = query["date"].flatMap { Day(input: $0)?.description } ?? Day.today().description
        v.consent = true; v.confidential = false; v.visitors = 1; v.kind = .petition; v.topic = ""; v.handling = .guided
        v.folded = ""; v.version = 0
        return v
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws { try await formFields(&b, actor: nil, on: db) }

    public func formFields(_ b: inout FormBuilder, actor: Actor?, on db: any Database) async throws {
        let yesNo = [("true", "Có"), ("false", "Không")]
        let identified = try await mayIdentify(actor, on: db)
        let councilID = councilID
        let schedules = try await b.kept.value("reception schedules \(councilID)", on: db) {
            try await ReceptionSchedule.query(on: db).filter(\.$councilID == councilID).all().compactMap { s in s.id.map { (String($0), s.name) } }
        }
        let people = try await DirectoryQueries.delegates(councilID: councilID, kept: b.kept, db: db)
        b.hidden("councilID", String(councilID))
        b.day("date", "Ngày tiếp", date, required: true)
        b.select("scheduleID", "Theo lịch", scheduleID.map(String.init), options: schedules, required: false, blank: "— Tiếp đột xuất —")
        b.select("delegateID", "Đại biểu tiếp", delegateID.map(String.init), options: people.map { (String($0.id), $0.full_name) },
                 required: false, blank: "— Không ghi —")
        // A confidential visitor is not shown (nor editable) to an account without the right for this visit.
        if identified { b.text("visitorName", "Họ tên công dân", visitorName) }
        b.select("consent", "Công dân đồng ý ghi thông tin", consent ? "true" : "false", options: yesNo)
        b.select("confidential", "Giữ bí mật danh tính", confidential ? "true" : "false", options: confidential ? [("true", "Có")] : yesNo,
                 hint: "Nội dung tố cáo luôn được giữ bí mật danh tính; đã giữ bí mật thì không bỏ được.")
        b.text("visitors", "Số lượt công dân (đoàn đông người ghi tổng số)", String(visitors), type: "number")
        b.select("kind", "Loại nội dung", kind.rawValue, options: FormBuilder.choices(LetterKind.self) { $0.label })
        b.textarea("topic", "Nội dung", topic)
        b.select("handling", "Kết quả xử lý", handling.rawValue, options: FormBuilder.choices(VisitHandling.self) { $0.label })
        var letterNumber: String? = nil
        if let letterID, let letter = try await Letter.find(letterID, on: db) { letterNumber = letter.registerNumber }
        b.text("letterNumber", "Đơn vào sổ từ lượt tiếp này (số đơn)", letterNumber, hint: "Ví dụ 12/2026; để trống nếu không nhận đơn")
        // Found by its words, not by an internal number: the linked one is shown by its content.
        let linked = try await petitionID.asyncMap { try await VoterPetition.find($0, on: db)?.content } ?? nil
        b.text("petition", "Kiến nghị ghi từ lượt tiếp này", linked,
               hint: "Gõ vài chữ trong nội dung kiến nghị (có dấu hay không); để trống nếu không có")
        b.day("notifiedOn", "Ngày thông báo kết quả cho công dân", notifiedOn)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws { try await apply(input, actor: nil, on: db) }

    /// New visits and visits the actor may identify take the visitor's name from the input; otherwise it stays as it is.
    private func mayIdentify(_ actor: Actor?, on db: any Database) async throws -> Bool {
        id == nil || !confidential ? true : try await Confidentiality.mayIdentify(self, actor, on: db)
    }

    public func apply(_ input: FormInput, actor: Actor?, on db: any Database) async throws {
        var v = Validator()
        let identified = try await mayIdentify(actor, on: db)
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let date = v.day("date", "Ngày tiếp", input["date"], required: true)
        try await CouncilEnd.check(council, day: date, field: "date", &v, on: db)
        var schedule: Int? = nil
        if let raw = input["scheduleID"], !raw.isEmpty {
            if let id = Int(raw), let s = try await ReceptionSchedule.find(id, on: db), s.councilID == council?.id { schedule = id }
            else { v.fail("scheduleID", "Lịch tiếp không thuộc Hội đồng này.") }
        }
        var delegate: Int? = nil
        if let raw = input["delegateID"], !raw.isEmpty {
            // Only a delegate of this council: another council's people, or the office's staff, do not receive citizens here.
            let delegates = try await council.asyncMap { try await DirectoryQueries.delegates(councilID: $0.id!, db: db) } ?? []
            if let id = Int(raw), delegates.contains(where: { $0.id == id }) { delegate = id }
            else { v.fail("delegateID", "Không có đại biểu này trong Hội đồng.") }
        }
        let consent = input["consent"] != "false"
        let name = identified ? v.optionalText("visitorName", "Họ tên công dân", input["visitorName"], max: 120) : visitorName
        if identified && name != nil && !consent { v.fail("visitorName", "Công dân không đồng ý ghi thông tin: không ghi họ tên.") }
        let visitors = v.int("visitors", "Số lượt công dân", input["visitors"], range: 1...1000, required: false) ?? 1
        let kind = v.choice("kind", "Loại nội dung", input["kind"], as: LetterKind.self)
        let topic = v.text("topic", "Nội dung", input["topic"], max: 5000)
        let handling = v.choice("handling", "Kết quả xử lý", input["handling"], as: VisitHandling.self)
        // What came of the visit: a letter of this council's register, a petition of this council.
        var letter: Int? = nil
        if let raw = input["letterNumber"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            let parts = raw.split(separator: "/").compactMap { Int($0) }
            if parts.count == 2, let council, let found = try await Letter.query(on: db).filter(\.$councilID == council.id!)
                .filter(\.$number == parts[0]).filter(\.$year == parts[1]).first() {
                letter = found.id
            } else { v.fail("letterNumber", "Không có đơn số \(raw) trong sổ của Hội đồng này.") }
        }
        var petition: Int? = nil
        if let words = input["petition"]?.trimmingCharacters(in: .whitespaces), !words.isEmpty, let council {
            switch try await PetitionQueries.find(words, councilID: council.id!, db: db) {
            case .one(let id): petition = id
            case .none: v.fail("petition", "Không có kiến nghị nào của Hội đồng có “\(words)”.")
            case .several(let contents):
                v.fail("petition", "Có nhiều kiến nghị khớp (\(contents.map { "“\($0.prefix(60))”" }.joined(separator: "; "))): gõ thêm chữ để chỉ còn một.")
            }
        }
        let notified = v.day("notifiedOn", "Ngày thông báo kết quả cho công dân", input["notifiedOn"])
        v.order(date, notified, field: "notifiedOn", "Ngày thông báo kết quả không thể trước ngày tiếp.")
        try v.check()
        letterID = letter; petitionID = petition; notifiedOn = notified
        councilID = council!.id!; unitID = council!.unitID; self.date = date!; scheduleID = schedule; delegateID = delegate
        // Confidential from the start when about a denunciation, and for good once confidential.
        let nowConfidential = confidential || input["confidential"] == "true" || kind == .denunciation
        becameConfidential.set(id != nil && !confidential && nowConfidential)
        visitorName = name; self.consent = consent; confidential = nowConfidential; self.visitors = visitors
        self.kind = kind!; self.topic = topic; self.handling = handling!; folded = fold(topic)
    }

    /// Whoever records a confidential visit has seen the visitor: the right is recorded.
    public func afterInsert(actor: Actor?, on db: any Database) async throws {
        if confidential, let actor { try await Confidentiality.recordAccess(to: self, userID: actor.userID, grantedBy: actor.userID, on: db) }
    }

    /// A visit that has just become confidential: the name leaves its earlier audit entries; whoever made it
    /// confidential had seen it and keeps the right.
    public func afterSave(actor: Actor?, on db: any Database) async throws {
        guard becameConfidential.take(), let id else { return }
        try await Confidentiality.scrubVisitors(visitID: id, on: db)
        if let actor { try await Confidentiality.recordAccess(to: self, userID: actor.userID, grantedBy: actor.userID, on: db) }
    }

    public func viewPath(on db: any Database) async throws -> String {
        RecordKind.council.path(councilID) + "/tiep-cong-dan?thang=\(date.prefix(7))"
    }
}

extension ReceptionVisit {
    /// Records that `letter` came of this visit, in the letter's transaction, with the visit's own audit entry.
    func linkLetter(_ letter: Letter, actor: Actor?, on db: any Database) async throws {
        let before = auditSnapshot, expected = version
        letterID = letter.id
        if handling == .guided || handling == .answeredOnSpot { handling = .letterReceived }
        // Through the one writer: the policy, the version claim and the audit entry, inside the letter's transaction.
        try await RecordWriter(db: db, actor: actor).update(self, expectedVersion: expected, before: before, beforeUnitID: unitID)
    }
}
