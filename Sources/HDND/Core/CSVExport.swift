/// CSV as Excel opens it in Vietnamese: UTF-8 with a byte-order mark (added by the writer), every field quoted, CRLF rows.
public enum CSVExport {
    public static func line(_ fields: [String]) -> String {
        fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\r\n"
    }
}
