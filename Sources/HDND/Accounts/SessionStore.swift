import Fluent
import SQLKit
import Vapor

/// Signed-in sessions, kept in the database (`web_sessions`) so that several `hdnd serve` processes share them.
/// - Only a signed-in session is stored: an anonymous visitor leaves no row (the sign-in form's token is a cookie).
/// - A session ends on the server after `idleLimit` without a request and `absoluteLimit` after sign-in, whatever the
///   cookie says; ended sessions are purged as new ones begin.
/// - Each row names its account, so changing or resetting a password or locking the account ends its sessions.
/// - The id is stored as its SHA-256: a copy of the table opens no session.
/// - Data is written back only when it changed, and the time last seen at most every `touchInterval`.
struct SessionStore: AsyncSessionDriver {
    /// Signed out after two hours without a request: an office computer left open is not left open for long.
    static let idleLimit: Double = 2 * 3600
    /// And twelve hours after signing in, in any case: one working day.
    static let absoluteLimit: Double = 12 * 3600
    static let touchInterval: Double = 300

    private struct Read: StorageKey { typealias Value = [String: String] }
    /// The session's account as read with it: nil when the session was not read; `.some(nil)` when its account is locked.
    struct ReadActor: StorageKey { typealias Value = Actor? }
    struct Row: Decodable { let data: String; let created_at: Double; let seen_at: Double }

    /// Stored like an API token: its SHA-256 (`Accounts.hash`).
    static func hash(_ id: String) -> String { Accounts.hash(id) }

    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        let id = SessionID(string: [UInt8].random(count: 32).base64URLEncoded)
        guard let user = data["userId"].flatMap(Int.init) else { return id }
        let now = Date().timeIntervalSince1970
        try await Self.purge(now: now, on: request.db)
        try await request.db.sql.insert(into: "web_sessions").columns("id_hash", "user_id", "data", "created_at", "seen_at")
            .values(SQLBind(Self.hash(id.string)), SQLBind(user), SQLBind(Self.encode(data)), SQLBind(now), SQLBind(now)).run()
        return id
    }

    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        let key = Self.hash(sessionID.string)
        // The session and its account in one read (`ActorMiddleware` takes the account from here).
        let rows = try await Accounts.actorRows(Row.self, from: "web_sessions l JOIN users a ON a.id = l.user_id", columns: ["data", "created_at", "seen_at"],
                                                where: "l.id_hash = \(bind: key)", on: request.db)
        guard let row = rows.first?.lead else { return nil }
        let now = Date().timeIntervalSince1970
        if now - row.seen_at > Self.idleLimit || now - row.created_at > Self.absoluteLimit {
            try await request.db.sql.delete(from: "web_sessions").where("id_hash", .equal, key).run()
            return nil
        }
        if now - row.seen_at > Self.touchInterval {
            try await request.db.sql.update("web_sessions").set("seen_at", to: now).where("id_hash", .equal, key).run()
        }
        let values = (try? JSONDecoder().decode([String: String].self, from: Data(row.data.utf8))) ?? [:]
        request.storage[Read.self] = values
        request.storage[ReadActor.self] = .some(Accounts.actor(from: rows))
        request.storage[FigureRevision.ReadWithAccount.self] = rows.first?.actor.figure_revision
        return SessionData(initialData: values)
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) async throws -> SessionID {
        if request.storage[Read.self] == data.snapshot { return sessionID }
        guard let user = data["userId"].flatMap(Int.init) else {
            // Signed out inside the session: nothing of it stays.
            try await deleteSession(sessionID, for: request)
            return sessionID
        }
        let key = Self.hash(sessionID.string)
        let updated = try await request.db.sql.update("web_sessions").set("data", to: Self.encode(data)).set("user_id", to: user)
            .where("id_hash", .equal, key).returning("id_hash").all()
        // A session ended meanwhile (its password changed) is not brought back by a late write.
        if updated.isEmpty { return SessionID(string: [UInt8].random(count: 32).base64URLEncoded) }
        return sessionID
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
        try await request.db.sql.delete(from: "web_sessions").where("id_hash", .equal, Self.hash(sessionID.string)).run()
    }

    static func encode(_ data: SessionData) -> String {
        String(decoding: (try? JSONEncoder().encode(data.snapshot)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Removes the sessions that have ended.
    static func purge(now: Double = Date().timeIntervalSince1970, on db: any Database) async throws {
        try await db.sql.delete(from: "web_sessions")
            .where("seen_at", .lessThan, now - idleLimit).orWhere("created_at", .lessThan, now - absoluteLimit).run()
    }

    /// Ends every session of an account (its password changed or was reset, it was locked), except `keeping`
    /// (the session of someone changing their own password).
    static func end(userID: Int, keeping: SessionID? = nil, on db: any Database) async throws {
        var q = db.sql.delete(from: "web_sessions").where("user_id", .equal, userID)
        if let keeping { q = q.where("id_hash", .notEqual, hash(keeping.string)) }
        try await q.run()
    }
}
