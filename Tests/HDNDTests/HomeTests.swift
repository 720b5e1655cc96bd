import Fluent
@testable import HDND
import Testing
import VaporTesting

/// Each role's home page: what is due, as counts that open the lists behind them.
@Suite struct HomeTests {
    /// The count shown for the item whose label is `label`.
    static func count(_ page: String, _ label: String) -> Int? {
        guard let end = page.range(of: "</strong> \(label)</a>") else { return nil }
        let before = page[..<end.lowerBound]
        guard let start = before.range(of: "<strong>", options: .backwards) else { return nil }
        return Validator.wholeNumber(String(before[start.upperBound...]))
    }

    @Test(arguments: TestDB.all) func officeSeesWhatIsDue(_ db: TestDB) async throws {
        try await withTestApp(db, currentRecords: true) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var page = try await office.get("/").body.string
            #expect(page.contains("Việc cần làm") && page.contains(hbt.name))
            let overdueBefore = try #require(Self.count(page, "đơn thư quá hạn luật định"))
            let weekBefore = try #require(Self.count(page, "đơn thư đến hạn trong 07 ngày tới"))
            // A complaint received 30 days ago and never accepted is overdue; one received a few days ago is due within the week.
            let today = Day.today(), calendar = try await HolidayDecisions.calendar(on: app.db)
            // Looked for over 40 days back: a Tết holiday of a week pushes every deadline out.
            let recent = try #require((0...40).map { today.adding(days: -$0) }.first { day in
                DeadlineRules.deadline(.complaintAcceptance, from: day, calendar: calendar).map { $0 >= today && $0 <= today.adding(days: 7) } ?? false
            })
            for (name, day) in [("Trần Văn Cũ", today.adding(days: -30)), ("Lê Thị Mới", recent)] {
                let res = try await office.post("/don-thu", LetterTests.form(hbt, ["senderName_1": name, "receivedOn": day.description]))
                #expect(res.status == .seeOther)
            }
            page = try await office.get("/").body.string
            #expect(Self.count(page, "đơn thư quá hạn luật định") == overdueBefore + 1)
            #expect(Self.count(page, "đơn thư đến hạn trong 07 ngày tới") == weekBefore + 1)
            // Each count opens its list, which holds what was counted.
            #expect(page.contains("href=\"/hoi-dong/\(hbt.id!)/don-thu?qua-han=1\""))
            #expect(try await office.get("/hoi-dong/\(hbt.id!)/don-thu?qua-han=1").body.string.contains("Trần Văn Cũ"))
            #expect(try await office.get("/hoi-dong/\(hbt.id!)/don-thu?sap-den-han=1").body.string.contains("Lê Thị Mới"))
            // The petition counts agree with the register.
            let counts = try await PetitionQueries.dueCounts(councilID: hbt.id!, db: app.db)
            #expect(Self.count(page, "kiến nghị cử tri chờ phân loại") == counts.to_classify)
            #expect(Self.count(page, "kiến nghị quá hạn trả lời") == counts.overdue)
            let classify = try await VoterPetition.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$status == .received).count()
            #expect(counts.to_classify == classify)
            // Every figure as the records say, each read its own way.
            let (from, week) = (today.description, today.adding(days: 7).description)
            let forwarded = try await VoterPetition.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$status == .forwarded).all()
            let toForward = try await VoterPetition.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$status == .classified).count()
            #expect(counts.to_forward == toForward && counts.open == forwarded.count)
            #expect(counts.overdue == forwarded.filter { ($0.dueDate ?? "9999") < from }.count)
            #expect(counts.due_week == forwarded.filter { ($0.dueDate ?? "") >= from && ($0.dueDate ?? "") <= week }.count)

            // The council's section is kept between requests (`FigureCache`), and read again after a write to what it
            // shows: a target set through the form.
            let kept = app.figures.count
            let again = try await office.get("/").body.string
            #expect(Self.count(again, "đơn thư quá hạn luật định") == overdueBefore + 1 && app.figures.count == kept, "kept")
            let target = ["councilID": "\(hbt.id!)", "scope": "council", "measure": "questions", "minimum": "7",
                          "periodFrom": "01/01/\(today.year)", "periodTo": "31/12/\(today.year)"]
            #expect(try await office.post("/chi-tieu", target).status == .seeOther)
            #expect(try await office.get("/").body.string.contains("HĐND: ít nhất 07 chất vấn"))
        }
    }

    /// The office's home names today's and tomorrow's reception duty: each schedule with the delegates assigned to it on
    /// that day, and none of another schedule's.
    @Test(arguments: TestDB.all) func receptionDutyOfTodayAndTomorrow(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let today = Day.today(), tomorrow = today.adding(days: 1), calendar = try await HolidayDecisions.calendar(on: app.db)
            let places = ["Tiếp công dân buổi sáng": "Số 30 Lê Đại Hành", "Tiếp công dân buổi chiều": "Nhà văn hóa tổ dân phố số 5"]
            for (name, place) in places.sorted(by: { $0.key > $1.key }) {
                let res = try await office.post("/lich-tiep-cong-dan", ["councilID": "\(hbt.id!)", "name": name, "daysOfMonth": "\(today.day),\(tomorrow.day)",
                                                                       "place": place, "startTime": "08:00", "endTime": "11:30"])
                #expect(res.status == .seeOther)
            }
            let morning = try #require(try await ReceptionSchedule.query(on: app.db).filter(\.$name == "Tiếp công dân buổi sáng").first())
            let duc = try await Fixture.person("Lê Minh Đức", app.db)
            // The days the schedules fall on (a weekend or a holiday moves them): the morning's delegate is assigned on each.
            let days = ReceptionCalendar.occurrences(days: [today.day, tomorrow.day], from: today, to: tomorrow, calendar: calendar)
            for day in days {
                #expect(try await office.post("/lich-tiep-cong-dan/\(morning.id!)/phan-cong", ["date": day.description, "personID": "\(duc.id!)"]).status == .seeOther)
            }
            let page = try await office.get("/").body.string
            for day in days {
                let when = "\(day == today ? "Hôm nay" : "Ngày mai") (\(VietnameseFormat.date(day.description)))"
                #expect(page.contains("\(when): Tiếp công dân buổi sáng, 08:00–11:30, Số 30 Lê Đại Hành — Lê Minh Đức"))
                #expect(page.contains("\(when): Tiếp công dân buổi chiều, 08:00–11:30, Nhà văn hóa tổ dân phố số 5 — chưa phân công đại biểu"))
            }
            // On a weekend both days move past tomorrow: no duty line (the flashes of the forms above name the schedules too).
            if days.isEmpty { #expect(!page.contains("): Tiếp công dân buổi sáng,") && !page.contains("): Tiếp công dân buổi chiều,")) }
        }
    }

    @Test(arguments: TestDB.all) func agencyAndOverseers(_ db: TestDB) async throws {
        try await withTestApp(db, currentRecords: true) { app in
            var agency = try await Visitor.signedIn(app, "coquan.hbt")
            var page = try await agency.get("/").body.string
            #expect(page.contains("UBND phường Hai Bà Trưng") && page.contains("kiến nghị cử tri chờ trả lời"))
            #expect(!page.contains("chưa được giao việc"), "an agency's home names its agency, not a missing council")
            // Kept between requests, and counted again once a petition is forwarded to it.
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            func waiting() async throws -> String {
                let n = try await PetitionQueries.dueCounts(councilID: nil, agencyIDs: [ubnd.id!], db: app.db).open
                return "<strong>\(VietnameseFormat.number(n))</strong> kiến nghị cử tri chờ trả lời"
            }
            let before = try await waiting()
            #expect(page.contains(before))
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            try await app.db.sql.raw("""
                UPDATE voter_petitions SET agency_id = \(bind: ubnd.id!), status = 'forwarded', forwarded_on = \(bind: Day.today().description), \
                due_date = \(bind: Day.today().adding(days: 30).description) \
                WHERE id = (SELECT MIN(id) FROM voter_petitions WHERE council_id = \(bind: hbt.id!) AND agency_id IS NULL AND deleted_at IS NULL)
                """).run()
            let after = try await waiting(), again = try await agency.get("/").body.string
            #expect(after != before && again.contains(after), "counted again")
            #expect(try await agency.get("/co-quan/kien-nghi?sap-den-han=1").status == .ok)
            #expect(try await agency.get("/co-quan/don-thu?sap-den-han=1").status == .ok)
            let inbox = try await agency.get("/co-quan/don-thu").body.string
            #expect(inbox.contains("<span class=\"total\">") && inbox.contains(" đơn thư</span>"), "the inbox says how many")
            #expect(try await agency.get("/co-quan/don-thu?tu-khoa=khongcotukhoanay").body.string.contains("0 đơn thư"))
            var standing = try await Visitor.signedIn(app, "thuongtruc.hbt")
            page = try await standing.get("/").body.string
            #expect(page.contains("Thường trực HĐND") && page.contains("đơn thư quá hạn luật định"))
            var admin = try await Visitor.signedIn(app, "admin")
            #expect(try await admin.get("/").body.string.contains("quyết định về ngày nghỉ"))
        }
    }
}

