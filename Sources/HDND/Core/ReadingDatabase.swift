import FluentKit
import NIOConcurrencyHelpers
import NIOCore
import SQLKit

/// The app's own database for requests on each driver (`SQLiteReadingDatabase`, `PostgresReadingDatabase`): it reads
/// in its own way and hands everything else — writes, schema changes, transactions and what runs inside them — to the
/// driver's database it wraps, as this extension does.
///
/// Its `context` is the request's (its logger, its event loop); the driver's database it wraps is its event loop's, made
/// once (`ReadingConfiguration.Driver`), so what the driver logs itself carries the app's labels, not the request's.
protocol ReadingDatabase: FluentKit.Database, SQLDatabase {
    var driver: any FluentKit.Database & SQLDatabase { get }
}

extension ReadingDatabase {
    // Fluent
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
    var logger: Logger { context.logger }
    var eventLoop: any EventLoop { context.eventLoop }
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

/// A driver's configuration whose databases the app wraps in its reading database (`wrap`, with the request's context;
/// when it cannot, the driver's own is handed on and every statement goes the driver's way: slower, never wrong).
/// `closing` runs as the app shuts down, before the driver does.
struct ReadingConfiguration: DatabaseConfiguration {
    var driver: any DatabaseConfiguration
    let wrap: @Sendable (any FluentKit.Database, DatabaseContext) -> (any FluentKit.Database)?
    var closing: @Sendable () -> Void = {}

    var middleware: [any AnyModelMiddleware] {
        get { driver.middleware }
        set { driver.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        Driver(driver: driver.makeDriver(for: databases), wrap: wrap, closing: closing)
    }

    /// Every `req.db` asks for a database. The driver's own is made once per event loop and kept: it holds nothing of a
    /// request but its logger, and FluentPostgresDriver makes it through an opaque type whose metadata Swift's runtime
    /// finds by demangling its name, every time (`perf`: 3,5 % of an API list's CPU on PostgreSQL, issue 11). A
    /// context that asks for Fluent's query history or a page size limit (the app asks for neither) gets a database of
    /// its own, as before.
    struct Driver: DatabaseDriver {
        let driver: any DatabaseDriver
        let wrap: @Sendable (any FluentKit.Database, DatabaseContext) -> (any FluentKit.Database)?
        let closing: @Sendable () -> Void
        private let kept = NIOLockedValueBox<[ObjectIdentifier: any FluentKit.Database]>([:])

        init(driver: any DatabaseDriver, wrap: @escaping @Sendable (any FluentKit.Database, DatabaseContext) -> (any FluentKit.Database)?,
             closing: @escaping @Sendable () -> Void) {
            (self.driver, self.wrap, self.closing) = (driver, wrap, closing)
        }

        func makeDatabase(with context: DatabaseContext) -> any FluentKit.Database {
            guard context.history == nil, context.pageSizeLimit == nil else { return own(context) }
            let loop = ObjectIdentifier(context.eventLoop)
            let database = kept.withLockedValue { kept in
                if let database = kept[loop] { return database }
                // Made with the app's logger as the configuration gives it (`DatabaseContext` without a request's).
                var logger = context.logger
                logger.handler.metadata = [:]
                let database = driver.makeDatabase(with: DatabaseContext(configuration: context.configuration, logger: logger,
                                                                         eventLoop: context.eventLoop))
                kept[loop] = database
                return database
            }
            return wrap(database, context) ?? own(context)
        }

        /// The driver's database for this context alone, made as the driver makes it.
        private func own(_ context: DatabaseContext) -> any FluentKit.Database {
            let database = driver.makeDatabase(with: context)
            return wrap(database, context) ?? database
        }

        func shutdown() { closing(); driver.shutdown() }
        func shutdownAsync() async { closing(); await driver.shutdownAsync() }
    }
}
