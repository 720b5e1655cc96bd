/// CSV as Excel opens it in Vietnamese: UTF-8 with a byte-order mark (added by the writer), every field quoted, CRLF rows.
public enum CSVExport {
    /// A text a spreadsheet would take for a formula (beginning with =, +, -, @, a tab or a carriage return) gets a
    /// leading apostrophe, which spreadsheets show as text and do not run ("CSV injection"). A text that is just a
    /// number ("-5", "+84") stays as it is: a spreadsheet reads it as the number it is.
    public static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        if "+-".unicodeScalars.contains(first), Double(text) != nil, text.count > 1 { return text }
        return "'" + text
    }

    public static func line(_ fields: [String]) -> String {
        fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\r\n"
    }
}
