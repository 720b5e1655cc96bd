import Fluent
import Foundation
import SQLKit

/// Loads the official unit lists shipped in Resources/Units (see scripts/convert-units.py and
/// docs/units-attribution.md): the tree before 1 July 2025 (63 / 705 / 10,599), today's
/// (34 / 3,321), and which of today's communes each old commune became part of.
public enum UnitsImporter {
    public static let lastDayBefore2025 = "2025-06-30"
    public static let firstDayOf2025 = "2025-07-01"

    struct Row: Sendable {
        let code: String; let parent: String; let level: UnitLevel; let kind: UnitKind; let name: String
        /// For a 2025 province: the pre-2025 provinces it was formed from.
        let formedFrom: [String]
    }

    public struct Result: Sendable { public let legacy: Int; public let current: Int; public let successions: Int }

    static func read(_ file: String) throws -> [Row] {
        let text = try String(contentsOfFile: Resources.units + file, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 5, let level = UnitLevel(rawValue: f[2]), let kind = UnitKind(rawValue: f[3]) else { return nil }
            return Row(code: f[0], parent: f[1], level: level, kind: kind, name: f[4],
                       formedFrom: f.count > 5 ? f[5].split(separator: ",").map(String.init) : [])
        }
    }

    /// Periods without a council: the urban-government pilots (no HĐND at ward level in Hà Nội,
    /// none at district and ward level in Hồ Chí Minh City and Đà Nẵng) from 1 July 2021 until the 2025 reform.
    static func noCouncil(_ row: Row, province: String) -> String? {
        switch (province, row.level, row.kind) {
        case ("01", .commune, .phuong): "Thí điểm chính quyền đô thị, Nghị quyết 97/2019/QH14"
        case ("79", .district, _) where row.kind != .huyen: "Chính quyền đô thị, Nghị quyết 131/2020/QH14"
        case ("79", .commune, .phuong): "Chính quyền đô thị, Nghị quyết 131/2020/QH14"
        case ("48", .district, .quan), ("48", .commune, .phuong): "Thí điểm chính quyền đô thị, Nghị quyết 119/2020/QH14"
        default: nil
        }
    }

