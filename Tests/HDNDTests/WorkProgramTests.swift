import Foundation
import Fluent
@testable import HDND
import Testing
import VaporTesting

/// Reads a produced .docx with python-docx (`Tests/python/read_docx.py`).
enum DocxReader {
    struct Run: Decodable { let text: String; let bold: Bool; let italic: Bool; let size: Double? }
    struct Paragraph: Decodable { let text: String; let align: String?; let first_line_mm: Double?; let runs: [Run] }
    struct Cell: Decodable { let text: String; let paragraphs: [Paragraph] }
    struct Page: Decodable { let width: Double; let height: Double; let top: Double; let bottom: Double; let left: Double; let right: Double
        let orientation: String; let different_first_page: Bool }
    struct Font: Decodable { let name: String?; let size: Double? }
    struct Document: Decodable { let page: Page; let font: Font; let paragraphs: [Paragraph]; let tables: [[[Cell]]]; let title: String? }

    static func read(_ bytes: [UInt8]) throws -> Document? {
        try PythonReader.run("read_docx.py", module: "docx", bytes: bytes, ext: "docx").map { try JSONDecoder().decode(Document.self, from: $0) }
    }

    /// The page and font Decree 30/2020 sets: A4 portrait; margins top and bottom 20–25 mm, left 30–35, right 15–20;
    /// Times New Roman 13–14; no page number on the first page.
    static func expectDecree30Layout(_ doc: Document) {
        #expect(doc.page.width == 210 && doc.page.height == 297 && doc.page.orientation.contains("PORTRAIT"))
        #expect((20...25).contains(doc.page.top) && (20...25).contains(doc.page.bottom) && (30...35).contains(doc.page.left) && (15...20).contains(doc.page.right))
        #expect(doc.font.name == "Times New Roman" && (13...14).contains(doc.font.size ?? 0))
        #expect(doc.page.different_first_page, "no page number on the first page")
    }

    /// The header table's two cells (issuer and number; motto and date line) and the signature table's (recipients; signature).
    static func header(_ doc: Document) -> [Cell] { doc.tables.first?.first ?? [] }
    static func signature(_ doc: Document) -> [Cell] { doc.tables.last?.first ?? [] }
}

/// Work programs and targets: items carried out by linked records, targets counted from the records, the program as a
/// Word document in the Decree 30/2020 layout.
@Suite struct WorkProgramTests {
    @Test func anItemIsDoneWhenARecordCarriesItOut() {
        let today = Day(clampingYear: 2022, month: 5, day: 10)
        #expect(WorkItemProgress.of(state: .planned, kind: .session, linked: 1, doneOn: nil, plannedMonth: "2022-03", today: today) == .done)
        #expect(WorkItemProgress.of(state: .planned, kind: .session, linked: 0, doneOn: nil, plannedMonth: "2022-03", today: today) == .late)
        #expect(WorkItemProgress.of(state: .planned, kind: .session, linked: 0, doneOn: nil, plannedMonth: "2022-05", today: today) == .planned)
        #expect(WorkItemProgress.of(state: .postponed, kind: .oversight, linked: 0, doneOn: nil, plannedMonth: "2022-03", today: today) == .postponed)
        #expect(WorkItemProgress.of(state: .planned, kind: .other, linked: 0, doneOn: "2022-04-26", plannedMonth: "2022-04", today: today) == .done)
        // A date typed on a linked kind does not make it done: only the record does.
        #expect(WorkItemProgress.of(state: .cancelled, kind: .oversight, linked: 0, doneOn: "2022-04-26", plannedMonth: "2022-04", today: today) == .cancelled)
    }

