import Fluent
import Foundation
@testable import HDND
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A denouncer is named nowhere: denunciations are made by every path (letter form, API, import, reception visit,
/// kind changes both ways), then every page, export, feed and API answer is searched for the marker strings as
/// every role that was not granted the right — the administrator included.
@Suite struct ConfidentialityTests {
    static let markers = ["MATDANH", "DIACHIMAT", "0911000001"]

    static func leaks(_ text: String) -> [String] { markers.filter { text.contains($0) } }

    @Test(arguments: TestDB.all) func denouncersAreNamedNowhere(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            _ = try await Accounts.createUser(username: "vanphong2.hbt", fullName: "Văn phòng thứ hai", password: DemoData.password, role: .office,
                                              councilID: hbt.id, organizationID: nil, by: nil, hash: { try app.password.hash($0) }, on: app.db)
            var clerk = try await Visitor.signedIn(app, "vanphong.hbt")
            func letterForm(_ extra: [String: String]) -> [String: String] {
                LetterTests.form(hbt, ["receivedOn": "02/11/2026", "kind": "denunciation", "decision": "forward", "agencyID": "\(ubnd.id!)",
                                       "content": "Tố cáo cán bộ nhận tiền"].merging(extra) { _, new in new })
            }
            // 1. The letter form.
            var res = try await clerk.post("/don-thu", letterForm(["senderName_1": "MATDANH Mot", "senderAddress_1": "DIACHIMAT 1",
                                                                   "senderPhone_1": "0911000001"]))
            #expect(res.status == .seeOther)
            // 2. The API.
            let clerkToken = try await CitizensApiTests.token("vanphong.hbt", app)
            res = try await app.testing().sendRequest(.POST, "/api/v1/letters", headers: clerkToken, body: ByteBuffer(string: """
                {"councilID": \(hbt.id!), "receivedOn": "2026-11-03", "channel": "online", "kind": "denunciation", "content": "Tố cáo qua mạng",
                 "senders": [{"fullName": "MATDANH Hai", "address": "DIACHIMAT 2"}], "decision": "forward", "agencyID": \(ubnd.id!)}
                """))
            #expect(res.status == .created)
            // 3. An import.
            let csv = "Ngày nhận,Loại đơn,Người gửi,Địa chỉ người gửi,Nội dung,Nguồn đơn,Ngày thụ lý,Kết quả\n"
                + "04/11/2026,Tố cáo,MATDANH Ba,DIACHIMAT 3,Tố cáo việc lấn chiếm đất công,Qua bưu điện,,Đang giải quyết\n"
            res = try await ImportTests.upload(app, clerk, "/hoi-dong/\(hbt.id!)/don-thu/nhap", Array(csv.utf8), filename: "don.csv")
            #expect(res.status == .ok && res.body.string.contains("Đã nhập 01 trên 01 dòng."), "import: \(res.status)")
            // 4. A reception visit about a denunciation whose form says "not confidential".
            let visitForm = ["councilID": "\(hbt.id!)", "date": "10/11/2026", "consent": "true", "confidential": "false", "visitors": "1",
                             "kind": "denunciation", "topic": "Công dân đến tố cáo", "handling": "guided"]
            res = try await clerk.post("/luot-tiep-cong-dan", visitForm.merging(["visitorName": "MATDANH Bon"]) { _, new in new })
            #expect(res.status == .seeOther)
            let visit = try #require(try await ReceptionVisit.query(on: app.db).sort(\.$id, .descending).first())
            #expect(visit.confidential, "a denunciation visit is confidential whatever the form says")
            // 5. A complaint and a visit that become denunciations later: what was written before them leaves the audit too.
            res = try await clerk.post("/don-thu", letterForm(["kind": "complaint", "decision": "", "agencyID": "", "senderName_1": "MATDANH Nam"]))
            let became = try #require(try await Letter.query(on: app.db).sort(\.$id, .descending).first())
            #expect(!became.confidential)
            res = try await clerk.post("/don-thu/\(became.id!)", letterForm(["version": "\(became.version)"]))
            #expect(res.status == .seeOther)
            res = try await clerk.post("/luot-tiep-cong-dan", visitForm.merging(["kind": "petition", "visitorName": "MATDANH Sau"]) { _, new in new })
            let visit2 = try #require(try await ReceptionVisit.query(on: app.db).sort(\.$id, .descending).first())
            #expect(!visit2.confidential)
            res = try await clerk.post("/luot-tiep-cong-dan/\(visit2.id!)",
                                       visitForm.merging(["visitorName": "MATDANH Sau", "version": "\(visit2.version)"]) { _, new in new })
            #expect(res.status == .seeOther)
            // 6. A denunciation turned into a complaint stays confidential; only someone who may see the denouncer may turn it,
            //    and the audit warns.
            res = try await clerk.post("/don-thu", letterForm(["senderName_1": "MATDANH Bay"]))
            let turned = try #require(try await Letter.query(on: app.db).sort(\.$id, .descending).first())
            var other = try await Visitor.signedIn(app, "vanphong2.hbt")
            res = try await other.post("/don-thu/\(turned.id!)", letterForm(["kind": "complaint", "version": "\(turned.version)"]))
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Chỉ người được phép xem danh tính người tố cáo"))
            res = try await clerk.post("/don-thu/\(turned.id!)", letterForm(["kind": "complaint", "version": "\(turned.version)"]))
            #expect(res.status == .seeOther)
            let after = try #require(try await Letter.find(turned.id, on: app.db))
            #expect(after.kind == .complaint && after.confidential)
            let warning = try await AuditEntry.query(on: app.db).filter(\.$recordType == "letter").filter(\.$recordID == turned.id!)
                .sort(\.$id, .descending).first()
            #expect(warning?.summary.contains("CẢNH BÁO") == true)

            // The one who registered them sees the names (the rule hides, it does not lose).
            let letters = try await Letter.query(on: app.db).filter(\.$confidential == true).filter(\.$receivedOn >= "2026-11-01").sort(\.$id).all()
            #expect(letters.count == 5, "\(letters.map(\.content))")
            #expect(try await clerk.get("/don-thu/\(letters[0].id!)").body.string.contains("MATDANH Mot"))
            #expect(try await clerk.get("/luot-tiep-cong-dan/\(visit.id!)/sua").body.string.contains("MATDANH Bon"))

            // Everyone else: every exit.
            let visits = [visit, visit2]
            var pages = ["/hoi-dong/\(hbt.id!)/don-thu", "/hoi-dong/\(hbt.id!)/don-thu.csv", "/hoi-dong/\(hbt.id!)/don-thu?gom-cap-duoi=1",
                         "/hoi-dong/\(hbt.id!)/tiep-cong-dan?thang=2026-11", "/hoi-dong/\(hbt.id!)/tiep-cong-dan.csv?thang=2026-11",
                         "/hoi-dong/\(hbt.id!)/lich-tiep-cong-dan.ics", "/tim-kiem?q=matdanh+mot", "/tim-kiem?q=matdanh", "/co-quan/don-thu",
                         "/quan-tri/nhat-ky", "/quan-tri/nhat-ky?loai=receptionVisit", "/quan-tri/nhat-ky?loai=letter",
                         "/quan-tri/nhat-ky?tu-khoa=matdanh"]
            let xlsx = ["/hoi-dong/\(hbt.id!)/don-thu.xlsx", "/hoi-dong/\(hbt.id!)/tiep-cong-dan.xlsx?thang=2026-11"]
            for l in letters { pages += ["/don-thu/\(l.id!)", "/don-thu/\(l.id!)/sua", "/nhat-ky/letter/\(l.id!)"] }
            for v in visits { pages += ["/luot-tiep-cong-dan/\(v.id!)/sua", "/nhat-ky/receptionVisit/\(v.id!)"] }
            var api = ["/api/v1/letters?council=\(hbt.id!)", "/api/v1/reception-visits?council=\(hbt.id!)", "/api/v1/search?q=MATDANH",
                       "/api/v1/letters?agency=\(ubnd.id!)"]
            for l in letters { api.append("/api/v1/letters/\(l.id!)") }
            for username in ["admin", "vanphong2.hbt", "thuongtruc.hbt", "daibieu.hbt", "coquan.hbt", "vanphong.hoankiem"] {
                var reader = try await Visitor.signedIn(app, username)
                for page in pages {
                    let res = try await reader.get(page)
                    #expect(Self.leaks(res.body.string).isEmpty, "\(username) \(page): \(Self.leaks(res.body.string))")
                    if res.status == .ok && (page.hasPrefix("/don-thu/") || page.contains("tiep-cong-dan?")) {
                        #expect(res.headers.first(name: .cacheControl) == "no-store", "\(page)")
                    }
                }
                for page in xlsx {
                    let res = try await reader.get(page)
                    guard res.status == .ok else { continue }
                    let text = try XLSXReader.rows(Data(buffer: res.body)).joined().joined(separator: "|")
                    #expect(Self.leaks(text).isEmpty, "\(username) \(page)")
                }
                let token = try await CitizensApiTests.token(username, app)
                for path in api {
                    let res = try await app.testing().sendRequest(.GET, path, headers: token)
                    #expect(Self.leaks(res.body.string).isEmpty, "\(username) \(path): \(Self.leaks(res.body.string))")
                }
            }
            // The audit rows themselves: no entry anywhere carries a marker any more.
            struct E: Decodable { let changes: String; let summary: String }
            let entries = try await app.db.sql.raw("SELECT changes, summary FROM audit_entries").all(decoding: E.self)
            #expect(entries.allSatisfy { Self.leaks($0.changes + $0.summary).isEmpty })
            // The office may grant the right, on the visit's form page; the grantee then sees the name there.
            #expect(try await clerk.get("/luot-tiep-cong-dan/\(visit.id!)/sua").body.string.contains("Cho phép tài khoản xem danh tính"))
            res = try await clerk.post("/luot-tiep-cong-dan/\(visit.id!)/quyen-xem", ["username": "vanphong2.hbt"])
            #expect(res.status == .seeOther)
            #expect(try await other.get("/luot-tiep-cong-dan/\(visit.id!)/sua").body.string.contains("MATDANH Bon"))
            #expect(try await other.get("/luot-tiep-cong-dan/\(visit2.id!)/sua").body.string.contains("MATDANH") == false)
        }
    }

    /// An agency reading a merged petition sees only the sources forwarded to it.
    @Test(arguments: TestDB.all) func mergedSourcesOnlyAsForwarded(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            for content in ["Kiến nghị sửa đường ngõ 12 Lò Đúc", "NGUONKHAC kiến nghị sửa đường ngõ 12 Lò Đúc"] {
                let res = try await office.post("/kien-nghi", ["councilID": "\(hbt.id!)", "content": content, "voterCount": "1", "source": "voterMeeting", "receivedOn": "05/11/2026"])
                #expect(res.status == .seeOther, "\(res.body.string.prefix(200))")
            }
            let ps = try await VoterPetition.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id, .descending).limit(2).all()
            let (keeper, source) = (ps[1], ps[0])
            // The keeper is forwarded to the district's committee; the merged source had been forwarded elsewhere.
            let other = try #require(try await Organization.query(on: app.db).filter(\.$id != ubnd.id!).filter(\.$kind == .agency).first())
            try await app.db.sql.update("voter_petitions").set("agency_id", to: ubnd.id!).set("status", to: "forwarded").where("id", .equal, keeper.id!).run()
            try await app.db.sql.update("voter_petitions").set("agency_id", to: other.id!).where("id", .equal, source.id!).run()
            var res = try await office.post("/kien-nghi/\(keeper.id!)/gop", ["from": "\(source.id!)"])
            #expect(res.status == .seeOther)
            #expect(try await office.get("/kien-nghi/\(keeper.id!)").body.string.contains("NGUONKHAC"), "the office sees every source")
            var agency = try await Visitor.signedIn(app, "coquan.hbt")
            res = try await agency.get("/kien-nghi/\(keeper.id!)")
            #expect(res.status == .ok)
            #expect(!res.body.string.contains("NGUONKHAC"), "not forwarded to this agency")
        }
    }
}