    /// Imports the lists (only `provinces` when given, e.g. ["01"] for Hà Nội). Does nothing when units exist.
    @discardableResult
    public static func run(on db: any Database, provinces: Set<String>? = nil,
                           progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Result? {
        if try await AdministrativeUnit.query(on: db).withDeleted().count() > 0 { return nil }
        let (legacy, current) = try selected(provinces)
        // A province untouched by the 2025 merger (formed from itself alone, same name) is one unit throughout.
        let untouched = Dictionary(current.filter { $0.level == .province && $0.formedFrom == [$0.code] }.map { ($0.code, $0.name) }) { a, _ in a }
        let unchanged = Set(legacy.filter { $0.level == .province && untouched[$0.code] == $0.name }.map(\.code))
        return try await write(legacy: legacy, current: current, unchanged: unchanged, on: db, progress: progress)
    }

    /// The rows to import: all, or the chosen provinces and everything under them.
    static func selected(_ provinces: Set<String>?) throws -> ([Row], [Row]) {
        var legacy = try read("units-legacy.tsv")
        var current = try read("units-2025.tsv")
        if let provinces {
            // Keep the chosen provinces and everything under them.
            var keep = provinces
            for row in legacy where keep.contains(row.parent) { keep.insert(row.code) }
            for row in legacy where keep.contains(row.parent) { keep.insert(row.code) }
            legacy = legacy.filter { keep.contains($0.code) && ($0.level != .province || provinces.contains($0.code)) }
            current = current.filter { $0.level == .province ? provinces.contains($0.code) : provinces.contains($0.parent) }
        }
        return (legacy, current)
    }

    static func write(legacy: [Row], current: [Row], unchanged: Set<String>, on db: any Database,
                      progress: @escaping @Sendable (String) -> Void) async throws -> Result {
        let currentProvinces = Set(current.filter { $0.level == .province }.map(\.code))
        return try await db.transaction { tx in
            let sql = tx.sql
            var legacyIDs: [String: Int] = [:], currentIDs: [String: Int] = [:]
            func insert(_ rows: [Row], parents: [String: Int], from: String?, to: String?) async throws -> [String: Int] {
                for chunk in stride(from: 0, to: rows.count, by: 400).map({ Array(rows[$0..<min($0 + 400, rows.count)]) }) {
                    var q = sql.insert(into: "units").columns("code", "name", "level", "kind", "parent_id", "path", "valid_from",
                                                              "valid_to", "folded", "version", "created_at")
                    for r in chunk {
                        q = q.values(SQLBind(r.code), SQLBind(r.name), SQLBind(r.level.rawValue), SQLBind(r.kind.rawValue),
                                     SQLBind(parents[r.parent]), SQLBind(""), SQLBind(from), SQLBind(to),
                                     SQLBind(fold("\(r.kind.label) \(r.name)")), SQLBind(1), SQLBind(Date()))
                    }
                    try await q.run()
                }
                struct IDRow: Decodable { let id: Int; let code: String }
                guard let level = rows.first?.level else { return [:] }
                let found = try await sql.raw("""
                    SELECT id, code FROM units WHERE level = \(bind: level.rawValue) \
                    AND COALESCE(valid_from, '') = \(bind: from ?? "") AND COALESCE(valid_to, '') = \(bind: to ?? "")
                    """).rows(IDRow.self)
                return Dictionary(found.map { ($0.code, $0.id) }) { a, _ in a }
            }
            let legacyProvinces = legacy.filter { $0.level == .province }
            let shared = try await insert(legacyProvinces.filter { unchanged.contains($0.code) }, parents: [:], from: nil, to: nil)
            legacyIDs.merge(shared) { a, _ in a }; currentIDs.merge(shared) { a, _ in a }
            legacyIDs.merge(try await insert(legacyProvinces.filter { !unchanged.contains($0.code) }, parents: [:],
                                             from: nil, to: lastDayBefore2025)) { a, _ in a }
            currentIDs.merge(try await insert(current.filter { $0.level == .province && !unchanged.contains($0.code) },
                                              parents: [:], from: firstDayOf2025, to: nil)) { a, _ in a }
            progress("Tỉnh, thành phố: \(legacyProvinces.count) trước 2025, \(currentProvinces.count) từ 01/07/2025")
            legacyIDs.merge(try await insert(legacy.filter { $0.level == .district }, parents: legacyIDs,
                                             from: nil, to: lastDayBefore2025)) { a, _ in a }
            let communeIDs = try await insert(legacy.filter { $0.level == .commune }, parents: legacyIDs, from: nil, to: lastDayBefore2025)
            legacyIDs.merge(communeIDs) { a, _ in a }
            progress("Trước 01/07/2025: \(legacy.filter { $0.level == .district }.count) quận, huyện; \(communeIDs.count) xã, phường")
            let newCommunes = try await insert(current.filter { $0.level == .commune }, parents: currentIDs, from: firstDayOf2025, to: nil)
            progress("Từ 01/07/2025: \(newCommunes.count) xã, phường, đặc khu")

            // Paths, from the root down.
            try await sql.raw("UPDATE units SET path = '/' || CAST(id AS TEXT) || '/' WHERE parent_id IS NULL").run()
            for _ in 0..<2 {
                try await sql.raw("""
                    UPDATE units SET path = (SELECT p.path FROM units p WHERE p.id = units.parent_id) || CAST(id AS TEXT) || '/' \
                    WHERE parent_id IS NOT NULL AND path = '' AND (SELECT p.path FROM units p WHERE p.id = units.parent_id) <> ''
                    """).run()
            }

            // Council periods of the urban-government pilots.
            let provinceOf: [String: String] = {
                var map: [String: String] = [:]
                for r in legacy where r.level == .district { map[r.code] = r.parent }
                for r in legacy where r.level == .commune { map[r.code] = map[r.parent] }
                return map
            }()
            var periods: [(Int, String)] = []
            for r in legacy where r.level != .province {
                if let province = provinceOf[r.code], let note = noCouncil(r, province: province), let id = legacyIDs[r.code] {
                    periods.append((id, note))
                }
            }
            for chunk in stride(from: 0, to: periods.count, by: 400).map({ Array(periods[$0..<min($0 + 400, periods.count)]) }) {
                var q = sql.insert(into: "unit_council_periods").columns("unit_id", "valid_from", "valid_to", "has_council", "note")
                for (id, note) in chunk {
                    q = q.values(SQLBind(id), SQLBind("2021-07-01"), SQLBind(lastDayBefore2025), SQLBind(false), SQLBind(note))
                }
                try await q.run()
            }

            // Old commune → new commune.
            let text = try String(contentsOfFile: Resources.units + "successions-2025.tsv", encoding: .utf8)
            var pairs: [(Int, Int, Bool)] = []
            for line in text.split(separator: "\n").dropFirst() {
                let f = line.split(separator: "\t").map(String.init)
                guard f.count == 3, let old = communeIDs[f[0]], let new = newCommunes[f[1]] else { continue }
                pairs.append((old, new, f[2] == "1"))
            }
            // Old province → the merged province it became part of.
            for province in current where province.level == .province && !unchanged.contains(province.code) {
                for old in province.formedFrom {
                    if let o = legacyIDs[old], let n = currentIDs[province.code], o != n { pairs.append((o, n, true)) }
                }
            }
            for chunk in stride(from: 0, to: pairs.count, by: 400).map({ Array(pairs[$0..<min($0 + 400, pairs.count)]) }) {
                var q = sql.insert(into: "unit_successions").columns("old_unit_id", "new_unit_id", "is_default")
                for (o, n, d) in chunk { q = q.values(SQLBind(o), SQLBind(n), SQLBind(d)) }
                try await q.run()
            }

            // Every unit is searchable by name.
            struct Searchable: Decodable { let id: Int; let path: String; let kind: UnitKind; let name: String; let code: String; let valid_to: String? }
            let all = try await sql.raw("SELECT id, path, kind, name, code, valid_to FROM units").rows(Searchable.self)
            for chunk in stride(from: 0, to: all.count, by: 400).map({ Array(all[$0..<min($0 + 400, all.count)]) }) {
                var q = sql.insert(into: SearchEntry.schema).columns("record_type", "record_id", "unit_path", "is_public", "title", "detail", "folded")
                for u in chunk {
                    let title = "\(u.kind.label) \(u.name)"
                    let detail = AdministrativeUnit.searchDetail(code: u.code, validTo: u.valid_to)
                    q = q.values(SQLBind(RecordKind.unit.rawValue), SQLBind(u.id), SQLBind(u.path), SQLBind(true),
                                 SQLBind(title), SQLBind(detail), SQLBind(fold(title + " " + detail)))
                }
                try await q.run()
            }
            return Result(legacy: legacy.count, current: current.count, successions: pairs.count)
        }
    }
}
