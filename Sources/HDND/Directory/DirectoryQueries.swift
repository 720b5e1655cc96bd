import Fluent
import SQLKit

/// Reads of councils, bodies, people and posts for pages and the API (SQLKit into small rows).
public enum DirectoryQueries {
    public struct MemberRow: Codable, Sendable {
        public let id: Int
        public let body_id: Int?
        public let organization_id: Int?
        public let person_id: Int
        public let full_name: String
        public let post: String
        public let rank: Int
        public let valid_from: String?
        public let valid_to: String?
    }

    /// Posts held in the given bodies (or one organization), chairman first.
    public static func members(bodyIDs: [Int] = [], organizationID: Int? = nil, db: any Database) async throws -> [MemberRow] {
        if bodyIDs.isEmpty && organizationID == nil { return [] }
        let where_: SQLQueryString = organizationID.map { "m.organization_id = \(bind: $0)" } ?? "m.body_id IN (\(binds: bodyIDs))"
        return try await db.sql.raw("""
            SELECT m.id, m.body_id, m.organization_id, m.person_id, p.full_name, m.post, m.rank, m.valid_from, m.valid_to \
            FROM memberships m JOIN people p ON p.id = m.person_id \
            WHERE \(where_) AND m.deleted_at IS NULL AND p.deleted_at IS NULL \
            ORDER BY m.rank, p.full_name, m.id
            """).rows(MemberRow.self)
    }

    public struct PostRow: Codable, Sendable {
        public let id: Int
        public let post: String
        public let valid_from: String?
        public let valid_to: String?
        public let body_id: Int?
        public let body_name: String?
        public let ordinal: Int?
        public let start_year: Int?
        public let end_year: Int?
        public let council_id: Int?
        public let council_name: String?
        public let organization_id: Int?
        public let organization_name: String?
    }

    /// Every post a person has held, latest first.
    public static func posts(personID: Int, db: any Database) async throws -> [PostRow] {
        try await db.sql.raw("""
            SELECT m.id, m.post, m.valid_from, m.valid_to, b.id AS body_id, b.name AS body_name, t.ordinal, \
            t.start_year, t.end_year, c.id AS council_id, c.name AS council_name, o.id AS organization_id, \
            o.name AS organization_name \
            FROM memberships m LEFT JOIN bodies b ON b.id = m.body_id LEFT JOIN terms t ON t.id = b.term_id \
            LEFT JOIN councils c ON c.id = b.council_id LEFT JOIN organizations o ON o.id = m.organization_id \
            WHERE m.person_id = \(bind: personID) AND m.deleted_at IS NULL \
            ORDER BY COALESCE(m.valid_from, '') DESC, m.rank, m.id
            """).rows(PostRow.self)
    }

    public struct OrganizationRow: Codable, Sendable {
        public let id: Int
        public let unit_id: Int
        public let kind: OrganizationKind
        public let name: String
        public let valid_from: String?
        public let valid_to: String?
    }

    public static func organizations(unitID: Int, db: any Database) async throws -> [OrganizationRow] {
        try await db.sql.raw("""
            SELECT id, unit_id, kind, name, valid_from, valid_to FROM organizations \
            WHERE unit_id = \(bind: unitID) AND deleted_at IS NULL ORDER BY kind, name
            """).rows(OrganizationRow.self)
    }

    /// The bodies a council may forward to: agencies and people's committees of its own unit and the units above it,
    /// alphabetical, each once. The unit path of the council decides ("/1/7/256/" covers units 1, 7 and 256).
    public static func agencies(forUnitID unitID: Int, db: any Database) async throws -> [OrganizationRow] {
        guard let unit = try await AdministrativeUnit.find(unitID, on: db) else { return [] }
        return try await agencies(forUnitPath: unit.path, db: db)
    }

    /// The same, kept between requests while the records stay the same (`FigureCache`: organizations bump the revision).
    static func agencies(forUnitPath path: String, kept: FigureCache, db: any Database) async throws -> [OrganizationRow] {
        try await kept.value("agencies \(path)", on: db) { try await agencies(forUnitPath: path, db: db) }
    }

    public static func agencies(forUnitPath path: String, db: any Database) async throws -> [OrganizationRow] {
        let above = AdministrativeUnit.ids(onPath: path)
        guard !above.isEmpty else { return [] }
        return try await db.sql.raw("""
            SELECT id, unit_id, kind, name, valid_from, valid_to FROM organizations \
            WHERE unit_id IN (\(binds: above)) AND kind IN (\(binds: [OrganizationKind.agency.rawValue, OrganizationKind.peoplesCommittee.rawValue])) \
            AND deleted_at IS NULL ORDER BY name, id
            """).rows(OrganizationRow.self)
    }

    public struct PersonOption: Decodable, Sendable { public let id: Int; public let full_name: String }

