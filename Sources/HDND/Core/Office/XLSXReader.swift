import Foundation
import NIOConcurrencyHelpers
import ZIPFoundation

/// Reads the first sheet of an .xlsx workbook as rows of text, the way `CSVParser` reads a CSV file:
/// row N of the sheet is element N-1 (empty rows kept, so a report's line numbers match Excel's),
/// shared and inline strings resolved, and cells formatted as dates given as dd/mm/yyyy.
public enum XLSXReader {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// How much of a workbook is read before it is refused: an upload of a few megabytes may unpack to gigabytes
    /// (a "zip bomb") or claim a billion rows. Well above any council's register, far below what would hurt the server:
    /// 100.000 petitions written by openpyxl (inline strings) unpack to a 37 MB sheet.
    public struct Limits: Sendable {
        public var partBytes = 64 << 20, totalBytes = 96 << 20, rows = 200_000, columns = 256, cells = 2_000_000
        public init() {}
    }

    /// Whether the bytes are a ZIP package (as every .xlsx is), not text.
    public static func looksLikeXLSX(_ data: Data) -> Bool { data.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    public static func rows(_ data: Data, limits: Limits = Limits()) throws -> [[String]] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw Failure(description: "Tệp không đọc được như một bảng tính Excel (.xlsx).")
        }
        let tooLarge = Failure(description: "Bảng tính quá lớn: mỗi phần không quá \(limits.partBytes >> 20) MB và cả tệp không quá "
                                   + "\(limits.totalBytes >> 20) MB khi giải nén. Hãy chia thành nhiều tệp nhỏ hơn.")
        var total = 0
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            // The size the archive declares is checked first; the bytes actually unpacked are counted as well,
            // since a crafted archive may declare less than it holds.
            guard entry.uncompressedSize <= UInt64(limits.partBytes), total + Int(entry.uncompressedSize) <= limits.totalBytes else { throw tooLarge }
            var out = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    guard out.count + chunk.count <= limits.partBytes, total + out.count + chunk.count <= limits.totalBytes else { throw tooLarge }
                    out.append(chunk)
                }
            } catch let failure as Failure { throw failure } catch {
                throw Failure(description: "Tệp không đọc được như một bảng tính Excel (.xlsx).")
            }
            total += out.count
            return out
        }
        let sheetPath = try firstSheetPath(workbook: part("xl/workbook.xml"), rels: part("xl/_rels/workbook.xml.rels"))
        guard let sheet = try part(sheetPath) else { throw Failure(description: "Bảng tính không có trang tính nào.") }
        let strings = try part("xl/sharedStrings.xml").map(SharedStrings.parse) ?? []
        let dateStyles = try part("xl/styles.xml").map(DateStyles.parse) ?? []
        return try SheetRows.parse(sheet, strings: strings, dateStyles: dateStyles, limits: limits)
    }

    /// The target of the workbook's first `<sheet>`, through the workbook's relationships.
    static func firstSheetPath(workbook: Data?, rels: Data?) throws -> String {
        let fallback = "xl/worksheets/sheet1.xml"
        guard let workbook, let rels else { return fallback }
        var firstID: String?
        Elements.each(workbook) { name, attributes in
            if name == "sheet" && firstID == nil { firstID = attributes["r:id"] ?? attributes.first { $0.key.hasSuffix(":id") }?.value }
        }
        var target: String?
        Elements.each(rels) { name, attributes in
            if name == "Relationship", attributes["Id"] == firstID { target = attributes["Target"] }
        }
        guard let target else { return fallback }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }
}

/// Start (and end) elements with their attributes, for the package parts that need no text.
enum Elements {
    /// Stops at the first damage: these parts only point to the others.
    static func each(_ data: Data, end: (String) -> Void = { _ in }, _ start: (String, [String: String]) -> Void) {
        var scanner = XMLScanner(Array(data))
        while let event = try? scanner.next() {
            switch event {
            case .start(let name, let attributes):
                start(name, Dictionary(attributes.map { ($0.name, $0.value) }) { first, _ in first })
            case .end(let name): end(name)
            case .text: break
            }
        }
    }
}

/// `xl/sharedStrings.xml`: each `<si>` is one string, its `<t>` runs joined; phonetic runs (`<rPh>`) are not text.
enum SharedStrings {
    static func parse(_ data: Data) throws -> [String] {
        var scanner = XMLScanner(Array(data))
        var strings: [String] = [], current = "", inText = false, inPhonetic = false
        do {
            while let event = try scanner.next() {
                switch event {
                case .start(let name, _):
                    switch name {
                    case "si": current = ""
                    case "rPh": inPhonetic = true
                    case "t": inText = !inPhonetic
                    default: break
                    }
                case .end(let name):
                    switch name {
                    case "si": strings.append(current)
                    case "rPh": inPhonetic = false
                    case "t": inText = false
                    default: break
                    }
                case .text(let range, let cdata):
                    if inText { current += try scanner.text(range, cdata: cdata) }
                }
            }
        } catch {
            throw XLSXReader.Failure(description: "Bảng tính hỏng (bảng chuỗi).")
        }
        return strings
    }
}

