import Fluent
import SQLKit
import Vapor

/// Reading and reporting tasks: the lists of what a council gave and was given, an agency's tasks, the counts a home page
/// shows, and the assignee's report that a task is done.
public enum Tasks {
    public struct Filters: Sendable {
        /// Tasks a council gave; or those given to a council (`assigneeCouncilID`) or to agencies (`organizationIDs`).
        public var councilID: Int?
        public var assigneeCouncilID: Int?
        public var organizationIDs: [Int]?
        public var status: TaskStatus?
        /// Open with the deadline before this day.
        public var overdueOn: String?
        public var keyword = ""
        /// The follow-ups of one question's answer (its commitments) or of one hearing.
        public var questionID: Int?
        public var hearingID: Int?
        public var briefingID: Int?
        public init() {}
    }

    public struct Row: Decodable, Sendable {
        public let id: Int, council_id: Int, content: String, basis: TaskBasis, basis_ref: String?, assigned_on: String, due_on: String
        public let status: TaskStatus, done_on: String?, council_name: String, assignee_name: String?

        /// Open past its due day: what the list's overdue filter (`overdueOn`) selects.
        public func overdue(on today: String) -> Bool { status == .open && due_on < today }
    }

    static func filtered(_ q: SQLSelectBuilder, _ f: Filters) -> SQLSelectBuilder {
        var q = q.where(SQLColumn("deleted_at", table: "t"), .is, SQLLiteral.null)
        if let v = f.councilID { q = q.where(SQLColumn("council_id", table: "t"), .equal, SQLBind(v)) }
        if let v = f.assigneeCouncilID { q = q.where(SQLColumn("assignee_council_id", table: "t"), .equal, SQLBind(v)) }
        if let v = f.organizationIDs { q = q.where(SQLColumn("organization_id", table: "t"), .in, SQLBind.group(v.isEmpty ? [-1] : v)) }
        if let v = f.questionID { q = q.where(SQLColumn("question_id", table: "t"), .equal, SQLBind(v)) }
        if let v = f.hearingID { q = q.where(SQLColumn("hearing_id", table: "t"), .equal, SQLBind(v)) }
        if let v = f.briefingID { q = q.where(SQLColumn("briefing_id", table: "t"), .equal, SQLBind(v)) }
        if let v = f.status { q = q.where(SQLColumn("status", table: "t"), .equal, SQLBind(v.rawValue)) }
        if let day = f.overdueOn {
            q = q.where(SQLColumn("status", table: "t"), .equal, SQLBind(TaskStatus.open.rawValue)).where(dueBefore(day))
        }
        for word in searchWords(f.keyword) { q = q.where(SQLColumn("folded", table: "t"), .like, SQLBind("%\(word)%")) }
        return q
    }

    /// A page of tasks, newest first, with its pager.
    public static func page(_ f: Filters, before: Int?, after: Int?, size: Int = 50, path: String, query: String?,
                            db: any Database) async throws -> ([Row], Paging.Pager) {
        let fetched = try await rows(f, before: before, after: after, limit: size + 1, db: db)
        let total = try await Paging.count(filtered(db.sql.select().column(SQLColumn("id", table: "t"))
            .from(SQLAlias(SQLIdentifier(CouncilTask.schema), as: SQLIdentifier("t"))), f), db: db)
        return Paging.page(fetched, size: size, before: before, after: after, id: \.id, total: total, noun: "nhiệm vụ",
                           path: path, query: query)
    }

