import Fluent
@testable import HDND
import SQLKit
import Testing

/// The hot queries use the index meant for them, on both databases. On PostgreSQL the tests' tables are small enough
/// that a sequential scan would win, so scans are discouraged for the plan (`enable_seqscan = off`): the plan then
/// shows whether a fitting index exists and the planner can use it. Nothing here is timed.
@Suite struct QueryPlanTests {
    /// The plan of `query` as text; on SQLite as the reading connections plan it (plans that do not depend on the values
    /// bound, `SQLiteReaders`).
    /// `unsorted`: on PostgreSQL, sorts discouraged too (`enable_sort = off`), for plans whose point is an index that gives
    /// the order: on the tests' few rows, once analyzed, a sort of the 17 rows an index of councils finds is cheaper.
    static func plan(_ query: any SQLExpression, _ db: any Database, unsorted: Bool = false) async throws -> String {
        if db.isSQLite {
            struct Step: Decodable { let detail: String }
            return try await db.sql.raw("EXPLAIN QUERY PLAN \(query)").rows(Step.self).map(\.detail).joined(separator: "\n")
        }
        return try await db.transaction { tx in
            try await tx.sql.raw("SET LOCAL enable_seqscan = off").run()
            if unsorted { try await tx.sql.raw("SET LOCAL enable_sort = off").run() }
            return try await tx.sql.raw("EXPLAIN \(query)").all()
                .compactMap { try? $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "\n")
        }
    }

