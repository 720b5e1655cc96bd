import Fluent
import SQLKit

/// One row per searchable record, holding its folded text. Indexed by FTS5 on SQLite
/// and by a pg_trgm GIN index on PostgreSQL (see the migration). Every area adds its records here.
public final class SearchEntry: Model, ListedFields, @unchecked Sendable {
    public static let schema = "search_entries"
    @ID(custom: .id) public var id: Int?
    @Field(key: "record_type") public var recordType: String
    @Field(key: "record_id") public var recordID: Int
    @Field(key: "unit_path") public var unitPath: String
    @Field(key: "is_public") public var isPublic: Bool
    @Field(key: "title") public var title: String
    @Field(key: "detail") public var detail: String
    @Field(key: "folded") public var folded: String
    public init() {}
    public var listedFields: [any AnyProperty] { [_id, _recordType, _recordID, _unitPath, _isPublic, _title, _detail, _folded] }
}

public struct SearchHit: Codable, Sendable {
    /// The index row, used as the paging cursor.
    public let entryID: Int
    public let recordType: String
    public let recordId: Int
    public let title: String
    public let detail: String
}

public enum SearchIndex {
    public static func put(on db: any Database, type: String, id: Int, unitPath: String, isPublic: Bool,
                           title: String, detail: String) async throws {
        let sql = db.sql
        try await sql.delete(from: SearchEntry.schema)
            .where("record_type", .equal, type).where("record_id", .equal, id).run()
        try await sql.insert(into: SearchEntry.schema)
            .columns("record_type", "record_id", "unit_path", "is_public", "title", "detail", "folded")
            .values(SQLBind(type), SQLBind(id), SQLBind(unitPath), SQLBind(isPublic), SQLBind(title), SQLBind(detail),
                    SQLBind(fold(title + " " + detail)))
            .run()
    }

    /// Indexes many rows of a citizens' table at once (imports, generated data): internal entries titled by
    /// the row's content. `unitPath` is an SQL expression (a bound path, or a subquery on `x.unit_id`).
    public static func putAll(on db: any Database, kind: RecordKind, table: String, unitPath: SQLQueryString,
                              where condition: SQLQueryString) async throws {
        try await db.sql.raw("""
            INSERT INTO search_entries (record_type, record_id, unit_path, is_public, title, detail, folded) \
            SELECT \(bind: kind.rawValue), x.id, \(unitPath), \(SQLLiteral.boolean(false)), x.content, \(bind: kind.label), x.folded \
            FROM \(ident: table) x WHERE \(condition)
            """).run()
    }

    public static func remove(on db: any Database, type: String, id: Int) async throws {
        try await db.sql.delete(from: SearchEntry.schema)
            .where("record_type", .equal, type).where("record_id", .equal, id).run()
    }

    /// Entry ids in bands of this many: PostgreSQL's search index is keyed by band too (M056), so the newest entries can
    /// be searched first.
    static let band = 65_536
    /// The bands of the newest entries searched before the rest (about 520.000 entries). A band costs PostgreSQL about
    /// 0,4 ms when the phrase is common, less when it is rare: a phrase found nowhere costs 0,5 ms for eight.
    static let newestBands = 8

    /// Records whose folded text contains every folded word of `query`, visible to whoever asks:
    /// public entries, plus internal ones under one of `unitPaths`. Newest first; `cursor` is the entry
    /// id of the last hit of the previous page.
    public static func search(on db: any Database, query: String, unitPaths: [String], limit: Int,
                              kind: RecordKind? = nil, cursor: Int? = nil) async throws -> [SearchHit] {
        guard !db.isSQLite, let newest = newestQuery(on: db, query: query, unitPaths: unitPaths, limit: limit, kind: kind, cursor: cursor) else {
            return try await searchQuery(on: db, query: query, unitPaths: unitPaths, limit: limit, kind: kind, cursor: cursor)?
                .rows(Row.self).map(\.hit) ?? []
        }
        // PostgreSQL: the trigram index finds every match, and a common phrase matches thousands, all read and sorted to
        // keep the newest. The newest bands first; the rest only when they hold less than a page (a rarer phrase: few
        // matches, cheap to sort), below the bands already searched.
        let recent = try await db.sql.raw(newest).rows(BandRow.self).sorted { $0.row.id > $1.row.id }
        guard recent.count < limit else { return recent.prefix(limit).map(\.row.hit) }
        let below = recent.first.map { max($0.top - newestBands + 1, 0) * band } ?? cursor
        let rest = searchQuery(on: db, query: query, unitPaths: unitPaths, limit: limit - recent.count, kind: kind, cursor: below)
        return recent.map(\.row.hit) + (try await rest?.rows(Row.self) ?? []).map(\.hit)
    }

    private struct Row: Decodable {
        let id: Int; let record_type: String; let record_id: Int; let title: String; let detail: String
        var hit: SearchHit { SearchHit(entryID: id, recordType: record_type, recordId: record_id, title: title, detail: detail) }
    }
    /// A hit of `newestQuery`, with the newest band searched.
    private struct BandRow: Decodable {
        let top: Int
        let row: Row
        private enum Key: CodingKey { case top }
        init(from decoder: any Decoder) throws {
            top = try decoder.container(keyedBy: Key.self).decode(Int.self, forKey: .top)
            row = try Row(from: decoder)
        }
    }

