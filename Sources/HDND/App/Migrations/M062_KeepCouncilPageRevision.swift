import Fluent

/// What a council's page reads besides the tables already tracked (its constituencies, its hand-overs) bumps the
/// figures' revision too, so that the page's records are kept between requests (`FigureCache`,
/// `DirectoryViews.councilPage`).
struct M062_KeepCouncilPageRevision: AsyncMigration {
    func prepare(on db: any Database) async throws { try await FigureRevision.track(FigureRevision.readByCouncilPage, on: db) }
    func revert(on db: any Database) async throws { try await FigureRevision.untrack(FigureRevision.readByCouncilPage, on: db) }
}
