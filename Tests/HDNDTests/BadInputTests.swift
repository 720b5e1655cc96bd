import Fluent
@testable import HDND
import Testing
import Vapor
import VaporTesting

/// Bad input gets a 4xx with a Vietnamese message naming the field, and nothing is written.
@Suite struct BadInputTests {
    @Test(arguments: TestDB.all) func formsNameTheFieldAndWriteNothing(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let term = try await Fixture.latestTerm(hbt, app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let bodies = try await Body.query(on: app.db).count()
            let audits = try await Fixture.auditCount(app.db)

            // Missing.
            var res = try await office.post("/ban", ["termID": "\(term.id!)", "kind": "committee", "name": ""])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Tên không được để trống."))
            #expect(res.body.string.contains("aria-invalid=\"true\""))
            // Too long.
            res = try await office.post("/ban", ["termID": "\(term.id!)", "kind": "committee", "name": String(repeating: "a", count: 201)])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Tên dài quá 200 ký tự."))
            // Wrong type / value.
            res = try await office.post("/ban", ["termID": "\(term.id!)", "kind": "ban-la", "name": "Ban X"])
            #expect(res.body.string.contains("Loại không hợp lệ."))
            res = try await office.post("/nhiem-ky", ["councilID": "\(hbt.id!)", "ordinal": "hai mươi", "startYear": "2026", "endYear": "2031"])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Khóa phải là một số nguyên."))
            res = try await office.post("/nhiem-ky", ["councilID": "\(hbt.id!)", "ordinal": "21", "startYear": "2031", "endYear": "2026"])
            #expect(res.body.string.contains("Năm kết thúc phải sau năm bắt đầu."))
            let ban = try await Fixture.body("Ban Pháp chế", term: term, app.db)
            let thang = try await Fixture.person("Lê Minh Đức", app.db)
            res = try await office.post("/chuc-vu", ["personID": "\(thang.id!)", "holder": "body:\(ban.id!)", "post": "X", "validFrom": "31/02/2022"])
            #expect(res.body.string.contains("ngày 31/02/2022 không có trong lịch"))
            // Unknown id.
            res = try await office.post("/ban", ["termID": "999999", "kind": "committee", "name": "Ban X"])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Không tìm thấy nhiệm kỳ đã chọn."))
            // Another council's id: Hoàn Kiếm's term, posted by Hai Bà Trưng's office.
            let cuKhoiTerm = try await Fixture.latestTerm(try await Fixture.council("HĐND phường Hoàn Kiếm", app.db), app.db)
            res = try await office.post("/ban", ["termID": "\(cuKhoiTerm.id!)", "kind": "committee", "name": "Ban X"])
            #expect(res.status == .forbidden)

            #expect(try await Body.query(on: app.db).count() == bodies)
            #expect(try await Fixture.auditCount(app.db) == audits)

            // The same form, filled in properly, saves.
            res = try await office.post("/ban", ["termID": "\(term.id!)", "kind": "committee", "name": "Ban Đô thị"])
            #expect(res.status == .seeOther)
            #expect(try await Body.query(on: app.db).count() == bodies + 1)
        }
    }

    @Test(arguments: TestDB.all) func anotherWardsClerkByURLGetsNothing(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let term = try await Fixture.latestTerm(hbt, app.db)
            let ban = try await Fixture.body("Ban Pháp chế", term: term, app.db)
            let thang = try await Fixture.person("Lê Minh Đức", app.db)
            var cuKhoi = try await Visitor.signedIn(app, "vanphong.hoankiem")
            let audits = try await Fixture.auditCount(app.db)

            #expect(try await cuKhoi.get("/ban/\(ban.id!)/sua").status == .forbidden)
            #expect(try await cuKhoi.get("/nguoi/\(thang.id!)/sua").status == .forbidden)
            #expect(try await cuKhoi.post("/nguoi/\(thang.id!)", ["councilID": "\(hbt.id!)", "fullName": "X", "version": "\(thang.version)"]).status == .forbidden)
            #expect(try await cuKhoi.post("/ban/\(ban.id!)/xoa", ["version": "\(ban.version)"]).status == .forbidden)
            #expect(try await cuKhoi.get("/nhat-ky/body/\(ban.id!)").status == .forbidden)
            #expect(try await Body.find(ban.id, on: app.db) != nil)
            #expect(try await Person.find(thang.id, on: app.db)?.fullName == "Lê Minh Đức")
            #expect(try await Fixture.auditCount(app.db) == audits)
            // Their own council's pages open.
            let own = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            #expect(try await cuKhoi.get(RecordKind.body.newPath + "?term=\(try await Fixture.latestTerm(own, app.db).id!)").status == .ok)
        }
    }

    @Test(arguments: TestDB.all) func secondEditorGetsAConflictMessage(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let phuong = try await Fixture.person("Vũ Đức Bảo", app.db)
            var a = try await Visitor.signedIn(app, "vanphong.hbt")
            var b = try await Visitor.signedIn(app, "vanphong.hbt")
            // Both open the form at the same version.
            #expect(try await a.get("/nguoi/\(phuong.id!)/sua").body.string.contains("name=\"version\" value=\"\(phuong.version)\""))
            try await b.get("/nguoi/\(phuong.id!)/sua")
            let form = { (note: String) in ["councilID": "\(hbt.id!)", "fullName": "Vũ Đức Bảo", "note": note, "version": "\(phuong.version)"] }
            #expect(try await a.post("/nguoi/\(phuong.id!)", form("Ghi chú của A")).status == .seeOther)
            let res = try await b.post("/nguoi/\(phuong.id!)", form("Ghi chú của B"))
            #expect(res.status == .conflict)
            #expect(res.body.string.contains("vừa được người khác cập nhật"))
            #expect(try await Person.find(phuong.id, on: app.db)?.note == "Ghi chú của A")
        }
    }
}
