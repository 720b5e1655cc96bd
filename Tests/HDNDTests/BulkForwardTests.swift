import Fluent
@testable import HDND
import Testing
import VaporTesting

/// Forwarding several petitions at once: all or none, each audited and in its timeline, the choices kept on a refusal.
@Suite struct BulkForwardTests {
    @Test(arguments: TestDB.all) func forwardSelectedPetitions(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var res = try await office.post("/tiep-xuc-cu-tri", ["councilID": "\(hbt.id!)", "kind": "beforeSession", "sessionNumber": "10",
                                                                  "date": "05/11/2026", "place": "Nhà văn hóa", "coOrganizer": "MTTQ",
                                                                  "votersAttending": "1.200", "votersSpeaking": "14"])
            #expect(res.status == .seeOther, "1.200 voters, written as the system writes it")
            let meeting = try #require(try await VoterMeeting.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id, .descending).first())
            #expect(meeting.votersAttending == 1200)
            res = try await office.post("/tiep-xuc-cu-tri/\(meeting.id!)/kien-nghi", [
                "content_1": "Sửa đèn chiếu sáng ngõ 5", "field_1": "giaothong", "content_2": "Nạo vét mương thoát nước", "field_2": "moitruong",
                "content_3": "Xây nhà văn hóa tổ 7", "field_3": "giaothong", "content_4": "Chưa phân loại", "voters_4": "1.500"])
            #expect(res.status == .seeOther)
            let petitions = try await VoterPetition.query(on: app.db).filter(\.$meetingID == meeting.id!).sort(\.$id).all()
            #expect(petitions.map(\.status) == [.classified, .classified, .classified, .received] && petitions[3].voterCount == 1500)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            var page = try await office.get("/hoi-dong/\(hbt.id!)/kien-nghi").body.string
            #expect(page.contains("name=\"chon_\(petitions[0].id!)\"") && !page.contains("name=\"chon_\(petitions[3].id!)\""),
                    "only classified petitions can be chosen")

            // One not yet classified among them: nothing is forwarded, the boxes stay checked and the agency chosen.
            let audits = try await Fixture.auditCount(app.db)
            // Due two months after today: a due date already past is refused whatever day the tests run.
            let due = Day.today().adding(days: 60)
            var form = ["agencyID": "\(ubnd.id!)", "dueDate": VietnameseFormat.date(due.description)]
            for p in petitions { form["chon_\(p.id!)"] = "true" }
            res = try await office.post("/hoi-dong/\(hbt.id!)/kien-nghi/chuyen?linh-vuc=", form)
            #expect(res.status == .unprocessableEntity)
            page = res.body.string
            #expect(page.contains("Chưa chuyển được") && page.contains("Chưa phân loại"))
            #expect(page.contains("name=\"chon_\(petitions[0].id!)\" value=\"true\" aria-label=\"Chọn để chuyển\" checked"))
            #expect(page.contains("<option value=\"\(ubnd.id!)\" selected>") && page.contains("value=\"\(VietnameseFormat.date(due.description))\""))
            #expect(try await VoterPetition.query(on: app.db).filter(\.$meetingID == meeting.id!).filter(\.$status == .forwarded).count() == 0)
            #expect(try await Fixture.auditCount(app.db) == audits, "all or none")

            // The three classified ones go at once, each with its audit entry and timeline event.
            form["chon_\(petitions[3].id!)"] = nil
            res = try await office.post("/hoi-dong/\(hbt.id!)/kien-nghi/chuyen", form)
            #expect(res.status == .seeOther)
            let forwarded = try await VoterPetition.query(on: app.db).filter(\.$meetingID == meeting.id!).filter(\.$status == .forwarded).all()
            #expect(forwarded.count == 3 && forwarded.allSatisfy { $0.agencyID == ubnd.id && $0.dueDate == due.description })
            #expect(try await Fixture.auditCount(app.db) == audits + 3)
            #expect(try await PetitionEvent.query(on: app.db).filter(\.$petitionID == petitions[0].id!).filter(\.$action == "forward").count() == 1)
            page = try await office.get("/").body.string
            #expect(page.contains("Đã chuyển 03 kiến nghị tới UBND phường Hai Bà Trưng."))

