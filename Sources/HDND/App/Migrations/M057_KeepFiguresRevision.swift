import Fluent

/// The revision of what the summary's figures count, bumped by triggers on every write to their tables, so that a
/// unit's summary is kept between requests and counted again only when the records changed (`FigureCache`).
struct M057_KeepFiguresRevision: AsyncMigration {
    func prepare(on db: any Database) async throws { try await FigureRevision.install(on: db) }
    func revert(on db: any Database) async throws { try await FigureRevision.uninstall(on: db) }
}
