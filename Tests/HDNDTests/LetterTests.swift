import Fluent
import SQLKit
@testable import HDND
import Testing
import Vapor
import VaporTesting

@Suite struct LetterTests {
    static func form(_ council: Council, _ extra: [String: String]) -> [String: String] {
        var f = ["councilID": "\(council.id!)", "receivedOn": "12/02/2026", "channel": "post", "kind": "complaint",
                 "content": "Khiếu nại quyết định thu hồi đất", "anonymous": "false", "round": "1", "outcome": "pending"]
        f.merge(extra) { _, new in new }
        return f
    }

    @Test(arguments: TestDB.all) func registerNumbersAndDeadlines(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var res = try await office.post("/don-thu", Self.form(hbt, [:]))
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Hãy ghi người gửi, hoặc đánh dấu đơn không ký tên."))
            res = try await office.post("/don-thu", Self.form(hbt, ["senderName_1": "Lê Văn Khiếu", "senderAddress_1": "Phố Huế"]))
            #expect(res.status == .seeOther)
            res = try await office.post("/don-thu", Self.form(hbt, ["senderName_1": "Lê Văn Khiếu", "receivedOn": "20/02/2026", "duplicateOf": "01/2026"]))
            #expect(res.status == .seeOther)
            let letters = try await Letter.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id).all()
            #expect(letters.map(\.registerNumber) == ["01/2026", "02/2026"])
            #expect(letters[1].duplicateOfID == letters[0].id)
            res = try await office.get("/don-thu/\(letters[0].id!)")
            #expect(res.status == .ok)
            let page = res.body.string
            #expect(page.contains("Lê Văn Khiếu"), "a complainant is visible to the council's office")
            #expect(page.contains("Thụ lý hoặc không thụ lý khiếu nại") && page.contains("05/03/2026"), "10 working days across Tết 2026")
            #expect(page.contains("Đơn số 02/2026"), "the duplicate is linked")
            // The agency it is forwarded to is named.
            let agency = try #require(try await Organization.query(on: app.db).first())
            try await app.db.sql.update(Letter.schema).set("agency_id", to: agency.id!).where("id", .equal, letters[0].id!).run()
            #expect(try await office.get("/don-thu/\(letters[0].id!)").body.string.contains(agency.name))
            try await app.db.sql.update(Letter.schema).set("agency_id", to: SQLLiteral.null).where("id", .equal, letters[0].id!).run()
            #expect(!page.contains("chưa đối chiếu văn bản"), "Decree 124/2020's figure is checked")
            // Accepting it starts the resolution clock: 30 days from 02/03/2026.
            res = try await office.post("/don-thu/\(letters[0].id!)", Self.form(hbt, ["version": "1", "decision": "handle", "eligible": "true",
                                                                                     "acceptedOn": "02/03/2026"]))
            #expect(res.status == .seeOther)
            res = try await office.get("/don-thu/\(letters[0].id!)")
            #expect(res.body.string.contains("Giải quyết khiếu nại lần đầu") && res.body.string.contains("01/04/2026"))
            res = try await office.get("/hoi-dong/\(hbt.id!)/don-thu")
            #expect(res.status == .ok && res.body.string.contains("01/2026"))
            // The register names each letter's senders in the order entered, and none of a letter without a name.
            res = try await office.post("/don-thu", Self.form(hbt, ["senderName_1": "Phạm Thị Một", "senderName_2": "Đỗ Văn Hai", "receivedOn": "21/02/2026"]))
            #expect(res.status == .seeOther)
            res = try await office.post("/don-thu", Self.form(hbt, ["anonymous": "true", "receivedOn": "22/02/2026"]))
            #expect(res.status == .seeOther)
            let register = try await office.get("/hoi-dong/\(hbt.id!)/don-thu").body.string
            #expect(register.contains("Phạm Thị Một, Đỗ Văn Hai") && register.contains("Không ký tên") && register.contains("Lê Văn Khiếu"))
            // Both 2026 letters are long overdue today; none is due this week.
            res = try await office.get("/hoi-dong/\(hbt.id!)/don-thu?qua-han=1")
            #expect(res.body.string.contains("01/2026") && res.body.string.contains("quá hạn"))
            res = try await office.get("/hoi-dong/\(hbt.id!)/don-thu?sap-den-han=1")
            #expect(res.body.string.contains("Không có đơn nào."))
            let today = Day.today()
            res = try await office.post("/don-thu", Self.form(hbt, ["senderName_1": "Mai Văn Gần", "receivedOn": today.description]))
            #expect(res.status == .seeOther)
            let recent = try #require(try await Letter.query(on: app.db).filter(\.$receivedOn == today.description).first())
            let recentPage = try await office.get("/don-thu/\(recent.id!)").body.string
            #expect(!recentPage.contains("chưa đối chiếu văn bản"), "Decree 155/2026's figure is checked against its text")
            res = try await office.get("/hoi-dong/\(hbt.id!)/don-thu?sap-den-han=1")
            #expect(res.body.string.contains("Mai Văn Gần") == (today.adding(days: 7) >= DeadlineRules.deadline(.complaintAcceptance, from: today, calendar: .statutory)!))
            // Extensions are for denunciations only, with a reason.
            res = try await office.post("/don-thu/\(letters[0].id!)", Self.form(hbt, ["version": "2", "extensions": "1"]))
            #expect(res.body.string.contains("Chỉ đơn tố cáo mới được gia hạn"))
        }
    }

    /// What lengthens a deadline is recorded with its reason and who decided, shown, audited and in the API.
    @Test(arguments: TestDB.all) func complexityAndExtensionsNeedAReasonAndADecider(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let before = try await Letter.query(on: app.db).count()
            let denunciation = ["kind": "denunciation", "senderName_1": "Trần Văn Báo", "decision": "handle", "acceptedOn": "02/03/2026",
                                "complex": "true", "extensions": "1"]
            var res = try await office.post("/don-thu", Self.form(hbt, denunciation))
            #expect(res.status == .unprocessableEntity)
            for message in ["Hãy ghi lý do xác định vụ việc phức tạp.", "Hãy ghi người quyết định vụ việc phức tạp.",
                            "Hãy ghi lý do gia hạn.", "Hãy ghi người quyết định gia hạn."] {
                #expect(res.body.string.contains(message), "\(message)")
            }
            #expect(try await Letter.query(on: app.db).count() == before, "nothing written")
            res = try await office.post("/don-thu", Self.form(hbt, denunciation.merging([
                "complexityNote": "Liên quan nhiều hộ dân, nhiều thời kỳ", "complexityDecidedBy": "Nguyễn Văn Quyết, Chủ tịch UBND quận",
                "extensionNote": "Cần trưng cầu giám định", "extensionDecidedBy": "Nguyễn Văn Quyết, Chủ tịch UBND quận"]) { _, new in new }))
            #expect(res.status == .seeOther)
            let letter = try #require(try await Letter.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id, .descending).first())
            let page = try await office.get("/don-thu/\(letter.id!)").body.string
            #expect(page.contains("Liên quan nhiều hộ dân, nhiều thời kỳ (quyết định: Nguyễn Văn Quyết, Chủ tịch UBND quận)"))
            #expect(page.contains("01 lần — Cần trưng cầu giám định (quyết định: Nguyễn Văn Quyết, Chủ tịch UBND quận)"))
            // 30 days from 02/03/2026 and one extension of 30: 01/05/2026 is a holiday, so Monday 04/05.
            #expect(page.contains("Giải quyết tố cáo (gia hạn 01 lần)") && page.contains("04/05/2026"))
            let audit = try await office.get("/nhat-ky/letter/\(letter.id!)").body.string
            #expect(audit.contains("Cần trưng cầu giám định") && !audit.contains("Trần Văn Báo"))
            // Not complex any more: the reason and decider go with it.
            res = try await office.post("/don-thu/\(letter.id!)", Self.form(hbt, denunciation.merging([
                "version": "1", "complex": "false", "complexityNote": "x", "complexityDecidedBy": "y",
                "extensionNote": "Cần trưng cầu giám định", "extensionDecidedBy": "Nguyễn Văn Quyết, Chủ tịch UBND quận"]) { _, new in new }))
            #expect(res.status == .seeOther)
            let saved = try #require(try await Letter.find(letter.id!, on: app.db))
            #expect(!saved.complex && saved.complexityNote == nil && saved.complexityDecidedBy == nil)
            var h = HTTPHeaders()
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "vanphong.hbt").first())
            h.bearerAuthorization = BearerAuthorization(token: try await Accounts.issueToken(userID: user.id!, name: "t", on: app.db))
            let json = try await app.testing().sendRequest(.GET, "/api/v1/letters/\(letter.id!)", headers: h).body.string
            #expect(json.contains("\"extensionDecidedBy\":\"Nguyễn Văn Quyết, Chủ tịch UBND quận\"") && json.contains("\"extensions\":1"))
        }
    }

    /// Delegated verification is its own fact: it (or several places) gives a denunciation's classification
    /// 10 working days; a complex case checked at one place keeps 07 (Law on Denunciations 2018, art. 24.1).
    @Test(arguments: TestDB.all) func delegatedVerificationLengthensClassification(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let base = Self.form(hbt, ["kind": "denunciation", "receivedOn": "12/02/2026", "senderName_1": "Lê Văn Tố"])
            var res = try await office.post("/don-thu", base.merging(["complex": "true", "complexityNote": "Nhiều người liên quan",
                                                                       "complexityDecidedBy": "Chủ tịch UBND quận"]) { _, new in new })
            #expect(res.status == .seeOther)
            var letter = try #require(try await Letter.query(on: app.db).sort(\.$id, .descending).first())
            var page = try await office.get("/don-thu/\(letter.id!)").body.string
            #expect(page.contains("Phân loại, xử lý ban đầu đơn tố cáo</td><td>02/03/2026"), "complex, one place: 07 working days")
            res = try await office.post("/don-thu/\(letter.id!)", base.merging(["version": "\(letter.version)", "delegatedVerification": "true"]) { _, new in new })
            #expect(res.status == .seeOther)
            letter = try #require(try await Letter.find(letter.id, on: app.db))
            #expect(letter.delegatedVerification)
            page = try await office.get("/don-thu/\(letter.id!)").body.string
            #expect(page.contains("Phân loại, xử lý ban đầu đơn tố cáo</td><td>05/03/2026") && page.contains("ủy quyền xác minh"))
            let audit = try await AuditEntry.query(on: app.db).filter(\.$recordType == "letter").filter(\.$recordID == letter.id!).all()
            #expect(audit.contains { $0.changes.contains("delegatedVerification") })
        }
    }

    /// From 01/07/2026 a complaint is complex only by a written finding against Decree 155/2026's seven criteria:
    /// the clerk ticks the criteria and records the document's number and date; the letter page and the API show them.
    @Test(arguments: TestDB.all) func complexComplaintsNeedAWrittenFinding(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let base = Self.form(hbt, ["receivedOn": "02/07/2026", "acceptedOn": "06/07/2026", "decision": "handle", "eligible": "true",
                                       "senderName_1": "Lê Văn Khiếu", "complex": "true"])
            var res = try await office.post("/don-thu", base)
            #expect(res.status == .unprocessableEntity)
            for message in ["hãy chọn ít nhất một tiêu chí vụ việc phức tạp", "Hãy ghi số văn bản xác định vụ việc phức tạp",
                            "Hãy ghi ngày văn bản xác định vụ việc phức tạp"] {
                #expect(res.body.string.contains(message), "\(message)")
            }
            #expect(!res.body.string.contains("Hãy ghi lý do xác định vụ việc phức tạp."), "the finding replaces the free reason")
            #expect(res.body.string.contains("type=\"checkbox\" name=\"complexityCriteria_a\""))
            res = try await office.post("/don-thu", base.merging(["complexityCriteria_a": "true", "complexityCriteria_c": "true",
                                                                  "complexityFindingNumber": "12/QĐ-UBND", "complexityFindingDate": "10/07/2026"]) { _, new in new })
            #expect(res.status == .seeOther)
            let letter = try #require(try await Letter.query(on: app.db).sort(\.$id, .descending).first())
            #expect(letter.complexityCriteria == "a,c" && letter.complexityFindingDate == "2026-07-10")
            let page = try await office.get("/don-thu/\(letter.id!)").body.string
            #expect(page.contains("điểm a, c khoản 1 Điều 3a Nghị định 124/2020/NĐ-CP") && page.contains("Số 12/QĐ-UBND ngày 10/07/2026"))
            #expect(page.contains("Giải quyết khiếu nại lần đầu</td><td>20/08/2026"), "45 days from acceptance for a complex case")
            // The API reads and checks the same facts.
            let token = try await CitizensApiTests.token("vanphong.hbt", app)
            let detail = try await app.testing().sendRequest(.GET, "/api/v1/letters/\(letter.id!)", headers: token)
            #expect(detail.body.string.contains(#""complexityCriteria":"a,c""#))
            let bad = try await app.testing().sendRequest(.POST, "/api/v1/letters", headers: token, body: ByteBuffer(string: """
                {"councilID": \(hbt.id!), "receivedOn": "2026-07-02", "channel": "post", "kind": "complaint", "content": "Khiếu nại",
                 "senders": [{"fullName": "Lê Văn B"}], "complex": true, "complexityCriteria": "a,x"}
                """))
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("complexityCriteria"))
            // Received before 01/07/2026, accepted after: the page says which rule set the acceptance deadline, and why.
            res = try await office.post("/don-thu", Self.form(hbt, ["receivedOn": "29/06/2026", "acceptedOn": "03/07/2026", "decision": "handle",
                                                                    "senderName_1": "Lê Văn Giao"]))
            let straddling = try #require(try await Letter.query(on: app.db).sort(\.$id, .descending).first())
            let straddlingPage = try await office.get("/don-thu/\(straddling.id!)").body.string
            #expect(straddlingPage.contains("Quy định áp dụng") && straddlingPage.contains("Thụ lý hoặc không thụ lý khiếu nại</td><td>13/07/2026"))
            #expect(!page.contains("Quy định áp dụng"), "a complaint received after the change is not affected")
            // A complaint after the 90-day limitation period is flagged (not refused); one within it is not.
            res = try await office.post("/don-thu", Self.form(hbt, ["receivedOn": "02/06/2026", "complainedDecisionOn": "01/03/2026",
                                                                    "senderName_1": "Lê Văn Muộn"]))
            #expect(res.status == .seeOther)
            let lateLetter = try #require(try await Letter.query(on: app.db).sort(\.$id, .descending).first())
            let latePage = try await office.get("/don-thu/\(lateLetter.id!)").body.string
            #expect(latePage.contains("Lưu ý thời hiệu") && latePage.contains("Đơn nhận sau ngày 01/06/2026"))
            let lateJSON = try await app.testing().sendRequest(.GET, "/api/v1/letters/\(lateLetter.id!)", headers: token).body.string
            #expect(lateJSON.replacingOccurrences(of: "\\/", with: "/").contains(#""lateNotice":"Đơn nhận sau ngày 01/06/2026"#))
            res = try await office.post("/don-thu", Self.form(hbt, ["receivedOn": "02/06/2026", "complainedDecisionOn": "03/06/2026",
                                                                    "senderName_1": "Lê Văn Sớm"]))
            #expect(res.status == .unprocessableEntity && res.body.string.contains("không thể sau ngày nhận đơn"))
        }
    }

    /// Suspending and resuming a resolution through the form: the page says the clock is stopped, then shows the
    /// longer due date with the days not counted.
    @Test(arguments: TestDB.all) func suspensionThroughTheForm(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let base = Self.form(hbt, ["receivedOn": "20/02/2026", "acceptedOn": "02/03/2026", "decision": "handle", "eligible": "true",
                                       "senderName_1": "Lê Văn Chờ"])
            var res = try await office.post("/don-thu", base.merging(["suspendedOn": "10/03/2026"]) { _, new in new })
            #expect(res.status == .seeOther)
            var letter = try #require(try await Letter.query(on: app.db).sort(\.$id, .descending).first())
            var page = try await office.get("/don-thu/\(letter.id!)").body.string
            #expect(page.contains("đang tạm đình chỉ, thời hạn dừng tính") && !page.contains("Giải quyết khiếu nại lần đầu"))
            res = try await office.post("/don-thu/\(letter.id!)", base.merging(["version": "\(letter.version)", "suspendedOn": "10/03/2026",
                                                                               "resumedOn": "09/03/2026"]) { _, new in new })
            #expect(res.status == .unprocessableEntity && res.body.string.contains("không thể trước ngày tạm đình chỉ"))
            res = try await office.post("/don-thu/\(letter.id!)", base.merging(["version": "\(letter.version)", "suspendedOn": "10/03/2026",
                                                                               "resumedOn": "20/03/2026"]) { _, new in new })
            #expect(res.status == .seeOther)
            letter = try #require(try await Letter.find(letter.id, on: app.db))
            page = try await office.get("/don-thu/\(letter.id!)").body.string
            #expect(page.contains("Giải quyết khiếu nại lần đầu (không tính 10 ngày tạm đình chỉ)</td><td>13/04/2026"))
            // The register shows the deadline stored with its label (`LetterDue`), as the letter's page computes it.
            let register = try await office.get("/hoi-dong/\(hbt.id!)/don-thu").body.string
            #expect(register.contains("Giải quyết khiếu nại lần đầu (không tính 10 ngày tạm đình chỉ): 13/04/2026"))
            res = try await office.post("/don-thu", Self.form(hbt, ["senderName_1": "Lê Văn Sớm", "suspendedOn": "10/03/2026"]))
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Chỉ tạm đình chỉ được vụ việc đã thụ lý."))
        }
    }

    /// The rules and the holiday table behind every due date, open to anyone.
    @Test func theRulesPage() async throws {
        try await withTestApp(.sqlite) { app in
            var v = Visitor(app)
            var res = try await v.get("/thoi-han?nam=2026")
            #expect(res.status == .ok)
            let page = res.body.string
            for rule in DeadlineRules.all { #expect(page.contains(rule.label) && page.contains(rule.legalBasis)) }
            #expect(page.contains("Đến hết 30/06/2026") && page.contains("Từ 01/07/2026"))
            let rulesTable = page.components(separatedBy: "id=\"ngay-nghi\"")[0]
            #expect(!rulesTable.contains("chưa đối chiếu văn bản</span>"), "every rule is checked against its text")
            #expect(page.contains("17/02/2026</td><td>Thứ Ba</td><td>Tết Nguyên đán (mùng 1)"))
            #expect(page.contains("27/04/2026</td><td>Thứ Hai</td><td>Nghỉ bù"), "Giỗ Tổ on Sunday 26/04 is made up on Monday")
            res = try await v.get("/thoi-han?nam=1990")
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Năm phải từ 2015 đến 2035."))
        }
    }

    /// A denouncer's identity: on the page only for accounts granted it; never on lists, search or the audit.
    @Test(arguments: TestDB.all) func denouncerStaysConfidential(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            _ = try await Accounts.createUser(username: "vanphong.hbt2", fullName: "Chuyên viên thứ hai", password: "matkhau123", role: .office,
                                              councilID: hbt.id!, organizationID: nil, by: nil, hash: { try app.password.hash($0) }, on: app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var res = try await office.post("/don-thu", Self.form(hbt, ["kind": "denunciation", "content": "Tố cáo cán bộ địa chính nhận tiền",
                                                                       "senderName_1": "Phan Thị Tốcáo", "senderPhone_1": "0912345678"]))
            #expect(res.status == .seeOther)
            let letter = try #require(try await Letter.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$kind == .denunciation).first())
            // The clerk who registered it sees the denouncer.
            #expect(try await office.get("/don-thu/\(letter.id!)").body.string.contains("Phan Thị Tốcáo"))

            var colleague = try await Visitor.signedIn(app, "vanphong.hbt2", password: "matkhau123")
            var admin = try await Visitor.signedIn(app, "admin")
            var standing = try await Visitor.signedIn(app, "thuongtruc.hbt")
            for visitor in [colleague, admin, standing] {
                var v = visitor
                res = try await v.get("/don-thu/\(letter.id!)")
                #expect(res.status == .ok)
                #expect(!res.body.string.contains("Phan Thị Tốcáo") && !res.body.string.contains("0912345678"))
                #expect(res.body.string.contains("được giữ bí mật"))
            }
            // Lists, search and the audit never show it, even to the clerk who may see it.
            for path in ["/hoi-dong/\(hbt.id!)/don-thu", "/tim-kiem?q=tocao", "/nhat-ky/letter/\(letter.id!)", "/quan-tri/nhat-ky"] {
                var v = path.hasPrefix("/quan-tri") ? admin : office
                res = try await v.get(path)
                #expect(res.status == .ok, "\(path)")
                #expect(!res.body.string.contains("Tốcáo") && !res.body.string.contains("0912345678"), "\(path)")
            }
            #expect(try await SearchIndex.search(on: app.db, query: "phan thi tocao", unitPaths: ["/"], limit: 10).isEmpty)
            let export = try await office.get("/hoi-dong/\(hbt.id!)/don-thu.csv").body.string
            #expect(export.contains("Tố cáo cán bộ địa chính nhận tiền") && export.contains(Confidentiality.hidden))
            #expect(!export.contains("Tốcáo") && !export.contains("0912345678"), "the export never carries the denouncer")
            #expect(!(try await AuditEntry.query(on: app.db).all()).contains { $0.changes.contains("Tốcáo") || $0.summary.contains("Tốcáo") })

            // The office grants the colleague the right; now the colleague sees it, and the grant is audited.
            res = try await colleague.post("/don-thu/\(letter.id!)/quyen-xem", ["username": "vanphong.hbt2"])
            #expect(res.status == .seeOther, "an office clerk of the council may grant it")
            res = try await colleague.get("/don-thu/\(letter.id!)")
            #expect(res.body.string.contains("Phan Thị Tốcáo"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == "letter").all().contains { $0.summary.contains("vanphong.hbt2") })
            // Nobody outside the council may grant or read.
            var cuKhoi = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await cuKhoi.get("/don-thu/\(letter.id!)").status == .forbidden)
            #expect(try await cuKhoi.post("/don-thu/\(letter.id!)/quyen-xem", ["username": "vanphong.hoankiem"]).status == .forbidden)
            _ = standing; _ = admin
        }
    }
}
