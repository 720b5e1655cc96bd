import Fluent
import SQLKit

/// In-app notifications (`Notification`), the e-mail address a daily digest goes to, and the person (a delegate) an
/// account belongs to, whose own activity its home page shows.
struct M026_CreateNotifications: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Notification.schema).intID()
            .field("user_id", .int, .required).field("kind", .string, .required).field("text", .string, .required)
            .field("href", .string, .required).field("event_key", .string, .required)
            .field("created_at", .datetime, .required).field("read_at", .datetime).field("emailed_at", .datetime)
            .unique(on: "user_id", "event_key").create()
        // The header's unread count and the list, newest first.
        try await db.index(Notification.schema, "user_id", "read_at")
        try await db.index(Notification.schema, "user_id", "id")
        try await db.addTextColumns("users", ["email"])
        try await db.schema("users").field("person_id", .int).update()
    }

    func revert(on db: any Database) async throws {
        try await db.dropColumns("users", ["email", "person_id"])
        try await db.schema(Notification.schema).delete()
    }
}
