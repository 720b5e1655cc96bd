import Fluent

extension Body: FormEditable {
    public static var kind: RecordKind { .body }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { name }
    public var auditSnapshot: [String: String] {
        ["termID": String(termID), "kind": kind.rawValue, "name": name, "constituencyID": constituencyID.map(String.init) ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (name, kind.label) }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> Body {
        let b = Body()
        b.termID = query.id("term", "termID") ?? 0
        if let term = try await Term.find(b.termID, on: db) { b.councilID = term.councilID; b.unitID = term.unitID }
        else { b.councilID = 0; b.unitID = 0 }
        b.kind = BodyKind(rawValue: query["kind"] ?? "") ?? .committee
        b.name = ""; b.folded = ""; b.version = 0
        return b
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        let constituencies = try await Constituency.query(on: db).filter(\.$termID == termID).sort(\.$number).all()
        b.hidden("termID", String(termID))
        b.select("kind", "Loại", kind.rawValue, options: FormBuilder.choices(BodyKind.self) { $0.label })
        b.text("name", "Tên", name, required: true, hint: "Ví dụ Ban Pháp chế, Tổ đại biểu số 1")
        b.select("constituencyID", "Đơn vị bầu cử (với Tổ đại biểu)", constituencyID.map(String.init),
                 options: constituencies.map { (String($0.id!), "Đơn vị số \($0.number) — \($0.name)") },
                 required: false, blank: "— Không —")
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let term = try await DirectoryLookup.term(input["termID"], field: "termID", &v, on: db)
        let kind = v.choice("kind", "Loại", input["kind"], as: BodyKind.self)
        let name = v.text("name", "Tên", input["name"], max: 200)
        var constituency: Int? = nil
        if let raw = input["constituencyID"], !raw.isEmpty {
            if let cid = Int(raw), let c = try await Constituency.find(cid, on: db), c.termID == term?.id {
                constituency = cid
            } else {
                v.fail("constituencyID", "Đơn vị bầu cử không thuộc nhiệm kỳ này.")
            }
        }
        try v.check()
        termID = term!.id!; councilID = term!.councilID; unitID = term!.unitID
        self.kind = kind!; self.name = name; folded = fold(name); constituencyID = constituency
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.body.path(id!) }
}

extension Constituency: FormEditable {
    public static var kind: RecordKind { .constituency }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { Self.displayName(number: number, name: name) }
    static func displayName(number: Int, name: String) -> String { "Đơn vị bầu cử số \(number) — \(name)" }
    public var auditSnapshot: [String: String] {
        ["termID": String(termID), "number": String(number), "name": name, "area": area ?? ""]
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> Constituency {
        let c = Constituency()
        c.termID = query.id("term", "termID") ?? 0
        if let term = try await Term.find(c.termID, on: db) { c.councilID = term.councilID; c.unitID = term.unitID }
        else { c.councilID = 0; c.unitID = 0 }
        let count = try await Constituency.query(on: db).filter(\.$termID == c.termID).count()
        c.number = count + 1; c.name = ""; c.version = 0
        return c
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("termID", String(termID))
        b.text("number", "Số thứ tự", String(number), required: true, type: "number")
        b.text("name", "Tên", name, required: true, hint: "Ví dụ Đơn vị bầu cử số 1")
        b.textarea("area", "Địa bàn (các phường, xã)", area)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let term = try await DirectoryLookup.term(input["termID"], field: "termID", &v, on: db)
        let number = v.int("number", "Số thứ tự", input["number"], range: 1...500)
        let name = v.text("name", "Tên", input["name"], max: 200)
        let area = v.optionalText("area", "Địa bàn", input["area"], max: 2000)
        if let term, let number,
           let other = try await Constituency.query(on: db).filter(\.$termID == term.id!).filter(\.$number == number).first(),
           other.id != id {
            v.fail("number", "Nhiệm kỳ này đã có đơn vị bầu cử số \(number).")
        }
        try v.check()
        termID = term!.id!; councilID = term!.councilID; unitID = term!.unitID
        self.number = number!; self.name = name; self.area = area
    }

    public func viewPath(on db: any Database) async throws -> String {
        RecordKind.council.path(councilID) + "?nhiem-ky=\(termID)"
    }
}
