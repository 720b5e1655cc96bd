import Fluent
import SQLKit

public enum SessionQueries {
    /// Opening days of a council's regular sessions after `day`, soonest first.
    public static func nextRegularOpenings(councilID: Int, after day: Day, limit: Int = 4, db: any Database) async throws -> [Day] {
        struct Row: Decodable { let opens_on: String }
        return try await db.sql.select().column("opens_on").from(CouncilSession.schema)
            .where("council_id", .equal, councilID).where("kind", .in, SessionKind.regularKinds.map(\.rawValue))
            .where("opens_on", .greaterThan, day.description).where("deleted_at", .is, SQLLiteral.null)
            .orderBy("opens_on").limit(limit).rows(Row.self).compactMap { Day($0.opens_on) }
    }

    /// The due date a petition of this council forwarded on `day` gets by the council's rule, and why.
    public static func petitionDue(councilID: Int, forwardedOn day: Day, fromNationalAssembly: Bool,
                                   db: any Database) async throws -> (due: Day, reason: String) {
        // Plain rows, not models: the petition's page states the rule on every view.
        struct Rule: Decodable { let petition_due_mode: PetitionDueMode; let petition_due_days: Int }
        let rule = try await db.sql.select().columns("petition_due_mode", "petition_due_days").from(Council.schema)
            .where("id", .equal, councilID).where("deleted_at", .is, SQLLiteral.null).firstRow(Rule.self)
            .map { PetitionDueRule(mode: $0.petition_due_mode, days: $0.petition_due_days) } ?? .standard
        let sessions = rule.mode == .beforeNextSession && !fromNationalAssembly
            ? try await nextRegularOpenings(councilID: councilID, after: day, db: db) : []
        return rule.due(forwardedOn: day, nextRegularSessions: sessions, fromNationalAssembly: fromNationalAssembly)
    }
}
