import Fluent
import SQLKit
@testable import HDND
import Testing
import Vapor
import VaporTesting

@Suite struct AuthTests {
    @Test(arguments: TestDB.all) func sessionCookieIsHttpOnlyAndLax(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            var v = Visitor(app)
            try await v.get("/dang-nhap")
            #expect(v.cookie == nil, "showing the sign-in form starts no session")
            var h = HTTPHeaders(); h.contentType = .urlEncodedForm
            h.add(name: .cookie, value: v.cookieHeader ?? "")
            let body = "username=admin&password=\(DemoData.password)&_csrf=\(v.csrf ?? "")"
            let res = try await app.testing().sendRequest(.POST, "/dang-nhap", headers: h, body: ByteBuffer(string: body))
            #expect(res.status == .seeOther)
            let cookie = try #require(res.headers[.setCookie].first { $0.hasPrefix("hdnd_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"), "Secure only when configured or over HTTPS")
            #expect(!cookie.contains("Expires"), "a browser-session cookie: the server decides when the session ends")
            // Sessions live in the database, under the id's hash, tied to their account.
            struct S: Decodable { let id_hash: String; let user_id: Int? }
            let rows = try await app.db.sql.raw("SELECT id_hash, user_id FROM web_sessions").all(decoding: S.self)
            #expect(rows.count == 1)
            let id = String(cookie.dropFirst("hdnd_session=".count).prefix { $0 != ";" })
            #expect(rows.first?.id_hash == SessionStore.hash(id))
            // The hash is SHA-256 in lower-case hex (FIPS 180-2's "abc" vector): sessions and tokens kept by earlier
            // versions are still found.
            #expect(SessionStore.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            #expect(rows.first?.user_id != nil)
            // Over HTTPS (here: behind a proxy that says so) the cookie is Secure without any setting.
            h.replaceOrAdd(name: "X-Forwarded-Proto", value: "https")
            var w = Visitor(app)
            try await w.get("/dang-nhap")
            h.replaceOrAdd(name: .cookie, value: w.cookieHeader ?? "")
            let secure = try await app.testing().sendRequest(.POST, "/dang-nhap", headers: h,
                                                             body: ByteBuffer(string: "username=admin&password=\(DemoData.password)&_csrf=\(w.csrf ?? "")"))
            #expect(try #require(secure.headers[.setCookie].first { $0.hasPrefix("hdnd_session=") }).contains("Secure"))
        }
    }

    /// A page view that changes nothing in the session writes nothing back; a change (a flash message) is kept.
    @Test(arguments: TestDB.all) func sessionsAreWrittenOnlyWhenChanged(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let sql = app.db as! any SQLDatabase
            try await sql.raw("CREATE TABLE session_writes (n INTEGER)").run()
            if sql.dialect.name == "sqlite" {
                try await sql.raw("CREATE TRIGGER session_writes_t AFTER UPDATE ON web_sessions BEGIN INSERT INTO session_writes VALUES (1); END").run()
            } else {
                try await sql.raw("CREATE FUNCTION session_writes_f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO session_writes VALUES (1); RETURN NULL; END $$").run()
                try await sql.raw("CREATE TRIGGER session_writes_t AFTER UPDATE ON web_sessions FOR EACH ROW EXECUTE FUNCTION session_writes_f()").run()
            }
            struct N: Decodable { let n: Int }
            func writes() async throws -> Int { try await sql.raw("SELECT COUNT(*) AS n FROM session_writes").first(decoding: N.self)!.n }
            let cuKhoi = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            var admin = try await Visitor.signedIn(app, "admin")
            let before = try await writes()
            try await admin.get("/")
            try await admin.get("/thoi-han")
            try await admin.get("/quan-tri/tai-khoan")
            #expect(try await writes() == before, "reading pages leaves the session row alone")
            let res = try await admin.post("/quan-tri/tai-khoan", ["username": "vanphong.moi", "fullName": "Lê Văn Mới",
                                                                    "password": "mat-khau-dai-1", "role": "office", "councilID": "\(cuKhoi.id!)"])
            #expect(res.status == .seeOther)
            #expect(try await writes() == before + 1, "the flash message is saved")
            #expect(try await admin.get(res.headers.first(name: .location)!).body.string.contains("flash-success"))
            #expect(try await writes() == before + 2, "and removed once shown")
            #expect(try await admin.get("/quan-tri/tai-khoan").status == .ok, "still signed in")
            #expect(try await writes() == before + 2)
        }
    }

    @Test(arguments: TestDB.all) func formPostWithoutTokenChangesNothing(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let person = try await Fixture.person("Vũ Đức Bảo", app.db)
            let form = ["councilID": "\(try await Fixture.council("HĐND phường Hai Bà Trưng", app.db).id!)",
                        "fullName": "Tên bị giả mạo", "version": "\(person.version)"]
            var res = try await office.post("/nguoi/\(person.id!)", form, withToken: false)
            #expect(res.status == .forbidden)
            #expect(res.body.string.contains("mã chống giả mạo"))
            var forged = form; forged["_csrf"] = "khong-dung"
            res = try await office.post("/nguoi/\(person.id!)", forged, withToken: false)
            #expect(res.status == .forbidden)
            #expect(try await Person.find(person.id, on: app.db)?.fullName == "Vũ Đức Bảo")
            // With the token the same post goes through.
            res = try await office.post("/nguoi/\(person.id!)", form)
            #expect(res.status == .seeOther)
            #expect(try await Person.find(person.id, on: app.db)?.fullName == "Tên bị giả mạo")
        }
    }

    /// Guessing slows down (per name and per address) but never locks the owner out: after a short wait the right
    /// password passes, even while someone keeps guessing.
    @Test(arguments: TestDB.all) func signInIsThrottledWithoutLockout(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            var v = Visitor(app)
            for _ in 0..<LoginThrottle.name.freeFailures {
                let res = try await v.signIn("vanphong.hbt", password: "sai-mat-khau")
                #expect(res.status == .unauthorized)
                #expect(res.body.string.contains("không đúng"))
            }
            // Four more failures (each after its wait): now each try must wait 8 seconds, the right password too.
            struct Next: Decodable { let next_at: Double }
            var (before, after) = (Date(), Date())
            for extra in 1...4 {
                // The wait set by the last failure (read as stored: how long the test itself takes must not matter).
                let next = try await app.db.sql.raw("SELECT next_at FROM login_attempts WHERE key = 'name:vanphong.hbt'").first(decoding: Next.self)
                #expect((next?.next_at ?? 0 > 0) == (extra > 1))
                try await app.db.sql.update("login_attempts").set("next_at", to: 0).run()
                before = Date()
                #expect(try await v.signIn("vanphong.hbt", password: "sai-mat-khau").status == .unauthorized)
                after = Date()
            }
            // The last failure set a wait of 8 seconds from it; held an hour longer, so that a slow machine (the whole
            // suite at once) cannot let it run out before the right password is tried.
            let wait = try #require(try await app.db.sql.raw("SELECT next_at FROM login_attempts WHERE key = 'name:vanphong.hbt'").first(decoding: Next.self)).next_at
            #expect(wait >= before.timeIntervalSince1970 + 7.5 && wait <= after.timeIntervalSince1970 + 8.5)
            try await app.db.sql.update("login_attempts").set("next_at", to: wait + 3600).where("key", .equal, "name:vanphong.hbt").run()
            let res = try await v.signIn("vanphong.hbt", password: DemoData.password)
            #expect(res.status == .tooManyRequests)
            #expect(res.body.string.contains("thử lại sau"))
            try await app.db.sql.update("login_attempts").set("next_at", to: wait).where("key", .equal, "name:vanphong.hbt").run()
            // Another account is not affected.
            var other = Visitor(app)
            #expect(try await other.signIn("admin", password: DemoData.password).status == .seeOther)
            // The wait is short whatever the number of failures (no lockout), and grows per address for a guesser.
            #expect(LoginThrottle.name.delay(after: 1_000) == 60)
            #expect(LoginThrottle.address.delay(after: 1_000) == 15 * 60)
            #expect(LoginThrottle.name.delay(after: LoginThrottle.name.freeFailures) == 0)
            let soon = Date().addingTimeInterval(9)
            #expect(try await LoginThrottle.wait(username: "vanphong.hbt", address: "", now: soon, on: app.db) == nil)
            // An unknown name is counted like a known one.
            for _ in 0...LoginThrottle.name.freeFailures { _ = try await v.signIn("khong-co-ai", password: "x-sai-mat-khau") }
            // Read as stored: on a loaded machine the short first wait may be over before it is read back.
            let unknown = try await app.db.sql.raw("SELECT next_at FROM login_attempts WHERE key = 'name:khong-co-ai'").first(decoding: Next.self)
            #expect((unknown?.next_at ?? 0) > 0)
        }
    }

    /// Concurrent failures are all counted (one atomic statement each, on both databases).
    @Test(arguments: TestDB.all) func failuresAreCountedAtomically(_ db: TestDB) async throws {
        try await withTestApp(db, demo: false) { app in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 { group.addTask { try await LoginThrottle.recordFailure(username: "ai-do", address: "10.0.0.1", on: app.db) } }
                try await group.waitForAll()
            }
            struct F: Decodable { let key: String; let failures: Int }
            let rows = try await app.db.sql.raw("SELECT key, failures FROM login_attempts ORDER BY key").all(decoding: F.self)
            #expect(rows.map(\.failures) == [20, 20])
        }
    }

    /// A known name with a wrong password and an unknown name take the same time: the password is checked against a
    /// bcrypt hash of the same cost either way. Recorded, not timed: wall-clock times of a loaded machine (the whole
    /// suite at once) differ by more than the property being tested.
    @Test func unknownNamesAreCheckedLikeKnownOnes() async throws {
        try await withTestApp(.sqlite, demo: false) { app in
            let checked = CheckedDigests()
            app.passwords.use { _ in RecordingBcrypt(cost: 9, checked: checked) }
            let user = try await Accounts.createUser(username: "co-that", fullName: "Có Thật", password: "mat-khau-dung-1", role: .admin,
                                                     councilID: nil, organizationID: nil, by: nil, hash: { try app.password.hash($0) }, on: app.db)
            for name in ["co-that", "khong-co-ai", "khong-co-ai-khac"] {
                var v = Visitor(app)
                #expect(try await v.signIn(name, password: "mat-khau-sai-1").status == .unauthorized)
            }
            let digests = checked.all
            // One check per try; the unknown names' against a hash of the known one's algorithm and cost ("$2b$09$").
            #expect(digests.count == 3)
            #expect(digests.first == user.passwordHash)
            #expect(Set(digests.map { $0.prefix(7) }) == [user.passwordHash.prefix(7)])
            #expect(digests[1] != user.passwordHash && digests[1] == digests[2])
        }
    }

    @Test func onlyLocalPathsAfterSignIn() {
        #expect(AuthController.safeNext("/hoi-dong/1") == "/hoi-dong/1")
        #expect(AuthController.safeNext("/hoi-dong/1?nhiem-ky=2&x=a%20b") == "/hoi-dong/1?nhiem-ky=2&x=a%20b")
        for bad in ["https://evil.example", "//evil.example", "/\\evil.example/", "/\t/evil.example", "/%5Cevil.example/", "/%2F/evil.example",
                    "/%2f%2fevil.example", " /x", "/x\n", "/\u{0}", "\\\\evil.example", "evil.example", ""] {
            #expect(AuthController.safeNext(bad) == "/", "\(bad)")
        }
        #expect(AuthController.safeNext(nil) == "/")
    }

    /// The addresses of the issue, through the real sign-in form (Vapor decodes the query once): both land on `/`.
    @Test(arguments: TestDB.all) func openRedirectsLandHome(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            for next in ["/%5Cevil.example/", "/%09/evil.example", "//evil.example", "/%252F%252Fevil.example"] {
                var v = Visitor(app)
                let form = try await v.get("/dang-nhap?next=\(next)")
                let shown = try #require(form.body.string.firstMatch(of: /name="next" value="([^"]*)"/)?.1)
                #expect(shown == "/", "\(next) → \(shown)")
                let res = try await v.post("/dang-nhap", ["username": "admin", "password": DemoData.password, "next": String(shown)])
                #expect(res.headers.first(name: .location) == "/")
                var w = Visitor(app)
                try await w.get("/dang-nhap")
                let direct = try await w.post("/dang-nhap", ["username": "admin", "password": DemoData.password,
                                                              "next": next.removingPercentEncoding ?? next])
                #expect(direct.headers.first(name: .location) == "/", "\(next)")
            }
        }
    }
}

/// The hashes passwords were checked against, in order.
final class CheckedDigests: @unchecked Sendable {
    private let lock = NSLock()
    private var digests: [String] = []
    var all: [String] { lock.withLock { digests } }
    func append(_ digest: String) { lock.withLock { digests.append(digest) } }
}

/// Bcrypt, recording what each password is checked against.
struct RecordingBcrypt: PasswordHasher {
    let cost: Int
    let checked: CheckedDigests
    func hash<Password: DataProtocol>(_ password: Password) throws -> [UInt8] {
        Array(try Bcrypt.hash(String(decoding: password, as: UTF8.self), cost: cost).utf8)
    }
    func verify<Password: DataProtocol, Digest: DataProtocol>(_ password: Password, created digest: Digest) throws -> Bool {
        let created = String(decoding: Array(digest), as: UTF8.self)
        checked.append(created)
        return try Bcrypt.verify(String(decoding: Array(password), as: UTF8.self), created: created)
    }
}
