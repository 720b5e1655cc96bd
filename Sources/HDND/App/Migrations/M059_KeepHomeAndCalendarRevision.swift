import Fluent

/// What else a council's work list, a delegate's own work and a council's calendar read (recommendations, agencies,
/// reception schedules and duty, the holiday calendar, successions, targets, work programs, conferences, trainings)
/// bump the figures' revision too, so that the home page's sections and the calendar are kept between requests
/// (`FigureCache`).
struct M059_KeepHomeAndCalendarRevision: AsyncMigration {
    func prepare(on db: any Database) async throws { try await FigureRevision.track(FigureRevision.readByHomeAndCalendar, on: db) }
    func revert(on db: any Database) async throws { try await FigureRevision.untrack(FigureRevision.readByHomeAndCalendar, on: db) }
}
