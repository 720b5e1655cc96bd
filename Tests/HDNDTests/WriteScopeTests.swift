import Fluent
import Foundation
@testable import HDND
import Testing
import Vapor
import VaporTesting

/// Writes stay inside what the account may write: references to another council's people, the order of checks
/// (a stranger learns nothing from validation messages), and deletes that name the version they delete.
@Suite struct WriteScopeTests {
    /// An office of one ward cannot assign another council's person to its reception, nor give them a post.
    @Test(arguments: TestDB.all) func referencesStayInTheCouncil(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let cuKhoi = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let thang = try await Fixture.person("Lê Minh Đức", app.db)   // a person of Hai Bà Trưng's council
            #expect(thang.unitID == hbt.unitID)
            var office = try await Visitor.signedIn(app, "vanphong.hoankiem")
            // A visit at Hoàn Kiếm's reception "received by" Hai Bà Trưng's delegate.
            var res = try await office.post("/luot-tiep-cong-dan", ["councilID": "\(cuKhoi.id!)", "date": "10/11/2026", "consent": "true",
                                                                   "confidential": "false", "visitors": "1", "kind": "petition",
                                                                   "topic": "Hỏi về cấp giấy chứng nhận", "handling": "guided",
                                                                   "delegateID": "\(thang.id!)"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Không có đại biểu này trong Hội đồng."))
            // Assigning them to a Hoàn Kiếm reception day.
            res = try await office.post("/lich-tiep-cong-dan", ["councilID": "\(cuKhoi.id!)", "name": "Tiếp công dân", "daysOfMonth": "15",
                                                               "place": "Trụ sở", "startTime": "08:00", "endTime": "11:00"])
            #expect(res.status == .seeOther)
            let schedule = try #require(try await ReceptionSchedule.query(on: app.db).filter(\.$councilID == cuKhoi.id!).first())
            res = try await office.post("/lich-tiep-cong-dan/\(schedule.id!)/phan-cong", ["date": "2026-12-15", "personID": "\(thang.id!)"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Hãy chọn đại biểu của Hội đồng này."))
            #expect(try await ReceptionAssignment.query(on: app.db).filter(\.$scheduleID == schedule.id!).count() == 0)
            // A post in Hoàn Kiếm's own body for Hai Bà Trưng's person.
            let term = try await Fixture.latestTerm(cuKhoi, app.db)
            let body = try #require(try await Body.query(on: app.db).filter(\.$termID == term.id!).first())
            res = try await office.post("/chuc-vu", ["personID": "\(thang.id!)", "holder": "body:\(body.id!)", "post": "Ủy viên"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("thuộc Hội đồng khác"))
            // And a post in Hai Bà Trưng's body, by Hoàn Kiếm's office: not theirs to give.
            let hbtBody = try #require(try await Body.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            res = try await office.post("/chuc-vu", ["personID": "\(thang.id!)", "holder": "body:\(hbtBody.id!)", "post": "Ủy viên"])
            #expect(res.status == .forbidden)
        }
    }

    /// A stranger's bad form gets 403, not the messages that would tell what exists; pages and API alike.
    @Test(arguments: TestDB.all) func authorizationComesBeforeValidation(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var stranger = try await Visitor.signedIn(app, "vanphong.hoankiem")
            let forms: [(String, [String: String])] = [
                ("/don-thu", ["councilID": "\(hbt.id!)", "receivedOn": "ngày xấu", "duplicateOf": "1/2019"]),
                ("/luot-tiep-cong-dan", ["councilID": "\(hbt.id!)", "letterNumber": "1/2019", "petition": "đèn"]),
                ("/kien-nghi", ["councilID": "\(hbt.id!)", "meetingID": "1"]),
                ("/ky-hop", ["councilID": "\(hbt.id!)", "termID": "1", "number": "x"]),
                ("/nguoi", ["councilID": "\(hbt.id!)", "fullName": ""]),
            ]
            for (path, form) in forms {
                let res = try await stranger.post(path, form)
                #expect(res.status == .forbidden, "\(path): \(res.status)")
                #expect(!res.body.string.contains("class=\"error\"") && !res.body.string.contains("Dữ liệu chưa hợp lệ"), "\(path): no validation message")
            }
            // Nobody with a grant to create anywhere (a delegate) is refused before the input is read, owner or not.
            var delegate = try await Visitor.signedIn(app, "daibieu.hbt")
            #expect(try await delegate.post("/don-thu", ["councilID": "999999"]).status == .forbidden)
            let token = try await CitizensApiTests.token("vanphong.hoankiem", app)
            var res = try await app.testing().sendRequest(.POST, "/api/v1/letters", headers: token, body: ByteBuffer(string: """
                {"councilID": \(hbt.id!), "receivedOn": "xấu", "kind": "khác"}
                """))
            #expect(res.status == .forbidden)
            res = try await app.testing().sendRequest(.POST, "/api/v1/people", headers: token, body: ByteBuffer(string: """
                {"councilID": \(hbt.id!), "fullName": ""}
                """))
            #expect(res.status == .forbidden)
        }
    }

    /// Deleting names the version deleted, on the pages and in the API; a stale one is refused with 409.
    @Test(arguments: TestDB.all) func deletesNeedTheirVersion(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var res = try await office.post("/nguoi", ["councilID": "\(hbt.id!)", "fullName": "Người Sẽ Xóa"])
            #expect(res.status == .seeOther)
            let person = try await Fixture.person("Người Sẽ Xóa", app.db)
            res = try await office.post("/nguoi/\(person.id!)/xoa", [:])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("phiên bản"))
            res = try await office.post("/nguoi/\(person.id!)/xoa", ["version": "\(person.version + 5)"])
            #expect(res.status == .conflict)
            #expect(try await Person.find(person.id, on: app.db) != nil, "nothing deleted yet")
            let token = try await CitizensApiTests.token("vanphong.hbt", app)
            res = try await app.testing().sendRequest(.DELETE, "/api/v1/people/\(person.id!)", headers: token)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("version"))
            res = try await app.testing().sendRequest(.DELETE, "/api/v1/people/\(person.id!)?version=\(person.version)", headers: token)
            #expect(res.status == .noContent)
            #expect(try await Person.find(person.id, on: app.db) == nil)
        }
    }
}
