import Fluent
@testable import HDND
import Testing
import Vapor
import VaporTesting

@Suite struct ReceptionCalendarTests {
    @Test func daysOffMoveToTheNextWorkingDay() {
        func days(_ from: String, _ to: String) -> [String] {
            ReceptionCalendar.occurrences(days: [10, 20], from: Day(from)!, to: Day(to)!, calendar: .statutory).map(\.description)
        }
        #expect(days("2026-11-01", "2026-11-30") == ["2026-11-10", "2026-11-20"])
        // Friday 20/02/2026 is Tết: Monday 23/02.
        #expect(days("2026-02-01", "2026-02-28") == ["2026-02-10", "2026-02-23"])
        // Saturday 10/01/2026: Monday 12/01.
        #expect(days("2026-01-01", "2026-01-31") == ["2026-01-12", "2026-01-20"])
        #expect(days("2019-01-01", "2019-12-31").count == 24)
    }

    @Test func iCalendarLinesAreFoldedAndEscaped() {
        let cal = ICalendar(name: "Lịch tiếp công dân — HĐND phường Hai Bà Trưng", events: [
            .init(uid: "a@hdnd", day: Day("2026-12-10")!, start: "08:00", end: "11:30",
                  summary: "Tiếp công dân định kỳ; đại biểu, cử tri", location: "Trụ sở tiếp công dân quận Hai Bà Trưng, số 30 phố Lê Đại Hành, phường Lê Đại Hành",
                  description: "Đại biểu tiếp: Lê Minh Đức\nVũ Đức Bảo")], stamp: Date(timeIntervalSince1970: 0)).render()
        #expect(cal.hasPrefix("BEGIN:VCALENDAR\r\n") && cal.hasSuffix("END:VCALENDAR\r\n"))
        for line in cal.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "\(line)") }
        let unfolded = cal.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("DTSTART;TZID=Asia/Ho_Chi_Minh:20261210T080000"))
        #expect(unfolded.contains("SUMMARY:Tiếp công dân định kỳ\\; đại biểu\\, cử tri"))
        #expect(unfolded.contains("Lê Minh Đức\\nVũ Đức Bảo"))
        #expect(unfolded.contains("DTSTAMP:19700101T000000Z"))
    }
}