    /// SQLite: uses `index` and, unless `sorts`, sorts nothing in a temporary tree. PostgreSQL (whose choice among
    /// fitting indexes depends on statistics the tests' data cannot give): reads the table through an index, never a scan.
    static func expectUses(_ index: String, _ query: any SQLExpression, _ db: any Database, sorts: Bool = false,
                           _ what: String) async throws {
        let text = try await plan(query, db)
        if db.isSQLite {
            #expect(text.contains(index), "\(what): \(text)")
            if !sorts { #expect(!text.contains("USE TEMP B-TREE FOR ORDER BY"), "\(what) sorts: \(text)") }
        } else {
            #expect(text.contains("Index") && !text.contains("Seq Scan"), "\(what): \(text)")
        }
    }

    /// A page of the unit's visits of 2019 (`DrillDownController.visits`) is read from `index`; a province's sorts only its page.
    static func expectVisits(of unit: AdministrativeUnit, from index: String, _ db: any Database) async throws {
        let visitPlan = try await DrillDownController.visitPlan(unit, kept: .none, db)
        let visitPage = DrillDownController.rowsQuery("reception_visits", columns: "id, topic",
                                                      where: DrillDownController.visits(visitPlan.rows, .year(2019)),
                                                      dated: "date", index: visitPlan.index, before: 1_000, after: nil)
        try await expectUses(index, visitPage, db, sorts: true, "visits of \(unit.name)")
        if !db.isSQLite && unit.level == .province {
            // No index of councils serves the scope: by the index of days, whatever the number of councils.
            let plan = try await plan(visitPage, db)
            #expect(plan.contains(index) && !plan.contains("reception_visits_council"), "\(plan)")
        }
        if db.isSQLite && unit.level == .province {
            let plan = try await plan(visitPage, db)
            #expect(plan.contains("COVERING INDEX \(index)") && !plan.contains("SCAN reception_visits"), "\(plan)")
            #expect(plan.components(separatedBy: "TEMP B-TREE").count == 2 && !plan.contains("RIGHT PART"), "\(plan)")
        }
    }

    /// Whether a plan reaches rows through an index of councils. SQLite names the index it uses; PostgreSQL may scan an
    /// index that begins with the council for its other columns (`council_id + 0` only filtered, as the CI's statistics
    /// once made it for a city's overdue petitions), so what counts there is a council in an index's condition (not the join's `id = p.council_id`).
    static func servedByCouncil(_ plan: String) -> Bool {
        plan.split(separator: "\n").contains { line in
            line.contains("Index Cond") ? line.contains("(council_id ") : line.contains("USING") && line.contains("_council")
        }
    }

    /// A city's lists with every council below it (the summary's petitions, "Gồm HĐND cấp dưới", their exports) read
    /// their rows in the list's order until a page is full, never through the index of councils with all sorted: newest
    /// by id from the table itself, a period's by the index of its day, a page after a cursor too.
    static func expectListsOverManyCouncils(_ city: AdministrativeUnit, _ db: any Database) async throws {
        func expectWalked(_ query: any SQLExpression, by index: String?, _ what: String) async throws {
            let text = try await plan(query, db, unsorted: index != nil)
            #expect(!Self.servedByCouncil(text) && !text.contains("TEMP B-TREE"), "\(what): \(text)")
            if let index { #expect(text.contains(index) && !text.contains("Sort"), "\(what): \(text)") }
            // PostgreSQL, on the tests' few rows without statistics, sorts them rather than read the ids backwards (as it
            // does on a province's data, docs/BENCHMARKS.md); what is checked is that no index of councils serves.
            else if db.isSQLite { #expect(text.contains("SCAN p"), "\(what): \(text)") }
        }
        // Statistics, as the full suite's autovacuum may leave them (or not): the plans must not depend on it.
        if !db.isSQLite { try await db.sql.raw("ANALYZE voter_petitions, letters").run() }
        var f = PetitionQueries.Filters()
        try await f.within(city.path, kept: .none, db: db)
        #expect(f.councilID == nil && f.walks)
        try await expectWalked(PetitionQueries.listQuery(f, limit: 51, db: db).query, by: nil, "a city's petitions")
        f.overdueOn = Day.today().description
        try await expectWalked(PetitionQueries.listQuery(f, limit: 51, db: db).query, by: nil, "a city's overdue petitions")
        f.overdueOn = nil
        for (day, _) in PetitionQueries.Filters.days {
            f.dateColumn = day; f.from = "2019-01-01"; f.to = "2019-12-31"; f.before = nil
            let index = try #require(M060_IndexListsByDay.index("voter_petitions", day))
            try await expectWalked(PetitionQueries.listQuery(f, limit: 51, db: db).query, by: index, "a city's petitions by \(day)")
            f.before = 1_000
            try await expectWalked(PetitionQueries.listQuery(f, limit: 500, db: db).query, by: index, "an export's page by \(day)")
            // Counted from the same index, which holds the council and deletion: never each row read from the table.
            let counting = try await plan(PetitionQueries.countQuery(f, db: db).query, db, unsorted: true)
            #expect(!Self.servedByCouncil(counting) && (!db.isSQLite || counting.contains("COVERING INDEX \(index)")), "\(counting)")
        }
        var l = LetterQueries.Filters(councilID: 1)
        l.includeBelow = true; l.from = "2019-01-01"; l.to = "2019-12-31"
        try await l.below(city.path, kept: .none, db: db)
        let letters = try await plan(LetterQueries.fetchQuery(l, before: 1_000, size: 50, db: db).query, db, unsorted: true)
        // The senders' names read with each row of the page, from their own index (a letter's few names put in order, SQLite's
        // "TEMP B-TREE FOR string_agg"; not the page).
        #expect(letters.contains("letters_received_on_id_idx") && !Self.servedByCouncil(letters) && !letters.contains("TEMP B-TREE FOR ORDER BY")
                && !letters.contains("Sort") && letters.contains("letter_senders_letter_id_idx"), "\(letters)")
    }

    /// PostgreSQL keeps one plan for the overdue lists whatever the day (`PostgresStatements.unseenDay`). With the day
    /// seen, a custom plan estimated the range's rows from the statistics, looked cheaper than the generic plan (a third
    /// of the rows, whatever the day), and each request planned the list anew. Here a statement prepared as the
    /// application prepares its reads is planned for a day before every due date and for a day after them all: the
    /// planner's estimates must not move (with the day seen they went from one row to all of them).
    @Test(arguments: TestDB.all.filter { $0 == .postgres }) func overdueListsKeepOnePlanOnPostgreSQL(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            // 2.000 petitions forwarded and due from 2020 on, and due days on the letters, with their statistics.
            try await app.db.sql.raw("""
                INSERT INTO voter_petitions (council_id, unit_id, source, content, voter_count, status, received_on, folded, due_date, version) \
                SELECT \(bind: hk.id!), \(bind: hk.unitID), 'voterMeeting', 'Kiến nghị', 1, 'forwarded', '2020-01-01', 'kien nghi', \
                to_char(DATE '2020-01-01' + g, 'YYYY-MM-DD'), 1 FROM generate_series(1, 2000) g
                """).run()
            try await app.db.sql.raw("UPDATE letters SET next_due = to_char(DATE '2020-01-01' + CAST(id % 1000 AS INTEGER), 'YYYY-MM-DD')").run()
            try await app.db.sql.raw("ANALYZE voter_petitions").run()
            try await app.db.sql.raw("ANALYZE letters").run()
            func estimates(_ query: (String) -> SQLSelectBuilder, on day: String) async throws -> [String] {
                let (sql, binds) = app.db.sql.serialize(query(day).query)
                let values = binds.map { value -> String in
                    if let n = value as? Int { return String(n) }
                    return "'" + "\(value)".replacingOccurrences(of: "'", with: "''") + "'"
                }.joined(separator: ", ")
                let plan = try await app.db.transaction { tx in
                    try await tx.sql.raw("PREPARE overdue_list AS \(unsafeRaw: sql)").run()
                    let plan = try await tx.sql.raw("EXPLAIN EXECUTE overdue_list(\(unsafeRaw: values))").all()
                        .compactMap { try? $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "\n")
                    try await tx.sql.raw("DEALLOCATE overdue_list").run()
                    return plan
                }
                return plan.matches(of: /rows=\d+/).map { String($0.output) }
            }
            let petitions = { (day: String) in
                var f = PetitionQueries.Filters()
                f.councilID = hk.id
                f.overdueOn = day
                return PetitionQueries.listQuery(f, limit: 51, db: app.db)
            }
            let letters = { (day: String) in
                var f = LetterQueries.Filters(councilID: hk.id)
                f.overdueOnly = true
                f.today = Day(stored: day)
                return LetterQueries.fetchQuery(f, before: nil, size: 50, db: app.db)
            }
            for (what, query) in [("overdue petitions", petitions), ("overdue letters", letters)] {
                let early = try await estimates(query, on: "1900-01-01"), late = try await estimates(query, on: "2999-12-31")
                #expect(!early.isEmpty && early == late, "\(what): the plan for 1900 estimates \(early), for 2999 \(late)")
            }
        }
    }

    @Test(arguments: TestDB.all) func hotQueriesUseTheirIndexes(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            let today = Day.today().description

            // Petitions: a council's list newest first, filtered by status, overdue; its overdue-by-agency panel.
            var f = PetitionQueries.Filters()
            f.councilID = hk.id
            try await Self.expectUses("voter_petitions_council_id_id_idx", PetitionQueries.listQuery(f, limit: 51, db: app.db).query, app.db,
                                      "petition list")
            // Sorted by voters: the page's ids walked from the end of the index of (council, voters, id) (M061), none of
            // the council's petitions sorted; only the page's rows, read with their text, are put in order.
            var byVoters = f
            byVoters.sort = .voters
            let votersQuery = PetitionQueries.listQuery(byVoters, limit: 51, db: app.db).query
            try await Self.expectUses(M061_SortListsFromIndexes.petitionsByVoters, votersQuery, app.db, sorts: true, "petitions by voters")
            if app.db.isSQLite {
                let text = try await Self.plan(votersQuery, app.db)
                #expect(text.components(separatedBy: "TEMP B-TREE").count == 2, "petitions by voters sorted twice: \(text)")
            }
            f.status = .forwarded
            try await Self.expectUses("voter_petitions_council_id_status_id_idx", PetitionQueries.listQuery(f, limit: 51, db: app.db).query,
                                      app.db, "petition list by status")
            try await Self.expectUses("COVERING INDEX voter_petitions_council_id_status_id_idx", PetitionQueries.countQuery(f, db: app.db).query,
                                      app.db, "counting a list by status")
            // From the index alone: reading each overdue row from the table was most of a list's database time.
            try await Self.expectUses("COVERING INDEX voter_petitions_council_status_due_agency_idx",
                                      PetitionQueries.overdueByAgencyQuery(councilID: hk.id!, on: today), app.db, sorts: true, "overdue by agency")
            // The home page's counts: only the open statuses, each a range of an index read alone, never the table.
            let dueCounts = PetitionQueries.dueCountsQuery(councilID: hk.id!, agencyIDs: nil, today: .today())
            try await Self.expectUses("COVERING INDEX voter_petitions_council_status_due_agency_idx", dueCounts, app.db, "home page counts")
            if app.db.isSQLite {
                let plan = try await Self.plan(dueCounts, app.db)
                #expect(!plan.contains("SCAN voter_petitions") && plan.components(separatedBy: "COVERING INDEX").count == 4, "\(plan)")
            }
            // An agency's home page counts, from its own index alone (35 ms a page when each row was read for deleted_at).
            let agencyCounts = PetitionQueries.dueCountsQuery(councilID: nil, agencyIDs: [1], today: .today())
            // Its forwarded petitions, many more, from its counters by due month, and from that index for the days of this month.
            try await Self.expectUses("COVERING INDEX voter_petitions_agency_status_due_idx", agencyCounts, app.db, "agency home counts")
            if app.db.isSQLite {
                let plan = try await Self.plan(agencyCounts, app.db)
                #expect(!plan.contains("SCAN voter_petitions") && !plan.contains("SCAN agency") && plan.components(separatedBy: "COVERING INDEX voter_petitions_agency_status_due_idx").count == 5
                        && plan.components(separatedBy: "SEARCH agency_petition_counts USING PRIMARY KEY").count == 3, "\(plan)")
            }
            // A meeting's petitions in the order entered.
            var meeting = PetitionQueries.Filters()
            meeting.meetingID = 1; meeting.after = 0
            try await Self.expectUses("voter_petitions_meeting_id_id_idx", PetitionQueries.listQuery(meeting, limit: 500, db: app.db).query, app.db,
                                      "a meeting's petitions")
            var inbox = PetitionQueries.Filters()
            inbox.agencyIDs = [1]
            try await Self.expectUses("voter_petitions_agency_id", PetitionQueries.listQuery(inbox, limit: 51, db: app.db).query, app.db,
                                      sorts: true, "agency inbox")

            // A city's visits of a year, opened from its summary, newest day first: from the index of days until the page
            // is full, the table read only for the page's rows, which alone are sorted (the outer ORDER BY), never all
            // the year's visits. A ward's few visits from its council's own index.
            let hanoi = try #require(try await AdministrativeUnit.query(on: app.db).filter(\.$code == "01").filter(\.$level == .province).first())
            let wardCouncil = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            let ward = try #require(try await AdministrativeUnit.find(wardCouncil.unitID, on: app.db))
            try await Self.expectVisits(of: hanoi, from: "reception_visits_date_id_idx", app.db)
            try await Self.expectVisits(of: ward, from: "reception_visits_council_date_deleted_idx", app.db)
            try await Self.expectListsOverManyCouncils(hanoi, app.db)
            // Letters: the register newest first; overdue and due this week from the stored next deadline.
            var l = LetterQueries.Filters(councilID: hk.id)
            try await Self.expectUses("letters_council_id_id_idx", LetterQueries.fetchQuery(l, before: nil, size: 50, db: app.db).query, app.db,
                                      "letters register")
            // By next deadline: those with one and those without, each walked in its order from the index of next
            // deadlines (M061) as far as the page reaches; only what was reached is sorted, then the page's own rows.
            var lettersByDue = l
            lettersByDue.sort = .due
            let byDue = LetterQueries.fetchQuery(lettersByDue, before: nil, size: 50, db: app.db).query
            try await Self.expectUses(M061_SortListsFromIndexes.lettersByDue, byDue, app.db, sorts: true, "letters by next deadline")
            if app.db.isSQLite {
                let text = try await Self.plan(byDue, app.db)
                #expect(text.components(separatedBy: M061_SortListsFromIndexes.lettersByDue).count == 3
                        && text.components(separatedBy: "TEMP B-TREE FOR ORDER BY").count == 3, "letters by next deadline: \(text)")
            }
            l.overdueOnly = true
            // The overdue register's page: from the index of next deadlines; on PostgreSQL its ids first, then its rows.
            let overdue = LetterQueries.fetchQuery(l, before: nil, size: 50, db: app.db).query
            try await Self.expectUses(M061_SortListsFromIndexes.lettersByDue, overdue, app.db, sorts: true, "overdue letters' page")

