import Fluent
import SQLKit

/// The records an audit entry points at by id (`councilID: 43`), named as a reader knows them ("HĐND phường Hai Bà
/// Trưng"), read for the whole page in one statement: one per kind of record was seven statements on a page of the log,
/// and on PostgreSQL each costs the application about 0,2 ms whatever it reads (issue 11).
struct AuditReferences {
    /// Which table a field's id points into, and how a row of it is named.
    enum Target: String, Hashable {
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

        /// SELECT '<target>' AS target, id, <name> AS name FROM … for the ids.
        func query(_ ids: [Int]) -> SQLQueryString {
            "SELECT '\(unsafeRaw: rawValue)' AS target, " + named(ids)
        }

        /// id, <name> AS name FROM … for the ids.
        private func named(_ ids: [Int]) -> SQLQueryString {
            let list: SQLQueryString = "\(binds: ids)"
            switch self {
            case .council: return "id, name FROM councils WHERE id IN (\(list))"
            case .unit: return "id, name FROM units WHERE id IN (\(list))"
            case .term: return "id, 'Khóa ' || CAST(ordinal AS TEXT) || ' (' || CAST(start_year AS TEXT) || ' - ' || CAST(end_year AS TEXT) || ')' AS name FROM terms WHERE id IN (\(list))"
            case .body: return "id, name FROM bodies WHERE id IN (\(list))"
            case .person: return "id, full_name AS name FROM people WHERE id IN (\(list))"
            case .organization: return "id, name FROM organizations WHERE id IN (\(list))"
            case .meeting: return "id, place || ', ' || date AS name FROM voter_meetings WHERE id IN (\(list))"
            case .schedule: return "id, name FROM reception_schedules WHERE id IN (\(list))"
            case .constituency: return "id, name FROM constituencies WHERE id IN (\(list))"
            case .letter: return "id, 'Đơn số ' || CAST(number AS TEXT) || '/' || CAST(year AS TEXT) AS name FROM letters WHERE id IN (\(list))"
            case .petition: return "id, content AS name FROM voter_petitions WHERE id IN (\(list))"
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
        // In a steady order, so that the same page is the same statement (PostgreSQL keeps its plan by its text).
        let parts = wanted.filter { !$0.value.isEmpty }.sorted { $0.key.rawValue < $1.key.rawValue }.map { $0.key.query($0.value.sorted()) }
        guard !parts.isEmpty else { return refs }
        struct Row: Decodable { let target: String; let id: Int; let name: String }
        for row in try await db.sql.raw(parts.joined(separator: " UNION ALL ")).rows(Row.self) {
            guard let target = Target(rawValue: row.target) else { continue }
            refs.names[target, default: [:]][row.id] = row.name
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
