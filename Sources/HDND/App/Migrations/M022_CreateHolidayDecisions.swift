import Fluent

/// The yearly decisions on days off (Labour Code 2019, art. 112.3), as data an administrator records.
struct M022_CreateHolidayDecisions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("holiday_decisions").intID()
            .field("year", .int, .required).field("number", .string, .required).field("issued_on", .string)
            .field("issuer", .string, .required).field("summary", .string, .required).field("source", .string, .required)
            .field("days_off", .string, .required).field("working_days", .string, .required).field("verified", .bool, .required)
            .recordColumns().create()
        try await db.index("holiday_decisions", "year")
    }

    func revert(on db: any Database) async throws { try await db.schema("holiday_decisions").delete() }
}
