import Foundation
import ZIPFoundation

/// One cell of an exported table: text, a whole number, or a day (a real date in Excel, dd/mm/yyyy in CSV).
public enum TableCell: Sendable, Equatable {
    case text(String)
    case number(Int)
    case day(String?)

    /// The cell as a CSV file carries it: a text never read as a formula (numbers and days are never formulas).
    public var csv: String {
        if case .text(let s) = self { return CSVExport.neutralised(s) }
        return plain
    }

    /// The cell as plain-text readers want it.
    public var plain: String {
        switch self {
        case .text(let s): s
        case .number(let n): String(n)
        case .day(let iso): VietnameseFormat.date(iso)
        }
    }
}

/// A column of an exported table: its title and its width in Excel's character units.
public struct TableColumn: Sendable {
    public let title: String
    public let width: Int
    public init(_ title: String, width: Int = 14) { self.title = title; self.width = width }
}

/// Writes a one-sheet .xlsx workbook (Office Open XML, SpreadsheetML) by hand.
///
/// Rows go straight to a temporary file as they come, and the file is compressed into the package at the end,
/// so a hundred thousand rows never sit in memory. Strings are written inline (no shared-strings table) so that
/// nothing has to be remembered across rows.
public final class XLSXWriter: @unchecked Sendable {
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    /// Excel's day zero for the 1900 date system (serial 1 = 1900-01-01, counting the phantom 29/02/1900).
    static let epoch = Day(clampingYear: 1899, month: 12, day: 30)

    /// Style indexes in `styles.xml`.
    enum Style: Int { case normal = 0, header = 1, date = 2, number = 3, wrapped = 4 }

    let folder: URL
    let sheetName: String
    let columns: [TableColumn]
    private let sheet: FileHandle
    private var rowCount = 0
    private var buffer = ""

