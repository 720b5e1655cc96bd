import Fluent
import SQLKit

/// The similar-petition index's vocabulary (SQLite): how many of a council's open petitions hold each word, read by
/// `SimilarPetitions.rarest` to ask the index for the words that tell a petition apart. A view of the index, nothing
/// stored. PostgreSQL's trigram index needs none.
struct M041_AddPetitionVocabulary: AsyncMigration {
    func prepare(on db: any Database) async throws {
        guard db.isSQLite else { return }
        try await db.sql.raw("CREATE VIRTUAL TABLE petition_fts_vocab USING fts5vocab(petition_fts, 'row')").run()
    }

    func revert(on db: any Database) async throws {
        guard db.isSQLite else { return }
        try await db.sql.raw("DROP TABLE petition_fts_vocab").run()
    }
}
