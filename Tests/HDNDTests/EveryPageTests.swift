import Fluent
@testable import HDND
import Testing
import Vapor
import VaporTesting

/// Every form page and every API read answers, for a record of each kind.
@Suite struct EveryPageTests {
    @Test(arguments: TestDB.all) func formsAndApiReadsOfEveryKind(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            var admin = try await Visitor.signedIn(app, "admin")
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let term = try await Fixture.latestTerm(hbt, app.db)
            let ids: [(RecordKind, Int, String, String)] = [
                (.unit, hbt.unitID, "?parent=\(hbt.unitID)", "units"),
                (.council, hbt.id!, "?unit=\(hbt.unitID)", "councils"),
                (.term, term.id!, "?council=\(hbt.id!)", "terms"),
                (.body, try await Fixture.body("Ban Pháp chế", term: term, app.db).id!, "?term=\(term.id!)", "bodies"),
                (.constituency, try #require(try await Constituency.query(on: app.db).filter(\.$termID == term.id!).first()).id!, "?term=\(term.id!)", "constituencies"),
                (.person, try await Fixture.person("Lê Minh Đức", app.db).id!, "?council=\(hbt.id!)", "people"),
                (.membership, try #require(try await Membership.query(on: app.db).first()).id!, "?person=1", "memberships"),
                (.organization, try #require(try await Organization.query(on: app.db).first()).id!, "?unit=\(hbt.unitID)", "organizations"),
            ]
            for (kind, id, query, plural) in ids {
                var res = try await admin.get(kind.newPath + query)
                #expect(res.status == .ok, "new \(kind)")
                #expect(res.body.string.contains("<form method=\"post\" action=\"\(kind.createPath)\""), "new \(kind)")
                res = try await admin.get(kind.editPath(id))
                #expect(res.status == .ok, "edit \(kind)")
                #expect(res.body.string.contains("name=\"version\""), "edit \(kind) carries the version")
                res = try await admin.get(kind.path(id))
                #expect(res.status == .ok || res.status == .seeOther, "view \(kind)")
                res = try await admin.get(kind.auditPath(id))
                #expect(res.status == .ok, "audit \(kind)")
                if kind != .unit {
                    res = try await app.testing().sendRequest(.GET, "/api/v1/\(plural)/\(id)")
                    #expect(res.status == .ok, "api \(plural)/\(id)")
                    #expect(res.body.string.contains("\"version\""))
                }
            }
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/bodies/abc").status == .unprocessableEntity)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/bodies/999999").status == .notFound)
        }
    }

    @Test(arguments: TestDB.all) func officeBuildsATermThroughTheForms(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let cuKhoi = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hoankiem")
            var res = try await office.post("/nhiem-ky", ["councilID": "\(cuKhoi.id!)", "ordinal": "7", "startYear": "2021", "endYear": "2026",
                                                         "startDate": "25/06/2021"])
            #expect(res.status == .seeOther)
            let term = try await Fixture.latestTerm(cuKhoi, app.db)
            #expect(term.ordinal == 7 && term.startDate == "2021-06-25")
            // A new term comes with its delegates and its standing committee.
            let kinds = try await Body.query(on: app.db).filter(\.$termID == term.id!).all().map(\.kind)
            #expect(Set(kinds) == [.council, .standing])
            res = try await office.post("/don-vi-bau-cu", ["termID": "\(term.id!)", "number": "1", "name": "Đơn vị bầu cử số 1", "area": "Tổ dân phố 1–5"])
            #expect(res.status == .seeOther)
            let constituency = try #require(try await Constituency.query(on: app.db).filter(\.$termID == term.id!).first())
            res = try await office.post("/ban", ["termID": "\(term.id!)", "kind": "delegateGroup", "name": "Tổ đại biểu số 1",
                                                 "constituencyID": "\(constituency.id!)"])
            #expect(res.status == .seeOther)
            let group = try #require(try await Body.query(on: app.db).filter(\.$termID == term.id!).filter(\.$kind == .delegateGroup).first())
            #expect(group.constituencyID == constituency.id)
            res = try await office.post("/nguoi", ["councilID": "\(cuKhoi.id!)", "fullName": "Trần Thị Hoa", "gender": "female", "birthYear": "1982"])
            #expect(res.status == .seeOther)
            let hoa = try await Fixture.person("Trần Thị Hoa", app.db)
            res = try await office.post("/chuc-vu", ["personID": "\(hoa.id!)", "holder": "body:\(group.id!)", "post": "Tổ trưởng", "rank": "1",
                                                     "validFrom": "25/06/2021"])
            #expect(res.status == .seeOther)
            res = try await office.get("/hoi-dong/\(cuKhoi.id!)?nhiem-ky=\(term.id!)")
            #expect(res.body.string.contains("Trần Thị Hoa") && res.body.string.contains("Tổ trưởng"))
            #expect(res.body.string.contains("Đơn vị bầu cử số 1"))
            res = try await office.get("/nguoi/\(hoa.id!)")
            #expect(res.body.string.contains("Tổ đại biểu số 1") && res.body.string.contains("từ 25/06/2021"))
            // Deleting the post, then restoring it from the audit page.
            let post = try #require(try await Membership.query(on: app.db).filter(\.$personID == hoa.id!).first())
            #expect(try await office.post("/chuc-vu/\(post.id!)/xoa", ["version": "\(post.version)"]).status == .seeOther)
            #expect(!(try await office.get("/nguoi/\(hoa.id!)").body.string.contains("<td>Tổ trưởng</td>")))
            res = try await office.get("/nhat-ky/membership/\(post.id!)")
            #expect(res.body.string.contains("Khôi phục"))
            // The audit names what the post points at, not its internal numbers.
            #expect(res.body.string.contains("<strong>Cá nhân</strong>: <del>Trần Thị Hoa</del>")
                    && res.body.string.contains("<strong>Cơ quan</strong>: <del>Tổ đại biểu số 1</del>"))
            #expect(try await office.post("/chuc-vu/\(post.id!)/khoi-phuc", [:]).status == .seeOther)
            #expect(try await office.get("/nguoi/\(hoa.id!)").body.string.contains("<td>Tổ trưởng</td>"))
        }
    }
}
