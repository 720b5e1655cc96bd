import Foundation

/// The API's answers written as JSON while they are encoded, with no tree of values built first.
///
/// Foundation's `JSONEncoder` builds a tree of every value (a dictionary per object) and then writes it: 13 % of the
/// CPU of a list of 25 petitions on PostgreSQL (`perf`, issue 11). This writes each value as it comes. What it writes
/// reads back as the same values Foundation's would (tested against it in `JSONStreamTests`): strings escaped the same
/// way (`"`, `\`, `/` and control characters), dates as ISO 8601 (Vapor's setting), a double without a trailing ".0",
/// a missing optional left out (`encodeIfPresent`). Keys come in the order they are encoded.
enum JSONStream {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let writer = Writer()
        try writer.value(value)
        return writer.bytes
    }

    /// The bytes written and the containers still open, innermost last.
    final class Writer {
        var bytes: [UInt8] = []
        /// Each open container: an object or an array, whether it has a member yet, and the value that opened it (a
        /// value's `encode(to:)` may ask for its container more than once; a nested container has no owner).
        struct Open { let object: Bool; var empty: Bool; let owner: Int? }
        var open: [Open] = []
        /// Numbers each value encoded (`Facade.id`).
        private var serial = 0

        init() { bytes.reserveCapacity(4_096) }

        /// A new value's number.
        func next() -> Int { serial += 1; return serial }

        func value<T: Encodable>(_ value: T) throws {
            if T.self == Date.self, let date = value as? Date { return string(Self.iso8601(date)) }
            if T.self == URL.self, let url = value as? URL { return string(url.absoluteString) }
            if T.self == Data.self, let data = value as? Data { return string(data.base64EncodedString()) }
            if T.self == Decimal.self, let decimal = value as? Decimal { return raw(decimal.description) }
            let depth = open.count, start = bytes.count
            try value.encode(to: Facade(writer: self, id: next()))
            close(above: depth)
            if bytes.count == start { raw("{}") }
        }

        /// Closes the containers opened after the first `depth`, innermost first.
        func close(above depth: Int) {
            while open.count > depth { bytes.append(open.removeLast().object ? UInt8(ascii: "}") : UInt8(ascii: "]")) }
        }

        /// Opens an object or an array for the value `owner`, or finds the one it already opened.
        func container(object: Bool, owner: Int?) -> Int {
            if let owner, let last = open.last, last.owner == owner, last.object == object { return open.count - 1 }
            bytes.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
            open.append(Open(object: object, empty: true, owner: owner))
            return open.count - 1
        }

        /// Before a member of the container at `index`: closes what was opened inside it since, and writes the comma and,
        /// in an object, the key.
        func member(of index: Int, key: String?) {
            close(above: index + 1)
            if open[index].empty { open[index].empty = false } else { bytes.append(UInt8(ascii: ",")) }
            if let key {
                string(key)
                bytes.append(UInt8(ascii: ":"))
            }
        }

        func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }
        func bool(_ value: Bool) { raw(value ? "true" : "false") }
        func integer<I: BinaryInteger>(_ value: I) { raw(String(value)) }
        func double(_ value: Double) throws {
            guard value.isFinite else {
                throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "Số không hữu hạn: \(value)"))
            }
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            raw(text)
        }

        /// Read through the string's own bytes (`withUTF8`): going through `utf8` a byte at a time was most of the cost of
        /// writing a list of petitions' keys and texts (`perf`: 8 % of a list of 100 on PostgreSQL, issue 11).
        func string(_ value: String) {
            var value = value
            value.withUTF8 { text in
                bytes.append(UInt8(ascii: "\""))
                if text.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/") }) {
                    for byte in text { escaped(byte) }
                } else {
                    bytes.append(contentsOf: text)
                }
                bytes.append(UInt8(ascii: "\""))
            }
        }

        private static let hex = Array("0123456789abcdef".utf8)
        private func escaped(_ byte: UInt8) {
            let short: UInt8? = switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): byte
            case 0x0A: UInt8(ascii: "n")
            case 0x0D: UInt8(ascii: "r")
            case 0x09: UInt8(ascii: "t")
            case 0x08: UInt8(ascii: "b")
            case 0x0C: UInt8(ascii: "f")
            default: nil
            }
            if let short {
                bytes.append(UInt8(ascii: "\\")); bytes.append(short)
            } else if byte < 0x20 {
                bytes.append(contentsOf: "\\u00".utf8); bytes.append(Self.hex[Int(byte >> 4)]); bytes.append(Self.hex[Int(byte & 0xF)])
            } else {
                bytes.append(byte)
            }
        }

        /// As Vapor's JSON encoder writes a date (`.iso8601`).
        static func iso8601(_ date: Date) -> String { date.formatted(.iso8601) }
    }

    /// The `Encoder` a value encodes itself to (`id`: the value's number).
    struct Facade: Encoder {
        let writer: Writer, id: Int
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Keyed<Key>(writer: writer, index: writer.container(object: true, owner: id)))
        }
        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            Unkeyed(writer: writer, index: writer.container(object: false, owner: id))
        }
        func singleValueContainer() -> any SingleValueEncodingContainer { Single(writer: writer) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: Writer, index: Int
        var codingPath: [any CodingKey] { [] }
        private func at(_ key: Key) { writer.member(of: index, key: key.stringValue) }
        mutating func encodeNil(forKey key: Key) throws { at(key); writer.raw("null") }
        mutating func encode(_ value: Bool, forKey key: Key) throws { at(key); writer.bool(value) }
        mutating func encode(_ value: String, forKey key: Key) throws { at(key); writer.string(value) }
        mutating func encode(_ value: Double, forKey key: Key) throws { at(key); try writer.double(value) }
        mutating func encode(_ value: Float, forKey key: Key) throws { at(key); try writer.double(Double(value)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { at(key); writer.integer(value) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { at(key); writer.integer(value) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { at(key); writer.integer(value) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { at(key); writer.integer(value) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { at(key); writer.integer(value) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { at(key); writer.integer(value) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { at(key); writer.integer(value) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { at(key); writer.integer(value) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { at(key); writer.integer(value) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { at(key); writer.integer(value) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { at(key); try writer.value(value) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey> {
            at(key)
            return KeyedEncodingContainer(Keyed<NestedKey>(writer: writer, index: writer.container(object: true, owner: nil)))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            at(key)
            return Unkeyed(writer: writer, index: writer.container(object: false, owner: nil))
        }
        mutating func superEncoder() -> any Encoder {
            writer.member(of: index, key: "super")
            return Facade(writer: writer, id: writer.next())
        }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            at(key)
            return Facade(writer: writer, id: writer.next())
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let writer: Writer, index: Int
        var codingPath: [any CodingKey] { [] }
        private(set) var count = 0
        private mutating func element() { writer.member(of: index, key: nil); count += 1 }
        mutating func encodeNil() throws { element(); writer.raw("null") }
        mutating func encode(_ value: Bool) throws { element(); writer.bool(value) }
        mutating func encode(_ value: String) throws { element(); writer.string(value) }
        mutating func encode(_ value: Double) throws { element(); try writer.double(value) }
        mutating func encode(_ value: Float) throws { element(); try writer.double(Double(value)) }
        mutating func encode(_ value: Int) throws { element(); writer.integer(value) }
        mutating func encode(_ value: Int64) throws { element(); writer.integer(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { element(); try writer.value(value) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            element()
            return KeyedEncodingContainer(Keyed<NestedKey>(writer: writer, index: writer.container(object: true, owner: nil)))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            element()
            return Unkeyed(writer: writer, index: writer.container(object: false, owner: nil))
        }
        mutating func superEncoder() -> any Encoder {
            element()
            return Facade(writer: writer, id: writer.next())
        }
    }

    struct Single: SingleValueEncodingContainer {
        let writer: Writer
        var codingPath: [any CodingKey] { [] }
        mutating func encodeNil() throws { writer.raw("null") }
        mutating func encode(_ value: Bool) throws { writer.bool(value) }
        mutating func encode(_ value: String) throws { writer.string(value) }
        mutating func encode(_ value: Double) throws { try writer.double(value) }
        mutating func encode(_ value: Float) throws { try writer.double(Double(value)) }
        mutating func encode(_ value: Int) throws { writer.integer(value) }
        mutating func encode(_ value: Int8) throws { writer.integer(value) }
        mutating func encode(_ value: Int16) throws { writer.integer(value) }
        mutating func encode(_ value: Int32) throws { writer.integer(value) }
        mutating func encode(_ value: Int64) throws { writer.integer(value) }
        mutating func encode(_ value: UInt) throws { writer.integer(value) }
        mutating func encode(_ value: UInt8) throws { writer.integer(value) }
        mutating func encode(_ value: UInt16) throws { writer.integer(value) }
        mutating func encode(_ value: UInt32) throws { writer.integer(value) }
        mutating func encode(_ value: UInt64) throws { writer.integer(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { try writer.value(value) }
    }
}
