import Fluent
@testable import HDND
import Testing
import Vapor
import VaporTesting

@Suite struct ExportTests {
    /// Splits CSV text into rows of fields (quoted fields, doubled quotes, CRLF rows).
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text), i = 0
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" { if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false } }
                else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\r\n" || c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(c) }
            i += 1
        }
        return rows
    }

    static let petitionHeader = ["Số", "Ngày tiếp nhận", "Nội dung", "Lĩnh vực", "Số cử tri", "Nguồn", "Trạng thái", "Cơ quan", "Hạn trả lời",
                                 "Ngày trả lời", "Nội dung trả lời", "Người, cơ quan trả lời", "Hội đồng"]

    @Test(arguments: TestDB.all) func petitionsExportStreamsEveryRow(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            var admin = try await Visitor.signedIn(app, "admin")
            let res = try await admin.get("/hoi-dong/\(hk.id!)/kien-nghi.csv")
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.description.hasPrefix("text/csv") == true)
            let bytes = Array(res.body.readableBytesView)
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "a byte-order mark for Excel")
            let rows = Self.parse(String(decoding: bytes, as: UTF8.self))
            #expect(rows.first == Self.petitionHeader)
            #expect(rows.count == 1 + 396, "116 + 280 petitions across pages of 1.000")
            #expect(Set(rows.dropFirst().map { $0[0] }).count == 396)
            // The agency and the council named on every row (kept names, not read with the rows).
            #expect(rows.dropFirst().allSatisfy { $0[7] == "UBND quận Hoàn Kiếm" && $0[12] == "HĐND quận Hoàn Kiếm" })
            // Filters apply to the export as to the list.
            let filtered = Self.parse(try await admin.get("/hoi-dong/\(hk.id!)/kien-nghi.csv?trang-thai=inProgress").body.string)
            #expect(filtered.count == 1 + 104 && filtered.dropFirst().allSatisfy { $0[6] == "Đang giải quyết" })
            // What a clerk needs from an answered petition: the answer and its date.
            #expect(filtered.dropFirst().allSatisfy { !$0[9].isEmpty && $0[10] == "UBND quận đã chỉ đạo các đơn vị liên quan xem xét, giải quyết." })
            var outsider = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await outsider.get("/hoi-dong/\(hk.id!)/kien-nghi.csv").status == .forbidden)
        }
    }

    /// The same list as an Excel workbook, read back with openpyxl: every row, dates as dates, numbers as numbers, filters applied.
    @Test(arguments: TestDB.all) func petitionsExportToExcel(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            var admin = try await Visitor.signedIn(app, "admin")
            let res = try await admin.get("/hoi-dong/\(hk.id!)/kien-nghi.xlsx")
            #expect(res.status == .ok)
            #expect(res.headers.first(name: .contentDisposition)?.contains("kien-nghi-cu-tri-\(hk.id!).xlsx") == true)
            let bytes = Array(res.body.readableBytesView)
            let csv = Self.parse(try await admin.get("/hoi-dong/\(hk.id!)/kien-nghi.csv").body.string)
            let rows = try XLSXReader.rows(Data(bytes))
            #expect(rows.count == 1 + 396 && rows.first == Self.petitionHeader)
            #expect(rows == csv.map { row in row.reversed().drop { $0.isEmpty }.reversed() }, "the workbook holds what the CSV holds")
            if let sheet = try OpenPyXL.read(bytes) {
                #expect(sheet.title == "Kiến nghị cử tri" && sheet.rows.count == 1 + 396 && sheet.text.first == Self.petitionHeader)
                #expect(sheet.rows.dropFirst().allSatisfy { $0[0].isNumber && $0[4].isNumber }, "numbers are numbers")
                #expect(sheet.date_format == "dd/mm/yyyy" && sheet.frozen == "A2" && sheet.filter == "A1:M397")
                #expect(sheet.text.dropFirst().map { $0[1] } == csv.dropFirst().map { $0[1] }, "dates read as the same days")
            }
            let filtered = try XLSXReader.rows(Data(try await admin.get("/hoi-dong/\(hk.id!)/kien-nghi.xlsx?trang-thai=resolved").body.readableBytesView))
            #expect(filtered.count == 1 + 176 && filtered.dropFirst().allSatisfy { $0[6] == "Đã giải quyết" })
            var outsider = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await outsider.get("/hoi-dong/\(hk.id!)/kien-nghi.xlsx").status == .forbidden)
            #expect(try await admin.get("/hoi-dong/\(hk.id!)/kien-nghi.xlsx?tu=2019-13-01").status == .unprocessableEntity)
        }
    }

    /// The register and the visit log as workbooks: a denouncer is never in the file, nor a visitor who asked for confidentiality.
    @Test(arguments: TestDB.all) func registerAndVisitsToExcel(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            var office = try await Visitor.signedIn(app, "admin")
            let letters = try await Letter.query(on: app.db).filter(\.$councilID == hk.id!).count()
            var res = try await office.get("/hoi-dong/\(hk.id!)/don-thu.xlsx")
            #expect(res.status == .ok)
            let register = try XLSXReader.rows(Data(res.body.readableBytesView))
            #expect(register.count == 1 + letters && register.first?.first == "Số")
            let denunciations = register.filter { $0[2] == "Tố cáo" }
            #expect(!denunciations.isEmpty)
            #expect(denunciations.allSatisfy { $0[3] == Confidentiality.hidden || $0[3] == "Không ký tên" }, "a denouncer's name is never exported")
            if let sheet = try OpenPyXL.read(Array(res.body.readableBytesView)) { #expect(sheet.rows.count == 1 + letters) }
            let complaints = try XLSXReader.rows(Data(try await office.get("/hoi-dong/\(hk.id!)/don-thu.xlsx?loai=complaint").body.readableBytesView))
            #expect(complaints.dropFirst().allSatisfy { $0[2] == "Khiếu nại" } && complaints.count > 1)
            #expect(complaints.dropFirst().contains { !$0[3].isEmpty && $0[3] != Confidentiality.hidden && $0[3] != "Không ký tên" },
                    "a complainant's name is exported")

            // One visitor asked that their name not be shown.
            let secret = try await ReceptionVisit.query(on: app.db).filter(\.$councilID == hk.id!).filter(\.$date >= "2019-01-01").first()!
            secret.visitorName = "Hoàng Bí Mật"; secret.confidential = true
            try await secret.save(on: app.db)
            let visits = try await ReceptionVisit.query(on: app.db).filter(\.$councilID == hk.id!)
                .filter(\.$date >= "2019-01-01").filter(\.$date <= "2019-12-31").all()
            res = try await office.get("/hoi-dong/\(hk.id!)/tiep-cong-dan.xlsx?tu=2019-01-01&den=2019-12-31")
            #expect(res.status == .ok)
            let log = try XLSXReader.rows(Data(res.body.readableBytesView))
            #expect(log.count == 1 + visits.count)
            let citizens: Int = log.dropFirst().compactMap { (row: [String]) -> Int? in Int(row[2]) }.reduce(0, +)
            #expect(citizens == 324, "324 citizens received in 2019")
            let hidden = log.filter { $0[1] == "Giữ bí mật" }.count
            #expect(hidden == visits.filter(\.confidential).count && hidden > 0, "a confidential visitor is never named")
            #expect(!log.contains { $0.contains("Hoàng Bí Mật") })
            if let sheet = try OpenPyXL.read(Array(res.body.readableBytesView)) {
                let citizens: Int = sheet.rows.dropFirst().map { (row: [OpenPyXL.Cell]) -> Int in Int(row[2].text) ?? 0 }.reduce(0, +)
                #expect(citizens == 324)
            }
            res = try await office.get("/hoi-dong/\(hk.id!)/tiep-cong-dan.csv?tu=2019-01-01&den=2019-12-31")
            #expect(Self.parse(res.body.string).count == 1 + visits.count)
            // Narrowed by kind and handling.
            let complaintVisits = visits.filter { $0.kind == .complaint }.count
            let narrowed = Self.parse(try await office.get("/hoi-dong/\(hk.id!)/tiep-cong-dan.csv?tu=2019-01-01&den=2019-12-31&loai=complaint").body.string)
            #expect(narrowed.count == 1 + complaintVisits && narrowed.dropFirst().allSatisfy { $0[3] == LetterKind.complaint.label })
            #expect(try await office.get("/hoi-dong/\(hk.id!)/tiep-cong-dan?thang=2019-03&xu-ly=bay").status == .unprocessableEntity)
            let march = try await office.get("/hoi-dong/\(hk.id!)/tiep-cong-dan?thang=2019-03&xu-ly=guided").body.string
            #expect(march.contains("tiep-cong-dan.xlsx?thang=2019-03&amp;loai=&amp;xu-ly=guided") || march.contains("tiep-cong-dan.xlsx?thang=2019-03&loai=&xu-ly=guided"))
        }
    }

    /// A council's voter meetings as a workbook, for anyone (meetings are public): the seed's 2019 attendance adds up.
    @Test(arguments: TestDB.all) func meetingsToExcel(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            let res = try await app.testing().sendRequest(.GET, "/hoi-dong/\(hk.id!)/tiep-xuc-cu-tri.xlsx")
            #expect(res.status == .ok)
            let rows = try XLSXReader.rows(Data(res.body.readableBytesView))
            let meetings = try await VoterMeeting.query(on: app.db).filter(\.$councilID == hk.id!).all()
            #expect(rows.count == 1 + meetings.count && rows.first?.first == "Ngày")
            let attending: Int = rows.dropFirst().filter { $0[0].hasSuffix("/2019") }.compactMap { (row: [String]) -> Int? in Int(row[4]) }.reduce(0, +)
            #expect(attending == 1732)
            if let sheet = try OpenPyXL.read(Array(res.body.readableBytesView)) { #expect(sheet.rows.count == 1 + meetings.count) }
            var visitor = Visitor(app)
            #expect(try await visitor.get("/hoi-dong/\(hk.id!)/tiep-xuc-cu-tri?truoc=hom-qua").status == .unprocessableEntity)
            let page = try await visitor.get("/hoi-dong/\(hk.id!)/tiep-xuc-cu-tri").body.string
            #expect(page.contains("/hoi-dong/\(hk.id!)/tiep-xuc-cu-tri.xlsx"))
            // Filtered by kind, the list and its export agree: the 2019 thematic meeting on the environment.
            let thematic = meetings.filter { $0.kind == .thematic }.count
            let filtered = Self.parse(try await visitor.get("/hoi-dong/\(hk.id!)/tiep-xuc-cu-tri.csv?loai=thematic").body.string)
            #expect(filtered.count == 1 + thematic && thematic >= 1 && filtered.dropFirst().allSatisfy { $0[1] == VoterMeetingKind.thematic.label })
            #expect(try await visitor.get("/hoi-dong/\(hk.id!)/tiep-xuc-cu-tri?loai=thematic").body.string.contains("selected>\(VoterMeetingKind.thematic.label)"))
            #expect(try await visitor.get("/hoi-dong/\(hk.id!)/tiep-xuc-cu-tri?loai=picnic").status == .unprocessableEntity)
        }
    }

    /// The register of a council with the councils below it, for a period: the city sees the district's letters of March 2019.
    @Test(arguments: TestDB.all) func registerWithCouncilsBelow(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hanoi = try await Fixture.council("HĐND thành phố Hà Nội", app.db)
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            var admin = try await Visitor.signedIn(app, "admin")
            let march = try await Letter.query(on: app.db).filter(\.$councilID == hk.id!)
                .filter(\.$receivedOn >= "2019-03-01").filter(\.$receivedOn <= "2019-03-31").count()
            #expect(march > 0)
            let own = Self.parse(try await admin.get("/hoi-dong/\(hanoi.id!)/don-thu.csv?tu=2019-03-01&den=2019-03-31").body.string)
            #expect(own.count == 1, "the city's own register has none")
            let below = Self.parse(try await admin.get("/hoi-dong/\(hanoi.id!)/don-thu.csv?tu=2019-03-01&den=2019-03-31&cap-duoi=1").body.string)
            #expect(below.count == 1 + march && below.dropFirst().allSatisfy { $0[1].hasSuffix("/03/2019") })
            let page = try await admin.get("/hoi-dong/\(hanoi.id!)/don-thu?tu=2019-03-01&den=2019-03-31&cap-duoi=1").body.string
            #expect(page.contains("HĐND quận Hoàn Kiếm") && page.contains("cap-duoi=1"))
            #expect(try await admin.get("/hoi-dong/\(hanoi.id!)/don-thu?tu=2019-03-31&den=2019-03-01").status == .unprocessableEntity)
        }
    }

    /// The council-work lists export too: a year's oversights (the seed's 11 delegations of Hoàn Kiếm in 2019) and a
    /// council's questions, read back by openpyxl; only those who read the list get its file.
    @Test(arguments: TestDB.all) func councilWorkListsExport(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            var city = try await Visitor.signedIn(app, "vanphong.hanoi")
            var res = try await city.get("/hoi-dong/\(hk.id!)/giam-sat.xlsx?nam=2019")
            #expect(res.status == .ok)
            let rows = try XLSXReader.rows(Data(res.body.readableBytesView))
            #expect(rows.count == 1 + 11 && rows[0][0] == "Giám sát từ ngày")
            if let sheet = try OpenPyXL.read(Array(res.body.readableBytesView)) {
                #expect(sheet.rows.count == 12 && sheet.rows.dropFirst().allSatisfy { $0[7].isNumber })
            }
            #expect(Self.parse(try await city.get("/hoi-dong/\(hk.id!)/giam-sat.csv?nam=2019").body.string).count == 12)
            var ward = try await Visitor.signedIn(app, "vanphong.hbt")
            #expect(try await ward.get("/hoi-dong/\(hk.id!)/giam-sat.xlsx?nam=2019").status == .forbidden)

            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            let bao = try await Fixture.person("Vũ Đức Bảo", app.db)
            #expect(try await ward.post("/chat-van", QuestionTests.form(hbt, ["askedByID": "\(bao.id!)", "organizationID": "\(ubnd.id!)"])).status == .seeOther)
            res = try await ward.get("/hoi-dong/\(hbt.id!)/chat-van.csv")
            let lines = Self.parse(res.body.string)
            #expect(lines.count == 2 && lines[1].contains("Khi nào hoàn thành cải tạo chợ Mơ?") && lines[1].contains("Vũ Đức Bảo"))
        }
    }
}
