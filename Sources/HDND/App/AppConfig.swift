import Foundation
import Vapor

/// All configuration read from the environment, in one place.
public struct AppConfig: Sendable {
    /// Where the SQLite file and backups live. Default `data/` under the working directory.
    public var dataDirectory: String
    /// PostgreSQL when set (`postgres://user:pass@host:5432/db`); otherwise SQLite in `dataDirectory`.
    public var databaseURL: String?
    /// Mark session cookies Secure: set `HDND_SECURE_COOKIES=1` when served behind HTTPS.
    public var secureCookies: Bool
    /// bcrypt cost. 12 in production; tests lower it because every hash at 12 costs ~250 ms.
    public var bcryptCost: Int
    /// A PostgreSQL schema to work in (tests give each test its own).
    public var postgresSchema: String?
    /// The largest document accepted for upload, in bytes: `HDND_DOCUMENT_MAX_MB` (default 50 MB).
    public var documentMaxBytes: Int = 50 * 1024 * 1024
    /// PostgreSQL connections each event loop (each core) may open: `HDND_POSTGRES_CONNECTIONS`, by default
    /// `postgresConnectionsPerLoop(cores:)`. A statement holds its connection until the answer is back: with the database
    /// on another machine, more of them keep the cores busy.
    public var postgresConnectionsPerLoop: Int
    /// Keep figures between requests (`FigureCache`): `HDND_KEEP_FIGURES=0` counts them on every request, to measure what
    /// a page costs when the records have just changed (`scripts/load-benchmark.py --scale 10`).
    public var keepFigures: Bool = true

    public static func fromEnvironment(_ environment: Environment) -> AppConfig {
        AppConfig(
            dataDirectory: Environment.get("HDND_DATA_DIR") ?? "data",
            databaseURL: Environment.get("DATABASE_URL").flatMap { $0.isEmpty ? nil : $0 },
            secureCookies: ["1", "true", "yes"].contains(Environment.get("HDND_SECURE_COOKIES")?.lowercased() ?? ""),
            bcryptCost: Environment.get("HDND_BCRYPT_COST").flatMap(Int.init) ?? (environment == .testing ? 4 : 12),
            postgresSchema: nil,
            documentMaxBytes: (Environment.get("HDND_DOCUMENT_MAX_MB").flatMap(Int.init) ?? 50) * 1024 * 1024,
            postgresConnectionsPerLoop: max(1, Environment.get("HDND_POSTGRES_CONNECTIONS").flatMap(Int.init)
                                                ?? postgresConnectionsPerLoop(cores: System.coreCount)),
            keepFigures: Environment.get("HDND_KEEP_FIGURES") != "0")
    }

    /// 16 connections in all, shared among the cores' event loops, and at least 2 each: enough that a request on this
    /// machine seldom waits for one. With 2 per loop on 2 cores, 16 requests at once took turns on 4 connections, and
    /// each turn cost a hand-over in the pool: 8 per loop served the API's list of petitions 1.464–1.479 → 1.680–1.819
    /// req/s and a ward office's home page 1.192–1.282 → 1.392–1.539 (`hdnd` 1,05 → 0,78–0,86 ms of CPU a request;
    /// issue 11, `docs/BENCHMARKS.md`). Shared, not per core: a server of many cores stays within PostgreSQL's 100
    /// connections by default (2 each up to 50 cores).
    static func postgresConnectionsPerLoop(cores: Int) -> Int { max(2, 16 / max(1, cores)) }

    public var sqlitePath: String { (dataDirectory as NSString).appendingPathComponent("hdnd.sqlite") }
    /// Uploaded documents, stored by content hash: with several app processes, a folder they share.
    public var filesDirectory: String { (dataDirectory as NSString).appendingPathComponent("files") }
}

struct AppConfigKey: StorageKey { typealias Value = AppConfig }

extension Application {
    public var config: AppConfig {
        get { storage[AppConfigKey.self] ?? .fromEnvironment(environment) }
        set { storage[AppConfigKey.self] = newValue }
    }
}

/// Files shipped inside the package: Leaf views, CSS and JS, the official unit lists.
enum Resources {
    static var root: String { Bundle.module.bundlePath + "/Resources" }
    static var views: String { root + "/Views/" }
    static var publicFiles: String { root + "/Public/" }
    static var units: String { root + "/Units/" }
}
