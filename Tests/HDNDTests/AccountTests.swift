import Fluent
@testable import HDND
import Testing
import Vapor
import VaporTesting

@Suite struct AccountTests {
    @Test(arguments: TestDB.all) func adminManagesAccountsAndEveryChangeIsAudited(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let cuKhoi = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var admin = try await Visitor.signedIn(app, "admin")

            // Bad input names the field; nothing is created.
            var res = try await admin.post("/quan-tri/tai-khoan", ["username": "Tên Có Dấu", "fullName": "", "password": "ngan", "role": "office"])
            #expect(res.status == .unprocessableEntity)
            for message in ["Tên đăng nhập chỉ gồm chữ không dấu", "Họ và tên không được để trống.", "ít nhất 8 ký tự", "Hãy chọn Hội đồng nhân dân"] {
                #expect(res.body.string.contains(message), "\(message)")
            }
            #expect(try await User.query(on: app.db).count() == DemoData.accounts.count)
            // An administrator is not offered to lock itself.
            let own = try #require(try await User.query(on: app.db).filter(\.$username == "admin").first())
            #expect(!(try await admin.get("/quan-tri/tai-khoan").body.string.contains("/quan-tri/tai-khoan/\(own.id!)/khoa")))

            res = try await admin.post("/quan-tri/tai-khoan", ["username": "vanphong.ck2", "fullName": "Lê Văn Bình",
                                                               "password": "matkhau123", "role": "office", "councilID": "\(cuKhoi.id!)"])
            #expect(res.status == .seeOther)
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "vanphong.ck2").first())
            var clerk = try await Visitor.signedIn(app, "vanphong.ck2", password: "matkhau123")
            // The administrator knows the first password: the clerk changes it before anything else.
            #expect(try await clerk.get("/").headers.first(name: .location) == AuthController.passwordPath)
            res = try await clerk.post(AuthController.passwordPath, ["current": "matkhau123", "password": "matkhau-rieng", "confirm": "matkhau-rieng"])
            #expect(res.status == .seeOther)
            #expect(try await clerk.get("/").body.string.contains("HĐND phường Hoàn Kiếm"))

            // A second role on another council, from the list: each account links to the form, and the councils to
            // choose from are listed once on the page (the new account's form and the chosen account's), not once per account.
            var list = try await admin.get("/quan-tri/tai-khoan").body.string
            #expect(list.contains("them-vai-tro=\(user.id!)#them-vai-tro"))
            // Each account a row (`AccountRow.row`): its name, its roles each with the form that removes it, its lock.
            #expect(list.contains("<td><code>vanphong.ck2</code></td><td>Lê Văn Bình</td>") && list.contains("Đang hoạt động"))
            #expect(list.contains("action=\"/quan-tri/tai-khoan/\(user.id!)/khoa\"") && list.contains("data-confirm=\"Bỏ vai trò này?\""))
            #expect(list.components(separatedBy: ">\(hbt.name)</option>").count == 2, "only the new account's form lists the councils")
            list = try await admin.get("/quan-tri/tai-khoan?tu-khoa=ck2&them-vai-tro=\(user.id!)").body.string
            #expect(list.contains("Thêm vai trò cho <code>vanphong.ck2</code>"))
            #expect(list.contains("action=\"/quan-tri/tai-khoan/\(user.id!)/vai-tro\""))
            #expect(list.contains("href=\"/quan-tri/tai-khoan?tu-khoa=ck2\">Thôi</a>"), "cancelling keeps the filter")
            #expect(list.components(separatedBy: ">\(hbt.name)</option>").count == 3)
            res = try await admin.post("/quan-tri/tai-khoan/\(user.id!)/vai-tro", ["role": "standing", "councilID": "\(hbt.id!)"])
            #expect(res.status == .seeOther)
            var actor = try #require(try await Accounts.actor(userID: user.id!, on: app.db))
            #expect(actor.grants.count == 2)
            #expect(try await admin.post("/quan-tri/tai-khoan/\(user.id!)/vai-tro", ["role": "agency"]).status == .unprocessableEntity)
            let grant = try #require(try await UserGrant.query(on: app.db).filter(\.$userID == user.id!).filter(\.$role == .standing).first())
            #expect(try await admin.post("/quan-tri/tai-khoan/\(user.id!)/vai-tro/\(grant.id!)/xoa", [:]).status == .seeOther)
            actor = try #require(try await Accounts.actor(userID: user.id!, on: app.db))
            #expect(actor.grants.map(\.role) == [.office])

            // Password reset and lock.
            #expect(try await admin.post("/quan-tri/tai-khoan/\(user.id!)/mat-khau", ["password": "moi-mat-khau-1"]).status == .seeOther)
            var again = Visitor(app)
            #expect(try await again.signIn("vanphong.ck2", password: "matkhau123").status == .unauthorized)
            #expect(try await again.signIn("vanphong.ck2", password: "moi-mat-khau-1").status == .seeOther)
            #expect(try await admin.post("/quan-tri/tai-khoan/\(user.id!)/khoa", [:]).status == .seeOther)
            var locked = Visitor(app)
            #expect(try await locked.signIn("vanphong.ck2", password: "moi-mat-khau-1").status == .unauthorized)
            // A session opened before the lock no longer counts.
            #expect(try await clerk.get("/tai-khoan-cua-toi").status == .seeOther)

            let audit = try await AuditEntry.query(on: app.db).filter(\.$recordType == "user").filter(\.$recordID == user.id!).all()
            #expect(audit.count == 6)  // created, password changed by its owner, role added, role removed, password reset, locked
            #expect(!audit.contains { $0.changes.contains("moi-mat-khau") }, "the audit never holds a password")
            res = try await admin.get("/nhat-ky/user/\(user.id!)")
            #expect(res.status == .ok && res.body.string.contains("Thêm vai trò"))

            // Only administrators reach these pages.
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            #expect(try await office.post("/quan-tri/tai-khoan/\(user.id!)/khoa", [:]).status == .forbidden)
            #expect(try await office.get("/nhat-ky/user/\(user.id!)").status == .forbidden)
        }
    }

    @Test(arguments: TestDB.all) func tokensAreShownOnceAndCanBeRevoked(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var res = try await office.post("/tai-khoan-cua-toi/ma-api", ["name": ""])
            #expect(res.status == .unprocessableEntity)
            res = try await office.post("/tai-khoan-cua-toi/ma-api", ["name": "Phần mềm tổng hợp"])
            #expect(res.status == .ok)
            let token = try #require(res.body.string.firstMatch(of: /<code class="token">([^<]+)<\/code>/)?.1)
            var h = HTTPHeaders(); h.bearerAuthorization = BearerAuthorization(token: String(token))
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/people", headers: h).status == .ok)
            let row = try #require(try await ApiToken.query(on: app.db).first())
            #expect(row.tokenHash != String(token), "only the hash is stored")
            let mine = try await office.get("/tai-khoan-cua-toi").body.string
            #expect(!mine.contains(String(token)), "shown once")
            #expect(mine.contains("Phần mềm tổng hợp") && mine.contains("/tai-khoan-cua-toi/ma-api/\(row.id!)/thu-hoi"), "listed with its revocation")
            #expect(try await office.post("/tai-khoan-cua-toi/ma-api/\(row.id!)/thu-hoi", [:]).status == .seeOther)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/people", headers: h).status == .unauthorized)
        }
    }
}

