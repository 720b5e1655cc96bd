import Vapor

/// Headers every response carries, errors included (this middleware wraps the error middleware):
/// scripts, styles and everything else only from this site and never inline; never inside a frame; no type
/// guessing; the address sent to other sites only within this one. A response to a signed-in reader, or from the
/// API, may carry citizens' personal data: no cache along the way or in the browser may keep it.
struct SecurityHeaders: AsyncMiddleware {
    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        var headers = response.headers
        headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        if request.actor != nil || request.headers.bearerAuthorization != nil || request.url.path.hasPrefix("/api/") {
            headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        } else if headers.first(name: .cacheControl) == nil {
            // Public pages may change at any moment (a new session, a corrected figure): revalidate every time.
            headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        }
        response.headers = headers
        if request.cameOverHTTPS {
            var cookies = response.cookies
            for (name, var value) in cookies.all where !value.isSecure {
                value.isSecure = true
                cookies[name] = value
            }
            response.cookies = cookies
        }
        return response
    }
}

extension Request {
    /// Whether the request reached us over HTTPS: directly, or through a reverse proxy that says so.
    var cameOverHTTPS: Bool {
        if url.scheme == "https" { return true }
        if headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https" { return true }
        return headers.first(name: "Forwarded")?.lowercased().contains("proto=https") == true
    }
}