/// Which cell styles (`s` indexes) display a number as a date: built-in formats 14–22 and 45–47, or a custom
/// format with day/month/year letters outside quotes and brackets.
enum DateStyles {
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false, inBracket = false
        for c in code.lowercased() {
            switch c {
            case "\"": inQuote.toggle()
            case "[": inBracket = true
            case "]": inBracket = false
            case "d", "m", "y" where !inQuote && !inBracket: return true
            default: break
            }
        }
        return false
    }

    static func parse(_ data: Data) throws -> Set<Int> {
        var custom: [Int: String] = [:], xfFormats: [Int] = [], inCellXfs = false
        Elements.each(data, end: { name in if name == "cellXfs" { inCellXfs = false } }) { name, a in
            switch name {
            case "numFmt": if let id = a["numFmtId"].flatMap(Int.init), let code = a["formatCode"] { custom[id] = code }
            case "cellXfs": inCellXfs = true
            case "xf" where inCellXfs: xfFormats.append(a["numFmtId"].flatMap(Int.init) ?? 0)
            default: break
            }
        }
        var dates = Set<Int>()
        for (index, format) in xfFormats.enumerated() {
            if (14...22).contains(format) || (45...47).contains(format) || custom[format].map(isDateFormat) == true { dates.insert(index) }
        }
        return dates
    }
}

/// A worksheet's `<sheetData>` as rows of text.
///
/// A large sheet is read in pieces at once, one per core (`pieces`): 100.000 rows took 0,8 s of an import's 5,6 s on
/// one core. Each piece gives its rows with the numbers they carry (`r`), and the rows are put in place in the order
/// they were written, as one reading would (`placed`).
struct SheetRows {
    let strings: [String], dateStyles: Set<Int>, limits: XLSXReader.Limits
    /// The piece's rows in the order written, each with its number if it says it.
    var lines: [(number: Int?, cells: [String])] = [], cells = 0
    var row: [String] = [], rowNumber: Int?, nextColumn = 0
    var cellColumn = 0, cellType = "n", cellStyle = 0, value = "", inValue = false, inInlineText = false, inPhonetic = false

    static func parse(_ data: Data, strings: [String], dateStyles: Set<Int>, limits: XLSXReader.Limits,
                      cores: Int = ProcessInfo.processInfo.activeProcessorCount, smallest: Int = 1 << 20) throws -> [[String]] {
        let bytes = Array(data)
        let ranges = pieces(bytes, count: cores, smallest: smallest)
        let read = NIOLockedValueBox([Int: Result<SheetRows, any Error>]())
        DispatchQueue.concurrentPerform(iterations: ranges.count) { i in
            let piece = Result { try SheetRows.read(ranges.count == 1 ? bytes : Array(bytes[ranges[i]]), strings: strings, dateStyles: dateStyles, limits: limits) }
            read.withLockedValue { $0[i] = piece }
        }
        // Each piece's failure in the order of the pieces: the first damage or excess in the sheet is the one named.
        let parts = try read.withLockedValue { results in
            try ranges.indices.map { i in
                guard let piece = results[i] else { throw XLSXReader.Failure(description: "Bảng tính hỏng, không đọc được trang tính.") }
                return try piece.get()
            }
        }
        return try placed(parts, limits: limits)
    }

    /// One piece's rows and cells.
    private static func read(_ bytes: [UInt8], strings: [String], dateStyles: Set<Int>, limits: XLSXReader.Limits) throws -> SheetRows {
        var sheet = SheetRows(strings: strings, dateStyles: dateStyles, limits: limits)
        var scanner = XMLScanner(bytes)
        do {
            while let event = try scanner.next() {
                switch event {
                case .start(let name, let attributes): try sheet.start(name, attributes)
                case .end(let name): try sheet.end(name)
                case .text(let range, let cdata): if sheet.inValue || sheet.inInlineText { sheet.value += try scanner.text(range, cdata: cdata) }
                }
            }
        } catch is XMLScanner.Failure {
            throw XLSXReader.Failure(description: "Bảng tính hỏng, không đọc được trang tính.")
        }
        return sheet
    }

    /// Row N of the sheet as element N-1, in the order the rows were written: a row without its number follows the one
    /// before it; one numbered before the rows already read comes after them (as Excel never writes).
    private static func placed(_ parts: [SheetRows], limits: XLSXReader.Limits) throws -> [[String]] {
        guard parts.reduce(0, { $0 + $1.cells }) <= limits.cells else { throw tooManyCells(limits) }
        var rows: [[String]] = [], number = 0
        for line in parts.lazy.flatMap(\.lines) {
            number = line.number ?? number + 1
            guard (1...limits.rows).contains(number) else {
                throw XLSXReader.Failure(description: "Bảng tính quá lớn: không quá \(VietnameseFormat.number(limits.rows)) dòng. Hãy chia thành nhiều tệp.")
            }
            while rows.count < number - 1 { rows.append([]) }
            rows.append(line.cells)
        }
        return rows
    }

