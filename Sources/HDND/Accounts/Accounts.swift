import Fluent
import SQLKit
import Vapor

/// Accounts, their grants, tokens and sign-in throttling.
public enum Accounts {
    /// The account and one of its grants (none: all grant columns null), read in one query for every request (`actorRows`).
    struct ActorRow: Decodable {
        let actor_id: Int
        let username: String
        let full_name: String
        let active: Bool
        let must_change_password: Bool
        let unread: Int
        let person_id: Int?
        let role: Role?
        let organization_id: Int?
        let unit_id: Int?
        let path: String?
        /// The figures' revision, read with the account so that a page need not read it again (`FigureRevision.seen`).
        let figure_revision: Int?
    }

    /// A row of `actorRows`: the leading table's columns (`Lead`) and the account's.
    struct LeadAndActor<Lead: Decodable>: Decodable {
        let lead: Lead
        let actor: ActorRow
        init(from decoder: any Decoder) throws {
            lead = try Lead(from: decoder)
            actor = try ActorRow(from: decoder)
        }
    }
    struct NoColumns: Decodable {}

    public static func actor(userID: Int, on db: any Database) async throws -> Actor? {
        try await actor(from: actorRows(NoColumns.self, from: "users a", where: "a.id = \(bind: userID)", on: db))
    }

    /// The account, each of its grants (one row per grant) and its unread notifications, read in one query with what
    /// led to it: `from` ends with the accounts as `a` ("web_sessions l JOIN users a ON a.id = l.user_id"), and the
    /// rows carry the leading table's `columns` too (a session's data, a token's last day). Every signed-in request
    /// starts with this one read.
    static func actorRows<Lead: Decodable>(_ lead: Lead.Type, from: String, columns: [String] = [], where condition: SQLQueryString,
                                           on db: any Database) async throws -> [LeadAndActor<Lead>] {
        let lead = columns.map { "l.\($0), " }.joined()
        let rows = try await db.sql.raw("""
            SELECT \(unsafeRaw: lead)a.id AS actor_id, a.username, a.full_name, a.active, a.must_change_password, a.person_id, g.role, g.organization_id, \
            c.unit_id, u.path, (SELECT COUNT(*) FROM notifications n WHERE n.user_id = a.id AND n.read_at IS NULL) AS unread, \
            \(unsafeRaw: FigureRevision.column) \
            FROM \(unsafeRaw: from) LEFT JOIN user_grants g ON g.user_id = a.id LEFT JOIN councils c ON c.id = g.council_id \
            LEFT JOIN units u ON u.id = c.unit_id WHERE 
            """ + condition).rows(LeadAndActor<Lead>.self)
        if let revision = rows.first?.actor.figure_revision { FigureRevision.seen?.learn(revision) }
        return rows
    }

    /// The account of `actorRows`: none when there is no row or the account is locked.
    static func actor<Lead>(from rows: [LeadAndActor<Lead>]) -> Actor? {
        let decoded = rows.map(\.actor)
        guard let user = decoded.first, user.active else { return nil }
        return Actor(userID: user.actor_id, username: user.username, fullName: user.full_name, mustChangePassword: user.must_change_password,
                     unreadNotifications: user.unread, personID: user.person_id, grants: decoded.compactMap { r in r.role.map { Grant(role: $0, unitID: r.unit_id, unitPath: r.path, organizationID: r.organization_id) } })
    }

    /// The account behind an API token: none when the token is unknown, past its last day, or its account is locked.
    /// The time of use is written at most every few minutes (not a write per call).
    public static func actor(forToken token: String, today: Day = .today(), on db: any Database) async throws -> Actor? {
        struct TokenRow: Decodable { let id: Int; let expires_on: String?; let last_used_at: Date? }
        let rows = try await actorRows(TokenRow.self, from: "api_tokens l JOIN users a ON a.id = l.user_id", columns: ["id", "expires_on", "last_used_at"],
                                       where: "l.token_hash = \(bind: hash(token))", on: db)
        guard let row = rows.first?.lead else { return nil }
        if let last = row.expires_on, last < today.description { return nil }
        guard let actor = actor(from: rows) else { return nil }
        let now = Date()
        if now.timeIntervalSince(row.last_used_at ?? .distantPast) > 300 {
            try await db.sql.update(ApiToken.schema).set("last_used_at", to: now).where("id", .equal, row.id).run()
        }
        return actor
    }

    static func hash(_ token: String) -> String {
        sha256Hex(Data(token.utf8))
    }

