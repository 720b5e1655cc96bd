import Fluent

/// Why a case was found complex or its deadline extended, and who decided: recorded beside the facts that
/// lengthen a legal deadline (Law on Complaints art. 28, 37; Law on Denunciation art. 30).
struct M015_AddLetterDecisions: AsyncMigration {
    static let columns = ["complexity_note", "complexity_decided_by", "extension_decided_by"]

    func prepare(on db: any Database) async throws { try await db.addTextColumns("letters", Self.columns) }

    func revert(on db: any Database) async throws { try await db.dropColumns("letters", Self.columns) }
}
