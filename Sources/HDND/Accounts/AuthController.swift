import Fluent
import SQLKit
import Vapor

struct LoginPage: Encodable {
    let layout: LayoutContext
    let username: String
    let next: String
    let error: String?
    let demoAccounts: [DemoAccount]
}

struct PasswordPage: Encodable {
    let layout: LayoutContext
    let required: Bool
    let fields: [FormField]
    let generalError: String?
}

/// Sign-in, sign-out and changing one's own password.
struct AuthController {
    func register(_ app: any RoutesBuilder) {
        app.get("dang-nhap", use: form)
        app.post("dang-nhap", use: signIn)
        app.post("dang-xuat", use: signOut)
    }

    func registerSignedIn(_ app: any RoutesBuilder) {
        app.get(Self.passwordPath.pathComponents, use: passwordForm)
        app.post(Self.passwordPath.pathComponents, use: changePassword)
    }

    static let passwordPath = "/tai-khoan-cua-toi/mat-khau"

    /// Only a path of this site: never another site, however the address is disguised — `//host`, a backslash
    /// (which browsers read as a slash), a control or space character, or an encoded slash or backslash.
    static func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), raw.count <= 2000,
              !raw.unicodeScalars.contains(where: { $0 == "\\" || $0.properties.isWhitespace || $0.properties.generalCategory == .control }),
              !["%2f", "%5c"].contains(where: { raw.lowercased().contains($0) }) else { return "/" }
        return raw
    }

    /// The peer's address as the throttle counts it (behind a proxy, the proxy's: a header could be forged).
    static func address(_ req: Request) -> String { req.remoteAddress?.ipAddress ?? "" }

    func form(req: Request) async throws -> View {
        let page = LoginPage(layout: req.layoutContext(title: "Đăng nhập", withForm: true), username: "",
                             next: Self.safeNext(req.queryValue("next")), error: nil,
                             demoAccounts: try await DemoData.listedAccounts(on: req.db))
        return try await req.view.render("Accounts/login", page)
    }

    struct Credentials: Content { let username: String?; let password: String?; let next: String? }

    func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(Credentials.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form.password ?? ""
        let next = Self.safeNext(form.next), address = Self.address(req)
        func fail(_ message: String, _ status: HTTPResponseStatus) async throws -> Response {
            let page = LoginPage(layout: req.layoutContext(title: "Đăng nhập", withForm: true), username: username, next: next, error: message,
                                 demoAccounts: try await DemoData.listedAccounts(on: req.db))
            let response = try await req.view.render("Accounts/login", page).encodeResponse(for: req)
            response.status = status
            return response
        }
        if username.isEmpty || password.isEmpty || username.count > 60 || password.count > 200 {
            return try await fail("Hãy nhập tên đăng nhập và mật khẩu.", .unprocessableEntity)
        }
        if let seconds = try await LoginThrottle.wait(username: username, address: address, on: req.db) {
            return try await fail("Đăng nhập sai nhiều lần. Hãy thử lại sau \(seconds) giây.", .tooManyRequests)
        }
        // The password is hashed whether or not the account exists or is open, so the time taken says nothing.
        let user = try await User.query(on: req.db).filter(\.$username == username).first()
        let matches = try await req.password.async.verify(password, created: user?.passwordHash ?? Self.decoyHash(req))
        guard let user, let userID = user.id, user.active, matches else {
            try await LoginThrottle.recordFailure(username: username, address: address, on: req.db)
            return try await fail("Tên đăng nhập hoặc mật khẩu không đúng.", .unauthorized)
        }
        try await LoginThrottle.succeeded(username: username, on: req.db)
        // A fresh session id on sign-in, so a session planted before cannot be ridden.
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
            req.session.id = nil
        }
        req.session.data["userId"] = String(userID)
        req.session.data["csrf"] = [UInt8].random(count: 24).base64URLEncoded
        req.actor = try await Accounts.actor(userID: userID, on: req.db)
        if user.mustChangePassword {
            req.flash("info", "Hãy đổi mật khẩu trước khi làm việc.")
            return req.redirect(to: Self.passwordPath)
        }
        req.flash("success", "Xin chào \(user.fullName).")
        return req.redirect(to: next)
    }

    func signOut(req: Request) async throws -> Response {
        req.session.destroy()
        return req.redirect(to: "/dang-nhap")
    }

    /// A bcrypt hash of nothing anyone knows, at the configured cost: what an unknown name's password is checked against.
    static func decoyHash(_ req: Request) throws -> String {
        if let hash = req.application.storage[DecoyHash.self] { return hash }
        let hash = try req.password.hash([UInt8].random(count: 16).base64URLEncoded)
        req.application.storage[DecoyHash.self] = hash
        return hash
    }
    private struct DecoyHash: StorageKey { typealias Value = String }

    // MARK: One's own password

    func passwordPage(_ req: Request, error: ValidationFailure?) throws -> PasswordPage {
        let actor = try req.requireActor()
        var b = FormBuilder(input: nil, errors: error)
        b.text("current", "Mật khẩu đang dùng", nil, required: true, type: "password")
        b.text("password", "Mật khẩu mới", nil, required: true, hint: "Ít nhất 8 ký tự", type: "password")
        b.text("confirm", "Nhập lại mật khẩu mới", nil, required: true, type: "password")
        return PasswordPage(layout: req.layoutContext(title: "Đổi mật khẩu"), required: actor.mustChangePassword, fields: b.fields,
                            generalError: error.map { _ in "Chưa đổi được mật khẩu: xem ghi chú đỏ bên dưới." })
    }

    func passwordForm(req: Request) async throws -> View {
        try await req.view.render("Accounts/password", try passwordPage(req, error: nil))
    }

    /// Changes the password, ends the account's other sessions, and audits the change (never the password).
    func changePassword(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let user = try await User.find(actor.userID, on: req.db) else { throw Abort(.unauthorized) }
        let current = (try? req.content.get(String.self, at: "current")) ?? ""
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        let confirm = (try? req.content.get(String.self, at: "confirm")) ?? ""
        var v = Validator()
        if !(try await req.password.async.verify(current, created: user.passwordHash)) { v.fail("current", "Mật khẩu đang dùng không đúng.") }
        Accounts.checkPassword(password, field: "password", &v)
        if password == current { v.fail("password", "Mật khẩu mới phải khác mật khẩu đang dùng.") }
        if confirm != password { v.fail("confirm", "Hai lần nhập mật khẩu mới không khớp.") }
        if !v.errors.isEmpty {
            let response = try await req.view.render("Accounts/password", try passwordPage(req, error: ValidationFailure(v.errors))).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        try await Accounts.setPassword(user, to: try await req.password.async.hash(password), mustChange: false, by: actor,
                                       keeping: req.session.id, summary: "Đổi mật khẩu: \(user.username)", on: req.db)
        req.actor = try await Accounts.actor(userID: actor.userID, on: req.db)
        req.flash("success", "Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản đã kết thúc.")
        return req.redirect(to: "/")
    }
}

/// An account that must change its password sees only the page that changes it (and may sign out).
struct RequirePasswordChange: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.actor?.mustChangePassword == true, request.headers.bearerAuthorization == nil,
              request.url.path != AuthController.passwordPath, request.url.path != "/dang-xuat" else {
            return try await next.respond(to: request)
        }
        return request.redirect(to: AuthController.passwordPath)
    }
}
