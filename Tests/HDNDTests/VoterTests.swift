import Fluent
@testable import HDND
import Testing
import Vapor
import VaporTesting

@Suite struct PetitionWorkflowTests {
    @Test func legalAndIllegalSteps() {
        func next(_ s: PetitionStatus, _ a: PetitionAction, _ o: PetitionStatus? = nil) -> PetitionStatus? {
            if case .success(let n) = PetitionWorkflow.next(from: s, a, outcome: o) { return n }
            return nil
        }
        #expect(next(.received, .classify) == .classified)
        #expect(next(.classified, .forward) == .forwarded)
        #expect(next(.forwarded, .forward) == .forwarded, "forwarded again to another agency")
        #expect(next(.forwarded, .answer) == .answered)
        #expect(next(.answered, .close, .resolved) == .resolved)
        #expect(next(.answered, .close, .inProgress) == .inProgress)
        #expect(next(.inProgress, .close, .resolved) == .resolved)
        #expect(next(.answered, .report) == .answered)
        #expect(next(.resolved, .report) == .resolved)
        // Illegal.
        #expect(next(.received, .forward) == nil, "classify first")
        #expect(next(.received, .answer) == nil)
        #expect(next(.classified, .answer) == nil)
        #expect(next(.forwarded, .close, .resolved) == nil, "no closing before an answer")
        #expect(next(.resolved, .answer) == nil)
        #expect(next(.answered, .close, nil) == nil)
        #expect(next(.answered, .close, .forwarded) == nil)
        #expect(next(.inProgress, .close, .inProgress) == nil)
        #expect(next(.received, .report) == nil)
        if case .failure(let e) = PetitionWorkflow.next(from: .received, .answer) { #expect(e.message.contains("mới tiếp nhận")) }
        #expect(PetitionWorkflow.available(from: .forwarded) == [.forward, .answer])
    }

    @Test func fastEntryRowsNameTheBadLine() throws {
        let lines = try PetitionService.lines(from: ["content_1": "Đường ngõ 12 bị ngập", "field_1": "giaothong", "content_2": "",
                                                     "content_3": "Thu gom rác muộn", "voters_3": "4"], rows: 8)
        #expect(lines.count == 2)
        #expect(lines[1].voters == 4 && lines[0].voters == 1 && lines[0].field == "giaothong")
        #expect(throws: ValidationFailure.self) { try PetitionService.lines(from: [:], rows: 8) }
        do {
            _ = try PetitionService.lines(from: ["content_2": "x", "voters_2": "không"], rows: 8)
            Issue.record("expected a failure")
        } catch let f as ValidationFailure {
            #expect(f.message(for: "voters_2")?.hasPrefix("Dòng 2") == true)
        }
    }
}

@Suite struct VoterJourneyTests {
    @Test(arguments: TestDB.all) func meetingPetitionsForwardAnswerClose(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")

            // The clerk records a voter meeting…
            var res = try await office.post("/tiep-xuc-cu-tri", ["councilID": "\(hbt.id!)", "kind": "beforeSession", "sessionNumber": "10",
                                                                  "date": "05/06/2024", "place": "Nhà văn hóa phường Bạch Đằng",
                                                                  "coOrganizer": "Ủy ban MTTQ quận", "votersAttending": "120", "votersSpeaking": "14"])
            #expect(res.status == .seeOther)
            let meeting = try #require(try await VoterMeeting.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            #expect(meeting.votersAttending == 120)
            res = try await office.post("/tiep-xuc-cu-tri", ["councilID": "\(hbt.id!)", "kind": "thematic", "date": "05/06/2024", "place": "x",
                                                              "coOrganizer": "x", "votersAttending": "10", "votersSpeaking": "12"])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Tiếp xúc chuyên đề cần ghi chủ đề."))
            #expect(res.body.string.contains("Số lượt phát biểu không thể lớn hơn số lượt tham dự."))

            // …with three petitions in one go; a bad row saves nothing.
            let audits = try await Fixture.auditCount(app.db)
            let before = try await VoterPetition.query(on: app.db).count()
            res = try await office.post("/tiep-xuc-cu-tri/\(meeting.id!)/kien-nghi", ["content_1": "Ngõ 12 ngập khi mưa", "voters_1": "abc"])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Dòng 1: số cử tri phải là số nguyên dương."))
            #expect(try await VoterPetition.query(on: app.db).count() == before)
            #expect(try await Fixture.auditCount(app.db) == audits)
            res = try await office.post("/tiep-xuc-cu-tri/\(meeting.id!)/kien-nghi", [
                "content_1": "Ngõ 12 phố Bạch Đằng ngập khi mưa lớn", "field_1": "giaothong", "voters_1": "3",
                "content_2": "Đề nghị tăng tần suất thu gom rác thải", "field_2": "moitruong",
                "content_3": "Cấp giấy chứng nhận quyền sử dụng đất còn chậm", "voters_3": "2",
            ])
            #expect(res.status == .seeOther)
            let petitions = try await VoterPetition.query(on: app.db).filter(\.$meetingID == meeting.id!).sort(\.$id).all()
            #expect(petitions.count == 3)
            #expect(petitions.map(\.status) == [.classified, .classified, .received])
            #expect(try await Fixture.auditCount(app.db) == audits + 3)
            res = try await office.get("/tiep-xuc-cu-tri/\(meeting.id!)")
            #expect(res.body.string.contains("Ngõ 12 phố Bạch Đằng ngập khi mưa lớn"))

            // Illegal step refused with a message; nothing changes.
            let third = petitions[2]
            res = try await office.post("/kien-nghi/\(third.id!)/chuyen", ["version": "\(third.version)", "agencyID": "1"])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Không thể"))
            #expect(try await VoterPetition.find(third.id, on: app.db)?.status == .received)

            // Forward the first to UBND phường Hai Bà Trưng.
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            let first = petitions[0]
            // The page offers the next steps as forms: the agencies to choose from, the petition's version posted back.
            res = try await office.get("/kien-nghi/\(first.id!)")
            let page = res.body.string
            #expect(page.contains("<form method=\"post\" action=\"/kien-nghi/\(first.id!)/chuyen\""))
            #expect(page.contains("<option value=\"\(ubnd.id!)\">UBND phường Hai Bà Trưng</option>"))
            #expect(page.contains("name=\"version\" value=\"\(first.version)\""))
            #expect(page.contains("<li><strong>") && page.contains(": Đã phân loại"), "the timeline has the petition's first step")
            res = try await office.post("/kien-nghi/\(first.id!)/chuyen", ["version": "\(first.version)", "agencyID": "\(ubnd.id!)"])
            #expect(res.status == .seeOther)
            var stored = try #require(try await VoterPetition.find(first.id, on: app.db))
            #expect(stored.status == .forwarded && stored.agencyID == ubnd.id)
            // No next regular session on the calendar of this council yet: 30 days.
            #expect(stored.dueDate == Day.today().adding(days: PetitionDueRule.fallbackDays).description)

            // The agency sees it in its inbox, and only what was forwarded to it.
            var agency = try await Visitor.signedIn(app, "coquan.hbt")
            res = try await agency.get("/co-quan/kien-nghi")
            #expect(res.status == .ok)
            #expect(res.body.string.contains("Ngõ 12 phố Bạch Đằng"))
            #expect(!res.body.string.contains("thu gom rác"))
            #expect(try await agency.get("/kien-nghi/\(petitions[1].id!)").status == .forbidden)
            #expect(try await agency.get("/hoi-dong/\(hbt.id!)/kien-nghi").status == .forbidden)
            // It answers; it may not close.
            res = try await agency.post("/kien-nghi/\(first.id!)/tra-loi", ["version": "\(stored.version)", "answer": "Đã nạo vét cống, lắp thêm hố ga.",
                                                                              "answeredOn": Day.today().description, "answeredBy": "UBND phường Hai Bà Trưng"])
            #expect(res.status == .seeOther)
            stored = try #require(try await VoterPetition.find(first.id, on: app.db))
            #expect(stored.status == .answered)
            #expect(try await agency.post("/kien-nghi/\(first.id!)/ket-luan", ["version": "\(stored.version)", "outcome": "resolved"]).status == .forbidden)

            // The office concludes and reports it at a session; a stale version gets 409.
            #expect(try await office.post("/kien-nghi/\(first.id!)/ket-luan", ["version": "\(stored.version)", "outcome": "resolved"]).status == .seeOther)
            #expect(try await office.post("/kien-nghi/\(first.id!)/bao-cao", ["version": "\(stored.version)", "reportedSession": "Kỳ họp thứ 11"]).status == .conflict)
            #expect(try await office.post("/kien-nghi/\(first.id!)/bao-cao", ["version": "\(stored.version + 1)", "reportedSession": "Kỳ họp thứ 11"]).status == .seeOther)
            stored = try #require(try await VoterPetition.find(first.id, on: app.db))
            #expect(stored.status == .resolved && stored.reportedSession == "Kỳ họp thứ 11")

            // Every step is on the timeline and in the audit.
            let events = try await PetitionEvent.query(on: app.db).filter(\.$petitionID == first.id!).sort(\.$id).all()
            #expect(events.map(\.action) == ["create", "forward", "answer", "close", "report"])
            #expect(events.map(\.toStatus) == [.classified, .forwarded, .answered, .resolved, .resolved])
            res = try await office.get("/kien-nghi/\(first.id!)")
            #expect(res.body.string.contains("Quá trình xử lý") && res.body.string.contains("Đã nạo vét cống"))
            // The forms' option lists are kept between views (`FigureCache`) and follow what is recorded: no session of the
            // council yet, the session named by hand; a session recorded, offered by name; a new agency, among the choices.
            #expect(res.body.string.contains("Ví dụ: Kỳ họp thứ 10"))
            let term = try await Fixture.latestTerm(hbt, app.db)
            res = try await office.post("/ky-hop", ["councilID": "\(hbt.id!)", "termID": "\(term.id!)", "number": "12", "kind": "regular",
                                                    "opensOn": "02/07/2024", "place": "Hội trường phường"])
            #expect(res.status == .seeOther)
            #expect(try await office.get("/kien-nghi/\(first.id!)").body.string.contains(">Kỳ họp thứ 12 (khai mạc 02/07/2024)</option>"))
            #expect(try await office.get("/kien-nghi/\(petitions[1].id!)").body.string.contains(">UBND phường Hai Bà Trưng</option>"))
            let unit = try #require(try await AdministrativeUnit.find(hbt.unitID, on: app.db))
            let newAgency = Organization()
            (newAgency.unitID, newAgency.kind, newAgency.name, newAgency.folded, newAgency.version) =
                (unit.id!, .agency, "Đội quản lý trật tự đô thị phường", fold("Đội quản lý trật tự đô thị phường"), 1)
            try await newAgency.save(on: app.db)
            #expect(try await office.get("/kien-nghi/\(petitions[1].id!)").body.string.contains(">Đội quản lý trật tự đô thị phường</option>"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == "voterPetition").filter(\.$recordID == first.id!).count() == 5)

            // Another ward's clerk sees none of it.
            var cuKhoi = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await cuKhoi.get("/kien-nghi/\(first.id!)").status == .forbidden)
            #expect(try await cuKhoi.get("/hoi-dong/\(hbt.id!)/kien-nghi").status == .forbidden)
            var anonymous = Visitor(app)
            #expect(try await anonymous.get("/kien-nghi/\(first.id!)").status == .unauthorized)