    /// Tasks newest first after or before a cursor, with their council's and assignee's names: the list's rows, an
    /// export's pages and a record's follow-ups, without the list's count.
    public static func rows(_ f: Filters, before: Int?, after: Int?, limit: Int, db: any Database) async throws -> [Row] {
        var q = filtered(db.sql.select()
            .column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("t")))
            .column(SQLAlias(SQLColumn("name", table: "c"), as: SQLIdentifier("council_name")))
            .column(SQLAlias(SQLQueryString("COALESCE(b.name, ac.name, o.name)"), as: SQLIdentifier("assignee_name")))
            .from(SQLAlias(SQLIdentifier(CouncilTask.schema), as: SQLIdentifier("t")))
            .join(SQLAlias(SQLIdentifier("councils"), as: SQLIdentifier("c")), method: SQLJoinMethod.inner, on: SQLColumn("id", table: "c"), .equal, SQLColumn("council_id", table: "t"))
            .join(SQLAlias(SQLIdentifier("bodies"), as: SQLIdentifier("b")), method: SQLJoinMethod.left, on: SQLColumn("id", table: "b"), .equal, SQLColumn("body_id", table: "t"))
            .join(SQLAlias(SQLIdentifier("councils"), as: SQLIdentifier("ac")), method: SQLJoinMethod.left, on: SQLColumn("id", table: "ac"), .equal, SQLColumn("assignee_council_id", table: "t"))
            .join(SQLAlias(SQLIdentifier("organizations"), as: SQLIdentifier("o")), method: SQLJoinMethod.left, on: SQLColumn("id", table: "o"), .equal, SQLColumn("organization_id", table: "t")), f)
        if let after {
            q = q.where(SQLColumn("id", table: "t"), .greaterThan, SQLBind(after)).orderBy(SQLOrderBy(expression: SQLColumn("id", table: "t"), direction: SQLDirection.ascending))
        } else {
            if let before { q = q.where(SQLColumn("id", table: "t"), .lessThan, SQLBind(before)) }
            q = q.orderBy(SQLOrderBy(expression: SQLColumn("id", table: "t"), direction: SQLDirection.descending))
        }
        return try await q.limit(limit).rows(Row.self)
    }

    public static func count(_ f: Filters, db: any Database) async throws -> Int {
        struct N: Decodable { let n: Int }
        return try await filtered(db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from(SQLAlias(SQLIdentifier(CouncilTask.schema), as: SQLIdentifier("t"))), f).firstRow(N.self)?.n ?? 0
    }

    /// An open task is overdue when its due day is before this one: the list's filter and the home page's count alike.
    static func dueBefore(_ day: String) -> SQLBinaryExpression {
        SQLBinaryExpression(SQLColumn("due_on", table: "t"), .lessThan, SQLBind(day))
    }

    /// Open and overdue: what a home page counts, in one statement.
    public static func dueCounts(_ f: Filters, today: Day = .today(), db: any Database) async throws -> (open: Int, overdue: Int) {
        var open = f
        open.status = .open
        struct N: Decodable { let open: Int; let overdue: Int }
        let n = try await filtered(db.sql.select()
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("open")))
            .column(SQLAlias(SQLFunction("COALESCE", args: SQLFunction("SUM", args: SQLQueryString("CASE WHEN \(dueBefore(today.description)) THEN 1 ELSE 0 END")),
                                         SQLLiteral.numeric("0")), as: SQLIdentifier("overdue")))
            .from(SQLAlias(SQLIdentifier(CouncilTask.schema), as: SQLIdentifier("t"))), open).firstRow(N.self)
        return (n?.open ?? 0, n?.overdue ?? 0)
    }

    /// The internal place of the council a task was given to, if it was given to a council.
    static func assigneePlace(_ task: CouncilTask, db: any Database) async throws -> Place? {
        guard let councilID = task.assigneeCouncilID, let council = try await Council.find(councilID, on: db) else { return nil }
        return try await Places.of(unitID: council.unitID, on: db).internalRecords
    }

    /// Where a task is reported on by its assignee: a council below in its own place, an agency as it answers what was
    /// forwarded to it. The giving council's office may record the report as well.
    static func mayReport(_ task: CouncilTask, actor: Actor?, db: any Database) async throws -> Bool {
        if Policy.allows(actor, .answer, try await Places.of(task, on: db)) { return true }
        return try await assigneePlace(task, db: db).map { Policy.allows(actor, .answer, $0) } ?? false
    }

    /// Who may read a task: those who read the giving council's internal records (an agency given it among them), and
    /// those who read the internal records of the council it was given to.
    static func mayRead(_ task: CouncilTask, actor: Actor?, db: any Database) async throws -> Bool {
        if Policy.allows(actor, .read, try await Places.of(task, on: db)) { return true }
        return try await assigneePlace(task, db: db).map { Policy.allows(actor, .read, $0) } ?? false
    }

    /// The assignee's report that the task is done (or still under way, with what was done so far left unsaid):
    /// checked like the form's outcome, versioned, audited.
    public static func report(_ task: CouncilTask, input: FormInput, actor: Actor?, db: any Database) async throws {
        guard try await mayReport(task, actor: actor, db: db) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        guard let expected = input["version"].flatMap(Int.init) else {
            throw ValidationFailure(field: "version", "Thiếu phiên bản của nhiệm vụ; hãy tải lại trang.")
        }
        var v = Validator()
        var one = input
        one["status"] = TaskStatus.done.rawValue
        let (_, doneOn, result) = CouncilTask.outcome(one, assigned: task.assignedOn, &v)
        try v.check()
        let before = task.auditSnapshot
        task.status = .done; task.doneOn = doneOn; task.result = result
        try await RecordWriter(db: db, actor: actor).saveAnswer(task, expectedVersion: expected, before: before,
                                                                 summary: "Báo cáo hoàn thành nhiệm vụ: \(task.displayName)")
    }
}
