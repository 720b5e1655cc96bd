import Fluent
import SQLKit
import Vapor

struct GrantItem: Sendable { let label: String; let removeHref: String }

/// An account as the list shows it, written in Swift through `HTML` (`row(csrf:)`): Leaf's loop over 50 accounts with
/// their roles and forms was two fifths of the page's CPU (`perf`, issue 11).
struct AccountRow: Sendable {
    let id: Int
    let username: String
    let fullName: String
    let active: Bool
    /// The signed-in administrator's own row: it cannot lock itself or drop its own roles.
    let isSelf: Bool
    let grants: [GrantItem]
    /// This list with the form that adds a role to this account: the councils and agencies to choose from are listed
    /// once on the page, not once per account.
    let addGrantLink: String
    let toggleHref: String
    let passwordHref: String
    /// Makes the owner change the password at the next page, keeping it meanwhile (shown while not already asked).
    let forceChangeHref: String?
    let auditHref: String
}

struct AccountsPage: Encodable {
    let layout: LayoutContext
    let accounts: HTML
    let empty: Bool
    let pager: Paging.Pager
    let filters: AccountsController.ListFilters
    let roleFilter: Options
    /// The new account's fields (`FormField.html`).
    let form: HTML
    let formError: String?
    /// The account a role is being added to (`them-vai-tro=`), with where the form posts and its choices.
    let adding: AddingGrant?
}

struct AddingGrant: Encodable {
    let username: String; let action: String; let cancelHref: String
    let roles: Options; let councils: Options; let organizations: Options
}

struct TokenRow: Encodable { let id: Int; let name: String; let created: String; let expires: String; let lastUsed: String; let revokeHref: String }

struct MyAccountPage: Encodable {
    let layout: LayoutContext
    let username: String
    let fullName: String
    let tokens: [TokenRow]
    let newToken: String?
    let email: String
}

/// Account management for administrators, and each account's own page (API tokens).
struct AccountsController {
    func register(_ app: any RoutesBuilder) {
        app.get("quan-tri", "tai-khoan", use: list)
        app.post("quan-tri", "tai-khoan", use: create)
        app.post("quan-tri", "tai-khoan", ":id", "khoa", use: toggle)
        app.post("quan-tri", "tai-khoan", ":id", "vai-tro", use: addGrant)
        app.post("quan-tri", "tai-khoan", ":id", "vai-tro", ":grant", "xoa", use: removeGrant)
        app.post("quan-tri", "tai-khoan", ":id", "mat-khau", use: resetPassword)
        app.post("quan-tri", "tai-khoan", ":id", "buoc-doi-mat-khau", use: forcePasswordChange)
        app.post(PathComponent(stringLiteral: RecordKind.person.slug), ":id", "tai-khoan", use: linkPerson)
        app.get("tai-khoan-cua-toi", use: mine)
        app.post("tai-khoan-cua-toi", "ma-api", use: issueToken)
        app.post("tai-khoan-cua-toi", "ma-api", ":id", "thu-hoi", use: revokeToken)
    }

    func requireAdmin(_ req: Request) throws -> Actor {
        let actor = try req.requireActor()
        guard Policy.allowsGlobally(actor, .manageAccounts) else { throw Abort(.forbidden) }
        return actor
    }

    struct GrantLabelRow: Decodable { let id: Int; let user_id: Int; let role: Role; let council_name: String?; let organization_name: String? }

