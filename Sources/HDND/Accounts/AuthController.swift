import Fluent
import Vapor

struct LoginPage: Encodable {
    let layout: LayoutContext
    let username: String
    let next: String
    let error: String?
    let demoAccounts: [DemoAccount]
}

/// Sign-in and sign-out.
struct AuthController {
    func register(_ app: any RoutesBuilder) {
        app.get("dang-nhap", use: form)
        app.post("dang-nhap", use: signIn)
        app.post("dang-xuat", use: signOut)
    }

    static func safeNext(_ raw: String?) -> String {
        // Only paths on this site: never an absolute URL someone slipped into the link.
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//") else { return "/" }
        return raw
    }

    func form(req: Request) async throws -> View {
        _ = req.csrfToken   // the sign-in form posts it back
        let page = LoginPage(layout: req.layoutContext(title: "Đăng nhập"), username: "",
                             next: Self.safeNext(req.query[String.self, at: "next"]), error: nil,
                             demoAccounts: try await DemoData.accountsIfPresent(on: req.db))
        return try await req.view.render("Accounts/login", page)
    }

    struct Credentials: Content { let username: String?; let password: String?; let next: String? }

    func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(Credentials.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let next = Self.safeNext(form.next)
        func fail(_ message: String, _ status: HTTPResponseStatus) async throws -> Response {
            _ = req.csrfToken
            let page = LoginPage(layout: req.layoutContext(title: "Đăng nhập"), username: username, next: next, error: message,
                                 demoAccounts: try await DemoData.accountsIfPresent(on: req.db))
            let response = try await req.view.render("Accounts/login", page).encodeResponse(for: req)
            response.status = status
            return response
        }
        if username.isEmpty || (form.password ?? "").isEmpty {
            return try await fail("Hãy nhập tên đăng nhập và mật khẩu.", .unprocessableEntity)
        }
        if let seconds = try await LoginThrottle.lockedFor(username, on: req.db) {
            return try await fail("Đăng nhập sai quá nhiều lần. Hãy thử lại sau \(max(1, seconds / 60)) phút.", .tooManyRequests)
        }
        guard let user = try await User.query(on: req.db).filter(\.$username == username).first(), user.active,
              try req.password.verify(form.password!, created: user.passwordHash) else {
            try await LoginThrottle.recordFailure(username, on: req.db)
            return try await fail("Tên đăng nhập hoặc mật khẩu không đúng.", .unauthorized)
        }
        try await LoginThrottle.reset(username, on: req.db)
        // A fresh session id on sign-in, so a session planted before cannot be ridden.
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
            req.session.id = nil
        }
        req.session.data["userId"] = String(user.id!)
        req.session.data["csrf"] = [UInt8].random(count: 24).base64URLEncoded
        req.actor = try await Accounts.actor(userID: user.id!, on: req.db)
        req.flash("success", "Xin chào \(user.fullName).")
        return req.redirect(to: next)
    }

    func signOut(req: Request) async throws -> Response {
        req.session.destroy()
        return req.redirect(to: "/dang-nhap")
    }
}
