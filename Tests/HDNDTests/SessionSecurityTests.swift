import Fluent
import Foundation
@testable import HDND
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Sessions end on the server and with the account's password; tokens expire and die with a locked account;
/// no installation starts with a published password.
@Suite struct SessionSecurityTests {
    static func sessions(_ app: Application) async throws -> Int {
        struct N: Decodable { let n: Int }
        return try await app.db.sql.raw("SELECT COUNT(*) AS n FROM web_sessions").first(decoding: N.self)?.n ?? -1
    }

    @Test(arguments: TestDB.all) func anonymousVisitorsLeaveNoSession(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            var v = Visitor(app)
            for path in ["/", "/dang-nhap", "/thoi-han", "/khong-co", "/don-vi", "/quan-tri/tai-khoan"] {
                let res = try await v.get(path)
                #expect(!res.headers[.setCookie].contains { $0.hasPrefix("hdnd_session=") }, "\(path)")
            }
            // A wrong password is a submitted form, but still no session.
            _ = try await v.signIn("admin", password: "sai-mat-khau")
            #expect(try await Self.sessions(app) == 0)
            // A stale cookie brings no row back either.
            var h = HTTPHeaders(); h.add(name: .cookie, value: "hdnd_session=khong-ton-tai")
            _ = try await app.testing().sendRequest(.GET, "/", headers: h)
            #expect(try await Self.sessions(app) == 0)
        }
    }

    @Test(arguments: TestDB.all) func sessionsEndOnTheServer(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let now = Date().timeIntervalSince1970
            var idle = try await Visitor.signedIn(app, "vanphong.hbt")
            #expect(try await idle.get("/quan-tri/nhat-ky").status != .seeOther)
            try await app.db.sql.update("web_sessions").set("seen_at", to: now - SessionStore.idleLimit - 1).run()
            var res = try await idle.get("/tai-khoan-cua-toi")
            #expect(res.status == .seeOther && res.headers.first(name: .location)?.hasPrefix("/dang-nhap") == true, "idle too long")
            #expect(try await Self.sessions(app) == 0, "and the row is gone")

            var long = try await Visitor.signedIn(app, "vanphong.hbt")
            try await app.db.sql.update("web_sessions").set("created_at", to: now - SessionStore.absoluteLimit - 1).run()
            res = try await long.get("/tai-khoan-cua-toi")
            #expect(res.status == .seeOther, "signed in too long ago, however active")

            // Ended sessions are purged when new ones begin.
            try await app.db.sql.raw("""
                INSERT INTO web_sessions (id_hash, user_id, data, created_at, seen_at) VALUES ('cu', 1, '{}', 0, 0)
                """).run()
            _ = try await Visitor.signedIn(app, "admin")
            #expect(try await Self.sessions(app) == 1)
        }
    }

    /// A reset password ends every session of the account and must be changed at the next sign-in; changing one's own
    /// password ends the other sessions and keeps this one.
    @Test(arguments: TestDB.all) func passwordsEndSessions(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            var laptop = try await Visitor.signedIn(app, "vanphong.hbt")
            var phone = try await Visitor.signedIn(app, "vanphong.hbt")
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "vanphong.hbt").first())
            var admin = try await Visitor.signedIn(app, "admin")
            var res = try await admin.post("/quan-tri/tai-khoan/\(user.id!)/mat-khau", ["password": "mat-khau-tam-1"])
            #expect(res.status == .seeOther)
            for var device in [laptop, phone] {
                res = try await device.get("/tai-khoan-cua-toi")
                #expect(res.status == .seeOther && res.headers.first(name: .location)?.hasPrefix("/dang-nhap") == true)
            }
            // Signing in with the reset password leads to changing it, and nowhere else.
            laptop = Visitor(app)
            res = try await laptop.signIn("vanphong.hbt", password: "mat-khau-tam-1")
            #expect(res.headers.first(name: .location) == AuthController.passwordPath)
            res = try await laptop.get("/hoi-dong/1")
            #expect(res.headers.first(name: .location) == AuthController.passwordPath)
            res = try await laptop.post(AuthController.passwordPath, ["current": "sai", "password": "ngan", "confirm": "khac"])
            #expect(res.status == .unprocessableEntity)
            for message in ["Mật khẩu đang dùng không đúng.", "Mật khẩu phải có ít nhất 8 ký tự.", "Hai lần nhập mật khẩu mới không khớp."] {
                #expect(res.body.string.contains(message))
            }
            phone = Visitor(app)
            _ = try await phone.signIn("vanphong.hbt", password: "mat-khau-tam-1")
            res = try await laptop.post(AuthController.passwordPath, ["current": "mat-khau-tam-1", "password": "mat-khau-rieng-1",
                                                                       "confirm": "mat-khau-rieng-1"])
            #expect(res.status == .seeOther && res.headers.first(name: .location) == "/")
            #expect(try await laptop.get("/tai-khoan-cua-toi").status == .ok, "this session goes on")
            #expect(try await phone.get("/tai-khoan-cua-toi").status == .seeOther, "the other one ended")
            let audit = try await AuditEntry.query(on: app.db).filter(\.$recordType == "user").filter(\.$recordID == user.id!).all()
            #expect(audit.contains { $0.summary.contains("Đổi mật khẩu") } && audit.allSatisfy { !$0.changes.contains("mat-khau") })
        }
    }

    /// Locking an account ends its sessions and deletes its tokens: reopening it brings neither back.
    /// Tokens may expire, and record when they were last used.
    @Test(arguments: TestDB.all) func tokensExpireAndDieWithTheAccount(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "vanphong.hbt").first())
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            func headers(_ token: String) -> HTTPHeaders { var h = HTTPHeaders(); h.bearerAuthorization = .init(token: token); return h }
            let open = try await Accounts.issueToken(userID: user.id!, name: "mở", on: app.db)
            let today = try await Accounts.issueToken(userID: user.id!, name: "hôm nay", expiresOn: Day.today().description, on: app.db)
            let expired = try await Accounts.issueToken(userID: user.id!, name: "hết hạn", expiresOn: Day.today().adding(days: -1).description, on: app.db)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/letters?council=\(hbt.id!)", headers: headers(open)).status == .ok)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/letters?council=\(hbt.id!)", headers: headers(today)).status == .ok)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/letters?council=\(hbt.id!)", headers: headers(expired)).status == .unauthorized)
            let used = try await ApiToken.query(on: app.db).filter(\.$name == "mở").first()
            #expect(used?.lastUsedAt != nil)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            #expect(try await office.get("/tai-khoan-cua-toi").body.string.contains("Dùng lần cuối"))
            let res = try await office.post("/tai-khoan-cua-toi/ma-api", ["name": "cũ", "expiresOn": "01/01/2020"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Ngày hết hạn đã qua."))

            var admin = try await Visitor.signedIn(app, "admin")
            #expect(try await admin.post("/quan-tri/tai-khoan/\(user.id!)/khoa", [:]).status == .seeOther)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/letters?council=\(hbt.id!)", headers: headers(open)).status == .unauthorized)
            #expect(try await office.get("/tai-khoan-cua-toi").status == .seeOther, "the session ended with the lock")
            #expect(try await admin.post("/quan-tri/tai-khoan/\(user.id!)/khoa", [:]).status == .seeOther)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/letters?council=\(hbt.id!)", headers: headers(open)).status == .unauthorized,
                    "reopening the account does not revive its tokens")
            #expect(try await ApiToken.query(on: app.db).filter(\.$userID == user.id!).count() == 0)
        }
    }

    /// `hdnd serve` on an empty database creates one administrator with a random password that must be changed;
    /// no demo account, none listed.
    @Test(arguments: TestDB.all) func firstAdministratorHasNoPublishedPassword(_ db: TestDB) async throws {
        try await withTestApp(db, demo: false) { app in
            _ = try await UnitsImporter.run(on: app.db, provinces: ["01"])
            try await prepareForServe(app, demo: false)
            let users = try await User.query(on: app.db).all()
            #expect(users.map(\.username) == ["admin"] && users[0].mustChangePassword && !users[0].demoPassword)
            var v = Visitor(app)
            #expect(try await v.signIn("admin", password: DemoData.password).status == .unauthorized)
            let page = try await v.get("/dang-nhap").body.string
            #expect(!page.contains("Tài khoản dùng thử"))
            try await prepareForServe(app, demo: false)
            #expect(try await User.query(on: app.db).count() == 1, "run again: nothing more")
        }
    }

    /// A demo installation lists its accounts while their password is still the published one.
    @Test(arguments: TestDB.all) func demoAccountsListedWhileTheirPasswordIsPublished(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            var v = Visitor(app)
            var page = try await v.get("/dang-nhap").body.string
            #expect(page.contains("Tài khoản dùng thử") && page.contains("vanphong.hbt") && page.contains("admin"))
            var admin = try await Visitor.signedIn(app, "admin")
            let res = try await admin.post(AuthController.passwordPath, ["current": DemoData.password, "password": "mat-khau-moi-1",
                                                                         "confirm": "mat-khau-moi-1"])
            #expect(res.status == .seeOther)
            page = try await v.get("/dang-nhap").body.string
            #expect(page.contains("vanphong.hbt") && !page.contains("<code>admin</code>"))
        }
    }
}