/// Pick-lists offer only what fits, and filters read days as forms do.
@Suite struct PickListTests {
    @Test func agenciesOfTheCouncilsLevelAndAbove() async throws {
        try await withTestApp(.sqlite) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let form = try await office.get("/don-thu/moi?council=\(hbt.id!)").body.string
            #expect(form.contains(">UBND phường Hai Bà Trưng</option>") && form.contains(">Công an phường Hai Bà Trưng</option>"))
            #expect(!form.contains("UBND quận Hoàn Kiếm"), "another district's committee is not this council's to forward to")
            #expect(!form.contains("Quận ủy Hai Bà Trưng</option>"), "a party committee is not an agency that answers letters")
            // A filter's period is typed and shown back as 26/04/2022.
            let list = try await office.get("/hoi-dong/\(hbt.id!)/don-thu?tu=01.01.2026&den=31/12/2026").body.string
            #expect(list.contains("value=\"01/01/2026\"") && list.contains("value=\"31/12/2026\""))
        }
    }
}

@Suite struct EndedCouncilTests {
    @Test func anEndedCouncilSaysSoAndNamesItsSuccessors() async throws {
        try await withTestApp(.sqlite) { app in
            let hbt = try await Fixture.council("HĐND quận Hai Bà Trưng", app.db)
            let end = try #require(try await CouncilEnd.of(hbt, on: app.db))
            #expect(end.endedOn == "2025-06-30")
            var v = Visitor(app)
            let page = try await v.get("/hoi-dong/\(hbt.id!)").body.string
            #expect(page.contains("Hội đồng đã kết thúc ngày 30/06/2025"))
            for s in end.successors { #expect(page.contains("href=\"/hoi-dong/\(s.councilID)\"")) }
            let cuKhoi = try await Fixture.council("HĐND phường Cự Khối", app.db)
            #expect(try await CouncilEnd.of(cuKhoi, on: app.db)?.endedOn == "2025-06-30")
        }
    }
}

@Suite struct KeywordFilterTests {
    @Test func listsFindByKeywordWithoutDiacritics() async throws {
        try await withTestApp(.sqlite) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            for (name, content) in [("Lê Văn Một", "Khiếu nại bồi thường giải phóng mặt bằng ngõ Quỳnh"), ("Lê Văn Hai", "Khiếu nại cấp sổ đỏ")] {
                #expect(try await office.post("/don-thu", LetterTests.form(hbt, ["senderName_1": name, "content": content])).status == .seeOther)
            }
            var page = try await office.get("/hoi-dong/\(hbt.id!)/don-thu?tu-khoa=giai%20phong%20mat%20bang").body.string
            #expect(page.contains("ngõ Quỳnh") && !page.contains("cấp sổ đỏ") && page.contains("value=\"giai phong mat bang\""))
            // A sender's name is not a keyword of the register (the search box finds it, for who may see it).
            page = try await office.get("/hoi-dong/\(hbt.id!)/don-thu?tu-khoa=le%20van%20mot").body.string
            #expect(page.contains("Không có đơn nào."))
            page = try await office.get("/hoi-dong/\(hbt.id!)/kien-nghi?tu-khoa=xyzkhongco").body.string
            #expect(page.contains("Không có kiến nghị nào."))
            // Voter meetings by their place or topic; the exported list keeps the filter.
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            page = try await office.get("/hoi-dong/\(hk.id!)/tiep-xuc-cu-tri?tu-khoa=moi%20truong").body.string
            let rows = page.matches(of: /href="\/tiep-xuc-cu-tri\/\d+"/).count
            #expect(rows == 1 && page.contains("Nâng cao hiệu quả công tác bảo vệ môi trường") && page.contains("value=\"moi truong\""))
            let csv = try await office.get("/hoi-dong/\(hk.id!)/tiep-xuc-cu-tri.csv?tu-khoa=moi%20truong").body.string
            #expect(csv.split(whereSeparator: \.isNewline).count == 2)
            // Reception visits by the matter raised, never by who came.
            var city = try await Visitor.signedIn(app, "vanphong.hanoi")
            page = try await city.get("/hoi-dong/\(hk.id!)/tiep-cong-dan?thang=2019-01&tu-khoa=xay%20dung").body.string
            #expect(page.contains("Phản ánh xây dựng trái phép") && !page.contains("Hỏi về thủ tục cấp giấy chứng nhận")
                    && page.contains("value=\"xay dung\""))
        }
    }
}