            // Similar petitions: the full-text index, not a scan of the council's petitions.
            let similar = SimilarPetitions.candidatesQuery(councilID: hk.id!, excluding: 0, words: ["nao", "vet", "cong"], db: app.db)
            try await Self.expectUses("VIRTUAL TABLE INDEX", similar, app.db, sorts: true, "similar petitions")
            if !app.db.isSQLite {
                // The trigram index is keyed by council too (M049): on a province's data the planner reads only the
                // council's entries of the petition's trigrams (on the tests' few rows it rightly prefers the btree).
                // The definitions of this schema's indexes only: `pg_indexes` filtered on its `indexdef` computes the
                // definition of every index in the database, and another test dropping its schema at that moment made
                // it fail ("could not open relation with OID …", seen on CI).
                struct Def: Decodable { let indexdef: String }
                func trigramIndexes(of table: String) async throws -> [String] {
                    try await app.db.sql.raw("""
                        SELECT pg_get_indexdef(i.indexrelid) AS indexdef FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid \
                        WHERE t.relname = \(bind: table) AND t.relnamespace = current_schema()::regnamespace
                        """)
                        .all(decoding: Def.self).map(\.indexdef).filter { $0.contains("gin_trgm_ops") }
                }
                let defs = try await trigramIndexes(of: VoterPetition.schema)
                #expect(defs.count == 1 && defs[0].contains("gin (council_id, folded gin_trgm_ops)"), "\(defs)")
                // The search index by band serves a search by the folded text alone too (M070): one trigram index to build.
                let search = try await trigramIndexes(of: SearchEntry.schema)
                #expect(search.count == 1 && search[0].contains("gin (((id / \(SearchIndex.band))), folded gin_trgm_ops)"), "\(search)")
            }

