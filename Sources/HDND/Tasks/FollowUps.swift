import Fluent
import Vapor

/// The follow-ups of a record, on its page: a question's commitments, a hearing's items to carry out — each a task
/// with its assignee and deadline, reported done by the assignee like any task (`Tasks.report`).
struct FollowUps: Encodable, Sendable {
    let heading: String
    let items: [TasksController.Item]
    /// "02 việc đang thực hiện", and "01 quá hạn" when some are.
    let openText: String, overdueText: String?
    let anyOpen: Bool
    /// The form for a new one, for those who give the council's tasks.
    let addHref: String?
    let addLabel: String

    static func of(question q: Question, actor: Actor?, kept: FigureCache, db: any Database) async throws -> FollowUps {
        var f = Tasks.Filters()
        f.questionID = q.id
        return try await make(f, councilID: q.councilID, heading: "Cam kết khi trả lời", addQuery: "question=\(q.id!)",
                              addLabel: "Ghi cam kết", actor: actor, kept: kept, db: db)
    }

    static func of(hearing h: ExplanationHearing, actor: Actor?, kept: FigureCache, db: any Database) async throws -> FollowUps {
        var f = Tasks.Filters()
        f.hearingID = h.id
        return try await make(f, councilID: h.councilID, heading: "Việc phải thực hiện theo kết luận", addQuery: "hearing=\(h.id!)",
                              addLabel: "Thêm việc phải thực hiện", actor: actor, kept: kept, db: db)
    }

    static func of(briefing b: BriefingConference, actor: Actor?, kept: FigureCache, db: any Database) async throws -> FollowUps {
        var f = Tasks.Filters()
        f.briefingID = b.id
        return try await make(f, councilID: b.councilID, heading: "Nhiệm vụ giao HĐND cấp dưới", addQuery: "briefing=\(b.id!)",
                              addLabel: "Giao nhiệm vụ", actor: actor, kept: kept, db: db)
    }

    private static func make(_ f: Tasks.Filters, councilID: Int, heading: String, addQuery: String, addLabel: String, actor: Actor?,
                             kept: FigureCache, db: any Database) async throws -> FollowUps {
        // Kept between requests while the records stay the same (`FigureCache`: tasks and the names they show are counted
        // in its revision), as the rest of these pages is: one statement fewer on each.
        let key = "follow-ups \(f.questionID ?? 0) \(f.hearingID ?? 0) \(f.briefingID ?? 0)"
        let rows = try await kept.value(key, on: db) { try await Tasks.rows(f, before: nil, after: nil, limit: 200, db: db) }
        let today = Day.today().description
        let items = rows.reversed().map { TasksController.item($0, today: today) }
        let place = try await Places.council(councilID, kept: kept, on: db).place.internalRecords
        let overdue = items.filter(\.overdue).count
        return FollowUps(heading: heading, items: items,
                         openText: "\(VietnameseFormat.count(rows.filter { $0.status == .open }.count)) việc đang thực hiện",
                         overdueText: overdue > 0 ? "\(VietnameseFormat.count(overdue)) quá hạn" : nil,
                         anyOpen: rows.contains { $0.status == .open },
                         addHref: Policy.allows(actor, .create, place) ? RecordKind.task.newPath + "?" + addQuery : nil, addLabel: addLabel)
    }
}
