import Fluent
import SQLKit

/// The index similar petitions are found from (`SimilarPetitions.suggestions`), over every open petition of a council
/// whatever its age. SQLite: an FTS5 table of the open petitions' folded words with the council as a token of its own
/// (`scope`, "c12"), kept by triggers on `voter_petitions` so that every way of writing (forms, imports, generated data)
/// keeps it. PostgreSQL: a trigram index on the open petitions' folded text.
/// The closed statuses are written into the triggers and the partial index: a change to `PetitionStatus.isClosed`
/// needs a migration that rewrites them.
struct M029_AddSimilarPetitionIndex: AsyncMigration {
    static var closed: String { PetitionStatus.allCases.filter(\.isClosed).map { "'\($0.rawValue)'" }.joined(separator: ", ") }

    func prepare(on db: any Database) async throws {
        /// The row (`new.` in a trigger, "" in a query) is an open petition.
        func open(_ row: String = "") -> String { "\(row)deleted_at IS NULL AND \(row)status NOT IN (\(Self.closed))" }
        let statements: [String]
        if db.isSQLite {
            let row = "new.id, new.folded, 'c' || new.council_id"
            statements = [
                "CREATE VIRTUAL TABLE petition_fts USING fts5(words, scope, content='', contentless_delete=1)",
                "CREATE TRIGGER voter_petitions_fts_ai AFTER INSERT ON voter_petitions WHEN \(open("new.")) "
                    + "BEGIN INSERT INTO petition_fts(rowid, words, scope) VALUES (\(row)); END",
                "CREATE TRIGGER voter_petitions_fts_au AFTER UPDATE OF folded, status, council_id, deleted_at ON voter_petitions BEGIN "
                    + "DELETE FROM petition_fts WHERE rowid = old.id; "
                    + "INSERT INTO petition_fts(rowid, words, scope) SELECT \(row) WHERE \(open("new.")); END",
                "CREATE TRIGGER voter_petitions_fts_ad AFTER DELETE ON voter_petitions BEGIN DELETE FROM petition_fts WHERE rowid = old.id; END",
                "INSERT INTO petition_fts(rowid, words, scope) SELECT id, folded, 'c' || council_id FROM voter_petitions WHERE \(open())",
            ]
        } else {
            statements = ["CREATE INDEX voter_petitions_similar_trgm ON voter_petitions USING gin (folded gin_trgm_ops) WHERE \(open())"]
        }
        for statement in statements { try await db.sql.raw(SQLQueryString(statement)).run() }
    }

    func revert(on db: any Database) async throws {
        if db.isSQLite {
            for name in ["voter_petitions_fts_ai", "voter_petitions_fts_au", "voter_petitions_fts_ad"] {
                try await db.sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name)").run()
            }
            try await db.sql.raw("DROP TABLE IF EXISTS petition_fts").run()
        } else {
            try await db.sql.raw("DROP INDEX IF EXISTS voter_petitions_similar_trgm").run()
        }
    }
}