/// A letter found by its sender's name only by those who may see that sender.
@Suite struct SenderSearchTests {
    @Test(arguments: TestDB.all) func senderNamesAreFoundOnlyWithTheRight(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var res = try await office.post("/don-thu", LetterTests.form(hbt, ["senderName_1": "Phạm Thị Khiếu Nại", "decision": "forward",
                                                                               "agencyID": "\(ubnd.id!)"]))
            #expect(res.status == .seeOther)
            res = try await office.post("/don-thu", LetterTests.form(hbt, ["kind": "denunciation", "senderName_1": "Đỗ Văn Tố Giác"]))
            #expect(res.status == .seeOther)
            func found(_ v: inout Visitor, _ q: String) async throws -> Bool {
                try await v.get("/tim-kiem?q=\(q)").body.string.contains("Đơn thư theo người gửi")
            }
            // The office that registered both sees both senders (diacritics optional).
            #expect(try await found(&office, "pham%20thi%20khieu"))
            #expect(try await found(&office, "do%20van%20to%20giac"))
            // The standing committee reads the register but not a denouncer.
            var standing = try await Visitor.signedIn(app, "thuongtruc.hbt")
            #expect(try await found(&standing, "pham%20thi%20khieu"))
            #expect(!(try await found(&standing, "to%20giac")))
            // The agency finds the letter forwarded to it; another council's office and a visitor find nothing.
            var agency = try await Visitor.signedIn(app, "coquan.hbt")
            #expect(try await found(&agency, "khieu%20nai"))
            #expect(!(try await found(&agency, "to%20giac")))
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(!(try await found(&other, "pham%20thi%20khieu")))
            var visitor = Visitor(app)
            let page = try await visitor.get("/tim-kiem?q=pham%20thi%20khieu").body.string
            #expect(!page.contains("Đơn thư theo người gửi") && !page.contains("Phạm Thị Khiếu Nại"))
        }
    }
}
