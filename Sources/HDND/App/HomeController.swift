import Fluent
import Vapor

struct HomePage: Encodable {
    let layout: LayoutContext
    let signedIn: Bool
    let isAdmin: Bool
    let myCouncils: [DirectoryViews.Link]
    let today: String
}

/// The front page: for a signed-in account, the councils it works on; for a visitor, the way in.
struct HomeController {
    func register(_ app: any RoutesBuilder) {
        app.get(use: home)
    }

    func home(req: Request) async throws -> View {
        var councils: [DirectoryViews.Link] = []
        if let actor = req.actor {
            let unitIDs = actor.grants.compactMap(\.unitID)
            if !unitIDs.isEmpty {
                let rows = try await Council.query(on: req.db).filter(\.$unitID ~~ unitIDs).sort(\.$name).all()
                councils = rows.map { c in
                    let role = actor.grants.first { $0.unitID == c.unitID }?.role.label
                    return DirectoryViews.Link(label: c.name, href: RecordKind.council.path(c.id!), note: role)
                }
            }
        }
        let page = HomePage(layout: req.layoutContext(title: "Trang chủ"), signedIn: req.actor != nil, isAdmin: req.actor?.isAdmin == true,
                            myCouncils: councils, today: VietnameseFormat.longDate(Day.today().description))
        return try await req.view.render("App/home", page)
    }
}
