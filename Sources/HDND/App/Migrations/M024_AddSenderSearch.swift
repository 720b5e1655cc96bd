import Fluent
import SQLKit

/// Senders' names folded (no diacritics, lower case), so that a letter can be found by who sent it (`SenderSearch`).
struct M024_AddSenderSearch: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addTextColumns("letter_senders", ["folded"])
        struct Row: Decodable { let id: Int; let full_name: String }
        for row in try await db.sql.raw("SELECT id, full_name FROM letter_senders").rows(Row.self) {
            try await db.sql.update("letter_senders").set("folded", to: fold(row.full_name)).where("id", .equal, row.id).run()
        }
    }

    func revert(on db: any Database) async throws { try await db.dropColumns("letter_senders", ["folded"]) }
}
