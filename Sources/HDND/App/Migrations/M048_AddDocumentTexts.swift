import Fluent

/// What a resolution and a notice of conclusions need to be written out as Word documents: a resolution's full text,
/// its signer's post and recipients; a notice's signer, post and recipients.
struct M048_AddDocumentTexts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addTextColumns(Resolution.schema, ["text", "signer_title", "recipients"])
        try await db.addTextColumns(StandingMeeting.schema, ["notice_signer", "notice_signer_title", "notice_recipients"])
    }

    func revert(on db: any Database) async throws {
        try await db.dropColumns(Resolution.schema, ["text", "signer_title", "recipients"])
        try await db.dropColumns(StandingMeeting.schema, ["notice_signer", "notice_signer_title", "notice_recipients"])
    }
}
