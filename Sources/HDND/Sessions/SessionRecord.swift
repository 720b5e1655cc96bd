import Fluent

extension CouncilSession: FormEditable {
    public static var kind: RecordKind { .session }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { Self.displayName(title: title, kind: kind) }
    static func displayName(title: String, kind: SessionKind) -> String { "\(title) (\(kind.label.lowercased()))" }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "termID": termID.map(String.init) ?? "", "number": String(number), "kind": kind.rawValue,
         "opensOn": opensOn, "closesOn": closesOn ?? "", "place": place ?? "", "conveningRef": conveningRef ?? "",
         "convenedOn": convenedOn ?? "", "openedOn": openedOn ?? "", "endedOn": endedOn ?? "", "isPublic": isPublic ? "true" : "false"]
    }
    public var searchText: (title: String, detail: String)? {
        (displayName, "Kỳ họp · khai mạc \(VietnameseFormat.date(opening))")
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> CouncilSession {
        let s = CouncilSession()
        s.councilID = query.id("council", "councilID") ?? 0
        let council = try await Council.find(s.councilID, on: db)
        s.unitID = council?.unitID ?? 0
        s.numerals = council?.sessionNumerals ?? .arabic
        let term = try await Term.query(on: db).filter(\.$councilID == s.councilID).sort(\.$ordinal, .descending).first()
        s.termID = term?.id
        let last = try await CouncilSession.query(on: db).filter(\.$councilID == s.councilID).filter(\.$termID == term?.id)
            .sort(\.$number, .descending).first()
        s.number = (last?.number ?? 0) + 1
        s.kind = s.number == 1 ? .first : .regular
        s.opensOn = Day.today().adding(days: 30).description; s.folded = ""; s.version = 0
        return s
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        let terms = try await Term.query(on: db).filter(\.$councilID == councilID).sort(\.$ordinal, .descending).all()
        b.section("Kỳ họp")
        b.select("termID", "Nhiệm kỳ", termID.map(String.init), options: terms.map { (String($0.id!), $0.label) }, required: false, blank: "—")
        b.text("number", "Kỳ họp thứ", String(number), required: true, type: "number")
        b.select("kind", "Loại kỳ họp", kind.rawValue, options: SessionKind.allCases.map { ($0.rawValue, $0.label) })
        b.text("place", "Địa điểm", place)
        b.select("isPublic", "Hình thức", isPublic ? "true" : "false", options: [("true", "Họp công khai"), ("false", "Họp kín (theo quyết định của HĐND)")])
        b.section("Triệu tập và thời gian", hint: "Ngày dự kiến tính hạn các bước chuẩn bị; ngày thực tế ghi khi kỳ họp diễn ra.")
        b.text("conveningRef", "Quyết định triệu tập", conveningRef, hint: "Ví dụ Quyết định số 25/QĐ-HĐND")
        b.day("convenedOn", "Ngày quyết định triệu tập", convenedOn)
        b.day("opensOn", "Ngày khai mạc dự kiến", opensOn, required: true)
        b.day("closesOn", "Ngày bế mạc dự kiến", closesOn)
        b.day("openedOn", "Ngày khai mạc thực tế", openedOn)
        b.day("endedOn", "Ngày bế mạc thực tế", endedOn)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        var term: Term? = nil
        if let raw = input["termID"], !raw.isEmpty {
            if let termID = Int(raw) { term = try await Term.find(termID, on: db) }
            if term == nil || term?.councilID != council?.id { v.fail("termID", "Nhiệm kỳ không thuộc Hội đồng này.") }
        }
        let number = v.int("number", "Kỳ họp thứ", input["number"], range: 1...200)
        let kind = v.choice("kind", "Loại kỳ họp", input["kind"], as: SessionKind.self)
        if kind == .first && number != 1 { v.fail("kind", "Kỳ họp thứ nhất của nhiệm kỳ phải mang số 1.") }
        let opens = v.day("opensOn", "Ngày khai mạc dự kiến", input["opensOn"], required: true)
        try await CouncilEnd.check(council, day: opens, field: "opensOn", &v, on: db)
        let closes = v.day("closesOn", "Ngày bế mạc dự kiến", input["closesOn"])
        v.order(opens, closes, field: "closesOn", "Ngày bế mạc phải sau ngày khai mạc.")
        let conveningRef = v.optionalText("conveningRef", "Quyết định triệu tập", input["conveningRef"], max: 200)
        let convenedOn = v.day("convenedOn", "Ngày quyết định triệu tập", input["convenedOn"])
        v.order(convenedOn, opens, field: "convenedOn", "Quyết định triệu tập phải ban hành trước ngày khai mạc.")
        let opened = v.day("openedOn", "Ngày khai mạc thực tế", input["openedOn"])
        let closed = v.day("endedOn", "Ngày bế mạc thực tế", input["endedOn"])
        if closed != nil && opened == nil { v.fail("openedOn", "Ghi ngày bế mạc thực tế thì cần ngày khai mạc thực tế.") }
        v.order(opened, closed, field: "endedOn", "Ngày bế mạc phải sau ngày khai mạc.")
        if let opened, opened > Day.today().description { v.fail("openedOn", "Ngày khai mạc thực tế không thể sau hôm nay.") }
        let place = v.optionalText("place", "Địa điểm", input["place"], max: 300)
        let isPublic = (input["isPublic"] ?? "true") != "false"
        if let council, let number, let other = try await CouncilSession.query(on: db).filter(\.$councilID == council.id!)
            .filter(\.$termID == term?.id).filter(\.$number == number).first(), other.id != id {
            v.fail("number", "Nhiệm kỳ này đã có \(CouncilSession.title(number, council.sessionNumerals).lowercased()) (khai mạc \(VietnameseFormat.date(other.opensOn))).")
        }
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; termID = term?.id; numerals = council!.sessionNumerals
        self.number = number!; self.kind = kind!; opensOn = opens!; closesOn = closes; self.place = place
        self.conveningRef = conveningRef; self.convenedOn = convenedOn; openedOn = opened; endedOn = closed; self.isPublic = isPublic
        folded = fold("\(title) \(kind!.label) \(place ?? "") \(conveningRef ?? "")")
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.session.path(id!) }
}
