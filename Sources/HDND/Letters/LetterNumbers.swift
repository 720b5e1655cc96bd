import Fluent
import SQLKit

/// Numbers of a council's letters register, one sequence per year.
public enum LetterNumbers {
    /// Takes `count` consecutive numbers and returns the first. Call inside the transaction that writes the letters.
    public static func take(_ count: Int = 1, councilID: Int, year: Int, on db: any Database) async throws -> Int {
        try await RegisterNumbers.take(count, register: "letters", councilID: councilID, year: year, highestUsed: """
            SELECT MAX(number) FROM letters WHERE council_id = \(bind: councilID) AND year = \(bind: year) AND number > 0
            """, on: db)
    }
}
