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
    }

    static func multipart(_ csv: String, validOnly: Bool, csrf: String) -> (HTTPHeaders, ByteBuffer) {
        let boundary = "----hdnd\(UUID().uuidString)"
        var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n"
        if validOnly { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"validOnly\"\r\n\r\non\r\n" }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"kien-nghi.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
        var h = HTTPHeaders()
        h.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
        return (h, ByteBuffer(string: body))
    }

    @Test(arguments: TestDB.all) func allOrNothingUnlessValidOnly(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND quận Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var res = try await office.get("/hoi-dong/\(hbt.id!)/kien-nghi/mau.csv")
            #expect(res.status == .ok)
            let template = CSVParser.parse(res.body.string)
            #expect(template.first == PetitionImport.header)
            // The template itself imports cleanly.
            #expect(PetitionImport.check(res.body.string).allSatisfy { $0.errors.isEmpty })

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
            for message in ["“31/02/2019” không đúng dạng ngày", "Nội dung không được để trống.", "Lĩnh vực “Thiên văn” không có trong danh mục.",
                            "Số cử tri “abc” phải là số nguyên dương."] {
                #expect(page.contains(message), "\(message)")
            }
            #expect(try await VoterPetition.query(on: app.db).filter(\.$councilID == hbt.id!).count() == before)
            #expect(try await Fixture.auditCount(app.db) == audits)

            (h, body) = Self.multipart(csv, validOnly: true, csrf: office.csrf!)
            h.add(name: .cookie, value: office.cookie!)
            res = try await app.testing().sendRequest(.POST, "/hoi-dong/\(hbt.id!)/kien-nghi/nhap", headers: h, body: body)
            #expect(res.status == .ok)
            #expect(res.body.string.contains("Đã nhập 2 trên 6 dòng."))
            let imported = try await VoterPetition.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id).all().suffix(2)
            #expect(imported.map(\.content) == ["Đề nghị sửa đường ngõ 5 Lò Đúc", "Đề nghị lắp camera an ninh"])
            #expect(imported.first?.voterCount == 2 && imported.last?.source == .reception && imported.last?.field == "anninh")
            #expect(try await Fixture.auditCount(app.db) == audits + 1)
            #expect(try await PetitionEvent.query(on: app.db).filter(\.$petitionID == imported.first!.id!).count() == 1)
            // Another council's clerk may not import here.
            var cuKhoi = try await Visitor.signedIn(app, "vanphong.cukhoi")
            #expect(try await cuKhoi.get("/hoi-dong/\(hbt.id!)/kien-nghi/nhap").status == .forbidden)
        }
    }
}
