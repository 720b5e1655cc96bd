import Fluent
import SQLKit

/// The indexes of a petition's merge (`merged_into_id`) and of the session it was reported at (`reported_session_id`)
/// hold only the petitions that have one. Both are looked up by a value (`= ?`, which only a set reference meets), and
/// almost every petition has neither: a whole index of a million empty entries took a second of `hdnd demo --scale 1`
/// to build, each time a bulk load builds the indexes again (`BulkLoad`).
struct M065_IndexOnlySetReferences: AsyncMigration {
    static let columns = ["merged_into_id", "reported_session_id"]

    func prepare(on db: any Database) async throws {
        for column in Self.columns {
            let name = "\(VoterPetition.schema)_\(column)_idx"
            try await db.replaceIndex(name, by: name, on: VoterPetition.schema, [column], partial: "\(column) IS NOT NULL")
        }
    }

    func revert(on db: any Database) async throws {
        for column in Self.columns {
            let name = "\(VoterPetition.schema)_\(column)_idx"
            try await db.replaceIndex(name, by: name, on: VoterPetition.schema, [column])
        }
    }
}
