import Fluent
import SQLKit

/// A letter's next legal deadline, stored on the letter (`letters.next_due`) so that the register's overdue and
/// due-this-week filters, its order by deadline and every count of them are answered by an index, not by computing
/// every letter's deadlines. It depends on the letter and on the holiday calendar only (never on today), so it is
/// written whenever either changes: each write of a letter, each write of a holiday decision, each bulk insert.
public enum LetterDue {
    /// The first step still to do, as `LetterRules.next` chooses it; nil when nothing is due.
    public static func next(_ facts: LetterFacts, outcome: LetterOutcome, calendar: HolidayCalendar) -> LetterDeadline? {
        LetterRules.next(facts.deadlines(calendar), outcome: outcome)
    }

    /// The stored columns: the day (ISO) and the label lists show beside it ("Giải quyết khiếu nại"), nil when nothing
    /// is due. The label is kept with the day so that a list reads neither a letter's 38 columns of facts nor computes
    /// its deadlines (a fifth of a letters page's CPU on PostgreSQL, issue 11).
    static let columns = ["next_due", "next_label"]
    static func values(_ next: LetterDeadline?) -> [String?] { [next?.due.description, next?.label] }

    /// After a letter's write, in its transaction.
    static func store(_ letter: Letter, on db: any Database) async throws {
        let next = next(letter.facts, outcome: letter.outcome, calendar: try await HolidayDecisions.calendar(on: db))
        letter.nextDue = next?.due.description
        let values = values(next)
        try await db.sql.update(Letter.schema).set("next_due", to: SQLBind(values[0])).set("next_label", to: SQLBind(values[1]))
            .where("id", .equal, letter.id!).run()
    }

    /// Recomputes the stored deadline of every letter that `scope` selects (deleted ones included), a thousand at a
    /// time, one statement per distinct deadline. Returns how many changed.
    @discardableResult
    static func refresh(_ scope: SQLQueryString, on db: any Database) async throws -> Int {
        let calendar = try await HolidayDecisions.calendar(on: db)
        struct Stored: Decodable { let next_due: String?, next_label: String? }
        var after = 0, changed = 0
        while true {
            let rows = try await db.sql.raw("""
                SELECT \(unsafeRaw: Facts.columns.joined(separator: ", ")), next_due, next_label FROM letters \
                WHERE (\(scope)) AND id > \(bind: after) ORDER BY id LIMIT 1000
                """).all()
            guard !rows.isEmpty else { return changed }
            var byNext: [[String?]: [Int]] = [:]
            for raw in rows {
                let r = try raw.plain(Facts.self)
                let stored = try raw.plain(Stored.self)
                let next = values(LetterRules.next(r.deadlines(calendar), outcome: r.outcome))
                if next != [stored.next_due, stored.next_label] { byNext[next, default: []].append(r.id) }
                after = r.id
            }
            for (next, ids) in byNext {
                try await db.sql.update(Letter.schema).set("next_due", to: SQLBind(next[0])).set("next_label", to: SQLBind(next[1]))
                    .where("id", .in, SQLBind.group(ids)).run()
                changed += ids.count
            }
        }
    }

    /// The columns a letter's deadlines are computed from.
    struct Facts: Decodable {
        let id: Int, received_on: String, kind: LetterKind, outcome: LetterOutcome, accepted_on: String?, decision: LetterDecision?
        let round: Int, complex: Bool, remote_area: Bool, several_places: Bool, delegated_verification: Bool, extensions: Int
        let suspended_on: String?, resumed_on: String?, channel: LetterChannel, eligible: Bool?, closed_on: String?
        let forwarded_on: String?, notice_sent_on: String?, suspension_sent_on: String?, resumption_sent_on: String?
        let decision_sent_on: String?, dialogue_on: String?, dialogue_notified_on: String?
        let result_resolved_on: String?, result_received_on: String?, citizen_notified_on: String?

        static let columns = ["id", "received_on", "kind", "outcome", "accepted_on", "decision", "round", "complex", "remote_area",
                              "several_places", "delegated_verification", "extensions", "suspended_on", "resumed_on", "channel", "eligible",
                              "closed_on"] + M023_AddNoticeDays.letterColumns

        func deadlines(_ calendar: HolidayCalendar) -> [LetterDeadline] {
            LetterFacts(kind: kind, channel: channel, receivedOn: Day(stored: received_on), eligible: eligible,
                        acceptedOn: accepted_on.flatMap { Day($0) }, decision: decision,
                        round: round, conditions: .init(complex: complex, remoteArea: remote_area, severalPlaces: several_places,
                                                     delegatedVerification: delegated_verification),
                        extensions: extensions, suspension: LetterRules.Suspension(from: suspended_on, until: resumed_on),
                        outcome: outcome, closedOn: closed_on.flatMap { Day($0) },
                        events: LetterEvents(forwarded: forwarded_on, noticeSent: notice_sent_on, suspensionSent: suspension_sent_on,
                                             resumptionSent: resumption_sent_on, decisionSent: decision_sent_on, dialogue: dialogue_on,
                                             dialogueNotified: dialogue_notified_on, resultResolved: result_resolved_on,
                                             resultReceived: result_received_on, citizenNotified: citizen_notified_on)).deadlines(calendar)
        }
    }
}
