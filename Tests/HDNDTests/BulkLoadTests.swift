import Fluent
@testable import HDND
import SQLKit
import Testing
import Vapor

/// Bulk loads set the per-row triggers aside and do their work set by set (`BulkLoad`): what they leave must be what
/// the triggers would have left — counters, the similar-petition index, the search index — and the triggers must be back.
@Suite struct BulkLoadTests {
    struct Trigger: Decodable, Hashable { let name: String; let enabled: String }
    static let escaped = "Kiến nghị C:\\thư mục\\N\tcột hai\r\ndòng hai \\\\ hết"

    /// The triggers in place and whether they fire (PostgreSQL can disable one without dropping it), and the indexes
    /// and PostgreSQL's foreign keys with their definitions (a bulk load may drop and add them again), in this test's own
    /// schema on PostgreSQL (other tests run beside it in theirs).
    static func triggers(_ db: any Database) async throws -> Set<Trigger> {
        let sql: SQLQueryString = db.isSQLite
            ? "SELECT name, COALESCE(sql, '') AS enabled FROM sqlite_master WHERE type IN ('trigger', 'index')"
            : """
              SELECT t.tgname AS name, CAST(t.tgenabled AS TEXT) AS enabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
              JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = current_schema() \
              UNION ALL SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() \
              UNION ALL SELECT conrelid::regclass || '.' || conname, pg_get_constraintdef(oid) FROM pg_constraint \
              WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
              """
        return Set(try await db.sql.raw(sql).all(decoding: Trigger.self))
    }

