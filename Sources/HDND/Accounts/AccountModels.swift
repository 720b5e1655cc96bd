import Fluent
import Foundation

public final class User: Model, ListedFields, @unchecked Sendable {
    public static let schema = "users"
    @ID(custom: .id) public var id: Int?
    @Field(key: "username") public var username: String
    @Field(key: "full_name") public var fullName: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "active") public var active: Bool
    /// Set for the first administrator and after a reset: the next sign-in leads to changing the password first.
    @Field(key: "must_change_password") public var mustChangePassword: Bool
    /// A demo account whose password is still the published one: listed on the sign-in page of a demo installation.
    @Field(key: "demo_password") public var demoPassword: Bool
    /// Where the daily digest of notifications goes (`Digest`); set by the account itself.
    @OptionalField(key: "email") public var email: String?
    /// The delegate this account belongs to (set by an administrator on the person's page): its home shows their work.
    @OptionalField(key: "person_id") public var personID: Int?
    /// User name and full name folded: what the accounts list's keyword filter looks in.
    @OptionalField(key: "folded") public var folded: String?
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _username, _fullName, _passwordHash, _active, _mustChangePassword, _demoPassword, _email, _personID, _folded, _version,
         _createdAt, _updatedAt, _deletedAt]
    }

    static func folded(username: String, fullName: String) -> String { fold("\(username) \(fullName)") }
}

/// A role granted to an account on a council (by the council's id) or on an agency.
public final class UserGrant: Model, ListedFields, @unchecked Sendable {
    public static let schema = "user_grants"
    @ID(custom: .id) public var id: Int?
    @Field(key: "user_id") public var userID: Int
    @Field(key: "role") public var role: Role
    @OptionalField(key: "council_id") public var councilID: Int?
    @OptionalField(key: "organization_id") public var organizationID: Int?
    public init() {}
    public var listedFields: [any AnyProperty] { [_id, _userID, _role, _councilID, _organizationID] }
}

/// A bearer token for the JSON API; only its SHA-256 is stored.
public final class ApiToken: Model, ListedFields, @unchecked Sendable {
    public static let schema = "api_tokens"
    @ID(custom: .id) public var id: Int?
    @Field(key: "user_id") public var userID: Int
    @Field(key: "name") public var name: String
    @Field(key: "token_hash") public var tokenHash: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?
    /// The last day the token works (ISO); nil: until revoked. A locked account's tokens are deleted with the lock.
    @OptionalField(key: "expires_on") public var expiresOn: String?
    public init() {}
    public var listedFields: [any AnyProperty] { [_id, _userID, _name, _tokenHash, _createdAt, _lastUsedAt, _expiresOn] }
}