            // Someone who may not forward is refused, and is not offered the boxes.
            var standing = try await Visitor.signedIn(app, "thuongtruc.hbt")
            #expect(!(try await standing.get("/hoi-dong/\(hbt.id!)/kien-nghi").body.string.contains("chuyen-nhieu")))
            #expect(try await standing.post("/hoi-dong/\(hbt.id!)/kien-nghi/chuyen", ["chon_\(petitions[3].id!)": "true"]).status == .forbidden)
        }
    }
}

/// Letters of a register filed at once, or downloaded together: all or none, each audited.
@Suite struct LetterBulkTests {
    @Test(arguments: TestDB.all) func fileAndExportChosenLetters(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            for (name, extra) in [("Đặng Văn Một", [:]), ("Hà Thị Hai", [:]), ("Kim Văn Ba", ["decision": "guide"])] as [(String, [String: String])] {
                let res = try await office.post("/don-thu", LetterTests.form(hbt, ["senderName_1": name, "kind": "feedback",
                                                                                 "content": "Phản ánh của \(name)"].merging(extra) { $1 }))
                #expect(res.status == .seeOther)
            }
            let letters = try await Letter.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$number).all()
            #expect(letters.count == 3)
            // A two-digit year is said back as read once saved.
            var res = try await office.post("/don-thu/\(letters[0].id!)", LetterTests.form(hbt, ["version": "1", "kind": "feedback",
                                                                                           "content": "Phản ánh của Đặng Văn Một", "receivedOn": "10/02/26"]))
            #expect(res.status == .seeOther)
            #expect(try await office.get("/don-thu/\(letters[0].id!)").body.string.contains("Đã hiểu 10/02/26 là ngày 10/02/2026."))
            let page = try await office.get("/hoi-dong/\(hbt.id!)/don-thu").body.string
            #expect(page.contains("name=\"chon_\(letters[0].id!)\"") && page.contains(">Lưu đơn</button>"))

            // One already has its way of handling: nothing is filed.
            let audits = try await Fixture.auditCount(app.db)
            res = try await office.post("/hoi-dong/\(hbt.id!)/don-thu/luu-don", ["chon_\(letters[0].id!)": "true", "chon_\(letters[2].id!)": "true"])
            #expect(res.status == .seeOther)
            #expect(try await office.get("/hoi-dong/\(hbt.id!)/don-thu").body.string
                .contains("Chưa lưu đơn nào: Đơn số 03/2026 đã có hướng xử lý (hướng dẫn người gửi)."))
            #expect(try await Letter.find(letters[0].id, on: app.db)?.decision == nil)
            #expect(try await Fixture.auditCount(app.db) == audits)
            // The two without one are filed, each with its audit entry.
            res = try await office.post("/hoi-dong/\(hbt.id!)/don-thu/luu-don", ["chon_\(letters[0].id!)": "true", "chon_\(letters[1].id!)": "true"])
            #expect(try await office.get("/hoi-dong/\(hbt.id!)/don-thu").body.string.contains("Đã lưu 02 đơn."))
            #expect(try await Letter.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$decision == .file).count() == 2)
            #expect(try await Fixture.auditCount(app.db) == audits + 2)

            // Two chosen rows downloaded together.
            res = try await office.post("/hoi-dong/\(hbt.id!)/don-thu/da-chon.xlsx", ["chon_\(letters[0].id!)": "true", "chon_\(letters[2].id!)": "true"])
            #expect(res.status == .ok)
            let rows = try XLSXReader.rows(Data(res.body.readableBytesView))
            #expect(rows.count == 3 && Set(rows.dropFirst().map { $0[0] }) == ["01/2026", "03/2026"])
            if let sheet = try OpenPyXL.read(Array(res.body.readableBytesView)) {
                #expect(sheet.text.count == 3 && sheet.text.dropFirst().map { $0[5] }.sorted() == ["Hướng dẫn người gửi", "Lưu đơn"])
            }
            #expect(try await office.post("/hoi-dong/\(hbt.id!)/don-thu/da-chon.xlsx", [:]).status == .unprocessableEntity)
            // The standing committee reads the register but files nothing.
            var standing = try await Visitor.signedIn(app, "thuongtruc.hbt")
            #expect(!(try await standing.get("/hoi-dong/\(hbt.id!)/don-thu").body.string.contains(">Lưu đơn</button>")))
            #expect(try await standing.post("/hoi-dong/\(hbt.id!)/don-thu/luu-don", ["chon_\(letters[1].id!)": "true"]).status == .forbidden)
            #expect(try await Letter.find(letters[2].id, on: app.db)?.decision == .guide)
        }
    }
}
