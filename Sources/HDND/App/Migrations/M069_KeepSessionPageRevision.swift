import Fluent

/// A session's attendance, preparation, agenda and resolutions bump the figures' revision too, so that what a session's
/// page reads of them is kept between requests (`FigureCache`, `SessionsController.Records`).
struct M069_KeepSessionPageRevision: AsyncMigration {
    func prepare(on db: any Database) async throws { try await FigureRevision.track(FigureRevision.readBySessionPage, on: db) }
    func revert(on db: any Database) async throws { try await FigureRevision.untrack(FigureRevision.readBySessionPage, on: db) }
}
