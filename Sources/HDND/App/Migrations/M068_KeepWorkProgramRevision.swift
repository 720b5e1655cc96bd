import Fluent

/// The links of a work program's items to the records that carry them out bump the figures' revision too, so that a
/// program's page (its items, links and targets) is kept between requests (`FigureCache`, `WorkProgramController.Loaded`).
struct M068_KeepWorkProgramRevision: AsyncMigration {
    func prepare(on db: any Database) async throws { try await FigureRevision.track(FigureRevision.readByWorkProgram, on: db) }
    func revert(on db: any Database) async throws { try await FigureRevision.untrack(FigureRevision.readByWorkProgram, on: db) }
}