    @Test func aTargetIsAtRiskWhenTimeRunsAheadOfTheWork() {
        let from = Day(clampingYear: 2024, month: 1, day: 1), to = Day(clampingYear: 2024, month: 12, day: 31)
        let july = Day(clampingYear: 2024, month: 7, day: 1)
        #expect(TargetStanding.elapsed(from: from, to: to, today: july) > 0.49 && TargetStanding.elapsed(from: from, to: to, today: july) < 0.51)
        #expect(TargetStanding.of(done: 4, required: 4, from: from, to: to, today: july) == .met)
        #expect(TargetStanding.of(done: 1, required: 4, from: from, to: to, today: july) == .atRisk)
        #expect(TargetStanding.of(done: 3, required: 4, from: from, to: to, today: july) == .onTrack)
        #expect(TargetStanding.of(done: 3, required: 4, from: from, to: to, today: Day(clampingYear: 2025, month: 1, day: 1)) == .missed)
        #expect(TargetStanding.of(done: 0, required: 2, from: from, to: to, today: Day(clampingYear: 2023, month: 12, day: 1)) == .onTrack)
        let t = Target()
        t.scope = .eachDelegateGroup; t.measure = .thematicVoterMeetings; t.minimum = 1
        #expect(t.sentence == "Mỗi Tổ đại biểu HĐND: ít nhất 01 hội nghị tiếp xúc cử tri chuyên đề")
        #expect(TargetMeasure.receptionSessions.scopes == [.council, .eachCouncilBelow, .eachDelegate])
    }

    @Test func documentDatesAndMonths() {
        #expect(VietnameseFormat.longDate("2022-01-05") == "ngày 05 tháng 01 năm 2022")
        #expect(VietnameseFormat.longDate("2022-02-15") == "ngày 15 tháng 02 năm 2022")
        #expect(VietnameseFormat.longDate("2022-04-26") == "ngày 26 tháng 4 năm 2022")
        #expect(VietnameseFormat.parseMonth("3/2022") == "2022-03" && VietnameseFormat.parseMonth("2022-12") == "2022-12")
        #expect(VietnameseFormat.parseMonth("13/2022") == nil && VietnameseFormat.parseMonth("03/2222") == nil && VietnameseFormat.parseMonth("x") == nil)
        #expect(VietnameseFormat.month("2022-03") == "03/2022")
    }

    @Test(arguments: TestDB.all) func aProgramFromDraftToIssuedWithItsItemsAndTargets(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let term = try await Fixture.latestTerm(hbt, app.db)
            let committees = try await Body.query(on: app.db).filter(\.$termID == term.id!).filter(\.$kind == .committee).sort(\.$name).all()
            try #require(committees.count >= 2)
            let standing = try #require(try await Body.query(on: app.db).filter(\.$termID == term.id!).filter(\.$kind == .standing).first())
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            var citizen = Visitor(app)
            let program = ["councilID": "\(hbt.id!)", "bodyID": "\(standing.id!)", "title": "Chương trình công tác năm 2026 của Thường trực HĐND phường",
                           "periodFrom": "01/01/2026", "periodTo": "31/12/2026", "signer": "Nguyễn Văn An", "signerTitle": "CHỦ TỊCH",
                           "recipients": "Thường trực HĐND Thành phố;\nLưu: VT."]
            #expect(try await other.post("/chuong-trinh-cong-tac", program).status == .forbidden)
            var res = try await office.post("/chuong-trinh-cong-tac", program.merging(["periodTo": "31/12/2025"]) { _, n in n })
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Đến ngày phải sau từ ngày."))
            #expect(try await office.post("/chuong-trinh-cong-tac", program).status == .seeOther)
            let p = try #require(try await WorkProgram.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            #expect(p.number == nil)
            // A draft is the office's; the public sees it once issued, with the next number of the year's series.
            #expect(try await citizen.get("/chuong-trinh-cong-tac/\(p.id!)").status != .ok)
            let year = try await citizen.get("/hoi-dong/\(hbt.id!)/chuong-trinh-cong-tac?nam=2026").body.string
            #expect(!year.contains("/chuong-trinh-cong-tac/\(p.id!)"))
            #expect(year.contains("<a href=\"/hoi-dong/\(hbt.id!)\">HĐND phường Hai Bà Trưng</a>"), "the crumb names its council")
            var edit = p.auditSnapshot.merging(["version": "1", "issuedOn": "05/01/2026", "periodFrom": "01/01/2026", "periodTo": "31/12/2026"]) { _, n in n }
            #expect(try await office.post("/chuong-trinh-cong-tac/\(p.id!)", edit).status == .seeOther)
            let issued = try #require(try await WorkProgram.find(p.id!, on: app.db))
            #expect(issued.reference == "01/CTr-HĐND" && issued.numberYear == 2026)
            var page = try await citizen.get("/chuong-trinh-cong-tac/\(p.id!)").body.string
            #expect(page.contains("Số 01/CTr-HĐND, ngày 05/01/2026"))
            // The number stays with its year.
            edit = issued.auditSnapshot.merging(["version": "2", "issuedOn": "05/01/2025"]) { _, n in n }
            res = try await office.post("/chuong-trinh-cong-tac/\(p.id!)", edit)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("không đổi được năm"))

