import CSQLiteSettings
import FluentKit
import FluentSQLiteDriver
import NIOConcurrencyHelpers
import NIOCore
import VaporCSQLite

/// Reads for SQLite on the request's own thread, through statements prepared once (issue 11).
///
/// SQLiteNIO runs every statement on its thread pool: the request's task hops from the event loop to a pool thread
/// and back, the statement is prepared anew, and every row is handed back to the event loop as a task of its own. A
/// home page of 22 short statements spent about 0,13 ms per statement on that, whatever it read (kernel thread
/// switches 22 %, preparation 10 % of the page's CPU, `perf`). A read of a few index pages takes a few microseconds:
/// waiting for it costs less than sending it away.
///
/// So every read that is not part of a transaction (`rows(_:)`, SQLKit's `all()` and `first()`, Fluent's model queries:
/// `SQLiteReadingDatabase`) goes to one of these connections: a connection of the
/// same SQLite library SQLiteNIO uses (one copy of SQLite in the process: two copies on one file break each other's
/// locks), opened on the same file, `query_only`, kept in a pool of its own; each keeps its prepared statements by
/// their text. WAL lets it read beside the writing connections: it sees every committed write, and a statement is
/// reset as soon as its rows are read so that no read stays open. A statement that could write, and every statement
/// of a transaction (which must see the transaction's own writes), goes through SQLiteNIO as before.
final class SQLiteReaders: Sendable {
    let path: String
    /// The connections not in use; nil once the app has shut down (a connection given back then is closed).
    private let idle = NIOLockedValueBox<[SQLiteReadConnection]?>([])

    init(path: String) { self.path = path }

    /// The readers of `database` when it is the app's SQLite database outside a transaction (a transaction's database
    /// is SQLiteNIO's own, not `SQLiteReadingDatabase`).
    static func of(_ database: Any) -> SQLiteReaders? { (database as? SQLiteReadingDatabase)?.readers }

    /// Every row of `sql` as `T`; nil when the statement could write (the caller sends it through SQLiteNIO).
    func rows<T: Decodable>(_ sql: String, _ binds: [SQLiteData], as type: T.Type) throws -> [T]? {
        try rows(sql, binds) { try T(from: PlainRowDecoder(row: $0)) }
    }

    /// Every row of `sql` made by `make`; nil when the statement could write.
    func rows<T>(_ sql: String, _ binds: [SQLiteData], _ make: (SQLiteReadRow) throws -> T) throws -> [T]? {
        guard Self.mayRead(sql) else { return nil }
        let connection = try idle.withLockedValue { $0?.popLast() } ?? SQLiteReadConnection(path: path)
        defer {
            let closed = idle.withLockedValue { idle in
                idle?.append(connection)
                return idle == nil
            }
            if closed { connection.close() }
        }
        return try connection.rows(sql, binds, make)
    }

    /// Whether `sql` begins as a read does. Any other statement goes to SQLiteNIO without being prepared here: preparing
    /// a schema change on a reading connection would check it against the schema this connection last read (a
    /// `CREATE TRIGGER` just after the writers dropped it: "already exists"), and would cost a second preparation.
    /// A `WITH` that writes is told apart once prepared (`sqlite3_stmt_readonly`).
    static func mayRead(_ sql: String) -> Bool { SQLText.begins(sql, with: ["SELECT", "WITH", "EXPLAIN", "VALUES"]) }

    func close() {
        let connections = idle.withLockedValue { idle in
            defer { idle = nil }
            return idle ?? []
        }
        connections.forEach { $0.close() }
    }

    /// How many connections wait in the pool (for tests).
    var idleCount: Int { idle.withLockedValue { $0?.count ?? 0 } }
    /// How many times the waiting connections prepared `sql` again after its first preparation; nil if none keeps it
    /// (for tests).
    func preparedAgain(_ sql: String) -> Int? {
        idle.withLockedValue { idle in
            let counts = (idle ?? []).compactMap { $0.preparedAgain(sql) }
            return counts.isEmpty ? nil : counts.reduce(0, +)
        }
    }
}

extension DatabaseConfigurationFactory {
    /// SQLite in the file at `path`, with readers of its own (`SQLiteReaders`, closed when the app shuts down): every
    /// database Fluent asks for is a `SQLiteReadingDatabase`.
    static func sqliteWithReaders(path: String) -> Self {
        .init {
            let readers = SQLiteReaders(path: path)
            let sqlite = DatabaseConfigurationFactory.sqlite(.file(path)).make()
            return ReadingConfiguration(driver: sqlite, wrap: { database, context in
                (database as? any SQLiteReadingDatabase.Wrapped).map { SQLiteReadingDatabase(sqlite: $0, readers: readers, context: context) }
            }, closing: readers.close)
        }
    }
}