@Suite struct ForcePasswordChangeTests {
    @Test func anAdministratorForcesAChangeAtTheNextPage() async throws {
        try await withTestApp(.sqlite) { app in
            var clerk = try await Visitor.signedIn(app, "vanphong.hoankiem")
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "vanphong.hoankiem").first())
            var admin = try await Visitor.signedIn(app, "admin")
            #expect(try await admin.get("/quan-tri/tai-khoan").body.string.contains("/quan-tri/tai-khoan/\(user.id!)/buoc-doi-mat-khau"))
            #expect(try await clerk.post("/quan-tri/tai-khoan/\(user.id!)/buoc-doi-mat-khau", [:]).status == .forbidden)
            let res = try await admin.post("/quan-tri/tai-khoan/\(user.id!)/buoc-doi-mat-khau", [:])
            #expect(res.status == .seeOther)
            #expect(try await User.find(user.id, on: app.db)?.mustChangePassword == true)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$recordType == "user").filter(\.$recordID == user.id!).sort(\.$id, .descending).first()
            #expect(audit?.summary == "Buộc đổi mật khẩu: vanphong.hoankiem")
            // The clerk, still signed in, is taken to the password page before anything else.
            let next = try await clerk.get("/")
            #expect(next.status == .seeOther && next.headers.first(name: .location)?.hasPrefix(AuthController.passwordPath) == true)
        }
    }

    @Test(arguments: TestDB.all) func accountsAndTheAuditLogAreFoundByWordsAndGoPageByPage(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hk = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            let adminUser = try #require(try await User.query(on: app.db).filter(\.$username == "admin").first())
            let adminActor = try #require(try await Accounts.actor(userID: adminUser.id!, on: app.db))
            // Sixty more accounts: two pages of fifty in user-name order.
            for n in 1...60 {
                _ = try await Accounts.createUser(username: "taikhoan\(String(format: "%02d", n))", fullName: "Người Thứ \(n)",
                                                  password: "matkhau123", role: .office, councilID: hk.id, organizationID: nil,
                                                  by: adminActor, hash: { $0 }, on: app.db)
            }
            var admin = try await Visitor.signedIn(app, "admin")
            var page = try await admin.get("/quan-tri/tai-khoan?tu-khoa=nguoi+thu").body.string
            #expect(page.contains("60 tài khoản") && page.contains("<code>taikhoan01</code>") && page.contains("<code>taikhoan50</code>") && !page.contains("<code>taikhoan51</code>"))
            #expect(page.contains("Trang tiếp theo"), "a next page")
            page = try await admin.get("/quan-tri/tai-khoan?tu-khoa=nguoi+thu&trang=2").body.string
            #expect(page.contains("<code>taikhoan51</code>") && page.contains("<code>taikhoan60</code>") && !page.contains("<code>taikhoan50</code>"))
            #expect(page.contains("Trang trước") && !page.contains("Trang tiếp theo"), "the last page")
            // A full name without its diacritics; a council's name finds its accounts; a role narrows.
            page = try await admin.get("/quan-tri/tai-khoan?tu-khoa=minh+duc").body.string
            #expect(page.contains("<code>thuongtruc.hbt</code>") && !page.contains("<code>daibieu.hbt</code>") && page.contains("1 tài khoản"))
            page = try await admin.get("/quan-tri/tai-khoan?tu-khoa=hai+ba+trung").body.string
            #expect(page.contains("<code>vanphong.hbt</code>") && page.contains("<code>coquan.hbt</code>") && page.contains("<code>daibieu.hbt</code>"))
            #expect(!page.contains("<code>vanphong.hoankiem</code>") && !page.contains("<code>taikhoan01</code>"))
            page = try await admin.get("/quan-tri/tai-khoan?vai-tro=agency").body.string
            #expect(page.contains("<code>coquan.hbt</code>") && !page.contains("<code>vanphong.hbt</code>"))
            let bad = try await admin.get("/quan-tri/tai-khoan?vai-tro=vua")
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Vai trò không hợp lệ"))

            // The audit log finds an entry by words of its summary or of who made it, diacritics optional.
            page = try await admin.get("/quan-tri/nhat-ky?tu-khoa=taikhoan07").body.string
            #expect(page.contains("1 thay đổi") && page.contains("Tài khoản: taikhoan07"))
            page = try await admin.get("/quan-tri/nhat-ky?tu-khoa=tai+khoan&nguoi=admin").body.string
            #expect(page.contains("60 thay đổi"))
            page = try await admin.get("/quan-tri/nhat-ky?nguoi=khongco").body.string
            #expect(page.contains("0 thay đổi") && page.contains("Chưa có thay đổi nào."))
        }
    }
}
