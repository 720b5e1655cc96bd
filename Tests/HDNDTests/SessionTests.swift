import Fluent
@testable import HDND
import Testing
import Vapor
import VaporTesting

@Suite struct SessionTests {
    /// The due-date rule against dates worked out by hand.
    @Test func dueDateRule() {
        let d = { (s: String) in Day(s)! }
        let forwarded = d("2026-11-21")
        let sessions = [d("2027-07-06"), d("2026-12-08")]
        // Before the next regular session: the day before it opens.
        #expect(PetitionDueRule.standard.due(forwardedOn: forwarded, nextRegularSessions: sessions, fromNationalAssembly: false).due == d("2026-12-07"))
        // Ten days before it: 08/12 − 11 = 27/11, after 21/11.
        let tenBefore = PetitionDueRule(mode: .beforeNextSession, days: 10)
        #expect(tenBefore.due(forwardedOn: forwarded, nextRegularSessions: sessions, fromNationalAssembly: false).due == d("2026-11-27"))
        // Forwarded on 30/11 that is already past: the session after (06/07/2027 − 11 = 25/06/2027).
        #expect(tenBefore.due(forwardedOn: d("2026-11-30"), nextRegularSessions: sessions, fromNationalAssembly: false).due == d("2027-06-25"))
        // A session opening tomorrow leaves no time: the next one.
        #expect(PetitionDueRule.standard.due(forwardedOn: forwarded, nextRegularSessions: [d("2026-11-22"), d("2026-12-08")],
                                             fromNationalAssembly: false).due == d("2026-12-07"))
        // No session on the calendar: 30 days (21/11 + 30 = 21/12).
        let none = PetitionDueRule.standard.due(forwardedOn: forwarded, nextRegularSessions: [], fromNationalAssembly: false)
        #expect(none.due == d("2026-12-21") && none.reason.contains("chưa có lịch kỳ họp"))
        // A number of days: 21/11 + 45 = 05/01/2027.
        #expect(PetitionDueRule(mode: .days, days: 45).due(forwardedOn: forwarded, nextRegularSessions: sessions, fromNationalAssembly: false).due
                == d("2027-01-05"))
        // Forwarded by the National Assembly: 60 days whatever the council's rule (21/11 + 60 = 20/01/2027).
        #expect(PetitionDueRule.standard.due(forwardedOn: forwarded, nextRegularSessions: sessions, fromNationalAssembly: true).due == d("2027-01-20"))
        #expect(CouncilSession.title(1) == "Kỳ họp thứ nhất" && CouncilSession.title(4) == "Kỳ họp thứ tư" && CouncilSession.title(10) == "Kỳ họp thứ 10")
    }

    /// The office records the next regular session; forwarding then gives the day before it opens.
    /// The administrator switches the council to a number of days; forwarding gives that.
    @Test(arguments: TestDB.all) func sessionsSetTheDueDate(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let term = try #require(try await Term.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$ordinal, .descending).first())
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let today = Day.today()
            let opens = today.adding(days: 40)
            var res = try await office.get("/ky-hop/moi?council=\(hbt.id!)")
            #expect(res.status == .ok && res.body.string.contains("Ngày khai mạc"))
            res = try await office.post("/ky-hop", ["councilID": "\(hbt.id!)", "termID": "\(term.id!)", "number": "12", "kind": "regular",
                                                    "opensOn": VietnameseFormat.date(opens.description), "closesOn": VietnameseFormat.date(today.description)])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Ngày bế mạc phải sau ngày khai mạc."))
            res = try await office.post("/ky-hop", ["councilID": "\(hbt.id!)", "termID": "\(term.id!)", "number": "12", "kind": "regular",
                                                    "opensOn": VietnameseFormat.date(opens.description), "place": "Hội trường quận"])
            #expect(res.status == .seeOther)
            res = try await office.post("/ky-hop", ["councilID": "\(hbt.id!)", "termID": "\(term.id!)", "number": "12", "kind": "thematic",
                                                    "opensOn": VietnameseFormat.date(today.description)])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Nhiệm kỳ này đã có kỳ họp thứ 12"))
            let page = try await office.get("/hoi-dong/\(hbt.id!)?nhiem-ky=\(term.id!)").body.string
            #expect(page.contains("Kỳ họp thứ 12 (thường lệ)") && page.contains("khai mạc \(VietnameseFormat.date(opens.description))"))
            // Forms (a petition's report, a question) offer the council's sessions by the name reports give them.
            let twelfth = try #require(try await CouncilSession.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$number == 12).first())
            let choices = try await CouncilSession.reportable(councilID: hbt.id!, db: app.db)
            #expect(choices.contains { $0.id == twelfth.id! && $0.reportLabel == "Kỳ họp thứ 12 (khai mạc \(VietnameseFormat.date(opens.description)))" })
            let session = try #require(try await CouncilSession.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == RecordKind.session.rawValue).filter(\.$recordID == session.id!).count() == 1)

            // Two petitions raised at a voter meeting.
            res = try await office.post("/tiep-xuc-cu-tri", ["councilID": "\(hbt.id!)", "kind": "beforeSession", "sessionNumber": "12",
                                                             "date": VietnameseFormat.date(today.description), "place": "Nhà văn hóa phường Bạch Đằng",
                                                             "coOrganizer": "Ủy ban MTTQ quận", "votersAttending": "80", "votersSpeaking": "6"])
            #expect(res.status == .seeOther)
            let meeting = try #require(try await VoterMeeting.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id, .descending).first())
            res = try await office.post("/tiep-xuc-cu-tri/\(meeting.id!)/kien-nghi", ["content_1": "Sửa mặt đường phố Lò Đúc", "field_1": "giaothong",
                                                                                      "content_2": "Thêm cây xanh vườn hoa", "field_2": "moitruong"])
            #expect(res.status == .seeOther)
            let petitions = try await VoterPetition.query(on: app.db).filter(\.$meetingID == meeting.id!).sort(\.$id).all()
            try #require(petitions.count == 2)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            res = try await office.get("/kien-nghi/\(petitions[0].id!)")
            #expect(res.body.string.contains("để trống: \(VietnameseFormat.date(opens.adding(days: -1).description)), trước kỳ họp thường lệ"))
            res = try await office.post("/kien-nghi/\(petitions[0].id!)/chuyen", ["version": "\(petitions[0].version)", "agencyID": "\(ubnd.id!)"])
            #expect(res.status == .seeOther)
            let first = try #require(try await VoterPetition.find(petitions[0].id, on: app.db))
            #expect(first.dueDate == opens.adding(days: -1).description)
            let event = try await PetitionEvent.query(on: app.db).filter(\.$petitionID == first.id!).sort(\.$id, .descending).first()
            #expect(event?.note.contains("trước kỳ họp thường lệ khai mạc ngày \(VietnameseFormat.date(opens.description))") == true)

            // The administrator sets 45 days for this council.
            var admin = try await Visitor.signedIn(app, "admin")
            let council = try #require(try await Council.find(hbt.id, on: app.db))
            let unit = try #require(try await AdministrativeUnit.find(council.unitID, on: app.db))
            res = try await admin.post("/hoi-dong/\(hbt.id!)", ["version": "\(council.version)", "unitCode": unit.code, "name": council.name,
                                                                "petitionDueMode": "days", "petitionDueDays": "0"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Hạn theo số ngày phải từ 01 ngày trở lên."))
            res = try await admin.post("/hoi-dong/\(hbt.id!)", ["version": "\(council.version)", "unitCode": unit.code, "name": council.name,
                                                                "petitionDueMode": "days", "petitionDueDays": "45"])
            #expect(res.status == .seeOther)
            #expect(try await office.get("/hoi-dong/\(hbt.id!)").body.string.contains("45 ngày kể từ khi chuyển"))
            res = try await office.post("/kien-nghi/\(petitions[1].id!)/chuyen", ["version": "\(petitions[1].version)", "agencyID": "\(ubnd.id!)"])
            #expect(res.status == .seeOther)
            #expect(try await VoterPetition.find(petitions[1].id, on: app.db)?.dueDate == today.adding(days: 45).description)
        }
    }
}
