import Foundation
@testable import HDND
import Testing
import Vapor

@Suite struct FoldTests {
    @Test func dropsDiacriticsCaseAndD() {
        #expect(fold("Đức") == "duc")
        #expect(fold("Dương Đức Tuấn") == "duong duc tuan")
        #expect(fold("Hai Bà Trưng") == "hai ba trung")
        #expect(fold("ĐẶNG THỊ ỰA") == "dang thi ua")
        #expect(fold("Phường  Cự   Khối ") == "phuong cu khoi")
        #expect(fold("Nghị quyết 08/NQ-HĐND") == "nghi quyet 08/nq-hdnd")
    }

    @Test func composedAndDecomposedInputFoldTheSame() {
        let decomposed = "Tua\u{0300}n"   // "Tuàn" typed with a combining grave accent
        #expect(fold(decomposed) == fold("Tuàn"))
    }

    /// The definition `fold` is made fast from: the whole text decomposed, the marks dropped, lower case, đ as d,
    /// whitespace collapsed.
    static func reference(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: continue
            default: break
            }
            if scalar.properties.isWhitespace { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(" "); pendingSpace = false }
            if scalar == "đ" || scalar == "Đ" { out.append("d") } else { out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars) }
        }
        return String(out)
    }

    @Test func theTableFoldsAsTheDefinition() {
        // Every character of the table, alone and between letters and spaces; then characters beyond it.
        for value in UInt32(0)..<0x2100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar), "Ả\(scalar)b", " \(scalar) Ư ", "\u{0301}\(scalar)\u{0323}"] {
                #expect(fold(text) == Self.reference(text), "U+\(String(value, radix: 16))")
            }
        }
        for text in ["Nguyễn Thị Ánh Tuyết", "ĐẠI BIỂU\tHĐND\n\nQUẬN", "Tua\u{0300}n", "\u{00A0}Hà\u{2003}Nội\u{3000}", "ß ﬁ İ ǅ",
                     "Ωμέγα Кириллица", "中文 한국어 日本語", "🙂 x", "u\u{031B}\u{0323}", "", "   "] {
            #expect(fold(text) == Self.reference(text), "\(text)")
            #expect(fold(text.decomposedStringWithCanonicalMapping) == Self.reference(text), "\(text) decomposed")
        }
    }
}

