import Fluent
import SQLKit

/// Words to find by, folded (no diacritics, lower case): an audit entry by its summary and who made it, an account by
/// its user name and full name, a notification by its text. Rows already written are folded here, a thousand at a time.
struct M027_AddListSearch: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addTextColumns(AuditEntry.schema, ["folded"])
        try await db.addTextColumns(User.schema, ["folded"])
        try await db.addTextColumns(Notification.schema, ["folded"])
        struct Note: Decodable { let id: Int; let text: String }
        for row in try await db.sql.raw("SELECT id, text FROM notifications").rows(Note.self) {
            try await db.sql.update(Notification.schema).set("folded", to: fold(row.text)).where("id", .equal, row.id).run()
        }
        struct Entry: Decodable { let id: Int; let summary: String; let actor_name: String }
        var after = 0
        while true {
            let rows = try await db.sql.raw("""
                SELECT id, summary, actor_name FROM audit_entries WHERE id > \(bind: after) ORDER BY id LIMIT 1000
                """).rows(Entry.self)
            for row in rows {
                try await db.sql.update(AuditEntry.schema).set("folded", to: Audit.folded(summary: row.summary, actorName: row.actor_name))
                    .where("id", .equal, row.id).run()
            }
            guard let last = rows.last else { break }
            after = last.id
        }
        struct Account: Decodable { let id: Int; let username: String; let full_name: String }
        for row in try await db.sql.raw("SELECT id, username, full_name FROM users").rows(Account.self) {
            try await db.sql.update(User.schema).set("folded", to: User.folded(username: row.username, fullName: row.full_name))
                .where("id", .equal, row.id).run()
        }
    }

    func revert(on db: any Database) async throws {
        try await db.dropColumns(AuditEntry.schema, ["folded"])
        try await db.dropColumns(User.schema, ["folded"])
        try await db.dropColumns(Notification.schema, ["folded"])
    }
}