/// Lists say how many rows they hold and lead to the first, previous and next pages, keeping their filters.
@Suite struct ListPagingTests {
    @Test func firstPreviousNextAndTotal() async throws {
        try await withTestApp(.sqlite) { app in
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            var city = try await Visitor.signedIn(app, "vanphong.hanoi")
            let base = "/hoi-dong/\(hk.id!)/kien-nghi"
            let links = { (page: String) in page.matches(of: /href="\/kien-nghi\/(\d+)"/).map { Int($0.1)! } }
            let first = try await city.get(base + "?trang-thai=inProgress").body.string
            #expect(first.contains("104 kiến nghị") && !first.contains("Trang đầu") && !first.contains("Trang trước"))
            let firstIDs = links(first)
            #expect(firstIDs.count == 50 && firstIDs == firstIDs.sorted(by: >), "newest first")
            let next = try #require(first.firstMatch(of: /href="([^"]*truoc=\d+)"/)?.1).replacingOccurrences(of: "&amp;", with: "&")
            #expect(next.contains("trang-thai=inProgress"))
            let second = try await city.get(next).body.string
            #expect(second.contains("104 kiến nghị") && second.contains("« Trang đầu") && second.contains("‹ Trang trước"))
            #expect(Set(links(second)).isDisjoint(with: firstIDs) && links(second).max()! < firstIDs.min()!)
            // Back from the second page is the first page again, with no way further back.
            let previous = try #require(second.firstMatch(of: /href="([^"]*sau=\d+)"/)?.1).replacingOccurrences(of: "&amp;", with: "&")
            let back = try await city.get(previous).body.string
            #expect(links(back) == firstIDs && !back.contains("‹ Trang trước"))
            #expect(try await city.get(base + "?sau=abc").status == .unprocessableEntity)
            // A meeting's petitions in the order they were entered.
            let meeting = try #require(try await VoterPetition.query(on: app.db).filter(\.$councilID == hk.id!).filter(\.$meetingID != nil).first()?.meetingID)
            let ids = links(try await city.get("/tiep-xuc-cu-tri/\(meeting)").body.string)
            #expect(ids.count > 1 && ids == ids.sorted())
            // The register counts its letters too, and goes back as it goes on.
            let register = "/hoi-dong/\(hk.id!)/don-thu"
            let letterLinks = { (page: String) in page.matches(of: /href="\/don-thu\/(\d+)"/).map { Int($0.1)! } }
            let page1 = try await city.get(register + "?loai=complaint").body.string
            #expect(page1.contains("đơn thư") && !page1.contains("‹ Trang trước"))
            let next1 = try #require(page1.firstMatch(of: /href="([^"]*truoc=\d+)"/)?.1).replacingOccurrences(of: "&amp;", with: "&")
            let page2 = try await city.get(next1).body.string
            let back1 = try #require(page2.firstMatch(of: /href="([^"]*sau=\d+)"/)?.1).replacingOccurrences(of: "&amp;", with: "&")
            let again = try await city.get(back1).body.string
            #expect(letterLinks(again) == letterLinks(page1) && !again.contains("‹ Trang trước") && back1.contains("loai=complaint"))
            #expect(try await city.get(register).body.string.contains("1.627 đơn thư"))

            // Sorted by the next deadline: nearest first (overdue ones first of all), letters with nothing due last,
            // page by page number, the filters kept; the headers lead to each order.
            let byDue = try await city.get(register + "?loai=complaint&sap-xep=han").body.string
            #expect(byDue.contains("aria-sort=\"ascending\"><a href=\"\(register)?loai=complaint&amp;sap-xep=han\""))
            let dueIDs = letterLinks(byDue)
            let stored = try await Letter.query(on: app.db).filter(\.$id ~~ dueIDs).all()
            let dues = dueIDs.map { id in stored.first { $0.id == id }?.nextDue ?? "9999" }
            #expect(dueIDs.count == 50 && dues == dues.sorted(), "\(dues)")
            let dueNext = try #require(byDue.firstMatch(of: /href="([^"]*trang=2)"/)?.1).replacingOccurrences(of: "&amp;", with: "&")
            #expect(dueNext.contains("loai=complaint") && dueNext.contains("sap-xep=han"))
            let dueIDs2 = letterLinks(try await city.get(dueNext).body.string)
            #expect(!dueIDs2.isEmpty && Set(dueIDs2).isDisjoint(with: dueIDs))
            let byReceived = try await city.get(register + "?sap-xep=ngay-nhan").body.string
            let received = try await Letter.query(on: app.db).filter(\.$id ~~ letterLinks(byReceived)).all()
            let days = letterLinks(byReceived).map { id in received.first { $0.id == id }!.receivedOn }
            #expect(days.count == 50 && days == days.sorted() && days.first == "2019-01-01")
            #expect(try await city.get(register + "?sap-xep=ten").status == .unprocessableEntity)

            // The overdue view goes back as it goes on, like every other.
            let overdueTotal = try await Letter.query(on: app.db).filter(\.$councilID == hk.id!).filter(\.$nextDue < Day.today().description).count()
            let over1 = try await city.get(register + "?qua-han=1").body.string
            #expect(over1.contains("\(VietnameseFormat.number(overdueTotal)) đơn thư"))
            #expect(overdueTotal > 50, "the demo's 2019 register has more than a page of overdue steps")
            do {
                let overNext = try #require(over1.firstMatch(of: /href="([^"]*truoc=\d+)"/)?.1).replacingOccurrences(of: "&amp;", with: "&")
                let over2 = try await city.get(overNext).body.string
                let overBack = try #require(over2.firstMatch(of: /href="([^"]*sau=\d+)"/)?.1).replacingOccurrences(of: "&amp;", with: "&")
                let backAgain = try await city.get(overBack).body.string
                #expect(overBack.contains("qua-han=1") && letterLinks(backAgain) == letterLinks(over1))
            }
        }
    }
}

