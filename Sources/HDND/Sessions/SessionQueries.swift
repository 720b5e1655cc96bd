import Fluent
import SQLKit

public enum SessionQueries {
    /// Opening days of a council's regular sessions after `day`, soonest first.
    public static func nextRegularOpenings(councilID: Int, after day: Day, limit: Int = 4, db: any Database) async throws -> [Day] {
        try await CouncilSession.query(on: db).filter(\.$councilID == councilID).filter(\.$kind ~~ SessionKind.regularKinds)
            .filter(\.$opensOn > day.description).sort(\.$opensOn).limit(limit).all().compactMap { Day($0.opensOn) }
    }

    /// The due date a petition of this council forwarded on `day` gets by the council's rule, and why.
    public static func petitionDue(councilID: Int, forwardedOn day: Day, fromNationalAssembly: Bool,
                                   db: any Database) async throws -> (due: Day, reason: String) {
        let rule = try await Council.find(councilID, on: db)?.petitionDueRule ?? .standard
        let sessions = rule.mode == .beforeNextSession && !fromNationalAssembly
            ? try await nextRegularOpenings(councilID: councilID, after: day, db: db) : []
        return rule.due(forwardedOn: day, nextRegularSessions: sessions, fromNationalAssembly: fromNationalAssembly)
    }
}
