import Fluent
import SQLKit

/// Tasks given by a council (`CouncilTask`) and the hand-over's count of them.
struct M030_CreateTasks: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CouncilTask.schema).intID()
            .field("council_id", .int, .required).field("unit_id", .int, .required)
            .field("content", .string, .required).field("basis", .string, .required).field("basis_ref", .string)
            .field("assigned_on", .string, .required).field("due_on", .string, .required)
            .field("body_id", .int).field("assignee_council_id", .int).field("organization_id", .int)
            .field("status", .string, .required).field("done_on", .string).field("result", .string)
            .field("handover_id", .int).field("folded", .string, .required)
            .recordColumns().create()
        // A council's list newest first, its open and overdue counts; the same for a council below and an agency.
        try await db.index(CouncilTask.schema, "council_id", "status", "due_on")
        try await db.index(CouncilTask.schema, "assignee_council_id", "status", "due_on")
        try await db.index(CouncilTask.schema, "organization_id", "status", "due_on")
        try await db.schema(Handover.schema).field("tasks", .int, .required, .sql(.default(0))).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Handover.schema).deleteField("tasks").update()
        try await db.schema(CouncilTask.schema).delete()
    }
}
