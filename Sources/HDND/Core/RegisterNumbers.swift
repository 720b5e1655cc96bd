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
            """).first(decoding: Last.self)?.last else { throw Abort(.internalServerError, reason: "Không lấy được số văn bản.") }
        return last - count + 1
    }

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
