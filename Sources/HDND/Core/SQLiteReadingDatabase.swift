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
struct SQLiteReadingDatabase: FluentKit.Database, SQLDatabase, SQLiteDatabase {
    typealias Wrapped = FluentKit.Database & SQLDatabase & SQLiteDatabase
    let sqlite: any Wrapped
    let readers: SQLiteReaders

    // Fluent

    var context: DatabaseContext { sqlite.context }
    var inTransaction: Bool { sqlite.inTransaction }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        switch query.action {
        case .read, .aggregate:
            let statement = SQLQueryConverter(delegate: ReadConverter()).convert(query)
            do {
                if try read(statement, { onOutput(SQLiteReadOutput(values: $0, schema: nil)) }) { return eventLoop.makeSucceededVoidFuture() }
            } catch {
                return eventLoop.makeFailedFuture(error)
            }
        default: break
        }
        return sqlite.execute(query: query, onOutput: onOutput)
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { sqlite.execute(schema: schema) }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { sqlite.execute(enum: `enum`) }
    func transaction<T>(_ closure: @escaping @Sendable (any FluentKit.Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        sqlite.transaction(closure)
    }
    func withConnection<T>(_ closure: @escaping @Sendable (any FluentKit.Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        sqlite.withConnection(closure)
    }

    // SQLKit

    var logger: Logger { sqlite.context.logger }
    var eventLoop: any EventLoop { sqlite.context.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sqlite.version }
    /// SQLiteKit's dialect, made once: SQLKit asks for it for every bind and identifier it writes, and
    /// `FluentSQLiteDatabase` builds a database wrapper to answer each time (5 % of the quarter report's CPU, `perf`).
    var dialect: any SQLDialect { Self.dialect }
    private static let dialect: any SQLDialect = SQLiteDialect()
    var queryLogLevel: Logger.Level? { sqlite.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        do {
            if try read(query, onRow) { return eventLoop.makeSucceededVoidFuture() }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        return sqlite.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        if try read(query, onRow) { return }
        try await sqlite.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sqlite.withSession(closure)
    }

    // SQLiteNIO

    func query(_ query: String, _ binds: [SQLiteData], logger: Logger, _ onRow: @escaping @Sendable (SQLiteRow) -> Void) -> EventLoopFuture<Void> {
        sqlite.query(query, binds, logger: logger, onRow)
    }
    func withConnection<T>(_ closure: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        sqlite.withConnection(closure)
    }

    /// Reads `query` on a reading connection, handing each row over; false (nothing read) when the statement could
    /// write. Logged as SQLKit logs a statement.
    private func read(_ query: any SQLExpression, _ onRow: (SQLiteReadValues) -> Void) throws -> Bool {
        let (sql, binds) = serialize(query)
        let data = try SQLiteRowColumns.data(binds)
        guard let rows = try readers.rows(sql, data, SQLiteReadValues.init) else { return false }
        if let level = queryLogLevel {
            logger.log(level: level, "Executing query", metadata: ["sql": .string(sql), "binds": .array(binds.map { .string("\($0)") })])
        }
        rows.forEach(onRow)
        return true
    }

    /// Fluent's reads need no data type of SQLite's own (those are for schema changes).
    private struct ReadConverter: SQLConverterDelegate {
        func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? { nil }
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

/// A reading connection's row as Fluent reads a model's fields (named "schema_field" when Fluent says which schema).
struct SQLiteReadOutput: DatabaseOutput {
    let values: SQLiteReadValues
    let schema: String?

    var description: String { "\(values.values)" }
    func schema(_ schema: String) -> any DatabaseOutput { SQLiteReadOutput(values: values, schema: schema) }
    private func column(_ key: FieldKey) -> String { (schema.map { .prefix(.prefix(.string($0), "_"), key) } ?? key).description }
    func contains(_ key: FieldKey) -> Bool { values.contains(column: column(key)) }
    func decodeNil(_ key: FieldKey) throws -> Bool { try values.decodeNil(column: column(key)) }
    func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T { try values.decode(column: column(key), as: T.self) }
}

struct SQLiteReadMissingColumn: Error, CustomStringConvertible {
    let column: String
    var description: String { "No column \(column) in the row read." }
}
