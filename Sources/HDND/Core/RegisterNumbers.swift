import Fluent
import SQLKit
import Vapor

/// The numbers a council issues, one sequence per register and year (its letters register; its individual and its
/// normative resolutions), restarting on 1 January. Taking a number is one atomic update of the register's row, which
/// stays locked until the writing transaction commits: two clerks saving at the same instant wait for each other and
/// get two numbers, where a MAX + 1 read could give both the same.
public enum RegisterNumbers {
    /// Takes `count` consecutive numbers of `register` and returns the first. `highestUsed` reads the highest number
    /// already in the records (imported, or written before the register existed): a year's first number continues it.
    public static func take(_ count: Int = 1, register: String, councilID: Int, year: Int, highestUsed: SQLQueryString,
                            on db: any Database) async throws -> Int {
        try await db.sql.raw("""
            INSERT INTO register_numbers (council_id, register, year, last) \
            SELECT \(bind: councilID), \(bind: register), \(bind: year), COALESCE((\(highestUsed)), 0) \
            ON CONFLICT (council_id, register, year) DO NOTHING
            """).run()
        struct Last: Decodable { let last: Int }
        guard let last = try await db.sql.raw("""
            UPDATE register_numbers SET last = last + \(bind: count) \
            WHERE council_id = \(bind: councilID) AND register = \(bind: register) AND year = \(bind: year) RETURNING last
            """).firstRow(Last.self)?.last else { throw Abort(.internalServerError, reason: "Không lấy được số văn bản.") }
        return last - count + 1
    }

    /// The same for a document kept in `table` with its `number` and `number_year` (a work program, a period report):
    /// the highest number already given there in the year continues.
    public static func take(register: String, table: String, councilID: Int, year: Int, on db: any Database) async throws -> Int {
        try await take(register: register, councilID: councilID, year: year, highestUsed: highest(table, councilID: councilID, year: year), on: db)
    }

    static func highest(_ table: String, councilID: Int, year: Int) -> SQLQueryString {
        "SELECT MAX(number) FROM \(ident: table) WHERE council_id = \(bind: councilID) AND number_year = \(bind: year)"
    }

    /// "04/CTr-HĐND": the number, two digits at least, and the document's symbol.
    public static func reference(_ number: Int, symbol: String) -> String { "\(VietnameseFormat.serial(number))/\(symbol)" }

    /// A number given by hand (a historical record): the register continues after it.
    public static func noteUsed(_ number: Int, register: String, councilID: Int, year: Int, highestUsed: SQLQueryString,
                                on db: any Database) async throws {
        try await db.sql.raw("""
            INSERT INTO register_numbers (council_id, register, year, last) \
            SELECT \(bind: councilID), \(bind: register), \(bind: year), COALESCE((\(highestUsed)), 0) \
            ON CONFLICT (council_id, register, year) DO NOTHING
            """).run()
        try await db.sql.raw("""
            UPDATE register_numbers SET last = \(bind: number) \
            WHERE council_id = \(bind: councilID) AND register = \(bind: register) AND year = \(bind: year) AND last < \(bind: number)
            """).run()
    }
}
