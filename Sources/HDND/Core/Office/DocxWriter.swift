import Foundation
import ZIPFoundation

/// The layout of an administrative document, as data with its basis: page, margins, font and sizes.
public struct DocumentLayout: Sendable {
    public let pageWidthMM: Double, pageHeightMM: Double
    public let marginTopMM: Double, marginBottomMM: Double, marginLeftMM: Double, marginRightMM: Double
    public let font: String
    /// Sizes in points: the body and title; the motto and number lines; "Nơi nhận:"; the recipients.
    public let bodyPt: Double, headerPt: Double, recipientsLabelPt: Double, recipientsPt: Double
    public let firstLineIndentMM: Double
    public let basis: String
    /// Whether the figures were read in the text itself: the annex was read only in summaries (research 7.2).
    public let checked: Bool

    public static let decree30 = DocumentLayout(
        pageWidthMM: 210, pageHeightMM: 297, marginTopMM: 20, marginBottomMM: 20, marginLeftMM: 30, marginRightMM: 15,
        font: "Times New Roman", bodyPt: 14, headerPt: 13, recipientsLabelPt: 12, recipientsPt: 11, firstLineIndentMM: 10,
        basis: "Nghị định 30/2020/NĐ-CP về công tác văn thư, Phụ lục I", checked: false)

    public var basisNote: String {
        "Thể thức theo \(basis)" + (checked ? "." : " (đối chiếu qua tài liệu tóm tắt, chưa với bản gốc Phụ lục: tạm tính).")
    }

    static func twips(_ mm: Double) -> Int { Int((mm * 1440 / 25.4).rounded()) }
    static func halfPoints(_ pt: Double) -> Int { Int((pt * 2).rounded()) }
}

/// An issued document: the header of issuer and national motto, the number and the place-and-date line, the kind
/// and abstract, the body, the signature and "Nơi nhận".
public struct OfficialDocument: Sendable {
    public enum Block: Sendable {
        case paragraph(String)
        /// A bold line of the body ("I. KẾT QUẢ").
        case heading(String)
        /// A bold line centred ("QUYẾT NGHỊ:", the council and its session above a resolution's grounds).
        case centered(String)
        /// A paragraph that opens with a bold lead ("Điều 1." and the article's text).
        case lead(String, String)
        /// A table with a header row; numbers are right-aligned.
        case table(header: [String], widths: [Int], rows: [[String]])
    }
    /// The body above the issuer, not bold ("HĐND HUYỆN MÊ LINH"); nil when the issuer stands alone.
    public var parent: String?
    /// Bold, one line per line ("HỘI ĐỒNG NHÂN DÂN\nHUYỆN MÊ LINH").
    public var issuer: String
    /// "04/CTr-HĐND"; nil on a draft ("Số:      /CTr-HĐND").
    public var reference: String?
    public var symbol: String
    public var place: String
    /// The issuing day (ISO); nil on a draft.
    public var issuedOn: String?
    public var kind: String
    public var abstract: String
    public var blocks: [Block]
    /// "TM. THƯỜNG TRỰC HĐND"; the post ("CHỦ TỊCH"); the name.
    public var authority: String?
    public var post: String
    public var signer: String?
    public var recipients: [String]
}