    public init(sheetName: String, columns: [TableColumn]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hdnd-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Excel limits sheet names to 31 characters without : \ / ? * [ ].
        self.sheetName = String(sheetName.filter { !":\\/?*[]".contains($0) }.prefix(31))
        self.columns = columns
        let path = folder.appendingPathComponent("sheet1.xml")
        FileManager.default.createFile(atPath: path.path, contents: nil)
        sheet = try FileHandle(forWritingTo: path)
        var head = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(Self.mainNS)" xmlns:r="\(Self.relNS)">\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>\
            <sheetFormatPr defaultRowHeight="15"/><cols>
            """
        for (i, c) in columns.enumerated() { head += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(c.width)\" customWidth=\"1\"/>" }
        head += "</cols><sheetData>"
        buffer = head
        try append([columns.map { .text($0.title) }], style: .header)
    }

    deinit { try? sheet.close() }

    /// Adds rows below the ones already written.
    public func append(_ rows: [[TableCell]]) throws { try append(rows, style: nil) }

    private func append(_ rows: [[TableCell]], style: Style?) throws {
        for row in rows {
            rowCount += 1
            buffer += "<row r=\"\(rowCount)\">"
            for (i, cell) in row.enumerated() {
                let ref = Self.columnName(i) + String(rowCount)
                switch cell {
                case .text(let s):
                    let s = Self.clean(s)
                    if s.isEmpty { continue }
                    let st = style ?? (s.count > 60 ? .wrapped : .normal)
                    let space = s.first?.isWhitespace == true || s.last?.isWhitespace == true ? " xml:space=\"preserve\"" : ""
                    buffer += "<c r=\"\(ref)\" s=\"\(st.rawValue)\" t=\"inlineStr\"><is><t\(space)>\(Self.escape(s))</t></is></c>"
                case .number(let n):
                    buffer += "<c r=\"\(ref)\" s=\"\(Style.number.rawValue)\"><v>\(n)</v></c>"
                case .day(let iso):
                    guard let iso, let day = Day(iso) else { continue }
                    buffer += "<c r=\"\(ref)\" s=\"\(Style.date.rawValue)\"><v>\(day - Self.epoch)</v></c>"
                }
            }
            buffer += "</row>"
        }
        if buffer.utf8.count > 256 * 1024 { try flush() }
    }

    private func flush() throws {
        try sheet.write(contentsOf: Data(buffer.utf8))
        buffer = ""
    }

    /// Completes the package and returns the path of the .xlsx file (inside a temporary folder: call `discard`).
    public func finish() throws -> URL {
        let last = Self.columnName(max(columns.count - 1, 0)) + String(max(rowCount, 1))
        buffer += "</sheetData><autoFilter ref=\"A1:\(last)\"/>"
        buffer += "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        buffer += "<pageSetup paperSize=\"9\" orientation=\"landscape\"/></worksheet>"
        try flush()
        try sheet.close()
        let url = folder.appendingPathComponent("export.xlsx")
        let archive = try Archive(url: url, accessMode: .create)
        try OfficePackage.add(packageParts(filterRange: "$A$1:$\(Self.columnName(max(columns.count - 1, 0)))$\(max(rowCount, 1))"), to: archive)
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", fileURL: folder.appendingPathComponent("sheet1.xml"), compressionMethod: .deflate)
        return url
    }

    /// Removes the temporary folder.
    public func discard() { try? FileManager.default.removeItem(at: folder) }

    /// The package's fixed parts: content types, relationships, workbook (with the filter range), styles, properties.
    func packageParts(filterRange: String) -> [(String, String)] {
        let decl = OfficePackage.declaration
        let pkgRel = "http://schemas.openxmlformats.org/package/2006/relationships"
        let docRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let sheetName = Self.escape(self.sheetName)
        let created = ISO8601DateFormatter().string(from: Date())
        return [
            ("[Content_Types].xml", decl + """
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
                <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
                <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
                </Types>
                """),
            ("_rels/.rels", decl + """
                <Relationships xmlns="\(pkgRel)">\
                <Relationship Id="rId1" Type="\(docRel)/officeDocument" Target="xl/workbook.xml"/>\
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
                <Relationship Id="rId3" Type="\(docRel)/extended-properties" Target="docProps/app.xml"/>\
                </Relationships>
                """),
            ("docProps/core.xml", decl + """
                <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
                xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
                <dc:title>\(sheetName)</dc:title><dc:creator>HĐND Số</dc:creator>\
                <dcterms:created xsi:type="dcterms:W3CDTF">\(created)</dcterms:created></cp:coreProperties>
                """),
            ("docProps/app.xml", decl + """
                <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>HĐND Số</Application></Properties>
                """),
            ("xl/_rels/workbook.xml.rels", decl + """
                <Relationships xmlns="\(pkgRel)">\
                <Relationship Id="rId1" Type="\(docRel)/worksheet" Target="worksheets/sheet1.xml"/>\
                <Relationship Id="rId2" Type="\(docRel)/styles" Target="styles.xml"/>\
                </Relationships>
                """),
            ("xl/workbook.xml", decl + """
                <workbook xmlns="\(Self.mainNS)" xmlns:r="\(Self.relNS)">\
                <sheets><sheet name="\(sheetName)" sheetId="1" r:id="rId1"/></sheets>\
                <definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'\(sheetName.replacingOccurrences(of: "'", with: "''"))'!\(filterRange)</definedName></definedNames>\
                </workbook>
                """),
            ("xl/styles.xml", decl + """
                <styleSheet xmlns="\(Self.mainNS)">\
                <numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>\
                <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
                <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
                <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
                <fill><patternFill patternType="solid"><fgColor rgb="FFDDE7F0"/><bgColor indexed="64"/></patternFill></fill></fills>\
                <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
                <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                <cellXfs count="5">\
                <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="top"/></xf>\
                <xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>\
                <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>\
                <xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>\
                <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
                </cellXfs>\
                <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
                </styleSheet>
                """),
        ]
    }

    /// A, B, …, Z, AA, AB, …
    static func columnName(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// XML 1.0 forbids most control characters; Excel holds at most 32,767 characters in a cell.
    static func clean(_ s: String) -> String {
        let kept = s.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        var out = String(String.UnicodeScalarView(kept))
        if out.count > 32_767 { out = String(out.prefix(32_767)) }
        return out
    }
}
