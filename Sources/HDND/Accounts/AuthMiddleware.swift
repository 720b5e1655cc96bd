import Fluent
import SQLKit
import Vapor

/// Finds who is asking: the session's account for pages, a bearer token for the API.
struct ActorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // A reading request checks what pages keep against the figures' revision read once (`FigureRevision.seen`): with
        // the session, or with the API token below, or by the first value kept.
        guard request.method == .GET || request.method == .HEAD else { return try await identify(request, next) }
        return try await FigureRevision.$seen.withValue(.init(request.storage[FigureRevision.ReadWithAccount.self])) {
            try await identify(request, next)
        }
    }

    private func identify(_ request: Request, _ next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization {
            if bearer.token.count <= 200 { request.actor = try await Accounts.actor(forToken: bearer.token, on: request.db) }
            if request.actor == nil { throw Abort(.unauthorized, reason: "Mã truy cập API không hợp lệ hoặc đã bị thu hồi.") }
        } else if request.hasSession, let raw = request.session.data["userId"], let id = Int(raw) {
            // Read with the session in most cases; read anew when the session was made during this request.
            if let read = request.storage[SessionStore.ReadActor.self], read?.userID == id { request.actor = read }
            else { request.actor = try await Accounts.actor(userID: id, on: request.db) }
            if request.actor == nil { request.session.destroy() }
        }
        return try await next.respond(to: request)
    }
}

/// Pages that need an account send the visitor to sign in first, then back.
struct RequireSignIn: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.actor == nil else { return try await next.respond(to: request) }
        if request.method == .GET && !request.url.path.hasPrefix("/api/") { return Self.signIn(request) }
        throw Abort(.unauthorized)
    }

    /// To the sign-in page, and back to this address after it.
    static func signIn(_ request: Request) -> Response {
        let back = request.url.string.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
        return request.redirect(to: "/dang-nhap?next=\(back)")
    }
}

/// Every form post carries the session's token; a post without it changes nothing.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let unsafe: [HTTPMethod] = [.POST, .PUT, .PATCH, .DELETE]
        // The API authenticates every write with a bearer token and carries no cookie session.
        if unsafe.contains(request.method) && !request.url.path.hasPrefix("/api/") {
            // A browser streams larger bodies (file uploads): read the body, within the route's own limit, before
            // looking for the token in it.
            if request.body.data == nil {
                let max = request.route?.userInfo[Route.maxBodyBytesKey] as? Int ?? request.application.routes.defaultMaxBodySize.value
                _ = try await request.body.collect(max: max).get()
            }
            let sent = (try? request.content.get(String.self, at: "_csrf")) ?? request.headers.first(name: "X-CSRF-Token")
            // A signed-in session's own token; for an anonymous visitor, the token cookie (double submit).
            let expected = (request.hasSession ? request.session.data["csrf"] : nil) ?? request.cookies[AnonymousCSRF.cookieName]?.string
            guard let expected, !expected.isEmpty, let sent, constantTimeEquals(sent, expected) else {
                throw Abort(.forbidden, reason: "Biểu mẫu đã hết hạn hoặc không hợp lệ (thiếu mã chống giả mạo). Hãy tải lại trang rồi thử lại.")
            }
        }
        let response = try await next.respond(to: request)
        // A token made for this response's form goes with it as a cookie (only this site's pages can read the form).
        if let token = request.storage[AnonymousCSRF.self], request.cookies[AnonymousCSRF.cookieName]?.string != token {
            response.cookies[AnonymousCSRF.cookieName] = HTTPCookies.Value(string: token, path: "/", isSecure: request.application.config.secureCookies,
                                                                           isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }

    private func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Route {
    /// Where a route that accepts more than the default body (a file upload) records how much, for the middleware
    /// that reads the body before the route does.
    static let maxBodyBytesKey: AnySendableHashable = "hdnd.maxBodyBytes"
}

extension RoutesBuilder {
    /// A POST route taking bodies up to `maxBytes` (file uploads): collected in the route, and read within the same
    /// limit by `CSRFMiddleware`.
    @discardableResult
    func upload(_ path: [PathComponent], maxBytes: Int,
                use handler: @escaping @Sendable (Request) async throws -> some AsyncResponseEncodable) -> Route {
        let route = on(.POST, path, body: .collect(maxSize: ByteCount(value: maxBytes)), use: handler)
        route.userInfo[Route.maxBodyBytesKey] = maxBytes
        return route
    }
}
