import Fluent

extension Council: FormEditable {
    public static var kind: RecordKind { .council }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { name }
    public var auditSnapshot: [String: String] {
        ["unitID": String(unitID), "name": name, "petitionDueMode": petitionDueMode.rawValue, "petitionDueDays": String(petitionDueDays),
         "sessionNumerals": sessionNumerals.rawValue]
    }
    public var searchText: (title: String, detail: String)? { (name, "Hội đồng nhân dân") }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> Council {
        let c = Council()
        c.name = ""; c.folded = ""; c.version = 0
        c.unitID = query.id("unit", "unitID") ?? 0
        if let unit = try await AdministrativeUnit.find(c.unitID, on: db) { c.name = "HĐND \(unit.fullName.lowercasedFirst)" }
        return c
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        let unit = try await AdministrativeUnit.find(unitID, on: db)
        b.text("unitCode", "Mã đơn vị hành chính", unit?.code, required: true)
        b.text("name", "Tên Hội đồng", name, required: true, hint: "Ví dụ HĐND quận Hai Bà Trưng")
        b.select("petitionDueMode", "Hạn trả lời kiến nghị cử tri", petitionDueMode.rawValue,
                 options: PetitionDueMode.allCases.map { ($0.rawValue, $0.label) })
        b.text("petitionDueDays", "Số ngày", String(petitionDueDays), required: true,
               hint: "Trước kỳ họp: cơ quan trả lời trước ngày khai mạc bao nhiêu ngày (0 = trước một ngày). Theo số ngày: số ngày kể từ khi chuyển. Kiến nghị do Quốc hội chuyển luôn có hạn 60 ngày.",
               type: "number")
        b.select("sessionNumerals", "Cách ghi số kỳ họp", sessionNumerals.rawValue, options: SessionNumerals.allCases.map { ($0.rawValue, $0.label) })
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let code = v.text("unitCode", "Mã đơn vị hành chính", input["unitCode"], max: 10)
        let name = v.text("name", "Tên Hội đồng", input["name"], max: 200)
        let dueMode = v.choice("petitionDueMode", "Hạn trả lời kiến nghị", input["petitionDueMode"] ?? PetitionDueRule.standard.mode.rawValue,
                               as: PetitionDueMode.self)
        let numerals = v.choice("sessionNumerals", "Cách ghi số kỳ họp", input["sessionNumerals"] ?? SessionNumerals.arabic.rawValue, as: SessionNumerals.self)
        let dueDays = v.int("petitionDueDays", "Số ngày", input["petitionDueDays"] ?? "0", range: 0...365)
        if dueMode == .days, let d = dueDays, d < 1 { v.fail("petitionDueDays", "Hạn theo số ngày phải từ 01 ngày trở lên.") }
        var unit: UnitRow? = nil
        if !code.isEmpty {
            unit = try await UnitQueries.find(code: code, on: Day.today().description, db: db)
            if unit == nil {
                // An old unit keeps its code; find it at any date.
                if let old = try await AdministrativeUnit.query(on: db).filter(\.$code == code).sort(\.$id).first() {
                    unit = try await UnitQueries.find(id: old.id!, on: Day.today().description, db: db)
                }
            }
            if unit == nil { v.fail("unitCode", "Không có đơn vị hành chính mang mã \(code).") }
            else if let existing = try await Council.query(on: db).filter(\.$unitID == unit!.id).first(), existing.id != id {
                v.fail("unitCode", "Đơn vị này đã có Hội đồng nhân dân (\(existing.name)).")
            }
        }
        try v.check()
        unitID = unit!.id; self.name = name; folded = fold(name)
        petitionDueMode = dueMode!; petitionDueDays = dueDays!; sessionNumerals = numerals!
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.council.path(id!) }

    /// A council added, moved, removed or restored changes which units' totals its counts belong to.
    public func afterWrite(on db: any Database) async throws { try await SummaryCounters.refreshUnits(on: db) }
}

extension String {
    /// "Quận Hai Bà Trưng" → "quận Hai Bà Trưng", as it reads inside a name.
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
    /// "ngày 05 tháng 11 năm 2026" → "Ngày 05 tháng 11 năm 2026", opening a sentence or a heading.
    var uppercasedFirst: String { prefix(1).uppercased() + dropFirst() }
}
