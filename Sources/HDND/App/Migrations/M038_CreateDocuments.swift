import Fluent

/// Documents attached to records, stored by content hash under the data folder.
struct M038_CreateDocuments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Document.schema).intID()
            .field("record_type", .string, .required).field("record_id", .int, .required).field("unit_id", .int, .required)
            .field("file_name", .string, .required).field("kind", .string, .required).field("size", .int, .required)
            .field("sha256", .string, .required).field("is_public", .bool, .required).field("uploaded_by", .string)
            .recordColumns().create()
        try await db.index(Document.schema, "record_type", "record_id")
        try await db.index(Document.schema, "sha256")
    }

    func revert(on db: any Database) async throws { try await db.schema(Document.schema).delete() }
}
