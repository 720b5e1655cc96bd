import Fluent
@testable import HDND
import Testing
import VaporTesting

/// One calendar: a council's dated events in day, week and month views, internal due dates only for its own people,
/// and the iCalendar feeds of a council, a body and a delegate read back by Python's icalendar.
@Suite struct CalendarTests {
    @Test func viewsCoverTheirDays() {
        let day = Day("2026-12-02")!  // a Wednesday
        let week = CalendarController.range(.tuan, around: day)
        #expect(week.from.description == "2026-11-30" && week.to.description == "2026-12-06" && week.next.description == "2026-12-07")
        let month = CalendarController.range(.thang, around: day)
        #expect(month.from.description == "2026-12-01" && month.to.description == "2026-12-31" && month.previous.description == "2026-11-30")
        #expect(CalendarController.range(.ngay, around: day).title == "Thứ Tư, 02/12/2026")
    }

    @Test func wholeDayEventsEndTheDayAfter() {
        let text = ICalendar(name: "Lịch", events: [ICalendar.Event(uid: "a", day: Day("2026-12-12")!, start: nil, end: nil, lastDay: Day("2026-12-13")!,
                                                                    summary: "Kỳ họp thứ ba", location: "", description: "")], stamp: Date()).render()
        #expect(text.contains("DTSTART;VALUE=DATE:20261212\r\n") && text.contains("DTEND;VALUE=DATE:20261214\r\n"))
    }

    @Test(arguments: TestDB.all) func aCouncilsCalendarAndFeeds(_ db: TestDB) async throws {
        try await withTestApp(db, currentRecords: true) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let coming = try #require(try await CouncilSession.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$kind == .yearEnd).first())
            let survey = try #require(try await Oversight.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$kind == .survey).first())
            let overdue = try #require(try await Recommendation.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$status == .pending).first())

            // The office's month: the coming session over its two days, the survey; the recommendation's due date in its own month.
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var page = try await office.get("/hoi-dong/\(hbt.id!)/lich?xem=thang&ngay=\(coming.opensOn)").body.string
            #expect(page.contains("Kỳ họp thứ ba — HĐND phường Hai Bà Trưng") && page.contains("Thường lệ cuối năm (dự kiến)"))
            // The month is kept between requests (`FigureCache`) and read again after a training entered in it.
            let month = "/hoi-dong/\(hbt.id!)/lich?xem=thang&ngay=\(coming.opensOn)", kept = app.figures.count
            #expect(!(try await office.get(month).body.string.contains("Kỹ năng chất vấn")) && app.figures.count == kept, "kept")
            let training = ["councilID": "\(hbt.id!)", "year": coming.opensOn.prefix(4).description, "title": "Kỹ năng chất vấn",
                            "organiser": "Thường trực HĐND phường", "classes": "1", "attendeesOwn": "20",
                            "heldFrom": VietnameseFormat.date(coming.opensOn)]
            #expect(try await office.post("/tap-huan", training).status == .seeOther)
            #expect(try await office.get(month).body.string.contains("Kỹ năng chất vấn"))
            page = try await office.get("/hoi-dong/\(hbt.id!)/lich?xem=ngay&ngay=\(overdue.dueOn)").body.string
            #expect(page.contains("Hạn kiến nghị: \(overdue.displayName)"))
            #expect(!page.contains("<h3>"), "the day view heads its day once")
            page = try await office.get("/hoi-dong/\(hbt.id!)/lich?xem=tuan&ngay=\(survey.fieldworkFrom)&loai=oversight").body.string
            #expect(page.contains(survey.topic) && !page.contains("Kỳ họp thứ ba —"))
            #expect(try await office.get("/hoi-dong/\(hbt.id!)/lich?loai=khac").status == .unprocessableEntity)

            // The ward's standing committee met last month: its meeting is on the office's calendar, not on a visitor's.
            let standing = try #require(try await StandingMeeting.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            page = try await office.get("/hoi-dong/\(hbt.id!)/lich?xem=ngay&ngay=\(standing.heldOn)").body.string
            #expect(page.contains(standing.displayName) && page.contains("/phien-hop-thuong-truc/\(standing.id!)"))
            var visitor = Visitor(app)
            #expect(!(try await visitor.get("/hoi-dong/\(hbt.id!)/lich?xem=ngay&ngay=\(standing.heldOn)").body.string.contains(standing.displayName)))

            // A visitor sees the public events only.
            var anonymous = Visitor(app)
            page = try await anonymous.get("/hoi-dong/\(hbt.id!)/lich?xem=ngay&ngay=\(overdue.dueOn)").body.string
            #expect(!page.contains("Hạn kiến nghị"))
            page = try await anonymous.get("/hoi-dong/\(hbt.id!)/lich?xem=tuan&ngay=\(survey.fieldworkFrom)").body.string
            #expect(page.contains("href=\"/giam-sat/\(survey.id!)\""), "an oversight's page is public")
            #expect(!page.contains("href=\"/tiep-xuc-cu-tri/"), "a voter meeting's page is not")

            // The council's feed, read by icalendar: whole-day sessions, timed reception days in Hà Nội time, no due dates.
            let res = try await anonymous.get("/hoi-dong/\(hbt.id!)/lich.ics")
            #expect(res.headers.contentType?.description.hasPrefix("text/calendar") == true)
            if let feed = try ICalReader.read(Array(res.body.readableBytesView)) {
                #expect(feed.name == "Lịch công tác — HĐND phường Hai Bà Trưng")
                let session = try #require(feed.events.first { $0.uid == "ky-hop-\(coming.id!)@hdnd-so" })
                #expect(session.allDay && session.start == coming.opensOn && session.end == Day(coming.closesOn!)!.adding(days: 1).description)
                #expect(feed.events.contains { !$0.allDay && $0.utcOffsetHours == 7 && $0.summary.hasPrefix("Tiếp công dân") })
                #expect(!feed.events.contains { $0.summary.hasPrefix("Hạn") })
            }
            // A body's feed holds what it leads; a delegate's, the sessions of their council and their group's meetings.
            let committee = try #require(try await Body.find(survey.bodyID, on: app.db))
            if let feed = try ICalReader.read(Array(try await anonymous.get("/ban/\(committee.id!)/lich.ics").body.readableBytesView)) {
                #expect(feed.events.map(\.uid) == ["giam-sat-\(survey.id!)@hdnd-so"])
            }
            let delegate = try await Fixture.person("Vũ Đức Bảo", app.db)
            if let feed = try ICalReader.read(Array(try await anonymous.get("/nguoi/\(delegate.id!)/lich.ics").body.readableBytesView)) {
                #expect(feed.events.contains { $0.uid == "ky-hop-\(coming.id!)@hdnd-so" })
                #expect(feed.events.contains { $0.uid.hasPrefix("tiep-xuc-cu-tri-") })
                #expect(!feed.events.contains { $0.uid.hasPrefix("tiep-cong-dan-") })
            }
        }
    }
}
