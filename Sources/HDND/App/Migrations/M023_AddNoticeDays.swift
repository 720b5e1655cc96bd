import Fluent

/// The days each notice and decision was sent, and the forwarded case's result: what the remaining legal time limits
/// are met by (docs/legal-deadlines.md). On reception schedules: an online reception and the day it was announced
/// (Decree 154/2026, art. 23.1).
struct M023_AddNoticeDays: AsyncMigration {
    static let letterColumns = ["forwarded_on", "notice_sent_on", "suspension_sent_on", "resumption_sent_on", "decision_sent_on",
                                "dialogue_on", "dialogue_notified_on", "result_resolved_on", "result_received_on", "citizen_notified_on"]

    func prepare(on db: any Database) async throws {
        try await db.addTextColumns("letters", Self.letterColumns)
        try await db.schema("reception_schedules").field("online", .bool, .required, .sql(.default(false))).update()
        try await db.addTextColumns("reception_schedules", ["announced_on"])
    }

    func revert(on db: any Database) async throws {
        try await db.dropColumns("letters", Self.letterColumns)
        try await db.dropColumns("reception_schedules", ["online", "announced_on"])
    }
}
