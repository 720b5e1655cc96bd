import Fluent
import SQLKit
import Vapor

struct HomePage: Encodable {
    let layout: LayoutContext
    let signedIn: Bool
    let isAdmin: Bool
    /// What is due, per council the account works on and per agency it answers for.
    let work: [Worklist.Section]
    /// For the administrator: the work of each province's council and every council under it, quarter by quarter.
    let overview: [SVGChart.Chart]
    let today: String
}

/// The front page: for a signed-in account, what is due today where it works; for a visitor, the way in.
struct HomeController {
    func register(_ app: any RoutesBuilder) {
        app.get(use: home)
        // For a load balancer's health check, and the ceiling a load benchmark measures pages against: no work at all.
        app.get("suc-khoe") { _ in "ok" }
    }

    func home(req: Request) async throws -> View {
        var work: [Worklist.Section] = []
        if let actor = req.actor {
            let unitIDs = actor.grants.compactMap(\.unitID)
            if !unitIDs.isEmpty {
                // A delegate's own work first, when the account is linked to the person. The councils as plain rows
                // (a model is read through a reflection of its fields).
                let councils = try await req.db.sql.raw("""
                    SELECT c.id, c.unit_id, c.name, u.path FROM councils c JOIN units u ON u.id = c.unit_id \
                    WHERE c.unit_id IN (\(binds: unitIDs)) AND c.deleted_at IS NULL ORDER BY c.name
                    """).rows(Places.CouncilPlace.self)
                for c in councils {
                    let role = actor.grants.first { $0.unitID == c.unit_id }?.role ?? .delegate
                    if let personID = actor.personID, role != .office, let own = try await DelegateActivity.section(personID: personID, council: c, kept: req.application.figures, db: req.db) {
                        work.append(own)
                    }
                    work.append(try await Worklist.council(c, role: role, kept: req.application.figures, db: req.db))
                }
            }
            if !actor.agencyIDs.isEmpty {
                // Each agency's day is the same for all its accounts: kept while the records stay the same (its seven
                // counts were most of an agency's home page on PostgreSQL).
                let agencies = actor.agencyIDs.sorted()
                work += try await req.application.figures.value("agency work \(agencies) \(Day.today())", on: req.db) {
                    var sections: [Worklist.Section] = []
                    for o in try await Organization.query(on: req.db).filter(\.$id ~~ agencies).sort(\.$name).all() {
                        sections.append(try await Worklist.agency(o, db: req.db))
                    }
                    return sections
                }
            }
        }
        var overview: [SVGChart.Chart] = []
        if req.actor?.isAdmin == true {
            struct Top: Decodable { let id: Int; let unit_id: Int }
            for c in try await req.db.sql.raw("""
                SELECT c.id, c.unit_id FROM councils c JOIN units u ON u.id = c.unit_id \
                WHERE u.parent_id IS NULL AND u.valid_to IS NULL AND c.deleted_at IS NULL ORDER BY u.code LIMIT 5
                """).rows(Top.self) {
                if let chart = try await Charts.termByQuarter(councilID: c.id, unitID: c.unit_id, until: .today(),
                                                             kept: req.application.figures, db: req.db) { overview.append(chart) }
            }
        }
        let page = HomePage(layout: req.layoutContext(title: "Trang chủ"), signedIn: req.actor != nil, isAdmin: req.actor?.isAdmin == true,
                            work: work, overview: overview, today: VietnameseFormat.longDate(Day.today().description))
        return try await req.view.render("App/home", page)
    }
}