            // An item carried out by an oversight: linked, done, audited; the item's month must be in the program.
            let item = ["programID": "\(p.id!)", "content": "Giám sát việc quản lý vỉa hè, lòng đường", "owner": "committee",
                        "bodyID": "\(committees[0].id!)", "plannedMonth": "10/2026", "kind": "oversight", "state": "planned"]
            res = try await office.post("/noi-dung-cong-tac", item.merging(["plannedMonth": "10/2027"]) { _, n in n })
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Tháng dự kiến phải trong thời gian của chương trình."))
            res = try await office.post("/noi-dung-cong-tac", item.merging(["bodyID": ""]) { _, n in n })
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Hãy chọn Ban hoặc Tổ đại biểu chủ trì."))
            #expect(try await office.post("/noi-dung-cong-tac", item).status == .seeOther)
            let i = try #require(try await WorkItem.query(on: app.db).filter(\.$programID == p.id!).first())
            #expect(try await office.post("/giam-sat", OversightTests.form(hbt, ["bodyID": "\(committees[0].id!)"])).status == .seeOther)
            #expect(try await office.post("/giam-sat", OversightTests.form(hbt, ["bodyID": "\(committees[0].id!)", "kind": "survey",
                                                                               "topic": "Khảo sát nhà văn hóa tổ dân phố"])).status == .seeOther)
            let o = try #require(try await Oversight.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$kind == .thematic).first())
            page = try await office.get("/chuong-trinh-cong-tac/\(p.id!)").body.string
            #expect(page.contains("Quá tháng dự kiến") && page.contains("<option value=\"\(o.id!)\""))
            #expect(try await other.post("/noi-dung-cong-tac/\(i.id!)/gan", ["recordID": "\(o.id!)"]).status == .forbidden)
            #expect(try await office.post("/noi-dung-cong-tac/\(i.id!)/gan", ["recordID": "999999"]).status == .unprocessableEntity)
            #expect(try await office.post("/noi-dung-cong-tac/\(i.id!)/gan", ["recordID": "\(o.id!)"]).status == .seeOther)
            page = try await citizen.get("/chuong-trinh-cong-tac/\(p.id!)").body.string
            #expect(page.contains("Đã thực hiện") && page.contains("/giam-sat/\(o.id!)"))
            let audit = try await AuditEntry.query(on: app.db).filter(\.$recordType == "workItem").filter(\.$recordID == i.id!).count()
            #expect(audit == 2, "created, then linked")
            // The page is kept while its records stay the same, and read again when a link, an item or a linked record
            // changes, however it is written (M068; M059 and M058 for the items and the records).
            try await app.db.sql.raw("DELETE FROM work_item_records WHERE item_id = \(bind: i.id!)").run()
            page = try await citizen.get("/chuong-trinh-cong-tac/\(p.id!)").body.string
            #expect(!page.contains("/giam-sat/\(o.id!)") && !page.contains("Đã thực hiện"))
            try await app.db.sql.raw("INSERT INTO work_item_records (item_id, record_type, record_id) VALUES (\(bind: i.id!), 'oversight', \(bind: o.id!))").run()
            try await app.db.sql.raw("UPDATE work_items SET content = 'Giám sát vỉa hè (đã sửa)' WHERE id = \(bind: i.id!)").run()
            try await app.db.sql.raw("UPDATE oversights SET topic = 'Giám sát vỉa hè, lòng đường phường' WHERE id = \(bind: o.id!)").run()
            page = try await citizen.get("/chuong-trinh-cong-tac/\(p.id!)").body.string
            #expect(page.contains("/giam-sat/\(o.id!)") && page.contains("Giám sát vỉa hè (đã sửa)") && page.contains("Giám sát vỉa hè, lòng đường phường"))
            try await app.db.sql.raw("UPDATE work_items SET content = 'Giám sát việc quản lý vỉa hè, lòng đường' WHERE id = \(bind: i.id!)").run()
            // Its kind cannot change while a record carries it out.
            res = try await office.post("/noi-dung-cong-tac/\(i.id!)", item.merging(["version": "1", "kind": "session"]) { _, n in n })
            #expect(res.status == .unprocessableEntity && res.body.string.contains("bỏ gắn trước khi đổi loại"))

            // Targets: counted from the records, per committee; a measure that cannot say who did it is refused by name.
            let target = ["councilID": "\(hbt.id!)", "programID": "\(p.id!)", "scope": "eachCommittee", "measure": "supervisions", "minimum": "1",
                          "periodFrom": "01/01/2026", "periodTo": "31/12/2026"]
            res = try await office.post("/chi-tieu", target.merging(["measure": "receptionSessions"]) { _, n in n })
            #expect(res.status == .unprocessableEntity && res.body.string.contains("không cho biết mỗi ban của hđnd thực hiện"))
            #expect(try await office.post("/chi-tieu", target).status == .seeOther)
            #expect(try await office.post("/chi-tieu", target.merging(["measure": "surveys"]) { _, n in n }).status == .seeOther)
            let targets = try await Target.query(on: app.db).filter(\.$programID == p.id!).sort(\.$id).all()
            let progress = try await TargetProgress.of(targets, today: Day(clampingYear: 2026, month: 12, day: 1), kept: app.figures, db: app.db)
            try #require(progress.count == 2)
            #expect(progress[0].subjects.count == committees.count && progress[0].required == committees.count)
            #expect(progress[0].subjects.first { $0.id == committees[0].id }?.count == 1, "the thematic supervision, not the survey")
            #expect(progress[0].subjects.first { $0.id == committees[1].id }?.count == 0)
            #expect(progress[0].done == 1 && progress[0].standing == .atRisk)
            #expect(progress[1].subjects.first { $0.id == committees[0].id }?.count == 1)
            page = try await office.get("/chuong-trinh-cong-tac/\(p.id!)").body.string
            #expect(page.contains("Mỗi Ban của HĐND: ít nhất 01 cuộc giám sát") && page.contains(committees[1].name))
            // Each target a section (`TargetSections`): its progress, a row per committee, the one short of it marked.
            #expect(page.contains("Đã thực hiện 01/\(VietnameseFormat.count(committees.count))"))
            #expect(page.contains("<tr><td>\(committees[1].name)</td><td class=\"num\"><a href=\"/hoi-dong/\(hbt.id!)/giam-sat?nam=2026\">00</a> "
                    + "<span class=\"overdue-text\">chưa đạt</span></td></tr>"))

            // The items as a table, and the program as a Word document in the Decree 30/2020 layout.
            let sheet = try XLSXReader.rows(Data(try await office.get("/chuong-trinh-cong-tac/\(p.id!)/noi-dung.xlsx").body.readableBytesView))
            #expect(sheet.count == 2 && sheet[1][0] == "10/2026" && sheet[1][2] == "Giám sát việc quản lý vỉa hè, lòng đường" && sheet[1][5] == "Đã thực hiện")
            res = try await citizen.get("/chuong-trinh-cong-tac/\(p.id!)/van-ban.docx")
            #expect(res.status == .ok && res.headers.contentType?.subType == "vnd.openxmlformats-officedocument.wordprocessingml.document")
            let bytes = Array(res.body.readableBytesView)
            #expect(bytes.starts(with: [0x50, 0x4B]))
            if let doc = try DocxReader.read(bytes) {
                DocxReader.expectDecree30Layout(doc)
                let header = try #require(doc.tables.first?.first)
                #expect(header[0].text.contains("THƯỜNG TRỰC HĐND") && header[0].text.contains("Số: 01/CTr-HĐND"))
                #expect(header[1].text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && header[1].text.contains("Độc lập - Tự do - Hạnh phúc"))
                let dateLine = try #require(header[1].paragraphs.first { $0.text.contains("ngày 05 tháng 01 năm 2026") })
                #expect(dateLine.runs.allSatisfy(\.italic) && dateLine.text == "Hai Bà Trưng, ngày 05 tháng 01 năm 2026")
                #expect(doc.paragraphs.contains { $0.text == "CHƯƠNG TRÌNH" && $0.runs.allSatisfy(\.bold) })
                #expect(doc.paragraphs.contains { $0.text == "Công tác năm 2026 của Thường trực HĐND phường" })
                let body = try #require(doc.paragraphs.first { $0.text.hasPrefix("- Mỗi Ban của HĐND: ít nhất 01 cuộc giám sát") })
                #expect(body.align?.contains("JUSTIFY") == true && (body.first_line_mm ?? 0) >= 10)
                #expect(doc.tables.contains { t in t.contains { row in row.contains { $0.text == "Giám sát việc quản lý vỉa hè, lòng đường" } } })
                let signature = try #require(doc.tables.last?.first)
                #expect(signature[0].paragraphs.first?.text == "Nơi nhận:" && signature[0].paragraphs.first?.runs.allSatisfy { $0.bold && $0.italic } == true)
                #expect(signature[0].text.contains("- Lưu: VT.") && signature[1].text.contains("CHỦ TỊCH") && signature[1].text.contains("Nguyễn Văn An"))
            }
        }
    }

    @Test(arguments: TestDB.all) func theSeedsProgramsInTheDemo(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let ml = try await Fixture.council("HĐND huyện Mê Linh", app.db)
            let program = try #require(try await WorkProgram.query(on: app.db).filter(\.$councilID == ml.id!).first())
            #expect(program.reference == "04/CTr-HĐND" && program.issuedOn == "2022-01-05")
            var citizen = Visitor(app)
            let page = try await citizen.get("/chuong-trinh-cong-tac/\(program.id!)").body.string
            #expect(page.contains("Số 04/CTr-HĐND, ngày 05/01/2022") && page.contains("Kỳ họp thứ 5 (29/03/2022)"))
            #expect(page.contains("<strong>03</strong> đã thực hiện"))
            // The work calendar: an item on its day, an item across its month, for anyone once the program is issued.
            let april = try await citizen.get("/hoi-dong/\(ml.id!)/lich?xem=thang&ngay=2022-04-10&loai=programItem").body.string
            #expect(april.contains("Hội nghị giao ban Thường trực HĐND huyện với Thường trực HĐND các xã") && april.contains("/chuong-trinh-cong-tac/\(program.id!)#noi-dung-"))
            let march = try await citizen.get("/hoi-dong/\(ml.id!)/lich?xem=thang&ngay=2022-03-10&loai=programItem").body.string
            #expect(march.contains("Trong tháng: Tổ chức kỳ họp chuyên đề"))
            let hbt = try await Fixture.council("HĐND quận Hai Bà Trưng", app.db)
            let targets = try await Target.query(on: app.db).filter(\.$councilID == hbt.id!).all()
            #expect(targets.count == 9)
            let groups = try #require(targets.first { $0.scope == .eachDelegateGroup && $0.measure == .supervisions })
            let progress = try #require(try await TargetProgress.of([groups], today: Day(clampingYear: 2024, month: 6, day: 1), kept: app.figures, db: app.db).first)
            #expect(progress.subjects.count >= 2 && progress.required == 2 * progress.subjects.count)
        }
    }
}
