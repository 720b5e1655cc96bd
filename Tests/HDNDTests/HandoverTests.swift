import Fluent
@testable import HDND
import Testing
import VaporTesting

/// An abolished council accepts no record dated after its end, and its open work is handed to a successor in one
/// audited step; the records keep their history and both councils show the link.
@Suite struct HandoverTests {
    @Test(arguments: TestDB.all) func openWorkGoesToTheSuccessor(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let district = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            let ward = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            let openPetitions = try await Handovers.open(councilID: district.id!, db: app.db)
            // The seed's 116 petitions answered (not yet concluded), 104 still being resolved, and 01 case within its time.
            #expect(openPetitions.petitions == 220 && openPetitions.letters == 1)
            // Tasks: one the district gave (open), one it gave and saw done, one the city gave it (open).
            let city = try await Fixture.council("HĐND thành phố Hà Nội", app.db)
            let agency = try #require(try await Organization.query(on: app.db).first())
            func task(_ by: Council, _ content: String, agency: Int? = nil, council: Int? = nil, done: Bool = false) async throws -> CouncilTask {
                let t = CouncilTask()
                t.councilID = by.id!; t.unitID = by.unitID; t.content = content; t.basis = .conclusion; t.assignedOn = "2025-03-01"
                t.dueOn = "2025-09-30"; t.organizationID = agency; t.assigneeCouncilID = council; t.status = done ? .done : .open
                t.doneOn = done ? "2025-04-01" : nil; t.result = done ? "Xong" : nil; t.folded = fold(content); t.version = 1
                try await t.create(on: app.db)
                return t
            }
            let gave = try await task(district, "Kiểm tra việc cấp phép xây dựng", agency: agency.id)
            let finished = try await task(district, "Rà soát hộ nghèo", agency: agency.id, done: true)
            let given = try await task(city, "Báo cáo tình hình đơn thư", council: district.id)
            #expect(try await Handovers.open(councilID: district.id!, db: app.db).tasks == 2)

            // Nothing new dated after the end (30/06/2025); what happened before it may still be recorded.
            var admin = try await Visitor.signedIn(app, "admin")
            var res = try await admin.post("/don-thu", LetterTests.form(district, ["senderName_1": "Ngô Văn Muộn", "receivedOn": "02/07/2025"]))
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("HĐND quận Hoàn Kiếm đã kết thúc ngày 30/06/2025") && res.body.string.contains("HĐND phường Hoàn Kiếm"))
            res = try await admin.post("/tiep-xuc-cu-tri", ["councilID": "\(district.id!)", "kind": "thematic", "topic": "Môi trường",
                                                          "date": "15/08/2025", "place": "Hội trường", "coOrganizer": "MTTQ",
                                                          "votersAttending": "10", "votersSpeaking": "1"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("đã kết thúc ngày 30/06/2025"))
            res = try await admin.post("/don-thu", LetterTests.form(district, ["senderName_1": "Ngô Văn Kịp", "receivedOn": "30/06/2025"]))
            #expect(res.status == .seeOther, "received on the last day: still the district's")

            // Only the successor's office (or an administrator) hands over, and only to a successor.
            var other = try await Visitor.signedIn(app, "vanphong.hbt")
            res = try await other.post("/hoi-dong/\(district.id!)/ban-giao", ["toCouncilID": "\(ward.id!)"])
            #expect(res.status == .forbidden)
            var office = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await office.get("/").body.string.contains("HĐND quận Hoàn Kiếm đã kết thúc: còn 220 kiến nghị cử tri, 02 đơn thư, 02 nhiệm vụ chưa bàn giao"),
                    "the successor's office is reminded")
            var page = try await office.get("/hoi-dong/\(district.id!)").body.string
            #expect(page.contains("Còn 220 kiến nghị cử tri, 02 đơn thư, 02 nhiệm vụ đang giải quyết.") && page.contains(">HĐND phường Hoàn Kiếm</option>") && page.contains(" selected>HĐND phường Hoàn Kiếm</option>"))
            let hbtWard = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            res = try await office.post("/hoi-dong/\(district.id!)/ban-giao", ["toCouncilID": "\(hbtWard.id!)"])
            #expect(try await office.get("/hoi-dong/\(district.id!)").body.string.contains("Hãy chọn một Hội đồng kế thừa của HĐND quận Hoàn Kiếm."))
            #expect(try await Handovers.open(councilID: district.id!, db: app.db).petitions == 220, "nothing moved")

