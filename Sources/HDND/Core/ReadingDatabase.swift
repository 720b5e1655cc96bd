import FluentKit
import NIOCore
import SQLKit

/// The app's own database for requests on each driver (`SQLiteReadingDatabase`, `PostgresReadingDatabase`): it reads
/// in its own way and hands everything else — writes, schema changes, transactions and what runs inside them — to the
/// driver's database it wraps, as this extension does.
protocol ReadingDatabase: FluentKit.Database, SQLDatabase {
    var driver: any FluentKit.Database & SQLDatabase { get }
}

extension ReadingDatabase {
    // Fluent
    var context: DatabaseContext { driver.context }
    var inTransaction: Bool { driver.inTransaction }
    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { driver.execute(schema: schema) }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { driver.execute(enum: `enum`) }
    func transaction<T>(_ closure: @escaping @Sendable (any FluentKit.Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        driver.transaction(closure)
    }
    func withConnection<T>(_ closure: @escaping @Sendable (any FluentKit.Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        driver.withConnection(closure)
    }

    // SQLKit
    var logger: Logger { driver.context.logger }
    var eventLoop: any EventLoop { driver.context.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { driver.version }
    var queryLogLevel: Logger.Level? { driver.queryLogLevel }
    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await driver.withSession(closure)
    }

    /// A statement it reads itself, logged as SQLKit logs one.
    func logRead(_ sql: String, _ binds: [any Encodable & Sendable]) {
        if let level = queryLogLevel {
            logger.log(level: level, "Executing query", metadata: ["sql": .string(sql), "binds": .array(binds.map { .string("\($0)") })])
        }
    }
}
