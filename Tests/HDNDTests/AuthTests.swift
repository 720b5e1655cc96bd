import Fluent
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
