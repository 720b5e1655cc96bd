import Fluent

/// Monthly counters of the summary's figures, kept by triggers (see `SummaryCounters`), counted once for existing rows.
struct M014_CreateSummaryCounts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("summary_counts")
            .field("council_id", .int, .required).field("month", .string, .required).field("metric", .string, .required)
            .field("n", .int64, .required)
            .unique(on: "council_id", "month", "metric").create()
        try await SummaryCounters.rebuild(on: db)
        try await SummaryCounters.createTriggers(on: db)
    }

    func revert(on db: any Database) async throws {
        try await SummaryCounters.dropTriggers(on: db)
        try await db.schema("summary_counts").delete()
    }
}
