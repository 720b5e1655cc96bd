import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Rows decoded by their columns' own names, for a fraction of SQLKit's general decoder's cost: every `rows(_:)`,
/// `firstRow(_:)` and `plain(_:)` of the code base (its `all(decoding:)`, `first(decoding:)` and `decode(model:)` are not used).
/// `SQLRowDecoder` builds the column's name anew (prefix + converted key, a new string) for every look-up, and an
/// optional column is looked up three times (present? null? value): on a letters register of 50 rows × 38 columns
/// that was a fifth of the page's CPU (`perf`, issue 11). Here a key is its column, as written in the row's
/// `CodingKeys`. The values are converted by the database driver's own conversions (`RowColumns`).
struct PlainRowDecoder<Row: RowColumns>: Decoder {
    let row: Row
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
        let row: Row
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { row.names.compactMap(Key.init(stringValue:)) }

        func contains(_ key: Key) -> Bool { row.contains(key.stringValue) }
        func decodeNil(forKey key: Key) throws -> Bool { try row.isNull(key.stringValue) }
        func decode(_: String.Type, forKey key: Key) throws -> String { try row.string(key.stringValue) }
        func decode(_: Int.Type, forKey key: Key) throws -> Int { try row.int(key.stringValue) }
        func decode(_: Double.Type, forKey key: Key) throws -> Double { try row.double(key.stringValue) }
        func decode(_: Bool.Type, forKey key: Key) throws -> Bool { try row.bool(key.stringValue) }
        func decode<T: Decodable>(_: T.Type, forKey key: Key) throws -> T {
            // A status, a kind, a level: a text column read as text, then the case named so, as the enumeration's own
            // `init(from:)` does (no enumeration here decodes itself otherwise). PostgresKit's decoder reached those by
            // a generic translation per value: 7 % of a city's quarter report on PostgreSQL (`perf`).
            if let named = TextualTypes.reader(T.self) {
                let text = try row.string(key.stringValue)
                guard let value = named.read(text) as? T else {
                    throw DecodingError.dataCorrupted(.init(codingPath: [key], debugDescription: "No \(T.self) is named \(text)."))
                }
                return value
            }
            return try row.decode(key.stringValue, as: T.self)
        }

        /// An optional column: null (or not selected) is nil — two look-ups, not the standard library's three.
        func decodeIfPresent(_: String.Type, forKey key: Key) throws -> String? { try row.has(key.stringValue) ? row.string(key.stringValue) : nil }
        func decodeIfPresent(_: Int.Type, forKey key: Key) throws -> Int? { try row.has(key.stringValue) ? row.int(key.stringValue) : nil }
        func decodeIfPresent(_: Double.Type, forKey key: Key) throws -> Double? { try row.has(key.stringValue) ? row.double(key.stringValue) : nil }
        func decodeIfPresent(_: Bool.Type, forKey key: Key) throws -> Bool? { try row.has(key.stringValue) ? row.bool(key.stringValue) : nil }
        func decodeIfPresent<T: Decodable>(_: T.Type, forKey key: Key) throws -> T? {
            try row.has(key.stringValue) ? decode(T.self, forKey: key) : nil
        }

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

/// The types read as text named by their case (`RawRepresentable<String>`), found once per type: the dynamic cast
/// that finds it costs more than reading the value (`perf`: 6 % of a quarter report on PostgreSQL when cast per value).
enum TextualTypes {
    /// Makes a value of the type from its case's name. Holds only a metatype, which nothing changes.
    struct Reader: @unchecked Sendable { let read: (String) -> Any? }
    private static let known = NIOLockedValueBox<[ObjectIdentifier: Reader?]>([:])

    static func reader<T>(_ type: T.Type) -> Reader? {
        let key = ObjectIdentifier(type)
        if let found = known.withLockedValue({ $0[key] }) { return found }
        let reader = (type as? any (RawRepresentable<String> & Decodable).Type).map { textual in Reader { named(textual, $0) } }
        known.withLockedValue { $0[key] = .some(reader) }
        return reader
    }

