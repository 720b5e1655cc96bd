import Fluent
@testable import HDND
import Testing
import Vapor
import VaporTesting

@Suite struct PageTests {
    @Test(arguments: TestDB.all) func publicPagesShowTheDirectory(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            var v = Visitor(app)
            var res = try await v.get("/")
            #expect(res.status == .ok)
            #expect(res.headers[.setCookie].isEmpty, "a public page opens no session")
            #expect(try await v.get("/don-vi").headers[.setCookie].isEmpty)
            #expect(res.body.string.contains("HĐND Số"))
            #expect(res.body.string.contains("lang=\"vi\""))

            res = try await v.get("/don-vi?ngay=30/06/2025")
            #expect(res.status == .ok)
            #expect(res.body.string.contains("Thành phố Hà Nội"))

            let hanoi = try #require(try await UnitQueries.find(code: "01", on: "2020-01-01", db: app.db))
            res = try await v.get("/don-vi?cha=\(hanoi.id)&ngay=2020-06-01")
            #expect(res.body.string.contains("Quận Hai Bà Trưng"))
            #expect(res.body.string.contains("Huyện Mê Linh"))
            res = try await v.get("/don-vi?cha=\(hanoi.id)&ngay=2025-07-01")
            #expect(res.body.string.contains("Phường Hai Bà Trưng"))
            #expect(!res.body.string.contains("Quận Hai Bà Trưng"))
            #expect(res.body.string.contains("126 đơn vị"))
            // Found by name at every depth below, diacritics optional; the pages go on and back, keeping the words.
            res = try await v.get("/don-vi?cha=\(hanoi.id)&ngay=2020-06-01&tu-khoa=bach+dang")
            #expect(res.body.string.contains("Phường Bạch Đằng") && !res.body.string.contains("Quận Hai Bà Trưng"))
            let codes = { (page: String) in page.matches(of: /<td>(\d{5})<\/td>/).map { String($0.1) } }
            let xa = try await v.get("/don-vi?cha=\(hanoi.id)&ngay=2020-06-01&tu-khoa=xa").body.string
            #expect(codes(xa).count == 200 && !xa.contains("‹ Trang trước"))
            let onward = try #require(xa.firstMatch(of: /href="([^"]*sau=\d+)"/)?.1).replacingOccurrences(of: "&amp;", with: "&")
            let xa2 = try await v.get(onward).body.string
            #expect(!codes(xa2).isEmpty && codes(xa2).first! > codes(xa).last! && xa2.contains("‹ Trang trước"))
            let back = try #require(xa2.firstMatch(of: /href="([^"]*truoc=\d+)"/)?.1).replacingOccurrences(of: "&amp;", with: "&")
            let xaAgain = try await v.get(back).body.string
            #expect(back.contains("tu-khoa=xa") && codes(xaAgain) == codes(xa))

            let hbt = try await Fixture.council("HĐND quận Hai Bà Trưng", app.db)
            res = try await v.get("/don-vi/\(hbt.unitID)")
            #expect(res.status == .ok)
            #expect(res.body.string.contains("HĐND quận Hai Bà Trưng"))
            #expect(res.body.string.contains("Phường Bạch Đằng"))

            res = try await v.get("/hoi-dong/\(hbt.id!)")
            #expect(res.status == .ok)
            let page = res.body.string
            #expect(page.contains("Khóa XX, nhiệm kỳ 2021 - 2026"))
            #expect(page.contains("Trần Quyết Thắng") && page.contains("Chủ tịch HĐND quận"))
            #expect(page.contains("Ban Pháp chế") && page.contains("Tổ đại biểu số 1"))
            #expect(!page.contains("Thêm nhiệm kỳ"), "a visitor sees no edit buttons")

            let thang = try await Fixture.person("Trần Quyết Thắng", app.db)
            // Each body a card, each member a row leading to the person (`CouncilPageParts`); no member form for a visitor.
            #expect(page.contains("<td><a href=\"\(RecordKind.person.path(thang.id!))\">Trần Quyết Thắng</a></td><td>Chủ tịch HĐND quận</td>"))
            #expect(page.contains("<section class=\"group\">") && !page.contains("Thêm thành viên"))
            res = try await v.get("/nguoi/\(thang.id!)")
            #expect(res.body.string.contains("Phó Bí thư Thường trực Quận ủy"))
            #expect(res.body.string.contains("Chủ tịch HĐND quận"))

            let term = try await Fixture.latestTerm(hbt, app.db)
            let ban = try await Fixture.body("Ban Pháp chế", term: term, app.db)
            res = try await v.get("/ban/\(ban.id!)")
            #expect(res.body.string.contains("Phạm Văn Hùng"))
            // The members' table the council page shows too (`MemberTable`); each membership's edit link only for those who may.
            #expect(res.body.string.contains(">Phạm Văn Hùng</a></td><td>") && !res.body.string.contains("Thao tác"))
            var editor = try await Visitor.signedIn(app, "admin")
            let edited = try await editor.get("/ban/\(ban.id!)").body.string
            #expect(edited.contains("<span class=\"sr\">Thao tác</span>") && edited.contains("/sua\">Sửa</a></td></tr>"))

            let org = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND quận Hoàn Kiếm").first())
            res = try await v.get("/to-chuc/\(org.id!)")
            #expect(res.body.string.contains("Nguyễn Chí Lực"))

            res = try await v.get("/tim-kiem?q=duc%20tuan")
            #expect(res.body.string.contains("Dương Đức Tuấn"))
            res = try await v.get("/tim-kiem?q=HAI%20BA%20TRUNG")
            #expect(res.body.string.contains("Quận Hai Bà Trưng"))
            // 50 hits a page, newest first, a next page that goes on where this one stopped, a filter by kind.
            res = try await v.get("/tim-kiem?q=phuong&loai=unit")
            let first = res.body.string
            #expect(first.contains("50 kết quả ở trang này"))
            let next = try #require(first.firstMatch(of: /href="(\/tim-kiem\?[^"]*truoc=\d+)"/)?.1)
            #expect(next.contains("loai=unit") && next.contains("q=phuong"))
            let second = try await v.get(String(next).replacingOccurrences(of: "&amp;", with: "&")).body.string
            let links = { (page: String) in Set(page.matches(of: /<li><a href="(\/don-vi\/\d+)"/).map { String($0.1) }) }
            #expect(links(first).count == 50 && !links(second).isEmpty && links(first).isDisjoint(with: links(second)))
            #expect(!first.contains("/hoi-dong/"), "only administrative units")
            #expect(try await v.get("/tim-kiem?q=phuong&loai=dance").status == .unprocessableEntity)

            #expect(try await v.get("/nguoi/999999").status == .notFound)
            #expect(try await v.get("/don-vi?ngay=32/13/2020").status == .unprocessableEntity)
            // Signed-in pages send a visitor to sign in.
            res = try await v.get("/quan-tri/nhat-ky")
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location)?.hasPrefix("/dang-nhap") == true)
        }
    }

    @Test(arguments: TestDB.all) func signedInPagesPerRole(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var res = try await office.get("/")
            #expect(res.body.string.contains("HĐND phường Hai Bà Trưng"))
            #expect(res.body.string.contains("Nguyễn Thị Lan"))
            res = try await office.get("/hoi-dong/\(hbt.id!)")
            #expect(res.body.string.contains("Thêm nhiệm kỳ") && res.body.string.contains("Thêm thành viên"))
            #expect(try await office.get("/quan-tri/tai-khoan").status == .forbidden)
            #expect(try await office.get("/nhat-ky/council/\(hbt.id!)").status == .ok)
            #expect(try await office.get("/tai-khoan-cua-toi").status == .ok)
            #expect(try await office.get(RecordKind.person.newPath + "?council=\(hbt.id!)").status == .ok)

            var admin = try await Visitor.signedIn(app, "admin")
            res = try await admin.get("/quan-tri/tai-khoan")
            #expect(res.status == .ok)
            #expect(res.body.string.contains("vanphong.hoankiem"))
            res = try await admin.get("/quan-tri/nhat-ky?loai=council")
            #expect(res.status == .ok)
            #expect(res.body.string.contains("HĐND phường Hai Bà Trưng"))
            #expect(try await admin.get("/quan-tri/nhat-ky?tu=99/99/2020").status == .unprocessableEntity)
            // The demo's changes of bodies fill several pages of 50; the filter is kept on each, nothing lost or repeated.
            let bodies = try await admin.get("/quan-tri/nhat-ky?loai=body").body.string
            let rows = { (page: String) in page.components(separatedBy: "<tr>").count - 2 }   // the header's row aside
            let total = try await AuditEntry.query(on: app.db).filter(\.$recordType == "body").count()
            var page = bodies, seen = rows(bodies), pages = 1
            while let older = page.firstMatch(of: /href="([^"]*truoc=\d+)"/)?.1.replacingOccurrences(of: "&amp;", with: "&"), pages < 20 {
                #expect(older.hasPrefix("/quan-tri/nhat-ky?loai=body&"))
                page = try await admin.get(older).body.string
                seen += rows(page)
                pages += 1
            }
            #expect(total > 100 && rows(bodies) == 50 && seen == total && pages == (total + 49) / 50)
            // The count is kept while the log gets no entry, and counted again once it gets one.
            #expect(bodies.contains("\(VietnameseFormat.number(total)) thay đổi"))
            try await Audit.record(on: app.db, actor: nil, action: .update, recordType: "body", recordID: 1, unitID: nil, summary: "Thêm",
                                   before: [:], after: [:])
            #expect(try await admin.get("/quan-tri/nhat-ky?loai=body").body.string.contains("\(VietnameseFormat.number(total + 1)) thay đổi"))
            // Days are Hà Nội days: the demo's changes (made today) are found from today on, and none up to yesterday.
            let today = VietnameseFormat.date(Day.today().description), yesterday = VietnameseFormat.date(Day.today().adding(days: -1).description)
            #expect(rows(try await admin.get("/quan-tri/nhat-ky?loai=body&tu=\(today)&den=\(today)").body.string) == 50)
            let none = try await admin.get("/quan-tri/nhat-ky?loai=body&den=\(yesterday)").body.string
            #expect(!none.contains("<td>") && none.contains("Nhật ký thay đổi toàn hệ thống"))
            // A page address that is not one is refused, on every list.
            for path in ["/quan-tri/nhat-ky?truoc=x", "/hoi-dong/\(hbt.id!)/don-thu?truoc=x", "/tim-kiem?q=hai&truoc=x",
                         "/hoi-dong/\(hbt.id!)/kien-nghi?truoc=x"] {
                #expect(try await admin.get(path).status == .unprocessableEntity, "\(path)")
            }

            var delegate = try await Visitor.signedIn(app, "daibieu.hbt")
            res = try await delegate.get("/hoi-dong/\(hbt.id!)")
            #expect(!res.body.string.contains("Thêm nhiệm kỳ"))
            #expect(try await delegate.get(RecordKind.person.newPath + "?council=\(hbt.id!)").status == .forbidden)

            var agency = try await Visitor.signedIn(app, "coquan.hbt")
            #expect(try await agency.get("/nhat-ky/council/\(hbt.id!)").status == .forbidden)

            res = try await office.post("/dang-xuat", [:])
            #expect(res.status == .seeOther)
            #expect(try await office.get("/tai-khoan-cua-toi").status == .seeOther)
        }
    }
}
