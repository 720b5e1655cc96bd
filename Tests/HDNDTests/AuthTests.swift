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
            var h = HTTPHeaders(); h.contentType = .urlEncodedForm
            h.add(name: .cookie, value: v.cookie ?? "")
            let body = "username=admin&password=\(DemoData.password)&_csrf=\(v.csrf ?? "")"
            let res = try await app.testing().sendRequest(.POST, "/dang-nhap", headers: h, body: ByteBuffer(string: body))
            #expect(res.status == .seeOther)
            let cookie = try #require(res.headers[.setCookie].first { $0.hasPrefix("hdnd_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"), "Secure only when configured")
            // A new session id on sign-in.
            #expect(!cookie.hasPrefix(v.cookie ?? "none"))
            // Sessions live in the database.
            #expect(try await SessionRecord.query(on: app.db).count() >= 1)
        }
    }

    /// A page view that changes nothing in the session writes nothing back; a change (a flash message) is kept.
    @Test(arguments: TestDB.all) func sessionsAreWrittenOnlyWhenChanged(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let sql = app.db as! any SQLDatabase
            try await sql.raw("CREATE TABLE session_writes (n INTEGER)").run()
            if sql.dialect.name == "sqlite" {
                try await sql.raw("CREATE TRIGGER session_writes_t AFTER UPDATE ON _fluent_sessions BEGIN INSERT INTO session_writes VALUES (1); END").run()
            } else {
                try await sql.raw("CREATE FUNCTION session_writes_f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO session_writes VALUES (1); RETURN NULL; END $$").run()
                try await sql.raw("CREATE TRIGGER session_writes_t AFTER UPDATE ON _fluent_sessions FOR EACH ROW EXECUTE FUNCTION session_writes_f()").run()
            }
            struct N: Decodable { let n: Int }
            func writes() async throws -> Int { try await sql.raw("SELECT COUNT(*) AS n FROM session_writes").first(decoding: N.self)!.n }
            let cuKhoi = try await Fixture.council("HĐND phường Cự Khối", app.db)
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
            let person = try await Fixture.person("Nguyễn Ngọc Phương", app.db)
            let form = ["councilID": "\(try await Fixture.council("HĐND quận Hai Bà Trưng", app.db).id!)",
                        "fullName": "Tên bị giả mạo", "version": "\(person.version)"]
            var res = try await office.post("/nguoi/\(person.id!)", form, withToken: false)
            #expect(res.status == .forbidden)
            #expect(res.body.string.contains("mã chống giả mạo"))
            var forged = form; forged["_csrf"] = "khong-dung"
            res = try await office.post("/nguoi/\(person.id!)", forged, withToken: false)
            #expect(res.status == .forbidden)
            #expect(try await Person.find(person.id, on: app.db)?.fullName == "Nguyễn Ngọc Phương")
            // With the token the same post goes through.
            res = try await office.post("/nguoi/\(person.id!)", form)
            #expect(res.status == .seeOther)
            #expect(try await Person.find(person.id, on: app.db)?.fullName == "Tên bị giả mạo")
        }
    }

    @Test(arguments: TestDB.all) func signInIsThrottled(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            var v = Visitor(app)
            for _ in 0..<LoginThrottle.maxFailures {
                let res = try await v.signIn("vanphong.hbt", password: "sai-mat-khau")
                #expect(res.status == .unauthorized)
                #expect(res.body.string.contains("không đúng"))
            }
            // Locked now: even the right password is refused for a while.
            let res = try await v.signIn("vanphong.hbt", password: DemoData.password)
            #expect(res.status == .tooManyRequests)
            #expect(res.body.string.contains("thử lại sau"))
            // Another account is not affected.
            var other = Visitor(app)
            #expect(try await other.signIn("admin", password: DemoData.password).status == .seeOther)
            // The lock ends after its time.
            let later = Date().addingTimeInterval(LoginThrottle.lockout + 1)
            #expect(try await LoginThrottle.lockedFor("vanphong.hbt", now: later, on: app.db) == nil)
        }
    }

    @Test func onlyLocalPathsAfterSignIn() {
        #expect(AuthController.safeNext("/hoi-dong/1") == "/hoi-dong/1")
        #expect(AuthController.safeNext("https://evil.example") == "/")
        #expect(AuthController.safeNext("//evil.example") == "/")
        #expect(AuthController.safeNext(nil) == "/")
    }
}
