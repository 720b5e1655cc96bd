import Fluent

extension Person: FormEditable {
    public static var kind: RecordKind { .person }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { fullName }
    public var auditSnapshot: [String: String] {
        ["unitID": String(unitID), "fullName": fullName, "gender": gender?.rawValue ?? "",
         "birthYear": birthYear.map(String.init) ?? "", "note": note ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (fullName, "Cá nhân") }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> Person {
        let p = Person()
        p.unitID = 0
        if let cid = query.id("council", "councilID"), let council = try await Council.find(cid, on: db) {
            p.unitID = council.unitID
        }
        p.fullName = ""; p.folded = ""; p.version = 0
        return p
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        let council = try await Council.query(on: db).filter(\.$unitID == unitID).first()
        b.hidden("councilID", council.map { String($0.id!) } ?? "")
        b.text("fullName", "Họ và tên", fullName, required: true)
        b.select("gender", "Giới tính", gender?.rawValue, options: FormBuilder.choices(Gender.self) { $0.label },
                 required: false, blank: "— Không ghi —")
        b.text("birthYear", "Năm sinh", birthYear.map(String.init), type: "number")
        b.textarea("note", "Ghi chú", note)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let name = v.text("fullName", "Họ và tên", input["fullName"], max: 120)
        var gender: Gender? = nil
        if let raw = input["gender"], !raw.isEmpty {
            gender = Gender(rawValue: raw)
            if gender == nil { v.fail("gender", "Giới tính không hợp lệ.") }
        }
        let year = v.int("birthYear", "Năm sinh", input["birthYear"], range: 1900...Day.today().year, required: false)
        let note = v.optionalText("note", "Ghi chú", input["note"], max: 2000)
        try v.check()
        unitID = council!.unitID; fullName = name; self.gender = gender; birthYear = year; self.note = note
        folded = fold(name)
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.person.path(id!) }
}

extension Organization: FormEditable {
    public static var kind: RecordKind { .organization }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { name }
    public var auditSnapshot: [String: String] {
        ["unitID": String(unitID), "kind": kind.rawValue, "name": name, "validFrom": validFrom ?? "", "validTo": validTo ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (name, kind.label) }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> Organization {
        let o = Organization()
        o.unitID = query.id("unit", "unitID") ?? 0
        o.kind = OrganizationKind(rawValue: query["kind"] ?? "") ?? .agency
        o.name = ""; o.folded = ""; o.version = 0
        return o
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("unitID", String(unitID))
        b.select("kind", "Loại", kind.rawValue, options: FormBuilder.choices(OrganizationKind.self) { $0.label })
        b.text("name", "Tên", name, required: true, hint: "Ví dụ UBND quận Hoàn Kiếm, Công ty Điện lực Hoàn Kiếm")
        b.day("validFrom", "Hoạt động từ ngày", validFrom)
        b.day("validTo", "Hoạt động đến ngày", validTo)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        var unit: AdministrativeUnit? = nil
        if let uid = input["unitID"].flatMap({ Int($0) }) { unit = try await AdministrativeUnit.find(uid, on: db) }
        if unit == nil { v.fail("unitID", "Không tìm thấy đơn vị hành chính của tổ chức.") }
        let kind = v.choice("kind", "Loại", input["kind"], as: OrganizationKind.self)
        let name = v.text("name", "Tên", input["name"], max: 200)
        let from = v.day("validFrom", "Ngày bắt đầu", input["validFrom"])
        let to = v.day("validTo", "Ngày kết thúc", input["validTo"])
        v.order(from, to, field: "validTo", "Ngày kết thúc phải sau ngày bắt đầu.")
        try v.check()
        unitID = unit!.id!; self.kind = kind!; self.name = name; validFrom = from; validTo = to; folded = fold(name)
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.organization.path(id!) }
}
