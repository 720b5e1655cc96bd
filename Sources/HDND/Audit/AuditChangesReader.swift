import Foundation

/// Reads an audit entry's `changes` column: the JSON array of `{"field", "before", "after"}` objects with text or null
/// values that `Audit.record` writes. The log's page reads a hundred of them; Foundation's parsers built a dictionary
/// of every object first and were a quarter of the page. Anything else than that shape (hand-written, damaged) is left
/// to `JSONSerialization`.
enum AuditChangesReader {
    static func read(_ json: String) -> [AuditChange] {
        var text = json
        if let fast = text.withUTF8({ bytes -> [AuditChange]? in
            var reader = Reader(bytes: bytes)
            return reader.changes()
        }) { return fast }
        guard let list = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [[String: Any]] else { return [] }
        return list.compactMap { change in
            (change["field"] as? String).map { AuditChange(field: $0, before: change["before"] as? String, after: change["after"] as? String) }
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        mutating func changes() -> [AuditChange]? {
            var out: [AuditChange] = []
            guard take(UInt8(ascii: "[")) else { return nil }
            if take(UInt8(ascii: "]")) { return end() ? out : nil }
            repeat {
                guard take(UInt8(ascii: "{")) else { return nil }
                var field: String? = nil, before: String? = nil, after: String? = nil
                if !take(UInt8(ascii: "}")) {
                    repeat {
                        guard let key = string(), take(UInt8(ascii: ":")) else { return nil }
                        var value: String? = nil
                        if take(UInt8(ascii: "n")) {
                            guard literal("ull") else { return nil }
                        } else {
                            guard let text = string() else { return nil }
                            value = text
                        }
                        switch key {
                        case "field": field = value
                        case "before": before = value
                        case "after": after = value
                        default: break
                        }
                    } while take(UInt8(ascii: ","))
                    guard take(UInt8(ascii: "}")) else { return nil }
                }
                guard let field else { return nil }
                out.append(AuditChange(field: field, before: before, after: after))
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]")) && end() ? out : nil
        }

        /// Skips blanks, then takes `byte` if it comes next.
        mutating func take(_ byte: UInt8) -> Bool {
            skipBlanks()
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        mutating func skipBlanks() {
            while at < bytes.count {
                switch bytes[at] {
                case 0x20, 0x09, 0x0A, 0x0D: at += 1
                default: return
                }
            }
        }

        mutating func literal(_ rest: StaticString) -> Bool {
            for i in 0..<rest.utf8CodeUnitCount {
                guard at < bytes.count, bytes[at] == rest.utf8Start[i] else { return false }
                at += 1
            }
            return true
        }

        mutating func end() -> Bool {
            skipBlanks()
            return at == bytes.count
        }

        /// A JSON string: its unescaped runs copied at once, its escapes decoded (a lone surrogate is refused).
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var out: [UInt8] = []
            var start = at
            while at < bytes.count {
                let c = bytes[at]
                if c == UInt8(ascii: "\"") {
                    out.append(contentsOf: bytes[start..<at]); at += 1
                    return String(decoding: out, as: UTF8.self)
                }
                guard c == UInt8(ascii: "\\") else {
                    guard c >= 0x20 else { return nil }
                    at += 1; continue
                }
                out.append(contentsOf: bytes[start..<at]); at += 1
                guard at < bytes.count else { return nil }
                let e = bytes[at]; at += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard literal("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: return nil
                }
                start = at
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            var n: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[at]; at += 1
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): n = n * 16 + UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): n = n * 16 + UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): n = n * 16 + UInt32(c - UInt8(ascii: "A") + 10)
                default: return nil
                }
            }
            return n
        }
    }
}
