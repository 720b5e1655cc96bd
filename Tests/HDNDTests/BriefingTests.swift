import Foundation
import Fluent
@testable import HDND
import Testing
import VaporTesting

/// Briefing conferences: the figures of every council below in one click, each council's notes, the conclusions, the
/// tasks given to councils below seen on their home pages, the report in Word.
@Suite struct BriefingTests {
    @Test(arguments: TestDB.all) func theSeedsConferencesAndTheCitys(_ db: TestDB) async throws {
        try await withTestApp(db, currentRecords: true) { app in
            let hbt = try await Fixture.council("HĐND quận Hai Bà Trưng", app.db)
            let q2 = try #require(try await BriefingConference.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            #expect(q2.period?.label == "05 tháng đầu năm 2020")
            var city = try await Visitor.signedIn(app, "vanphong.hanoi")
            var page = try await city.get("/hoi-nghi-giao-ban/\(q2.id!)").body.string
            #expect(page.contains("Hội nghị giao ban quý II/2020 với Thường trực HĐND 18 phường") && page.contains("Phường Nguyễn Du"))
            let rows = page.components(separatedBy: "<tbody>")[1].components(separatedBy: "</tbody>")[0].components(separatedBy: "<tr>").count - 1
            #expect(rows == 18, "the 18 wards as they stood in 2020")
            var visitor = Visitor(app)
            #expect(try await visitor.get("/hoi-nghi-giao-ban/\(q2.id!)").status != .ok, "internal")

            let ml = try await Fixture.council("HĐND huyện Mê Linh", app.db)
            let q1 = try #require(try await BriefingConference.query(on: app.db).filter(\.$councilID == ml.id!).first())
            page = try await city.get("/hoi-nghi-giao-ban/\(q1.id!)").body.string
            #expect(page.contains("Trong quý I/2022, HĐND cấp xã đã tiến hành 24 cuộc giám sát; 48 cuộc tiếp xúc cử tri; 445 buổi tiếp công dân."))
            #expect(page.contains("<svg") && page.contains("Cộng"))
            // The report in Word: the figures of every commune and their sum, the conclusions.
            let res = try await city.get("/hoi-nghi-giao-ban/\(q1.id!)/van-ban.docx")
            #expect(res.status == .ok)
            if let doc = try DocxReader.read(Array(res.body.readableBytesView)) {
                let table = try #require(doc.tables.first { t in t.first?.first?.text == "Đơn vị" })
                #expect(table.count == 20 && table.last?.first?.text == "Cộng" && table.last?[1].text == "24")
                #expect(doc.paragraphs.contains { $0.text.contains("kỳ họp chuyên đề và kỳ họp giữa năm") })
            }

            // The city's conference of the last quarter, and its task to the ward, on the ward's home page.
            let hn = try await Fixture.council("HĐND thành phố Hà Nội", app.db)
            let now = try #require(try await BriefingConference.query(on: app.db).filter(\.$councilID == hn.id!).first())
            let task = try #require(try await CouncilTask.query(on: app.db).filter(\.$briefingID == now.id!).first())
            #expect(task.basis == .briefing && task.basisRef?.hasPrefix("Hội nghị giao ban ngày") == true)
            page = try await city.get("/hoi-nghi-giao-ban/\(now.id!)").body.string
            #expect(page.contains("Báo cáo kết quả tiếp xúc cử tri chuyên đề về chỉnh trang đô thị") && page.contains("/nhiem-vu/moi?briefing=\(now.id!)"))
            // Its tasks are kept with the page while the records stay the same, and read again once one changes.
            task.content = "Báo cáo kết quả chỉnh trang đô thị (đã sửa)"
            try await task.save(on: app.db)
            #expect(try await city.get("/hoi-nghi-giao-ban/\(now.id!)").body.string.contains("Báo cáo kết quả chỉnh trang đô thị (đã sửa)"))
            var ward = try await Visitor.signedIn(app, "vanphong.hbt")
            #expect(try await ward.get("/").body.string.contains("nhiem-vu"))
            #expect(try await ward.get("/nhiem-vu/\(task.id!)").body.string.contains("Hội nghị giao ban ngày"))

            // The wards' own notes, beside their figures, in one form; a council not below is refused by name.
            let hbtWard = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let hkWard = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            let notes = "/hoi-nghi-giao-ban/\(now.id!)/ghi-chu"
            page = try await city.get("/hoi-nghi-giao-ban/\(now.id!)").body.string
            #expect(page.components(separatedBy: "<form method=\"post\" action=\"\(notes)\"").count == 2 && page.contains("name=\"note-\(hbtWard.id!)\""),
                    "one form around the table, a box per ward")
            var r = try await city.post(notes, ["note-\(hbt.id!)": "x"])
            #expect(r.status == .unprocessableEntity && r.body.string.contains("Không tìm thấy HĐND cấp dưới này"))
            #expect(try await ward.post(notes, ["note-\(hbtWard.id!)": "x"]).status == .forbidden)
            r = try await city.post(notes, ["note-\(hbtWard.id!)": String(repeating: "ý", count: 10_001)])
            #expect(r.status == .unprocessableEntity && r.body.string.contains("Ý kiến của Phường Hai Bà Trưng dài quá 10000 ký tự."), "named by its ward")
            r = try await city.post(notes, ["note-\(hbtWard.id!)": "Đã hoàn thành sắp xếp 38 tổ dân phố.", "note-\(hkWard.id!)": "Đề nghị thêm\r\nkinh phí."])
            #expect(r.status == .seeOther)
            page = try await city.get("/hoi-nghi-giao-ban/\(now.id!)").body.string
            #expect(page.contains("Đã hoàn thành sắp xếp 38 tổ dân phố.") && page.contains("Đề nghị thêm\r\nkinh phí."))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == "briefingConference").filter(\.$recordID == now.id!).count() == 2,
                    "both notes in one entry")
            // Another clerk's page, shown with both notes: the first clerk then changes one ward's note; the second saves
            // only a third ward's, the boxes shown sent back as they were (line breaks as a browser sends them). The
            // first clerk's note stays.
            let shown = { (id: Int) in page.components(separatedBy: "name=\"shown-\(id)\" value=\"").dropFirst().first?.prefix(16).description ?? "" }
            let seenHBT = shown(hbtWard.id!), seenHK = shown(hkWard.id!)
            #expect(seenHBT == RowNotes.digest("Đã hoàn thành sắp xếp 38 tổ dân phố.") && seenHK == RowNotes.digest("Đề nghị thêm\nkinh phí."))
            #expect(try await city.post(notes, ["note-\(hbtWard.id!)": "Đã sắp xếp xong 38 tổ dân phố.", "shown-\(hbtWard.id!)": seenHBT])
                .status == .seeOther)
            let third = try #require(try await PeriodFigures.of(councilID: hn.id!, period: now.period!, kept: .none, db: app.db).below
                .compactMap(\.councilID).first { $0 != hbtWard.id! && $0 != hkWard.id! })
            r = try await city.post(notes, ["note-\(hbtWard.id!)": "Đã hoàn thành sắp xếp 38 tổ dân phố.", "shown-\(hbtWard.id!)": seenHBT,
                                            "note-\(hkWard.id!)": "Đề nghị thêm\r\nkinh phí.", "shown-\(hkWard.id!)": seenHK,
                                            "note-\(third)": "Ý kiến mới"])
            #expect(r.status == .seeOther)
            page = try await city.get("/hoi-nghi-giao-ban/\(now.id!)").body.string
            #expect(page.contains("Đã sắp xếp xong 38 tổ dân phố.") && !page.contains("Đã hoàn thành sắp xếp") && page.contains("Ý kiến mới"))
            // Emptying a box takes its note away; a form with nothing changed writes nothing.
            #expect(try await city.post(notes, ["note-\(third)": "", "shown-\(third)": RowNotes.digest("Ý kiến mới")]).status == .seeOther)
            #expect(try await city.get("/hoi-nghi-giao-ban/\(now.id!)").body.string.contains("Ý kiến mới") == false)
            r = try await city.post(notes, ["note-\(hkWard.id!)": "Đề nghị thêm\nkinh phí.", "shown-\(hkWard.id!)": seenHK])
            #expect(r.status == .seeOther)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == "briefingConference").filter(\.$recordID == now.id!).count() == 5)

            // The period reviewed has begun by the conference.
            r = try await city.post("/hoi-nghi-giao-ban", ["councilID": "\(hn.id!)", "title": "Giao ban", "heldOn": "01/10/2026",
                                                           "periodFrom": "01/11/2026", "periodTo": "31/12/2026"])
            #expect(r.status == .unprocessableEntity && r.body.string.contains("Kỳ được đánh giá phải bắt đầu trước ngày họp."))
        }
    }
}
