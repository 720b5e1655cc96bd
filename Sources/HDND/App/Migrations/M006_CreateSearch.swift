import Fluent
import SQLKit

/// The search index: FTS5 over the folded text on SQLite, a trigram GIN index on PostgreSQL.
struct M006_CreateSearch: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("search_entries").intID()
            .field("record_type", .string, .required).field("record_id", .int, .required)
            .field("unit_path", .string, .required).field("is_public", .bool, .required)
            .field("title", .string, .required).field("detail", .string, .required)
            .field("folded", .string, .required).create()
        try await db.index("search_entries", "record_type", "record_id")
        if db.isSQLite {
            for statement in [
                "CREATE VIRTUAL TABLE search_fts USING fts5(folded, content='search_entries', content_rowid='id')",
                "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
                "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); END",
                "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
            ] { try await db.sql.raw(SQLQueryString(statement)).run() }
        } else {
            try await db.sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm").run()
            try await db.sql.raw("CREATE INDEX search_entries_folded_trgm ON search_entries USING gin (folded gin_trgm_ops)").run()
        }
    }

    func revert(on db: any Database) async throws {
        if db.isSQLite { try await db.sql.raw("DROP TABLE IF EXISTS search_fts").run() }
        try await db.schema("search_entries").delete()
    }
}