    /// Creates a token and returns it in clear, once; only its hash is kept.
    public static func issueToken(userID: Int, name: String, expiresOn: String? = nil, by actor: Actor? = nil,
                                  on db: any Database) async throws -> String {
        let token = "hdnd_" + [UInt8].random(count: 32).base64URLEncoded
        let row = ApiToken()
        row.userID = userID; row.name = name; row.tokenHash = hash(token); row.expiresOn = expiresOn
        try await db.transaction { tx in
            try await row.create(on: tx)
            try await Audit.record(on: tx, actor: actor, action: .create, recordType: RecordKind.user.rawValue, recordID: userID,
                                   unitID: nil, summary: "Tạo mã truy cập API: \(name)", before: [:], after: ["apiToken": name, "expiresOn": expiresOn ?? ""])
        }
        return token
    }

    public static func revokeToken(_ token: ApiToken, by actor: Actor, on db: any Database) async throws {
        try await db.transaction { tx in
            try await token.delete(on: tx)
            try await Audit.record(on: tx, actor: actor, action: .delete, recordType: RecordKind.user.rawValue, recordID: token.userID,
                                   unitID: nil, summary: "Thu hồi mã truy cập API: \(token.name)", before: ["apiToken": token.name], after: [:])
        }
    }

    /// A grant must name what it is granted on: a council for office, standing and delegate; an organization for agency.
    static func checkGrant(role: Role, councilID: Int?, organizationID: Int?, _ v: inout Validator, on db: any Database) async throws {
        switch role {
        case .admin: break
        case .agency:
            if try await organizationID.asyncMap({ try await Organization.find($0, on: db) }) == nil {
                v.fail("organizationID", "Tài khoản cơ quan phải gắn với một tổ chức, cơ quan có trong danh bạ.")
            }
        default:
            if try await councilID.asyncMap({ try await Council.find($0, on: db) }) == nil {
                v.fail("councilID", "Hãy chọn Hội đồng nhân dân mà tài khoản làm việc.")
            }
        }
    }

    static func makeGrant(userID: Int, role: Role, councilID: Int?, organizationID: Int?) -> UserGrant {
        let grant = UserGrant()
        grant.userID = userID; grant.role = role
        grant.councilID = role == .admin || role == .agency ? nil : councilID
        grant.organizationID = role == .agency ? organizationID : nil
        return grant
    }

    static func grantSnapshot(_ g: UserGrant) -> [String: String] {
        ["role": g.role.rawValue, "councilID": g.councilID.map(String.init) ?? "", "organizationID": g.organizationID.map(String.init) ?? ""]
    }

