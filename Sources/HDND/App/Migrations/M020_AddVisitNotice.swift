import Fluent

/// The day the citizen was told what became of a matter taken at a reception (Law on Citizen Reception 2013,
/// art. 28.1: within 10 working days).
struct M020_AddVisitNotice: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("reception_visits").field("notified_on", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("reception_visits").deleteField("notified_on").update()
    }
}
