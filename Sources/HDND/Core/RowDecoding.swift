import FluentSQLiteDriver
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
    /// Every row as `T`, read by `PlainRowDecoder`: `T`'s keys are the columns' names. On SQLite the statement goes to
    /// the driver itself and each row is read by `SQLiteRowDecoder`, without SQLKit's row wrapper.
    func rows<T: Decodable>(_ type: T.Type) async throws -> [T] {
        guard let sqlite = database as? any SQLiteDatabase else { return try await all().map { try $0.plain(T.self) } }
        let (sql, binds) = database.serialize(query)
        if let level = database.queryLogLevel {
            database.logger.log(level: level, "Executing query", metadata: ["sql": .string(sql), "binds": .array(binds.map { .string("\($0)") })])
        }
        let data = try binds.map { try SQLiteRowDecoder.encoder.encode($0) }
        return try await sqlite.query(sql, data).map { try T(from: SQLiteRowDecoder(row: $0)) }
    }
}

/// `PlainRowDecoder` for SQLite's own rows: a text, whole-number, real or true/false column is converted by its type's own
/// `init?(sqliteData:)`, the conversion SQLiteKit's decoder reaches through a dynamic cast per value (with SQLKit's row
/// wrapper around it, that was most of decoding a 50-row list: `perf`, issue 11); any other type goes through
/// SQLiteKit's decoder as before.
struct SQLiteRowDecoder: Decoder {
    static let encoder = SQLiteDataEncoder()
    static let decoder = SQLiteDataDecoder()
    let row: SQLiteRow
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
        let row: SQLiteRow
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { row.columns.compactMap { Key(stringValue: $0.name) } }

        func contains(_ key: Key) -> Bool { row.column(key.stringValue) != nil }
        /// A column not selected reads as null, as SQLiteKit's row does.
        func decodeNil(forKey key: Key) throws -> Bool { (row.column(key.stringValue) ?? .null) == .null }

        private func value(_ key: Key) throws -> SQLiteData {
            guard let data = row.column(key.stringValue) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "No column \(key.stringValue)."))
            }
            return data
        }
        private func convert<T>(_ key: Key, _ data: SQLiteData, _ make: (SQLiteData) -> T?) throws -> T {
            guard let value = make(data) else {
                throw DecodingError.typeMismatch(T.self, .init(codingPath: [key], debugDescription: "Could not convert SQLite data to \(T.self): \(data)."))
            }
            return value
        }
        func decode(_: String.Type, forKey key: Key) throws -> String { try convert(key, value(key), String.init(sqliteData:)) }
        func decode(_: Int.Type, forKey key: Key) throws -> Int { try convert(key, value(key), Int.init(sqliteData:)) }
        func decode(_: Double.Type, forKey key: Key) throws -> Double { try convert(key, value(key), Double.init(sqliteData:)) }
        func decode(_: Bool.Type, forKey key: Key) throws -> Bool { try convert(key, value(key), Bool.init(sqliteData:)) }
        func decode<T: Decodable>(_: T.Type, forKey key: Key) throws -> T { try SQLiteRowDecoder.decoder.decode(T.self, from: value(key)) }

        /// An optional column: null (or not selected) is nil.
        private func present(_ key: Key) -> SQLiteData? {
            guard let data = row.column(key.stringValue), data != .null else { return nil }
            return data
        }
        func decodeIfPresent(_: String.Type, forKey key: Key) throws -> String? { try present(key).map { try convert(key, $0, String.init(sqliteData:)) } }
        func decodeIfPresent(_: Int.Type, forKey key: Key) throws -> Int? { try present(key).map { try convert(key, $0, Int.init(sqliteData:)) } }
        func decodeIfPresent(_: Double.Type, forKey key: Key) throws -> Double? { try present(key).map { try convert(key, $0, Double.init(sqliteData:)) } }
        func decodeIfPresent(_: Bool.Type, forKey key: Key) throws -> Bool? { try present(key).map { try convert(key, $0, Bool.init(sqliteData:)) } }
        func decodeIfPresent<T: Decodable>(_: T.Type, forKey key: Key) throws -> T? {
            try present(key).map { try SQLiteRowDecoder.decoder.decode(T.self, from: $0) }
        }

        func nestedContainer<N: CodingKey>(keyedBy: N.Type, forKey key: Key) throws -> KeyedDecodingContainer<N> {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: [key], debugDescription: "A column holds one value."))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "A column holds one value."))
        }
        func superDecoder() throws -> any Decoder { SQLiteRowDecoder(row: row) }
        func superDecoder(forKey key: Key) throws -> any Decoder { SQLiteRowDecoder(row: row) }
    }
}

extension SQLRow {
    /// The row as `T`, read by `PlainRowDecoder` (SQLKit's `decode(model:)` is not used).
    func plain<T: Decodable>(_ type: T.Type) throws -> T { try T(from: PlainRowDecoder(row: self)) }
}
