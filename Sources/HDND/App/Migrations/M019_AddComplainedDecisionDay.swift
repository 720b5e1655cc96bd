import Fluent

/// The day a complainant received or learned of what they complain about (round 1), or received the first-round
/// decision (round 2): the start of the 90-day limitation period (Law on Complaints 2011, art. 9) and of the window
/// for a second complaint (art. 33.1). A letter received after either is flagged, not refused.
struct M019_AddComplainedDecisionDay: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("letters").field("complained_decision_on", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("letters").deleteField("complained_decision_on").update()
    }
}
