import Fluent

extension Membership: FormEditable {
    public static var kind: RecordKind { .membership }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { post }
    public var auditSnapshot: [String: String] {
        ["personID": String(personID), "bodyID": bodyID.map(String.init) ?? "",
         "organizationID": organizationID.map(String.init) ?? "", "post": post, "rank": String(rank),
         "validFrom": validFrom ?? "", "validTo": validTo ?? ""]
    }

    /// "body:12" or "organization:5": where the post is held.
    var holder: String? {
        if let bodyID { return "body:\(bodyID)" }
        if let organizationID { return "organization:\(organizationID)" }
        return nil
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> Membership {
        let m = Membership()
        m.personID = query.id("person", "personID") ?? 0
        // A link names the holder as `body=12`; the form posts `holder=body:12`; the API `bodyID`.
        let holder = (query["holder"] ?? "").split(separator: ":").map(String.init)
        let held = holder.count == 2 ? [holder[0]: holder[1]] : [:]
        m.bodyID = query.id("body", "bodyID") ?? held["body"].flatMap { Int($0) }
        m.organizationID = query.id("organization", "organizationID") ?? held["organization"].flatMap { Int($0) }
        m.unitID = 0
        if let bodyID = m.bodyID, let body = try await Body.find(bodyID, on: db) { m.unitID = body.unitID }
        else if let oid = m.organizationID, let org = try await Organization.find(oid, on: db) { m.unitID = org.unitID }
        else if let person = try await Person.find(m.personID, on: db) { m.unitID = person.unitID }
        m.post = ""; m.rank = 50; m.version = 0
        return m
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        // Choices come from the unit the post belongs to: its council's bodies (latest term first) and its organizations.
        let terms = try await Term.query(on: db).filter(\.$unitID == unitID).all()
        let bodies = try await Body.query(on: db).filter(\.$unitID == unitID).all()
            .sorted { a, b in
                let ta = terms.first { $0.id == a.termID }?.ordinal ?? 0, tb = terms.first { $0.id == b.termID }?.ordinal ?? 0
                return ta != tb ? ta > tb : a.name < b.name
            }
        let orgs = try await Organization.query(on: db).filter(\.$unitID == unitID).sort(\.$name).all()
        var holders = bodies.map { body in
            ("body:\(body.id!)", "\(body.name) — \(terms.first { $0.id == body.termID }.map { "khóa \(RomanNumeral.string($0.ordinal))" } ?? "")")
        }
        holders += orgs.map { ("organization:\($0.id!)", $0.name) }
        var people = try await Person.query(on: db).filter(\.$unitID == unitID).sort(\.$fullName).all()
        if personID != 0, !people.contains(where: { $0.id == personID }), let p = try await Person.find(personID, on: db) {
            people.insert(p, at: 0)
        }
        b.select("personID", "Cá nhân", personID == 0 ? nil : String(personID),
                 options: people.map { (String($0.id!), $0.fullName) }, blank: "— Chọn —")
        b.select("holder", "Giữ chức vụ tại", holder, options: holders, blank: "— Chọn —")
        b.text("post", "Chức vụ", post, required: true, hint: "Ví dụ Chủ tịch HĐND quận, Trưởng Ban Pháp chế, Đại biểu")
        b.text("rank", "Thứ tự hiển thị", String(rank), hint: "Số nhỏ đứng trước: 1 Chủ tịch, 2 Phó Chủ tịch…", type: "number")
        b.day("validFrom", "Từ ngày", validFrom)
        b.day("validTo", "Đến ngày", validTo)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws { try await apply(input, actor: nil, on: db) }

    /// The post is held where the writer may write (checked by `RecordWriter`); the person must be one that the writer
    /// may edit too: an office does not hand posts to another council's people.
    public func apply(_ input: FormInput, actor: Actor?, on db: any Database) async throws {
        var v = Validator()
        let person = try await input["personID"].flatMap { Int($0) }.asyncMap { try await Person.find($0, on: db) } ?? nil
        if person == nil { v.fail("personID", "Hãy chọn một cá nhân có trong danh bạ.") }
        else if let actor, let person, person.id != personID || id == nil,
                !Policy.allows(actor, .update, try await Places.of(person, on: db)) {
            v.fail("personID", "Cá nhân này thuộc Hội đồng khác: chỉ Văn phòng của Hội đồng đó mới giao chức vụ cho họ.")
        }
        var body: Body? = nil, org: Organization? = nil
        // The form names the holder as "body:12" / "organization:5"; the API may send bodyID or organizationID.
        let holder = input["holder"] ?? input["bodyID"].flatMap { $0.isEmpty ? nil : "body:\($0)" }
            ?? input["organizationID"].flatMap { $0.isEmpty ? nil : "organization:\($0)" } ?? ""
        let parts = holder.split(separator: ":")
        if parts.count == 2, let hid = Int(parts[1]) {
            if parts[0] == "body" { body = try await Body.find(hid, on: db) }
            if parts[0] == "organization" { org = try await Organization.find(hid, on: db) }
        }
        if body == nil && org == nil { v.fail("holder", "Hãy chọn cơ quan hoặc tổ chức nơi giữ chức vụ.") }
        let post = v.text("post", "Chức vụ", input["post"], max: 200)
        let rank = v.int("rank", "Thứ tự hiển thị", input["rank"], range: 0...999, required: false) ?? 50
        let from = v.day("validFrom", "Từ ngày", input["validFrom"])
        let to = v.day("validTo", "Đến ngày", input["validTo"])
        v.order(from, to, field: "validTo", "Ngày kết thúc phải sau ngày bắt đầu.")
        try v.check()
        personID = person!.id!; bodyID = body?.id; organizationID = org?.id
        unitID = body?.unitID ?? org!.unitID
        self.post = post; self.rank = rank; validFrom = from; validTo = to
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.person.path(personID) }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self { case .some(let w): try await transform(w); case .none: nil }
    }
}
