/// What a statement's text says of it before any database reads it.
enum SQLText {
    /// Whether `sql` begins (after spaces, line breaks and opening parentheses) with one of `keywords`, in any case.
    static func begins(_ sql: String, with keywords: [String]) -> Bool {
        let start = sql.utf8.drop(while: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "(") })
        return keywords.contains { keyword in
            start.count >= keyword.utf8.count && zip(start, keyword.utf8).allSatisfy { $0 & 0xDF == $1 }
        }
    }
}