    private static func named<E: RawRepresentable<String>>(_: E.Type, _ text: String) -> E? { E(rawValue: text) }
}

/// A row's columns by name, as `PlainRowDecoder` reads them.
protocol RowColumns {
    var names: [String] { get }
    func contains(_ column: String) -> Bool
    /// Not selected, or null.
    func isNull(_ column: String) throws -> Bool
    /// Selected and not null.
    func has(_ column: String) throws -> Bool
    func decode<T: Decodable>(_ column: String, as type: T.Type) throws -> T
    func string(_ column: String) throws -> String
    func int(_ column: String) throws -> Int
    func double(_ column: String) throws -> Double
    func bool(_ column: String) throws -> Bool
}

/// Any database's row through SQLKit (PostgreSQL's): the driver's own decoder converts every value.
struct SQLRowColumns: RowColumns {
    let row: any SQLRow
    var names: [String] { row.allColumns }
    func contains(_ column: String) -> Bool { row.contains(column: column) }
    func isNull(_ column: String) throws -> Bool { try row.decodeNil(column: column) }
    func has(_ column: String) throws -> Bool { try row.contains(column: column) && !row.decodeNil(column: column) }
    func decode<T: Decodable>(_ column: String, as type: T.Type) throws -> T { try row.decode(column: column, as: T.self) }
    func string(_ column: String) throws -> String { try decode(column, as: String.self) }
    func int(_ column: String) throws -> Int { try decode(column, as: Int.self) }
    func double(_ column: String) throws -> Double { try decode(column, as: Double.self) }
    func bool(_ column: String) throws -> Bool { try decode(column, as: Bool.self) }
}

/// SQLite's values: a text, whole-number, real or true/false column is converted by its type's own
/// `init?(sqliteData:)`, the conversion SQLiteKit's decoder reaches through a dynamic cast per value (with SQLKit's row
/// wrapper around it, that was most of decoding a 50-row list: `perf`, issue 11); any other type goes through
/// SQLiteKit's decoder, as before. Rows of SQLiteNIO (`SQLiteRowColumns`) and of the reading connections
/// (`SQLiteReadRow`) give their values; the conversions are these.
protocol SQLiteColumns: RowColumns {
    func value(_ column: String) throws -> SQLiteData
}

extension SQLiteColumns {
    private func convert<T>(_ column: String, _ make: (SQLiteData) -> T?) throws -> T {
        let data = try value(column)
        guard let value = make(data) else {
            throw DecodingError.typeMismatch(T.self, .init(codingPath: [], debugDescription: "Could not convert SQLite data to \(T.self) (\(column)): \(data)."))
        }
        return value
    }
    func decode<T: Decodable>(_ column: String, as type: T.Type) throws -> T { try SQLiteRowColumns.decoder.decode(T.self, from: value(column)) }
    func string(_ column: String) throws -> String { try convert(column, String.init(sqliteData:)) }
    func int(_ column: String) throws -> Int { try convert(column, Int.init(sqliteData:)) }
    func double(_ column: String) throws -> Double { try convert(column, Double.init(sqliteData:)) }
    func bool(_ column: String) throws -> Bool { try convert(column, Bool.init(sqliteData:)) }
}

/// A row of SQLiteNIO.
struct SQLiteRowColumns: SQLiteColumns {
    static let encoder = SQLiteDataEncoder()
    static let decoder = SQLiteDataDecoder()
    /// A statement's values as SQLite binds them (SQLiteKit's encoder, as SQLKit's statements are bound).
    static func data(_ binds: [any Encodable & Sendable]) throws -> [SQLiteData] { try binds.map { try encoder.encode($0) } }
    let row: SQLiteRow
    var names: [String] { row.columns.map(\.name) }
    func contains(_ column: String) -> Bool { row.column(column) != nil }
    /// A column not selected reads as null, as SQLiteKit's row does.
    func isNull(_ column: String) -> Bool { (row.column(column) ?? .null) == .null }
    func has(_ column: String) -> Bool { !isNull(column) }

    func value(_ column: String) throws -> SQLiteData {
        guard let data = row.column(column) else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: [], debugDescription: "No column \(column)."))
        }
        return data
    }
}

/// PostgreSQL's own row: a text, whole-number, real or true/false column is decoded by PostgresNIO's own conversion of
/// its bytes; PostgresKit's row wrapper reaches it through a generic translation per value, a quarter of a letters
/// register's CPU on PostgreSQL (`perf`, issue 11). Any other type, and a value that conversion refuses (a `numeric`
/// read as a whole number), goes through PostgresKit's decoder, as before. A column is found by its position, looked up
/// once per access in the positions its statement's rows share (`PostgresColumns`): PostgresNIO's row looks a name up
/// twice (is it there? its cell), four times for an optional column.
///
/// The row's values are taken out of it once, and read with their column's type and format as the statement's rows
/// share them: a cell made per access (with its column's name and description) and the decoder's copies of a row
/// struct were a tenth of a petition list's CPU (`perf`). A class, so that the decoder's containers share one.
final class PostgresRowColumns: RowColumns {
    let row: PostgresRow
    let columns: PostgresColumns
    /// The row's values in the statement's order, nil for null.
    private let values: [ByteBuffer?]
    init(row: PostgresRow, columns: PostgresColumns) {
        self.row = row
        self.columns = columns
        var values: [ByteBuffer?] = []
        values.reserveCapacity(columns.names.count)
        for cell in row { values.append(cell.bytes) }
        self.values = values
    }

    /// Where the next column asked for probably is: a row's keys are mostly read in the order of its columns (an optional
    /// one twice: is it there, then its value), and comparing two names costs less than hashing one (`perf`: hashing
    /// was 3 % of a city's petition list on PostgreSQL).
    private var next = 0
    private func position(_ column: String) -> Int? {
        let names = columns.names
        if next < names.count, names[next] == column { next += 1; return next - 1 }
        if next > 0, names[next - 1] == column { return next - 1 }
        guard let found = columns.positions[column] else { return nil }
        next = found + 1
        return found
    }

