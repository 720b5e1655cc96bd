@testable import HDND
import FluentPostgresDriver
import Foundation
import FluentSQLiteDriver
import NIOConcurrencyHelpers
import SQLKit
import Testing

/// Rows read by the code base's own decoders (`rows(_:)`: each database's own rows, without SQLKit's row wrapper) give
/// what SQLKit's general decoder gives, and refuse what it refuses.
@Suite struct RowDecodingTests {
    struct Row: Decodable, Equatable {
        let i: Int; let s: String; let d: Double; let b: Bool; let o: String?; let n: Int?; let absent: String?; let k: PetitionStatus
    }

    @Test(arguments: TestDB.all) func rowsReadAsSQLKitReadsThem(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            // The rows are the driver's own (the path `rows(_:)` takes), on each database.
            #expect((app.db.sql is any SQLiteDatabase) == (db == .sqlite) && (app.db.sql is any PostgresDatabase) == (db == .postgres))
            // PostgreSQL: text, whole numbers, reals and booleans are bound by PostgresNIO itself; anything else by SQLKit.
            #expect(PostgresRowColumns.bindings(["a", 1, true, 2.5, [1, 2]]) != nil)
            #expect(PostgresRowColumns.bindings(["a", UUID()]) == nil && PostgresRowColumns.bindings([String?.none]) == nil)
            let sql: SQLQueryString = """
                SELECT 7 AS i, 'Hà Nội' AS s, CAST(2.5 AS DOUBLE PRECISION) AS d, 1 = 1 AS b, CAST(NULL AS TEXT) AS o, 3 AS n, 'forwarded' AS k \
                UNION ALL SELECT -2, '', 0, 1 = 0, 'x', NULL, 'received'
                """
            let fast = try await app.db.sql.raw(sql).rows(Row.self)
            #expect(fast == (try await app.db.sql.raw(sql).all(decoding: Row.self)))
            #expect(fast == [Row(i: 7, s: "Hà Nội", d: 2.5, b: true, o: nil, n: 3, absent: nil, k: .forwarded),
                             Row(i: -2, s: "", d: 0, b: false, o: "x", n: nil, absent: nil, k: .received)])
            // Columns in another order than the row's keys: read by their names all the same.
            let reversed: SQLQueryString = """
                SELECT 'received' AS k, 3 AS n, 'x' AS o, 1 = 0 AS b, CAST(0.5 AS DOUBLE PRECISION) AS d, 'y' AS s, 9 AS i \
                UNION ALL SELECT 'merged', NULL, NULL, 1 = 1, 1.5, 'z', 8
                """
            #expect(try await app.db.sql.raw(reversed).rows(Row.self) == [Row(i: 9, s: "y", d: 0.5, b: false, o: "x", n: 3, absent: nil, k: .received),
                                                                           Row(i: 8, s: "z", d: 1.5, b: true, o: nil, n: nil, absent: nil, k: .merged)])
            // The first row: a builder's (asked for one row) and a raw statement's.
            struct ID: Decodable, Equatable { let id: Int }
            let units = try await app.db.sql.select().column("id").from("units").orderBy("id").rows(ID.self)
            #expect(units.count > 1)
            #expect(try await app.db.sql.select().column("id").from("units").orderBy("id").firstRow(ID.self) == units.first)
            #expect(try await app.db.sql.raw("SELECT id FROM units ORDER BY id DESC").firstRow(ID.self) == units.last)
            #expect(try await app.db.sql.raw("SELECT id FROM units WHERE id < 0").firstRow(ID.self) == nil)
            // Bound values, each kind of bind, and a statement SQLKit binds (a date, a null): the same rows either way.
            struct Bound: Decodable, Equatable { let s: String; let i: Int; let b: Bool; let d: Double; let t: String? }
            let bound: SQLQueryString = """
                SELECT CAST(\(bind: "Đống Đa") AS TEXT) AS s, CAST(\(bind: 41) AS BIGINT) AS i, CAST(\(bind: false) AS BOOLEAN) AS b, \
                CAST(\(bind: 0.25) AS DOUBLE PRECISION) AS d, CAST(\(bind: String?.none) AS TEXT) AS t
                """
            #expect(try await app.db.sql.raw(bound).rows(Bound.self) == [Bound(s: "Đống Đa", i: 41, b: false, d: 0.25, t: nil)])
            #expect(try await app.db.sql.raw(bound).rows(Bound.self) == (try await app.db.sql.raw(bound).all(decoding: Bound.self)))
            let plain: SQLQueryString = """
                SELECT CAST(\(bind: "x") AS TEXT) AS s, CAST(\(bind: 41) AS BIGINT) AS i, CAST(\(bind: true) AS BOOLEAN) AS b, \
                CAST(\(bind: 1.5) AS DOUBLE PRECISION) AS d, CAST(\(bind: "y") AS TEXT) AS t
                """
            #expect(try await app.db.sql.raw(plain).rows(Bound.self) == [Bound(s: "x", i: 41, b: true, d: 1.5, t: "y")])
            if db == .postgres {
                // A list of whole numbers bound as one value (the summaries' councils, `SummaryQueries.councilScope(_:on:)`).
                let listed = try await app.db.sql.raw("SELECT id FROM units WHERE id = ANY(\(bind: units.prefix(2).map(\.id))) ORDER BY id").rows(ID.self)
                #expect(listed == Array(units.prefix(2)))
            }
            // Moments (a record's creation), and none: as SQLKit reads them.
            struct Moment: Decodable, Equatable { let at: Date; let none: Date? }
            let moments: SQLQueryString = "SELECT created_at AS at, deleted_at AS none FROM councils WHERE deleted_at IS NULL ORDER BY id LIMIT 3"
            let read = try await app.db.sql.raw(moments).rows(Moment.self)
            let general = try await app.db.sql.raw(moments).all(decoding: Moment.self)
            #expect(read.count == 3 && read == general)
            #expect(read.allSatisfy { $0.at.timeIntervalSinceNow < 60 && $0.at.timeIntervalSinceNow > -86_400 * 365 && $0.none == nil })
            // A sum (PostgreSQL's `numeric`) read as a whole number: as SQLKit reads it, or refused as it refuses it.
            struct Sum: Decodable, Equatable { let i: Int }
            let sum: SQLQueryString = "SELECT SUM(CAST(3 AS BIGINT)) AS i"
            #expect((try? await app.db.sql.raw(sum).rows(Sum.self)) == (try? await app.db.sql.raw(sum).all(decoding: Sum.self)))
            // A text where a number belongs, a null where a value must be, an unknown status: errors, never a default.
            struct Number: Decodable { let i: Int }
            struct Status: Decodable { let k: PetitionStatus }
            await #expect(throws: (any Error).self) { try await app.db.sql.raw("SELECT 'bảy' AS i").rows(Number.self) }
            await #expect(throws: (any Error).self) { try await app.db.sql.raw("SELECT CAST(NULL AS INTEGER) AS i").rows(Number.self) }
            await #expect(throws: (any Error).self) { try await app.db.sql.raw("SELECT 'lost' AS k").rows(Status.self) }
            // An optional status: null is none, a name its case.
            struct MaybeStatus: Decodable, Equatable { let k: PetitionStatus? }
            let maybe: SQLQueryString = "SELECT CAST(NULL AS TEXT) AS k UNION ALL SELECT 'merged'"
            #expect(try await app.db.sql.raw(maybe).rows(MaybeStatus.self) == [MaybeStatus(k: nil), MaybeStatus(k: .merged)])
        }
    }

    /// PostgreSQL's reads outside a transaction are prepared once per connection under a name of their own
    /// (`PostgresStatements`) and give the same rows for every value bound; inside a transaction they go unnamed; a read
    /// whose preparation failed is not failed again for good once the cause is gone.
    @Test func postgresReadsArePreparedOnce() async throws {
        guard TestDB.all.contains(.postgres) else { return }
        try await withTestApp(.postgres, demo: false) { app in
            struct Named: Decodable { let name: String; let statement: String }
            struct ID: Decodable, Equatable { let id: Int }
            let probe = "SELECT CAST($1 AS BIGINT) * 2 AS id WHERE CAST($2 AS BIGINT) > 0"
            // The statements this connection holds prepared, with their text.
            @Sendable func prepared(_ db: any Database) async throws -> [Named] {
                try await db.sql.raw("SELECT name, statement FROM pg_prepared_statements WHERE statement NOT LIKE '%pg_prepared_statements%'")
                    .all(decoding: Named.self)
            }
            // One event loop's pool, of one connection (Fluent's `withConnection` would mark the database as in a
            // transaction, where nothing is prepared).
            let db = try #require(app.databases.database(.psql, logger: app.logger, on: app.eventLoopGroup.next()))
            do {
                for n in [3, 4, 5, 6, 7, 8, 0, 9] {
                    let rows = try await db.sql.raw("SELECT CAST(\(bind: n) AS BIGINT) * 2 AS id WHERE CAST(\(bind: n) AS BIGINT) > 0").rows(ID.self)
                    #expect(rows == (n > 0 ? [ID(id: n * 2)] : []), "\(n)")
                }
                let named = try await prepared(db).filter { $0.statement.contains("* 2 AS id") }
                #expect(named.count == 1 && named.first?.name == PostgresStatements.name(of: probe), "\(named)")
                // In a transaction: unnamed (nothing new prepared), the rows the same.
                try await db.transaction { tx in
                    let rows = try await tx.sql.raw("SELECT CAST(\(bind: 21) AS BIGINT) + 1 AS id").rows(ID.self)
                    #expect(rows == [ID(id: 22)])
                    #expect(try await prepared(tx).allSatisfy { !$0.statement.contains("+ 1 AS id") })
                }
                // A read of a table that does not exist yet fails with PostgreSQL's message; once the table is there,
                // the same read answers on the same connection.
                let missing: SQLQueryString = "SELECT id FROM probe_later WHERE id > \(bind: 0)"
                await #expect(throws: (any Error).self) { try await db.sql.raw(missing).rows(ID.self) }
                try await db.sql.raw("CREATE TABLE probe_later (id BIGINT)").run()
                try await db.sql.raw("INSERT INTO probe_later VALUES (5)").run()
                #expect(try await db.sql.raw(missing).rows(ID.self) == [ID(id: 5)])
                // A write that returns rows is sent unnamed (never prepared, never sent twice).
                try await db.sql.raw("CREATE TABLE probe_writes (id BIGINT)").run()
                #expect(try await db.sql.raw("INSERT INTO probe_writes VALUES (\(bind: 1)) RETURNING id").rows(ID.self) == [ID(id: 1)])
                #expect(try await prepared(db).allSatisfy { !$0.statement.contains("probe_writes") })
                #expect(try await db.sql.raw("SELECT id FROM probe_writes WHERE id > \(bind: 0)").rows(ID.self) == [ID(id: 1)])
                // An error of its own (a text where a number belongs) is still reported, every time.
                for _ in 0..<2 {
                    await #expect(throws: (any Error).self) { try await db.sql.raw("SELECT CAST(\(bind: "bảy") AS BIGINT) AS id").rows(ID.self) }
                }
                // Many reads at once on the loop's one connection: each has it in turn and hands it back, failed or not.
                let answers = try await withThrowingTaskGroup(of: [ID]?.self) { group in
                    for n in 1...40 {
                        group.addTask {
                            guard n % 5 != 0 else {
                                _ = try? await db.sql.raw("SELECT CAST(\(bind: "số \(n)") AS BIGINT) AS id").rows(ID.self)
                                return nil
                            }
                            return try await db.sql.raw("SELECT CAST(\(bind: n) AS BIGINT) * 2 AS id WHERE CAST(\(bind: n) AS BIGINT) > 0").rows(ID.self)
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0 += ($1 ?? []).map(\.id) }
                }
                #expect(answers.sorted() == (1...40).filter { $0 % 5 != 0 }.map { $0 * 2 })
            }
        }
    }

    /// PostgreSQL's connections: 16 in all shared among the cores' event loops, at least 2 each, so that a server of many
    /// cores stays within PostgreSQL's default of 100 connections.
    @Test func postgresConnectionsAreSharedAmongTheCores() {
        #expect([1, 2, 4, 8, 16, 50].map { AppConfig.postgresConnectionsPerLoop(cores: $0) } == [16, 8, 4, 2, 2, 2])
        for cores in 1...50 { #expect(cores * AppConfig.postgresConnectionsPerLoop(cores: cores) <= 100) }
    }

    /// SQLite's reads outside a transaction go to the reading connections (`SQLiteReaders`): they see every committed
    /// write at once, a transaction's reads see its own writes, a statement that writes still writes, statements kept
    /// past the pool's limit are still right, and SQLite's own message comes back with an error.
    @Test func sqliteReadersSeeWhatTheWritersWrote() async throws {
        let kept = NIOLockedValueBox<SQLiteReaders?>(nil)
        try await withTestApp(.sqlite, demo: false) { app in
            let readers = try #require(SQLiteReaders.of(app.db.sql))
            kept.withLockedValue { $0 = readers }
            try await app.db.sql.raw("CREATE TABLE reader_probe (id INTEGER PRIMARY KEY, v TEXT NOT NULL)").run()
            struct Count: Decodable { let n: Int }
            @Sendable func count() async throws -> Int {
                let rows = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM reader_probe").rows(Count.self)
                return rows[0].n
            }
            let before = try await count()
            #expect(readers.idleCount >= 1, "the read went to a reading connection")
            try await app.db.sql.raw("INSERT INTO reader_probe (v) VALUES ('Thử 1')").run()
            #expect(try await count() == before + 1, "a committed write is seen by the next read")
            // Inside a transaction: no reader (the transaction's own connection sees its uncommitted row).
            try await app.db.transaction { tx in
                #expect(SQLiteReaders.of(tx.sql) == nil)
                try await tx.sql.raw("INSERT INTO reader_probe (v) VALUES ('Thử 2')").run()
                #expect(try await tx.sql.raw("SELECT COUNT(*) AS n FROM reader_probe").rows(Count.self)[0].n == before + 2)
                let seen = try await count()
                #expect(seen == before + 1, "a reader does not see what is not committed")
            }
            #expect(try await count() == before + 2)
            // Fluent's model queries and SQLKit's `all()` read there too: while a transaction holds SQLiteNIO's connection
            // and has written, they answer at once, without what it has not committed (through SQLiteNIO they would
            // wait for that connection).
            let decisions = try await HolidayDecision.query(on: app.db).count()
            try await app.db.transaction { tx in
                let decision = HolidayDecision()
                decision.year = 2031; decision.number = "Thử"; decision.issuer = "Thử"; decision.summary = "Thử"; decision.source = "Thử"
                decision.daysOff = "[]"; decision.workingDays = "[]"; decision.verified = false; decision.version = 1
                try await decision.create(on: tx)
                #expect(try await HolidayDecision.query(on: tx).count() == decisions + 1)
                let outside = try await HolidayDecision.query(on: app.db).count()
                let rows = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM holiday_decisions").all().map { try $0.decode(column: "n", as: Int.self) }
                #expect(outside == decisions && rows == [decisions])
            }
            let committed = try await HolidayDecision.query(on: app.db).filter(\.$year == 2031).first()
            #expect(try await HolidayDecision.query(on: app.db).count() == decisions + 1 && committed?.number == "Thử" && committed?.createdAt != nil)
            // A statement that writes and returns rows goes to the writers.
            struct ID: Decodable { let id: Int }
            let returned = try await app.db.sql.raw("INSERT INTO reader_probe (v) VALUES ('Thử 3') RETURNING id").rows(ID.self)
            let after = try await count()
            #expect(returned.count == 1 && after == before + 3)
            // A statement whose plan could depend on its values (a LIMIT, a comparison with a partial index's column)
            // is prepared once, whatever values it is given.
            let limited = "SELECT id FROM voter_petitions WHERE meeting_id = ?1 AND deleted_at IS NULL ORDER BY id LIMIT ?2"
            struct V: Decodable { let v: Int }
            for (meeting, limit) in [(1, 1), (2, 5), (3, 0), (1, 10)] {
                _ = try await app.db.sql.raw("SELECT id AS v FROM voter_petitions WHERE meeting_id = \(bind: meeting) AND deleted_at IS NULL ORDER BY id LIMIT \(bind: limit)").rows(V.self)
            }
            #expect(readers.preparedAgain(limited.replacingOccurrences(of: "SELECT id FROM", with: "SELECT id AS v FROM")) == 0)
            // Only what begins as a read is prepared by a reader; a schema change goes straight to the writers (prepared on a
            // reader whose schema is older, re-creating what the writers just dropped fails: every test's setup, which
            // drops and re-creates the counters' triggers, failed that way before this rule).
            #expect(SQLiteReaders.mayRead("SELECT 1") && SQLiteReaders.mayRead("  with x AS (SELECT 1) SELECT * FROM x") && SQLiteReaders.mayRead("(SELECT 1)"))
            #expect(!SQLiteReaders.mayRead("INSERT INTO t VALUES (1)") && !SQLiteReaders.mayRead("CREATE TRIGGER t") && !SQLiteReaders.mayRead("PRAGMA x"))
            // More distinct statements than a connection keeps: every answer still its own.
            for value in 0..<300 {
                #expect(try await app.db.sql.raw("SELECT \(unsafeRaw: String(value)) AS v").rows(V.self).map(\.v) == [value])
            }
            // SQLite's message, naming what is wrong.
            do {
                _ = try await app.db.sql.raw("SELECT no_such_column FROM reader_probe").rows(Count.self)
                Issue.record("no error")
            } catch {
                #expect("\(error)".contains("no_such_column"))
            }
        }
        #expect(kept.withLockedValue { $0 }?.idleCount == 0, "the app's shutdown closes the readers")
    }
}
