import Fluent
import SQLKit

extension AdministrativeUnit: FormEditable {
    public static var kind: RecordKind { .unit }
    public var scopeUnitID: Int { id ?? parentID ?? 0 }
    public var displayName: String { fullName }
    public var auditSnapshot: [String: String] {
        ["code": code, "name": name, "level": level.rawValue, "kind": kind.rawValue,
         "parentID": parentID.map(String.init) ?? "", "validFrom": validFrom ?? "", "validTo": validTo ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (fullName, Self.searchDetail(code: code, validTo: validTo)) }

    /// The line under a unit in search results; the importer writes the same for the units it loads.
    static func searchDetail(code: String, validTo: String?) -> String {
        "Mã \(code)" + (validTo.map { " · đến \(VietnameseFormat.date($0))" } ?? "")
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> AdministrativeUnit {
        let unit = AdministrativeUnit()
        unit.code = ""; unit.name = ""; unit.level = .commune; unit.kind = .phuong; unit.path = ""; unit.folded = ""
        unit.version = 0
        if let p = query["parent"].flatMap(Int.init), let parent = try await AdministrativeUnit.find(p, on: db) {
            unit.parentID = parent.id
            unit.level = parent.level == .province ? .district : .commune
        }
        return unit
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        var parentCode: String? = nil
        if let parentID, let parent = try await AdministrativeUnit.find(parentID, on: db) { parentCode = parent.code }
        b.text("code", "Mã đơn vị (mã thống kê)", code, required: true, hint: "Ví dụ 00256")
        b.text("name", "Tên (không kèm loại đơn vị)", name, required: true, hint: "Ví dụ Hai Bà Trưng")
        b.select("level", "Cấp", level.rawValue, options: FormBuilder.choices(UnitLevel.self) { $0.label })
        b.select("kind", "Loại đơn vị", kind.rawValue, options: FormBuilder.choices(UnitKind.self) { $0.label })
        b.text("parentCode", "Mã đơn vị cấp trên", parentCode, hint: "Để trống với cấp tỉnh")
        b.day("validFrom", "Hiệu lực từ ngày", validFrom)
        b.day("validTo", "Hiệu lực đến ngày", validTo)
    }

    static func kinds(for level: UnitLevel) -> [UnitKind] {
        switch level {
        case .province: [.thanhpho, .tinh]
        case .district: [.quan, .huyen, .thixa, .thanhpho]
        case .commune: [.phuong, .xa, .thitran, .dackhu]
        }
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let code = v.text("code", "Mã đơn vị", input["code"], max: 10)
        if !code.isEmpty && !code.allSatisfy(\.isNumber) { v.fail("code", "Mã đơn vị chỉ gồm chữ số.") }
        let name = v.text("name", "Tên", input["name"], max: 120)
        let level = v.choice("level", "Cấp", input["level"], as: UnitLevel.self)
        let kind = v.choice("kind", "Loại đơn vị", input["kind"], as: UnitKind.self)
        if let level, let kind, !Self.kinds(for: level).contains(kind) {
            v.fail("kind", "\(kind.label) không phải là đơn vị \(level.label.lowercased()).")
        }
        let from = v.day("validFrom", "Ngày bắt đầu hiệu lực", input["validFrom"])
        let to = v.day("validTo", "Ngày hết hiệu lực", input["validTo"])
        v.order(from, to, field: "validTo", "Ngày hết hiệu lực phải sau ngày bắt đầu.")
        var parent: UnitRow? = nil
        let parentCode = (input["parentCode"] ?? "").trimmingCharacters(in: .whitespaces)
        if level == .province, !parentCode.isEmpty {
            v.fail("parentCode", "Đơn vị cấp tỉnh không có đơn vị cấp trên.")
        } else if let level, level != .province {
            if parentCode.isEmpty {
                v.fail("parentCode", "Hãy nhập mã đơn vị cấp trên.")
            } else {
                parent = try await UnitQueries.find(code: parentCode, on: from ?? Day.today().description, db: db)
                if parent == nil { v.fail("parentCode", "Không có đơn vị nào mang mã \(parentCode) vào thời điểm hiệu lực.") }
                else if parent!.level == .commune || (level == .district && parent!.level != .province) {
                    v.fail("parentCode", "Đơn vị cấp trên phải ở cấp cao hơn.")
                } else if let id, parent!.path.contains("/\(id)/") {
                    v.fail("parentCode", "Không thể đặt một đơn vị làm cấp dưới của chính nó.")
                }
            }
        }
        try v.check()
        self.code = code; self.name = name; self.level = level!; self.kind = kind!
        self.parentID = parent?.id; self.validFrom = from; self.validTo = to
        self.folded = fold("\(kind!.label) \(name)")
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.unit.path(id!) }

    /// A unit moved in the tree moves the totals of the councils under it.
    public func afterWrite(on db: any Database) async throws { try await SummaryCounters.refreshUnits(on: db) }

    public func afterInsert(actor: Actor?, on db: any Database) async throws { try await updatePaths(on: db) }
    public func afterSave(actor: Actor?, on db: any Database) async throws { try await updatePaths(on: db) }

    /// Sets this unit's path from its parent's and carries a change down the subtree.
    func updatePaths(on db: any Database) async throws {
        var newPath = "/\(id!)/"
        if let parentID, let parent = try await AdministrativeUnit.find(parentID, on: db) { newPath = parent.path + "\(id!)/" }
        let old = path
        guard old != newPath else { return }
        path = newPath
        let sql = db.sql
        try await sql.update("units").set("path", to: newPath).where("id", .equal, id!).run()
        if !old.isEmpty {
            try await sql.raw("""
                UPDATE units SET path = \(bind: newPath) || substr(path, \(bind: old.count + 1)) \
                WHERE path LIKE \(bind: old + "%") AND id <> \(bind: id!)
                """).run()
        }
    }
}