            let openLetters = try await Handovers.openIDs(district.id!, app.db).letters
            let oldNumbers = try await Letter.query(on: app.db).filter(\.$id ~~ openLetters).sort(\.$id).all().map(\.registerNumber)
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            res = try await office.post("/hoi-dong/\(district.id!)/ban-giao", ["toCouncilID": "\(ward.id!)", "note": "Theo Quyết định bàn giao hồ sơ"])
            #expect(res.status == .seeOther)
            page = try await office.get("/hoi-dong/\(district.id!)").body.string
            #expect(page.contains("Đã bàn giao 220 kiến nghị cử tri, 02 đơn thư, 02 nhiệm vụ cho HĐND phường Hoàn Kiếm."))
            #expect(page.contains("bàn giao 220 kiến nghị cử tri, 02 đơn thư, 02 nhiệm vụ cho — Theo Quyết định bàn giao hồ sơ")
                    && page.contains("href=\"/hoi-dong/\(ward.id!)\""))
            #expect(try await Handovers.open(councilID: district.id!, db: app.db).isEmpty)
            #expect(!(try await office.get("/").body.string.contains("chưa bàn giao")))
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore + 220 + 2 + 2 + 2, "one entry per record and one per council")
            let wardPage = try await office.get("/hoi-dong/\(ward.id!)").body.string
            #expect(wardPage.contains("tiếp nhận 220 kiến nghị cử tri, 02 đơn thư, 02 nhiệm vụ từ") && wardPage.contains("href=\"/hoi-dong/\(district.id!)\""))

            // A 2016–2018 petition of the district is traceable in today's ward, with its timeline.
            let petition = try #require(try await VoterPetition.query(on: app.db).filter(\.$councilID == ward.id!).filter(\.$status == .inProgress).first())
            #expect(petition.unitID == ward.unitID && petition.handoverID != nil)
            let petitionPage = try await office.get("/kien-nghi/\(petition.id!)").body.string
            #expect(petitionPage.contains("Tiếp nhận từ HĐND quận Hoàn Kiếm ngày") && petitionPage.contains("Bàn giao từ HĐND quận Hoàn Kiếm sang HĐND phường Hoàn Kiếm"))
            #expect(try await office.get("/hoi-dong/\(ward.id!)/kien-nghi?trang-thai=inProgress").body.string.contains(petition.content))
            // The letter joins the ward's register for its year and keeps its old number.
            let letters = try await Letter.query(on: app.db).filter(\.$councilID == ward.id!).sort(\.$id).all()
            #expect(letters.map(\.registerNumber) == ["01/2019", "01/2025"] && letters.map(\.previousNumber) == oldNumbers.map { Optional($0) })
            let letterPage = try await office.get("/don-thu/\(letters[0].id!)").body.string
            #expect(letterPage.contains("Tiếp nhận từ HĐND quận Hoàn Kiếm ngày") && letterPage.contains("(số cũ \(oldNumbers[0]))"))
            // The task it gave is the ward's to follow, the one it was given the ward's to do; the finished one stays.
            let moved = try #require(try await CouncilTask.find(gave.id, on: app.db))
            #expect(moved.councilID == ward.id && moved.unitID == ward.unitID && moved.handoverID != nil)
            #expect(try await CouncilTask.find(given.id, on: app.db)?.assigneeCouncilID == ward.id)
            #expect(try await CouncilTask.find(given.id, on: app.db)?.councilID == city.id)
            #expect(try await CouncilTask.find(finished.id, on: app.db)?.councilID == district.id)
            #expect(try await office.get("/nhiem-vu/\(moved.id!)").body.string.contains("Tiếp nhận từ HĐND quận Hoàn Kiếm ngày"))
            // Closed work stays with the district: its history is not rewritten.
            #expect(try await VoterPetition.query(on: app.db).filter(\.$councilID == district.id!).count() == 396 - 220)
            // Nothing is left to hand over a second time.
            _ = try await office.post("/hoi-dong/\(district.id!)/ban-giao", ["toCouncilID": "\(ward.id!)"])
            page = try await office.get("/hoi-dong/\(district.id!)").body.string
            #expect(page.contains("không còn kiến nghị, đơn thư, nhiệm vụ nào đang giải quyết để bàn giao"))
            #expect(!page.contains("action=\"/hoi-dong/\(district.id!)/ban-giao\""), "the form is gone once nothing is open")
            #expect(try await Handover.query(on: app.db).count() == 1)
        }
    }
}