            // The clusters of a city's year: one row per cluster from the unit's totals, then each one's first councils by
            // the index of a cluster's councils by voters, in its order.
            let ranked = PetitionClusters.unitClustersQuery(1, period: "2019", limit: 20)
            try await Self.expectUses("SEARCH petition_cluster_unit_counts USING PRIMARY KEY (period=? AND unit_id=?)", ranked, app.db, sorts: true,
                                      "clusters of a year")
            let places = PetitionClusters.placesQuery([1, 2], unitPath: "/1/", councilIDs: app.db.isSQLite ? nil : [1, 2, 3], period: "2019", places: 10)
            try await Self.expectUses("COVERING INDEX petition_cluster_counts_places_idx (period=? AND cluster_id=?)",
                                      places, app.db, "a cluster's first councils")
            // A quarter: one counter row per cluster and council of each month, by the counters' key (period, council).
            let clusters = PetitionClusters.topQuery(unitPath: "/1/", from: "2019-01-01", to: "2019-03-31", limit: 20)
            try await Self.expectUses("SEARCH petition_cluster_counts USING PRIMARY KEY (period=? AND council_id=?)", clusters, app.db, sorts: true, "clusters")
            // A period that cuts months: the cut days from the petitions' covering index alone.
            let cut = PetitionClusters.topQuery(unitPath: "/1/", from: "2019-03-15", to: "2019-12-31", limit: 20)
            try await Self.expectUses("COVERING INDEX voter_petitions_council_id_received_on_cluster", cut, app.db, sorts: true, "clusters of cut months")

            // The search box: newest first in the full-text index's own order (nothing gathered and sorted), a page at a time.
            let search = try #require(SearchIndex.searchQuery(on: app.db, query: "nao vet cong", unitPaths: ["/1/"], limit: 51, cursor: 1_000_000))
            if app.db.isSQLite {
                try await Self.expectUses("VIRTUAL TABLE INDEX", search.query, app.db, "search box")
            } else {
                // The newest bands of entries one after another, each from an index: M056's trigrams by band on a province's
                // data (docs/BENCHMARKS.md), the ids in order on the tests' few entries. The newest band is found once.
                let newest = try #require(SearchIndex.newestQuery(on: app.db, query: "nao vet cong", unitPaths: ["/1/"], limit: 51))
                let plan = try await Self.plan(newest, app.db)
                #expect(plan.contains("Nested Loop") && plan.contains("Function Scan on generate_series") && !plan.contains("Seq Scan")
                        && plan.components(separatedBy: "Index Only Scan Backward").count == 2, "\(plan)")
            }
        }
    }
}
