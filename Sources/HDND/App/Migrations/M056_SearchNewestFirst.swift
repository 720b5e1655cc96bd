import Fluent
import SQLKit

/// PostgreSQL: the search index also keyed by a band of entry ids (`SearchIndex.band`, `btree_gin` from M049), so that
/// a common phrase is looked for among the newest entries first. With the trigram index alone, every match was read and
/// sorted to show the newest 51: "nao vet cong ngo" matched 10.994 entries of 1.317.068 (`--scale 1`), 20 ms; the newest
/// bands hold enough of them in 3 ms. SQLite's full-text index already hands its matches newest first.
struct M056_SearchNewestFirst: AsyncMigration {
    static let name = "search_entries_band_trgm"

    func prepare(on db: any Database) async throws {
        guard !db.isSQLite else { return }
        try await db.sql.raw("""
            CREATE INDEX \(ident: Self.name) ON search_entries USING gin ((id / \(unsafeRaw: String(SearchIndex.band))), folded gin_trgm_ops)
            """).run()
    }

    func revert(on db: any Database) async throws {
        guard !db.isSQLite else { return }
        try await db.sql.drop(index: Self.name).run()
    }
}