    /// Adds a role to an existing account (one person may work for several councils).
    public static func addGrant(userID: Int, role: Role, councilID: Int?, organizationID: Int?, by actor: Actor,
                                on db: any Database) async throws {
        var v = Validator()
        try await checkGrant(role: role, councilID: councilID, organizationID: organizationID, &v, on: db)
        try v.check()
        let grant = makeGrant(userID: userID, role: role, councilID: councilID, organizationID: organizationID)
        try await db.transaction { tx in
            try await grant.create(on: tx)
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: RecordKind.user.rawValue, recordID: userID,
                                   unitID: nil, summary: "Thêm vai trò: \(role.label)", before: [:], after: grantSnapshot(grant))
        }
    }

    public static func removeGrant(_ grant: UserGrant, by actor: Actor, on db: any Database) async throws {
        try await db.transaction { tx in
            try await grant.delete(on: tx)
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: RecordKind.user.rawValue, recordID: grant.userID,
                                   unitID: nil, summary: "Bỏ vai trò: \(grant.role.label)", before: grantSnapshot(grant), after: [:])
        }
    }

    /// A password of at least 8 characters (and at most 200: bcrypt reads only the first 72 bytes anyway).
    static func checkPassword(_ password: String, field: String, _ v: inout Validator) {
        if password.count < 8 { v.fail(field, "Mật khẩu phải có ít nhất 8 ký tự.") }
        else if password.count > 200 { v.fail(field, "Mật khẩu dài quá 200 ký tự.") }
    }

    /// Sets an account's password (already hashed), ends its sessions but `keeping`, and audits that it changed.
    static func setPassword(_ user: User, to hash: String, mustChange: Bool, by actor: Actor, keeping: SessionID?,
                            summary: String, on db: any Database) async throws {
        guard let id = user.id else { return }
        user.passwordHash = hash; user.mustChangePassword = mustChange; user.demoPassword = false
        try await db.transaction { tx in
            try await user.save(on: tx)
            try await SessionStore.end(userID: id, keeping: keeping, on: tx)
            // The audit says that the password changed, never what it is.
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: RecordKind.user.rawValue, recordID: id,
                                   unitID: nil, summary: summary, before: ["password": "•••"], after: ["password": "••• (mới)"])
        }
    }

    /// Asks the owner to change the password before anything else; audited.
    static func requirePasswordChange(_ user: User, by actor: Actor, on db: any Database) async throws {
        guard let id = user.id, !user.mustChangePassword else { return }
        user.mustChangePassword = true
        try await db.transaction { tx in
            try await user.save(on: tx)
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: RecordKind.user.rawValue, recordID: id, unitID: nil,
                                   summary: "Buộc đổi mật khẩu: \(user.username)", before: ["mustChangePassword": "không"],
                                   after: ["mustChangePassword": "có"])
        }
    }

    public struct CouncilAccountRow: Decodable, Sendable { public let id: Int; public let username: String; public let full_name: String; public let person_id: Int? }

    /// The accounts working on the council of `unitID` (office, standing committee, delegates), by username.
    static func councilAccounts(unitID: Int, db: any Database) async throws -> [CouncilAccountRow] {
        try await db.sql.raw("""
            SELECT DISTINCT a.id, a.username, a.full_name, a.person_id FROM users a JOIN user_grants g ON g.user_id = a.id \
            JOIN councils c ON c.id = g.council_id WHERE c.unit_id = \(bind: unitID) AND a.deleted_at IS NULL ORDER BY a.username
            """).rows(CouncilAccountRow.self)
    }

    /// Says which account belongs to `person` (nil: none); the account must work on the person's council. One account per
    /// person: linking another unlinks the first.
    static func linkPerson(_ person: Person, userID: Int?, by actor: Actor, on db: any Database) async throws {
        let accounts = try await councilAccounts(unitID: person.unitID, db: db)
        if let userID, !accounts.contains(where: { $0.id == userID }) {
            throw ValidationFailure(field: "userID", "Tài khoản này không làm việc ở Hội đồng của người này.")
        }
        let before = accounts.filter { $0.person_id == person.id }.map(\.username).joined(separator: ", ")
        try await db.transaction { tx in
            try await tx.sql.update("users").set("person_id", to: SQLLiteral.null).where("person_id", .equal, person.id!).run()
            if let userID { try await tx.sql.update("users").set("person_id", to: person.id!).where("id", .equal, userID).run() }
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: RecordKind.person.rawValue, recordID: person.id!,
                                   unitID: person.unitID, summary: "Gắn tài khoản cho \(person.fullName)", before: ["account": before],
                                   after: ["account": accounts.first { $0.id == userID }?.username ?? ""])
        }
    }

    /// The account's own address for the daily digest; audited like every change of an account.
    static func setEmail(userID: Int, _ email: String?, by actor: Actor, on db: any Database) async throws {
        guard let user = try await User.find(userID, on: db), user.email != email else { return }
        let before = user.email ?? ""
        user.email = email
        try await db.transaction { tx in
            try await user.save(on: tx)
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: RecordKind.user.rawValue, recordID: userID, unitID: nil,
                                   summary: "Thư điện tử nhận thông báo: \(user.username)", before: ["email": before], after: ["email": email ?? ""])
        }
    }

    /// Locks or reopens an account. A locked account's sessions end and its API tokens are deleted: reopening it
    /// does not bring them back.
    static func setActive(_ user: User, _ active: Bool, by actor: Actor, on db: any Database) async throws {
        guard let id = user.id, user.active != active else { return }
        user.active = active
        try await db.transaction { tx in
            try await user.save(on: tx)
            var after = ["active": active ? "có" : "không"]
            if !active {
                try await SessionStore.end(userID: id, on: tx)
                let tokens = try await ApiToken.query(on: tx).filter(\.$userID == id).all()
                try await ApiToken.query(on: tx).filter(\.$userID == id).delete()
                if !tokens.isEmpty { after["apiTokensDeleted"] = tokens.map(\.name).joined(separator: ", ") }
            }
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: RecordKind.user.rawValue, recordID: id,
                                   unitID: nil, summary: "Tài khoản: \(user.username)", before: ["active": active ? "không" : "có"], after: after)
        }
    }

    /// Creates an account with one grant, checked and audited. Used by `hdnd user create`, the admin pages and the demo.
    public static func createUser(username: String, fullName: String, password: String, role: Role,
                                  councilID: Int?, organizationID: Int?, by actor: Actor?, mustChangePassword: Bool = false,
                                  hash: (String) throws -> String, on db: any Database) async throws -> User {
        var v = Validator()
        let username = v.text("username", "Tên đăng nhập", username, max: 60).lowercased()
        if !username.isEmpty && !username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
            v.fail("username", "Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang.")
        }
        let fullName = v.text("fullName", "Họ và tên", fullName, max: 120)
        checkPassword(password, field: "password", &v)
        if try await User.query(on: db).withDeleted().filter(\.$username == username).first() != nil {
            v.fail("username", "Tên đăng nhập \(username) đã có người dùng.")
        }
        try await checkGrant(role: role, councilID: councilID, organizationID: organizationID, &v, on: db)
        try v.check()
        let user = User()
        user.username = username; user.fullName = fullName; user.active = true; user.version = 1
        user.folded = User.folded(username: username, fullName: fullName)
        user.mustChangePassword = mustChangePassword; user.demoPassword = false
        user.passwordHash = try hash(password)
        try await db.transaction { tx in
            try await user.create(on: tx)
            let grant = makeGrant(userID: user.id!, role: role, councilID: councilID, organizationID: organizationID)
            try await grant.create(on: tx)
            try await Audit.record(on: tx, actor: actor, action: .create, recordType: RecordKind.user.rawValue,
                                   recordID: user.id!, unitID: nil, summary: "Tài khoản: \(username)", before: [:],
                                   after: ["username": username, "fullName": fullName, "role": role.rawValue,
                                           "councilID": grant.councilID.map(String.init) ?? "",
                                           "organizationID": grant.organizationID.map(String.init) ?? ""])
        }
        return user
    }
}

