import Fluent
import Foundation
@testable import HDND
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The databases every database test runs on: SQLite always, PostgreSQL when
/// `HDND_TEST_POSTGRES_URL` is set (as `.ci/run` does).
enum TestDB: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres
    var testDescription: String { rawValue }

    static var all: [TestDB] {
        ProcessInfo.processInfo.environment["HDND_TEST_POSTGRES_URL"].map { $0.isEmpty ? [.sqlite] : [.sqlite, .postgres] } ?? [.sqlite]
    }
}

/// PostgreSQL takes so many connections (300 in `.ci/run`) and each test app holds a pool of its own — one connection
/// per event loop, that is per core — while Swift Testing starts every test case at once: at most `limit` PostgreSQL
/// test apps live at a time, the others wait. On a machine of many cores 32 apps would ask for more connections than
/// the server allows ("sorry, too many clients already"), so the limit shrinks with the cores.
actor PostgresSlots {
    static let shared = PostgresSlots(limit: max(2, min(32, 240 / max(1, ProcessInfo.processInfo.activeProcessorCount))))
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []
    init(limit: Int) { free = limit }

    func acquire() async {
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

/// Starts the app on a fresh database (a new SQLite file, or a new PostgreSQL schema),
/// migrated and, unless told otherwise, loaded with the demo data for Hà Nội; runs `body`; cleans up. The current councils'
/// records of this year are loaded only when asked (`currentRecords`): most tests count what they write themselves.
func withTestApp(_ db: TestDB, demo: Bool = true, provinces: Set<String>? = ["01"], currentRecords: Bool = false,
                 _ body: (Application) async throws -> Void) async throws {
    if db == .postgres { await PostgresSlots.shared.acquire() }
    do {
        try await withFreshApp(db, demo: demo, provinces: provinces, currentRecords: currentRecords, body)
    } catch {
        if db == .postgres { await PostgresSlots.shared.release() }
        throw error
    }
    if db == .postgres { await PostgresSlots.shared.release() }
}

private func withFreshApp(_ db: TestDB, demo: Bool, provinces: Set<String>?, currentRecords: Bool,
                          _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    // Warnings and errors only: 26.000 lines of migrations would push a failure out of the part of the log CI keeps.
    app.logger.logLevel = .warning
    var config = AppConfig.fromEnvironment(.testing)
    config.bcryptCost = 4
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hdnd-test-\(UUID().uuidString)").path
    let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    // The data folder holds the SQLite file and, on either database, the uploaded documents.
    config.dataDirectory = folder
    switch db {
    case .sqlite:
        config.databaseURL = nil
    case .postgres:
        config.databaseURL = ProcessInfo.processInfo.environment["HDND_TEST_POSTGRES_URL"]
        config.postgresSchema = schema
        // Dozens of apps at once share the test server's connections.
        config.postgresConnectionsPerLoop = 1
    }
    do {
        try await configure(app, config: config)
        if db == .postgres { try await app.db.sql.raw("CREATE SCHEMA \(ident: schema)").run() }
        try await app.autoMigrate()
        if demo {
            try await DemoData.load(on: app.db, hash: { try app.password.hash($0) }, provinces: provinces, currentRecords: currentRecords)
        }
        try await body(app)
    } catch {
        try? await cleanup(app, db, schema: schema, folder: folder)
        throw ReadableError.wrapping(error)
    }
    try await cleanup(app, db, schema: schema, folder: folder)
}

/// PostgresNIO describes its errors as "Generic description to prevent accidental leakage of sensitive data": a failing
/// test would say nothing of what PostgreSQL answered. The tests' data is not sensitive, so the full reflection is shown.
struct ReadableError: Error, CustomStringConvertible {
    let description: String

    /// `error` itself unless its description hides what happened.
    static func wrapping(_ error: any Error) -> any Error {
        String(describing: error).contains("Generic description") ? ReadableError(description: String(reflecting: error)) : error
    }
}

private func cleanup(_ app: Application, _ db: TestDB, schema: String, folder: String) async throws {
    if db == .postgres { try? await app.db.sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
    try await app.asyncShutdown()
    try? FileManager.default.removeItem(atPath: folder)
}

/// A signed-in (or anonymous) visitor: keeps the session cookie and the CSRF token between requests.
struct Visitor {
    let app: Application
    var cookie: String? = nil
    /// An anonymous visitor's form token cookie (`hdnd_csrf`).
    var csrfCookie: String? = nil
    var csrf: String? = nil
    /// A port to send the requests through a running server on, as a browser would (its limits on a body apply there,
    /// not in memory); nil: in memory.
    var port: Int? = nil

    /// The Cookie header a browser would send.
    var cookieHeader: String? {
        let all = [cookie, csrfCookie].compactMap { $0 }
        return all.isEmpty ? nil : all.joined(separator: "; ")
    }

    init(_ app: Application) { self.app = app }

    static func signedIn(_ app: Application, _ username: String, password: String = DemoData.password) async throws -> Visitor {
        var v = Visitor(app)
        let res = try await v.signIn(username, password: password)
        #expect(res.status == .seeOther, "sign-in of \(username) failed: \(res.status)")
        return v
    }

    mutating func remember(_ res: TestingHTTPResponse) {
        for header in res.headers[.setCookie] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            if pair.hasPrefix("hdnd_session=") { cookie = pair.contains("expired") || pair == "hdnd_session=" ? nil : pair }
            if pair.hasPrefix("hdnd_csrf=") { csrfCookie = pair }
        }
        if let token = res.body.string.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1 { csrf = String(token) }
    }

    @discardableResult
    mutating func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var h = headers
        if let cookieHeader { h.add(name: .cookie, value: cookieHeader) }
        let res = try await tester().sendRequest(.GET, path, headers: h)
        remember(res)
        return res
    }

    /// Posts a form with the session's CSRF token (fetched from `/` first when not known yet).
    @discardableResult
    mutating func post(_ path: String, _ form: [String: String], withToken: Bool = true) async throws -> TestingHTTPResponse {
        if withToken && csrf == nil { try await get("/dang-nhap") }
        var fields = form
        if withToken, let csrf { fields["_csrf"] = csrf }
        var h = HTTPHeaders()
        h.contentType = .urlEncodedForm
        if let cookieHeader { h.add(name: .cookie, value: cookieHeader) }
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        let res = try await tester().sendRequest(.POST, path, headers: h, body: ByteBuffer(string: body))
        remember(res)
        return res
    }

    private func tester() throws -> any TestingApplicationTester {
        try port.map { try app.testing(method: .running(hostname: "127.0.0.1", port: $0)) } ?? app.testing()
    }

    mutating func signIn(_ username: String, password: String) async throws -> TestingHTTPResponse {
        try await get("/dang-nhap")
        let res = try await post("/dang-nhap", ["username": username, "password": password])
        // The session (and its CSRF token) is new after sign-in: read the new token where sign-in leads.
        if res.status == .seeOther { try await get(res.headers.first(name: .location) ?? "/") }
        return res
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

/// Small lookups the tests share.
enum Fixture {
    /// A voter meeting recorded by `office` in `council` on 20/11/2026, with the petitions of the fast-entry `rows`.
    static func meeting(_ office: inout Visitor, _ council: Council, petitions rows: [String: String]) async throws -> VoterMeeting {
        let res = try await office.post("/tiep-xuc-cu-tri", ["councilID": "\(council.id!)", "kind": "beforeSession", "sessionNumber": "3",
                                                              "date": "20/11/2026", "place": "Nhà văn hóa", "coOrganizer": "MTTQ",
                                                              "votersAttending": "80", "votersSpeaking": "6"])
        #expect(res.status == .seeOther)
        let meeting = try #require(try await VoterMeeting.query(on: office.app.db).filter(\.$councilID == council.id!).sort(\.$id, .descending).first())
        #expect(try await office.post("/tiep-xuc-cu-tri/\(meeting.id!)/kien-nghi", rows).status == .seeOther)
        return meeting
    }

    static func council(_ name: String, _ db: any Database) async throws -> Council {
        try #require(try await Council.query(on: db).filter(\.$name == name).first())
    }

    static func latestTerm(_ council: Council, _ db: any Database) async throws -> Term {
        try #require(try await Term.query(on: db).filter(\.$councilID == council.id!).sort(\.$ordinal, .descending).first())
    }

    static func person(_ name: String, _ db: any Database) async throws -> Person {
        try #require(try await Person.query(on: db).filter(\.$fullName == name).first())
    }

    static func body(_ name: String, term: Term, _ db: any Database) async throws -> Body {
        try #require(try await Body.query(on: db).filter(\.$termID == term.id!).filter(\.$name == name).first())
    }

    static func auditCount(_ db: any Database) async throws -> Int { try await AuditEntry.query(on: db).count() }
}
