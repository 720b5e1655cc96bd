import Fluent
import SQLKit

/// PostgreSQL: the search index keyed by band (M056) also serves a search by the folded text alone (a GIN index over
/// several columns is read by any of them), so the trigram index of the folded text alone (M006) is dropped: it was
/// built again after each bulk load (about 12 s of `hdnd demo --scale 1`) and written on every entry.
struct M070_OneSearchTrigramIndex: AsyncMigration {
    static let name = "search_entries_folded_trgm"

    func prepare(on db: any Database) async throws {
        guard !db.isSQLite else { return }
        try await db.sql.raw("DROP INDEX IF EXISTS \(ident: Self.name)").run()
    }

    func revert(on db: any Database) async throws {
        guard !db.isSQLite else { return }
        try await db.sql.raw("CREATE INDEX \(ident: Self.name) ON search_entries USING gin (folded gin_trgm_ops)").run()
    }
}
