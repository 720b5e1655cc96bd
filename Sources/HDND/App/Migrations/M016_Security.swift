import Fluent
import Foundation
import SQLKit
import Vapor

/// What the security review asked the records to remember:
/// - a letter that is or ever was a denunciation stays confidential (`letters.confidential`), and so does a reception
///   visit about a denunciation; who may see a confidential visitor is recorded like a letter's reader (`visit_access`);
/// - sessions in a table of our own, with when they began and were last used, tied to their account;
/// - an account that must change its password at the next sign-in, and demo accounts whose password is still the
///   published one; API tokens that expire;
/// - sign-in failures counted per account name and per address, with a delay instead of a lock.
struct M016_Security: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("letters").field("confidential", .bool, .required, .sql(.default(false))).update()
        // Ever a denunciation: today's kind, or a kind the audit trail shows it had.
        try await db.sql.raw("""
            UPDATE letters SET confidential = \(bind: true) WHERE kind = 'denunciation' OR id IN \
            (SELECT record_id FROM audit_entries WHERE record_type = 'letter' AND changes LIKE '%"denunciation"%')
            """).run()
        try await db.sql.raw("UPDATE reception_visits SET confidential = \(bind: true) WHERE kind = 'denunciation'").run()

        try await db.schema("visit_access").intID()
            .field("visit_id", .int, .required, .references("reception_visits", "id"))
            .field("user_id", .int, .required, .references("users", "id"))
            .field("granted_by", .int, .required).field("created_at", .datetime)
            .unique(on: "visit_id", "user_id").create()
        // Whoever recorded a confidential visit has seen the visitor: the right they had is written down.
        try await db.sql.raw("""
            INSERT INTO visit_access (visit_id, user_id, granted_by, created_at) \
            SELECT DISTINCT a.record_id, a.user_id, a.user_id, a.at FROM audit_entries a \
            JOIN reception_visits v ON v.id = a.record_id AND v.confidential = \(bind: true) \
            JOIN users u ON u.id = a.user_id WHERE a.record_type = 'receptionVisit' AND a.action = 'create'
            """).run()
        try await Confidentiality.scrubVisitors(on: db)

        try await db.schema("web_sessions")
            .field("id_hash", .string, .identifier(auto: false))
            .field("user_id", .int).field("data", .string, .required)
            .field("created_at", .double, .required).field("seen_at", .double, .required).create()
        try await db.index("web_sessions", "user_id")
        try await db.index("web_sessions", "seen_at")

        try await db.schema("users").field("must_change_password", .bool, .required, .sql(.default(false))).update()
        try await db.schema("users").field("demo_password", .bool, .required, .sql(.default(false))).update()
        // Demo accounts whose password is still the published one (checked against each hash, once): the demo's
        // usernames when this migration was written, kept here so that the migration does not change with the demo.
        let usernames = ["admin", "vanphong.hbt", "thuongtruc.hbt", "daibieu.hbt", "coquan.hbt", "vanphong.cukhoi"]
        struct U: Decodable { let id: Int; let password_hash: String }
        let demo = try await db.sql.raw("""
            SELECT id, password_hash FROM users WHERE username IN (\(binds: usernames))
            """).rows(U.self)
        for user in demo where (try? Bcrypt.verify(DemoData.password, created: user.password_hash)) == true {
            try await db.sql.update("users").set("demo_password", to: true).where("id", .equal, user.id).run()
        }
        try await db.schema("api_tokens").field("expires_on", .string).update()

        try await db.schema("login_attempts").field("next_at", .double, .required, .sql(.default(0))).update()
        try await db.schema("login_attempts").deleteField("locked_until").update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("login_attempts").field("locked_until", .double).update()
        try await db.schema("login_attempts").deleteField("next_at").update()
        try await db.schema("api_tokens").deleteField("expires_on").update()
        try await db.schema("users").deleteField("demo_password").update()
        try await db.schema("users").deleteField("must_change_password").update()
        try await db.schema("web_sessions").delete()
        try await db.schema("visit_access").delete()
        try await db.schema("letters").deleteField("confidential").update()
    }
}
