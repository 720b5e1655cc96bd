import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import LeafKit
import NIOCore
import SQLKit
import Vapor

/// Sets up databases, sessions, views, middleware, migrations, commands and routes.
public func configure(_ app: Application, config: AppConfig? = nil) async throws {
    let config = config ?? AppConfig.fromEnvironment(app.environment)
    app.config = config

    if let url = config.databaseURL {
        var pg = try SQLPostgresConfiguration(url: url)
        if let schema = config.postgresSchema { pg.searchPath = [schema, "public"] }
        // 16 connections in all by default, shared among the event loops (`AppConfig.postgresConnectionsPerLoop`: several
        // processes may share the server); a request waits up to 30 s for one under load rather than failing at 10 s.
        app.databases.use(.postgresPreparingReads(configuration: pg, connectionsPerLoop: config.postgresConnectionsPerLoop,
                                                     connectionPoolTimeout: .seconds(30)), as: .psql)
    } else {
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        app.databases.use(.sqliteWithReaders(path: config.sqlitePath), as: .sqlite)
        try await tuneSQLite(app)
    }

    app.figures = config.keepFigures ? FigureCache() : .none
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    app.sessions.use { _ in SessionStore() }
    app.sessions.configuration.cookieName = "hdnd_session"
    // A browser cookie (gone when the browser closes); the server ends the session itself (`SessionStore`).
    // Secure when configured, and on every response to a request that came over HTTPS (`SecurityHeaders`).
    app.sessions.configuration.cookieFactory = { id in
        HTTPCookies.Value(string: id.string, expires: nil, maxAge: nil,
                          domain: nil, path: "/", isSecure: config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    app.views.use(.leaf)
    app.leaf.configuration = LeafConfiguration(rootDirectory: Resources.views)
    app.leaf.sources = .singleSource(NIOLeafFiles(fileio: app.fileio, limits: [.toSandbox, .requireExtensions],
                                                  sandboxDirectory: Resources.views, viewDirectory: Resources.views))
    if app.environment == .development { app.leaf.cache.isEnabled = false }

    // A form's body up to 1 MB: a browser sends each Vietnamese letter with a diacritic as up to nine bytes ("%E1%BB%87"),
    // and Vapor's 16 KB held a petition to about 1.800 such letters, a meeting's minutes (20.000 allowed) to far fewer.
    // File uploads and the notes of a whole table have their own limits (`RoutesBuilder.upload`).
    app.routes.defaultMaxBodySize = "1mb"

    // Order matters: errors wrap everything; files need no session; the session comes before who is asking.
    app.middleware = .init()
    if app.environment != .testing { app.middleware.use(RouteLoggingMiddleware(logLevel: .info)) }
    app.middleware.use(SecurityHeaders())
    app.middleware.use(HDNDErrorMiddleware(environment: app.environment))
    app.middleware.use(PublicFiles(directory: Resources.publicFiles))
    app.middleware.use(app.sessions.middleware)
    app.middleware.use(ActorMiddleware())
    app.middleware.use(RequirePasswordChange())
    app.middleware.use(CSRFMiddleware())

    registerMigrations(app)
    registerCommands(app)
    try routes(app)
}

/// SQLite as the design asks: WAL, synchronous=NORMAL, foreign keys, a busy timeout.
/// The driver keeps one connection per event loop for the life of the app, so the
/// per-connection pragmas are set once on each of them here. A page cache of 64 MB per connection instead of SQLite's
/// 2 MB, so that a large write keeps more of a province's index pages in memory (100.000 inserts of one month into the
/// 1,5-million-row data set, without triggers: 28.000 → 64.000 rows/s); two connections, so at most 128 MB.
private func tuneSQLite(_ app: Application) async throws {
    try await setOnEverySQLiteConnection(app, ["journal_mode = WAL", "synchronous = NORMAL", "busy_timeout = 5000", "foreign_keys = ON",
                                                "cache_size = -65536"])
}

/// `pragmas` set on each of the app's SQLite connections (one per event loop, kept for the app's life).
func setOnEverySQLiteConnection(_ app: Application, _ pragmas: [String]) async throws {
    for eventLoop in app.eventLoopGroup.makeIterator() {
        let db = app.databases.database(.sqlite, logger: app.logger, on: eventLoop)!
        try await db.withConnection { conn in
            let sql = conn as! any SQLDatabase
            for pragma in pragmas { try await sql.raw("PRAGMA \(unsafeRaw: pragma)").run() }
        }
    }
}
