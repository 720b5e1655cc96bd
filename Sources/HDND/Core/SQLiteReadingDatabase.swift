import FluentKit
import FluentSQL
import FluentSQLiteDriver
import NIOCore
import SQLKit
import SQLiteKit

/// The app's SQLite database outside a transaction, as Fluent hands it to every request: reads go to the reading
/// connections (`SQLiteReaders`), everything else — writes, schema changes, transactions and what runs inside them —
/// to SQLiteNIO's database as before. Reads come through three doors, all served here: `rows(_:)` (`SQLiteReaders.of`),
/// SQLKit's `all()`/`first()`/`run()` (`execute(sql:)`) and Fluent's model queries (`execute(query:)`).
struct SQLiteReadingDatabase: ReadingDatabase, SQLiteDatabase {
    typealias Wrapped = FluentKit.Database & SQLDatabase & SQLiteDatabase
    let sqlite: any Wrapped
    let readers: SQLiteReaders
    let context: DatabaseContext
    var driver: any FluentKit.Database & SQLDatabase { sqlite }

    // Fluent

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        switch query.action {
        case .read, .aggregate:
            let statement = SQLQueryConverter(delegate: ModelReadConverter()).convert(query)
            do {
                // A model read's identifiers are the models' own names: written without SQLKit's escaping (`ModelReadDialect`).
                if try read(Self.modelReads.serialize(statement, for: self), { onOutput(ModelRowOutput(row: $0, schema: nil)) }) {
                    return eventLoop.makeSucceededVoidFuture()
                }
            } catch {
                return eventLoop.makeFailedFuture(error)
            }
        default: break
        }
        return sqlite.execute(query: query, onOutput: onOutput)
    }

    // SQLKit

    /// SQLiteKit's dialect, made once: SQLKit asks for it for every bind and identifier it writes, and
    /// `FluentSQLiteDatabase` builds a database wrapper to answer each time (5 % of the quarter report's CPU, `perf`).
    var dialect: any SQLDialect { Self.dialect }
    private static let dialect: any SQLDialect = SQLiteDialect()
    private static let modelReads = ModelReadDialect(SQLiteDialect())

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        do {
            if try read(serialize(query), onRow) { return eventLoop.makeSucceededVoidFuture() }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        return sqlite.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        if try read(serialize(query), onRow) { return }
        try await sqlite.execute(sql: query, onRow)
    }

    // SQLiteNIO

    func query(_ query: String, _ binds: [SQLiteData], logger: Logger, _ onRow: @escaping @Sendable (SQLiteRow) -> Void) -> EventLoopFuture<Void> {
        sqlite.query(query, binds, logger: logger, onRow)
    }
    func withConnection<T>(_ closure: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        sqlite.withConnection(closure)
    }

    /// Reads a statement on a reading connection, handing each row over; false (nothing read) when the statement could
    /// write.
    private func read(_ statement: (sql: String, binds: [any Encodable & Sendable]), _ onRow: (SQLiteReadValues) -> Void) throws -> Bool {
        let (sql, binds) = statement
        let data = try SQLiteRowColumns.data(binds)
        guard let rows = try readers.rows(sql, data, SQLiteReadValues.init) else { return false }
        logRead(sql, binds)
        rows.forEach(onRow)
        return true
    }
}

/// A row read by a reading connection, kept after its statement moved on: for SQLKit (`SQLRow`) and, through
/// `SQLiteReadOutput`, for Fluent. Values are decoded as SQLiteKit's rows decode them.
struct SQLiteReadValues: SQLRow, SQLiteColumns {
    /// The statement's columns, shared by its rows.
    let names: [String]
    let offsets: [String: Int32]
    let values: [SQLiteData]

    init(_ row: SQLiteReadRow) {
        names = row.statement.names; offsets = row.statement.offsets; values = row.values
    }

    var allColumns: [String] { names }
    func contains(_ column: String) -> Bool { offsets[column] != nil }
    func isNull(_ column: String) -> Bool { offsets[column].map { values[Int($0)] == .null } ?? true }
    func has(_ column: String) -> Bool { !isNull(column) }
    func value(_ column: String) throws -> SQLiteData {
        guard let offset = offsets[column] else { throw SQLiteReadMissingColumn(column: column) }
        return values[Int(offset)]
    }

    func contains(column: String) -> Bool { contains(column) }
    func decodeNil(column: String) throws -> Bool { isNull(column) }
    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D { try decode(column, as: D.self) }
}

struct SQLiteReadMissingColumn: Error, CustomStringConvertible {
    let column: String
    var description: String { "No column \(column) in the row read." }
}
