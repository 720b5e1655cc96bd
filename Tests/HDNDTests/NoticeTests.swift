import Fluent
@testable import HDND
import Testing
import Vapor
import VaporTesting

/// The later steps of a letter and a reception, as the office records them: each date checked against the step it
/// follows, each time limit shown with its basis, the closed letter's sending still followed.
@Suite struct NoticeTests {
    @Test(arguments: TestDB.all) func lettersRecordWhatWasSent(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            // A complaint resolved Wednesday 29/04/2026 whose decision was not sent: 03 working days → 06/05/2026, overdue.
            var res = try await office.post("/don-thu", LetterTests.form(hbt, ["senderName_1": "Đỗ Văn Gửi", "decision": "handle", "eligible": "true",
                                                                               "acceptedOn": "02/03/2026", "outcome": "resolved", "closedOn": "29/04/2026"]))
            #expect(res.status == .seeOther)
            let letter = try #require(try await Letter.query(on: app.db).filter(\.$closedOn == "2026-04-29").first())
            var page = try await office.get("/don-thu/\(letter.id!)").body.string
            #expect(HolidayDecisionTests.due(page, "Gửi quyết định giải quyết khiếu nại lần đầu") == "06/05/2026")
            #expect(page.contains("Luật Khiếu nại 2011, Điều 32") && page.contains("Quá hạn"))
            res = try await office.get("/hoi-dong/\(hbt.id!)/don-thu?qua-han=1")
            #expect(res.body.string.contains(letter.registerNumber), "a closed letter with its decision unsent is overdue")

            // Each date after the step it follows: sent before the decision, or a forwarding day without forwarding, is refused.
            var form = LetterTests.form(hbt, ["version": "1", "decision": "handle", "eligible": "true", "acceptedOn": "02/03/2026",
                                              "outcome": "resolved", "closedOn": "29/04/2026", "decisionSentOn": "28/04/2026",
                                              "forwardedOn": "03/03/2026", "citizenNotifiedOn": "05/05/2026"])
            res = try await office.post("/don-thu/\(letter.id!)", form)
            #expect(res.status == .unprocessableEntity)
            page = res.body.string
            #expect(page.contains("Ngày gửi quyết định không thể trước ngày kết thúc."))
            #expect(page.contains("Chỉ ghi ngày chuyển đơn khi hướng xử lý là chuyển cơ quan có thẩm quyền."))
            #expect(page.contains("Ngày thông báo kết quả cho công dân: hãy ghi ngày nhận thông báo kết quả trước."))
            form["decisionSentOn"] = "04/05/2026"; form["forwardedOn"] = nil; form["citizenNotifiedOn"] = nil
            res = try await office.post("/don-thu/\(letter.id!)", form)
            #expect(res.status == .seeOther)
            page = try await office.get("/don-thu/\(letter.id!)").body.string
            #expect(page.contains("Ngày gửi quyết định giải quyết, đình chỉ") && page.contains("04/05/2026") && !page.contains("Quá hạn"))
            #expect(page.contains("Đã thực hiện (ngày 04/05/2026)"), "sent within its 03 working days")
            #expect(page.contains("Thực hiện muộn (ngày 29/04/2026)"), "resolved four weeks after its 30 days ended on 01/04/2026")
            // A dialogue notice after the dialogue is refused.
            form["version"] = "2"; form["dialogueOn"] = "20/04/2026"; form["dialogueNotifiedOn"] = "21/04/2026"
            res = try await office.post("/don-thu/\(letter.id!)", form)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Ngày thông báo đối thoại phải trước ngày đối thoại."))
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$recordType == "letter").filter(\.$recordID == letter.id!)
                .sort(\.$id, .descending).first())
            #expect(audit.changes.contains("decisionSentOn") && audit.changes.contains("2026-05-04"))

            // A denunciation from a reception, forwarded: the body's 20 days, then the council's 05 working days to the citizen.
            res = try await office.post("/don-thu", LetterTests.form(hbt, ["kind": "denunciation", "channel": "reception", "receivedOn": "08/04/2026",
                                                                           "senderName_1": "Người tố cáo", "decision": "forward", "agencyID": "\(try await Self.agency(app))",
                                                                           "forwardedOn": "10/04/2026", "resultReceivedOn": "05/05/2026"]))
            #expect(res.status == .seeOther)
            let forwarded = try #require(try await Letter.query(on: app.db).filter(\.$forwardedOn == "2026-04-10").first())
            page = try await office.get("/don-thu/\(forwarded.id!)").body.string
            #expect(HolidayDecisionTests.due(page, "Cơ quan được chuyển thông báo kết quả giải quyết tố cáo") == "04/05/2026")
            #expect(HolidayDecisionTests.due(page, "HĐND thông báo kết quả cho công dân") == "12/05/2026")
            // The API gives the same deadlines and the recorded days.
            let json = try await app.testing().sendRequest(.GET, "/api/v1/letters/\(forwarded.id!)",
                                                           headers: try await CitizensApiTests.token("vanphong.hbt", app)).body.string
            #expect(json.contains("\"forwardedOn\":\"2026-04-10\"") && json.contains("\"step\":\"forwarderCitizenNotice\""))
        }
    }

    @Test(arguments: TestDB.all) func receptionNotices(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            // A citizen refused on Friday 28/08/2026: the written notice is due within 03 working days → 04/09/2026.
            var res = try await office.post("/luot-tiep-cong-dan", ["councilID": "\(hbt.id!)", "date": "28/08/2026", "consent": "false",
                                                                   "confidential": "false", "visitors": "1", "kind": "complaint",
                                                                   "topic": "Khiếu nại việc đã giải quyết đúng pháp luật", "handling": "refused"])
            #expect(res.status == .seeOther)
            var page = try await office.get("/hoi-dong/\(hbt.id!)/tiep-cong-dan?thang=2026-08").body.string
            #expect(page.contains("Thông báo từ chối tiếp: hạn 04/09/2026"))
            // An online schedule needs its first day; its announcement is due 05 working days before the first reception day.
            var schedule = ["councilID": "\(hbt.id!)", "name": "Tiếp công dân trực tuyến", "daysOfMonth": "10", "place": "Cổng thông tin",
                            "startTime": "08:00", "endTime": "11:00", "online": "true", "announcedOn": "02/09/2026"]
            res = try await office.post("/lich-tiep-cong-dan", schedule)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Lịch tiếp trực tuyến phải có ngày áp dụng"))
            schedule["validFrom"] = "01/09/2026"
            res = try await office.post("/lich-tiep-cong-dan", schedule)
            #expect(res.status == .seeOther)
            page = try await office.get("/hoi-dong/\(hbt.id!)/tiep-cong-dan?thang=2026-09").body.string
            #expect(page.contains("Thông báo công khai chậm nhất ngày 01/09/2026 (trước ngày tiếp đầu tiên 10/09/2026; Nghị định 154/2026/NĐ-CP, Điều 23 khoản 1)"))
            #expect(page.contains("thông báo ngày 02/09/2026, muộn"))
        }
    }

    static func agency(_ app: Application) async throws -> Int {
        try #require(try await Organization.query(on: app.db).filter(\.$kind ~~ [.agency, .peoplesCommittee]).first()?.id)
    }
}

