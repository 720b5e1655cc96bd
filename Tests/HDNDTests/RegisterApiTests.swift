import Fluent
import Foundation
@testable import HDND
import Testing
import Vapor
import VaporTesting

@Suite struct RegisterApiTests {
    static func json(_ res: TestingHTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any] ?? [:]
    }

    /// Letters over the API: written with senders through the form's rules, listed without senders, paged;
    /// an agency sees what was forwarded to it across councils; a denouncer never appears in a list.
    @Test(arguments: TestDB.all) func lettersOverTheApi(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let office = try await CitizensApiTests.token("vanphong.hbt", app)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            var res = try await app.testing().sendRequest(.POST, "/api/v1/letters", headers: office, body: ByteBuffer(string: """
                {"councilID": \(hbt.id!), "receivedOn": "2026-11-02", "channel": "online", "kind": "denunciation",
                 "content": "Tố cáo cán bộ phường nhận tiền khi cấp phép", "senders": [{"fullName": "Đỗ Văn Giấutên", "phone": "0900000001"}],
                 "decision": "forward", "agencyID": \(ubnd.id!)}
                """))
            #expect(res.status == .created)
            let created = try Self.json(res)
            #expect(created["number"] as? String == "01/2026" && created["kind"] as? String == "denunciation" && created["nextDeadline"] != nil)
            #expect(!res.body.string.contains("Giấutên"))
            res = try await app.testing().sendRequest(.POST, "/api/v1/letters", headers: office, body: ByteBuffer(string: """
                {"councilID": \(hbt.id!), "receivedOn": "2026-11-03", "channel": "post", "kind": "complaint", "content": "Khiếu nại thu hồi đất",
                 "senders": [{"fullName": "Lê Văn Mở"}]}
                """))
            #expect(try res.status == .created && Self.json(res)["number"] as? String == "02/2026")
            res = try await app.testing().sendRequest(.POST, "/api/v1/letters", headers: office, body: ByteBuffer(string: """
                {"councilID": \(hbt.id!), "receivedOn": "2026-11-03", "channel": "post", "kind": "complaint", "content": "Thiếu người gửi"}
                """))
            #expect(res.status == .unprocessableEntity && res.body.string.contains("senderName_1"))

            res = try await app.testing().sendRequest(.GET, "/api/v1/letters?council=\(hbt.id!)&limit=1", headers: office)
            var page = try Self.json(res)
            #expect((page["items"] as? [[String: Any]])?.first?["number"] as? String == "02/2026" && page["next"] as? String != nil)
            res = try await app.testing().sendRequest(.GET, "/api/v1/letters?council=\(hbt.id!)&limit=1&after=\(page["next"] as! String)", headers: office)
            page = try Self.json(res)
            #expect((page["items"] as? [[String: Any]])?.first?["number"] as? String == "01/2026")
            #expect(!res.body.string.contains("Giấutên") && !res.body.string.contains("0900000001"))
            res = try await app.testing().sendRequest(.GET, "/api/v1/letters?council=\(hbt.id!)&kind=complaint", headers: office)
            #expect(try (Self.json(res)["items"] as? [Any])?.count == 1)
            #expect(!res.body.string.contains("Lê Văn Mở"), "listed without senders, even those the register shows")
            res = try await app.testing().sendRequest(.GET, "/api/v1/letters?council=\(hbt.id!)&kind=thu", headers: office)
            #expect(res.status == .unprocessableEntity)

            // The agency: only what was forwarded to it, as a list and as a page.
            let agency = try await CitizensApiTests.token("coquan.hbt", app)
            res = try await app.testing().sendRequest(.GET, "/api/v1/letters", headers: agency)
            let forwarded = (try Self.json(res))["items"] as? [[String: Any]] ?? []
            #expect(forwarded.count == 1 && forwarded.first?["content"] as? String == "Tố cáo cán bộ phường nhận tiền khi cấp phép")
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/letters?council=\(hbt.id!)", headers: agency).status == .forbidden)
            var agencyVisitor = try await Visitor.signedIn(app, "coquan.hbt")
            let html = try await agencyVisitor.get("/co-quan/don-thu").body.string
            #expect(html.contains("Tố cáo cán bộ phường nhận tiền khi cấp phép") && !html.contains("Khiếu nại thu hồi đất") && !html.contains("Giấutên"))
            var outsider = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await outsider.get("/co-quan/don-thu").status == .forbidden)
        }
    }

    /// Voter meetings and sessions through the generic record API; petitions raised at a meeting in one call;
    /// reception visits listed with a confidential visitor unnamed.
    @Test(arguments: TestDB.all) func meetingsSessionsVisits(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let office = try await CitizensApiTests.token("vanphong.hbt", app)
            var res = try await app.testing().sendRequest(.POST, "/api/v1/voter-meetings", headers: office, body: ByteBuffer(string: """
                {"councilID": \(hbt.id!), "kind": "thematic", "topic": "Môi trường", "date": "2026-11-05", "place": "Nhà văn hóa phường",
                 "coOrganizer": "Ủy ban MTTQ", "votersAttending": 90, "votersSpeaking": 11}
                """))
            #expect(res.status == .created)
            let meetingID = try #require((try Self.json(res))["id"] as? Int)
            res = try await app.testing().sendRequest(.PATCH, "/api/v1/voter-meetings/\(meetingID)", headers: office,
                                                      body: ByteBuffer(string: #"{"version": 1, "votersAttending": 95}"#))
            #expect(try res.status == .ok && Self.json(res)["votersAttending"] as? Int == 95)
            res = try await app.testing().sendRequest(.POST, "/api/v1/voter-meetings/\(meetingID)/petitions", headers: office, body: ByteBuffer(string: """
                {"petitions": [{"content": "Nạo vét mương thoát nước", "field": "moitruong", "voters": 4}, {"content": "Thu gom rác đúng giờ"}]}
                """))
            #expect(try res.status == .created && (Self.json(res)["items"] as? [Any])?.count == 2)
            #expect(try await VoterPetition.query(on: app.db).filter(\.$meetingID == meetingID).count() == 2)
            res = try await app.testing().sendRequest(.POST, "/api/v1/voter-meetings/\(meetingID)/petitions", headers: office, body: ByteBuffer(string: """
                {"petitions": [{"content": "Đúng", "field": "moitruong"}, {"content": "Sai", "field": "thienvan"}]}
                """))
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Dòng 2: lĩnh vực không có trong danh mục."))
            #expect(try await VoterPetition.query(on: app.db).filter(\.$meetingID == meetingID).count() == 2, "nothing of a bad batch is written")

            res = try await app.testing().sendRequest(.POST, "/api/v1/sessions", headers: office, body: ByteBuffer(string: """
                {"councilID": \(hbt.id!), "number": 14, "kind": "regular", "opensOn": "2026-12-15", "closesOn": "2026-12-17"}
                """))
            #expect(res.status == .created)
            res = try await app.testing().sendRequest(.GET, "/api/v1/sessions?council=\(hbt.id!)")
            #expect(try (Self.json(res)["items"] as? [[String: Any]])?.contains { $0["opensOn"] as? String == "2026-12-15" } == true)

            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            let secret = try #require(try await ReceptionVisit.query(on: app.db).filter(\.$councilID == hk.id!).first())
            secret.visitorName = "Vũ Kín Tên"; secret.confidential = true
            try await secret.save(on: app.db)
            let admin = try await CitizensApiTests.token("admin", app)
            var total = 0, after: String? = nil, pages = 0
            repeat {
                res = try await app.testing().sendRequest(.GET, "/api/v1/reception-visits?council=\(hk.id!)&from=2019-01-01&to=2019-12-31&limit=100"
                                                          + (after.map { "&after=\($0)" } ?? ""), headers: admin)
                #expect(res.status == .ok && !res.body.string.contains("Vũ Kín Tên"))
                let page = try Self.json(res)
                total += (page["items"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["visitors"] as? Int ?? 0) }
                after = page["next"] as? String
                pages += 1
            } while after != nil && pages < 50
            #expect(total == 324)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/reception-visits?council=\(hk.id!)", headers: office).status == .forbidden)
        }
    }
}