    var names: [String] { columns.names }
    func contains(_ column: String) -> Bool { position(column) != nil }
    func isNull(_ column: String) -> Bool { position(column).map { values[$0] == nil } ?? true }
    func has(_ column: String) -> Bool { !isNull(column) }
    /// A moment (`timestamptz`: a log entry's time) converted as a text or a number is; PostgresKit's decoder reached it
    /// through a generic translation per value (`perf`: 3,4 % of the audit log's CPU). Any other type goes that way.
    func decode<T: Decodable>(_ column: String, as type: T.Type) throws -> T {
        if T.self == Date.self, let moment = try convert(column, Date.self) as? T { return moment }
        return try translated(column, as: T.self)
    }
    private func translated<T: Decodable>(_ column: String, as type: T.Type) throws -> T { try row.sql().decode(column: column, as: T.self) }
    private func convert<T: PostgresDecodable & Decodable>(_ column: String, _: T.Type) throws -> T {
        guard let i = position(column), var bytes = values[i],
              let value = try? T(from: &bytes, type: columns.types[i], format: columns.formats[i], context: .default) else {
            return try translated(column, as: T.self)
        }
        return value
    }
    func string(_ column: String) throws -> String { try convert(column, String.self) }
    func int(_ column: String) throws -> Int { try convert(column, Int.self) }
    func double(_ column: String) throws -> Double { try convert(column, Double.self) }
    func bool(_ column: String) throws -> Bool { try convert(column, Bool.self) }

    /// The statement's values as PostgresNIO binds them, for the types PostgresKit binds the same way (text, bigint,
    /// double, boolean, an array of bigint, a moment as timestamptz: Fluent's soft-delete filter in every model read);
    /// nil when any other is among them, and the statement goes through SQLKit.
    static func bindings(_ binds: [any Encodable & Sendable]) -> PostgresBindings? {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            switch bind {
            case let text as String: bindings.append(text)
            case let number as Int: bindings.append(number)
            case let flag as Bool: bindings.append(flag)
            case let real as Double: bindings.append(real)
            case let numbers as [Int]: bindings.append(numbers)
            case let moment as Date: bindings.append(moment)
            default: return nil
            }
        }
        return bindings
    }
}

/// The columns of a statement's rows by name, with their types and formats, found once for all of them.
final class PostgresColumns: Sendable {
    let names: [String]
    let positions: [String: Int]
    let types: [PostgresDataType]
    let formats: [PostgresFormat]
    init(_ row: PostgresRow) {
        let cells = Array(row)
        names = cells.map(\.columnName)
        types = cells.map(\.dataType)
        formats = cells.map(\.format)
        // The last of two columns of the same name, as PostgresNIO's own look-up finds it.
        positions = Dictionary(names.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { _, last in last })
    }
}

extension SQLQueryFetcher {
    /// Every row as `T`, read by `PlainRowDecoder`: `T`'s keys are the columns' names. The statement goes to the
    /// database's own driver (serialized, logged and bound as SQLKit does) and its rows are read without SQLKit's row
    /// wrapper.
    func rows<T: Decodable>(_ type: T.Type) async throws -> [T] {
        let (sql, binds) = database.serialize(query)
        let postgres = database as? any PostgresDatabase, sqlite = database as? any SQLiteDatabase
        let bindings = postgres == nil ? nil : PostgresRowColumns.bindings(binds)
        guard sqlite != nil || bindings != nil else { return try await all().map { try $0.plain(T.self) } }
        if let level = database.queryLogLevel {
            database.logger.log(level: level, "Executing query", metadata: ["sql": .string(sql), "binds": .array(binds.map { .string("\($0)") })])
        }
        if let postgres, let bindings {
            let rows = try await PostgresStatements.rows(sql, bindings, on: postgres, inTransaction: (database as? any Database)?.inTransaction ?? true,
                                                         logger: database.logger)
            guard let first = rows.first else { return [] }
            let columns = PostgresColumns(first)
            return try rows.map { try T(from: PlainRowDecoder(row: PostgresRowColumns(row: $0, columns: columns))) }
        }
        let data = try SQLiteRowColumns.data(binds)
        if let readers = SQLiteReaders.of(database), let rows = try readers.rows(sql, data, as: T.self) { return rows }
        return try await sqlite!.query(sql, data).map { try T(from: PlainRowDecoder(row: SQLiteRowColumns(row: $0))) }
    }
}

extension SQLQueryFetcher {
    /// The first row as `T`, read as `rows(_:)` reads (a select builder asks for one row only, as SQLKit's `first` does).
    func firstRow<T: Decodable>(_ type: T.Type) async throws -> T? {
        (self as? any SQLPartialResultBuilder)?.limit(1)
        return try await rows(T.self).first
    }
}

extension SQLRow {
    /// The row as `T`, read by `PlainRowDecoder` (SQLKit's `decode(model:)` is not used).
    func plain<T: Decodable>(_ type: T.Type) throws -> T { try T(from: PlainRowDecoder(row: SQLRowColumns(row: self))) }
}
