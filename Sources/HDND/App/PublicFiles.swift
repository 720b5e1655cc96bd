import Foundation
import Vapor

/// The shipped CSS and JS (`Resources.publicFiles`), served by Vapor's `FileMiddleware` — asked only for an address
/// under one of the names found at the top of that folder at start (`css`, `js`).
///
/// `FileMiddleware` looks every address up in the file system, on NIO's file threads: a hop to another thread and back
/// for every page and API call, though only two files are there (`perf`: 3 % of an API list's CPU on PostgreSQL,
/// issue 11). The folder is part of the installation: a name added at its top is served after a restart.
struct PublicFiles: AsyncMiddleware {
    private let files: FileMiddleware
    private let names: Set<Substring>

    init(directory: String) {
        files = FileMiddleware(publicDirectory: directory)
        names = Set(((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).map { Substring($0) })
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let first = request.url.path.drop { $0 == "/" }.prefix { $0 != "/" }
        guard names.contains(first) else { return try await next.respond(to: request) }
        return try await files.respond(to: request, chainingTo: next)
    }
}
