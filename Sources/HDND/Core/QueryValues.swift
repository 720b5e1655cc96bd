import Vapor

/// The plain keys of a URL's query ("?trang-thai=forwarded&qua-han=1"), parsed once per request.
///
/// Vapor's `req.query[String.self, at:]` parses the whole query again on every call; a filtered list reads a dozen keys,
/// and the parsing was a thirtieth of its CPU. The same reading as Vapor's: "+" is a space, escapes are decoded, the last
/// of a repeated key counts; a key with brackets ("a[b]=1"), a part without
/// "=" or an undecodable escape gives no plain value.
struct QueryValues: Sendable {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            // A part without "=" names no key ("?a=1&b" has no value for b).
            guard kv.count == 2, let key = Self.decode(kv[0]), !key.utf8.contains(UInt8(ascii: "[")), let value = Self.decode(kv[1]) else { continue }
            values[key] = value
        }
    }

    /// Looked for byte by byte: `contains("+")` searched for a string, through Foundation (`perf`: 0,7 % of an API list).
    private static func decode(_ part: Substring) -> String? {
        part.utf8.contains { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") } ? part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding : String(part)
    }

    subscript(_ key: String) -> String? { values[key] }

    struct Key: StorageKey { typealias Value = QueryValues }
}

extension Request {
    /// The value of a plain key of the URL's query, or nil.
    func queryValue(_ key: String) -> String? {
        if let known = storage[QueryValues.Key.self] { return known[key] }
        let parsed = QueryValues(url.query)
        storage[QueryValues.Key.self] = parsed
        return parsed[key]
    }

    /// The whole number a key of the URL's query holds, or nil (absent, empty or not a number).
    func queryInt(_ key: String) -> Int? { queryValue(key).flatMap { Int($0) } }
}
