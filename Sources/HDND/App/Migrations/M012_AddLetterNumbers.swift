import Fluent

/// The last number taken in each council's register per year: taking a number is one atomic update,
/// so two clerks saving at the same instant get two numbers (a MAX + 1 read could give both the same).
/// Also: letters by agency, for an agency's list of what was forwarded to it.
struct M012_AddLetterNumbers: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("letter_numbers")
            .field("council_id", .int, .required, .references("councils", "id"))
            .field("year", .int, .required).field("last", .int, .required)
            .unique(on: "council_id", "year").create()
        try await db.index("letters", "agency_id", "outcome")
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw("DROP INDEX IF EXISTS letters_agency_id_outcome_idx").run()
        try await db.schema("letter_numbers").delete()
    }
}
