import Fluent
import NIOConcurrencyHelpers
import PostgresNIO
import SQLKit

/// Reads on PostgreSQL as statements prepared once per connection.
///
/// A statement sent unnamed is parsed and planned anew on every request: on a signed-in page PostgreSQL spent 0,23 ms
/// planning the session's read and 0,03 ms running it (`pg_stat_statements`, issue 11), and its planning was most of
/// the database's share of every page. Prepared under a name, a statement is parsed once per connection, and PostgreSQL
/// keeps a generic plan when that costs no more than planning each time (`plan_cache_mode = auto`).
///
/// PostgresNIO prepares, caches per connection and executes statements of `PostgresPreparedStatement`, whose name and
/// text are properties of a type: `NamedStatement` answers them from the task-local `current`, set around the one call
/// that reads them, so that any text of the application's own can be prepared. Each distinct text gets a name of its
/// own for the life of the process (at most `limit` texts; past that, statements go unnamed as before).
///
/// A statement that matches a pattern (`LIKE $1`: a unit and everything below it, by path) is sent unnamed: the index
/// range it reads comes from the pattern's fixed beginning, which a generic plan cannot know. Prepared, the district
/// summary's list of councils went from an index range to a scan of every unit's path (1,9 ms a request).
///
/// Only statements that begin with SELECT are prepared (a `WITH` may write, and a write is never sent twice; see below).
/// Only reads outside a transaction are prepared: PostgresNIO remembers a failed preparation for good on its
/// connection, and in a transaction that has already failed every statement fails ("current transaction is aborted").
/// For the same reason a read that fails prepared is sent once more unnamed: its answer, or its error, is then
/// PostgreSQL's own for this request, never one remembered from an earlier one (a read changes nothing when repeated).
enum PostgresStatements {
    /// Distinct statement texts prepared under a name (each connection holds the plans of those it has run).
    static let limit = 2_000
    /// Each text's name, or none for a text never prepared (a write, a pattern): decided once per text.
    private static let names = NIOLockedValueBox<[String: String?]>([:])

    struct Current: Sendable { let name: String, sql: String }
    @TaskLocal static var current: Current?

    /// The name of `sql`'s prepared statement: nil for a text that is not a read or matches a pattern, and once
    /// `limit` texts are known.
    static func name(of sql: String) -> String? {
        names.withLockedValue { names in
            if let known = names[sql] { return known }
            guard names.count < limit else { return nil }
            let name = SQLText.begins(sql, with: ["SELECT"]) && !sql.contains(" LIKE ") ? "hdnd_\(names.count + 1)" : nil
            names[sql] = .some(name)
            return name
        }
    }

    /// The rows of a read: prepared under its name when outside a transaction, unnamed otherwise.
    static func rows(_ sql: String, _ bindings: PostgresBindings, on database: any PostgresDatabase, inTransaction: Bool,
                     logger: Logger) async throws -> [PostgresRow] {
        @Sendable func unnamed() async throws -> [PostgresRow] {
            try await database.withConnection { $0.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger) }.get().rows
        }
        guard !inTransaction, let name = name(of: sql) else {
            return try await unnamed()
        }
        let statement = Current(name: name, sql: sql)
        do {
            return try await withConnection(of: database) { connection in
                try await $current.withValue(statement) {
                    var rows: [PostgresRow] = []
                    for try await row in try await connection.execute(NamedStatement(bindings: bindings), logger: logger) { rows.append(row) }
                    return rows
                }
            }
        } catch is PSQLError {
            // PostgreSQL's answer (or the connection's end), not a wait for a connection that timed out: sent again.
            return try await unnamed()
        }
    }
}

extension PostgresStatements {
    /// Runs `body` in the calling task with a connection of `database`'s pool, handed back to the pool when `body` ends.
    ///
    /// The pool hands out a connection only to a closure that answers with a future, and PostgresNIO runs a prepared
    /// statement only in an async function: run inside that closure, every statement needed a task of its own
    /// (`makeFutureWithTask`), made, scheduled and awaited on top of the request's. Here the closure only passes the
    /// connection out and keeps it until `body` is done.
    private static func withConnection<T: Sendable>(of database: any PostgresDatabase,
                                                    _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let (connection, done) = try await withCheckedThrowingContinuation {
            (lent: CheckedContinuation<(PostgresConnection, EventLoopPromise<Void>), any Error>) in
            // `done` is only ever succeeded, so the pool's future fails only when no connection was lent.
            database.withConnection { connection in
                let done = connection.eventLoop.makePromise(of: Void.self)
                lent.resume(returning: (connection, done))
                return done.futureResult
            }.whenFailure { lent.resume(throwing: $0) }
        }
        defer { done.succeed(()) }
        return try await body(connection)
    }
}

/// The statement `PostgresStatements.current` names (see there).
private struct NamedStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow
    static var name: String { PostgresStatements.current?.name ?? "" }
    static var sql: String { PostgresStatements.current?.sql ?? "" }
    let bindings: PostgresBindings
    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

extension PostgresStatements {
    /// A day that bounds a range of a prepared list (`due_date < today`), bound so that PostgreSQL's planner does not see
    /// it. Seen, the day lets the planner estimate the range's rows from its statistics, so that each custom plan looks
    /// cheaper than the generic one (estimated with a third of the rows, whatever the day) and PostgreSQL never keeps
    /// the generic plan: the overdue petitions planned anew on every request, 0,39 ms of planning beside 0,32 ms of
    /// running the same plan (issue 11). Read from a sub-select, the day is unknown to both plans, their estimates agree,
    /// and the generic plan is kept after five runs. SQLite plans a statement once anyway, and sees the day when it runs.
    static func unseenDay(_ day: String, _ db: any Database) -> any SQLExpression {
        db.isSQLite ? SQLBind(day) : SQLQueryString("(SELECT \(bind: day))")
    }
}
