import FluentKit
import FluentSQL
import NIOCore
import SQLKit

/// A database's own dialect, but writing each identifier between quotes without looking for a quote inside it: the
/// dialect Fluent's model reads are written in.
///
/// SQLKit escapes every identifier it writes, through the standard library's generic `replacing`, which on Linux
/// costs more than everything else in writing a statement: a model read names each column three times (table, column,
/// alias), and on the calendar page that escaping was a fifth of the server's CPU (perf, session 27). A model read's
/// identifiers are the models' own schema and field names, written in the code (`@Field(key:)`); none comes from a
/// request, so there is no quote to escape. SQLKit statements and raw SQL keep the escaping dialect.
struct ModelReadDialect: SQLDialect {
    let base: any SQLDialect

    /// A quote SQLKit cannot see as raw text, so that it writes the identifier as it is between two of these.
    private struct Quote: SQLExpression {
        let text: String
        func serialize(to serializer: inout SQLSerializer) { serializer.write(text) }
    }
    let identifierQuote: any SQLExpression

    init(_ base: any SQLDialect) {
        self.base = base
        identifierQuote = Quote(text: (base.identifierQuote as? SQLRaw)?.sql ?? "\"")
    }

    var name: String { base.name }
    var literalStringQuote: any SQLExpression { base.literalStringQuote }
    var supportsAutoIncrement: Bool { base.supportsAutoIncrement }
    var autoIncrementClause: any SQLExpression { base.autoIncrementClause }
    var autoIncrementFunction: (any SQLExpression)? { base.autoIncrementFunction }
    func bindPlaceholder(at position: Int) -> any SQLExpression { base.bindPlaceholder(at: position) }
    func literalBoolean(_ value: Bool) -> any SQLExpression { base.literalBoolean(value) }
    var literalDefault: any SQLExpression { base.literalDefault }
    var supportsIfExists: Bool { base.supportsIfExists }
    var enumSyntax: SQLEnumSyntax { base.enumSyntax }
    var supportsDropBehavior: Bool { base.supportsDropBehavior }
    var supportsReturning: Bool { base.supportsReturning }
    var triggerSyntax: SQLTriggerSyntax { base.triggerSyntax }
    var alterTableSyntax: SQLAlterTableSyntax { base.alterTableSyntax }
    func customDataType(for dataType: SQLDataType) -> (any SQLExpression)? { base.customDataType(for: dataType) }
    func normalizeSQLConstraint(identifier: any SQLExpression) -> any SQLExpression { base.normalizeSQLConstraint(identifier: identifier) }
    var upsertSyntax: SQLUpsertSyntax { base.upsertSyntax }
    var unionFeatures: SQLUnionFeatures { base.unionFeatures }
    var sharedSelectLockExpression: (any SQLExpression)? { base.sharedSelectLockExpression }
    var exclusiveSelectLockExpression: (any SQLExpression)? { base.exclusiveSelectLockExpression }
    func nestedSubpathExpression(in column: any SQLExpression, for path: [String]) -> (any SQLExpression)? {
        base.nestedSubpathExpression(in: column, for: path)
    }

    /// `statement` as text and binds in this dialect (SQLKit's serializer takes its dialect from a database).
    func serialize(_ statement: any SQLExpression, for database: any SQLDatabase) -> (sql: String, binds: [any Encodable & Sendable]) {
        Speaking(base: database, dialect: self).serialize(statement)
    }

    /// A database speaking another dialect (for SQLKit's serializer, which asks a database for its dialect).
    struct Speaking: SQLDatabase {
        let base: any SQLDatabase
        let dialect: any SQLDialect
        var logger: Logger { base.logger }
        var eventLoop: any EventLoop { base.eventLoop }
        var version: (any SQLDatabaseReportedVersion)? { base.version }
        var queryLogLevel: Logger.Level? { base.queryLogLevel }
        func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
            base.execute(sql: query, onRow)
        }
    }
}

/// A row as Fluent reads a model's fields from it (named "schema_field" when Fluent says which schema), for the model
/// reads the app runs itself (`SQLiteReadingDatabase`, `PostgresReadingDatabase`).
struct ModelRowOutput<Row: SQLRow>: DatabaseOutput {
    let row: Row
    let schema: String?

    var description: String { "\(row)" }
    func schema(_ schema: String) -> any DatabaseOutput { ModelRowOutput(row: row, schema: schema) }
    private func column(_ key: FieldKey) -> String { (schema.map { .prefix(.prefix(.string($0), "_"), key) } ?? key).description }
    func contains(_ key: FieldKey) -> Bool { row.contains(column: column(key)) }
    func decodeNil(_ key: FieldKey) throws -> Bool { try row.decodeNil(column: column(key)) }
    func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T { try row.decode(column: column(key), as: T.self) }
}

/// Fluent's model reads as SQL: they need no data type of a database's own (those are for schema changes).
struct ModelReadConverter: SQLConverterDelegate {
    func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? { nil }
}
