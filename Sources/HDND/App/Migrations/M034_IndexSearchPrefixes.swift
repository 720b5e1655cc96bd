import Fluent
import SQLKit

/// The search box matches every word as a prefix ("nao vet" finds "nạo vét"). SQLite's full-text index now also keeps
/// the prefixes of 2, 3 and 4 letters, so a prefix query reads one list instead of merging every word that begins
/// so: "nao vet cong ngo" over 1,3 million entries 34 ms → 2 ms. PostgreSQL searches by its trigram index, unchanged.
struct M034_IndexSearchPrefixes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await rebuild(prefix: ", prefix='2 3 4'", on: db)
    }

    func revert(on db: any Database) async throws {
        try await rebuild(prefix: "", on: db)
    }

    /// The entries' triggers (M006) write to the table by name, so they carry on with the new one.
    private func rebuild(prefix: String, on db: any Database) async throws {
        guard db.isSQLite else { return }
        try await db.sql.raw("DROP TABLE search_fts").run()
        try await db.sql.raw("""
            CREATE VIRTUAL TABLE search_fts USING fts5(folded, content='search_entries', content_rowid='id'\(unsafeRaw: prefix))
            """).run()
        try await db.sql.raw("INSERT INTO search_fts(search_fts) VALUES ('rebuild')").run()
    }
}
