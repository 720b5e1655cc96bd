import Fluent
import SQLKit

/// A council's petitions by the day they were forwarded or answered, and an agency's petitions, are indexed only where
/// they have that day or agency: every query of these indexes asks for a day's range or one agency (`>=`, `<=`, `=`,
/// which no empty value meets), and a petition received or imported has neither. Each petition of an import of 100.000
/// (`hdnd import petitions`) added an empty entry to all three (0,15 s of about 4 s, sqlite3 shell).
struct M067_IndexOnlySetDaysAndAgencies: AsyncMigration {
    static let indexes: [(name: String, columns: [String], partial: String, before: String?)] = [
        ("voter_petitions_council_id_forwarded_on_idx", ["council_id", "forwarded_on"], "forwarded_on IS NOT NULL", nil),
        ("voter_petitions_council_id_answered_on_idx", ["council_id", "answered_on"], "answered_on IS NOT NULL", nil),
        ("voter_petitions_agency_id_id_idx", ["agency_id", "id"], "agency_id IS NOT NULL AND deleted_at IS NULL", "deleted_at IS NULL"),
    ]

    func prepare(on db: any Database) async throws {
        for i in Self.indexes { try await db.replaceIndex(i.name, by: i.name, on: VoterPetition.schema, i.columns, partial: i.partial) }
    }

    func revert(on db: any Database) async throws {
        for i in Self.indexes { try await db.replaceIndex(i.name, by: i.name, on: VoterPetition.schema, i.columns, partial: i.before) }
    }
}