/// Writes an `OfficialDocument` as a .docx (WordprocessingML) by hand: A4 portrait, the layout's margins and font,
/// page numbers centred at the top from the second page.
public enum DocxWriter {
    public static func data(_ doc: OfficialDocument, layout: DocumentLayout = .decree30) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hdnd-docx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("document.docx")
        let archive = try Archive(url: url, accessMode: .create)
        try OfficePackage.add(parts(doc, layout: layout), to: archive)
        return try Data(contentsOf: url)
    }

    static let decl = OfficePackage.declaration
    static let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

    static func parts(_ doc: OfficialDocument, layout: DocumentLayout) -> [(String, String)] {
        [
            ("[Content_Types].xml", decl + """
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
                <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
                <Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
                <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
                </Types>
                """),
            ("_rels/.rels", decl + """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
                </Relationships>
                """),
            ("word/_rels/document.xml.rels", decl + """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>\
                </Relationships>
                """),
            ("docProps/core.xml", decl + """
                <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
                xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>\(esc(doc.kind + " " + doc.abstract))</dc:title>\
                <dc:creator>\(esc(doc.issuer))</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>
                """),
            ("word/styles.xml", decl + styles(layout)),
            ("word/header1.xml", decl + """
                <w:hdr \(w)><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r>\
                <w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>\
                <w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>
                """),
            ("word/document.xml", decl + document(doc, layout: layout)),
        ]
    }

    static func styles(_ l: DocumentLayout) -> String {
        """
        <w:styles \(w)><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="\(l.font)" w:hAnsi="\(l.font)" w:cs="\(l.font)" w:eastAsia="\(l.font)"/>\
        <w:sz w:val="\(DocumentLayout.halfPoints(l.bodyPt))"/><w:szCs w:val="\(DocumentLayout.halfPoints(l.bodyPt))"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>\
        <w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>\
        <w:rPr><w:rFonts w:ascii="\(l.font)" w:hAnsi="\(l.font)" w:cs="\(l.font)" w:eastAsia="\(l.font)"/>\
        <w:sz w:val="\(DocumentLayout.halfPoints(l.bodyPt))"/><w:szCs w:val="\(DocumentLayout.halfPoints(l.bodyPt))"/></w:rPr></w:style>\
        <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblCellMar>\
        <w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>
        """
    }

    /// A paragraph of runs.
    struct Run { var text: String; var bold = false; var italic = false; var pt: Double? = nil }
    static func p(_ runs: [Run], align: String = "center", firstLine: Int? = nil, after: Int = 0, keepNext: Bool = false) -> String {
        var ppr = keepNext ? "<w:keepNext/>" : ""
        ppr += "<w:spacing w:before=\"0\" w:after=\"\(after)\" w:line=\"\(firstLine != nil ? 312 : 240)\" w:lineRule=\"auto\"/>"
        if let firstLine { ppr += "<w:ind w:firstLine=\"\(firstLine)\"/>" }
        ppr += "<w:jc w:val=\"\(align)\"/>"
        let body = runs.map { r -> String in
            var rpr = (r.bold ? "<w:b/>" : "") + (r.italic ? "<w:i/>" : "")
            if let pt = r.pt { rpr += "<w:sz w:val=\"\(DocumentLayout.halfPoints(pt))\"/><w:szCs w:val=\"\(DocumentLayout.halfPoints(pt))\"/>" }
            return "<w:r>\(rpr.isEmpty ? "" : "<w:rPr>\(rpr)</w:rPr>")<w:t xml:space=\"preserve\">\(esc(r.text))</w:t></w:r>"
        }.joined()
        return "<w:p><w:pPr>\(ppr)</w:pPr>\(body)</w:p>"
    }

    /// The short rule under the issuer, the motto and the abstract: an empty paragraph of a few points whose top border,
    /// `indent` twips in from each side, is the line.
    static func rule(_ indent: Int) -> String {
        "<w:p><w:pPr><w:pBdr><w:top w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>"
            + "<w:spacing w:before=\"0\" w:after=\"60\" w:line=\"80\" w:lineRule=\"exact\"/><w:ind w:left=\"\(indent)\" w:right=\"\(indent)\"/>"
            + "<w:rPr><w:sz w:val=\"4\"/></w:rPr></w:pPr></w:p>"
    }

    /// A table of cells, each a list of paragraphs; `borders` for a data table, none for the layout's header and signature.
    static func table(widths: [Int], rows: [[String]], borders: Bool) -> String {
        let b = borders ? "single" : "nil"
        let edges = ["top", "left", "bottom", "right", "insideH", "insideV"].map { "<w:\($0) w:val=\"\(b)\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>" }.joined()
        var xml = "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:tblBorders>\(edges)</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>"
        xml += widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        for row in rows {
            xml += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            for (i, cell) in row.enumerated() { xml += "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[i])\" w:type=\"dxa\"/></w:tcPr>\(cell)</w:tc>" }
            xml += "</w:tr>"
        }
        return xml + "</w:tbl>"
    }

    static func document(_ d: OfficialDocument, layout l: DocumentLayout) -> String {
        let textWidth = DocumentLayout.twips(l.pageWidthMM - l.marginLeftMM - l.marginRightMM)
        let left = textWidth * 2 / 5, right = textWidth - left
        let h = l.headerPt, indent = DocumentLayout.twips(l.firstLineIndentMM)
        // Header: the issuer (and its parent) with a short rule and the number, left; the national motto with its rule
        // and the place-and-date line, right.
        var issuer = d.parent.map { p([Run(text: $0, pt: h)]) } ?? ""
        issuer += d.issuer.split(separator: "\n").map { p([Run(text: String($0), bold: true, pt: h)]) }.joined() + rule(left * 3 / 10)
        issuer += p([Run(text: "Số: " + (d.reference ?? "      /\(d.symbol)"), pt: h)])
        let date = d.issuedOn.map { "\(d.place), \(VietnameseFormat.longDate($0))" } ?? "\(d.place), ngày      tháng      năm"
        var motto = p([Run(text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, pt: 12.5)])
        motto += p([Run(text: "Độc lập - Tự do - Hạnh phúc", bold: true, pt: l.bodyPt)]) + rule(right / 6)
        motto += p([Run(text: date, italic: true, pt: l.bodyPt)])
        var body = table(widths: [left, right], rows: [[issuer, motto]], borders: false)
        // Kind and abstract.
        body += p([Run(text: "")]) + p([Run(text: d.kind, bold: true)], after: 0, keepNext: true)
        body += p([Run(text: d.abstract, bold: true)], keepNext: true) + rule(textWidth * 3 / 8) + p([Run(text: "")])
        for block in d.blocks {
            switch block {
            case .paragraph(let text): body += p([Run(text: text)], align: "both", firstLine: indent, after: 120)
            case .heading(let text): body += p([Run(text: text, bold: true)], align: "both", firstLine: indent, after: 120, keepNext: true)
            case .centered(let text): body += p([Run(text: text, bold: true)], after: 120, keepNext: true)
            case .lead(let lead, let text): body += p([Run(text: lead, bold: true), Run(text: " " + text)], align: "both", firstLine: indent, after: 120)
            case .table(let header, let widths, let rows):
                let scale = Double(textWidth) / Double(max(widths.reduce(0, +), 1))
                let ws = widths.map { Int(Double($0) * scale) }
                let head = header.map { p([Run(text: $0, bold: true, pt: h)]) }
                let cells = rows.map { row in row.map { text in
                    p([Run(text: text, pt: h)], align: Int(text.replacingOccurrences(of: ".", with: "")) != nil ? "right" : "left")
                } }
                body += table(widths: ws, rows: [head] + cells, borders: true) + p([Run(text: "")], after: 120)
            }
        }
        // "Nơi nhận" left, the signature right.
        var recipients = p([Run(text: "Nơi nhận:", bold: true, italic: true, pt: l.recipientsLabelPt)], align: "left")
        for (i, r) in d.recipients.enumerated() {
            let line = r.trimmingCharacters(in: CharacterSet(charactersIn: ";. "))
            recipients += p([Run(text: "- \(line)\(i == d.recipients.count - 1 ? "." : ";")", pt: l.recipientsPt)], align: "left")
        }
        var signature = d.authority.map { p([Run(text: $0, bold: true)]) } ?? ""
        signature += p([Run(text: d.post, bold: true)])
        signature += String(repeating: p([Run(text: "")]), count: 4)
        signature += d.signer.map { p([Run(text: $0, bold: true)]) } ?? ""
        body += table(widths: [left, right], rows: [[recipients, signature]], borders: false)
        let sect = """
            <w:sectPr><w:headerReference w:type="default" r:id="rId2"/>\
            <w:pgSz w:w="\(DocumentLayout.twips(l.pageWidthMM))" w:h="\(DocumentLayout.twips(l.pageHeightMM))"/>\
            <w:pgMar w:top="\(DocumentLayout.twips(l.marginTopMM))" w:right="\(DocumentLayout.twips(l.marginRightMM))" \
            w:bottom="\(DocumentLayout.twips(l.marginBottomMM))" w:left="\(DocumentLayout.twips(l.marginLeftMM))" w:header="567" w:footer="567" w:gutter="0"/>\
            <w:titlePg/></w:sectPr>
            """
        return "<w:document \(w)><w:body>\(body)\(sect)</w:body></w:document>"
    }

    /// Office Open XML text: escaped, without the control characters XML 1.0 forbids (the spreadsheet writer's rules).
    static func esc(_ s: String) -> String { XLSXWriter.escape(XLSXWriter.clean(s)) }
}
