import Fluent
import SQLKit

/// A unit as lists and the API show it.
public struct UnitRow: Codable, Sendable {
    public let id: Int
    public let code: String
    public let name: String
    public let level: UnitLevel
    public let kind: UnitKind
    public let parent_id: Int?
    public let parent_code: String?
    public let path: String
    public let valid_from: String?
    public let valid_to: String?
    public let has_council: Bool
    public let council_id: Int?
    public let child_count: Int

    public var fullName: String { kind.fullName(name) }
}

/// Reads of the unit tree as of a day, through SQLKit.
public enum UnitQueries {
    /// "valid on day" for the alias `u`; open ends count as always.
    static func validOn(_ alias: String, _ day: String) -> SQLQueryString {
        "(\(ident: alias).valid_from IS NULL OR \(ident: alias).valid_from <= \(bind: day)) AND (\(ident: alias).valid_to IS NULL OR \(ident: alias).valid_to >= \(bind: day)) AND \(ident: alias).deleted_at IS NULL"
    }

    /// The council of the unit `u` (the first, should a unit ever have two).
    static let councilOfUnit = "(SELECT MIN(c.id) FROM councils c WHERE c.unit_id = u.id AND c.deleted_at IS NULL)"

    static func select(_ sql: any SQLDatabase, on day: String, onlyValid: Bool = true) -> SQLSelectBuilder {
        let q = sql.select()
            .column(SQLColumn("id", table: "u")).column(SQLColumn("code", table: "u"))
            .column(SQLColumn("name", table: "u")).column(SQLColumn("level", table: "u"))
            .column(SQLColumn("kind", table: "u")).column(SQLColumn("parent_id", table: "u"))
            .column(SQLColumn("path", table: "u"))
            .column(SQLAlias(SQLRaw("(SELECT pu.code FROM units pu WHERE pu.id = u.parent_id)"), as: SQLIdentifier("parent_code")))
            .column(SQLColumn("valid_from", table: "u")).column(SQLColumn("valid_to", table: "u"))
            .column(SQLAlias(SQLQueryString("""
                (CASE WHEN EXISTS (SELECT 1 FROM unit_council_periods p WHERE p.unit_id = u.id AND p.has_council = \(SQLLiteral.boolean(false)) \
                AND (p.valid_from IS NULL OR p.valid_from <= \(bind: day)) AND (p.valid_to IS NULL OR p.valid_to >= \(bind: day))) \
                THEN \(SQLLiteral.boolean(false)) ELSE \(SQLLiteral.boolean(true)) END)
                """), as: SQLIdentifier("has_council")))
            .column(SQLAlias(SQLRaw(councilOfUnit), as: SQLIdentifier("council_id")))
            .column(SQLAlias(SQLQueryString("(SELECT COUNT(*) FROM units ch WHERE ch.parent_id = u.id AND \(validOn("ch", day)))"),
                             as: SQLIdentifier("child_count")))
            .from(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("u")))
        return onlyValid ? q.where(validOn("u", day)) : q
    }

    /// A unit directly below another and its council: what reports and targets add up, without a listing's columns.
    public struct Below: Decodable, Sendable {
        public let id: Int
        public let name: String
        public let kind: UnitKind
        public let level: UnitLevel
        public let council_id: Int?
        public let council_name: String?
        public var fullName: String { kind.fullName(name) }
    }

    /// The units directly below `unitID` as the tree stood on `day`, in official code order, each with its council.
    public static func below(_ unitID: Int, on day: String, db: any Database) async throws -> [Below] {
        try await db.sql.raw("""
            SELECT u.id, u.name, u.kind, u.level, uc.id AS council_id, uc.name AS council_name FROM units u \
            LEFT JOIN councils uc ON uc.id = \(unsafeRaw: councilOfUnit) \
            WHERE u.parent_id = \(bind: unitID) AND \(validOn("u", day)) ORDER BY u.code
            """).rows(Below.self)
    }

    /// Children of `parentID` (the provinces when nil) valid on `day`, in official code order,
    /// after the code `after` (keyset pagination).
    public static func children(of parentID: Int?, on day: String, after: String? = nil, limit: Int = 1000,
                                db: any Database) async throws -> [UnitRow] {
        var f = Listing(parentID: parentID, day: day)
        f.after = after
        return try await list(f, limit: limit, db: db)
    }

    /// What a list of units shows: the children of a unit (the provinces when none) valid on a day or, with words,
    /// every unit below it whose name holds them (diacritics optional); a page after or before a code.
    public struct Listing: Sendable {
        public var parentID: Int?
        /// The parent's path, for finding by words at every depth below it.
        public var parentPath: String?
        public var day: String
        public var keyword = ""
        public var after: String?
        public var before: String?
        public init(parentID: Int?, day: String) { self.parentID = parentID; self.day = day }
    }

    static func filtered(_ q: SQLSelectBuilder, _ f: Listing) -> SQLSelectBuilder {
        let words = searchWords(f.keyword)
        var q = q
        if words.isEmpty {
            if let parentID = f.parentID { q = q.where(SQLColumn("parent_id", table: "u"), .equal, SQLBind(parentID)) }
            else { q = q.where(SQLColumn("parent_id", table: "u"), .is, SQLLiteral.null) }
        } else if let path = f.parentPath, let parentID = f.parentID {
            q = q.where(SQLColumn("path", table: "u"), .like, SQLBind(path + "%")).where(SQLColumn("id", table: "u"), .notEqual, SQLBind(parentID))
        }
        for word in words { q = q.where(SQLColumn("folded", table: "u"), .like, SQLBind("%\(word)%")) }
        return q
    }

    /// Up to `limit` units in code order (going back from `before`: the ones just before it, still in code order).
    public static func list(_ f: Listing, limit: Int, db: any Database) async throws -> [UnitRow] {
        var q = filtered(select(db.sql, on: f.day), f)
        if let before = f.before {
            q = q.where(SQLColumn("code", table: "u"), .lessThan, SQLBind(before))
            return Array(try await q.orderBy(SQLOrderBy(expression: SQLColumn("code", table: "u"), direction: SQLDirection.descending)).limit(limit).rows(UnitRow.self).reversed())
        }
        if let after = f.after { q = q.where(SQLColumn("code", table: "u"), .greaterThan, SQLBind(after)) }
        return try await q.orderBy(SQLColumn("code", table: "u")).limit(limit).rows(UnitRow.self)
    }

    public static func count(_ f: Listing, db: any Database) async throws -> Int {
        struct N: Decodable { let n: Int }
        let q = filtered(db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("u"))).where(validOn("u", f.day)), f)
        return try await q.firstRow(N.self)?.n ?? 0
    }

    /// The unit with this official code on `day` (codes are reused across the 2025 reorganisation).
    public static func find(code: String, on day: String, db: any Database) async throws -> UnitRow? {
        let sql = db.sql
        return try await select(sql, on: day).where(SQLColumn("code", table: "u"), .equal, SQLBind(code))
            .orderBy(SQLColumn("id", table: "u")).limit(1).firstRow(UnitRow.self)
    }

    public static func find(id: Int, on day: String, db: any Database) async throws -> UnitRow? {
        // Any validity: a page about an old unit still opens; `day` only decides has_council and children.
        try await select(db.sql, on: day, onlyValid: false)
            .where(SQLColumn("id", table: "u"), .equal, SQLBind(id))
            .where(SQLColumn("deleted_at", table: "u"), .is, SQLLiteral.null)
            .firstRow(UnitRow.self)
    }

    /// The units on a path, root first: breadcrumbs.
    public static func ancestors(path: String, db: any Database) async throws -> [AdministrativeUnit] {
        let ids = AdministrativeUnit.ids(onPath: path)
        guard !ids.isEmpty else { return [] }
        let units = try await AdministrativeUnit.query(on: db).withDeleted().filter(\.$id ~~ ids).all()
        return ids.compactMap { id in units.first { $0.id == id } }
    }

    /// Periods in which the unit had no council, for its page.
    public static func councilPeriods(unitID: Int, db: any Database) async throws -> [UnitCouncilPeriod] {
        try await UnitCouncilPeriod.query(on: db).filter(\.$unitID == unitID).sort(\.$validFrom).all()
    }

    public struct SuccessionRow: Codable, Sendable {
        public let id: Int, code: String, name: String, kind: UnitKind, is_default: Bool
    }

    /// What a pre-2025 commune became (`forward`) or what today's commune was made of.
    public static func successions(unitID: Int, forward: Bool, db: any Database) async throws -> [SuccessionRow] {
        let sql = db.sql
        let (mine, other) = forward ? ("old_unit_id", "new_unit_id") : ("new_unit_id", "old_unit_id")
        return try await sql.raw("""
            SELECT u.id, u.code, u.name, u.kind, s.is_default FROM unit_successions s \
            JOIN units u ON u.id = s.\(unsafeRaw: other) WHERE s.\(unsafeRaw: mine) = \(bind: unitID) ORDER BY u.code
            """).rows(SuccessionRow.self)
    }

    /// The units today's communes were made of a unit's children: where a district, abolished with its level, went.
    public static func successorsOfChildren(unitID: Int, db: any Database) async throws -> [Int] {
        struct Row: Decodable { let id: Int }
        return try await db.sql.raw("""
            SELECT DISTINCT s.new_unit_id AS id FROM unit_successions s JOIN units w ON w.id = s.old_unit_id \
            WHERE w.parent_id = \(bind: unitID) ORDER BY s.new_unit_id
            """).rows(Row.self).map(\.id)
    }
}
