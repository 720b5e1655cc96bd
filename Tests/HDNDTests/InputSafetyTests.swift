import Fluent
import Foundation
@testable import HDND
import SQLKit
import Testing
import Vapor
import VaporTesting
import ZIPFoundation

/// Nothing a request carries stops the server: dates at the ends of the calendar, damaged or oversized workbooks,
/// control characters. Every such input gets a message naming the field, and the server keeps answering.
@Suite struct InputSafetyTests {
    /// Every operation on `Day` over the whole range the type holds (0001-01-01 to 9999-12-31): no trap, and each
    /// result is a day of the range that reads back as itself.
    @Test func everyDayOperationIsTotal() {
        var day = Day.first, count = 0
        var previousJulian = Day.first.julianDay - 1
        while true {
            #expect(day.julianDay == previousJulian + 1)
            #expect(Day(day.description) == day)
            #expect((1...7).contains(day.weekday))
            #expect(day.firstOfMonth <= day && day <= day.lastOfMonth)
            if count % 997 == 0 {
                #expect(day.adding(days: 1_000_000) <= Day.last && day.adding(days: -1_000_000) >= Day.first)
                #expect(day.adding(days: Int.max) == Day.last && day.adding(days: Int.min) == Day.first)
                let lunar = LunarCalendar.lunar(day)
                #expect((1...30).contains(lunar.day) && (1...12).contains(lunar.month))
            }
            previousJulian = day.julianDay
            count += 1
            if day == Day.last { break }
            day = day.adding(days: 1)
        }
        #expect(count == Day.last - Day.first + 1)
        #expect(Day.last.adding(days: 1) == Day.last && Day.first.adding(days: -1) == Day.first)
        // The holidays of every year, and deadlines counted from the last days, end.
        for year in stride(from: 1, through: 9999, by: 1) { _ = HolidayCalendar.defaultHolidays(year) }
        let calendar = HolidayCalendar()
        #expect(calendar.addingWorkingDays(30, to: Day.last) == Day.last)
        #expect(calendar.addingCalendarDays(90, to: Day.last.adding(days: -10)) <= Day.last)
        #expect(!ReceptionCalendar.occurrences(days: [31], from: Day.last.adding(days: -40), to: Day.last, calendar: .statutory).isEmpty)
    }

