@testable import HDND
import Testing
import Vapor
import VaporTesting

/// No link inside the app leads to an error: every demo role (and an anonymous visitor) follows every internal link
/// and GET form it is shown, breadth first, bounded by count so that CI stays quick.
@Suite struct CrawlTests {
    /// Internal addresses in a page: links, and the targets of GET forms (filters), without fragments.
    static func targets(_ html: String) -> [String] {
        var out: [String] = []
        for m in html.matches(of: /href="(\/[^"#]*)/) { out.append(String(m.1)) }
        for m in html.matches(of: /<form method="get" action="(\/[^"#]*)/) { out.append(String(m.1)) }
        return out.map { $0.replacingOccurrences(of: "&amp;", with: "&") }
            .filter { !$0.hasPrefix("//") && !$0.hasPrefix("/css/") && !$0.hasPrefix("/js/") && !$0.hasPrefix("/favicon") }
    }

    /// The shape of an address, numbers left out: a few samples of each shape stand for all of them.
    static func shape(_ path: String) -> String { path.replacing(/[0-9]+/, with: "#") }

    /// Crawls from `/` as `visitor`, at most `perShape` addresses of each shape and `limit` in all; returns each failing
    /// address with the page that linked to it.
    static func crawl(_ visitor: inout Visitor, limit: Int, perShape: Int = 3) async throws -> (visited: Int, broken: [String]) {
        var queue = ["/"], from = ["/": "(start)"], broken: [String] = [], visited = 0, shapes: [String: Int] = [:]
        while !queue.isEmpty && visited < limit {
            let path = queue.removeFirst()
            visited += 1
            let res = try await visitor.get(path)
            if res.status.code >= 400 {
                broken.append("\(res.status.code) \(path) ← \(from[path] ?? "?")")
                continue
            }
            var found: [String] = []
            if res.status == .seeOther || res.status == .found, let location = res.headers.first(name: .location) { found = [location] }
            else if res.headers.contentType?.subType == "html" { found = Self.targets(res.body.string) }
            for link in found where from[link] == nil && shapes[Self.shape(link), default: 0] < perShape {
                from[link] = path
                shapes[Self.shape(link), default: 0] += 1
                queue.append(link)
            }
        }
        return (visited, broken)
    }

    @Test func everyRoleFollowsEveryLink() async throws {
        try await withTestApp(.sqlite, currentRecords: true) { app in
            for username in DemoData.accountSpecs.map(\.username) {
                var visitor = try await Visitor.signedIn(app, username)
                let (visited, broken) = try await Self.crawl(&visitor, limit: 1500, perShape: 10)
                #expect(broken.isEmpty, "\(username), \(visited) pages: \(broken.joined(separator: "; "))")
            }
            var anonymous = Visitor(app)
            let (visited, broken) = try await Self.crawl(&anonymous, limit: 1500, perShape: 10)
            #expect(broken.isEmpty, "anonymous, \(visited) pages: \(broken.joined(separator: "; "))")
        }
    }
}
