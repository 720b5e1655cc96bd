import Fluent

/// A complaint found complex from 01/07/2026: which of Decree 155/2026's seven criteria apply ("a,c") and the
/// written finding's number and date (Decree 124/2020, art. 3a, added by Decree 155/2026).
struct M018_AddComplexityFinding: AsyncMigration {
    static let columns = ["complexity_criteria", "complexity_finding_number", "complexity_finding_date"]

    func prepare(on db: any Database) async throws { try await db.addTextColumns("letters", Self.columns) }

    func revert(on db: any Database) async throws { try await db.dropColumns("letters", Self.columns) }
}