    @Test func typedDaysAreHeldToTheAcceptedRange() {
        #expect(Day(input: "26/04/2022") == Day("2022-04-26"))
        #expect(Day(input: "10/12/26") == Day("2026-12-10"), "a two-digit year is of this century")
        #expect(Day.twoDigitYearReadings(in: ["receivedOn": "10/12/26", "acceptedOn": "12/12/2026", "content": "Số 1.2.3"])
                == ["10/12/26 là ngày 10/12/2026"], "said back after saving, only where the century was guessed")
        for bad in ["0001-01-01", "9999-12-31", "31/12/9999", "1/1/1", "10/12/0026", "01/01/1899", "01/01/2101"] {
            #expect(Day(input: bad) == nil, "\(bad)")
        }
        for text in ["0001-01-01", "31/12/9999"] {
            guard case .failure(.outOfRange) = Day.entered(text) else { Issue.record("\(text) should be out of range"); continue }
        }
        for text in ["26/04/202", "ngày 26", "١٢/٠٤/٢٠٢٢", "+2022-04-26", "26/04/+022", "26/04", "1.200", "26/04/2022/1", "126/4/2022"] {
            #expect(Day(input: text) == nil, "\(text)")
        }
        // The ways a clerk writes a day: slashes, dashes or dots; one or two digits; a year first in ISO order.
        for text in ["26/04/2022", "26/4/2022", "26-04-2022", "26.04.2022", "26.4.22", "2022-4-26", " 26/04/2022 "] {
            #expect(Day(input: text) == Day("2022-04-26"), "\(text)")
        }
        // A day the calendar does not have is named as such, not as a bad format.
        for text in ["31/02/2026", "29/02/2027", "31/04/2026", "00/01/2026"] {
            guard case .failure(.noSuchDay) = Day.entered(text) else { Issue.record("\(text) is no day"); continue }
        }
        #expect(Day(input: "29/02/2028") == Day("2028-02-29"))
        var v = Validator()
        _ = v.day("receivedOn", "Ngày nhận đơn", "31/02/2026")
        #expect(v.errors.first?.message == "Ngày nhận đơn: ngày 31/02/2026 không có trong lịch.")
    }

    /// Counts as the system writes them ("1.732") are read back; what is not a whole number is refused.
    @Test func countsWithThousandsSeparators() {
        for (text, n) in [("1200", 1200), ("1.200", 1200), ("1 200", 1200), ("12.345.678", 12_345_678), ("-1.200", -1200), ("0", 0)] {
            #expect(Validator.wholeNumber(text) == n, "\(text)")
        }
        for text in ["1.2", "12.00", "1,200", "1.2000", ".200", "1..200", "một nghìn", "1.200.", ""] {
            #expect(Validator.wholeNumber(text) == nil, "\(text)")
        }
        var v = Validator()
        #expect(v.int("voters", "Số cử tri", "1.200", range: 0...100_000) == 1200 && v.errors.isEmpty)
    }

    /// The requests of the issue, anonymous and signed in: each answered with a message, and the server goes on.
    /// A text as long as its field allows, in Vietnamese, is taken: a browser sends each letter with a diacritic as two or
    /// three escaped bytes ("%E1%BB%87"), and Vapor's default of 16 KB a form refused a meeting's minutes past about 5.000
    /// letters (20.000 allowed). A body over the limit is still refused.
    @Test(arguments: TestDB.all) func longVietnameseTextsAreTaken(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            // Through a running server, as from a browser (in memory, a body reaches the route whatever its size).
            office.port = db == .sqlite ? 28_461 : 28_462
            let minutes = String(repeating: "Cử tri đề nghị sửa chữa đường, nạo vét cống, lắp đèn chiếu sáng ngõ.\n", count: 280)
            #expect(minutes.count <= 20_000 && Visitor.encode(minutes).utf8.count > 3 * 16_384, "three times Vapor's default body")
            var form = ["councilID": "\(hbt.id!)", "kind": "thematic", "topic": "Môi trường", "date": "28/02/2026", "place": "Nhà văn hóa",
                        "coOrganizer": "MTTQ", "votersAttending": "70", "votersSpeaking": "9", "minutes": minutes]
            let res = try await office.post("/tiep-xuc-cu-tri", form)
            // The running server's client follows the redirect to the meeting's page.
            #expect(res.status == .ok && res.body.string.contains("lắp đèn chiếu sáng ngõ"), "\(res.status)")
            #expect(try await VoterMeeting.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$minutes == minutes.trimmed).count() == 1)
            form["minutes"] = String(repeating: "ệ", count: 200_000)
            let huge = try await office.post("/tiep-xuc-cu-tri", form)
            #expect(huge.status == .payloadTooLarge && huge.body.string.contains("Nội dung gửi lên quá lớn"), "said in Vietnamese")
        }
    }

    @Test(arguments: TestDB.all) func extremeDatesAreRefusedNotFatal(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var anonymous = Visitor(app)
            for month in ["0001-01", "9999-12", "0000-00", "2026-13", "99999-01"] {
                let res = try await anonymous.get("/hoi-dong/\(hbt.id!)/tiep-cong-dan?thang=\(month)")
                #expect(res.status == .unprocessableEntity, "\(month)")
                #expect(res.body.string.contains("Tháng"))
            }
            var admin = try await Visitor.signedIn(app, "admin")
            for query in ["nam=0001", "nam=9999", "tu=01/01/0001&den=31/12/9999", "tu=9999-12-31&den=9999-12-31"] {
                let res = try await admin.get("/bao-cao/tong-hop?\(query)")
                #expect(res.status == .unprocessableEntity, "\(query)")
            }
            #expect(try await admin.get("/hoi-dong/\(hbt.id!)/tiep-cong-dan.csv?tu=01/01/0001").status == .unprocessableEntity)
            #expect(try await admin.get("/don-vi?ngay=9999-12-31").status == .unprocessableEntity)
            let token = try await CitizensApiTests.token("admin", app)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/units?on=0001-01-01", headers: token).status == .unprocessableEntity)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/summary?unit=01&from=0001-01-01&to=9999-12-31", headers: token).status
                    == .unprocessableEntity)
            // A letter received on 9999-12-31 is refused with a message naming the field; nothing is written.
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let before = try await Letter.query(on: app.db).count()
            let res = try await office.post("/don-thu", LetterTests.form(hbt, ["receivedOn": "31/12/9999", "senderName_1": "Lê Văn Xa"]))
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Ngày nhận đơn phải trong khoảng từ 01/01/1900 đến 31/12/2100"),
                    "\(res.body.string.matches(of: /class="error"[^<]*/).map { String($0.output) })")
            #expect(try await Letter.query(on: app.db).count() == before)
            // A letter stored before the range existed (an old database) no longer stops any page that shows it.
            _ = try await office.post("/don-thu", LetterTests.form(hbt, ["senderName_1": "Lê Văn Cũ"]))
            let old = try #require(try await Letter.query(on: app.db).sort(\.$id, .descending).first())
            try await app.db.sql.update("letters").set("received_on", to: "9999-12-31").where("id", .equal, old.id!).run()
            #expect(try await office.get("/don-thu/\(old.id!)").status == .ok)
            #expect(try await office.get("/hoi-dong/\(hbt.id!)/don-thu").status == .ok)
            #expect(try await office.get("/hoi-dong/\(hbt.id!)/don-thu?qua-han=1").status == .ok)
            #expect(try await anonymous.get("/").status == .ok, "still serving")
        }
    }

    /// An .xlsx date cell of 9999999 (year 29 276) is a row error naming the column, not a crash.
    @Test(arguments: TestDB.all) func hugeSpreadsheetDatesAreRowErrors(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let office = try await Visitor.signedIn(app, "vanphong.hbt")
            let workbook = try Self.sheet("""
                <row r="1"><c r="A1" t="inlineStr"><is><t>Ngày nhận</t></is></c></row>\
                <row r="2"><c r="A2" s="1"><v>9999999</v></c><c r="B2" t="inlineStr"><is><t>Khiếu nại</t></is></c>\
                <c r="C2" t="inlineStr"><is><t>Lê Văn A</t></is></c><c r="E2" t="inlineStr"><is><t>Nội dung</t></is></c></row>
                """, dateStyle: true)
            let res = try await ImportTests.upload(app, office, "/hoi-dong/\(hbt.id!)/don-thu/nhap", workbook, filename: "xa.xlsx")
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Ngày nhận") && res.body.string.contains("01/01/1900 đến 31/12/2100"))
            #expect(SheetRows.column(String(repeating: "Z", count: 40)) == nil, "a run of letters too long for a column")
        }
    }

    /// A workbook that unpacks to far more than it weighs, or claims a billion rows, is refused with a message.
    @Test func oversizedWorkbooksAreRefused() throws {
        var limits = XLSXReader.Limits()
        limits.partBytes = 1 << 20; limits.totalBytes = 2 << 20
        let filler = String(repeating: "<row/>", count: 400_000)   // 2,4 MB of XML, a few kB compressed
        let bomb = try Self.sheet(filler)
        #expect(bomb.count < 100_000)
        #expect(throws: XLSXReader.Failure.self) { try XLSXReader.rows(Data(bomb), limits: limits) }
        do { _ = try XLSXReader.rows(Data(bomb), limits: limits) } catch { #expect("\(error)".contains("quá lớn")) }
        let farRow = try Self.sheet(#"<row r="1000000000"><c r="A1000000000" t="inlineStr"><is><t>x</t></is></c></row>"#)
        do { _ = try XLSXReader.rows(Data(farRow)); Issue.record("a row past the limit was read") } catch { #expect("\(error)".contains("dòng")) }
        let wide = try Self.sheet(#"<row r="1"><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>"#)
        do { _ = try XLSXReader.rows(Data(wide)); Issue.record("a column past the limit was read") } catch { #expect("\(error)".contains("cột")) }
        // Within the limits the same reader reads as before.
        #expect(try XLSXReader.rows(Data(try Self.sheet(#"<row r="2"><c r="B2" t="inlineStr"><is><t>x</t></is></c></row>"#))) == [[], ["", "x"]])
    }

    /// A minimal workbook of one sheet with the given rows (and a date style as style 1 when asked).
    static func sheet(_ rows: String, dateStyle: Bool = false) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add("[Content_Types].xml", #"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)
        try add("xl/worksheets/sheet1.xml", #"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
                + rows + "</sheetData></worksheet>")
        if dateStyle {
            try add("xl/styles.xml", #"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#)
        }
        return Array(try #require(archive.data))
    }

    @Test(arguments: TestDB.all) func controlCharactersAreRefusedNotCut(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let before = try await Letter.query(on: app.db).count()
            for bad in ["Nội dung\u{0}ẩn", "Nội dung\u{1B}[31m", "Nội dung\u{7F}"] {
                let res = try await office.post("/don-thu", LetterTests.form(hbt, ["content": bad, "senderName_1": "Lê Văn A"]))
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Nội dung đơn chứa ký tự điều khiển"))
            }
            #expect(try await Letter.query(on: app.db).count() == before)
            // Line breaks and tabs are text.
            let res = try await office.post("/don-thu", LetterTests.form(hbt, ["content": "Dòng 1\r\nDòng 2\tcột", "senderName_1": "Lê Văn A"]))
            #expect(res.status == .seeOther)
            let token = try await CitizensApiTests.token("vanphong.hbt", app)
            let api = try await app.testing().sendRequest(.POST, "/api/v1/letters", headers: token, body: ByteBuffer(string: """
                {"councilID": \(hbt.id!), "receivedOn": "2026-11-02", "channel": "post", "kind": "complaint",
                 "content": "Có NUL\\u0000 ở đây", "senders": [{"fullName": "Lê Văn B"}]}
                """))
            #expect(api.status == .unprocessableEntity && api.body.string.contains("content"))
        }
    }

    @Test func iCalendarEscapesEveryLineBreak() {
        #expect(ICalendar.escape("a\r\nb\rc\nd;e,f\\g\u{0}") == "a\\nb\\nc\\nd\\;e\\,f\\\\g")
    }

    /// Formula-like texts get an apostrophe in CSV; numbers stay numbers.
    @Test func csvCellsNeverRunAsFormulas() {
        #expect(TableCell.text("=HYPERLINK(\"http://x\")").csv == "'=HYPERLINK(\"http://x\")")
        for text in ["+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "-cmd|' /C calc'!A0"] { #expect(TableCell.text(text).csv == "'" + text, "\(text)") }
        for text in ["-5", "+84912345678", "-1.5", "Nguyễn Văn A", ""] { #expect(TableCell.text(text).csv == text, "\(text)") }
        #expect(TableCell.number(-5).csv == "-5")
    }

    /// The same on a real export: a petition whose content is a formula comes out as text.
    @Test(arguments: TestDB.all) func exportedFormulasAreText(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let res = try await office.post("/don-thu", LetterTests.form(hbt, ["content": "=1+2", "senderName_1": "@Lê Văn A"]))
            #expect(res.status == .seeOther)
            let csv = try await office.get("/hoi-dong/\(hbt.id!)/don-thu.csv").body.string
            #expect(csv.contains("\"'=1+2\"") && csv.contains("\"'@Lê Văn A\""))
            #expect(!csv.contains("\"=1+2\""))
        }
    }

    /// Every kind of response carries the security headers; responses to a signed-in reader are never cached.
    @Test(arguments: TestDB.all) func securityHeadersEverywhere(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var anonymous = Visitor(app)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let token = try await CitizensApiTests.token("vanphong.hbt", app)
            let responses: [(String, TestingHTTPResponse)] = [
                ("page", try await anonymous.get("/")), ("static", try await anonymous.get("/css/app.css")),
                ("404", try await anonymous.get("/khong-co-trang-nay")), ("sign-in", try await anonymous.get("/dang-nhap")),
                ("signed-in page", try await office.get("/hoi-dong/\(hbt.id!)/don-thu")),
                ("export", try await office.get("/hoi-dong/\(hbt.id!)/don-thu.csv")),
                ("xlsx", try await office.get("/hoi-dong/\(hbt.id!)/don-thu.xlsx")),
                ("api", try await app.testing().sendRequest(.GET, "/api/v1/letters?council=\(hbt.id!)", headers: token)),
                ("api error", try await app.testing().sendRequest(.GET, "/api/v1/letters?council=abc", headers: token)),
                ("405", try await app.testing().sendRequest(.DELETE, "/api/openapi.json")),
                ("forbidden", try await office.post("/hoi-dong/1", ["name": "x"], withToken: false)),
            ]
            for (name, res) in responses {
                let csp = res.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "\(name)")
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(name)")
                #expect(res.headers.first(name: "X-Frame-Options") == "DENY", "\(name)")
                #expect(res.headers.first(name: "Referrer-Policy") == "same-origin", "\(name)")
            }
            for (name, res) in responses where ["signed-in page", "export", "xlsx", "api", "api error"].contains(name) {
                #expect(res.headers.first(name: .cacheControl) == "no-store", "\(name)")
            }
        }
    }

    /// The shipped CSS and JS are served from their folder (`PublicFiles`), and nothing else is looked for there: an
    /// address outside it, or leading out of it, is the routes' to answer.
    @Test func publicFilesOnlyFromTheirFolder() async throws {
        try await withTestApp(.sqlite, demo: false) { app in
            var anonymous = Visitor(app)
            let css = try await anonymous.get("/css/app.css"), js = try await anonymous.get("/js/app.js")
            #expect(css.status == .ok && css.headers.contentType == .css && css.body.readableBytes > 1_000)
            #expect(js.status == .ok && js.body.readableBytes > 100)
            #expect(try await anonymous.get("/css/khong-co.css").status == .notFound)
            #expect(try await anonymous.get("/css/../../Views/layout.leaf").status != .ok)
            #expect(try await anonymous.get("/thoi-han").status == .ok, "a page beside them")
        }
    }
}
