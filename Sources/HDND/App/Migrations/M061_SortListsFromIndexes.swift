import Fluent
import SQLKit

/// The orders a clerk chooses by a column header, read from indexes: a council's petitions by voters walk an index of
/// (council, voters, id) from its end and stop at the page; a council's letters by next deadline walk an index of
/// (council, next deadline, id) of the letters not deleted, those with a deadline and those without each in their
/// order. Before, a ward's 8.000 petitions and 2.400 letters were sorted with their rows for every page
/// (`PetitionQueries.listQuery`, `LetterQueries.fetchQuery`). The letters' index serves the overdue and due-this-week
/// filters and counts as the index it replaces did.
struct M061_SortListsFromIndexes: AsyncMigration {
    static let petitionsByVoters = "voter_petitions_council_id_voter_count_id_idx"
    static let lettersByDue = "letters_council_id_next_due_id_idx"

    func prepare(on db: any Database) async throws {
        try await db.sql.raw("""
            CREATE INDEX \(ident: Self.petitionsByVoters) ON voter_petitions (council_id, voter_count, id) WHERE deleted_at IS NULL
            """).run()
        try await db.sql.drop(index: "letters_council_id_next_due_idx").run()
        try await db.sql.raw("CREATE INDEX \(ident: Self.lettersByDue) ON letters (council_id, next_due, id) WHERE deleted_at IS NULL").run()
        for index in [Self.petitionsByVoters, Self.lettersByDue] { try await db.analyzeIfAnalyzed(index: index) }
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: Self.petitionsByVoters).run()
        try await db.sql.drop(index: Self.lettersByDue).run()
        try await db.index(Letter.schema, "council_id", "next_due")
    }
}
