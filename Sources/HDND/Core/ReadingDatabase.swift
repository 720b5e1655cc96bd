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

/// A driver's configuration whose databases the app wraps in its reading database (`wrap`; when it cannot, the driver's
/// own is handed on and every statement goes the driver's way: slower, never wrong). `closing` runs as the app shuts
/// down, before the driver does.
struct ReadingConfiguration: DatabaseConfiguration {
    var driver: any DatabaseConfiguration
    let wrap: @Sendable (any FluentKit.Database) -> (any FluentKit.Database)?
    var closing: @Sendable () -> Void = {}

    var middleware: [any AnyModelMiddleware] {
        get { driver.middleware }
        set { driver.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        Driver(driver: driver.makeDriver(for: databases), wrap: wrap, closing: closing)
    }

    struct Driver: DatabaseDriver {
        let driver: any DatabaseDriver
        let wrap: @Sendable (any FluentKit.Database) -> (any FluentKit.Database)?
        let closing: @Sendable () -> Void
        func makeDatabase(with context: DatabaseContext) -> any FluentKit.Database {
            let database = driver.makeDatabase(with: context)
            return wrap(database) ?? database
        }
        func shutdown() { closing(); driver.shutdown() }
        func shutdownAsync() async { closing(); await driver.shutdownAsync() }
    }
}