    private static func tooManyCells(_ limits: XLSXReader.Limits) -> XLSXReader.Failure {
        XLSXReader.Failure(description: "Bảng tính quá lớn: không quá \(limits.columns) cột và \(VietnameseFormat.number(limits.cells)) ô.")
    }

    /// Where the sheet's bytes can be cut into `count` pieces read apart: before a `<row` tag near each equal share. Not
    /// a sheet under `smallest` bytes, one in UTF-16, nor one with markup after its first row that could hold "<row" as
    /// text (CDATA, a comment, a processing instruction): those are read whole.
    static func pieces(_ bytes: [UInt8], count: Int, smallest: Int) -> [Range<Int>] {
        let whole = [0..<bytes.count]
        guard count > 1, bytes.count >= smallest, !bytes.starts(with: [0xFF, 0xFE]), !bytes.starts(with: [0xFE, 0xFF]) else { return whole }
        return bytes.withUnsafeBufferPointer { b -> [Range<Int>] in
            func isRowTag(_ i: Int) -> Bool {
                i + 4 < b.count && b[i] == UInt8(ascii: "<") && b[i + 1] == UInt8(ascii: "r") && b[i + 2] == UInt8(ascii: "o")
                    && b[i + 3] == UInt8(ascii: "w") && [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(b[i + 4])
            }
            var cuts: [Int] = []
            for k in 1..<count {
                var i = max(b.count / count * k, (cuts.last ?? 0) + 1)
                while i < b.count, !isRowTag(i) { i += 1 }
                if i < b.count { cuts.append(i) }
            }
            guard let first = cuts.first else { return whole }
            for i in first..<(b.count - 1) where b[i] == UInt8(ascii: "<") && (b[i + 1] == UInt8(ascii: "!") || b[i + 1] == UInt8(ascii: "?")) {
                return whole
            }
            let bounds = [0] + cuts + [b.count]
            return zip(bounds, bounds.dropFirst()).map { $0..<$1 }
        }
    }

    private mutating func start(_ name: String, _ attributes: [(name: String, value: String)]) throws {
        func attribute(_ wanted: String) -> String? { attributes.first { $0.name == wanted }?.value }
        switch name {
        case "row":
            rowNumber = attribute("r").flatMap(Int.init)
            row = []; nextColumn = 0
        case "c":
            cellColumn = attribute("r").flatMap(SheetRows.column) ?? nextColumn
            cells += 1
            guard (0..<limits.columns).contains(cellColumn), cells <= limits.cells else { throw Self.tooManyCells(limits) }
            cellType = attribute("t") ?? "n"
            cellStyle = attribute("s").flatMap(Int.init) ?? 0
            value = ""
        case "v": inValue = true
        case "rPh": inPhonetic = true
        case "t": inInlineText = cellType == "inlineStr" && !inPhonetic
        default: break
        }
    }

    private mutating func end(_ name: String) throws {
        switch name {
        case "v": inValue = false
        case "t": inInlineText = false
        case "rPh": inPhonetic = false
        case "c":
            // Columns skipped (empty cells are often left out) are empty text.
            if row.count <= cellColumn { row.append(contentsOf: repeatElement("", count: cellColumn + 1 - row.count)) }
            row[cellColumn] = try text()
            nextColumn = cellColumn + 1
        case "row":
            lines.append((rowNumber, row))
        default: break
        }
    }

    private func text() throws -> String {
        switch cellType {
        case "s":
            guard let i = Int(value), strings.indices.contains(i) else { throw XLSXReader.Failure(description: "Bảng tính hỏng (chuỗi không tồn tại).") }
            return strings[i]
        case "b": return value == "1" ? "TRUE" : "FALSE"
        case "inlineStr", "str", "e": return value
        default:
            // Day numbers beyond year 9999 stop at its last day; the import then refuses the day by its range.
            if dateStyles.contains(cellStyle), let serial = Double(value), serial.isFinite {
                let days = Int(min(max(serial.rounded(.down), -1e7), 1e7))
                return VietnameseFormat.date(XLSXWriter.epoch.adding(days: days).description)
            }
            // Whole numbers as Excel shows them, without a trailing ".0".
            if let d = Double(value), d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
            return value
        }
    }

    /// "BC12" → 54 (zero-based column of the reference).
    static func column(_ ref: String) -> Int? {
        var n = 0, any = false
        for c in ref.unicodeScalars {
            guard (65...90).contains(c.value) || (97...122).contains(c.value) else { break }
            // Excel's last column is XFD: a longer run of letters is no column (and would overflow).
            guard n <= 16_384 else { return nil }
            n = n * 26 + Int(c.value & ~0x20) - 64
            any = true
        }
        return any ? n - 1 : nil
    }
}