/// One reading connection and its prepared statements. Used by one thread at a time: it is taken from the pool for
/// one statement and given back.
final class SQLiteReadConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    private var statements: [String: SQLiteReadStatement] = [:]
    /// Statements kept at most; a statement with a list of values (`IN (?, ?, …)`) has a text per length of the list.
    private static let keptStatements = 256

    init(path: String) throws {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard opened == SQLITE_OK else {
            defer { close() }
            throw SQLiteReadError(code: opened, handle: handle)
        }
        // The writing connections' settings that matter to a reader; 16 MB of pages each (the writers keep 64 MB).
        for pragma in ["query_only = ON", "busy_timeout = 5000", "cache_size = -16384"] {
            let code = sqlite_nio_sqlite3_exec(handle, "PRAGMA \(pragma)", nil, nil, nil)
            guard code == SQLITE_OK else { defer { close() }; throw SQLiteReadError(code: code, handle: handle) }
        }
        // Plans that do not depend on the values bound. Otherwise SQLite marks a statement to be prepared again whenever
        // a value changes that its planner looked at (a value compared with a partial index's condition, a LIMIT, a
        // LIKE pattern…): most statements of a home page were prepared anew on every request (7 % of its CPU, `perf`).
        // No index of the schema depends on a value (partial indexes test only IS [NOT] NULL), and LIKE on these
        // case-insensitive, binary-collated columns never used an index; `QueryPlanTests` reads the plans these
        // connections make.
        let stable = hdnd_sqlite_set_stable_plans(UnsafeMutableRawPointer(handle), 1)
        guard stable == SQLITE_OK else { defer { close() }; throw SQLiteReadError(code: stable, handle: handle) }
    }

    func close() {
        forgetStatements()
        sqlite_nio_sqlite3_close_v2(handle)
        handle = nil
    }

    func rows<T>(_ sql: String, _ binds: [SQLiteData], _ make: (SQLiteReadRow) throws -> T) throws -> [T]? {
        guard let statement = try statement(sql) else { return nil }
        let stmt = statement.handle
        defer {
            sqlite_nio_sqlite3_reset(stmt)
            sqlite_nio_sqlite3_clear_bindings(stmt)
        }
        try bind(binds, to: stmt)
        var rows: [T] = []
        while true {
            let code = sqlite_nio_sqlite3_step(stmt)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw SQLiteReadError(code: code, handle: handle) }
            rows.append(try make(SQLiteReadRow(statement: statement)))
        }
    }

    private func forgetStatements() {
        statements.values.forEach { sqlite_nio_sqlite3_finalize($0.handle) }
        statements.removeAll()
    }

    func preparedAgain(_ sql: String) -> Int? {
        statements[sql].map { Int(sqlite_nio_sqlite3_stmt_status($0.handle, SQLITE_STMTSTATUS_REPREPARE, 0)) }
    }

    /// The prepared statement for `sql`, or nil if it could write.
    private func statement(_ sql: String) throws -> SQLiteReadStatement? {
        if let kept = statements[sql] { return kept }
        var stmt: OpaquePointer?
        let code = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard code == SQLITE_OK, let stmt else { throw SQLiteReadError(code: code, handle: handle) }
        guard sqlite_nio_sqlite3_stmt_readonly(stmt) != 0 else {
            sqlite_nio_sqlite3_finalize(stmt)
            return nil
        }
        if statements.count >= Self.keptStatements { forgetStatements() }
        let statement = SQLiteReadStatement(handle: stmt)
        statements[sql] = statement
        return statement
    }

    private func bind(_ binds: [SQLiteData], to stmt: OpaquePointer) throws {
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1), code: Int32
            switch value {
            case .integer(let number): code = sqlite_nio_sqlite3_bind_int64(stmt, index, Int64(number))
            case .float(let number): code = sqlite_nio_sqlite3_bind_double(stmt, index, number)
            case .text(let text): code = sqlite_nio_sqlite3_bind_text64(stmt, index, text, UInt64(text.utf8.count), transient, UInt8(SQLITE_UTF8))
            case .null: code = sqlite_nio_sqlite3_bind_null(stmt, index)
            case .blob(let bytes):
                code = bytes.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(stmt, index, $0.baseAddress, UInt64($0.count), transient)
                }
            }
            guard code == SQLITE_OK else { throw SQLiteReadError(code: code, handle: handle) }
        }
    }
}

/// SQLite copies a bound value before the call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement and its columns, named once.
final class SQLiteReadStatement {
    let handle: OpaquePointer
    let names: [String]
    /// The first column of each name, as SQLiteNIO's rows look columns up.
    let offsets: [String: Int32]

    init(handle: OpaquePointer) {
        self.handle = handle
        names = (0..<sqlite_nio_sqlite3_column_count(handle)).map { String(cString: sqlite_nio_sqlite3_column_name(handle, $0)) }
        offsets = Dictionary(names.enumerated().map { ($0.element, Int32($0.offset)) }, uniquingKeysWith: { first, _ in first })
    }
}

/// The statement's current row, read in place: each value as SQLiteNIO would have given it.
struct SQLiteReadRow: SQLiteColumns {
    let statement: SQLiteReadStatement
    var names: [String] { statement.names }
    func contains(_ column: String) -> Bool { statement.offsets[column] != nil }
    func isNull(_ column: String) -> Bool {
        guard let offset = statement.offsets[column] else { return true }
        return sqlite_nio_sqlite3_column_type(statement.handle, offset) == SQLITE_NULL
    }
    func has(_ column: String) -> Bool { !isNull(column) }

    func value(_ column: String) throws -> SQLiteData {
        guard let offset = statement.offsets[column] else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: [], debugDescription: "No column \(column)."))
        }
        return value(at: offset)
    }

    /// Every column's value, in order.
    var values: [SQLiteData] { (0..<Int32(statement.names.count)).map(value(at:)) }

    private func value(at offset: Int32) -> SQLiteData {
        let stmt = statement.handle
        switch sqlite_nio_sqlite3_column_type(stmt, offset) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(stmt, offset)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(stmt, offset))
        case SQLITE_TEXT:
            let bytes = sqlite_nio_sqlite3_column_text(stmt, offset)
            let count = Int(sqlite_nio_sqlite3_column_bytes(stmt, offset))
            return .text(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(stmt, offset))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(stmt, offset) { buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count)) }
            return .blob(buffer)
        default: return .null
        }
    }
}

/// An error of a reading connection, with SQLite's message.
struct SQLiteReadError: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    init(code: Int32, handle: OpaquePointer?) {
        self.code = code
        message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "SQLite error \(code)"
    }
    var description: String { "SQLite: \(message) (\(code))" }
}
