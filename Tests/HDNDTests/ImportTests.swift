import Fluent
@testable import HDND
import Testing
import Vapor
import VaporTesting

@Suite struct ImportTests {
    @Test func csvParserReadsWhatSpreadsheetsWrite() {
        #expect(CSVParser.parse("\u{FEFF}a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n") == [["a", "b"], ["x, y", "say \"hi\""]])
        #expect(CSVParser.parse("Ngày;Nội dung\n05/06/2019;Ngõ 12; ngập\n") == [["Ngày", "Nội dung"], ["05/06/2019", "Ngõ 12", " ngập"]])
        #expect(CSVParser.parse("a,\"dòng\nhai\"\n") == [["a", "dòng\nhai"]])
        #expect(CSVParser.parse("\n\n") == [])
        // Multi-byte characters beside the separators, a quote inside a field, a carriage return outside quotes.
        #expect(CSVParser.parse("Ngõ “5”,\"Đường \"\"Lò Đúc\"\"\",ạ\r\nê,\"\r\"\n") == [["Ngõ “5”", "Đường \"Lò Đúc\"", "ạ"], ["ê", "\r"]])
    }

    /// A large file is checked in parts on several threads: its rows come back in the file's order, each with its line.
    @Test func aLargeFileIsCheckedInOrder() async throws {
        var csv = PetitionImport.header.joined(separator: ",") + "\n"
        for n in 1...2_500 { csv += n == 1_700 ? "31/02/2019,Ngày sai,,1,\n" : "05/06/2019,Kiến nghị số \(n),,\(n % 9 + 1),\n" }
        let rows = try await PetitionImport.check(data: Data(csv.utf8))
        #expect(rows.map(\.line) == Array(2...2_501))
        #expect(rows.filter { !$0.errors.isEmpty }.map(\.line) == [1_701])
        #expect(rows[2_499].value?.content == "Kiến nghị số 2500" && rows[0].value?.voters == 2)
    }

    static func multipart(_ csv: String, validOnly: Bool, csrf: String) -> (HTTPHeaders, ByteBuffer) {
        multipart(Array(csv.utf8), filename: "kien-nghi.csv", validOnly: validOnly, csrf: csrf)
    }

    static func multipart(_ file: [UInt8], filename: String, validOnly: Bool, csrf: String) -> (HTTPHeaders, ByteBuffer) {
        let boundary = "----hdnd\(UUID().uuidString)"
        var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n"
        if validOnly { head += "--\(boundary)\r\nContent-Disposition: form-data; name=\"validOnly\"\r\n\r\non\r\n" }
        head += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        var body = ByteBuffer(string: head)
        body.writeBytes(file)
        body.writeString("\r\n--\(boundary)--\r\n")
        var h = HTTPHeaders()
        h.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
        return (h, body)
    }

    static func upload(_ app: Application, _ visitor: Visitor, _ path: String, _ file: [UInt8], filename: String,
                       validOnly: Bool = false) async throws -> TestingHTTPResponse {
        var (h, body) = multipart(file, filename: filename, validOnly: validOnly, csrf: visitor.csrf!)
        h.add(name: .cookie, value: visitor.cookie!)
        return try await app.testing().sendRequest(.POST, path, headers: h, body: body)
    }

