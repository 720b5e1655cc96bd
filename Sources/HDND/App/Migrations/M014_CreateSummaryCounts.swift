import Fluent

/// Monthly counters of the summary's figures and the days of reception sessions, kept by triggers (see `SummaryCounters`), counted once for existing rows.
struct M014_CreateSummaryCounts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("summary_counts")
            .field("council_id", .int, .required).field("month", .string, .required).field("metric", .string, .required)
            .field("n", .int64, .required)
            .unique(on: "council_id", "month", "metric").create()
        // One metric over many months (the overdue as of a day) reads its own index range.
        try await db.index("summary_counts", "council_id", "metric", "month")
        try await db.schema("reception_days")
            .field("council_id", .int, .required).field("date", .string, .required).field("delegate_key", .int, .required)
            .field("visits", .int, .required)
            .unique(on: "council_id", "date", "delegate_key").create()
        // Each council's units (its own and those above) and their totals.
        try await db.schema("council_units")
            .field("council_id", .int, .required).field("unit_id", .int, .required)
            .unique(on: "council_id", "unit_id").create()
        try await db.schema("unit_counts")
            .field("unit_id", .int, .required).field("month", .string, .required).field("metric", .string, .required)
            .field("n", .int64, .required)
            .unique(on: "unit_id", "month", "metric").create()
        try await SummaryCounters.rebuild(on: db)
        try await SummaryCounters.createTriggers(on: db)
    }

    func revert(on db: any Database) async throws {
        try await SummaryCounters.dropTriggers(on: db)
        try await db.schema("unit_counts").delete()
        try await db.schema("council_units").delete()
        try await db.schema("reception_days").delete()
        try await db.schema("summary_counts").delete()
    }
}
