import Foundation

/// Reads the XML of a workbook's parts byte by byte, as a series of tags and texts: what `XLSXReader` needs and no more.
///
/// Foundation's `XMLParser` hands every element to a delegate with its attributes in a new dictionary of bridged strings:
/// a sheet of 100.000 petitions took a second to read that way, most of an import's reading. Here a tag's name and
/// attributes are read from the bytes as they stand, and a text becomes a `String` only when the reader asks for it.
///
/// What a spreadsheet's XML holds is read: tags (a prefix such as `x:` left out of their names), attributes in either
/// quote, the five named entities and character references, CDATA, comments and processing instructions (skipped).
/// A document type declaration is refused: its entities could expand a small part into gigabytes.
struct XMLScanner {
    struct Failure: Error {}

    enum Event {
        /// A start tag: its name without prefix, its attributes as written (`r:id` keeps its prefix). A tag closed by
        /// "/>" is followed by its `.end`.
        case start(name: String, attributes: [(name: String, value: String)])
        case end(name: String)
        /// Text between tags, still as bytes: `text(_:)` reads it.
        case text(Range<Int>, cdata: Bool)
    }

    private let bytes: [UInt8]
    private var position = 0
    private var closing: String?

    /// A part written in UTF-16 (which the format allows, beside UTF-8) is read as the same text in UTF-8.
    init(_ bytes: [UInt8]) {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]),
           let text = String(data: Data(bytes), encoding: .utf16) {
            self.bytes = Array(text.utf8)
        } else {
            self.bytes = bytes
        }
    }

    /// The next tag or text; nil at the end of the document.
    mutating func next() throws -> Event? {
        if let name = closing { closing = nil; return .end(name: name) }
        while position < bytes.count {
            guard bytes[position] == UInt8(ascii: "<") else {
                let start = position
                position = bytes[position...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
                return .text(start..<position, cdata: false)
            }
            // What follows "<" tells the kind of markup: one byte read, not each marker tried in turn.
            switch position + 1 < bytes.count ? bytes[position + 1] : 0 {
            case UInt8(ascii: "?"):
                try skip(past: "?>")
            case UInt8(ascii: "!"):
                if starts(with: "<!--") {
                    try skip(past: "-->")
                } else if starts(with: "<![CDATA[") {
                    let start = position + 9
                    try skip(past: "]]>")
                    return .text(start..<(position - 3), cdata: true)
                } else {
                    throw Failure()
                }
            case UInt8(ascii: "/"):
                position += 2
                let name = readName()
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else { throw Failure() }
                position += 1
                return .end(name: name)
            default:
                position += 1
                return try startTag()
            }
        }
        return nil
    }

    /// The text of a `.text` event: entities and character references decoded (not in CDATA), line breaks as "\n".
    func text(_ range: Range<Int>, cdata: Bool) throws -> String {
        let slice = bytes[range]
        let plain = (cdata || !slice.contains(UInt8(ascii: "&"))) && !slice.contains(UInt8(ascii: "\r"))
        if plain { return String(decoding: slice, as: UTF8.self) }
        return String(decoding: try decoded(slice, cdata: cdata), as: UTF8.self)
    }

    // MARK: Reading

    private mutating func startTag() throws -> Event {
        let name = readName()
        guard !name.isEmpty else { throw Failure() }
        var attributes: [(name: String, value: String)] = []
        while true {
            skipSpace()
            guard position < bytes.count else { throw Failure() }
            switch bytes[position] {
            case UInt8(ascii: ">"):
                position += 1
                return .start(name: name, attributes: attributes)
            case UInt8(ascii: "/"):
                guard position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ">") else { throw Failure() }
                position += 2
                closing = name
                return .start(name: name, attributes: attributes)
            default:
                let start = position
                while position < bytes.count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: "="),
                      bytes[position] != UInt8(ascii: ">"), bytes[position] != UInt8(ascii: "/") { position += 1 }
                let attribute = String(decoding: bytes[start..<position], as: UTF8.self)
                skipSpace()
                guard !attribute.isEmpty, position < bytes.count, bytes[position] == UInt8(ascii: "=") else { throw Failure() }
                position += 1
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else { throw Failure() }
                let quote = bytes[position]
                position += 1
                guard let end = bytes[position...].firstIndex(of: quote) else { throw Failure() }
                attributes.append((attribute, try text(position..<end, cdata: false)))
                position = end + 1
            }
        }
    }

    /// A tag's name, without its prefix ("x:row" → "row").
    private mutating func readName() -> String {
        let start = position
        var local = position
        while position < bytes.count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">"), bytes[position] != UInt8(ascii: "/") {
            if bytes[position] == UInt8(ascii: ":") { local = position + 1 }
            position += 1
        }
        return String(decoding: bytes[max(start, local)..<position], as: UTF8.self)
    }

    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private mutating func skipSpace() { while position < bytes.count, isSpace(bytes[position]) { position += 1 } }

    private func starts(with marker: StaticString) -> Bool {
        let count = marker.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return marker.withUTF8Buffer { m in (0..<count).allSatisfy { bytes[position + $0] == m[$0] } }
    }

    private mutating func skip(past marker: StaticString) throws {
        let count = marker.utf8CodeUnitCount
        while position + count <= bytes.count {
            if starts(with: marker) { position += count; return }
            position += 1
        }
        throw Failure()
    }

    private func decoded(_ slice: ArraySlice<UInt8>, cdata: Bool) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var i = slice.startIndex
        while i < slice.endIndex {
            let b = slice[i]
            if b == UInt8(ascii: "\r") {
                // XML reads "\r\n" and a lone "\r" as "\n".
                out.append(UInt8(ascii: "\n"))
                if i + 1 < slice.endIndex, slice[i + 1] == UInt8(ascii: "\n") { i += 1 }
            } else if b == UInt8(ascii: "&") && !cdata {
                guard let semicolon = slice[i...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { throw Failure() }
                try Self.appendEntity(slice[(i + 1)..<semicolon], to: &out)
                i = semicolon
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }

    /// A named entity or a character reference ("#7917", "#x1EED") as UTF-8, read from the bytes: openpyxl writes every
    /// Vietnamese letter as a reference, millions in a large sheet, so none of them becomes a `String` on the way.
    private static func appendEntity(_ name: ArraySlice<UInt8>, to out: inout [UInt8]) throws {
        guard let first = name.first else { throw Failure() }
        guard first == UInt8(ascii: "#") else {
            switch String(decoding: name, as: UTF8.self) {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default: throw Failure()
            }
            return
        }
        var digits = name.dropFirst()
        let hex = digits.first == UInt8(ascii: "x") || digits.first == UInt8(ascii: "X")
        if hex { digits = digits.dropFirst() }
        guard !digits.isEmpty else { throw Failure() }
        var number: UInt32 = 0
        for d in digits {
            let value: UInt32
            switch d {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(d - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: value = UInt32(d - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: value = UInt32(d - UInt8(ascii: "A")) + 10
            default: throw Failure()
            }
            // Past the last code point (0x10FFFF) no further digit can bring it back: stop before it overflows.
            number = number * (hex ? 16 : 10) + value
            guard number <= 0x10FFFF else { throw Failure() }
        }
        guard number != 0, let scalar = Unicode.Scalar(number) else { throw Failure() }
        UTF8.encode(scalar) { out.append($0) }
    }
}
