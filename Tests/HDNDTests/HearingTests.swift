import Fluent
@testable import HDND
import Testing
import VaporTesting

/// Explanation hearings and what answers promise: a hearing's notice is due 10 days before it; its conclusions' items
/// and an answer's commitments are tasks of the answering agency, shown on the hearing's or question's page and reported
/// done from the agency's account; the respondent's progress report is due before the next regular session.
@Suite struct HearingTests {
    @Test func theNoticeIsDueTenDaysBefore() {
        let h = ExplanationHearing()
        h.heldOn = "2026-12-20"
        var check = h.noticeCheck(today: Day("2026-12-11")!)
        #expect(check.due?.description == "2026-12-10" && check.overdue && check.provisional,
                "Law 87/2015 was read; Law 121/2025 replaced it from 01/03/2026: provisional")
        h.noticedOn = "2026-12-08"
        check = h.noticeCheck(today: Day("2026-12-11")!)
        #expect(!check.overdue && !check.late)
        h.heldOn = "2025-06-20"; h.noticedOn = "2025-06-15"
        check = h.noticeCheck(today: Day("2026-12-11")!)
        #expect(check.late && !check.provisional, "under the law read, a notice 5 days before is late")
    }

    @Test func theProgressReportIsDueBeforeTheNextRegularSession() {
        let q = Question()
        let check = q.progressCheck(nextSession: Day("2026-12-15"), commitmentsOpen: true, today: Day("2026-12-15")!)
        #expect(check.due?.description == "2026-12-14" && check.overdue && check.provisional, "the system's default, no text found")
        #expect(q.progressCheck(nextSession: nil, commitmentsOpen: true).due == nil, "no session planned: no day yet")
        #expect(!q.progressCheck(nextSession: Day("2026-12-15"), commitmentsOpen: false, today: Day("2026-12-15")!).overdue)
    }

    static func hearingForm(_ council: Council, _ extra: [String: String]) -> [String: String] {
        ["councilID": "\(council.id!)", "topic": "Quản lý nhà văn hóa tổ dân phố sau sắp xếp", "respondents": "Phó Chủ tịch UBND phường",
         "heldOn": "20/11/2026", "noticedOn": "05/11/2026", "isPublic": "true"].merging(extra) { _, new in new }
    }

    @Test(arguments: TestDB.all) func aHearingIsHeldAndFollowedUp(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            var office = try await Visitor.signedIn(app, "vanphong.hbt")

            // Bad input names the field and writes nothing.
            var res = try await office.post("/phien-giai-trinh", Self.hearingForm(hbt, ["noticedOn": "25/11/2026", "respondents": ""]))
            #expect(res.status == .unprocessableEntity)
            for message in ["Thông báo phải gửi trước phiên giải trình.", "Người được yêu cầu giải trình"] { #expect(res.body.string.contains(message), "\(message)") }
            #expect(try await ExplanationHearing.query(on: app.db).count() == 0)

            res = try await office.post("/phien-giai-trinh", Self.hearingForm(hbt, ["conclusion": "Đề nghị UBND phường bố trí lại nhà văn hóa.",
                                                                                      "concludedOn": "22/11/2026"]))
            #expect(res.status == .seeOther)
            let h = try #require(try await ExplanationHearing.query(on: app.db).first())
            var page = try await office.get("/phien-giai-trinh/\(h.id!)").body.string
            #expect(page.contains("Thông báo đến người được yêu cầu giải trình") && page.contains("10/11/2026") && page.contains("Điều 72"))
            #expect(page.contains("Việc phải thực hiện theo kết luận") && page.contains("/nhiem-vu/moi?hearing=\(h.id!)"))
            #expect(try await office.get("/hoi-dong/\(hbt.id!)/giai-trinh").body.string.contains("Quản lý nhà văn hóa tổ dân phố sau sắp xếp"))

            // The new item's form comes filled from the hearing; it is saved as the hearing's.
            page = try await office.get("/nhiem-vu/moi?hearing=\(h.id!)").body.string
            #expect(page.contains("Phiên giải trình ngày 20/11/2026") && page.contains("name=\"hearingID\""))
            res = try await office.post("/nhiem-vu", TaskTests.form(hbt, ["hearingID": "\(h.id!)", "basis": "conclusion", "content": "Bố trí lại nhà văn hóa tổ dân phố số 5",
                                                                           "assignee": "agency:\(ubnd.id!)", "assignedOn": "22/11/2026", "dueOn": "25/11/2026"]))
            #expect(res.status == .seeOther)
            let item = try #require(try await CouncilTask.query(on: app.db).filter(\.$hearingID == h.id!).first())
            #expect(item.basis == .hearing, "a follow-up's basis is its source's")
            page = try await office.get("/phien-giai-trinh/\(h.id!)").body.string
            #expect(page.contains("Bố trí lại nhà văn hóa tổ dân phố số 5") && page.contains("01 việc đang thực hiện")
                    && page.contains("01 quá hạn") == (Day.today() > Day("2026-11-25")!))
            // A follow-up basis cannot be picked for a task of its own; another council's hearing cannot be followed.
            res = try await office.post("/nhiem-vu", TaskTests.form(hbt, ["basis": "hearing", "assignee": "agency:\(ubnd.id!)"]))
            #expect(res.status == .unprocessableEntity && res.body.string.contains("được thêm từ trang chất vấn, phiên giải trình"))
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            let hk = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            #expect(try await other.post("/nhiem-vu", TaskTests.form(hk, ["hearingID": "\(h.id!)", "assignee": ""])).status == .forbidden)
            res = try await office.post("/nhiem-vu", TaskTests.form(hk, ["hearingID": "\(h.id!)", "assignee": ""]))
            #expect(res.status == .unprocessableEntity && res.body.string.contains("cùng Hội đồng"))
            #expect(try await CouncilTask.query(on: app.db).count() == 1, "nothing half-written")

            // The agency sees it among its tasks and reports it done.
            var agency = try await Visitor.signedIn(app, "coquan.hbt")
            #expect(try await agency.get("/co-quan/nhiem-vu").body.string.contains("Bố trí lại nhà văn hóa tổ dân phố số 5"))
            #expect(try await agency.post("/nhiem-vu/\(item.id!)/bao-cao", ["version": "1", "doneOn": "24/11/2026", "result": "Đã bố trí"]).status == .seeOther)
            #expect(try await office.get("/phien-giai-trinh/\(h.id!)").body.string.contains("00 việc đang thực hiện"))

            // Public: a citizen reads the hearing but not its follow-ups; closed: only the council's people.
            var citizen = Visitor(app)
            page = try await citizen.get("/phien-giai-trinh/\(h.id!)").body.string
            #expect(page.contains("Quản lý nhà văn hóa") && !page.contains("Bố trí lại nhà văn hóa"))
            var form = Self.hearingForm(hbt, ["isPublic": "false", "topic": "Giải trình về công tác cán bộ", "heldOn": "10/12/2026", "noticedOn": ""])
            #expect(try await office.post("/phien-giai-trinh", form).status == .seeOther)
            let closed = try #require(try await ExplanationHearing.query(on: app.db).filter(\.$isPublic == false).first())
            #expect(try await citizen.get("/phien-giai-trinh/\(closed.id!)").status == .unauthorized)
            #expect(try await other.get("/phien-giai-trinh/\(closed.id!)").status == .forbidden)
            form["version"] = "1"
            #expect(try await other.post("/phien-giai-trinh/\(closed.id!)", form).status == .forbidden)
            let calendar = try await office.get("/hoi-dong/\(hbt.id!)/lich?xem=thang&ngay=2026-12-10").body.string
            #expect(calendar.contains("Giải trình về công tác cán bộ"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == "explanationHearing").count() == 2)
            // The council's list narrows by words and exports what it shows; others get neither.
            page = try await office.get("/hoi-dong/\(hbt.id!)/giai-trinh?tu-khoa=can+bo").body.string
            #expect(page.contains("Giải trình về công tác cán bộ") && !page.contains("Quản lý nhà văn hóa") && page.contains("1 phiên giải trình"))
            let rows = ExportTests.parse(try await office.get("/hoi-dong/\(hbt.id!)/giai-trinh.csv").body.string)
            #expect(rows.count == 3 && rows.dropFirst().contains { $0.contains("Không") })
            #expect(try await other.get("/hoi-dong/\(hbt.id!)/giai-trinh.csv").status == .forbidden)
        }
    }

    @Test(arguments: TestDB.all) func anAnswersCommitmentsAreFollowed(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            let bao = try await Fixture.person("Vũ Đức Bảo", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            #expect(try await office.post("/chat-van", QuestionTests.form(hbt, ["askedByID": "\(bao.id!)", "organizationID": "\(ubnd.id!)"])).status == .seeOther)
            let q = try #require(try await Question.query(on: app.db).first())
            var agency = try await Visitor.signedIn(app, "coquan.hbt")
            #expect(try await agency.post("/chat-van/\(q.id!)/tra-loi", ["version": "1", "answer": "Sẽ hoàn thành trong tháng 3/2027.",
                                                                        "answeredOn": "25/11/2026"]).status == .seeOther)
            var page = try await office.get("/chat-van/\(q.id!)").body.string
            #expect(page.contains("Cam kết khi trả lời") && page.contains("/nhiem-vu/moi?question=\(q.id!)") && !page.contains("Báo cáo tiến độ thực hiện cam kết"))

            // The commitment: filled from the answer, the answering agency picked.
            page = try await office.get("/nhiem-vu/moi?question=\(q.id!)").body.string
            #expect(page.contains("Trả lời chất vấn của Chủ tịch UBND phường ngày 25/11/2026") && page.contains("value=\"agency:\(ubnd.id!)\" selected"))
            #expect(try await office.post("/nhiem-vu", TaskTests.form(hbt, ["questionID": "\(q.id!)", "content": "Hoàn thành cải tạo chợ Mơ",
                                                                             "assignee": "agency:\(ubnd.id!)", "assignedOn": "25/11/2026",
                                                                             "dueOn": "31/03/2027"])).status == .seeOther)
            let commitment = try #require(try await CouncilTask.query(on: app.db).filter(\.$questionID == q.id!).first())
            #expect(commitment.basis == .commitment)

            // With a regular session planned, the report is due the day before it opens; the agency files it.
            let session = CouncilSession()
            session.councilID = hbt.id!; session.unitID = hbt.unitID; session.number = 9; session.kind = .yearEnd; session.opensOn = "2026-12-20"
            session.isPublic = true; session.numerals = .arabic; session.folded = ""; session.version = 1
            try await session.create(on: app.db)
            page = try await agency.get("/chat-van/\(q.id!)").body.string
            #expect(page.contains("Hoàn thành cải tạo chợ Mơ") && page.contains("Báo cáo tiến độ thực hiện cam kết") && page.contains("19/12/2026"))
            var res = try await agency.post("/chat-van/\(q.id!)/bao-cao-tien-do", ["version": "2", "progressReport": " ", "progressReportedOn": "26/11/2026"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Báo cáo tiến độ"))
            #expect(try await Question.find(q.id, on: app.db)?.progressReport == nil, "nothing half-written")
            res = try await agency.post("/chat-van/\(q.id!)/bao-cao-tien-do", ["version": "2", "progressReport": "Đã khởi công, đạt 40% khối lượng.",
                                                                            "progressReportedOn": "26/11/2026"])
            #expect(res.status == .seeOther)
            let reported = try #require(try await Question.find(q.id, on: app.db))
            #expect(reported.progressReport == "Đã khởi công, đạt 40% khối lượng." && reported.progressReportedOn == "2026-11-26" && reported.version == 3)
            #expect(try await office.get("/chat-van/\(q.id!)").body.string.contains("Đã khởi công, đạt 40% khối lượng."))
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await other.post("/chat-van/\(q.id!)/bao-cao-tien-do", ["version": "3", "progressReport": "x", "progressReportedOn": "26/11/2026"]).status == .forbidden)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == "question").count() == 3)
        }
    }
}
