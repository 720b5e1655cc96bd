import Fluent
import SQLKit

/// The index similar petitions are found from (`SimilarPetitions.suggestions`), over every open petition of a council
/// whatever its age. SQLite: an FTS5 table of the open petitions' folded words, each word prefixed by its council
/// ("c12nao c12vet c12cong"), so that a query reads only that council's entries of each word (a word common across a
/// province costs nothing more) and ranks by how rare the word is in the council; kept by triggers on `voter_petitions`
/// so that every way of writing (forms, imports, generated data) keeps it. PostgreSQL: a trigram index on the open
/// petitions' folded text.
/// The closed statuses are written into the triggers and the partial index: a change to `PetitionStatus.isClosed`
/// needs a migration that rewrites them.
struct M029_AddSimilarPetitionIndex: AsyncMigration {
    static var closed: String { PetitionStatus.allCases.filter(\.isClosed).map { "'\($0.rawValue)'" }.joined(separator: ", ") }

    /// The council's prefix of a word: `SimilarPetitions` asks for "c12nao".
    static func token(councilID: Int, _ word: String) -> String { "c\(councilID)\(word)" }

    /// SQL of the indexed text of `row` ("new." in a trigger, "" in a query): punctuation made space, then every word
    /// prefixed by "c<council id>" (stray prefixes left by double spaces are words of no petition).
    static func prefixed(_ row: String) -> String {
        // Each separator as an SQL expression.
        let separators = ["'('", "')'", "','", "'.'", "';'", "':'", "'-'", "'/'", "'\"'", "''''", "'?'", "'!'", "'%'", "'+'",
                          "'&'", "'*'", "'['", "']'", "char(10)", "char(9)"]
        var text = "\(row)folded"
        for separator in separators { text = "replace(\(text), \(separator), ' ')" }
        return "'c' || \(row)council_id || replace(\(text), ' ', ' c' || \(row)council_id)"
    }

    /// The row (`new.` in a trigger, "" in a query) is an open petition.
    static func open(_ row: String = "") -> String { "\(row)deleted_at IS NULL AND \(row)status NOT IN (\(closed))" }

    /// SQLite: indexes the open petitions that meet `condition` (at the migration, all; after a bulk load, the new ones).
    static func indexOpen(where condition: String) -> String {
        "INSERT INTO petition_fts(rowid, words) SELECT id, \(prefixed("")) FROM voter_petitions WHERE \(open()) AND \(condition)"
    }

    func prepare(on db: any Database) async throws {
        let open = Self.open
        let statements: [String]
        if db.isSQLite {
            let row = "new.id, \(Self.prefixed("new."))"
            statements = [
                "CREATE VIRTUAL TABLE petition_fts USING fts5(words, content='', contentless_delete=1)",
                "CREATE TRIGGER voter_petitions_fts_ai AFTER INSERT ON voter_petitions WHEN \(open("new.")) "
                    + "BEGIN INSERT INTO petition_fts(rowid, words) VALUES (\(row)); END",
                "CREATE TRIGGER voter_petitions_fts_au AFTER UPDATE OF folded, status, council_id, deleted_at ON voter_petitions BEGIN "
                    + "DELETE FROM petition_fts WHERE rowid = old.id; "
                    + "INSERT INTO petition_fts(rowid, words) SELECT \(row) WHERE \(open("new.")); END",
                "CREATE TRIGGER voter_petitions_fts_ad AFTER DELETE ON voter_petitions BEGIN DELETE FROM petition_fts WHERE rowid = old.id; END",
                Self.indexOpen(where: "1 = 1"),
            ]
        } else {
            statements = ["CREATE INDEX voter_petitions_similar_trgm ON voter_petitions USING gin (folded gin_trgm_ops) WHERE \(open(""))"]
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