/// The audit view speaks the reader's language: field names and coded values as labels, days as 26/04/2022.
@Suite struct AuditLabelTests {
    @Test func labelsNotCodes() {
        #expect(AuditLabels.field("agencyID") == "Cơ quan có thẩm quyền")
        #expect(AuditLabels.value(kind: .letter, field: "decision", "handle") == "Thụ lý, giải quyết")
        #expect(AuditLabels.value(kind: .letter, field: "kind", "denunciation") == "Tố cáo")
        #expect(AuditLabels.value(kind: .unit, field: "kind", "phuong") == UnitKind.phuong.label)
        #expect(AuditLabels.value(kind: .letter, field: "decisionSentOn", "2026-05-04") == "04/05/2026")
        #expect(AuditLabels.value(kind: .holidayDecision, field: "daysOff", "2026-01-02,2026-01-05") == "02/01/2026, 05/01/2026")
        #expect(AuditLabels.value(kind: .letter, field: "content", "handle") == "handle", "free text stays as written")
        // Every field any record writes to its audit has a Vietnamese name.
        let letter = Letter(); letter.receivedOn = "2026-01-01"; letter.councilID = 1; letter.year = 2026; letter.number = 1
        letter.channel = .post; letter.kind = .complaint; letter.content = ""; letter.anonymous = false; letter.round = 1
        letter.complex = false; letter.remoteArea = false; letter.severalPlaces = false; letter.delegatedVerification = false
        letter.extensions = 0; letter.outcome = .pending; letter.confidential = false
        for key in letter.auditSnapshot.keys { #expect(AuditLabels.fields[key] != nil, "\(key)") }
        let decision = HolidayDecision(); decision.year = 2026; decision.number = ""; decision.issuer = ""; decision.summary = ""
        decision.source = ""; decision.daysOff = ""; decision.workingDays = ""; decision.verified = false
        for key in decision.auditSnapshot.keys { #expect(AuditLabels.fields[key] != nil, "\(key)") }
    }
}
