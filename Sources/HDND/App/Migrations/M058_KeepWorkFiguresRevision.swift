import Fluent

/// The council work's records (sessions, oversights, questions, hearings, standing meetings, tasks) and who a target
/// binds (terms, bodies, memberships, people) bump the figures' revision too, so that period reports, targets and
/// rankings are kept between requests like the summary (`FigureCache`).
struct M058_KeepWorkFiguresRevision: AsyncMigration {
    func prepare(on db: any Database) async throws { try await FigureRevision.track(FigureRevision.countedByWork, on: db) }
    func revert(on db: any Database) async throws { try await FigureRevision.untrack(FigureRevision.countedByWork, on: db) }
}
