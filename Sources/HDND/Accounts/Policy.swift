/// Who may do what, where. Every check in the system calls `Policy.allows`; nothing
/// else decides. Tested as a matrix of role × place × action.
public enum Role: String, Codable, CaseIterable, Sendable {
    case admin, office, standing, delegate, agency

    public var label: String {
        switch self {
        case .admin: "Quản trị hệ thống"
        case .office: "Văn phòng"
        case .standing: "Thường trực HĐND"
        case .delegate: "Đại biểu HĐND"
        case .agency: "Cơ quan trả lời"
        }
    }
}

public enum Action: String, CaseIterable, Sendable {
    case read, create, update, delete, viewAudit, manageAccounts
    /// An agency answers what was forwarded to it (the office may record the answer too).
    case answer
}

/// A role held by an account on one council (by its unit) or one agency.
public struct Grant: Sendable, Equatable {
    public let role: Role
    /// The unit of the council the role is granted on; nil for a system-wide admin or an agency.
    public let unitID: Int?
    /// The unit's materialised path ("/1/7/256/"), so "this council and every council below" is a prefix test.
    public let unitPath: String?
    /// The organization an agency account answers for.
    public let organizationID: Int?

    public init(role: Role, unitID: Int? = nil, unitPath: String? = nil, organizationID: Int? = nil) {
        self.role = role; self.unitID = unitID; self.unitPath = unitPath; self.organizationID = organizationID
    }

    func covers(_ place: Place) -> Bool {
        guard let unitPath else { return false }
        return place.unitPath.hasPrefix(unitPath)
    }
}

/// A signed-in account as the policy sees it.
public struct Actor: Sendable {
    public let userID: Int
    public let username: String
    public let fullName: String
    /// The account signed in with a password it must change first (the first administrator's, a reset one).
    public let mustChangePassword: Bool
    public let grants: [Grant]

    /// The agencies this account answers for (what is forwarded to them is its inbox).
    public var agencyIDs: [Int] { grants.compactMap { $0.role == .agency ? $0.organizationID : nil } }

    /// Notifications not read yet: counted with the account's grants, in the same query, for the header.
    public let unreadNotifications: Int
    /// The delegate this account belongs to, if any: a delegate writes the records that are their own (their questions).
    public let personID: Int?

    public init(userID: Int, username: String, fullName: String, mustChangePassword: Bool = false, unreadNotifications: Int = 0,
                personID: Int? = nil, grants: [Grant]) {
        self.userID = userID; self.username = username; self.fullName = fullName; self.mustChangePassword = mustChangePassword
        self.unreadNotifications = unreadNotifications; self.personID = personID; self.grants = grants
    }

    public var isAdmin: Bool { grants.contains { $0.role == .admin } }
    public func has(_ role: Role) -> Bool { grants.contains { $0.role == role } }
}

/// Where a record lives: the unit whose council owns it.
public struct Place: Sendable, Equatable {
    public enum Visibility: Sendable { case publicRecord, internalRecord }
    public let unitID: Int
    public let unitPath: String
    public let visibility: Visibility
    /// Units and councils are set up by administrators only.
    public let adminOnlyWrites: Bool
    /// The agency a record is forwarded to, if any.
    public let organizationID: Int?
    /// The delegate whose own record it is (a question they asked), if any.
    public let ownerPersonID: Int?

    public init(unitID: Int, unitPath: String, visibility: Visibility = .publicRecord,
                adminOnlyWrites: Bool = false, organizationID: Int? = nil, ownerPersonID: Int? = nil) {
        self.unitID = unitID; self.unitPath = unitPath; self.visibility = visibility
        self.adminOnlyWrites = adminOnlyWrites; self.organizationID = organizationID; self.ownerPersonID = ownerPersonID
    }
}

public enum Policy {
    public static func allows(_ actor: Actor?, _ action: Action, _ place: Place) -> Bool {
        if actor?.isAdmin == true { return true }
        switch action {
        case .read:
            if place.visibility == .publicRecord { return true }
            guard let actor else { return false }
            return actor.grants.contains { grant in
                switch grant.role {
                case .admin: true
                case .office, .standing, .delegate: grant.covers(place)
                case .agency: grant.organizationID != nil && grant.organizationID == place.organizationID
                }
            }
        case .create, .update, .delete:
            guard let actor, !place.adminOnlyWrites else { return false }
            // Writing only where granted: the office of exactly this council, not the ones below; a delegate of exactly this
            // council writes only a record that is their own.
            return actor.grants.contains { grant in
                guard grant.unitID == place.unitID else { return false }
                return grant.role == .office
                    || (grant.role == .delegate && actor.personID != nil && actor.personID == place.ownerPersonID)
            }
        case .viewAudit:
            guard let actor else { return false }
            return actor.grants.contains { ($0.role == .office || $0.role == .standing) && $0.covers(place) }
        case .manageAccounts:
            return false
        case .answer:
            guard let actor else { return false }
            return actor.grants.contains { grant in
                (grant.role == .office && grant.unitID == place.unitID)
                    || (grant.role == .agency && grant.organizationID != nil && grant.organizationID == place.organizationID)
            }
        }
    }

    /// Whether `actor` may do `action` in at least one place (asked before the place is known).
    public static func allowsSomewhere(_ actor: Actor?, _ action: Action, adminOnlyWrites: Bool) -> Bool {
        guard let actor else { return false }
        if actor.isAdmin { return true }
        switch action {
        case .create, .update, .delete: return !adminOnlyWrites && actor.has(.office)
        case .read: return true
        case .viewAudit: return actor.has(.office) || actor.has(.standing)
        case .answer: return actor.has(.office) || actor.has(.agency)
        case .manageAccounts: return false
        }
    }

    /// System-wide actions that are not tied to one place.
    public static func allowsGlobally(_ actor: Actor?, _ action: Action) -> Bool {
        actor?.isAdmin == true
    }
}
