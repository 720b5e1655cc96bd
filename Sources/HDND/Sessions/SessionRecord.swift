import Fluent

extension CouncilSession: FormEditable {
    public static var kind: RecordKind { .session }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { "\(title) (\(kind.label.lowercased()))" }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "termID": termID.map(String.init) ?? "", "number": String(number), "kind": kind.rawValue,
         "opensOn": opensOn, "closesOn": closesOn ?? "", "place": place ?? ""]
    }
    public var searchText: (title: String, detail: String)? {
        (displayName, "Kỳ họp · khai mạc \(VietnameseFormat.date(opensOn))")
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> CouncilSession {
        let s = CouncilSession()
        s.councilID = query.id("council", "councilID") ?? 0
        s.unitID = try await Council.find(s.councilID, on: db)?.unitID ?? 0
        let term = try await Term.query(on: db).filter(\.$councilID == s.councilID).sort(\.$ordinal, .descending).first()
        s.termID = term?.id
        let last = try await CouncilSession.query(on: db).filter(\.$councilID == s.councilID).filter(\.$termID == term?.id)
            .sort(\.$number, .descending).first()
        s.number = (last?.number ?? 0) + 1
        s.kind = .regular; s.opensOn = Day.today().description; s.folded = ""; s.version = 0
        return s
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        let terms = try await Term.query(on: db).filter(\.$councilID == councilID).sort(\.$ordinal, .descending).all()
        b.select("termID", "Nhiệm kỳ", termID.map(String.init), options: terms.map { (String($0.id!), $0.label) }, required: false, blank: "—")
        b.text("number", "Kỳ họp thứ", String(number), required: true, type: "number")
        b.select("kind", "Loại kỳ họp", kind.rawValue, options: SessionKind.allCases.map { ($0.rawValue, $0.label) })
        b.day("opensOn", "Ngày khai mạc", opensOn, required: true)
        b.day("closesOn", "Ngày bế mạc", closesOn)
        b.text("place", "Địa điểm", place)
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
        let opens = v.day("opensOn", "Ngày khai mạc", input["opensOn"], required: true)
        try await CouncilEnd.check(council, day: opens, field: "opensOn", &v, on: db)
        let closes = v.day("closesOn", "Ngày bế mạc", input["closesOn"])
        v.order(opens, closes, field: "closesOn", "Ngày bế mạc phải sau ngày khai mạc.")
        let place = v.optionalText("place", "Địa điểm", input["place"], max: 300)
        if let council, let number, let other = try await CouncilSession.query(on: db).filter(\.$councilID == council.id!)
            .filter(\.$termID == term?.id).filter(\.$number == number).first(), other.id != id {
            v.fail("number", "Nhiệm kỳ này đã có \(CouncilSession.title(number).lowercased()) (khai mạc \(VietnameseFormat.date(other.opensOn))).")
        }
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; termID = term?.id
        self.number = number!; self.kind = kind!; opensOn = opens!; closesOn = closes; self.place = place
        folded = fold("\(CouncilSession.title(number!)) \(kind!.label) \(place)")
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.council.path(councilID) + "#ky-hop" }
}
