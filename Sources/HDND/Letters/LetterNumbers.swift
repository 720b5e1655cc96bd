import Fluent
import SQLKit
import Vapor

/// Numbers of a council's letters register, one sequence per year.
public enum LetterNumbers {
    /// Takes `count` consecutive numbers and returns the first. Call inside the transaction that writes the letters:
    /// the counter's row stays locked until it commits, so concurrent clerks wait instead of colliding.
    public static func take(_ count: Int = 1, councilID: Int, year: Int, on db: any Database) async throws -> Int {
        // The first number of a year continues from letters already there (imported, or written before this table).
        try await db.sql.raw("""
            INSERT INTO letter_numbers (council_id, year, last) \
            SELECT \(bind: councilID), \(bind: year), COALESCE(MAX(number), 0) FROM letters WHERE council_id = \(bind: councilID) AND year = \(bind: year) AND number > 0 \
            ON CONFLICT (council_id, year) DO NOTHING
            """).run()
        struct Last: Decodable { let last: Int }
        guard let last = try await db.sql.raw("""
            UPDATE letter_numbers SET last = last + \(bind: count) WHERE council_id = \(bind: councilID) AND year = \(bind: year) RETURNING last
            """).first(decoding: Last.self)?.last else { throw Abort(.internalServerError, reason: "Không lấy được số đơn.") }
        return last - count + 1
    }
}
