import Foundation
import Fluent
@testable import HDND
import Testing
import VaporTesting

/// Coordination programs, dialogue conferences and trainings: the seeds' figures computed from records, written by the
/// council's office only, each bad field named, read by everyone.
@Suite struct CoordinationTests {
    @Test(arguments: TestDB.all) func theSeedsFromRecords(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            var citizen = Visitor(app)
            // Seed 001: the 2020 program signed on 13/01/2020 by the four named; the 2019 one reviewed, with the year's 11 delegations.
            var page = try await citizen.get("/hoi-dong/\(hk.id!)/phoi-hop?nam=2020").body.string
            #expect(page.contains("Chương trình phối hợp hoạt động năm 2020") && page.contains("Ký ngày 13/01/2020"))
            let p2020 = try #require(try await CoordinationProgram.query(on: app.db).filter(\.$year == 2020).first())
            #expect(p2020.signatoryLines.count == 4)
            page = try await citizen.get("/chuong-trinh-phoi-hop/\(p2020.id!)").body.string
            for name in ["Dương Đức Tuấn", "Nguyễn Chí Lực", "Lê Hồng Phú", "Chủ tịch Ủy ban MTTQ quận", "Đã thực hiện 00/07 nội dung"] {
                #expect(page.contains(name), "\(name)")
            }
            #expect(!page.contains("/sua"), "a visitor reads, does not write")
            let p2019 = try #require(try await CoordinationProgram.query(on: app.db).filter(\.$year == 2019).first())
            page = try await citizen.get("/chuong-trinh-phoi-hop/\(p2019.id!)").body.string
            #expect(page.contains("Đã thực hiện 06/06 nội dung"))
            let rows = try await OversightQueries.year(2019, councilID: hk.id!, db: app.db)
            #expect(CoordinationController.delegations(rows).map(\.value) == ["11", "09", "01", "01"])
            #expect(page.contains("<strong>11</strong> Tổng số đoàn") && page.contains("<strong>09</strong> Do HĐND"))
            // The 2019 dialogue: 9 speakers, 18 opinions, 7 for the district Party committee, 11 for the People's Committee.
            let dialogue = try #require(try await DialogueConference.query(on: app.db).filter(\.$councilID == hk.id!).first())
            page = try await citizen.get("/hoi-nghi-doi-thoai/\(dialogue.id!)").body.string
            #expect(page.contains("<dt>Lượt phát biểu</dt><dd>09</dd>") && page.contains("<dt>Số ý kiến</dt><dd>18</dd>"))
            #expect(page.contains("<strong>07</strong> ý kiến thuộc trách nhiệm của Quận ủy Hoàn Kiếm")
                    && page.contains("<strong>11</strong> ý kiến thuộc trách nhiệm của UBND quận Hoàn Kiếm"))
            // Seed 003: Mê Linh, first quarter of 2022: 02 classes, 35 district and 491 commune delegates.
            let ml = try await Fixture.council("HĐND huyện Mê Linh", app.db)
            page = try await citizen.get("/hoi-dong/\(ml.id!)/phoi-hop?nam=2022").body.string
            #expect(page.contains("<strong>02</strong> Số lớp") && page.contains("<strong>35</strong> Đại biểu HĐND cấp này")
                    && page.contains("<strong>491</strong> Đại biểu HĐND cấp dưới"))
            // The year as one table: a training's numbers are numeric cells.
            let res = try await citizen.get("/hoi-dong/\(ml.id!)/phoi-hop.xlsx?nam=2022")
            let table: [[String]] = try XLSXReader.rows(Data(res.body.readableBytesView))
            #expect(table.count == 2 && table[1][0] == "Lớp tập huấn")
            #expect(table[1][5] == "2" && table[1][6] == "35" && table[1][7] == "491")
            if let sheet = try OpenPyXL.read(Array(res.body.readableBytesView)) { #expect(sheet.rows[1][7].isNumber) }
            let csv = try await citizen.get("/hoi-dong/\(hk.id!)/phoi-hop.csv?nam=2019").body.string
            #expect(csv.contains("Chương trình phối hợp") && csv.contains("Hội nghị đối thoại"))
            // A training has an address of its own, open to citizens, which the search box finds and leads to its line.
            let training = try #require(try await Training.query(on: app.db).filter(\.$councilID == ml.id!).first())
            var anonymous = Visitor(app)
            let address = try await anonymous.get("/tap-huan/\(training.id!)")
            #expect(address.status == .seeOther && address.headers.first(name: .location) == "/hoi-dong/\(ml.id!)/phoi-hop?nam=2022#tap-huan-\(training.id!)")
            #expect(try await citizen.get("/hoi-dong/\(ml.id!)/phoi-hop?nam=2022").body.string.contains("id=\"tap-huan-\(training.id!)\""))
            let words = training.title.split(separator: " ").prefix(4).joined(separator: " ")
            #expect(try await citizen.get("/tim-kiem?loai=training&q=\(words.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)").body.string
                        .contains("href=\"/tap-huan/\(training.id!)\""))
            // The same records through the API.
            let api = try await citizen.get("/api/v1/coordination-programs?council=\(hk.id!)").body.string
            #expect(api.contains("Chương trình phối hợp hoạt động năm 2020") && api.contains("\"signedOn\":\"2020-01-13\""))
            #expect(try await citizen.get("/api/v1/trainings?council=\(ml.id!)").body.string.contains("\"attendeesBelow\":491"))
        }
    }

    @Test(arguments: TestDB.all) func theOfficeRecordsTheYear(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let program = ["councilID": "\(hbt.id!)", "year": "2026", "title": "Chương trình phối hợp năm 2026",
                           "signedOn": "15/01/2025", "signatories": "Chủ tịch HĐND phường\nChủ tịch UBND phường"]
            var res = try await office.post("/chuong-trinh-phoi-hop", program)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Ngày này phải thuộc năm 2026."))
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await other.post("/chuong-trinh-phoi-hop", program.merging(["signedOn": "15/01/2026"]) { _, n in n }).status == .forbidden)
            #expect(try await CoordinationProgram.query(on: app.db).filter(\.$councilID == hbt.id!).count() == 0, "nothing half-written")
            #expect(try await office.post("/chuong-trinh-phoi-hop", program.merging(["signedOn": "15/01/2026"]) { _, n in n }).status == .seeOther)
            let p = try #require(try await CoordinationProgram.query(on: app.db).filter(\.$councilID == hbt.id!).first())

            // A content done needs its result; then the program counts it.
            let item = ["programID": "\(p.id!)", "content": "Phối hợp tổ chức tiếp xúc cử tri", "party": "all", "planned": "Quý II", "doneOn": "20/06/2026"]
            res = try await office.post("/noi-dung-phoi-hop", item)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Hãy ghi kết quả thực hiện."))
            #expect(try await office.post("/noi-dung-phoi-hop", item.merging(["result": "Đã tổ chức 04 hội nghị"]) { _, n in n }).status == .seeOther)
            #expect(try await office.post("/noi-dung-phoi-hop", ["programID": "\(p.id!)", "content": "Phản biện xã hội", "party": "fatherlandFront"]).status == .seeOther)
            #expect(try await office.get("/chuong-trinh-phoi-hop/\(p.id!)").body.string.contains("Đã thực hiện 01/02 nội dung"))

            // A dialogue and an opinion assigned to the People's Committee, answered later.
            #expect(try await office.post("/hoi-nghi-doi-thoai", ["councilID": "\(hbt.id!)", "year": "2026", "heldOn": "10/10/2026",
                                                                  "title": "Đối thoại với nhân dân về chỉnh trang đô thị", "hosts": "Chủ tịch HĐND phường",
                                                                  "participants": "Nhân dân tổ dân phố 1-5", "speakers": "6"]).status == .seeOther)
            let d = try #require(try await DialogueConference.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            res = try await office.post("/y-kien-doi-thoai", ["dialogueID": "\(d.id!)", "content": "Vỉa hè phố Lò Đúc xuống cấp", "organizationID": ""])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Hãy chọn cơ quan chịu trách nhiệm về ý kiến."))
            #expect(try await office.post("/y-kien-doi-thoai", ["dialogueID": "\(d.id!)", "content": "Vỉa hè phố Lò Đúc xuống cấp",
                                                                "organizationID": "\(ubnd.id!)", "answer": "Sẽ sửa trong quý I/2027",
                                                                "answeredOn": "01/11/2026"]).status == .seeOther)
            var citizen = Visitor(app)
            let page = try await citizen.get("/hoi-nghi-doi-thoai/\(d.id!)").body.string
            #expect(page.contains("<strong>01</strong> ý kiến thuộc trách nhiệm của UBND phường Hai Bà Trưng") && page.contains("Đã trả lời 01/01 ý kiến"))

            // A training needs attendees; the year page adds its figures.
            let training = ["councilID": "\(hbt.id!)", "year": "2026", "title": "Kỹ năng giám sát", "organiser": "Thường trực HĐND phường", "classes": "1"]
            res = try await office.post("/tap-huan", training)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Hãy ghi số học viên."))
            #expect(try await office.post("/tap-huan", training.merging(["attendeesOwn": "28", "attendeesOther": "5", "heldFrom": "05/11/2026"]) { _, n in n }).status == .seeOther)
            // Both are in the council's calendar on their days.
            #expect(try await office.get("/hoi-dong/\(hbt.id!)/lich?xem=thang&ngay=2026-10-10").body.string.contains("Đối thoại với nhân dân về chỉnh trang đô thị"))
            #expect(try await office.get("/hoi-dong/\(hbt.id!)/lich?xem=ngay&ngay=2026-11-05").body.string.contains("Kỹ năng giám sát"))
            let year = try await office.get("/hoi-dong/\(hbt.id!)/phoi-hop?nam=2026").body.string
            #expect(year.contains("<strong>28</strong> Đại biểu HĐND cấp này") && year.contains("05 học viên khác"))
            for kind in ["coordinationProgram", "coordinationItem", "dialogueConference", "dialogueOpinion", "training"] {
                #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == kind).filter(\.$unitID == hbt.unitID).count() >= 1, "\(kind)")
            }
        }
    }
}
