import Fluent
@testable import HDND
import Testing
import VaporTesting

/// Tasks a council gives to a body, a council below or an agency: given through the form, followed on the giver's and
/// the assignee's home pages, reported done by the assignee, overdue ones standing out; nobody else reads them.
@Suite struct TaskTests {
    static func form(_ council: Council, _ extra: [String: String]) -> [String: String] {
        ["councilID": "\(council.id!)", "content": "Giám sát việc nạo vét kênh Đồng Bông", "basis": "conclusion",
         "basisRef": "Thông báo số 12/TB-HĐND ngày 05/11/2026", "assignedOn": "05/11/2026", "dueOn": "30/12/2026", "status": "open"]
            .merging(extra) { _, new in new }
    }

    @Test(arguments: TestDB.all) func givenFollowedAndReported(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let city = try await Fixture.council("HĐND thành phố Hà Nội", app.db)
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            var cityOffice = try await Visitor.signedIn(app, "vanphong.hanoi")
            var office = try await Visitor.signedIn(app, "vanphong.hbt")

            // Bad input names each field; the pick-list and the choices stay.
            var res = try await office.post("/nhiem-vu", Self.form(hbt, ["assignee": "", "dueOn": "01/11/2026"]))
            #expect(res.status == .unprocessableEntity)
            for message in ["Hãy chọn nơi được giao nhiệm vụ.", "Hạn hoàn thành không thể trước ngày giao."] {
                #expect(res.body.string.contains(message), "\(message)")
            }
            #expect(res.body.string.contains("UBND phường Hai Bà Trưng (Cơ quan)") && res.body.string.contains("Giám sát việc nạo vét kênh Đồng Bông"))
            res = try await office.post("/nhiem-vu", Self.form(hbt, ["assignee": "council:\(city.id!)"]))
            #expect(res.body.string.contains("Nơi được giao phải là"), "a council above is not below")
            res = try await office.post("/nhiem-vu", Self.form(hbt, ["assignee": "agency:\(ubnd.id!)", "status": "done"]))
            #expect(res.body.string.contains("Hãy ghi ngày hoàn thành.") && res.body.string.contains("Hãy ghi kết quả thực hiện."))
            #expect(try await CouncilTask.query(on: app.db).count() == 0, "nothing half-written")

            // The ward gives one to its People's Committee, already late; the city gives one to the ward.
            res = try await office.post("/nhiem-vu", Self.form(hbt, ["assignee": "agency:\(ubnd.id!)", "assignedOn": "01/10/2026", "dueOn": "01/11/2026"]))
            #expect(res.status == .seeOther)
            res = try await cityOffice.post("/nhiem-vu", Self.form(city, ["content": "Báo cáo kết quả giải quyết kiến nghị về ngập úng",
                                                                          "assignee": "council:\(hbt.id!)", "dueOn": "30/12/2099"]))
            #expect(res.status == .seeOther)
            let toAgency = try #require(try await CouncilTask.query(on: app.db).filter(\.$organizationID == ubnd.id!).first())
            let toWard = try #require(try await CouncilTask.query(on: app.db).filter(\.$assigneeCouncilID == hbt.id!).first())
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == "task").count() == 2)

            // Each home counts what concerns it and opens the list behind the count.
            var page = try await office.get("/").body.string
            #expect(HomeTests.count(page, "nhiệm vụ đã giao quá hạn") == 1)
            #expect(HomeTests.count(page, "nhiệm vụ được cấp trên giao chưa hoàn thành") == 1)
            page = try await office.get("/hoi-dong/\(hbt.id!)/nhiem-vu?qua-han=1").body.string
            #expect(page.contains("Giám sát việc nạo vét kênh Đồng Bông") && page.contains("quá hạn") && page.contains("1 nhiệm vụ"))
            // The list exports with its filters.
            let overdueFile = ExportTests.parse(try await office.get("/hoi-dong/\(hbt.id!)/nhiem-vu.csv?qua-han=1").body.string)
            #expect(overdueFile.count == 2 && overdueFile[1][0] == "Giám sát việc nạo vét kênh Đồng Bông" && overdueFile[1][7] == "Có")
            #expect(ExportTests.parse(try await office.get("/hoi-dong/\(hbt.id!)/nhiem-vu.csv?duoc-giao=1").body.string).count == 2)
            page = try await office.get("/hoi-dong/\(hbt.id!)/nhiem-vu?duoc-giao=1&tu-khoa=ngap+ung").body.string
            #expect(page.contains("Báo cáo kết quả giải quyết kiến nghị về ngập úng") && page.contains("HĐND thành phố Hà Nội"))
            var agency = try await Visitor.signedIn(app, "coquan.hbt")
            page = try await agency.get("/").body.string
            #expect(HomeTests.count(page, "nhiệm vụ được giao quá hạn") == 1)
            #expect(try await agency.get("/co-quan/nhiem-vu").body.string.contains("Giám sát việc nạo vét kênh Đồng Bông"))

            // The agency reports its task done; a report without what was done is refused, naming the field.
            page = try await agency.get("/nhiem-vu/\(toAgency.id!)").body.string
            #expect(page.contains("Báo cáo hoàn thành") && !page.contains("/nhiem-vu/\(toAgency.id!)/sua"))
            res = try await agency.post("/nhiem-vu/\(toAgency.id!)/bao-cao", ["version": "1", "doneOn": "20/11/2026", "result": ""])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Hãy ghi kết quả thực hiện."))
            res = try await agency.post("/nhiem-vu/\(toAgency.id!)/bao-cao", ["version": "1", "doneOn": "20/11/2026", "result": "Đã nạo vét 300 m kênh"])
            #expect(res.status == .seeOther)
            let done = try #require(try await CouncilTask.find(toAgency.id, on: app.db))
            #expect(done.status == .done && done.doneOn == "2026-11-20" && done.result == "Đã nạo vét 300 m kênh" && done.version == 2)
            #expect(HomeTests.count(try await office.get("/").body.string, "nhiệm vụ đã giao quá hạn") == 0)

            // The ward's office reports the city's task; the city's office sees it done.
            #expect(try await office.post("/nhiem-vu/\(toWard.id!)/bao-cao", ["version": "1", "doneOn": "25/11/2026",
                                                                            "result": "Đã gửi báo cáo số 45/BC-HĐND"]).status == .seeOther)
            #expect(try await cityOffice.get("/nhiem-vu/\(toWard.id!)").body.string.contains("Đã gửi báo cáo số 45/BC-HĐND"))

            // Nobody else reads or reports them; a delegate reads the ward's but gives none.
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await other.get("/nhiem-vu/\(toAgency.id!)").status == .forbidden)
            #expect(try await other.post("/nhiem-vu/\(toWard.id!)/bao-cao", ["version": "2", "doneOn": "25/11/2026", "result": "x"]).status == .forbidden)
            #expect(try await other.get("/hoi-dong/\(hbt.id!)/nhiem-vu").status == .forbidden)
            var standing = try await Visitor.signedIn(app, "thuongtruc.hbt")
            #expect(try await standing.get("/nhiem-vu/\(toWard.id!)").status == .ok, "the ward's standing committee reads what the city gave it")
            var delegate = try await Visitor.signedIn(app, "daibieu.hbt")
            #expect(try await delegate.get("/nhiem-vu/\(toAgency.id!)").status == .ok)
            #expect(try await delegate.post("/nhiem-vu", Self.form(hbt, ["assignee": "agency:\(ubnd.id!)"])).status == .forbidden)
            var anonymous = Visitor(app)
            #expect(try await anonymous.get("/nhiem-vu/\(toAgency.id!)").status == .seeOther, "anonymous: to the sign-in page")
        }
    }
}
