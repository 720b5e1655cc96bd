@testable import HDND
import Testing

/// Every role × place × action. The places form a small tree: city (/1/) ⊃ district (/1/2/) ⊃ wards A (/1/2/3/), B (/1/2/4/).
@Suite struct PolicyMatrixTests {
    static let city = Place(unitID: 1, unitPath: "/1/")
    static let district = Place(unitID: 2, unitPath: "/1/2/")
    static let wardA = Place(unitID: 3, unitPath: "/1/2/3/")
    static let wardB = Place(unitID: 4, unitPath: "/1/2/4/")
    static let internalWardA = Place(unitID: 3, unitPath: "/1/2/3/", visibility: .internalRecord)
    static let internalCity = Place(unitID: 1, unitPath: "/1/", visibility: .internalRecord)
    static let forwardedToAgency = Place(unitID: 3, unitPath: "/1/2/3/", visibility: .internalRecord, organizationID: 9)
    static let adminOnly = Place(unitID: 2, unitPath: "/1/2/", adminOnlyWrites: true)

    static func actor(_ role: Role, on place: Place?, organization: Int? = nil) -> Actor {
        Actor(userID: 1, username: "u", fullName: "U",
              grants: [Grant(role: role, unitID: place?.unitID, unitPath: place?.unitPath, organizationID: organization)])
    }

    static let officeA = actor(.office, on: wardA)
    static let officeDistrict = actor(.office, on: district)
    static let standingDistrict = actor(.standing, on: district)
    static let delegateDistrict = actor(.delegate, on: district)
    static let agency9 = actor(.agency, on: nil, organization: 9)
    static let admin = actor(.admin, on: nil)

    struct Case: CustomTestStringConvertible, Sendable {
        let who: String, actor: Actor?, action: Action, place: Place, placeName: String, allowed: Bool
        var testDescription: String { "\(who) \(action.rawValue) \(placeName) → \(allowed ? "yes" : "no")" }
    }

    static let cases: [Case] = {
        let actors: [(String, Actor?)] = [("public", nil), ("officeA", officeA), ("officeDistrict", officeDistrict),
                                           ("standingDistrict", standingDistrict), ("delegateDistrict", delegateDistrict),
                                           ("agency9", agency9), ("admin", admin)]
        let places: [(String, Place)] = [("city", city), ("district", district), ("wardA", wardA), ("wardB", wardB),
                                          ("internalWardA", internalWardA), ("internalCity", internalCity),
                                          ("forwardedToAgency", forwardedToAgency), ("adminOnly", adminOnly)]
        // The expected answer, spelled out per role: the policy must match this table exactly.
        func expected(_ who: String, _ action: Action, _ placeName: String) -> Bool {
            if who == "admin" { return true }
            switch action {
            case .read:
                if !placeName.hasPrefix("internal") && placeName != "forwardedToAgency" { return true }  // the directory is public
                switch who {
                case "officeA": return placeName == "internalWardA" || placeName == "forwardedToAgency"
                case "officeDistrict", "standingDistrict", "delegateDistrict": return placeName != "internalCity"
                case "agency9": return placeName == "forwardedToAgency"
                default: return false
                }
            case .create, .update, .delete:
                switch who {
                case "officeA": return ["wardA", "internalWardA", "forwardedToAgency"].contains(placeName)
                case "officeDistrict": return placeName == "district"
                default: return false
                }
            case .viewAudit:
                switch who {
                case "officeA": return ["wardA", "internalWardA", "forwardedToAgency"].contains(placeName)
                case "officeDistrict", "standingDistrict": return !["city", "internalCity"].contains(placeName)
                default: return false
                }
            case .manageAccounts: return false
            case .answer:
                switch who {
                case "officeA": return ["wardA", "internalWardA", "forwardedToAgency"].contains(placeName)
                case "officeDistrict": return ["district", "adminOnly"].contains(placeName)
                case "agency9": return placeName == "forwardedToAgency"
                default: return false
                }
            }
        }
        var all: [Case] = []
        for (who, actor) in actors { for action in Action.allCases { for (name, place) in places {
            all.append(Case(who: who, actor: actor, action: action, place: place, placeName: name, allowed: expected(who, action, name)))
        } } }
        return all
    }()

    @Test(arguments: cases) func decides(_ c: Case) {
        #expect(Policy.allows(c.actor, c.action, c.place) == c.allowed)
    }

    @Test func onlyAdminsManageAccountsOrReadTheGlobalAudit() {
        for a in [Self.officeA, Self.officeDistrict, Self.standingDistrict, Self.delegateDistrict, Self.agency9] {
            #expect(!Policy.allowsGlobally(a, .manageAccounts))
            #expect(!Policy.allowsGlobally(a, .viewAudit))
        }
        #expect(!Policy.allowsGlobally(nil, .viewAudit))
        #expect(Policy.allowsGlobally(Self.admin, .manageAccounts))
    }
}
