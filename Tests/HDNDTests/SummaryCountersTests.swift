import Fluent
@testable import HDND
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite struct SummaryCountersTests {
    struct Count: Decodable, Hashable { let council_id: Int; let month: String; let metric: String; let n: Int }

    /// The counters as triggers left them, without the zeros a removal may leave.
    static func snapshot(_ db: any Database) async throws -> Set<Count> {
        let counts = try await db.sql.raw("SELECT council_id, month, metric, CAST(n AS BIGINT) AS n FROM summary_counts WHERE n <> 0")
            .all(decoding: Count.self)
        // Reception days as pseudo-counters: (council, day, delegate) → visits.
        let days = try await db.sql.raw("""
            SELECT council_id, date || '/' || CAST(delegate_key AS TEXT) AS month, 'reception_day' AS metric, CAST(visits AS BIGINT) AS n \
            FROM reception_days WHERE visits <> 0
            """).all(decoding: Count.self)
        // Units' totals as pseudo-counters with negative ids.
        let units = try await db.sql.raw("""
            SELECT -unit_id AS council_id, month, metric, CAST(n AS BIGINT) AS n FROM unit_counts WHERE n <> 0
            """).all(decoding: Count.self)
        return Set(counts + days + units)
    }

    /// Whatever is written — forms, workflow steps, moves to another month, deletions and restores, imports — the counters
    /// the triggers keep equal the counters rebuilt from the records, and the summary equals the direct count.
    @Test func cutMonthsAreCountedByTheirFewerDays() {
        func plan(_ a: String, _ b: String) -> String {
            let p = SummaryCounters.plan(from: Day(stored: a), to: Day(stored: b))
            func spans(_ s: [ClosedRange<Day>]) -> String { s.map { "\($0.lowerBound)…\($0.upperBound)" }.joined(separator: ",") }
            return "\(p.months.map { "\($0.from)…\($0.to)" } ?? "-") +[\(spans(p.add))] -[\(spans(p.subtract))]"
        }
        #expect(plan("2019-01-01", "2019-12-31") == "2019-01…2019-12 +[] -[]")
        #expect(plan("1990-01-01", "2019-12-30") == "1990-01…2019-12 +[] -[2019-12-31…2019-12-31]", "the overdue as of the 31st")
        #expect(plan("2019-03-05", "2019-06-10") == "2019-03…2019-05 +[2019-06-01…2019-06-10] -[2019-03-01…2019-03-04]")
        #expect(plan("2019-03-05", "2019-03-27") == "2019-03…2019-03 +[] -[2019-03-01…2019-03-04,2019-03-28…2019-03-31]")
        #expect(plan("2019-03-05", "2019-03-12") == "- +[2019-03-05…2019-03-12] -[]")
        #expect(plan("2019-03-20", "2019-04-10") == "- +[2019-03-20…2019-03-31,2019-04-01…2019-04-10] -[]")
        #expect(plan("2019-03-02", "2019-03-01") == "- +[] -[]")
    }

    @Test(arguments: TestDB.all) func countersFollowEveryWrite(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var res = try await office.post("/tiep-xuc-cu-tri", ["councilID": "\(hbt.id!)", "kind": "thematic", "topic": "Môi trường",
                                                                  "date": "28/02/2026", "place": "Nhà văn hóa", "coOrganizer": "MTTQ",
                                                                  "votersAttending": "70", "votersSpeaking": "9"])
            #expect(res.status == .seeOther)
            let meeting = try #require(try await VoterMeeting.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id, .descending).first())
            res = try await office.post("/tiep-xuc-cu-tri/\(meeting.id!)/kien-nghi", ["content_1": "Nạo vét mương", "field_1": "moitruong",
                                                                                      "content_2": "Sửa đèn đường", "field_2": "giaothong", "voters_2": "3"])
            // The meeting moves to March; one petition is forwarded then answered; a letter is deleted and restored.
            res = try await office.post("/tiep-xuc-cu-tri/\(meeting.id!)", ["version": "\(meeting.version)", "councilID": "\(hbt.id!)", "kind": "thematic",
                                                                            "topic": "Môi trường", "date": "02/03/2026", "place": "Nhà văn hóa",
                                                                            "coOrganizer": "MTTQ", "votersAttending": "75", "votersSpeaking": "9"])
            #expect(res.status == .seeOther)
            let petition = try #require(try await VoterPetition.query(on: app.db).filter(\.$meetingID == meeting.id!).sort(\.$id).first())
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            res = try await office.post("/kien-nghi/\(petition.id!)/chuyen", ["version": "\(petition.version)", "agencyID": "\(ubnd.id!)",
                                                                             "dueDate": VietnameseFormat.date(Day.today().adding(days: 20).description)])
            #expect(res.status == .seeOther)
            let forwarded = try await Self.snapshot(app.db)
            #expect(forwarded.contains { $0.metric == "petitions_awaiting" && $0.council_id == hbt.id! })
            var agency = try await Visitor.signedIn(app, "coquan.hbt")
            let p2 = try #require(try await VoterPetition.find(petition.id, on: app.db))
            res = try await agency.post("/kien-nghi/\(petition.id!)/tra-loi", ["version": "\(p2.version)", "answer": "Đã nạo vét xong.",
                                                                              "answeredBy": "UBND quận"])
            #expect(res.status == .seeOther)
            res = try await office.post("/don-thu", LetterTests.form(hbt, ["senderName_1": "Lê Văn Khiếu"]))
            let letter = try #require(try await Letter.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id, .descending).first())
            res = try await office.post("/don-thu/\(letter.id!)/xoa", ["version": "\(letter.version)"])
            #expect(res.status == .seeOther)
            let afterDelete = try await Self.snapshot(app.db)
            res = try await office.post("/don-thu/\(letter.id!)/khoi-phuc", [:])
            #expect(res.status == .seeOther)
            #expect(try await Self.snapshot(app.db) != afterDelete)
            let restored = try #require(try await Letter.find(letter.id, on: app.db))
            res = try await office.post("/don-thu/\(letter.id!)/xoa", ["version": "\(restored.version)"])
            #expect(res.status == .seeOther)
            #expect(try await Self.snapshot(app.db) == afterDelete, "deleted, restored, deleted again: as deleted")
            _ = try await PetitionImport.write(PetitionImport.check([["03/03/2026", "Kiến nghị nhập từ tệp", "", "2", ""]]),
                                               council: hbt, actor: Actor(userID: 0, username: "t", fullName: "Thử", grants: [Grant(role: .admin)]), db: app.db)

            // Two visits the same day by the same (unnamed) receiver: one session; one of them moves to the next day.
            for topic in ["Hỏi về cấp sổ đỏ", "Hỏi về trợ cấp"] {
                res = try await office.post("/luot-tiep-cong-dan", ["councilID": "\(hbt.id!)", "date": "10/03/2026", "consent": "true",
                                                                   "confidential": "false", "visitors": "2", "kind": "petition", "topic": topic,
                                                                   "handling": "guided"])
                #expect(res.status == .seeOther)
            }
            let march10 = try await ReceptionQueries.counts(scope: "council_id = \(bind: hbt.id!)", from: "2026-03-10", to: "2026-03-11", db: app.db)
            #expect(march10.sessions == 1 && march10.visits == 4)
            let visit = try #require(try await ReceptionVisit.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id, .descending).first())
            res = try await office.post("/luot-tiep-cong-dan/\(visit.id!)", ["version": "\(visit.version)", "councilID": "\(hbt.id!)", "date": "11/03/2026",
                                                                             "consent": "true", "confidential": "false", "visitors": "2",
                                                                             "kind": "petition", "topic": "Hỏi về trợ cấp", "handling": "guided"])
            #expect(res.status == .seeOther)
            let moved = try await ReceptionQueries.counts(scope: "council_id = \(bind: hbt.id!)", from: "2026-03-10", to: "2026-03-11", db: app.db)
            #expect(moved.sessions == 2 && moved.visits == 4)

            let kept = try await Self.snapshot(app.db)
            try await SummaryCounters.rebuild(on: app.db)
            #expect(try await Self.snapshot(app.db) == kept, "the triggers' counters equal the counters rebuilt from the records")

            // The summary reads the counters for whole months and the records for the rest; both agree with a direct count.
            let hanoi = try #require(try await AdministrativeUnit.query(on: app.db).filter(\.$code == "01").filter(\.$level == .province).first())
            let scope = SummaryQueries.councilScope(hanoi.path)
            // Cut months counted from the records for the days inside, or read whole less the days outside (`plan`).
            let periods = [("2019-01-01", "2019-12-31"), ("2026-02-15", "2026-03-10"), ("2026-03-02", "2026-03-02"), ("2018-11-30", "2026-12-31"),
                           ("2026-03-01", "2026-03-30"), ("2026-02-03", "2026-03-29"), ("2026-03-05", "2026-03-27"), ("2019-06-02", "2026-03-30")]
            func agree(_ note: String) async throws {
                for (from, to) in periods {
                    let counted = try await SummaryCounters.sums(scope: scope, from: Day(from)!, to: Day(to)!, db: app.db).filter { $0.value != 0 }
                    let byUnit = try await SummaryCounters.sums(scope: scope, unitID: hanoi.id, from: Day(from)!, to: Day(to)!, db: app.db)
                        .filter { $0.value != 0 }
                    let direct = try await SummaryCounters.directSums(scope: scope, from: Day(from)!, to: Day(to)!, db: app.db).filter { $0.value != 0 }
                    let units = try await SummaryCounters.sumsByUnit([hanoi.id!], from: Day(from)!, to: Day(to)!, only: Set(SummaryCounters.groups.flatMap { $0.metrics.map(\.name) }), db: app.db)
                    #expect(counted == direct && byUnit == direct && (units[hanoi.id!] ?? [:]).filter { $0.value != 0 } == direct, "\(note) \(from)…\(to)")
                }
            }
            try await agree("all councils")
            // A council removed leaves the city's totals; restored, it comes back.
            var admin = try await Visitor.signedIn(app, "admin")
            let council = try #require(try await Council.find(hbt.id, on: app.db))
            res = try await admin.post("/hoi-dong/\(hbt.id!)/xoa", ["version": "\(council.version)"])
            #expect(res.status == .seeOther)
            try await agree("without Hai Bà Trưng")
            let withoutHBT = try await SummaryCounters.sums(scope: scope, unitID: hanoi.id, from: Day("2026-03-01")!, to: Day("2026-03-31")!, db: app.db)
            #expect(withoutHBT["meetings_thematic"] ?? 0 == 0)
            res = try await admin.post("/hoi-dong/\(hbt.id!)/khoi-phuc", [:])
            #expect(res.status == .seeOther)
            try await agree("restored")
            let march = try await SummaryCounters.sums(scope: "council_id = \(bind: hbt.id!)", from: Day("2026-03-01")!, to: Day("2026-03-31")!, db: app.db)
            #expect(march["meetings_thematic"] == 1 && march["voters_attending"] == 75 && march["petitions_received"] == 1)
        }
    }

    /// An agency's forwarded petitions by due month follow every write (forwarded, given another day or agency, answered,
    /// deleted and restored, imported in bulk), and its home page's counts read from them equal those counted directly.
    @Test(arguments: TestDB.all) func agencyCountersFollowEveryWrite(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first()).id!
            let other = try #require(try await Organization.query(on: app.db).filter(\.$id != ubnd).first()).id!
            struct Count: Decodable, Hashable { let agency_id: Int; let month: String; let n: Int }
            func expectAgree(_ note: String) async throws {
                let kept = try await app.db.sql.raw("SELECT agency_id, month, CAST(n AS BIGINT) AS n FROM agency_petition_counts WHERE n <> 0")
                    .all(decoding: Count.self)
                let counted = try await app.db.sql.raw("""
                    SELECT agency_id, COALESCE(substr(due_date, 1, 7), '') AS month, COUNT(*) AS n FROM voter_petitions \
                    WHERE status = 'forwarded' AND agency_id IS NOT NULL AND deleted_at IS NULL GROUP BY 1, 2
                    """).all(decoding: Count.self)
                #expect(Set(kept) == Set(counted), "\(note)")
                // The home page's counts as of a day in the middle of a month, from the counters and from the petitions.
                let today = Day("2026-03-15")!
                let read = try await PetitionQueries.dueCounts(councilID: nil, agencyIDs: [ubnd], today: today, db: app.db)
                struct Direct: Decodable { let overdue: Int; let due_week: Int; let open: Int }
                let direct = try #require(try await app.db.sql.raw("""
                    SELECT COALESCE(SUM(CASE WHEN due_date < '2026-03-15' THEN 1 ELSE 0 END), 0) AS overdue, \
                    COALESCE(SUM(CASE WHEN due_date >= '2026-03-15' AND due_date <= '2026-03-22' THEN 1 ELSE 0 END), 0) AS due_week, COUNT(*) AS open \
                    FROM voter_petitions WHERE agency_id = \(bind: ubnd) AND status = 'forwarded' AND deleted_at IS NULL
                    """).first(decoding: Direct.self))
                #expect(read.overdue == direct.overdue && read.due_week == direct.due_week && read.open == direct.open,
                        "\(note): \(read) ≠ \(direct)")
            }
            try await expectAgree("as the fixture left them")
            // Five petitions forwarded to the ward's agency: due in an earlier month, earlier this month, this week, later, never.
            struct ID: Decodable { let id: Int }
            let ids = try await app.db.sql.raw("""
                SELECT id FROM voter_petitions WHERE deleted_at IS NULL ORDER BY id LIMIT 5
                """).all(decoding: ID.self).map(\.id)
            try #require(ids.count == 5)
            for (id, due) in zip(ids, ["2026-02-10", "2026-03-05", "2026-03-18", "2026-04-30", nil]) {
                try await app.db.sql.update(VoterPetition.schema).set("status", to: SQLBind(PetitionStatus.forwarded.rawValue))
                    .set("agency_id", to: SQLBind(ubnd)).set("due_date", to: SQLBind(due)).where("id", .equal, id).run()
            }
            try await expectAgree("forwarded")
            let read = try await PetitionQueries.dueCounts(councilID: nil, agencyIDs: [ubnd], today: Day("2026-03-15")!, db: app.db)
            #expect(read.overdue >= 2 && read.due_week >= 1 && read.open >= 5)
            let sql = app.db.sql
            try await sql.update(VoterPetition.schema).set("due_date", to: SQLBind("2026-03-20")).where("id", .equal, ids[0]).run()
            try await expectAgree("given another day")
            try await sql.update(VoterPetition.schema).set("agency_id", to: SQLBind(other)).where("id", .equal, ids[1]).run()
            try await expectAgree("sent to another agency")
            try await sql.update(VoterPetition.schema).set("status", to: SQLBind(PetitionStatus.answered.rawValue)).where("id", .equal, ids[2]).run()
            try await expectAgree("answered")
            try await sql.update(VoterPetition.schema).set("deleted_at", to: SQLBind(Date())).where("id", .equal, ids[3]).run()
            try await expectAgree("deleted")
            try await sql.update(VoterPetition.schema).set("deleted_at", to: SQLBind(Date?.none)).where("id", .equal, ids[3]).run()
            try await sql.delete(from: VoterPetition.schema).where("id", .equal, ids[4]).run()
            try await expectAgree("restored, and one erased")
            _ = try await DemoScale.generate(scale: 0.001, on: app.db) { _ in }
            try await expectAgree("generated in bulk")
        }
    }

    /// A whole council's petition list and letter register are totalled from the counters, exactly as the records count;
    /// any filter (a status, a keyword, a period) counts the records.
    @Test(arguments: TestDB.all) func wholeListsAreTotalledFromTheCounters(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            _ = try await office.post("/don-thu", LetterTests.form(hbt, ["senderName_1": "Lê Văn Khiếu"]))
            _ = try await PetitionImport.write(PetitionImport.check([["03/03/2026", "Kiến nghị nhập từ tệp", "", "2", ""]]),
                                               council: hbt, actor: Actor(userID: 0, username: "t", fullName: "Thử", grants: [Grant(role: .admin)]), db: app.db)
            var petitions = PetitionQueries.Filters()
            petitions.councilID = hbt.id
            let letters = LetterQueries.Filters(councilID: hbt.id)
            func counted() async throws -> (Int, Int) {
                (try await Paging.count(PetitionQueries.countQuery(petitions, db: app.db), db: app.db),
                 try await Paging.count(LetterQueries.filtered(app.db.sql.select().column("id").from(Letter.schema), letters, counting: true, db: app.db), db: app.db))
            }
            let (p, l) = try await counted()
            #expect(p > 0 && l > 0)
            #expect(try await PetitionQueries.count(petitions, kept: .none, db: app.db) == p)
            #expect(try await LetterQueries.total(letters, kept: .none, db: app.db) == l)

            // The counters are what the whole lists read: shifted by hand, the whole totals follow them, the filtered do not.
            try await app.db.sql.raw("""
                UPDATE summary_counts SET n = n + 1000 WHERE council_id = \(bind: hbt.id!) AND metric IN ('petitions_received', 'letters_received') \
                AND month = (SELECT MIN(month) FROM summary_counts WHERE council_id = \(bind: hbt.id!) AND metric = 'petitions_received')
                """).run()
            #expect(try await PetitionQueries.count(petitions, kept: .none, db: app.db) == p + 1000)
            var open = petitions
            open.status = .received
            #expect(try await PetitionQueries.count(open, kept: .none, db: app.db) == (try await Paging.count(PetitionQueries.countQuery(open, db: app.db), db: app.db)))
            var worded = letters
            worded.keyword = "khieu"
            #expect(try await LetterQueries.total(worded, kept: .none, db: app.db)
                    == (try await Paging.count(LetterQueries.filtered(app.db.sql.select().column("id").from(Letter.schema), worded, counting: true, db: app.db), db: app.db)))
        }
    }
}