    @Test(arguments: TestDB.all) func bulkLoadsLeaveWhatTheTriggersWould(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let admin = Actor(userID: 0, username: "t", fullName: "Thử", grants: [Grant(role: .admin)])
            let triggers = try await Self.triggers(app.db)
            #expect(triggers.count >= 60)
            #expect(app.db.isSQLite || triggers.contains { $0.name.hasPrefix("voter_petitions.") && $0.enabled.hasPrefix("FOREIGN KEY") })

            // Petitions over several months (one classified, one forwarded-looking field), letters, and generated data.
            let petitions = PetitionImport.check([["03/03/2026", "Đề nghị nạo vét mương thoát nước tổ 7", "Môi trường", "4", ""],
                                                  ["28/02/2026", "Đề nghị lắp đèn chiếu sáng ngõ 5", "", "2", ""],
                                                  ["05/06/2019", "Đề nghị nạo vét mương thoát nước tổ 9", "", "1", "Tiếp công dân"],
                                                  // What PostgreSQL's COPY text must escape inside a value.
                                                  ["06/06/2019", Self.escaped, "", "1", ""]])
            let revision = try await FigureRevision.current(on: app.db)
            #expect(try await PetitionImport.write(petitions, council: hbt, actor: admin, db: app.db) == 4)
            // The kept summaries are counted again: the load bumps the figures' revision with its trigger set aside.
            #expect(try await FigureRevision.current(on: app.db) > revision, "the figures' revision after an import")
            #expect(try await VoterPetition.query(on: app.db).filter(\.$receivedOn == "2019-06-06").all().map(\.content) == [Self.escaped])
            let letters = LetterImport.check([["12/03/2019", "Khiếu nại", "Nguyễn Văn Nhập", "", "Khiếu nại thu hồi đất ngõ 12", "Qua bưu điện", "", ""]])
            #expect(try await LetterImport.write(letters, council: hbt, actor: admin, db: app.db) == 1)
            _ = try await DemoScale.generate(scale: 0.001, on: app.db) { _ in }
            #expect(try await Self.triggers(app.db) == triggers, "every trigger back, and firing; every index back")

            // The counters equal those rebuilt from the records.
            let kept = try await SummaryCountersTests.snapshot(app.db)
            try await SummaryCounters.rebuild(on: app.db)
            let rebuilt = try await SummaryCountersTests.snapshot(app.db)
            let onlyKept = kept.subtracting(rebuilt).map { "\($0)" }.sorted().prefix(5), onlyRebuilt = rebuilt.subtracting(kept).map { "\($0)" }.sorted().prefix(5)
            if rebuilt != kept { Issue.record("counters differ: \(onlyKept) ≠ \(onlyRebuilt)") }
            // And the clusters' counters (the generated petitions are gathered inside the load) those counted again.
            let clusters = try await PetitionClusterTests.clusterCounts(app.db)
            #expect(!clusters.kept.isEmpty && clusters.kept == clusters.recounted, "\(clusters.kept.subtracting(clusters.recounted).prefix(5))")
            // And so the units' totals of the clusters (added by the load set by set, their trigger set aside).
            let units = try await PetitionClusterTests.unitCounts(app.db)
            #expect(!units.kept.isEmpty && units.kept == units.recounted, "\(units.kept.symmetricDifference(units.recounted).sorted { "\($0)" < "\($1)" }.prefix(5))")

            // The new rows are in the search index and the similar-petition index.
            #expect(try await SearchIndex.search(on: app.db, query: "thu hoi dat ngo 12", unitPaths: ["/"], limit: 5).count == 1)
            let imported = try #require(try await VoterPetition.query(on: app.db).filter(\.$content == "Đề nghị nạo vét mương thoát nước tổ 7").first())
            let similar = try await SimilarPetitions.suggestions(id: imported.id!, councilID: imported.councilID, folded: imported.folded, db: app.db)
            #expect(similar.contains { $0.content == "Đề nghị nạo vét mương thoát nước tổ 9" })
            if app.db.isSQLite {
                struct N: Decodable { let n: Int }
                let open = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM voter_petitions WHERE \(unsafeRaw: M029_AddSimilarPetitionIndex.open())")
                    .first(decoding: N.self)?.n
                let indexed = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM petition_fts").first(decoding: N.self)?.n
                #expect(open == indexed)
                // FTS5's own check that the search index matches its entries.
                try await app.db.sql.raw("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')").run()
                // Merging is back on in both full-text indexes (the load writes them without merging).
                struct Setting: Decodable { let v: Int }
                for fts in ["search_fts", "petition_fts"] {
                    let automerge = try await app.db.sql.raw("SELECT v FROM \(ident: fts + "_config") WHERE k = 'automerge'").first(decoding: Setting.self)
                    #expect(automerge?.v == 4, "\(fts)")
                }
            }
        }
    }

    /// Reception visits loaded beside days already kept: a day with a session keeps one, a day whose visits were all
    /// removed starts a session again, a new day starts one (the load writes the days with their own triggers set aside
    /// and counts the sessions it starts itself).
    @Test(arguments: TestDB.all) func loadedVisitsCountTheSessionsTheyStart(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let columns = ["council_id", "unit_id", "date", "consent", "confidential", "visitors", "kind", "topic", "handling", "folded", "version",
                           "created_at"]
            func visits(_ days: [String]) -> [[(any Encodable & Sendable)?]] {
                days.map { [hbt.id!, hbt.unitID, $0, true, false, 2, "petition", "Hỏi về cấp sổ đỏ", "guided", "hoi ve cap so do", 1, Date()] }
            }
            // Before the load, by the per-row triggers: two visits on the 10th, and one on the 11th that is then removed.
            try await BulkLoad.insert(into: ReceptionVisit.schema, columns: columns, rows: visits(["2026-03-10", "2026-03-10", "2026-03-11"]),
                                      on: app.db)
            try await app.db.sql.raw("UPDATE reception_visits SET deleted_at = \(bind: Date()) WHERE date = '2026-03-11'").run()
            let march = { try await ReceptionQueries.counts(scope: "council_id = \(bind: hbt.id!)", from: "2026-03-01", to: "2026-03-31", db: app.db) }
            #expect(try await march().sessions == 1)
            let triggers = try await Self.triggers(app.db)

            let load = visits(["2026-03-10", "2026-03-11", "2026-03-12", "2026-03-12"])
            try await BulkLoad.run(into: [ReceptionVisit.schema], on: app.db) { tx in
                try await BulkLoad.insert(into: ReceptionVisit.schema, columns: columns, rows: load, on: tx)
            }
            #expect(try await Self.triggers(app.db) == triggers, "the days' counting triggers back")
            let loaded = try await march()
            #expect(loaded.sessions == 3 && loaded.visits == 12)
            let kept = try await SummaryCountersTests.snapshot(app.db)
            try await SummaryCounters.rebuild(on: app.db)
            #expect(try await SummaryCountersTests.snapshot(app.db) == kept, "the counters equal those rebuilt from the records")
            // The days' triggers count again after the load: a visit on a new day, written row by row, is a fourth session.
            try await BulkLoad.insert(into: ReceptionVisit.schema, columns: columns, rows: visits(["2026-03-13"]), on: app.db)
            #expect(try await march().sessions == 4)
        }
    }

    /// Rows written in several pieces (PostgreSQL's `COPY` sends 2.000 rows at a time, SQLite binds 2.000 to a statement)
    /// arrive whole and in order, each with its own instant: one shared by runs of rows (as an import's), others apart.
    @Test(arguments: TestDB.all) func rowsInManyPiecesArriveWhole(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let shared = Date(timeIntervalSince1970: 1_780_000_000.25)
            let instants = (0..<4_501).map { $0 % 3 == 0 ? Date(timeIntervalSince1970: 1_700_000_000 + Double($0) * 61.5) : shared }
            let rows: [[(any Encodable & Sendable)?]] = instants.enumerated().map { i, at in
                [hbt.id!, hbt.unitID, "2026-03-10", true, false, 1, "petition", "Lượt \(i)", "guided", "luot \(i)", 1, at]
            }
            let above = try await BulkLoad.largestID(of: ReceptionVisit.schema, on: app.db)
            try await BulkLoad.run(into: [ReceptionVisit.schema], on: app.db) { tx in
                try await BulkLoad.insert(into: ReceptionVisit.schema,
                                          columns: ["council_id", "unit_id", "date", "consent", "confidential", "visitors", "kind", "topic",
                                                    "handling", "folded", "version", "created_at"],
                                          rows: rows, on: tx)
            }
            struct Row: Decodable { let topic: String; let created_at: Date }
            let written = try await app.db.sql.raw("""
                SELECT topic, created_at FROM reception_visits WHERE id > \(bind: above) ORDER BY id
                """).all(decoding: Row.self)
            #expect(written.map(\.topic) == (0..<4_501).map { "Lượt \($0)" })
            let apart = zip(written, instants).filter { abs($0.created_at.timeIntervalSince($1)) > 0.001 }
                .map { "\($0.topic): \($0.created_at) ≠ \($1)" }
            #expect(apart.count == 0, "\(apart.prefix(3))")
        }
    }

    /// A load that fails takes its rows back, and the triggers are as before.
    @Test(arguments: TestDB.all) func aFailedBulkLoadLeavesNothing(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let triggers = try await Self.triggers(app.db), counts = try await SummaryCountersTests.snapshot(app.db)
            let before = try await VoterPetition.query(on: app.db).count()
            struct Broken: Error {}
            await #expect(throws: Broken.self) {
                try await BulkLoad.run(into: [VoterPetition.schema, SearchEntry.schema], on: app.db) { tx in
                    try await tx.sql.insert(into: VoterPetition.schema)
                        .columns("council_id", "unit_id", "source", "content", "voter_count", "status", "received_on", "folded", "version", "created_at")
                        .values(SQLBind(hbt.id!), SQLBind(hbt.unitID), SQLBind("voterMeeting"), SQLBind("Kiến nghị dở dang"), SQLBind(1),
                                SQLBind("received"), SQLBind("2026-03-03"), SQLBind("kien nghi do dang"), SQLBind(1), SQLBind(Date()))
                        .run()
                    throw Broken()
                }
            }
            #expect(try await VoterPetition.query(on: app.db).count() == before)
            #expect(try await Self.triggers(app.db) == triggers)
            #expect(try await SummaryCountersTests.snapshot(app.db) == counts)

            // A row naming a council that does not exist, among good ones: the references are checked at the load's end
            // (SQLite: deferred, without a statement journal), and the whole load is refused, the good rows with it.
            let unitID = hbt.unitID, now = Date()
            let rows: [[(any Encodable & Sendable)?]] = [hbt.id!, 999_999, hbt.id!].map { council in
                [council, unitID, "voterMeeting", "Kiến nghị \(council)", 1, "received", "2026-03-03", "kien nghi", 1, now]
            }
            // So too when the load drops the table's indexes (and on PostgreSQL its foreign keys) and adds them back after.
            for rebuilding in [false, true] {
                await #expect(throws: (any Error).self, "rebuilding the indexes: \(rebuilding)") {
                    try await BulkLoad.run(into: [VoterPetition.schema], rebuildingIndexes: rebuilding, on: app.db) { tx in
                        try await BulkLoad.insert(into: VoterPetition.schema,
                                                  columns: ["council_id", "unit_id", "source", "content", "voter_count", "status", "received_on",
                                                            "folded", "version", "created_at"],
                                                  rows: rows, on: tx)
                    }
                }
                #expect(try await VoterPetition.query(on: app.db).count() == before)
                #expect(try await Self.triggers(app.db) == triggers, "every trigger, index and foreign key back")
                #expect(try await SummaryCountersTests.snapshot(app.db) == counts)
            }

            // SQLite: a trigger it expects and cannot find (renamed elsewhere) stops the load rather than count twice.
            if app.db.isSQLite {
                try await app.db.sql.raw("DROP TRIGGER search_entries_ai").run()
                await #expect(throws: (any Error).self) {
                    try await BulkLoad.run(into: [SearchEntry.schema], on: app.db) { _ in }
                }
            }
        }
    }
}
