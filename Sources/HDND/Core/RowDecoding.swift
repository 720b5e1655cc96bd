import SQLKit

/// Rows read through SQLKit decoded by their columns' own names, for a fraction of SQLKit's general decoder's cost:
/// every `rows(_:)` and `plain(_:)` of the code base (its `all(decoding:)` and `decode(model:)` are not used).
/// `SQLRowDecoder` builds the column's name anew (prefix + converted key, a new string) for every look-up, and an
/// optional column is looked up three times (present? null? value): on a letters register of 50 rows × 38 columns
/// that was a fifth of the page's CPU (`perf`, issue 11). Here a key is its column, as written in the row's
/// `CodingKeys`; nothing else differs: the values are converted by the database driver's own decoder, as before.
struct PlainRowDecoder: Decoder {
    let row: any SQLRow
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy: Key.Type) throws -> KeyedDecodingContainer<Key> { .init(Columns(row: row)) }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "A row is read by its columns' names."))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "A row is read by its columns' names."))
    }

    struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: any SQLRow
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { row.allColumns.compactMap(Key.init(stringValue:)) }

        func contains(_ key: Key) -> Bool { row.contains(column: key.stringValue) }
        func decodeNil(forKey key: Key) throws -> Bool { try row.decodeNil(column: key.stringValue) }
        func decode<T: Decodable>(_: T.Type, forKey key: Key) throws -> T { try row.decode(column: key.stringValue, as: T.self) }

        /// An optional column: null (or not selected) is nil. One look-up for the null, one for the value, and no new
        /// string for the column's name (the standard library's default would ask three times).
        private func optional<T: Decodable>(_ key: Key) throws -> T? {
            let column = key.stringValue
            guard row.contains(column: column), try !row.decodeNil(column: column) else { return nil }
            return try row.decode(column: column, as: T.self)
        }
        func decodeIfPresent<T: Decodable>(_: T.Type, forKey key: Key) throws -> T? { try optional(key) }
        func decodeIfPresent(_: String.Type, forKey key: Key) throws -> String? { try optional(key) }
        func decodeIfPresent(_: Int.Type, forKey key: Key) throws -> Int? { try optional(key) }
        func decodeIfPresent(_: Bool.Type, forKey key: Key) throws -> Bool? { try optional(key) }
        func decodeIfPresent(_: Double.Type, forKey key: Key) throws -> Double? { try optional(key) }

        func nestedContainer<N: CodingKey>(keyedBy: N.Type, forKey key: Key) throws -> KeyedDecodingContainer<N> {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: [key], debugDescription: "A column holds one value."))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "A column holds one value."))
        }
        func superDecoder() throws -> any Decoder { PlainRowDecoder(row: row) }
        func superDecoder(forKey key: Key) throws -> any Decoder { PlainRowDecoder(row: row) }
    }
}

extension SQLQueryFetcher {
    /// Every row as `T`, read by `PlainRowDecoder`: `T`'s keys are the columns' names.
    func rows<T: Decodable>(_ type: T.Type) async throws -> [T] {
        try await all().map { try $0.plain(T.self) }
    }
}

extension SQLRow {
    /// The row as `T`, read by `PlainRowDecoder` (SQLKit's `decode(model:)` is not used).
    func plain<T: Decodable>(_ type: T.Type) throws -> T { try T(from: PlainRowDecoder(row: self)) }
}
