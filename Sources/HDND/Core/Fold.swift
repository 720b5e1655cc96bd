import Foundation

/// The one folding used for every search in the system: lower case, no diacritics,
/// đ → d, runs of whitespace collapsed. Written into a `folded` column on every write
/// and applied to every query, so "duc" finds "Đức" and "hai ba trung" finds "Hai Bà Trưng".
public func fold(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    // NFD splits "ự" into "u" + horn + dot below; the marks are then dropped.
    for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark:
            continue
        default:
            break
        }
        if scalar.properties.isWhitespace {
            pendingSpace = !out.isEmpty
            continue
        }
        if pendingSpace { out.append(" "); pendingSpace = false }
        switch scalar {
        case "đ", "Đ": out.append("d")
        default:
            for lower in scalar.properties.lowercaseMapping.unicodeScalars { out.append(lower) }
        }
    }
    return String(out)
}

/// The words a search or a keyword filter looks for: folded, letters and digits only, at most `limit` of them.
public func searchWords(_ query: String, limit: Int = 8) -> [String] {
    Array(fold(query).split(separator: " ").map { String($0).filter { $0.isLetter || $0.isNumber } }.filter { !$0.isEmpty }.prefix(limit))
}
