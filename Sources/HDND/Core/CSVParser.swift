/// Reads CSV as spreadsheets write it: quoted fields with doubled quotes, commas or semicolons,
/// CRLF or LF rows, an optional byte-order mark.
public enum CSVParser {
    public static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, fieldStarted = false
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        // Excel in a Vietnamese locale may save with semicolons: decide from the first line.
        let firstLine = scalars.prefix { $0 != "\n" }
        let separator: Unicode.Scalar = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        var i = 0
        func endField() { row.append(field); field = ""; fieldStarted = false }
        while i < scalars.count {
            let c = scalars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" && !fieldStarted {
                quoted = true; fieldStarted = true
            } else if c == separator {
                endField()
            } else if c == "\r" {
                // ignored: the "\n" ends the row
            } else if c == "\n" {
                endField(); rows.append(row); row = []
            } else {
                field.unicodeScalars.append(c); fieldStarted = true
            }
            i += 1
        }
        if fieldStarted || !row.isEmpty { endField(); rows.append(row) }
        return rows.filter { !($0.count == 1 && $0[0].trimmingCharacters(in: .whitespaces).isEmpty) }
    }
}