            // Lists filter by status; overdue per agency.
            res = try await office.get("/hoi-dong/\(hbt.id!)/kien-nghi?trang-thai=received")
            #expect(res.body.string.contains("Cấp giấy chứng nhận") && !res.body.string.contains("Ngõ 12 phố"))
            #expect(try await office.get("/hoi-dong/\(hbt.id!)/kien-nghi?trang-thai=xyz").status == .unprocessableEntity)
            let second = petitions[1]
            #expect(try await office.post("/kien-nghi/\(second.id!)/chuyen", ["version": "1", "agencyID": "\(ubnd.id!)", "dueDate": "01/01/2020"]).status == .unprocessableEntity)
            #expect(try await office.post("/kien-nghi/\(second.id!)/chuyen", ["version": "1", "agencyID": "\(ubnd.id!)"]).status == .seeOther)
            // Time passes: the due date is behind us.
            let yesterday = Day.today().adding(days: -1).description
            try await app.db.sql.update("voter_petitions").set("due_date", to: yesterday).where("id", .equal, second.id!).run()
            res = try await office.get("/hoi-dong/\(hbt.id!)/kien-nghi?qua-han=1")
            #expect(res.body.string.contains("thu gom rác") && !res.body.string.contains("Ngõ 12 phố"))
            #expect(res.body.string.contains("Quá hạn trả lời theo cơ quan"))
            let overdue = try await PetitionQueries.overdueByAgency(councilID: hbt.id!, on: Day.today().description, kept: .none, db: app.db)
            #expect(overdue.count == 1 && overdue[0].agency_id == ubnd.id && overdue[0].n == 1)
            res = try await agency.get("/co-quan/kien-nghi?qua-han=1")
            #expect(res.body.string.contains("quá hạn"))
        }
    }
}
