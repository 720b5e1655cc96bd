import Fluent
import SQLKit

/// A counter table of petitions kept by triggers of its own on `voter_petitions`, besides `SummaryCounters`: the
/// clusters' (`PetitionClusterCounts`) and the agencies' (`AgencyPetitionCounts`). Each says how to create its table,
/// how to add what a set of petitions counts, and its triggers; the rest is the same for all, here. `BulkLoad` sets
/// every one's triggers aside during a load and catches it up after (`PetitionCounters.all`).
protocol PetitionCounter {
    static var schema: String { get }
    /// The name of its PostgreSQL trigger, and the stem of its SQLite triggers' names.
    static var postgresTrigger: String { get }
    static func createTable(on db: any Database) async throws
    /// Adds what the petitions meeting `rows` (a condition on the alias `r`) count: the existing ones when the counter is
    /// created, a bulk load's own.
    static func add(rows: String, on db: any Database) async throws
    /// Adds a bulk load's own petitions (`BulkLoad`): `add`, unless the counter keeps more than its triggers on the
    /// petitions, which the load sets aside.
    static func addLoaded(rows: String, on db: any Database) async throws
    static func createTriggers(on db: any Database) async throws
}

extension PetitionCounter {
    static func addLoaded(rows: String, on db: any Database) async throws { try await add(rows: rows, on: db) }

    /// Its triggers' names on SQLite (insert, update, delete; `SummaryCounters.createCountingTriggers`).
    static var sqliteTriggers: [String] { ["insert", "update", "delete"].map { "\(postgresTrigger)_\($0)" } }

    static func dropTriggers(on db: any Database) async throws {
        try await SummaryCounters.dropCountingTriggers(postgresTrigger, on: VoterPetition.schema, db: db)
    }

    /// A migration's work: the table, the petitions already there counted once, then the triggers that keep it.
    static func install(on db: any Database) async throws {
        try await createTable(on: db)
        try await add(rows: "1 = 1", on: db)
        try await createTriggers(on: db)
    }

    static func uninstall(on db: any Database) async throws {
        try await dropTriggers(on: db)
        try await db.sql.raw("DROP TABLE \(unsafeRaw: schema)").run()
    }
}

enum PetitionCounters {
    static let all: [any PetitionCounter.Type] = [PetitionClusterCounts.self, AgencyPetitionCounts.self]
}
