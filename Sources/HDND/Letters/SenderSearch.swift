import Fluent
import SQLKit

/// Finding a letter by who sent it, for the accounts that may see that sender and no one else: the same rule as the
/// letter's page (`Confidentiality.mayIdentify`) — the account may read the letter, and a denunciation's sender only
/// with the explicit right (`LetterAccess`). The general search index never holds a sender's name.
public enum SenderSearch {
    public struct Hit: Decodable, Sendable {
        public let id: Int, year: Int, number: Int, kind: LetterKind, received_on: String, full_name: String
        /// A denunciation: found by the name for whoever may see it, but the name is not written in a list of results.
        public let confidential: Bool
        public var registerNumber: String { Letter.registerNumber(number, year) }
    }

    public static func letters(named query: String, actor: Actor?, limit: Int = 20, db: any Database) async throws -> [Hit] {
        guard let actor else { return [] }
        let words = searchWords(query, limit: 6)
        guard !words.isEmpty else { return [] }
        // Readable: under a unit the account works on (every unit for an administrator), or forwarded to its agency.
        var readable: [SQLQueryString] = SearchController.readablePaths(actor).map { "u.path LIKE \(bind: $0 + "%")" }
        if !actor.agencyIDs.isEmpty { readable.append("l.agency_id IN (\(binds: actor.agencyIDs))") }
        guard !readable.isEmpty else { return [] }
        var condition: SQLQueryString = "(" + readable.joined(separator: " OR ") + ")"
        for word in words { condition = condition + " AND s.folded LIKE \(bind: "%\(word)%")" }
        return try await db.sql.raw("""
            SELECT l.id, l.year, l.number, l.kind, l.received_on, s.full_name, l.confidential FROM letter_senders s \
            JOIN letters l ON l.id = s.letter_id JOIN units u ON u.id = l.unit_id \
            WHERE l.deleted_at IS NULL AND \(condition) \
            AND (l.confidential = \(SQLLiteral.boolean(false)) OR l.id IN (SELECT a.letter_id FROM letter_access a WHERE a.user_id = \(bind: actor.userID))) \
            ORDER BY l.id DESC LIMIT \(literal: limit)
            """).rows(Hit.self)
    }
}
