import Fluent
@testable import HDND
import Testing
import VaporTesting

/// The yearly decisions on days off: recorded by an administrator, audited, shown on /thoi-han, and applied by every
/// due date the system computes.
@Suite struct HolidayDecisionTests {
    /// The due date a letter page shows for the deadline whose label starts with `label`.
    static func due(_ page: String, _ label: String) -> String? {
        guard let row = page.range(of: "<td>\(label)") else { return nil }
        let rest = page[row.upperBound...]
        guard let open = rest.range(of: "</td><td>") else { return nil }
        return String(rest[open.upperBound...].prefix(10))
    }

    static let form = ["year": "2027", "number": "Công văn 1/VPCP-KGVX", "issuedOn": "20/12/2026", "issuer": "Văn phòng Chính phủ",
                       "summary": "Nghỉ thứ Hai 04/01/2027, làm bù thứ Bảy 09/01/2027", "source": "vanban.chinhphu.vn",
                       "daysOff": "04/01/2027", "workingDays": "09/01/2027", "verified": "true"]

    @Test(arguments: TestDB.all) func recordedAuditedAndApplied(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            // Only an administrator records them.
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            #expect(try await office.post("/quyet-dinh-nghi-le", Self.form).status == .forbidden)
            #expect(try await office.get("/quyet-dinh-nghi-le/moi").status == .forbidden)
            var admin = try await Visitor.signedIn(app, "admin")
            // Bad input: each message names the field and the day.
            var bad = Self.form
            bad["workingDays"] = "05/01/2027"; bad["daysOff"] = "04/01/2027, 31/12/2026"
            var res = try await admin.post("/quyet-dinh-nghi-le", bad)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Ngày 05/01/2027 vốn đã là ngày làm việc"))
            #expect(res.body.string.contains("ngày 31/12/2026 không thuộc năm 2027"))
            bad = Self.form; bad["daysOff"] = ""; bad["workingDays"] = ""
            res = try await admin.post("/quyet-dinh-nghi-le", bad)
            #expect(res.body.string.contains("Hãy ghi ít nhất một ngày nghỉ hoặc một ngày làm việc bù."))
            #expect(try await HolidayDecision.query(on: app.db).filter(\.$year == 2027).count() == 0, "nothing half-written")

            // A denunciation accepted Thursday 31/12/2026 is announced within 05 working days: 01/01 is New Year,
            // then 04–08/01 → 08/01/2027; once 04/01 is off and Saturday 09/01 a working day → 09/01/2027.
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            res = try await office.post("/don-thu", LetterTests.form(hbt, ["kind": "denunciation", "receivedOn": "28/12/2026", "senderName_1": "Người tố cáo",
                                                                           "decision": "handle", "eligible": "true", "acceptedOn": "31/12/2026"]))
            #expect(res.status == .seeOther)
            let letter = try #require(try await Letter.query(on: app.db).filter(\.$receivedOn == "2026-12-28").first())
            var page = try await office.get("/don-thu/\(letter.id!)").body.string
            #expect(Self.due(page, "Thông báo thụ lý tố cáo") == "08/01/2027")
            // The register judges overdue on the stored next deadline, which follows every decision.
            func stored() async throws -> String? { try await Letter.find(letter.id!, on: app.db)?.nextDue }
            let stored1 = try await stored()
            #expect(stored1 == "2027-01-08")

            res = try await admin.post("/quyet-dinh-nghi-le", Self.form)
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location) == "/thoi-han?nam=2027")
            let decision = try #require(try await HolidayDecision.query(on: app.db).filter(\.$year == 2027).first())
            #expect(decision.daysOff == "2027-01-04" && decision.workingDays == "2027-01-09")
            let audit = try await AuditEntry.query(on: app.db).filter(\.$recordType == "holidayDecision").filter(\.$recordID == decision.id!).all()
            #expect(audit.count == 1 && audit[0].action == .create)
            page = try await office.get("/don-thu/\(letter.id!)").body.string
            #expect(Self.due(page, "Thông báo thụ lý tố cáo") == "09/01/2027", "the decision moves the due date")
            let stored2 = try await stored()
            #expect(stored2 == "2027-01-09")
            let register = try await office.get("/hoi-dong/\(hbt.id!)/don-thu").body.string
            #expect(register.contains("(kể từ ngày ra quyết định thụ lý): 09/01/2027"), "the register's stored deadline follows the decision")

            // The public page lists the decision and its days for the year; a citizen sees it without an account.
            var citizen = Visitor(app)
            page = try await citizen.get("/thoi-han?nam=2027").body.string
            #expect(page.contains("Công văn 1/VPCP-KGVX") && page.contains("Nghỉ theo Công văn 1/VPCP-KGVX"))
            #expect(page.contains("Làm việc theo Công văn 1/VPCP-KGVX") && page.contains("09/01/2027"))
            #expect(!page.contains("Ghi quyết định về ngày nghỉ"), "only an administrator is offered the form")
            // The demo carries the 2026 decisions found, marked as not yet read against the official text.
            page = try await citizen.get("/thoi-han?nam=2026").body.string
            #expect(page.contains("Công văn 12729/VPCP-KGVX") && page.contains("Thông báo 9441/TB-BNV") && page.contains("chưa đối chiếu văn bản"))
            #expect(page.contains("Làm việc theo Công văn 12729/VPCP-KGVX"))
            #expect(try await admin.get("/thoi-han?nam=2027").body.string.contains("Ghi quyết định về ngày nghỉ"))

            // A second decision may not contradict the first.
            var other = Self.form
            other["number"] = "Công văn 2/VPCP-KGVX"; other["daysOff"] = "09/01/2027"; other["workingDays"] = ""
            res = try await admin.post("/quyet-dinh-nghi-le", other)
            #expect(res.body.string.contains("Ngày 09/01/2027 là ngày làm việc theo Công văn 1/VPCP-KGVX."))

            // Deleted, it no longer counts (and the audit keeps both entries).
            res = try await admin.post("/quyet-dinh-nghi-le/\(decision.id!)/xoa", ["version": "1"])
            #expect(res.status == .seeOther)
            page = try await office.get("/don-thu/\(letter.id!)").body.string
            #expect(Self.due(page, "Thông báo thụ lý tố cáo") == "08/01/2027")
            let stored3 = try await stored()
            #expect(stored3 == "2027-01-08")
        }
    }
}
