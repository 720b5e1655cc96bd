import Fluent
import SQLKit

/// SQLite: statistics taken when a new index's table was still empty (the migrations of a fresh database, before its
/// demo data) are dropped. They told the planner the index held no rows, so it chose that index for every query of the
/// table: a council's petition list, newest first, was read through the index by voters and sorted
/// (`QueryPlanTests`). `analyzeIfAnalyzed` no longer takes them; `ANALYZE` (as `hdnd demo --scale` runs) takes true ones.
struct M063_DropStatisticsOfEmptyTables: AsyncMigration {
    func prepare(on db: any Database) async throws {
        guard db.isSQLite, try await db.sql.raw("SELECT 1 AS n FROM sqlite_master WHERE name = 'sqlite_stat1'").first() != nil else { return }
        try await db.sql.raw("DELETE FROM sqlite_stat1 WHERE stat = '0' OR stat LIKE '0 %'").run()
        // The planner reads the statistics again.
        try await db.sql.raw("ANALYZE sqlite_schema").run()
    }

    func revert(on db: any Database) async throws {}
}
