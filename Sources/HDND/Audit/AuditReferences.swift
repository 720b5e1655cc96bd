import Fluent
import SQLKit

/// The records an audit entry points at by id (`councilID: 43`), named as a reader knows them ("HĐND phường Hai Bà
/// Trưng"), read in one query per kind of record for the whole page.
struct AuditReferences {
    /// Which table a field's id points into, and how a row of it is named.
    enum Target: Hashable {
        case council, unit, term, body, person, organization, meeting, schedule, constituency, letter, petition

        init?(field: String) {
            switch field {
            case "councilID", "toCouncilID": self = .council
            case "unitID", "parentID", "wardUnitID": self = .unit
            case "termID": self = .term
            case "bodyID": self = .body
            case "personID", "delegateID": self = .person
            case "organizationID", "agencyID": self = .organization
            case "meetingID": self = .meeting
            case "scheduleID": self = .schedule
            case "constituencyID": self = .constituency
            case "letterID", "duplicateOfID": self = .letter
            case "petitionID", "mergedIntoID": self = .petition
            default: return nil
            }
        }

        /// SELECT id, <name> AS name FROM … for the ids.
        func query(_ ids: [Int]) -> SQLQueryString {
            let list: SQLQueryString = "\(binds: ids)"
            switch self {
            case .council: return "SELECT id, name FROM councils WHERE id IN (\(list))"
            case .unit: return "SELECT id, name FROM units WHERE id IN (\(list))"
            case .term: return "SELECT id, 'Khóa ' || CAST(ordinal AS TEXT) || ' (' || CAST(start_year AS TEXT) || ' - ' || CAST(end_year AS TEXT) || ')' AS name FROM terms WHERE id IN (\(list))"
            case .body: return "SELECT id, name FROM bodies WHERE id IN (\(list))"
            case .person: return "SELECT id, full_name AS name FROM people WHERE id IN (\(list))"
            case .organization: return "SELECT id, name FROM organizations WHERE id IN (\(list))"
            case .meeting: return "SELECT id, place || ', ' || date AS name FROM voter_meetings WHERE id IN (\(list))"
            case .schedule: return "SELECT id, name FROM reception_schedules WHERE id IN (\(list))"
            case .constituency: return "SELECT id, name FROM constituencies WHERE id IN (\(list))"
            case .letter: return "SELECT id, 'Đơn số ' || CAST(number AS TEXT) || '/' || CAST(year AS TEXT) AS name FROM letters WHERE id IN (\(list))"
            case .petition: return "SELECT id, content AS name FROM voter_petitions WHERE id IN (\(list))"
            }
        }
    }

    private var names: [Target: [Int: String]] = [:]

    /// Reads the names of every record the entries' changes (each entry's, decoded once) point at.
    static func load(for changes: [[AuditChange]], db: any Database) async throws -> AuditReferences {
        var wanted: [Target: Set<Int>] = [:]
        for entry in changes {
            for c in entry {
                guard let target = Target(field: c.field) else { continue }
                for raw in [c.before, c.after] { if let id = raw.flatMap({ Int($0) }) { wanted[target, default: []].insert(id) } }
            }
        }
        var refs = AuditReferences()
        struct Row: Decodable { let id: Int; let name: String }
        for (target, ids) in wanted where !ids.isEmpty {
            let rows = try await db.sql.raw(target.query(Array(ids).sorted())).rows(Row.self)
            refs.names[target] = Dictionary(rows.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        }
        return refs
    }

    /// The name of what `field`'s value points at, or nil when it points at nothing known.
    func name(field: String, _ raw: String) -> String? {
        guard let target = Target(field: field), let id = Int(raw) else { return nil }
        guard let name = names[target]?[id] else { return "(đã xóa)" }
        switch target {
        case .meeting:
            // "Nhà văn hóa tổ 5, 2026-11-20" → "Nhà văn hóa tổ 5, 20/11/2026"
            guard let comma = name.range(of: ", ", options: .backwards) else { return name }
            return name[..<comma.lowerBound] + ", " + VietnameseFormat.date(String(name[comma.upperBound...]))
        case .petition: return "“" + (name.count > 80 ? name.prefix(80) + "…" : name) + "”"
        default: return name
        }
    }
}