    /// What the accounts list is narrowed to: words of the user name, full name or a granted council or agency, and a role.
    struct ListFilters: Encodable {
        var keyword = ""
        var role: Role?
        var page = 1
        static let pageSize = 50
        var roleValue: String { role?.rawValue ?? "" }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(keyword, forKey: .keyword); try c.encode(roleValue, forKey: .role)
        }
        enum CodingKeys: String, CodingKey { case keyword, role }
    }

    func filters(_ req: Request) throws -> ListFilters {
        var v = Validator(), f = ListFilters()
        f.keyword = Paging.keyword(req, &v)
        if let raw = req.queryValue("vai-tro"), !raw.isEmpty { f.role = v.choice("vai-tro", "Vai trò", raw, as: Role.self) }
        f.page = Paging.number(req, &v)
        try v.check()
        return f
    }

    /// This list as filtered, with the add-role form for `adding` (none: without it).
    static func listLink(_ req: Request, adding: Int?) -> String {
        var items = (URLComponents(string: req.url.string)?.queryItems ?? []).filter { $0.name != "them-vai-tro" }
        if let adding { items.append(URLQueryItem(name: "them-vai-tro", value: String(adding))) }
        var c = URLComponents(); c.path = "/quan-tri/tai-khoan"; c.queryItems = items.isEmpty ? nil : items
        return (c.string ?? "/quan-tri/tai-khoan") + (adding == nil ? "" : "#them-vai-tro")
    }

    /// One page of accounts in user-name order, the page's grants read at once, and how many accounts match in all.
    func accounts(_ f: ListFilters, req: Request) async throws -> ([AccountRow], Paging.Pager) {
        var conditions: SQLQueryString = "u.deleted_at IS NULL"
        for word in searchWords(f.keyword) {
            let like = "%\(word)%"
            conditions = conditions + """
                 AND (u.folded LIKE \(bind: like) OR EXISTS (SELECT 1 FROM user_grants g LEFT JOIN councils c ON c.id = g.council_id \
                LEFT JOIN organizations o ON o.id = g.organization_id WHERE g.user_id = u.id AND (c.folded LIKE \(bind: like) OR o.folded LIKE \(bind: like))))
                """
        }
        if let role = f.role {
            conditions = conditions + " AND EXISTS (SELECT 1 FROM user_grants g WHERE g.user_id = u.id AND g.role = \(bind: role.rawValue))"
        }
        // The page's accounts as rows in the one read that chooses them: their models, read by a second statement, were
        // a third of the page's CPU (issue 11).
        struct UserRow: Decodable { let id: Int, username: String, full_name: String, active: Bool, must_change_password: Bool }
        struct N: Decodable { let n: Int }
        let size = ListFilters.pageSize
        let found = try await req.db.sql.raw("""
            SELECT u.id, u.username, u.full_name, u.active, u.must_change_password FROM users u WHERE \(conditions) ORDER BY u.username \
            LIMIT \(unsafeRaw: String(size + 1)) OFFSET \(unsafeRaw: String((f.page - 1) * size))
            """).rows(UserRow.self)
        let total = try await req.db.sql.raw("SELECT COUNT(*) AS n FROM users u WHERE \(conditions)").firstRow(N.self)?.n ?? 0
        let users = Array(found.prefix(size)), shown = users.map(\.id)
        let grants = shown.isEmpty ? [] : try await req.db.sql.raw("""
            SELECT g.id, g.user_id, g.role, c.name AS council_name, o.name AS organization_name FROM user_grants g \
            LEFT JOIN councils c ON c.id = g.council_id LEFT JOIN organizations o ON o.id = g.organization_id \
            WHERE g.user_id IN (\(binds: shown)) ORDER BY g.id
            """).rows(GrantLabelRow.self)
        let byUser = Dictionary(grouping: grants, by: \.user_id)
        let rows = users.map { u in
            AccountRow(id: u.id, username: u.username, fullName: u.full_name, active: u.active, isSelf: u.id == req.actor?.userID,
                       grants: (byUser[u.id] ?? []).map {
                           GrantItem(label: $0.role.label + (($0.council_name ?? $0.organization_name).map { " — \($0)" } ?? ""),
                                     removeHref: "/quan-tri/tai-khoan/\(u.id)/vai-tro/\($0.id)/xoa")
                       },
                       addGrantLink: Self.listLink(req, adding: u.id),
                       toggleHref: "/quan-tri/tai-khoan/\(u.id)/khoa", passwordHref: "/quan-tri/tai-khoan/\(u.id)/mat-khau",
                       forceChangeHref: u.must_change_password || u.id == req.actor?.userID ? nil : "/quan-tri/tai-khoan/\(u.id)/buoc-doi-mat-khau",
                       auditHref: RecordKind.user.auditPath(u.id))
        }
        let pager = Paging.numbered(page: f.page, hasNext: found.count > size, total: total, noun: "tài khoản",
                                    path: "/quan-tri/tai-khoan", query: req.url.query)
        return (rows, pager)
    }

    func page(_ req: Request, input: FormInput?, error: ValidationFailure?) async throws -> AccountsPage {
        // A refused new account comes back on the first page, unfiltered.
        let f = input == nil ? try filters(req) : ListFilters()
        let (rows, pager) = try await accounts(f, req: req)
        let councils = try await DirectoryQueries.councilOptions(kept: req.application.figures, db: req.db)
        let orgs = try await DirectoryQueries.agencyOptions(kept: req.application.figures, db: req.db)
        var b = FormBuilder(input: input, errors: error)
        b.text("username", "Tên đăng nhập", nil, required: true, hint: "Chữ không dấu, ví dụ vanphong.hbt")
        b.text("fullName", "Họ và tên", nil, required: true)
        b.text("password", "Mật khẩu ban đầu", nil, required: true, hint: "Ít nhất 8 ký tự", type: "password")
        b.select("role", "Vai trò", nil, options: FormBuilder.choices(Role.self) { $0.label }, blank: "— Chọn —")
        b.select("councilID", "Hội đồng (với Văn phòng, Thường trực, Đại biểu)", nil,
                 options: councils, required: false, blank: "— Không —")
        b.select("organizationID", "Cơ quan (với tài khoản cơ quan)", nil,
                 options: orgs, required: false, blank: "— Không —")
        var adding: AddingGrant? = nil
        if let id = req.queryInt("them-vai-tro"), let user = try await User.find(id, on: req.db) {
            func options(_ list: [(String, String)]) -> Options { Options(list.map { FormOption(value: $0.0, label: $0.1, selected: false) }) }
            adding = AddingGrant(username: user.username, action: "/quan-tri/tai-khoan/\(id)/vai-tro", cancelHref: Self.listLink(req, adding: nil),
                                 roles: options(Role.allCases.map { ($0.rawValue, $0.label) }), councils: options(councils),
                                 organizations: options(orgs))
        }
        let layout = req.layoutContext(title: "Tài khoản")
        return AccountsPage(layout: layout, accounts: .join(rows.map { $0.row(csrf: layout.csrf) }), empty: rows.isEmpty, pager: pager, filters: f,
                            roleFilter: Options(Role.allCases.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0 == f.role) }),
                            form: .join(b.fields.map { $0.html() }),
                            formError: error.map { _ in "Chưa tạo được tài khoản: xem các mục ghi chú đỏ." }, adding: adding)
    }

    func list(req: Request) async throws -> View {
        _ = try requireAdmin(req)
        return try await req.view.render("Accounts/accounts", try await page(req, input: nil, error: nil))
    }

    func create(req: Request) async throws -> Response {
        let actor = try requireAdmin(req)
        var input = try req.content.decode([String: String].self)
        input["_csrf"] = nil
        var v = Validator()
        let role = v.choice("role", "Vai trò", input["role"], as: Role.self)
        do {
            try v.check()
            _ = try await Accounts.createUser(username: input["username"] ?? "", fullName: input["fullName"] ?? "",
                                              password: input["password"] ?? "", role: role!,
                                              councilID: input["councilID"].flatMap { Int($0) },
                                              organizationID: input["organizationID"].flatMap { Int($0) },
                                              by: actor, mustChangePassword: true, hash: { try req.password.hash($0) }, on: req.db)
        } catch let failure as ValidationFailure {
            input["password"] = nil
            let response = try await req.view.render("Accounts/accounts", try await page(req, input: input, error: failure)).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        req.flash("success", "Đã tạo tài khoản \(input["username"] ?? "").")
        return req.redirect(to: "/quan-tri/tai-khoan")
    }

    func addGrant(req: Request) async throws -> Response {
        let actor = try requireAdmin(req)
        guard let user = try await User.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        var v = Validator()
        let role = v.choice("role", "Vai trò", try? req.content.get(String.self, at: "role"), as: Role.self)
        try v.check()
        try await Accounts.addGrant(userID: user.id!, role: role!, councilID: try? req.content.get(Int.self, at: "councilID"),
                                    organizationID: try? req.content.get(Int.self, at: "organizationID"), by: actor, on: req.db)
        req.flash("success", "Đã thêm vai trò \(role!.label) cho \(user.username).")
        return req.redirect(to: "/quan-tri/tai-khoan")
    }

    func removeGrant(req: Request) async throws -> Response {
        let actor = try requireAdmin(req)
        guard let grant = try await UserGrant.find(req.parameters.get("grant", as: Int.self), on: req.db),
              grant.userID == req.parameters.get("id", as: Int.self) else { throw Abort(.notFound) }
        if grant.userID == actor.userID && grant.role == .admin {
            throw Abort(.badRequest, reason: "Không thể tự bỏ quyền quản trị của tài khoản đang dùng.")
        }
        try await Accounts.removeGrant(grant, by: actor, on: req.db)
        req.flash("success", "Đã bỏ vai trò \(grant.role.label).")
        return req.redirect(to: "/quan-tri/tai-khoan")
    }

    func toggle(req: Request) async throws -> Response {
        let actor = try requireAdmin(req)
        guard let user = try await User.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        if user.id == actor.userID { throw Abort(.badRequest, reason: "Không thể tự khóa tài khoản đang dùng.") }
        try await Accounts.setActive(user, !user.active, by: actor, on: req.db)
        req.flash("success", user.active ? "Đã mở lại tài khoản \(user.username)." : "Đã khóa tài khoản \(user.username).")
        return req.redirect(to: "/quan-tri/tai-khoan")
    }

    func resetPassword(req: Request) async throws -> Response {
        let actor = try requireAdmin(req)
        guard let user = try await User.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        var v = Validator()
        Accounts.checkPassword(password, field: "password", &v)
        try v.check()
        // Someone else now knows it: the owner changes it at the next sign-in.
        try await Accounts.setPassword(user, to: try await req.password.async.hash(password), mustChange: true, by: actor,
                                       keeping: nil, summary: "Đặt lại mật khẩu: \(user.username)", on: req.db)
        req.flash("success", "Đã đặt lại mật khẩu cho \(user.username); người dùng sẽ phải đổi mật khẩu khi đăng nhập.")
        return req.redirect(to: "/quan-tri/tai-khoan")
    }

    /// The owner must change the password before anything else (after a suspected leak), without an administrator
    /// knowing a new one.
    func forcePasswordChange(req: Request) async throws -> Response {
        let actor = try requireAdmin(req)
        guard let user = try await User.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        try await Accounts.requirePasswordChange(user, by: actor, on: req.db)
        req.flash("success", "Tài khoản \(user.username) sẽ phải đổi mật khẩu ở lần dùng tiếp theo.")
        return req.redirect(to: "/quan-tri/tai-khoan")
    }

    /// From a person's page: the account that is theirs (a delegate's account then shows their own work).
    func linkPerson(req: Request) async throws -> Response {
        let actor = try requireAdmin(req)
        guard let person = try await Person.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        let userID = (try? req.content.get(String.self, at: "userID")).flatMap { Int($0) }
        try await Accounts.linkPerson(person, userID: userID, by: actor, on: req.db)
        req.flash("success", userID == nil ? "Đã bỏ gắn tài khoản của \(person.fullName)." : "Đã gắn tài khoản cho \(person.fullName).")
        return req.redirect(to: RecordKind.person.path(person.id!))
    }

    func myPage(_ req: Request, newToken: String?) async throws -> MyAccountPage {
        let actor = try req.requireActor()
        // Plain rows, not models (a model costs a reflection of its fields on every read): the tokens and the e-mail address.
        struct Token: Decodable { let id: Int; let name: String; let created_at: Date?; let last_used_at: Date?; let expires_on: String? }
        let tokens = try await req.db.sql.select().columns("id", "name", "created_at", "last_used_at", "expires_on").from(ApiToken.schema)
            .where("user_id", .equal, actor.userID).orderBy("id").rows(Token.self)
        struct Mail: Decodable { let email: String? }
        let mail = try await req.db.sql.select().column("email").from(User.schema).where("id", .equal, actor.userID)
            .where("deleted_at", .is, SQLLiteral.null).firstRow(Mail.self)
        return MyAccountPage(layout: req.layoutContext(title: "Tài khoản của tôi"), username: actor.username, fullName: actor.fullName,
                             tokens: tokens.map { TokenRow(id: $0.id, name: $0.name,
                                                           created: $0.created_at.map(VietnameseFormat.instant) ?? "",
                                                           expires: $0.expires_on.map { VietnameseFormat.date($0) } ?? "Không hạn",
                                                           lastUsed: $0.last_used_at.map(VietnameseFormat.instant) ?? "Chưa dùng",
                                                           revokeHref: "/tai-khoan-cua-toi/ma-api/\($0.id)/thu-hoi") },
                             newToken: newToken, email: mail?.email ?? "")
    }

    func mine(req: Request) async throws -> View {
        try await req.view.render("Accounts/mine", try await myPage(req, newToken: nil))
    }

    func issueToken(req: Request) async throws -> View {
        let actor = try req.requireActor()
        var v = Validator()
        let name = v.text("name", "Tên mã truy cập", try? req.content.get(String.self, at: "name"), max: 80)
        let expires = v.dayValue("expiresOn", "Dùng đến hết ngày", try? req.content.get(String.self, at: "expiresOn"))
        if let expires, expires < Day.today() { v.fail("expiresOn", "Ngày hết hạn đã qua.") }
        try v.check()
        let token = try await Accounts.issueToken(userID: actor.userID, name: name, expiresOn: expires?.description, by: actor, on: req.db)
        return try await req.view.render("Accounts/mine", try await myPage(req, newToken: token))
    }

    func revokeToken(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let token = try await ApiToken.find(req.parameters.get("id", as: Int.self), on: req.db),
              token.userID == actor.userID else { throw Abort(.notFound) }
        try await Accounts.revokeToken(token, by: actor, on: req.db)
        req.flash("success", "Đã thu hồi mã truy cập \(token.name).")
        return req.redirect(to: "/tai-khoan-cua-toi")
    }
}
