import Fluent

/// What else a council's work list and a delegate's own work read (recommendations, agencies, reception schedules and
/// duty, the holiday calendar, successions, targets) bump the figures' revision too, so that the home page's sections
/// are kept between requests (`FigureCache`).
struct M059_KeepWorklistRevision: AsyncMigration {
    func prepare(on db: any Database) async throws { try await FigureRevision.track(FigureRevision.countedByWorklist, on: db) }
    func revert(on db: any Database) async throws { try await FigureRevision.untrack(FigureRevision.countedByWorklist, on: db) }
}