/// Slows down password guessing without letting anyone lock an account out. Failures are counted per account
/// name and per address (atomically, in the database, so several processes share them); after a few, each further
/// attempt must wait, longer each time. For an account name the wait stays short (`nameMaxDelay`), so that someone
/// guessing from many addresses cannot keep its owner out; for an address it grows to a quarter of an hour.
public enum LoginThrottle {
    public struct Rule: Sendable {
        let freeFailures: Int, maxDelay: Double
        /// Seconds to wait after the `failures`-th failure: 1, 2, 4, … up to `maxDelay`.
        func delay(after failures: Int) -> Double {
            guard failures > freeFailures else { return 0 }
            return min(maxDelay, pow(2, Double(min(failures - freeFailures - 1, 30))))
        }
    }
    /// An account name: five free tries, then at most a minute between tries.
    public static let name = Rule(freeFailures: 5, maxDelay: 60)
    /// An address: twenty free tries (an office shares one address), then up to fifteen minutes.
    public static let address = Rule(freeFailures: 20, maxDelay: 15 * 60)
    /// Failures older than this are forgotten.
    public static let window: Double = 15 * 60

    /// What is counted: the name, and the address when known.
    static func keys(username: String, address: String) -> [(String, Rule)] {
        [("name:" + fold(username), name)] + (address.isEmpty ? [] : [("ip:" + address, Self.address)])
    }

    /// Seconds before sign-in may be tried again for this name from this address, or nil when it may be tried now.
    public static func wait(username: String, address: String, now: Date = Date(), on db: any Database) async throws -> Int? {
        struct R: Decodable { let next_at: Double }
        let rows = try await db.sql.select().column("next_at").from("login_attempts")
            .where("key", .in, keys(username: username, address: address).map(\.0)).rows(R.self)
        let until = rows.map(\.next_at).max() ?? 0
        let t = now.timeIntervalSince1970
        return until > t ? Int((until - t).rounded(.up)) : nil
    }

    /// Counts a failure for the name and the address (one atomic statement each) and sets the wait before the next try.
    public static func recordFailure(username: String, address: String, now: Date = Date(), on db: any Database) async throws {
        struct R: Decodable { let failures: Int }
        let t = now.timeIntervalSince1970
        for (key, rule) in keys(username: username, address: address) {
            let rows = try await db.sql.raw("""
                INSERT INTO login_attempts (key, failures, window_start, next_at) VALUES (\(bind: key), 1, \(bind: t), 0) \
                ON CONFLICT (key) DO UPDATE SET \
                failures = CASE WHEN login_attempts.window_start < \(bind: t - window) THEN 1 ELSE login_attempts.failures + 1 END, \
                window_start = CASE WHEN login_attempts.window_start < \(bind: t - window) THEN \(bind: t) ELSE login_attempts.window_start END \
                RETURNING failures
                """).rows(R.self)
            let delay = rule.delay(after: rows.first?.failures ?? 1)
            if delay > 0 {
                try await db.sql.update("login_attempts").set("next_at", to: t + delay)
                    .where("key", .equal, key).where("next_at", .lessThan, t + delay).run()
            }
        }
    }

    /// A right password clears the name's failures (not the address's: one's own account must not reset a guesser's count).
    public static func succeeded(username: String, on db: any Database) async throws {
        try await db.sql.delete(from: "login_attempts").where("key", .equal, "name:" + fold(username)).run()
    }
}
