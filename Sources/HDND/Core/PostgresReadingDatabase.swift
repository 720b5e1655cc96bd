import FluentKit
import FluentPostgresDriver
import FluentSQL
import PostgresKit
import PostgresNIO
import SQLKit

/// The app's PostgreSQL database outside a transaction, as Fluent hands it to every request: Fluent's model reads are
/// written in `ModelReadDialect` and prepared once per connection (`PostgresStatements`), as the app's own reads
/// (`rows(_:)`) already were; everything else — writes, schema changes, transactions and what runs inside them — goes
/// to FluentPostgresDriver's database as before.
///
/// FluentPostgresDriver sends each model read unnamed, so PostgreSQL parses and plans it on every request; a page that
/// reads a session, its agenda, its bodies and its resolutions planned each of them every time.
struct PostgresReadingDatabase: ReadingDatabase, PostgresDatabase {
    typealias Wrapped = FluentKit.Database & SQLDatabase & PostgresDatabase
    let postgres: any Wrapped
    let context: DatabaseContext
    var driver: any FluentKit.Database & SQLDatabase { postgres }
    private static let modelReads = ModelReadDialect(PostgresDialect())

    // Fluent

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        if !inTransaction, Self.isRead(query.action) {
            let (sql, binds) = Self.modelReads.serialize(SQLQueryConverter(delegate: ModelReadConverter()).convert(query), for: self)
            // Values PostgresNIO binds as PostgresKit would (text, numbers, flags); any other goes the driver's way.
            if let bindings = PostgresRowColumns.bindings(binds) {
                logRead(sql, binds)
                let (postgres, logger) = (postgres, logger)
                return eventLoop.makeFutureWithTask {
                    for row in try await PostgresStatements.rows(sql, bindings, on: postgres, inTransaction: false, logger: logger) {
                        onOutput(ModelRowOutput(row: row.sql(), schema: nil))
                    }
                }
            }
        }
        return postgres.execute(query: query, onOutput: onOutput)
    }

    private static func isRead(_ action: DatabaseQuery.Action) -> Bool {
        switch action {
        case .read, .aggregate: true
        default: false
        }
    }

    // SQLKit

    var dialect: any SQLDialect { postgres.dialect }
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        postgres.execute(sql: query, onRow)
    }
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await postgres.execute(sql: query, onRow)
    }

    // PostgresNIO

    func send(_ request: any PostgresRequest, logger: Logger) -> EventLoopFuture<Void> { postgres.send(request, logger: logger) }
    func withConnection<T>(_ closure: @escaping (PostgresConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        postgres.withConnection(closure)
    }
}

extension DatabaseConfigurationFactory {
    /// PostgreSQL through FluentPostgresDriver, its model reads prepared (`PostgresReadingDatabase`).
    static func postgresPreparingReads(configuration: SQLPostgresConfiguration, connectionsPerLoop: Int,
                                       connectionPoolTimeout: TimeAmount) -> Self {
        .init {
            let postgres = DatabaseConfigurationFactory.postgres(configuration: configuration, maxConnectionsPerEventLoop: connectionsPerLoop,
                                                                 connectionPoolTimeout: connectionPoolTimeout)
            return ReadingConfiguration(driver: postgres.make(), wrap: { database, context in
                (database as? any PostgresReadingDatabase.Wrapped).map { PostgresReadingDatabase(postgres: $0, context: context) }
            })
        }
    }
}
