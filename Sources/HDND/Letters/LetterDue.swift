import Fluent
import SQLKit

/// A letter's next legal deadline, stored on the letter (`letters.next_due`) so that the register's overdue and
/// due-this-week filters, its order by deadline and every count of them are answered by an index, not by computing
/// every letter's deadlines. It depends on the letter and on the holiday calendar only (never on today), so it is
/// written whenever either changes: each write of a letter, each write of a holiday decision, each bulk insert.
public enum LetterDue {
    /// The day (ISO) of the first step still to do, as `LetterRules.next` chooses it; nil when nothing is due.
    public static func next(_ facts: LetterFacts, outcome: LetterOutcome, calendar: HolidayCalendar) -> String? {
        LetterRules.next(facts.deadlines(calendar), outcome: outcome)?.due.description
    }

    /// After a letter's write, in its transaction.
    static func store(_ letter: Letter, on db: any Database) async throws {
        let due = next(letter.facts, outcome: letter.outcome, calendar: try await HolidayDecisions.calendar(on: db))
        letter.nextDue = due
        try await db.sql.update(Letter.schema).set("next_due", to: SQLBind(due)).where("id", .equal, letter.id!).run()
    }

    /// Recomputes the stored day of every letter that `scope` selects (deleted ones included), a thousand at a time,
    /// one statement per distinct day. Returns how many changed.
    @discardableResult
    static func refresh(_ scope: SQLQueryString, on db: any Database) async throws -> Int {
        let calendar = try await HolidayDecisions.calendar(on: db)
        struct Stored: Decodable { let next_due: String? }
        var after = 0, changed = 0
        while true {
            let rows = try await db.sql.raw("""
                SELECT \(unsafeRaw: LetterQueries.columns.joined(separator: ", ")), next_due FROM letters \
                WHERE (\(scope)) AND id > \(bind: after) ORDER BY id LIMIT 1000
                """).all()
            guard !rows.isEmpty else { return changed }
            var byDay: [String?: [Int]] = [:]
            for raw in rows {
                let r = try raw.plain(LetterQueries.Row.self)
                let stored = try raw.plain(Stored.self).next_due
                let due = LetterRules.next(r.deadlines(calendar), outcome: r.outcome)?.due.description
                if due != stored { byDay[due, default: []].append(r.id) }
                after = r.id
            }
            for (due, ids) in byDay {
                try await db.sql.update(Letter.schema).set("next_due", to: SQLBind(due)).where("id", .in, SQLBind.group(ids)).run()
                changed += ids.count
            }
        }
    }
}