@Suite struct FormatTests {
    /// `trimmed` and `Validator.controlProblem` are written without Foundation's character sets, for speed: they must
    /// agree with them on every character that could border or hide in a cell.
    @Test func trimmingAndControlCharactersAgreeWithFoundation() {
        let edges: [Unicode.Scalar] = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}", "\u{200A}",
                                       "\u{200B}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{FEFF}", "x", "Đ"]
        for a in edges {
            for b in edges {
                let text = "\(a)\(b)Nội dung \(b)\(a)"
                #expect(text.trimmed == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.unicodeScalars.map(\.value))")
            }
        }
        #expect("   ".trimmed == "" && "".trimmed == "" && "a".trimmed == "a")
        for value in UInt32(0)...0x2100 {
            guard let c = Unicode.Scalar(value) else { continue }
            let refused = c.properties.generalCategory == .control && c != "\n" && c != "\r" && c != "\t"
            #expect((Validator.controlProblem("a\(c)b", "Nội dung") != nil) == refused, "U+\(String(value, radix: 16))")
        }
    }

    /// A URL's query is parsed once per request (`queryValue`): it reads every key as Vapor's own decoder does.
    @Test func storedDaysAreReadExactly() {
        #expect(Day("2022-04-26").map { [$0.year, $0.month, $0.day] } == [2022, 4, 26])
        #expect(Day("2024-02-29") != nil && Day("2023-02-29") == nil && Day("2022-13-01") == nil && Day("2022-00-10") == nil)
        for text in ["2022-4-26", "2022-04-26 ", "22-04-2026", "2022/04/26", "2022-+4-26", "2022-04-2x", "0000-01-01", "", "202-04-260"] {
            #expect(Day(text) == nil, "\(text)")
        }
        // Audit entries try every value as a day, and read the one that is, and only it, as a date.
        #expect(Audit.changes(#"[{"field":"receivedOn","before":"2022-04-26","after":"2022-05-01"},{"field":"note","after":"a \"b\" \u0111"}]"#)
                == [AuditChange(field: "receivedOn", before: "2022-04-26", after: "2022-05-01"), AuditChange(field: "note", before: nil, after: "a \"b\" đ")])
        #expect(Audit.changes("not json").isEmpty && Audit.changes("{}").isEmpty && Audit.changes("[]").isEmpty)
    }

    /// A field is a change when its text changed: missing on one side and empty on the other is none.
    @Test func auditDiffLeavesOutEmptyFields() {
        #expect(Audit.diff(before: [:], after: ["recipient": "", "title": "Tờ trình"]) == [AuditChange(field: "title", before: nil, after: "Tờ trình")])
        #expect(Audit.diff(before: ["recipient": "", "note": "a"], after: ["note": ""])
                == [AuditChange(field: "note", before: "a", after: "")])
    }

    /// The audit log's own reader of `changes` gives what JSON gives, for what `Audit.record` writes and for anything else.
    @Test func auditChangesReadAsJSONReadsThem() throws {
        let texts = ["Đề nghị\nnạo vét \"cống\" ngõ 12/3 \\ C:\\tệp\t\r\u{08}\u{0C}\u{01}", "😀 emoji ngoài BMP", "", "a/b</script>"]
        for (i, text) in texts.enumerated() {
            let written = [AuditChange(field: "content", before: text, after: nil), AuditChange(field: "f\(i)", before: nil, after: text)]
            let json = String(decoding: try JSONEncoder().encode(written), as: UTF8.self)
            #expect(Audit.changes(json) == written, "\(json)")
        }
        // Escapes JSONEncoder does not write, blanks, a pair of surrogates: as JSON reads them.
        #expect(Audit.changes(#" [ { "after" : "\u0110\ud83d\ude00" , "field" : "x" , "before" : null } ] "#)
                == [AuditChange(field: "x", before: nil, after: "Đ😀")])
        // Another shape (a number, a missing field, a lone surrogate, trailing text): read by JSONSerialization or not at all.
        #expect(Audit.changes(#"[{"field":"n","after":3}]"#) == [AuditChange(field: "n", before: nil, after: nil)])
        #expect(Audit.changes(#"[{"before":"a"}]"#).isEmpty)
        #expect(Audit.changes(#"[{"field":"x","after":"\ud83d"}]"#).count <= 1)
        #expect(Audit.changes(#"[{"field":"x"}] extra"#).isEmpty)
    }

    @Test func queryValuesAgreeWithVapor() async throws {
        let app = try await Application.make(.testing)
        let queries = ["", "a=1", "a=1&b=2&a=3", "q=n%E1%BA%A1o+v%C3%A9t%20c%E1%BB%91ng", "a=&b", "a=x%zz&b=1", "a[]=1&b=2", "a[k]=1",
                       "tu=01%2F02%2F2024&den=2024-03-01", "a=1=2", "&&a=5&", "a=+7", "a=12abc", "%61=9", "a=%2B1", "a=-3"]
        for query in queries {
            let req = Request(application: app, method: .GET, url: URI(string: "/x?" + query), on: app.eventLoopGroup.next())
            for key in ["a", "b", "q", "tu", "den"] {
                #expect(req.queryValue(key) == req.query[String.self, at: key], "\(query) \(key)")
                #expect(req.queryInt(key) == req.query[Int.self, at: key], "\(query) \(key)")
            }
        }
        try await app.asyncShutdown()
    }

    @Test func numbersAndCounts() {
        #expect(VietnameseFormat.number(1732) == "1.732")
        #expect(VietnameseFormat.number(1_000_000) == "1.000.000")
        #expect(VietnameseFormat.number(165) == "165")
        #expect(VietnameseFormat.count(2) == "02")
        #expect(VietnameseFormat.count(0) == "00")
        #expect(VietnameseFormat.count(16) == "16")
        #expect(VietnameseFormat.count(1627) == "1.627")
        #expect(VietnameseFormat.serial(5) == "05" && VietnameseFormat.serial(1415) == "1415")
    }

    /// Dates and instants are written by hand (not `String(format:)`, not `Calendar`): they agree with both.
    @Test func datesAgreeWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = VietnameseFormat.hanoi
        // Every 7 hours and 13 minutes from 1976 to 2040, and around midnight of Hà Nội.
        var instants = stride(from: 189_302_400.0, to: 2_208_988_800.0, by: 26_000).map { Date(timeIntervalSince1970: $0) }
        instants += [1_767_200_399, 1_767_200_400, 1_767_225_599, 1_767_225_600].map { Date(timeIntervalSince1970: $0) }
        for date in instants {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            guard let year = c.year, let month = c.month, let day = c.day, let hour = c.hour, let minute = c.minute else { continue }
            #expect(VietnameseFormat.instant(date) == String(format: "%02d/%02d/%04d %02d:%02d", day, month, year, hour, minute), "\(date)")
            #expect(Day.today(now: date).description == String(format: "%04d-%02d-%02d", year, month, day))
        }
        for iso in ["0001-01-01", "0999-12-31", "2022-04-26", "9999-12-31"] {
            let day = Day(stored: iso)
            #expect(day.description == iso)
            #expect(VietnameseFormat.date(iso) == String(format: "%02d/%02d/%04d", day.day, day.month, day.year))
        }
    }

    @Test func dates() {
        #expect(VietnameseFormat.date("2022-04-26") == "26/04/2022")
        #expect(VietnameseFormat.longDate("2022-04-26") == "ngày 26 tháng 4 năm 2022")
        #expect(Day(input: "26/04/2022")?.description == "2022-04-26")
        #expect(Day(input: "2022-04-26")?.description == "2022-04-26")
        #expect(Day(input: "31/02/2022") == nil)
        #expect(Day(input: "hôm qua") == nil)
        // The ways a day is typed, and what is refused as no date at all (read byte by byte since session 44).
        for (typed, day) in [("26-4-2022", "2022-04-26"), ("26.04.2022", "2022-04-26"), ("26/4/22", "2022-04-26"), ("2022-4-26", "2022-04-26"),
                             ("2022/04/26", "2022-04-26"), (" 26/04/2022\t", "2022-04-26"), ("29/02/24", "2024-02-29"), ("1/1/2000", "2000-01-01")] {
            #expect(Day(input: typed)?.description == day, "\(typed)")
        }
        for typed in ["26/04/222", "126/04/2022", "26/004/2022", "26//2022", "26/04/2022/1", "26/04/", "/04/2022", "26/4-2022", "26/04/20222",
                      "٢٦/٠٤/٢٠٢٢", "２６/04/2022", "26/0\u{301}4/2022", "26 04 2022", ""] {
            guard case .failure(.format) = Day.entered(typed) else { Issue.record("“\(typed)” should not read as a date"); continue }
        }
        guard case .failure(.noSuchDay) = Day.entered("29/02/2023") else { Issue.record("29/02/2023 is no day"); return }
        guard case .failure(.outOfRange) = Day.entered("31/12/1899") else { Issue.record("1899 is out of range"); return }
        #expect(RomanNumeral.string(20) == "XX")
        #expect(RomanNumeral.string(17) == "XVII")
    }
}