    /// The council's delegates, who receive citizens and are assigned to reception days: the people holding a post in
    /// its delegates, standing committee or a delegate group, in any term, alphabetical. The office's staff are not.
    /// The same, kept between requests while the records stay the same (`FigureCache`: people, memberships and bodies
    /// bump the revision).
    static func delegates(councilID: Int, kept: FigureCache, db: any Database) async throws -> [PersonOption] {
        try await kept.value("delegates \(councilID)", on: db) { try await delegates(councilID: councilID, db: db) }
    }

    public static func delegates(councilID: Int, db: any Database) async throws -> [PersonOption] {
        try await db.sql.raw("""
            SELECT DISTINCT p.id, p.full_name FROM people p JOIN memberships m ON m.person_id = p.id JOIN bodies b ON b.id = m.body_id \
            WHERE b.council_id = \(bind: councilID) AND b.kind IN (\(binds: [BodyKind.council, .standing, .delegateGroup].map(\.rawValue))) \
            AND p.deleted_at IS NULL AND m.deleted_at IS NULL AND b.deleted_at IS NULL ORDER BY p.full_name, p.id
            """).rows(PersonOption.self)
    }

    /// Every council's name by its id (removed ones too: their records still name them), kept between requests while the
    /// councils stay the same: a city's registers name the councils of their 50 rows on every page.
    static func councilNames(kept: FigureCache, db: any Database) async throws -> [Int: String] {
        try await names(of: "councils", kept: kept, db: db)
    }

    /// The names of the councils and organizations a list's rows name, by id (`councilNames`, and the same of every
    /// organization). A row read after the names were kept may name one added since (a request reads the revision
    /// once, first): then they are read again, not kept.
    static func names(councils: [Int], agencies: [Int], kept: FigureCache,
                      db: any Database) async throws -> (councils: [Int: String], agencies: [Int: String]) {
        var named = (councils: try await councilNames(kept: kept, db: db),
                     agencies: agencies.isEmpty ? [:] : try await names(of: "organizations", kept: kept, db: db))
        if councils.contains(where: { named.councils[$0] == nil }) { named.councils = try await names(of: "councils", kept: .none, db: db) }
        if agencies.contains(where: { named.agencies[$0] == nil }) {
            named.agencies = try await names(of: "organizations", kept: .none, db: db)
        }
        return named
    }

    /// Two columns read, not the models (a register with the councils below decoded 50 models a page, a sixth of its
    /// time on PostgreSQL).
    private static func names(of table: String, kept: FigureCache, db: any Database) async throws -> [Int: String] {
        struct Name: Decodable { let id: Int; let name: String }
        return try await kept.value("\(table) names", on: db) {
            Dictionary(uniqueKeysWithValues: try await db.sql.raw("SELECT id, name FROM \(ident: table)").rows(Name.self).map { ($0.id, $0.name) })
        }
    }

    /// Councils, or answering agencies, for a pick-list: today's first, alphabetical, then those whose unit (or own term
    /// of existence) ended, marked so — a clerk picks a current one without scrolling past history. Kept between requests
    /// while the councils, units and organizations stay the same (`FigureCache`: sorting 700 councils by their Vietnamese
    /// names took 1,1 ms of PostgreSQL's time).
    static func councilOptions(kept: FigureCache, db: any Database) async throws -> [Option] {
        try await kept.value("council options", on: db) { try await councilOptions(db: db) }
    }

    static func agencyOptions(kept: FigureCache, db: any Database) async throws -> [Option] {
        try await kept.value("agency options", on: db) { try await agencyOptions(db: db) }
    }

    /// An option's value and label.
    typealias Option = (value: String, label: String)

    private static func councilOptions(db: any Database) async throws -> [Option] {
        struct Row: Decodable { let id: Int; let name: String; let ended: String? }
        let rows = try await db.sql.raw("""
            SELECT c.id, c.name, u.valid_to AS ended FROM councils c JOIN units u ON u.id = c.unit_id WHERE c.deleted_at IS NULL \
            ORDER BY CASE WHEN u.valid_to IS NULL THEN 0 ELSE 1 END, c.name, c.id
            """).rows(Row.self)
        return rows.map { (String($0.id), $0.name + ($0.ended.map { " (đã kết thúc \(VietnameseFormat.date($0)))" } ?? "")) }
    }

    private static func agencyOptions(db: any Database) async throws -> [Option] {
        struct Row: Decodable { let id: Int; let name: String; let ended: String? }
        let rows = try await db.sql.raw("""
            SELECT o.id, o.name, COALESCE(o.valid_to, u.valid_to) AS ended FROM organizations o JOIN units u ON u.id = o.unit_id \
            WHERE o.deleted_at IS NULL AND o.kind IN (\(binds: [OrganizationKind.agency.rawValue, OrganizationKind.peoplesCommittee.rawValue])) \
            ORDER BY CASE WHEN COALESCE(o.valid_to, u.valid_to) IS NULL THEN 0 ELSE 1 END, o.name, o.id LIMIT 2000
            """).rows(Row.self)
        return rows.map { (String($0.id), $0.name + ($0.ended.map { " (đã kết thúc \(VietnameseFormat.date($0)))" } ?? "")) }
    }
}
