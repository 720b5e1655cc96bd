import Foundation

/// The one folding used for every search in the system: lower case, no diacritics,
/// đ → d, runs of whitespace collapsed. Written into a `folded` column on every write
/// and applied to every query, so "duc" finds "Đức" and "hai ba trung" finds "Hai Bà Trưng".
///
/// Every character of Vietnamese text (ASCII, the Latin letters with their marks, the combining marks) is folded from a
/// table made once by `foldScalar`; any other character goes through `foldScalar` itself. An import or a generated
/// data set folds every row, and the table is about 10× faster than decomposing each text.
public func fold(_ text: String) -> String {
    // UTF-8 bytes appended to one buffer: appending scalars one by one to a String costs several times more.
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    var pendingSpace = false
    for scalar in text.unicodeScalars {
        let value = Int(scalar.value)
        if value < FoldTable.size {
            guard let known = FoldTable.bytes[value] else { pendingSpace = !out.isEmpty; continue }
            if known.isEmpty { continue }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(contentsOf: known)
        } else {
            if scalar.properties.isWhitespace { pendingSpace = !out.isEmpty; continue }
            let folded = foldScalar(scalar)
            if folded.isEmpty { continue }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(contentsOf: folded.utf8)
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// One character folded: its canonical decomposition ("ự" is "u" + horn + dot below) without the marks, in lower case,
/// đ as d. Whitespace is left to `fold`.
func foldScalar(_ scalar: Unicode.Scalar) -> String {
    if scalar == "đ" || scalar == "Đ" { return "d" }
    var out = String.UnicodeScalarView()
    for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars {
        switch part.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: continue
        default: out.append(contentsOf: part.properties.lowercaseMapping.unicodeScalars)
        }
    }
    return String(out)
}

/// The folded form of every scalar below U+1F00 (ASCII, Latin-1, Latin Extended, the combining marks, and Latin
/// Extended Additional where Vietnamese's letters with two marks live); nil for whitespace.
private enum FoldTable {
    static let size = 0x1F00
    static let bytes: [[UInt8]?] = (0..<size).map { value in
        guard let scalar = Unicode.Scalar(UInt32(value)) else { return [] }
        return scalar.properties.isWhitespace ? nil : Array(foldScalar(scalar).utf8)
    }
}

/// The words a search or a keyword filter looks for: folded, letters and digits only, at most `limit` of them.
public func searchWords(_ query: String, limit: Int = 8) -> [String] {
    Array(fold(query).split(separator: " ").map { String($0).filter { $0.isLetter || $0.isNumber } }.filter { !$0.isEmpty }.prefix(limit))
}

extension StringProtocol {
    /// Without white space or line breaks at either end (Unicode's White_Space and the zero-width space: what Foundation's
    /// `.whitespacesAndNewlines` removes), in plain Swift: Foundation bridges each string through NSString, and an import
    /// trims every cell of 100.000 rows (about a tenth of its time).
    public var trimmed: String {
        let scalars = unicodeScalars
        func isSpace(_ s: Unicode.Scalar) -> Bool {
            s.isASCII ? s == " " || (0x09...0x0D).contains(s.value) : s.properties.isWhitespace || s == "\u{200B}"
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        // Most cells have nothing to trim: the text as it is, not rebuilt scalar by scalar.
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return String(self) }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