/// A list counts its rows up to a cap, so that a province's hundreds of thousands are not counted on every page.
@Suite struct CountCapTests {
    @Test func aLongListSaysMoreThanTheCap() async throws {
        try await withTestApp(.sqlite, demo: false) { app in
            #expect(Paging.total(10_000, "kiến nghị") == "10.000 kiến nghị" && Paging.total(10_001, "kiến nghị") == "Hơn 10.000 kiến nghị")
            try await app.db.sql.raw("CREATE TABLE counted_rows (id INTEGER PRIMARY KEY)").run()
            try await app.db.sql.raw("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000) INSERT INTO counted_rows SELECT i FROM n
                """).run()
            let all = app.db.sql.select().column("id").from("counted_rows")
            #expect(try await Paging.count(all, db: app.db) == Paging.countCap + 1)
            let some = app.db.sql.select().column("id").from("counted_rows").where("id", .lessThanOrEqual, 42)
            #expect(try await Paging.count(some, db: app.db) == 42)
        }
    }
}

/// A clerk sorts petitions by a column: most voters, nearest due date, latest received; the filters stay.
@Suite struct PetitionSortTests {
    @Test func sortedByAColumn() async throws {
        try await withTestApp(.sqlite) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let meeting = try await Fixture.meeting(&office, hbt, petitions: [
                "content_1": "Kiến nghị A", "field_1": "giaothong", "voters_1": "5",
                "content_2": "Kiến nghị B", "field_2": "giaothong", "voters_2": "30",
                "content_3": "Kiến nghị C", "field_3": "giaothong", "voters_3": "12"])
            let ps = try await VoterPetition.query(on: app.db).filter(\.$meetingID == meeting.id!).sort(\.$id).all()
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            let today = Day.today()
            for (p, days) in [(ps[0], 20), (ps[2], 5)] {
                _ = try await office.post("/kien-nghi/\(p.id!)/chuyen", ["version": "\(p.version)", "agencyID": "\(ubnd.id!)",
                                                                        "dueDate": today.adding(days: days).description])
            }
            let order = { (page: String) in page.matches(of: /Kiến nghị ([ABC])<\/a>/).map { String($0.1) } }
            let base = "/hoi-dong/\(hbt.id!)/kien-nghi"
            #expect(order(try await office.get(base).body.string) == ["C", "B", "A"], "newest first")
            let byVoters = try await office.get(base + "?sap-xep=cu-tri").body.string
            #expect(order(byVoters) == ["B", "C", "A"] && byVoters.contains("aria-sort=\"descending\"><a href=\"\(base)?sap-xep=cu-tri\""))
            #expect(order(try await office.get(base + "?sap-xep=han").body.string) == ["C", "A", "B"], "nearest due first, undated last")
            #expect(order(try await office.get(base + "?sap-xep=han&linh-vuc=giaothong").body.string) == ["C", "A", "B"])
            let filtered = try await office.get(base + "?trang-thai=forwarded&sap-xep=cu-tri").body.string
            #expect(order(filtered) == ["C", "A"] && filtered.contains("href=\"\(base)?trang-thai=forwarded&amp;sap-xep=han\""))
            #expect(try await office.get(base + "?sap-xep=ten").status == .unprocessableEntity)
            let beyond = try await office.get(base + "?sap-xep=cu-tri&trang=2").body.string
            #expect(beyond.contains("Không có kiến nghị nào.") && beyond.contains("‹ Trang trước") && beyond.contains("3 kiến nghị"))
        }
    }

    /// An order that sorts every row (most voters, nearest due) is for a list of up to 10.000 rows: past it, its header
    /// leads nowhere and the order asked for anyway is refused, naming the field; a filter that shortens the list opens it.
    @Test(arguments: TestDB.all) func sortingEveryRowNeedsAShortList(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            try await app.db.sql.raw("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10001) \
                INSERT INTO voter_petitions (council_id, unit_id, source, content, voter_count, status, received_on, folded, version) \
                SELECT \(bind: hbt.id!), \(bind: hbt.unitID), 'voterMeeting', 'Kiến nghị số ' || i, 1, 'received', '2020-01-01', \
                'kien nghi so ' || i, 1 FROM n
                """).run()
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let base = "/hoi-dong/\(hbt.id!)/kien-nghi"
            let list = try await office.get(base).body.string
            #expect(list.contains("Hơn 10.000 kiến nghị") && list.contains("<span title=\"Lọc danh sách còn dưới 10.000 kiến nghị")
                    && !list.contains("sap-xep=cu-tri") && !list.contains("sap-xep=han") && list.contains("sap-xep=ngay"))
            for order in ["cu-tri", "han"] {
                let refused = try await office.get(base + "?sap-xep=\(order)")
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("hãy lọc bớt"), "\(order)")
            }
            #expect(try await office.get(base + "?sap-xep=ngay").status == .ok, "the day received comes from an index")
            // "Kiến nghị số 1000", 10000 and 10001.
            let short = try await office.get(base + "?tu-khoa=so+1000&sap-xep=cu-tri")
            #expect(short.status == .ok && short.body.string.contains("3 kiến nghị") && short.body.string.contains("sap-xep=han"))
        }
    }
}
