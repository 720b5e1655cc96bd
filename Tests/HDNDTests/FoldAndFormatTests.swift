@testable import HDND
import Testing

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
}

@Suite struct FormatTests {
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

    @Test func dates() {
        #expect(VietnameseFormat.date("2022-04-26") == "26/04/2022")
        #expect(VietnameseFormat.longDate("2022-04-26") == "ngày 26 tháng 4 năm 2022")
        #expect(Day(input: "26/04/2022")?.description == "2022-04-26")
        #expect(Day(input: "2022-04-26")?.description == "2022-04-26")
        #expect(Day(input: "31/02/2022") == nil)
        #expect(Day(input: "hôm qua") == nil)
        #expect(RomanNumeral.string(20) == "XX")
        #expect(RomanNumeral.string(17) == "XVII")
    }
}