    @Test(arguments: TestDB.all) func allOrNothingUnlessValidOnly(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var res = try await office.get("/hoi-dong/\(hbt.id!)/kien-nghi/mau.csv")
            #expect(res.status == .ok)
            let template = CSVParser.parse(res.body.string)
            #expect(template.first == PetitionImport.header)
            // The template itself imports cleanly.
            #expect(PetitionImport.check(CSVParser.parse(res.body.string)).allSatisfy { $0.errors.isEmpty })

            let csv = """
            Ngày tiếp nhận,Nội dung,Lĩnh vực,Số cử tri,Nguồn
            05/06/2019,Đề nghị sửa đường ngõ 5 Lò Đúc,Giao thông,2,Tiếp xúc cử tri
            31/02/2019,Ngày sai,Giao thông,1,
            06/06/2019,,Môi trường,1,
            07/06/2019,Lĩnh vực lạ,Thiên văn,1,
            08/06/2019,Đề nghị thu gom rác,moi truong,abc,
            09/06/2019,Đề nghị lắp camera an ninh,"An ninh, trật tự",1,Tiếp công dân
            """
            let before = try await VoterPetition.query(on: app.db).filter(\.$councilID == hbt.id!).count()
            let audits = try await Fixture.auditCount(app.db)
            var (h, body) = Self.multipart(csv, validOnly: false, csrf: office.csrf!)
            h.add(name: .cookie, value: office.cookie!)
            res = try await app.testing().sendRequest(.POST, "/hoi-dong/\(hbt.id!)/kien-nghi/nhap", headers: h, body: body)
            #expect(res.status == .unprocessableEntity)
            let page = res.body.string
            #expect(page.contains("Chưa nhập dòng nào"))
            for message in ["ngày “31/02/2019” không có trong lịch", "Nội dung không được để trống.", "Lĩnh vực “Thiên văn” không có trong danh mục",
                            "Số cử tri “abc” phải là số nguyên dương."] {
                #expect(page.contains(message), "\(message)")
            }
            #expect(try await VoterPetition.query(on: app.db).filter(\.$councilID == hbt.id!).count() == before)
            #expect(try await Fixture.auditCount(app.db) == audits)

            (h, body) = Self.multipart(csv, validOnly: true, csrf: office.csrf!)
            h.add(name: .cookie, value: office.cookie!)
            res = try await app.testing().sendRequest(.POST, "/hoi-dong/\(hbt.id!)/kien-nghi/nhap", headers: h, body: body)
            #expect(res.status == .ok)
            #expect(res.body.string.contains("Đã nhập 02 trên 06 dòng."))
            let imported = try await VoterPetition.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id).all().suffix(2)
            #expect(imported.map(\.content) == ["Đề nghị sửa đường ngõ 5 Lò Đúc", "Đề nghị lắp camera an ninh"])
            #expect(imported.first?.voterCount == 2 && imported.last?.source == .reception && imported.last?.field == "anninh")
            #expect(try await Fixture.auditCount(app.db) == audits + 1)
            #expect(try await PetitionEvent.query(on: app.db).filter(\.$petitionID == imported.first!.id!).count() == 1)
            // Another council's clerk may not import here.
            var cuKhoi = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await cuKhoi.get("/hoi-dong/\(hbt.id!)/kien-nghi/nhap").status == .forbidden)
        }
    }

    /// A file's petitions are written in the order of their day, the file's order kept within a day: the list, newest
    /// first, shows them as the days went.
    @Test(arguments: TestDB.all) func petitionsAreWrittenByDay(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let office = try await Visitor.signedIn(app, "vanphong.hbt")
            let csv = """
            Ngày tiếp nhận,Nội dung,Lĩnh vực,Số cử tri,Nguồn
            03/06/2019,Ngày ba thứ nhất,Giao thông,1,
            01/06/2019,Ngày một,Giao thông,1,
            03/06/2019,Ngày ba thứ hai,Giao thông,1,
            02/06/2019,Ngày hai,Giao thông,1,
            12/05/2019,Tháng trước,Giao thông,1,
            """
            var (h, body) = Self.multipart(csv, validOnly: false, csrf: office.csrf!)
            h.add(name: .cookie, value: office.cookie!)
            let res = try await app.testing().sendRequest(.POST, "/hoi-dong/\(hbt.id!)/kien-nghi/nhap", headers: h, body: body)
            #expect(res.status == .ok && res.body.string.contains("Đã nhập 05 trên 05 dòng."))
            let imported = try await VoterPetition.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id).all().suffix(5)
            #expect(imported.map(\.content) == ["Tháng trước", "Ngày một", "Ngày hai", "Ngày ba thứ nhất", "Ngày ba thứ hai"])
        }
    }

    /// The same from an .xlsx workbook: the template downloaded as Excel imports cleanly; one bad row stops the whole file.
    @Test(arguments: TestDB.all) func petitionsFromExcel(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let template = try await office.get("/hoi-dong/\(hbt.id!)/kien-nghi/mau.xlsx")
            #expect(template.status == .ok && template.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let templateBytes = Array(template.body.readableBytesView)
            if let sheet = try OpenPyXL.read(templateBytes) {
                #expect(sheet.text == [PetitionImport.header, ["05/06/2019", "Đề nghị nạo vét cống thoát nước ngõ 12", "Giao thông", "3", "Tiếp xúc cử tri"]])
            }
            let before = try await VoterPetition.query(on: app.db).filter(\.$councilID == hbt.id!).count()
            var res = try await Self.upload(app, office, "/hoi-dong/\(hbt.id!)/kien-nghi/nhap", templateBytes, filename: "mau.xlsx")
            #expect(res.status == .ok && res.body.string.contains("Đã nhập 01 trên 01 dòng."))

            let writer = try XLSXWriter(sheetName: "Kiến nghị", columns: PetitionImport.columns)
            defer { writer.discard() }
            try writer.append([
                [.day("2020-03-02"), .text("Đề nghị cải tạo chợ Mơ"), .text("Trật tự đô thị"), .number(5), .text("")],
                [.text("30/02/2020"), .text("Ngày không có thật"), .text(""), .number(1), .text("")],
                [.day("2020-03-04"), .text("Đề nghị thêm trạm xe buýt"), .text("Giao thông"), .number(2), .text("Cổng thông tin")],
            ])
            let workbook = Array(try Data(contentsOf: try writer.finish()))
            res = try await Self.upload(app, office, "/hoi-dong/\(hbt.id!)/kien-nghi/nhap", workbook, filename: "lich-su.xlsx")
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Chưa nhập dòng nào: 01 trên 03 dòng có lỗi") && res.body.string.contains("<td>3</td>"),
                    "the row number is the spreadsheet's")
            #expect(try await VoterPetition.query(on: app.db).filter(\.$councilID == hbt.id!).count() == before + 1)
            res = try await Self.upload(app, office, "/hoi-dong/\(hbt.id!)/kien-nghi/nhap", workbook, filename: "lich-su.xlsx", validOnly: true)
            #expect(res.status == .ok && res.body.string.contains("Đã nhập 02 trên 03 dòng."))
            let last = try await VoterPetition.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id, .descending).first()
            #expect(last?.content == "Đề nghị thêm trạm xe buýt" && last?.receivedOn == "2020-03-04" && last?.source == .portal && last?.voterCount == 2)
        }
    }

    /// Letters: numbered in each year's register after the letters already there; senders kept; a denouncer's
    /// name confidential; all or nothing.
    @Test(arguments: TestDB.all) func lettersFromAFile(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let template = try await office.get("/hoi-dong/\(hbt.id!)/don-thu/mau.csv")
            #expect(CSVParser.parse(template.body.string).first == LetterImport.header)
            #expect(LetterImport.check(CSVParser.parse(template.body.string)).allSatisfy { $0.errors.isEmpty })
            let csv = """
            Ngày nhận,Loại đơn,Người gửi,Địa chỉ người gửi,Nội dung,Nguồn đơn,Ngày thụ lý,Kết quả
            12/03/2019,Khiếu nại,Nguyễn Văn Nhập; Lê Thị Hai,Số 5 Lò Đúc,Khiếu nại thu hồi đất ngõ 12,Qua bưu điện,20/03/2019,Đã giải quyết
            13/03/2019,to cao,Trần Văn Tốgiác,,Tố cáo sai phạm xây dựng,Nộp trực tiếp,,
            14/03/2020,Phản ánh,,,Phản ánh tiếng ồn quán karaoke,Trực tuyến,,
            """
            let bad = csv + "\n15/03/2019,Thư tình,,,Nội dung,,10/03/2019,\n"
            let existing2019 = try await Letter.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$year == 2019).max(\.$number) ?? 0
            var res = try await Self.upload(app, office, "/hoi-dong/\(hbt.id!)/don-thu/nhap", Array(bad.utf8), filename: "don.csv")
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Loại đơn “Thư tình” không có trong danh mục") && res.body.string.contains("Ngày thụ lý phải sau ngày nhận."))
            #expect(try await Letter.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$content == "Khiếu nại thu hồi đất ngõ 12").count() == 0)

            res = try await Self.upload(app, office, "/hoi-dong/\(hbt.id!)/don-thu/nhap", Array(csv.utf8), filename: "don.csv")
            #expect(res.status == .ok && res.body.string.contains("Đã nhập 03 trên 03 dòng."))
            let imported = try await Letter.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id, .descending).limit(3).all().reversed()
            #expect(imported.map(\.number) == [existing2019 + 1, existing2019 + 2, 1] && imported.map(\.year) == [2019, 2019, 2020])
            #expect(imported.map(\.kind) == [.complaint, .denunciation, .feedback] && imported.map(\.anonymous) == [false, false, true])
            let first = imported.first!
            #expect(first.outcome == .resolved && first.acceptedOn == "2019-03-20" && first.decision == .handle)
            let senders = try await LetterSender.query(on: app.db).filter(\.$letterID == first.id!).sort(\.$id).all()
            #expect(senders.map(\.fullName) == ["Nguyễn Văn Nhập", "Lê Thị Hai"] && senders.first?.address == "Số 5 Lò Đúc")
            // The register never names the denouncer; the clerk who imported it may see it on the letter, others not.
            let register = try await office.get("/hoi-dong/\(hbt.id!)/don-thu").body.string
            #expect(register.contains("Nguyễn Văn Nhập") && !register.contains("Tốgiác"))
            let denunciation = Array(imported)[1]
            #expect(try await office.get("/don-thu/\(denunciation.id!)").body.string.contains("Trần Văn Tốgiác"))
            var standing = try await Visitor.signedIn(app, "thuongtruc.hbt")
            #expect(!(try await standing.get("/don-thu/\(denunciation.id!)").body.string.contains("Tốgiác")))
            #expect(!(try await AuditEntry.query(on: app.db).all()).contains { $0.changes.contains("Tốgiác") || $0.summary.contains("Tốgiác") })
            // The next letter written on the form continues the 2020 register.
            #expect(try await LetterNumbers.take(councilID: hbt.id!, year: 2020, on: app.db) == 2)
        }
    }

    /// Two clerks saving at the same instant get two numbers.
    @Test(arguments: TestDB.all) func letterNumbersNeverCollide(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let councilID = hbt.id!, database = app.db
            let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<12 {
                    group.addTask { try await database.transaction { tx in try await LetterNumbers.take(councilID: councilID, year: 2031, on: tx) } }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(numbers.sorted() == Array(1...12))
        }
    }

    /// Earlier resolutions from Excel: the template imports; each row goes through the resolution's own rules (the
    /// vote, a number already given, the same number twice in the file) before anything is written; then all rows.
    @Test(arguments: TestDB.all) func resolutionsFromExcel(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            #expect(try await office.get("/hoi-dong/\(hbt.id!)/nghi-quyet").body.string.contains("/hoi-dong/\(hbt.id!)/nghi-quyet/nhap"))
            let template = Array(try await office.get("/hoi-dong/\(hbt.id!)/nghi-quyet/mau.xlsx").body.readableBytesView)
            var res = try await Self.upload(app, office, "/hoi-dong/\(hbt.id!)/nghi-quyet/nhap", template, filename: "mau.xlsx")
            #expect(res.status == .ok && res.body.string.contains("Đã nhập 01 trên 01 dòng."))
            let first = try #require(try await Resolution.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            #expect(first.symbol == "05/2019/NQ-HĐND" && first.adoptedOn == "2019-07-12" && first.field == "budget" && first.votesFor == 33 && first.adopted)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == "resolution").filter(\.$recordID == first.id!).count() == 1)

            let writer = try XLSXWriter(sheetName: "Nghị quyết", columns: ResolutionImport.columns)
            defer { writer.discard() }
            try writer.append([
                [.text("12/NQ-HĐND"), .day("2020-12-20"), .text("Về kế hoạch tổ chức các kỳ họp năm 2021"), .text("Hoạt động của HĐND"),
                 .text(""), .text(""), .number(35), .number(30), .text(""), .text("")],
                [.text("05/2019/NQ-HĐND"), .day("2019-07-12"), .text("Số đã cấp"), .text("Kinh tế, ngân sách"), .text(""), .text(""),
                 .number(35), .number(30), .text(""), .text("")],
                [.text("13/NQ-HĐND"), .day("2020-12-20"), .text("Không đủ quá nửa"), .text("Hoạt động của HĐND"), .text(""), .text(""),
                 .number(35), .number(17), .text(""), .text("")],
                [.text("12/NQ-HĐND"), .day("2020-12-21"), .text("Trùng số trong tệp"), .text("Hoạt động của HĐND"), .text(""), .text(""),
                 .number(35), .number(30), .text(""), .text("")],
                [.text("NQ 14"), .text(""), .text(""), .text(""), .text(""), .text(""), .text(""), .text(""), .text(""), .text("")],
            ])
            let workbook = Array(try Data(contentsOf: try writer.finish()))
            res = try await Self.upload(app, office, "/hoi-dong/\(hbt.id!)/nghi-quyet/nhap", workbook, filename: "nghi-quyet.xlsx")
            let body = res.body.string
            #expect(res.status == .unprocessableEntity && body.contains("Chưa nhập dòng nào: 04 trên 05 dòng có lỗi"))
            for message in ["05/2019/NQ-HĐND năm 2019 đã cấp", "Nghị quyết không được thông qua thì không có số.", "Số này đã có ở dòng 2 của tệp.", "Số, ký hiệu phải có dạng", "Ngày thông qua không được để trống."] {
                #expect(body.contains(message), "\(message)")
            }
            #expect(try await Resolution.query(on: app.db).filter(\.$councilID == hbt.id!).count() == 1, "nothing written")
            res = try await Self.upload(app, office, "/hoi-dong/\(hbt.id!)/nghi-quyet/nhap", workbook, filename: "nghi-quyet.xlsx", validOnly: true)
            #expect(res.status == .ok && res.body.string.contains("Đã nhập 01 trên 05 dòng."))
            let second = try #require(try await Resolution.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$number == 12).first())
            #expect(second.series == .individual && second.year == 2020 && second.title == "Về kế hoạch tổ chức các kỳ họp năm 2021")
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await other.get("/hoi-dong/\(hbt.id!)/nghi-quyet/nhap").status == .forbidden)
        }
    }
}