@Suite struct ReceptionTests {
    @Test(arguments: TestDB.all) func scheduleVisitsCountsAndFeed(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let ml = try await Fixture.council("HĐND huyện Mê Linh", app.db)
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            // The seeds' figures, from the demo's records.
            let mlUnit = try #require(try await AdministrativeUnit.find(ml.unitID, on: app.db))
            // The district's own (54 sessions, 81 citizens) and, in the unit's summary, its communes' 445 sessions with it.
            let q1 = try await SummaryQueries.summary(unit: mlUnit, period: Period.quarter(1, of: 2022)!, db: app.db)
            let district = try await PeriodFigures.of(councilID: ml.id!, period: Period.quarter(1, of: 2022)!, kept: app.figures, db: app.db)
            #expect(district.own["reception_sessions"] == 54 && district.own["citizens_received"] == 81)
            #expect(q1.receptions.sessions == 54 + 445 && q1.receptions.visits == 81 + district.belowTotal("citizens_received"))
            let hkUnit = try #require(try await AdministrativeUnit.find(hk.unitID, on: app.db))
            #expect(try await SummaryQueries.summary(unit: hkUnit, period: .year(2019), db: app.db).receptions.visits == 324)

            // The month page: the calendar for anyone, the visits for the council's readers.
            var visitor = Visitor(app)
            var res = try await visitor.get("/hoi-dong/\(ml.id!)/tiep-cong-dan?thang=2022-01")
            #expect(res.status == .ok)
            #expect(res.body.string.contains("Thứ Hai, 10/01/2022") && res.body.string.contains("Thứ Năm, 20/01/2022"))
            #expect(!res.body.string.contains("lượt công dân"))
            #expect(try await visitor.get("/hoi-dong/\(ml.id!)/tiep-cong-dan?thang=2022-13").status == .unprocessableEntity)

            // The iCalendar feed.
            res = try await app.testing().sendRequest(.GET, "/hoi-dong/\(ml.id!)/lich-tiep-cong-dan.ics")
            #expect(res.headers.contentType?.description.hasPrefix("text/calendar") == true)
            let ics = res.body.string.replacingOccurrences(of: "\r\n ", with: "")
            #expect(ics.components(separatedBy: "BEGIN:VEVENT").count - 1 >= 24)
            #expect(ics.contains("SUMMARY:Tiếp công dân định kỳ — HĐND huyện Mê Linh"))

            // An office records a schedule, assigns a delegate, logs a confidential visit.
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            res = try await office.post("/lich-tiep-cong-dan", ["councilID": "\(hbt.id!)", "name": "Tiếp công dân định kỳ", "daysOfMonth": "10, 20, 40",
                                                               "place": "Số 30 Lê Đại Hành", "startTime": "8h", "endTime": "11:30"])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Các ngày phải là số từ 1 đến 31") && res.body.string.contains("Giờ bắt đầu phải có dạng giờ:phút"))
            res = try await office.post("/lich-tiep-cong-dan", ["councilID": "\(hbt.id!)", "name": "Tiếp công dân định kỳ", "daysOfMonth": "20,10",
                                                               "place": "Số 30 Lê Đại Hành", "startTime": "08:00", "endTime": "11:30"])
            #expect(res.status == .seeOther)
            let schedule = try #require(try await ReceptionSchedule.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            #expect(schedule.daysOfMonth == "10,20")
            // Duty is assigned only on the schedule's own days: a month before its first day offers none.
            try await app.db.sql.update(ReceptionSchedule.schema).set("valid_from", to: "2026-12-01").where("id", .equal, schedule.id!).run()
            let before = try await office.get("/hoi-dong/\(hbt.id!)/tiep-cong-dan?thang=2026-11").body.string
            let from = try await office.get("/hoi-dong/\(hbt.id!)/tiep-cong-dan?thang=2026-12").body.string
            #expect(!before.contains("Phân công (Tiếp công dân định kỳ)") && from.contains("Phân công (Tiếp công dân định kỳ)")
                    && from.contains("value=\"2026-12-10\""))
            let thang = try await Fixture.person("Lê Minh Đức", app.db)
            // A day that is not one of the schedule's is refused, and nothing is written: the 11th, or the 10th of a month
            // before its first day.
            for day in ["2026-12-11", "2026-11-10"] {
                res = try await office.post("/lich-tiep-cong-dan/\(schedule.id!)/phan-cong", ["date": day, "personID": "\(thang.id!)"])
                #expect(res.status == .unprocessableEntity && res.body.string.contains("không phải ngày tiếp công dân của lịch này"))
            }
            #expect(try await ReceptionAssignment.query(on: app.db).filter(\.$scheduleID == schedule.id!).count() == 0)
            res = try await office.post("/lich-tiep-cong-dan/\(schedule.id!)/phan-cong", ["date": "2026-12-10", "personID": "\(thang.id!)"])
            #expect(res.status == .seeOther)
            res = try await office.post("/luot-tiep-cong-dan", ["councilID": "\(hbt.id!)", "date": "10/12/2026", "scheduleID": "\(schedule.id!)",
                                                               "delegateID": "\(thang.id!)", "visitorName": "Hoàng Văn Bímật", "consent": "true",
                                                               "confidential": "true", "visitors": "3", "kind": "denunciation",
                                                               "topic": "Phản ánh sai phạm trong xây dựng", "handling": "letterReceived"])
            #expect(res.status == .seeOther)
            res = try await office.get("/hoi-dong/\(hbt.id!)/tiep-cong-dan?thang=2026-12")
            let page = res.body.string
            #expect(page.contains("Lê Minh Đức") && page.contains("<strong>3</strong> lượt công dân") && page.contains("<strong>1</strong> buổi tiếp"))
            #expect(page.contains("Giữ bí mật") && !page.contains("Bímật"))
            #expect(!(try await AuditEntry.query(on: app.db).all()).contains { $0.changes.contains("Bímật") })
            res = try await app.testing().sendRequest(.GET, "/hoi-dong/\(hbt.id!)/lich-tiep-cong-dan.ics")
            #expect(res.body.string.replacingOccurrences(of: "\r\n ", with: "").contains("Đại biểu tiếp: Lê Minh Đức"))
            // Another ward's clerk cannot assign.
            var cuKhoi = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await cuKhoi.post("/lich-tiep-cong-dan/\(schedule.id!)/phan-cong", ["date": "2026-12-20", "personID": "\(thang.id!)"]).status == .forbidden)
        }
    }

    /// A letter handed in at a reception is registered from the visit, and the visit shows it; a visit can also be linked by hand.
    @Test(arguments: TestDB.all) func visitBecomesALetter(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var res = try await office.post("/luot-tiep-cong-dan", ["councilID": "\(hbt.id!)", "date": "10/11/2026", "visitorName": "Phạm Văn Khiếu",
                                                                   "consent": "true", "confidential": "false", "visitors": "1", "kind": "complaint",
                                                                   "topic": "Khiếu nại việc bồi thường giải phóng mặt bằng ngõ 40", "handling": "letterReceived"])
            #expect(res.status == .seeOther)
            let visit = try #require(try await ReceptionVisit.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id, .descending).first())
            var page = try await office.get("/hoi-dong/\(hbt.id!)/tiep-cong-dan?thang=2026-11").body.string
            #expect(page.contains("/don-thu/moi?visit=\(visit.id!)"))
            // A letter taken at a reception is owed an answer within 10 working days (Law on Citizen Reception art. 28.1):
            // 10/11/2026 → 24/11/2026, past today (30/11/2026) and not yet given.
            let due = ReceptionRules.noticeDeadline(date: Day("2026-11-10")!, handling: .letterReceived, notifiedOn: nil, calendar: .statutory)
            #expect(due?.due.description == "2026-11-24" && due?.legalBasis == "Luật Tiếp công dân 2013, Điều 28 khoản 1")
            #expect(ReceptionRules.noticeDeadline(date: Day("2026-11-10")!, handling: .answeredOnSpot, notifiedOn: nil, calendar: .statutory) == nil)
            #expect(page.contains("Thông báo kết quả: hạn 24/11/2026") && page.contains("quá hạn") == (Day.today() > Day("2026-11-24")!))
            res = try await office.get("/don-thu/moi?visit=\(visit.id!)")
            #expect(res.body.string.contains("Khiếu nại việc bồi thường giải phóng mặt bằng ngõ 40") && res.body.string.contains("name=\"visitID\" value=\"\(visit.id!)\""))
            #expect(res.body.string.contains("name=\"senderName_1\" type=\"text\" value=\"Phạm Văn Khiếu\""), "the visitor carries over as the sender")
            // A mistake keeps the link; the corrected form registers the letter and links it to the visit.
            var form = LetterTests.form(hbt, ["receivedOn": "10/11/2026", "channel": "reception", "visitID": "\(visit.id!)",
                                              "content": "Khiếu nại việc bồi thường giải phóng mặt bằng ngõ 40"])
            res = try await office.post("/don-thu", form)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("name=\"visitID\" value=\"\(visit.id!)\""))
            form["senderName_1"] = "Phạm Văn Khiếu"
            res = try await office.post("/don-thu", form)
            #expect(res.status == .seeOther)
            let letter = try #require(try await Letter.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id, .descending).first())
            #expect(letter.channel == .reception)
            let linked = try #require(try await ReceptionVisit.find(visit.id, on: app.db))
            #expect(linked.letterID == letter.id && linked.version == visit.version + 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == RecordKind.receptionVisit.rawValue)
                .filter(\.$recordID == visit.id!).count() == 2, "created, then linked")
            page = try await office.get("/hoi-dong/\(hbt.id!)/tiep-cong-dan?thang=2026-11").body.string
            #expect(page.contains("Đơn số \(letter.registerNumber)") && !page.contains("/don-thu/moi?visit=\(visit.id!)"))
            // Registering it twice is refused.
            res = try await office.post("/don-thu", form)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Lượt tiếp công dân này đã có đơn vào sổ."))

            // By hand: a letter number that is not in the register is refused, one that is gets linked.
            var edit = ["councilID": "\(hbt.id!)", "date": "10/11/2026", "consent": "true", "confidential": "false", "visitors": "1",
                        "kind": "complaint", "topic": "Hỏi về chế độ chính sách", "handling": "guided", "version": "1", "letterNumber": "999/2026"]
            res = try await office.post("/luot-tiep-cong-dan", edit)
            let other = try #require(try await ReceptionVisit.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id, .descending).first())
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Không có đơn số 999/2026 trong sổ của Hội đồng này."))
            #expect(other.id == visit.id, "nothing written")
            edit["letterNumber"] = letter.registerNumber
            res = try await office.post("/luot-tiep-cong-dan", edit)
            #expect(res.status == .seeOther)
            // Recording when the citizen was told ends the notice; a day before the visit is refused.
            let current = try #require(try await ReceptionVisit.find(visit.id, on: app.db))
            var told = ["councilID": "\(hbt.id!)", "date": "10/11/2026", "consent": "true", "confidential": "false", "visitors": "1",
                        "kind": "complaint", "topic": "Khiếu nại việc bồi thường giải phóng mặt bằng ngõ 40", "handling": "letterReceived",
                        "visitorName": "Phạm Văn Khiếu", "letterNumber": letter.registerNumber, "version": "\(current.version)", "notifiedOn": "09/11/2026"]
            res = try await office.post("/luot-tiep-cong-dan/\(visit.id!)", told)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("không thể trước ngày tiếp"))
            told["notifiedOn"] = "20/11/2026"
            res = try await office.post("/luot-tiep-cong-dan/\(visit.id!)", told)
            #expect(res.status == .seeOther)
            page = try await office.get("/hoi-dong/\(hbt.id!)/tiep-cong-dan?thang=2026-11").body.string
            #expect(page.contains("Đã thông báo ngày 20/11/2026"))
            #expect(try await ReceptionVisit.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id, .descending).first()?.letterID == letter.id)
        }
    }
}

