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

    /// Records whose folded text contains every folded word of `query`, visible to whoever asks:
    /// public entries, plus internal ones under one of `unitPaths`. Newest first; `cursor` is the entry
    /// id of the last hit of the previous page.
    public static func search(on db: any Database, query: String, unitPaths: [String], limit: Int,
                              kind: RecordKind? = nil, cursor: Int? = nil) async throws -> [SearchHit] {
        guard let select = searchQuery(on: db, query: query, unitPaths: unitPaths, limit: limit, kind: kind, cursor: cursor) else { return [] }
        struct Row: Decodable { let id: Int; let record_type: String; let record_id: Int; let title: String; let detail: String }
        let rows = try await select.rows(Row.self)
        return rows.map { SearchHit(entryID: $0.id, recordType: $0.record_type, recordId: $0.record_id, title: $0.title, detail: $0.detail) }
    }

    /// The query of `search`; nil when the words are none.
    static func searchQuery(on db: any Database, query: String, unitPaths: [String], limit: Int,
                            kind: RecordKind? = nil, cursor: Int? = nil) -> SQLSelectBuilder? {
        let words = searchWords(query)
        guard !words.isEmpty else { return nil }
        let sql = db.sql
        var select = sql.select()
            .column(SQLColumn("id", table: "e")).column(SQLColumn("record_type", table: "e"))
            .column(SQLColumn("record_id", table: "e")).column(SQLColumn("title", table: "e"))
            .column(SQLColumn("detail", table: "e"))
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
            for word in words {
                select = select.where(SQLColumn("folded", table: "e"), .like, SQLBind("%\(word)%"))
            }
            newest = SQLColumn("id", table: "e")
        }
        select = select.where { group in
            var g = group.where(SQLColumn("is_public", table: "e"), .equal, SQLLiteral.boolean(true))
            for path in unitPaths {
                g = g.orWhere(SQLColumn("unit_path", table: "e"), .like, SQLBind(path + "%"))
            }
            return g
        }
        if let kind { select = select.where(SQLColumn("record_type", table: "e"), .equal, SQLBind(kind.rawValue)) }
        if let cursor { select = select.where(newest, .lessThan, SQLBind(cursor)) }
        return select.orderBy(newest, SQLDirection.descending).limit(limit)
    }
}
