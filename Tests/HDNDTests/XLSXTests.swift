import Foundation
@testable import HDND
import Testing

@Suite struct XLSXTests {
    static func write(_ columns: [TableColumn], _ rows: [[TableCell]], title: String = "Thử") throws -> [UInt8] {
        let writer = try XLSXWriter(sheetName: title, columns: columns)
        defer { writer.discard() }
        try writer.append(rows)
        return Array(try Data(contentsOf: try writer.finish()))
    }

    @Test func columnNamesAndEscaping() {
        #expect([0, 25, 26, 27, 51, 52, 701, 702].map(XLSXWriter.columnName) == ["A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"])
        #expect(SheetRows.column("BC12") == 54 && SheetRows.column("a1") == 0 && SheetRows.column("12") == nil)
        #expect(XLSXWriter.escape("a & <b> \"c\"") == "a &amp; &lt;b&gt; &quot;c&quot;")
        #expect(XLSXWriter.clean("a\u{01}b\u{0B}c\nd") == "abc\nd", "control characters XML forbids are dropped")
        #expect(DateStyles.isDateFormat("dd/mm/yyyy") && DateStyles.isDateFormat("[$-42A]d mmmm yyyy") && !DateStyles.isDateFormat("#,##0")
                && !DateStyles.isDateFormat("\"ngày\" 0"))
    }

    /// What the writer writes, the reader and openpyxl both read back: text with XML specials and diacritics,
    /// numbers as numbers, days as real dates shown dd/mm/yyyy.
    @Test func writtenWorkbookReadsBack() throws {
        let columns = [TableColumn("Số"), TableColumn("Ngày"), TableColumn("Nội dung", width: 60), TableColumn("Ghi chú")]
        let rows: [[TableCell]] = [
            [.number(1732), .day("2019-12-31"), .text("Đường <Lò Đúc> & ngõ \"12\""), .text("")],
            [.number(2), .day(nil), .text(" đầu và cuối có dấu cách "), .text("dòng một\ndòng hai")],
            [.number(3), .day("2026-02-17"), .text(String(repeating: "đ", count: 40_000)), .text("Tết Bính Ngọ")],
        ]
        let bytes = try Self.write(columns, rows, title: "Kiến nghị: cử tri/2019")
        #expect(XLSXReader.looksLikeXLSX(Data(bytes)))
        let read = try XLSXReader.rows(Data(bytes))
        #expect(read[0] == ["Số", "Ngày", "Nội dung", "Ghi chú"])
        #expect(read[1] == ["1732", "31/12/2019", "Đường <Lò Đúc> & ngõ \"12\""])
        #expect(read[2] == ["2", "", " đầu và cuối có dấu cách ", "dòng một\ndòng hai"])
        #expect(read[3][2].count == 32_767 && read[3][1] == "17/02/2026", "Excel's cell limit")
        if let sheet = try OpenPyXL.read(bytes) {
            #expect(sheet.title == "Kiến nghị cử tri2019", "characters Excel forbids in a sheet name are dropped")
            #expect(sheet.text[0] == ["Số", "Ngày", "Nội dung", "Ghi chú"])
            #expect(sheet.text[1] == ["1732", "31/12/2019", "Đường <Lò Đúc> & ngõ \"12\"", ""])
            #expect(sheet.rows[1][0].isNumber && sheet.text[2][3] == "dòng một\ndòng hai" && sheet.text[2][2] == " đầu và cuối có dấu cách ")
            #expect(sheet.frozen == "A2" && sheet.filter == "A1:D4" && sheet.bold_header && sheet.date_format == "dd/mm/yyyy")
        }
    }

    /// A sheet of over 10 MB (100.000 petitions are 37 MB as openpyxl writes them) reads whole: libxml2 refuses such a
    /// sheet handed to it in one piece.
    @Test func aLargeSheetReadsWhole() throws {
        let columns = [TableColumn("Ngày"), TableColumn("Nội dung", width: 60)]
        let rows: [[TableCell]] = (0..<60_000).map { [.day("2025-05-\(10 + $0 % 18)"), .text("Cử tri đề nghị sửa chữa đường ngõ \($0) tổ dân phố số \($0 % 30)")] }
        let bytes = try Self.write(columns, rows)
        let read = try XLSXReader.rows(Data(bytes))
        #expect(read.count == 60_001 && read[60_000] == ["15/05/2025", "Cử tri đề nghị sửa chữa đường ngõ 59999 tổ dân phố số 29"])
    }

    /// A sheet read in pieces, one per core, gives what one reading gives: rows with and without their numbers, rows
    /// skipped, a row numbered before the others, shared and inline strings, dates, a "<rowBreaks>" tag after the rows. A
    /// sheet whose CDATA holds "<row" is read whole; the limits count across the pieces.
    @Test func aSheetReadInPiecesReadsAsOne() throws {
        let strings = ["chung", "Đường <Lò Đúc>"]
        var xml = "<?xml version=\"1.0\"?><worksheet><sheetData>"
        for n in 1...400 {
            let number = n % 7 == 0 ? "" : " r=\"\(n == 50 ? 53 : n)\""
            xml += "<row\(number)\(n % 3 == 0 ? "\n" : " ")spans=\"1:3\"><c r=\"A\(n)\" t=\"s\"><v>\(n % 2)</v></c><c r=\"C\(n)\" s=\"1\"><v>\(43_000 + n)</v></c>"
                + "<c t=\"inlineStr\"><is><t>dòng \(n) &amp; ngõ</t></is></c></row>"
        }
        xml += "<row r=\"2\"><c><v>7</v></c></row></sheetData><rowBreaks count=\"1\"><brk id=\"5\"/></rowBreaks></worksheet>"
        let data = Data(xml.utf8), limits = XLSXReader.Limits()
        let whole = try SheetRows.parse(data, strings: strings, dateStyles: [1], limits: limits, cores: 1)
        #expect(whole.count == 404 && whole[0] == ["Đường <Lò Đúc>", "", "23/09/2017", "dòng 1 & ngõ"])
        #expect(whole[48][3] == "dòng 49 & ngõ" && whole[49] == [] && whole[51] == [] && whole[52] == ["chung", "", "11/11/2017", "dòng 50 & ngõ"])
        #expect(whole[53][3] == "dòng 51 & ngõ" && whole.last == ["7"], "a row numbered before the others comes after them")
        for cores in [2, 3, 8] {
            #expect(SheetRows.pieces(Array(data), count: cores, smallest: 0).count == cores)
            #expect(try SheetRows.parse(data, strings: strings, dateStyles: [1], limits: limits, cores: cores, smallest: 0) == whole)
        }
        let hidden = Array(xml.replacingOccurrences(of: "dòng 300 &amp;", with: "<![CDATA[<row r=\"9\">]]>").utf8)
        #expect(SheetRows.pieces(hidden, count: 4, smallest: 0).count == 1)
        var few = limits
        few.cells = 1_000
        #expect(throws: XLSXReader.Failure.self) { try SheetRows.parse(data, strings: strings, dateStyles: [1], limits: few, cores: 4, smallest: 0) }
        few.cells = 2_000; few.rows = 300
        #expect(throws: XLSXReader.Failure.self) { try SheetRows.parse(data, strings: strings, dateStyles: [1], limits: few, cores: 4, smallest: 0) }
    }

    /// A workbook saved by another program (openpyxl: shared strings, date cells, an empty row, a second sheet).
    @Test func readsWhatOtherProgramsWrite() throws {
        let data = try Data(contentsOf: OpenPyXL.root.appendingPathComponent("Tests/HDNDTests/Fixtures/openpyxl-petitions.xlsx"))
        let rows = try XLSXReader.rows(data)
        #expect(rows.count == 6)
        #expect(rows[0] == PetitionImport.header)
        #expect(rows[1] == ["05/06/2019", "Đề nghị nạo vét cống thoát nước ngõ 12", "Giao thông", "3", "Tiếp xúc cử tri"])
        #expect(rows[2] == ["06/06/2019", "Đề nghị lắp đèn chiếu sáng ngõ 8 & 10 <Lò Đúc>", "trat tu do thi", "12"])
        #expect(rows[3] == [], "an empty row keeps its place, so reported line numbers match Excel's")
        #expect(rows[4] == ["07/06/2019", "  Đường Đê La Thành ngập úng  ", "Môi trường", "", "Tiếp công dân"])
        #expect(rows[5] == ["", "Giá trị rời ở cột B, dòng 6"])
        let checked = PetitionImport.check(rows)
        #expect(checked.map(\.line) == [2, 3, 5, 6])
        #expect(checked[0].errors.isEmpty && checked[1].errors.isEmpty && checked[2].errors.isEmpty)
        #expect(checked[3].errors.contains("Ngày tiếp nhận không được để trống."))
    }

    /// The XML of a workbook's parts as other programs may write it, read byte by byte.
    @Test func xmlAsSpreadsheetsWriteIt() throws {
        func events(_ xml: String) throws -> [String] {
            var scanner = XMLScanner(Array(xml.utf8)), out: [String] = []
            while let event = try scanner.next() {
                switch event {
                case .start(let name, let attributes): out.append("<\(name)" + attributes.map { " \($0.name)=\($0.value)" }.joined() + ">")
                case .end(let name): out.append("</\(name)>")
                case .text(let range, let cdata): out.append(try scanner.text(range, cdata: cdata))
                }
            }
            return out
        }
        #expect(try events(#"<?xml version="1.0"?><!-- chú thích --><x:c r='A1' t="s"/><t xml:space="preserve">Ngõ 8 &amp; 10 &lt;Lò Đúc&gt; &#7889;&#x1EA1;</t>"#)
                == ["<c r=A1 t=s>", "</c>", "<t xml:space=preserve>", "Ngõ 8 & 10 <Lò Đúc> ốạ", "</t>"])
        #expect(try events("<t><![CDATA[a &amp; <b>]]></t><t>dòng\r\nhai\rba</t>") == ["<t>", "a &amp; <b>", "</t>", "<t>", "dòng\nhai\nba", "</t>"])
        #expect(try events(#"<row r="2" ><c  r = "B2"></c ></row>"#) == ["<row r=2>", "<c r=B2>", "</c>", "</row>"])
        var utf16 = XMLScanner(Array(try #require("<t>Lò Đúc</t>".data(using: .utf16))))
        if case .start(let name, _)? = try utf16.next(), case .text(let range, let cdata)? = try utf16.next() {
            let text = try utf16.text(range, cdata: cdata)
            #expect(name == "t" && text == "Lò Đúc", "a part in UTF-16")
        } else { Issue.record("a part in UTF-16 was not read") }
        for damaged in [#"<!DOCTYPE x [<!ENTITY a "aaaa">]><t>&a;</t>"#, "<t>&unknown;</t>", "<t>&#0;</t>", "<t>&#xD800;</t>", "<t>&#1114112;</t>", "<t>&#x;</t>",
                        "<t>&#1a;</t>", "<t>&#;</t>", "<t>&;</t>", "<row r=\"1\"", "<c r=A1/>", "<t>x</t", "<!-- x"] {
            #expect(throws: XMLScanner.Failure.self, "\(damaged)") { _ = try events(damaged) }
        }
        let broken = try InputSafetyTests.sheet(#"<row r="1"><c r="A1" t="inlineStr"><is><t>x &bad; y</t></is></c></row>"#)
        do { _ = try XLSXReader.rows(Data(broken)); Issue.record("a damaged sheet was read") } catch { #expect("\(error)".contains("Bảng tính hỏng")) }
    }

    @Test func notAWorkbook() {
        #expect(throws: ValidationFailure.self) { try ImportFile.rows(Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0])) }
        #expect(throws: ValidationFailure.self) { try ImportFile.rows(Data([0xFF, 0xFE, 0x00, 0xD8])) }
        #expect((try? ImportFile.rows(Data("a,b\n".utf8))) == [["a", "b"]])
    }
}
