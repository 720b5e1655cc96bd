import Fluent
import Vapor

/// The directory's read pages: the unit tree as of a day, and the pages of a unit, council, body, person, organization.
struct DirectoryController {
    func register(_ app: any RoutesBuilder) {
        app.get(PathComponent(stringLiteral: RecordKind.unit.slug), use: unitTree)
        app.get(PathComponent(stringLiteral: RecordKind.unit.slug), ":id", use: unit)
        app.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", use: council)
        app.get(PathComponent(stringLiteral: RecordKind.body.slug), ":id", use: body)
        app.get(PathComponent(stringLiteral: RecordKind.person.slug), ":id", use: person)
        app.get(PathComponent(stringLiteral: RecordKind.organization.slug), ":id", use: organization)
        // Terms, constituencies and posts are shown on their council's or person's page.
        app.get(PathComponent(stringLiteral: RecordKind.term.slug), ":id") { req async throws -> Response in
            guard let term = try await Term.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
            return req.redirect(to: try await term.viewPath(on: req.db))
        }
        app.get(PathComponent(stringLiteral: RecordKind.constituency.slug), ":id") { req async throws -> Response in
            guard let c = try await Constituency.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
            return req.redirect(to: try await c.viewPath(on: req.db))
        }
        app.get(PathComponent(stringLiteral: RecordKind.membership.slug), ":id") { req async throws -> Response in
            guard let m = try await Membership.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
            return req.redirect(to: try await m.viewPath(on: req.db))
        }
    }

    /// `?ngay=` accepts 2025-06-30 or 30/06/2025; a bad day is a 400 naming the field.
    static func day(_ req: Request) throws -> Day {
        guard let raw = req.queryValue("ngay"), !raw.isEmpty else { return Day.today() }
        var v = Validator()
        let day = v.dayValue("ngay", "Ngày xem", raw)
        try v.check()
        return day ?? Day.today()
    }

    func unitTree(req: Request) async throws -> View {
        let day = try Self.day(req)
        var v = Validator()
        let keyword = Paging.keyword(req, &v)
        try v.check()
        let page = try await DirectoryViews.unitTree(parentID: req.queryInt("cha"), day: day, keyword: keyword,
                                                     after: req.queryValue("sau"), before: req.queryValue("truoc"),
                                                     layout: req.layoutContext(title: "Đơn vị hành chính"),
                                                     actor: req.actor, db: req.db)
        return try await req.view.render("Directory/units", page)
    }

    func unit(req: Request) async throws -> View {
        let id = try req.parameters.require("id", as: Int.self)
        let page = try await DirectoryViews.unitPage(id: id, layout: req.layoutContext(title: "Đơn vị hành chính"),
                                                     actor: req.actor, db: req.db)
        return try await req.view.render("Directory/unit", page)
    }

    func council(req: Request) async throws -> View {
        let id = try req.parameters.require("id", as: Int.self)
        let page = try await DirectoryViews.councilPage(id: id, termID: req.queryInt("nhiem-ky"),
                                                        layout: req.layoutContext(title: "Hội đồng nhân dân"),
                                                        actor: req.actor, kept: req.application.figures, db: req.db)
        return try await req.view.render("Directory/council", page)
    }

    func body(req: Request) async throws -> View {
        let id = try req.parameters.require("id", as: Int.self)
        let page = try await DirectoryViews.bodyPage(id: id, layout: req.layoutContext(title: "Cơ quan của HĐND"),
                                                     actor: req.actor, db: req.db)
        return try await req.view.render("Directory/holder", page)
    }

    func person(req: Request) async throws -> View {
        let id = try req.parameters.require("id", as: Int.self)
        let page = try await DirectoryViews.personPage(id: id, layout: req.layoutContext(title: "Cá nhân"), actor: req.actor, db: req.db)
        return try await req.view.render("Directory/person", page)
    }

    func organization(req: Request) async throws -> View {
        let id = try req.parameters.require("id", as: Int.self)
        let page = try await DirectoryViews.organizationPage(id: id, layout: req.layoutContext(title: "Tổ chức, cơ quan"),
                                                             actor: req.actor, db: req.db)
        return try await req.view.render("Directory/holder", page)
    }
}
