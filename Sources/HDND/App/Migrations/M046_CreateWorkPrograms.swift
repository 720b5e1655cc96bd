import Fluent
import SQLKit

/// Work programs, their items and the records that carry them out, targets, and issued period reports.
struct M046_CreateWorkPrograms: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(WorkProgram.schema).intID()
            .field("council_id", .int, .required, .references(Council.schema, "id")).field("unit_id", .int, .required)
            .field("body_id", .int, .references(Body.schema, "id")).field("title", .string, .required)
            .field("period_from", .string, .required).field("period_to", .string, .required).field("preamble", .string)
            .field("issued_on", .string).field("number", .int).field("number_year", .int)
            .field("signer", .string).field("signer_title", .string).field("recipients", .string)
            .field("folded", .string, .required).recordColumns().create()
        try await db.index(WorkProgram.schema, "council_id", "period_from")
        try await db.schema(WorkItem.schema).intID()
            .field("program_id", .int, .required, .references(WorkProgram.schema, "id"))
            .field("council_id", .int, .required).field("unit_id", .int, .required)
            .field("owner", .string, .required).field("body_id", .int, .references(Body.schema, "id")).field("owner_note", .string)
            .field("content", .string, .required).field("planned_month", .string, .required).field("planned_on", .string)
            .field("kind", .string, .required).field("state", .string, .required).field("done_on", .string)
            .field("folded", .string, .required).recordColumns().create()
        try await db.index(WorkItem.schema, "program_id", "planned_month")
        // The calendar reads a council's items of a month.
        try await db.index(WorkItem.schema, "council_id", "planned_month")
        try await db.schema("work_item_records")
            .field("item_id", .int, .required, .references(WorkItem.schema, "id"))
            .field("record_type", .string, .required).field("record_id", .int, .required)
            .unique(on: "item_id", "record_type", "record_id").create()
        try await db.index("work_item_records", "record_type", "record_id")
        try await db.schema(Target.schema).intID()
            .field("council_id", .int, .required, .references(Council.schema, "id")).field("unit_id", .int, .required)
            .field("program_id", .int, .references(WorkProgram.schema, "id"))
            .field("measure", .string, .required).field("scope", .string, .required).field("minimum", .int, .required)
            .field("period_from", .string, .required).field("period_to", .string, .required).field("note", .string)
            .recordColumns().create()
        try await db.index(Target.schema, "council_id", "period_from")
        try await db.index(Target.schema, "program_id")
        try await db.schema(PeriodReport.schema).intID()
            .field("council_id", .int, .required, .references(Council.schema, "id")).field("unit_id", .int, .required)
            .field("period_from", .string, .required).field("period_to", .string, .required).field("title", .string, .required)
            .field("narrative", .string, .required).field("figures", .string)
            .field("issued_on", .string).field("number", .int).field("number_year", .int)
            .field("signer", .string).field("signer_title", .string).field("recipients", .string)
            .field("folded", .string, .required).recordColumns().create()
        try await db.index(PeriodReport.schema, "council_id", "period_from")
        // Targets and review meetings count a body's oversights and voter meetings of a period.
        try await db.index(Oversight.schema, "body_id", "fieldwork_from")
        try await db.index("voter_meetings", "body_id", "date")
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "voter_meetings_body_id_date_idx").run()
        try await db.sql.drop(index: "\(Oversight.schema)_body_id_fieldwork_from_idx").run()
        try await db.schema(PeriodReport.schema).delete()
        try await db.schema(Target.schema).delete()
        try await db.schema("work_item_records").delete()
        try await db.schema(WorkItem.schema).delete()
        try await db.schema(WorkProgram.schema).delete()
    }
}
