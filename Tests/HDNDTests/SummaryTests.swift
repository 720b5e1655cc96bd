import Fluent
import SQLKit
import Foundation
@testable import HDND
import Testing
import Vapor
import VaporTesting

@Suite struct SummaryTests {
    /// A unit's summary is kept between requests (one read of the revision instead of its figures' reads) and counted
    /// again after any write to what it counts: a letter entered through the form, and a write to each table it counts.
    @Test(arguments: TestDB.all) func keptUntilWhatItCountsChanges(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let unit = try #require(try await AdministrativeUnit.find(hbt.unitID, on: app.db))
            let today = Day.today(), period = Period.year(today.year)
            func received() async throws -> Int {
                try await SummaryQueries.summary(unit: unit, period: period, kept: app.figures, db: app.db).letters.received
            }
            let before = try await received(), revision = try await FigureRevision.current(on: app.db)
            #expect(try await received() == before && app.figures.count == 1, "kept")
            #expect(try await FigureRevision.current(on: app.db) == revision, "reading bumps nothing")
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            // The letters behind the figure, whose total is kept too.
            let listed = "/bao-cao/don-thu?don-vi=\(unit.id!)&tu=\(period.from)&den=\(period.to)"
            #expect(try await office.get(listed).body.string.contains(Paging.total(before, "đơn thư")))
            let form = LetterTests.form(hbt, ["senderName_1": "Nguyễn Văn An", "receivedOn": today.description])
            #expect(try await office.post("/don-thu", form).status == .seeOther)
            #expect(try await received() == before + 1, "counted again after the letter")
            #expect(try await office.get(listed).body.string.contains(Paging.total(before + 1, "đơn thư")))
            struct Count: Decodable { let n: Int }
            for table in FigureRevision.tables {
                let key = ["council_units", "reception_days"].contains(table) ? "council_id" : table == "work_item_records" ? "item_id"
                    : ["session_attendance", "session_preparation"].contains(table) ? "session_id" : "id"
                // SQLite's row triggers fire only for a row written: a table the demo leaves empty has its triggers looked up.
                guard try await app.db.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: Count.self)?.n ?? 0 > 0 else {
                    let triggers: SQLQueryString = app.db.isSQLite
                        ? "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'trigger' AND tbl_name = \(bind: table) AND sql LIKE '%figure_revisions%'"
                        : "SELECT COUNT(*) AS n FROM pg_trigger WHERE tgrelid = \(bind: table)::regclass AND tgname LIKE 'figure_revision%'"
                    #expect(try await app.db.sql.raw(triggers).first(decoding: Count.self)?.n == (app.db.isSQLite ? 3 : 1), "\(table)'s triggers")
                    continue
                }
                let bumped = try await FigureRevision.current(on: app.db)
                try await app.db.sql.raw("""
                    UPDATE \(ident: table) SET \(ident: key) = \(ident: key) WHERE \(ident: key) = (SELECT MIN(\(ident: key)) FROM \(ident: table))
                    """).run()
                #expect(try await FigureRevision.current(on: app.db) > bumped, "a write to \(table)")
            }
        }
    }

    /// A reading request checks what it keeps against the revision read once, with its account (`FigureRevision.seen`):
    /// the account's read teaches it, a later read does not change it, a transaction reads its own. Across requests, a
    /// council's petition list and its total (kept) follow a petition entered through the form, and its agencies an
    /// agency added.
    @Test(arguments: TestDB.all) func revisionReadOncePerRequest(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let now = try await FigureRevision.current(on: app.db)
            let admin = try #require(try await User.query(on: app.db).filter(\.$username == "admin").first())
            let seen = FigureRevision.Seen()
            try await FigureRevision.$seen.withValue(seen) {
                _ = try await Accounts.actor(userID: admin.id!, on: app.db)
                #expect(seen.revision == now, "read with the account")
                try await FigureRevision.bump(on: app.db)
                #expect(try await FigureRevision.current(on: app.db) == now, "the request's own, once")
                let inTransaction = try await app.db.transaction { tx in try await FigureRevision.current(on: tx) }
                #expect(inTransaction == now + 1, "a transaction reads the database's")
            }
            #expect(try await FigureRevision.current(on: app.db) == now + 1, "outside a request, read")

            // A kept count's key names each bound value with its kind: a text is never a number, nor two ids one.
            #expect(Paging.keyText(1) != Paging.keyText("1") && Paging.keyText([1, 2]) == "a1,2" && Paging.keyText([1, 2]) != Paging.keyText([12]))
            #expect(Paging.keyText(2.5) != Paging.keyText("2.5"))
            let joined = { (texts: [String]) in texts.map(Paging.keyText).joined(separator: "|") }
            #expect(joined(["a|sb", "c"]) != joined(["a", "b|sc"]), "a text holding the separator never reads as two")

            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let list = "/hoi-dong/\(hbt.id!)/kien-nghi"
            let before = try await SummaryCounters.total("petitions_received", councilID: hbt.id!, db: app.db)
            #expect(try await office.get(list).body.string.contains(Paging.total(before, "kiến nghị")))
            #expect(try await office.get(list).body.string.contains(Paging.total(before, "kiến nghị")), "kept")
            let form = ["councilID": "\(hbt.id!)", "content": "Kiến nghị lắp đèn ngõ 7 Lò Đúc", "voterCount": "1", "source": "voterMeeting",
                        "receivedOn": Day.today().description]
            #expect(try await office.post("/kien-nghi", form).status == .seeOther)
            let page = try await office.get(list).body.string
            #expect(page.contains(Paging.total(before + 1, "kiến nghị")) && page.contains("Kiến nghị lắp đèn ngõ 7 Lò Đúc"), "counted again")
            let unit = try #require(try await AdministrativeUnit.find(hbt.unitID, on: app.db))
            let agency = Organization()
            (agency.unitID, agency.kind, agency.name, agency.folded, agency.version) = (unit.id!, .agency, "Đội quản lý trật tự đô thị phường",
                                                                                       fold("Đội quản lý trật tự đô thị phường"), 1)
            try await agency.save(on: app.db)
            #expect(try await office.get(list).body.string.contains("Đội quản lý trật tự đô thị phường"), "a new agency among the choices")
            // The names a list's rows are given (kept) follow an agency added after the request read the revision
            // (`DirectoryQueries.names`).
            let kept = FigureCache()
            try await FigureRevision.$seen.withValue(FigureRevision.Seen()) {
                _ = try await DirectoryQueries.names(councils: [hbt.id!], agencies: [agency.id!], kept: kept, db: app.db)
                let late = Organization()
                (late.unitID, late.kind, late.name, late.folded, late.version) = (unit.id!, .agency, "Ban quản lý chợ phường",
                                                                                 fold("Ban quản lý chợ phường"), 1)
                try await late.save(on: app.db)
                let named = try await DirectoryQueries.names(councils: [hbt.id!], agencies: [late.id!], kept: kept, db: app.db)
                #expect(named.agencies[late.id!] == "Ban quản lý chợ phường" && named.councils[hbt.id!] == hbt.name)
            }
        }
    }

    /// A council's page is kept between requests (`DirectoryViews.CouncilRecords`) and shows at once what changed in what
    /// it reads: a constituency added (M062), a delegate's name corrected.
    @Test(arguments: TestDB.all) func councilPageKeptUntilItsRecordsChange(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var visitor = Visitor(app)
            let page = "/hoi-dong/\(hbt.id!)"
            #expect(try await visitor.get(page).status == .ok)
            let kept = app.figures.count
            #expect(try await visitor.get(page).status == .ok && app.figures.count == kept, "kept")
            let term = try #require(try await Term.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$ordinal, .descending).first())
            let added = Constituency()
            (added.councilID, added.termID, added.unitID, added.number, added.name, added.version) = (hbt.id!, term.id!, hbt.unitID, 99, "Tổ dân phố thử", 1)
            try await added.save(on: app.db)
            #expect(try await visitor.get(page).body.string.contains("Tổ dân phố thử"), "a constituency added")
            struct Member: Decodable { let person_id: Int }
            let member = try #require(try await app.db.sql.raw("""
                SELECT m.person_id FROM memberships m JOIN bodies b ON b.id = m.body_id WHERE b.term_id = \(bind: term.id!) \
                AND m.deleted_at IS NULL AND b.deleted_at IS NULL ORDER BY m.id LIMIT 1
                """).first(decoding: Member.self))
            try await app.db.sql.update(Person.schema).set("full_name", to: "Người Đổi Tên Thử").where("id", .equal, member.person_id).run()
            #expect(try await visitor.get(page).body.string.contains("Người Đổi Tên Thử"), "a delegate's name corrected")
        }
    }

    /// What is kept is bounded by its weight (1 a figure, and 1 a row of a list), not by the number of keys: past the
    /// capacity, everything is dropped and counted again.
    @Test func keptByWeight() async throws {
        #expect(FigureCache.weight(of: 7) == 1 && FigureCache.weight(of: [1, 2, 3]) == 4)
        #expect(FigureCache.weight(of: [[1, 2], [3]]) == 6 && FigureCache.weight(of: ["a": [1, 2], "b": [3]]) == 3, "a dictionary by its entries")
        #expect(FigureCache.weight(of: String(repeating: "x", count: 1_024)) == 5)
        let markup: HTML = "<p>\(String(repeating: "x", count: 1_024))</p>"
        #expect(FigureCache.weight(of: markup) == 5 && FigureCache.weight(of: [markup, markup]) == 11, "kept markup by its text")
        let options = Options((1...40).map { FormOption(value: String($0), label: "HĐND phường số \($0)", selected: false) })
        #expect(FigureCache.weight(of: options) == FigureCache.weight(of: options.html) && FigureCache.weight(of: options) > 5, "a select's options by their markup")
        try await withTestApp(.sqlite) { app in
            let kept = FigureCache(capacity: 10)
            let a = try await kept.value("a", on: app.db) { Array(1...8) }
            #expect(a.count == 8 && kept.count == 1)
            let b = try await kept.value("b", on: app.db) { 1 }
            #expect(b == 1 && kept.count == 2, "9 + 1 of 10")
            let c = try await kept.value("c", on: app.db) { [1, 2] }
            #expect(c == [1, 2] && kept.count == 1, "13 > 10: dropped, then kept")
            let again = try await kept.value("c", on: app.db) { [3] }
            #expect(again == [1, 2], "kept")
        }
    }

    /// The seed's figures for quận Hoàn Kiếm, 2019, computed from the demo records.
    @Test(arguments: TestDB.all) func hoanKiem2019(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            let unit = try #require(try await AdministrativeUnit.find(hk.unitID, on: app.db))
            let s = try await SummaryQueries.summary(unit: unit, period: .year(2019), db: app.db)
            #expect(s.voterMeetings.councilDelegates == 21)
            #expect(s.voterMeetings.thematic == 1)
            #expect(s.voterMeetings.nationalAssembly == 4)
            #expect(s.voterMeetings.provincialDelegates == 4)
            #expect(s.voterMeetings.votersAttending == 1732)
            #expect(s.voterMeetings.votersSpeaking == 165)
            #expect(s.voterPetitions.forwarded == 116)
            #expect(s.voterPetitions.reportedResolved == 176)
            #expect(s.voterPetitions.reportedInProgress == 104)
            #expect(s.letters.received == 1627)
            #expect(s.letters.cases == 16)
            #expect(s.letters.resolved == 14)
            #expect(s.letters.withdrawn == 1)
            #expect(s.letters.withinDeadline == 1)
            #expect(s.letters.overdue == 0)

            // The page shows the same figures, in Vietnamese form, each linked to its records.
            var admin = try await Visitor.signedIn(app, "admin")
            var res = try await admin.get("/bao-cao/tong-hop?don-vi=\(unit.id!)&nam=2019")
            #expect(res.status == .ok)
            let page = res.body.string
            for figure in ["<strong>21</strong> hội nghị tiếp xúc cử tri của đại biểu HĐND", "<strong>01</strong> hội nghị tiếp xúc cử tri chuyên đề",
                           "<strong>04</strong> hội nghị tiếp xúc cử tri với đại biểu Quốc hội", "<strong>1.732</strong> lượt cử tri tham dự",
                           "<strong>165</strong> lượt cử tri phát biểu", "<strong>116</strong> ý kiến, kiến nghị đã chuyển",
                           "<strong>176</strong> kiến nghị đã giải quyết", "<strong>104</strong> kiến nghị đang tiếp tục giải quyết",
                           "<strong>1.627</strong> lượt đơn thư", "<strong>14/16</strong> vụ việc đã giải quyết", "<strong>01</strong> vụ việc người gửi rút đơn",
                           "<strong>01</strong> vụ việc đang giải quyết trong thời hạn"] {
                #expect(page.contains(figure), "\(figure)")
            }
            // The council to summarise: an administrator may choose any, in the tree's order (a city before its districts).
            struct Choice: Decodable, Equatable { let id: Int; let name: String }
            let every = try await app.db.sql.raw("""
                SELECT u.id, c.name FROM councils c JOIN units u ON u.id = c.unit_id WHERE c.deleted_at IS NULL ORDER BY u.path
                """).all(decoding: Choice.self)
            func choices(_ page: String) throws -> [Choice] {
                let select = try #require(page.firstMatch(of: /<select id="don-vi" name="don-vi">(.*?)<\/select>/)?.1)
                return select.matches(of: /<option value="(\d+)"[^>]*>([^<]*)<\/option>/).map { Choice(id: Int($0.1)!, name: String($0.2)) }
            }
            #expect(try choices(page) == every && every.count > 3)
            #expect(page.contains("<option value=\"\(unit.id!)\" selected>"))
            // Kept between views (`FigureCache`) and following the councils: a council renamed is offered by its new name.
            let last = try #require(try await Council.query(on: app.db).filter(\.$unitID == every.last!.id).first())
            last.name += " (đổi tên)"
            try await last.save(on: app.db)
            let renamed = try await admin.get("/bao-cao/tong-hop?don-vi=\(unit.id!)&nam=2019").body.string
            #expect(try choices(renamed).last == Choice(id: every.last!.id, name: last.name))
            // The unit asked for is kept too, and read again once units change: renamed, its summary says so.
            let named = try #require(try await AdministrativeUnit.find(unit.id!, on: app.db))
            named.name += " (tên mới)"
            try await named.save(on: app.db)
            #expect(try await admin.get("/bao-cao/tong-hop?don-vi=\(unit.id!)&nam=2019").body.string.contains(named.name))
            let link = try #require(page.firstMatch(of: /href="(\/bao-cao\/kien-nghi[^"]*trang-thai=inProgress)"/)?.1)
            res = try await admin.get(String(link).replacingOccurrences(of: "&amp;", with: "&"))
            #expect(res.status == .ok)
            #expect(res.body.string.components(separatedBy: "s-inProgress").count - 1 == 50, "first page of the 104")
            #expect(res.body.string.contains("Trang tiếp theo"))

            // Every other figure links to its records too.
            func rows(_ path: String) async throws -> Int {
                let body = try await admin.get(path).body.string
                return body.components(separatedBy: "<tr><td><a href=").count - 1
            }
            let scope = "don-vi=\(unit.id!)&tu=2019-01-01&den=2019-12-31"
            #expect(try await rows("/bao-cao/tiep-xuc-cu-tri?\(scope)") == 30)
            #expect(try await rows("/bao-cao/tiep-xuc-cu-tri?\(scope)&loai=council") == 21)
            #expect(try await rows("/bao-cao/tiep-xuc-cu-tri?\(scope)&loai=nationalAssembly") == 4)
            #expect(try await rows("/bao-cao/don-thu?\(scope)&loai=cases") == 16)
            #expect(try await rows("/bao-cao/don-thu?\(scope)&loai=resolved") == 14)
            #expect(try await rows("/bao-cao/don-thu?\(scope)&loai=withdrawn") == 1)
            #expect(try await rows("/bao-cao/don-thu?\(scope)&loai=received") == 50, "first page of the 1.627")
            #expect(try await rows("/bao-cao/tiep-cong-dan?\(scope)") == 24)
            // Each says how many it holds, goes page by page, and is filtered by words (diacritics optional), keeping the rest.
            let received = try await admin.get("/bao-cao/don-thu?\(scope)&loai=received").body.string
            #expect(received.contains("1.627 đơn thư") && received.contains("Trang tiếp theo") && received.contains("name=\"loai\" value=\"received\""))
            #expect(try await rows("/bao-cao/don-thu?\(scope)&loai=received&tu-khoa=vu+viec") == 16)
            #expect(try await admin.get("/bao-cao/don-thu?\(scope)&loai=received&tu-khoa=vu+viec").body.string.contains("16 đơn thư"))
            #expect(page.contains("/bao-cao/don-thu?") && page.contains("/bao-cao/tiep-xuc-cu-tri?"))
            #expect(try await admin.get("/bao-cao/don-thu?\(scope)&loai=xyz").status == .unprocessableEntity)
            var outsider = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await outsider.get("/bao-cao/don-thu?\(scope)").status == .forbidden)

            // The chosen period stays chosen on the page.
            let quarterPage = try await admin.get("/bao-cao/tong-hop?don-vi=\(unit.id!)&nam=2019&quy=4").body.string
            #expect(quarterPage.contains("<option value=\"4\" selected>Quý IV</option>") && quarterPage.contains("Quý IV/2019"))

            // A quarter holds only its own meetings.
            let q4 = try await SummaryQueries.summary(unit: unit, period: Period.quarter(4, of: 2019)!, db: app.db)
            #expect(q4.voterMeetings.total == 4)   // 15/10 thematic, 25/11 and 20/12 city, 07/12 National Assembly
            // Hà Nội's summary includes Hoàn Kiếm's.
            let hanoi = try #require(try await AdministrativeUnit.find(unit.parentID, on: app.db))
            #expect(try await SummaryQueries.summary(unit: hanoi, period: .year(2019), db: app.db).voterMeetings.votersAttending == 1732)
        }
    }

    @Test(arguments: TestDB.all) func apiKeysAndAccess(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let admin = try #require(try await User.query(on: app.db).filter(\.$username == "admin").first())
            let token = try await Accounts.issueToken(userID: admin.id!, name: "t", on: app.db)
            var h = HTTPHeaders(); h.bearerAuthorization = BearerAuthorization(token: token)
            var res = try await app.testing().sendRequest(.GET, "/api/v1/summary?unit=002&from=2019-01-01&to=2019-12-31", headers: h)
            #expect(res.status == .ok)
            let json = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as! [String: Any]
            let meetings = json["voterMeetings"] as! [String: Int], petitions = json["voterPetitions"] as! [String: Int]
            #expect(meetings["votersAttending"] == 1732 && meetings["votersSpeaking"] == 165 && meetings["councilDelegates"] == 21)
            #expect(petitions["forwarded"] == 116 && petitions["reportedResolved"] == 176 && petitions["reportedInProgress"] == 104)
            let letters = json["letters"] as! [String: Int]
            #expect(letters == ["received": 1627, "cases": 16, "resolved": 14, "withdrawn": 1, "withinDeadline": 1, "overdue": 0])
            #expect(json["unitCode"] as? String == "002")
            res = try await app.testing().sendRequest(.GET, "/api/v1/summary?unit=002&from=2019-01-01&to=2019-12-31")
            #expect(res.status == .unauthorized)
            res = try await app.testing().sendRequest(.GET, "/api/v1/summary?unit=002&from=2019-12-31&to=2019-01-01", headers: h)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("\"field\":\"to\""))
        }
    }

    /// A city's visits of a year go newest day first, page by page, each visit once, there and back, read from the
    /// index of days; a ward's from its council's own index, in the same order.
    @Test(arguments: TestDB.all) func visitsOfManyCouncilsGoByDay(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let hk = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            // 230 visits of 2031 (a year the demo leaves empty), several on each day, entered in no order of days.
            for i in 0..<230 {
                let council = i % 2 == 0 ? hbt : hk
                let day = String(format: "2031-%02d-%02d", (i * 7) % 12 + 1, (i * 5) % 28 + 1)
                try await app.db.sql.insert(into: ReceptionVisit.schema)
                    .columns("council_id", "unit_id", "date", "consent", "confidential", "visitors", "kind", "topic", "handling", "folded", "version", "created_at")
                    .values(SQLBind(council.id!), SQLBind(council.unitID), SQLBind(day), SQLBind(true), SQLBind(false), SQLBind(1),
                            SQLBind(LetterKind.complaint.rawValue), SQLBind("Lượt \(i)"), SQLBind(VisitHandling.guided.rawValue), SQLBind("luot \(i)"),
                            SQLBind(1), SQLBind(Date()))
                    .run()
            }
            struct Visit: Decodable, Equatable { let id: Int; let date: String }
            let city = try #require(try await AdministrativeUnit.query(on: app.db).filter(\.$code == "01").first())
            let ward = try #require(try await AdministrativeUnit.find(hk.unitID, on: app.db))
            var admin = try await Visitor.signedIn(app, "admin")
            for (unit, expected) in [(city, 230), (ward, 115)] {
                let scope = try await SummaryQueries.councilScope(unit.path, kept: app.figures, on: app.db)
                let all = try await app.db.sql.raw("""
                    SELECT id, date FROM reception_visits WHERE \(scope) AND date >= '2031-01-01' AND date <= '2031-12-31' ORDER BY date DESC, id DESC
                    """).all(decoding: Visit.self)
                #expect(all.count == expected)
                func ids(_ page: String) -> [Int] { page.matches(of: /href="\/luot-tiep-cong-dan\/(\d+)"/).compactMap { Int($0.1) } }
                func link(_ page: String, _ cursor: String) -> String? {
                    page.firstMatch(of: try! Regex<(Substring, Substring)>("href=\"([^\"]*\(cursor)=\\d+[^\"]*)\""))
                        .map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
                }
                let first = try await admin.get("/bao-cao/tiep-cong-dan?don-vi=\(unit.id!)&nam=2031").body.string
                var pages = [first]
                while let next = link(pages.last!, "truoc"), pages.count < 5 { pages.append(try await admin.get(next).body.string) }
                #expect(pages.flatMap(ids) == all.map(\.id), "\(unit.name): newest day first, each visit once")
                let second = pages[1]
                let back = try #require(link(second, "sau"))
                #expect(ids(try await admin.get(back).body.string) == ids(first), "back to the first page")
            }
        }
    }

    @Test func periods() {
        #expect(Period.quarter(1, of: 2022)?.label == "Quý I/2022")
        #expect(Period.quarter(1, of: 2022)?.to.description == "2022-03-31")
        #expect(Period.firstMonths(5, of: 2020)?.label == "05 tháng đầu năm 2020")
        #expect(Period.firstMonths(2, of: 2024)?.to.description == "2024-02-29")
        #expect(Period.year(2019).label == "Năm 2019")
        #expect(Period.custom(Day("2019-02-01")!, Day("2019-01-01")!) == nil)
        #expect(DemoBuilder.spread(1732, over: 30).reduce(0, +) == 1732)
    }
}