    /// The query of `search`; nil when the words are none.
    static func searchQuery(on db: any Database, query: String, unitPaths: [String], limit: Int,
                            kind: RecordKind? = nil, cursor: Int? = nil) -> SQLSelectBuilder? {
        let words = searchWords(query)
        guard !words.isEmpty else { return nil }
        let sql = db.sql
        var select = hitColumns(sql.select())
        // Newest first: by the full-text index's own row order on SQLite, so the newest matches are read first and the
        // search stops at `limit` visible ones instead of gathering every match (M034 indexes the prefixes).
        let newest: any SQLExpression
        if sql.dialect.name == "sqlite" {
            // FTS5 prefix query: every word must begin a word of the folded text.
            let match = words.map { "\"\($0)\"*" }.joined(separator: " ")
            select = select.from(SQLAlias(SQLIdentifier("search_fts"), as: SQLIdentifier("f")))
                .join(SQLAlias(SQLIdentifier(SearchEntry.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
                      on: SQLColumn("id", table: "e"), .equal, SQLColumn("rowid", table: "f"))
                .where(SQLQueryString("search_fts MATCH \(bind: match)"))
            newest = SQLColumn("rowid", table: "f")
        } else {
            select = select.from(SQLAlias(SQLIdentifier(SearchEntry.schema), as: SQLIdentifier("e")))
            newest = SQLColumn("id", table: "e")
        }
        select = visible(matching(select, words), unitPaths: unitPaths, kind: kind)
        if let cursor { select = select.where(newest, .lessThan, SQLBind(cursor)) }
        return select.orderBy(newest, SQLDirection.descending).limit(limit)
    }

    /// PostgreSQL: the newest `newestBands` bands of entries (below `cursor`), each band's newest `limit` matches from the
    /// index of bands (M056), one band after another until `limit` are found; each row with the newest band (`top`).
    static func newestQuery(on db: any Database, query: String, unitPaths: [String], limit: Int,
                            kind: RecordKind? = nil, cursor: Int? = nil) -> SQLQueryString? {
        let words = searchWords(query)
        guard !words.isEmpty else { return nil }
        var inBand = hitColumns(db.sql.select()).from(SQLAlias(SQLIdentifier(SearchEntry.schema), as: SQLIdentifier("e")))
            .where(SQLQueryString("e.id / \(unsafeRaw: String(band)) = b.band"))
        inBand = visible(matching(inBand, words), unitPaths: unitPaths, kind: kind)
        if let cursor { inBand = inBand.where(SQLColumn("id", table: "e"), .lessThan, SQLBind(cursor)) }
        inBand = inBand.orderBy(SQLColumn("id", table: "e"), SQLDirection.descending).limit(limit)
        let top: SQLQueryString = cursor.map { "\(bind: ($0 - 1) / band)" }
            ?? "(SELECT COALESCE(MAX(id), 0) / \(unsafeRaw: String(band)) FROM search_entries)"
        // Bands in turn from the newest (a nested loop: PostgreSQL stops at `limit` rows).
        return """
            WITH t AS MATERIALIZED (SELECT \(top) AS top) SELECT t.top, x.* FROM t \
            CROSS JOIN LATERAL generate_series(t.top, GREATEST(t.top - \(unsafeRaw: String(newestBands - 1)), 0), -1) AS b(band) \
            CROSS JOIN LATERAL (\(inBand.query)) x LIMIT \(unsafeRaw: String(limit))
            """
    }

    private static func hitColumns(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
        select.column(SQLColumn("id", table: "e")).column(SQLColumn("record_type", table: "e"))
            .column(SQLColumn("record_id", table: "e")).column(SQLColumn("title", table: "e"))
            .column(SQLColumn("detail", table: "e"))
    }

    /// PostgreSQL: every word somewhere in the folded text (the trigram indexes). SQLite matches in the full-text index.
    private static func matching(_ select: SQLSelectBuilder, _ words: [String]) -> SQLSelectBuilder {
        guard select.database.dialect.name != "sqlite" else { return select }
        var select = select
        for word in words { select = select.where(SQLColumn("folded", table: "e"), .like, SQLBind("%\(word)%")) }
        return select
    }

    /// Public entries, and internal ones under one of `unitPaths`; of one kind when asked.
    private static func visible(_ select: SQLSelectBuilder, unitPaths: [String], kind: RecordKind?) -> SQLSelectBuilder {
        var select = select.where { group in
            var g = group.where(SQLColumn("is_public", table: "e"), .equal, SQLLiteral.boolean(true))
            for path in unitPaths {
                g = g.orWhere(SQLColumn("unit_path", table: "e"), .like, SQLBind(path + "%"))
            }
            return g
        }
        if let kind { select = select.where(SQLColumn("record_type", table: "e"), .equal, SQLBind(kind.rawValue)) }
        return select
    }
}
