import Fluent
import SQLKit

/// PostgreSQL: the trigram index of open petitions (M029) also keyed by council (`btree_gin`), so that a petition's
/// similar ones are looked up among its council's petitions only. With the text alone, a petition of common words
/// ("lấn chiếm vỉa hè tại cụm dân cư số 133") matched 261.000 petitions of the whole province in the index before its
/// council's were kept: 275 ms; with the council in the index, 90 ms (`--scale 1`, `EXPLAIN ANALYZE`). `btree_gin` is
/// a trusted extension shipped with PostgreSQL, as `pg_trgm` is. SQLite: nothing (its index is per council already).
struct M049_SimilarPetitionsByCouncil: AsyncMigration {
    func prepare(on db: any Database) async throws {
        guard !db.isSQLite else { return }
        // In `public`, not the first schema of the search path: an extension belongs to the whole database.
        try await db.sql.raw("CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public").run()
        try await db.sql.raw(SQLQueryString("""
            CREATE INDEX voter_petitions_similar_council_trgm ON voter_petitions USING gin (council_id, folded gin_trgm_ops) \
            WHERE \(M029_AddSimilarPetitionIndex.open(""))
            """)).run()
        try await db.sql.raw("DROP INDEX IF EXISTS voter_petitions_similar_trgm").run()
    }

    func revert(on db: any Database) async throws {
        guard !db.isSQLite else { return }
        try await db.sql.raw(SQLQueryString("""
            CREATE INDEX voter_petitions_similar_trgm ON voter_petitions USING gin (folded gin_trgm_ops) WHERE \(M029_AddSimilarPetitionIndex.open(""))
            """)).run()
        try await db.sql.raw("DROP INDEX IF EXISTS voter_petitions_similar_council_trgm").run()
    }
}
