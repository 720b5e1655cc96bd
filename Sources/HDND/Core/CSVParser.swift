/// Reads CSV as spreadsheets write it: quoted fields with doubled quotes, commas or semicolons,
/// CRLF or LF rows, an optional byte-order mark.
public enum CSVParser {
    /// Read byte by byte in UTF-8: the quote, the separators and the line breaks are ASCII, and no byte of a longer
    /// character is ever ASCII, so a field's bytes are copied as they are (a 100.000-row file in a tenth of the time of
    /// reading it character by character).
    public static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field: [UInt8] = [], quoted = false, fieldStarted = false
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // Excel in a Vietnamese locale may save with semicolons: decide from the first line.
        let firstLine = bytes.prefix { $0 != newline }
        let separator = firstLine.filter { $0 == UInt8(ascii: ";") }.count > firstLine.filter { $0 == UInt8(ascii: ",") }.count
            ? UInt8(ascii: ";") : UInt8(ascii: ",")
        var i = 0
        func endField() { row.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true); fieldStarted = false }
        while i < bytes.count {
            let c = bytes[i]
            if quoted {
                if c == quote {
                    if i + 1 < bytes.count && bytes[i + 1] == quote { field.append(quote); i += 1 } else { quoted = false }
                } else { field.append(c) }
            } else if c == quote && !fieldStarted {
                quoted = true; fieldStarted = true
            } else if c == separator {
                endField()
            } else if c == cr {
                // ignored: the "\n" ends the row
            } else if c == newline {
                endField(); rows.append(row); row = []
            } else {
                field.append(c); fieldStarted = true
            }
            i += 1
        }
        if fieldStarted || !row.isEmpty { endField(); rows.append(row) }
        return rows.filter { !($0.count == 1 && $0[0].trimmingCharacters(in: .whitespaces).isEmpty) }
    }
}
