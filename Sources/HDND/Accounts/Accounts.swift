import Crypto
import Fluent
import SQLKit
import Vapor

/// Accounts, their grants, tokens and sign-in throttling.
public enum Accounts {
    /// The account and one of its grants (none: all grant columns null), read in one query for every request.
    struct ActorRow: Decodable {
        let username: String
        let full_name: String
        let active: Bool
        let role: Role?
        let organization_id: Int?
        let unit_id: Int?
        let path: String?
    }

    public static func actor(userID: Int, on db: any Database) async throws -> Actor? {
        let rows = try await (db as! any SQLDatabase).raw("""
            SELECT a.username, a.full_name, a.active, g.role, g.organization_id, c.unit_id, u.path FROM users a \
            LEFT JOIN user_grants g ON g.user_id = a.id LEFT JOIN councils c ON c.id = g.council_id LEFT JOIN units u ON u.id = c.unit_id \
            WHERE a.id = \(bind: userID)
            """).all(decoding: ActorRow.self)
        guard let user = rows.first, user.active else { return nil }
        return Actor(userID: userID, username: user.username, fullName: user.full_name,
                     grants: rows.compactMap { r in r.role.map { Grant(role: $0, unitID: r.unit_id, unitPath: r.path, organizationID: r.organization_id) } })
    }

    public static func actor(forToken token: String, on db: any Database) async throws -> Actor? {
        guard let row = try await ApiToken.query(on: db).filter(\.$tokenHash == hash(token)).first() else { return nil }
        return try await actor(userID: row.userID, on: db)
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Creates a token and returns it in clear, once; only its hash is kept.
    public static func issueToken(userID: Int, name: String, by actor: Actor? = nil, on db: any Database) async throws -> String {
        let token = "hdnd_" + [UInt8].random(count: 32).base64URLEncoded
        let row = ApiToken()
        row.userID = userID; row.name = name; row.tokenHash = hash(token)
        try await db.transaction { tx in
            try await row.create(on: tx)
            try await Audit.record(on: tx, actor: actor, action: .create, recordType: RecordKind.user.rawValue, recordID: userID,
                                   unitID: nil, summary: "Tạo mã truy cập API: \(name)", before: [:], after: ["apiToken": name])
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

    /// Creates an account with one grant, checked and audited. Used by `hdnd user create`, the admin pages and the demo.
    public static func createUser(username: String, fullName: String, password: String, role: Role,
                                  councilID: Int?, organizationID: Int?, by actor: Actor?,
                                  hash: (String) throws -> String, on db: any Database) async throws -> User {
        var v = Validator()
        let username = v.text("username", "Tên đăng nhập", username, max: 60).lowercased()
        if !username.isEmpty && !username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
            v.fail("username", "Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang.")
        }
        let fullName = v.text("fullName", "Họ và tên", fullName, max: 120)
        if password.count < 8 { v.fail("password", "Mật khẩu phải có ít nhất 8 ký tự.") }
        if try await User.query(on: db).withDeleted().filter(\.$username == username).first() != nil {
            v.fail("username", "Tên đăng nhập \(username) đã có người dùng.")
        }
        try await checkGrant(role: role, councilID: councilID, organizationID: organizationID, &v, on: db)
        try v.check()
        let user = User()
        user.username = username; user.fullName = fullName; user.active = true; user.version = 1
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

/// Slows down password guessing: after `maxFailures` wrong passwords for one account name
/// within `window` seconds, sign-in for that name is refused until `lockout` seconds pass.
public enum LoginThrottle {
    public static let maxFailures = 5
    public static let window: Double = 15 * 60
    public static let lockout: Double = 15 * 60

    static func key(_ username: String) -> String { fold(username) }

    /// Seconds left on a lock, or nil when sign-in may be tried.
    public static func lockedFor(_ username: String, now: Date = Date(), on db: any Database) async throws -> Int? {
        guard let row = try await LoginAttempt.query(on: db).filter(\.$key == key(username)).first(),
              let until = row.lockedUntil, until > now.timeIntervalSince1970 else { return nil }
        return Int((until - now.timeIntervalSince1970).rounded(.up))
    }

    public static func recordFailure(_ username: String, now: Date = Date(), on db: any Database) async throws {
        let t = now.timeIntervalSince1970
        let row = try await LoginAttempt.query(on: db).filter(\.$key == key(username)).first() ?? {
            let r = LoginAttempt(); r.key = key(username); r.failures = 0; r.windowStart = t; return r
        }()
        if t - row.windowStart > window { row.failures = 0; row.windowStart = t; row.lockedUntil = nil }
        row.failures += 1
        if row.failures >= maxFailures { row.lockedUntil = t + lockout }
        try await row.save(on: db)
    }

    public static func reset(_ username: String, on db: any Database) async throws {
        try await LoginAttempt.query(on: db).filter(\.$key == key(username)).delete()
    }
}