/// A visit is linked to the petition it brought by the petition's words, never by an internal number.
@Suite struct VisitPetitionLinkTests {
    @Test func linkedBySearching() async throws {
        try await withTestApp(.sqlite) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            _ = try await Fixture.meeting(&office, hbt, petitions: [
                "content_1": "Sửa đèn chiếu sáng ngõ 5", "content_2": "Sửa đèn chiếu sáng ngõ 9", "content_3": "Nạo vét mương thoát nước"])
            let visit = { (petition: String) in
                ["councilID": "\(hbt.id!)", "date": "25/11/2026", "visitors": "1", "kind": "petition", "topic": "Hỏi về kiến nghị",
                 "handling": "guided", "consent": "true", "confidential": "false", "petition": petition]
            }
            var res = try await office.post("/luot-tiep-cong-dan", visit("den chieu sang"))
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Có nhiều kiến nghị khớp")
                    && res.body.string.contains("“Sửa đèn chiếu sáng ngõ 5”"))
            res = try await office.post("/luot-tiep-cong-dan", visit("cây xanh"))
            #expect(res.body.string.contains("Không có kiến nghị nào của Hội đồng có “cây xanh”."))
            res = try await office.post("/luot-tiep-cong-dan", visit("den ngo 9"))
            #expect(res.status == .seeOther)
            let saved = try #require(try await ReceptionVisit.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            let ngo9 = try #require(try await VoterPetition.query(on: app.db).filter(\.$content == "Sửa đèn chiếu sáng ngõ 9").first())
            #expect(saved.petitionID == ngo9.id)
            // The edit form shows the petition by its words, and saving it unchanged keeps the link.
            let form = try await office.get("/luot-tiep-cong-dan/\(saved.id!)/sua").body.string
            #expect(form.contains("value=\"Sửa đèn chiếu sáng ngõ 9\"") && !form.contains("name=\"petitionID\""))
            // The form's option lists are kept between views (`FigureCache`) and follow what is recorded: a new schedule at once.
            #expect(!form.contains(">Tiếp công dân cuối tháng</option>"))
            res = try await office.post("/lich-tiep-cong-dan", ["councilID": "\(hbt.id!)", "name": "Tiếp công dân cuối tháng", "daysOfMonth": "28",
                                                               "place": "Số 30 Lê Đại Hành", "startTime": "08:00", "endTime": "11:30"])
            #expect(res.status == .seeOther)
            #expect(try await office.get("/luot-tiep-cong-dan/\(saved.id!)/sua").body.string.contains(">Tiếp công dân cuối tháng</option>"))
        }
    }
}
