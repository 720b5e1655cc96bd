import Fluent

/// A council's evaluation criteria bump the figures' revision too, so that its ranking of the year (the criteria, and
/// every subject's counts, score, row and bar) is kept between requests (`FigureCache`, `EvaluationController.ranked`).
struct M066_KeepEvaluationRevision: AsyncMigration {
    func prepare(on db: any Database) async throws { try await FigureRevision.track(FigureRevision.readByEvaluation, on: db) }
    func revert(on db: any Database) async throws { try await FigureRevision.untrack(FigureRevision.readByEvaluation, on: db) }
}
