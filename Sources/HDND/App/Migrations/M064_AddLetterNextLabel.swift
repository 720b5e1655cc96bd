import Fluent
import SQLKit

/// Each letter's next deadline stored with its label (`LetterDue`), so that a register's page reads a few columns of each
/// letter and computes no deadlines; every letter's pair computed again (M028 left the day to this migration).
struct M064_AddLetterNextLabel: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addTextColumns(Letter.schema, ["next_label"])
        try await LetterDue.refresh("1 = 1", on: db)
    }

    func revert(on db: any Database) async throws {
        try await db.dropColumns(Letter.schema, ["next_label"])
    }
}
