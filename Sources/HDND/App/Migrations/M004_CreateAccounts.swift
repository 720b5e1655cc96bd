import Fluent

struct M004_CreateAccounts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("users").intID()
            .field("username", .string, .required).field("full_name", .string, .required)
            .field("password_hash", .string, .required).field("active", .bool, .required)
            .recordColumns().unique(on: "username").create()
        try await db.schema("user_grants").intID()
            .field("user_id", .int, .required, .references("users", "id"))
            .field("role", .string, .required)
            .field("council_id", .int, .references("councils", "id"))
            .field("organization_id", .int, .references("organizations", "id")).create()
        try await db.index("user_grants", "user_id")
        try await db.schema("api_tokens").intID()
            .field("user_id", .int, .required, .references("users", "id"))
            .field("name", .string, .required).field("token_hash", .string, .required)
            .field("created_at", .datetime).field("last_used_at", .datetime)
            .unique(on: "token_hash").create()
        try await db.index("api_tokens", "user_id")
        try await db.schema("login_attempts").intID()
            .field("key", .string, .required).field("failures", .int, .required)
            .field("window_start", .double, .required).field("locked_until", .double)
            .unique(on: "key").create()
    }

    func revert(on db: any Database) async throws {
        for table in ["login_attempts", "api_tokens", "user_grants", "users"] { try await db.schema(table).delete() }
    }
}
