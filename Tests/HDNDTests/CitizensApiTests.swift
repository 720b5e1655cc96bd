import Fluent
import Foundation
@testable import HDND
import Testing
import Vapor
import VaporTesting

@Suite struct CitizensApiTests {
    static func token(_ username: String, _ app: Application) async throws -> HTTPHeaders {
        let user = try #require(try await User.query(on: app.db).filter(\.$username == username).first())
        var h = HTTPHeaders(); h.bearerAuthorization = BearerAuthorization(token: try await Accounts.issueToken(userID: user.id!, name: "t", on: app.db))
        h.contentType = .json
        return h
    }

    @Test(arguments: TestDB.all) func petitionsAndLettersOverTheApi(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            let admin = try await Self.token("admin", app)
            var res = try await app.testing().sendRequest(.GET, "/api/v1/voter-petitions?council=\(hk.id!)&status=inProgress&limit=500", headers: admin)
            #expect(res.status == .ok)
            let page = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as! [String: Any]
            #expect((page["items"] as! [Any]).count == 104)
            // A list's item (decoded from the list's row) and the petition read alone (from its row) are the same JSON as
            // the model's.
            for item in (page["items"] as! [[String: Any]]).prefix(3) {
                let id = item["id"] as! Int
                let one = try await app.testing().sendRequest(.GET, "/api/v1/voter-petitions/\(id)", headers: admin)
                let detail = try JSONSerialization.jsonObject(with: Data(buffer: one.body)) as! [String: Any]
                #expect(NSDictionary(dictionary: item).isEqual(to: detail["petition"] as! [String: Any]), "\(item)")
                #expect(item["forwardedOn"] != nil && item["version"] != nil, "\(item)")
                let model = try #require(try await VoterPetition.find(id, on: app.db))
                let fromModel = try JSONSerialization.jsonObject(with: JSONEncoder().encode(CitizensApi.PetitionJSON(model))) as! [String: Any]
                #expect(NSDictionary(dictionary: fromModel).isEqual(to: item), "\(fromModel)")
                let events = try await PetitionEvent.query(on: app.db).filter(\.$petitionID == id).all()
                #expect((detail["timeline"] as! [[String: Any]]).map { $0["to"] as! String } == events.map(\.toStatus.rawValue))
            }
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/voter-petitions?council=\(hk.id!)").status == .unauthorized)
            let hbtOffice = try await Self.token("vanphong.hoankiem", app)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/voter-petitions?council=\(hk.id!)", headers: hbtOffice).status == .forbidden)
            // One petition: another council's office may not read it; one that does not exist is not found.
            let first = (page["items"] as! [[String: Any]])[0]["id"] as! Int
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/voter-petitions/\(first)", headers: hbtOffice).status == .forbidden)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/voter-petitions/99999999", headers: admin).status == .notFound)

            // The HBT office forwards a petition; the agency answers it through the API.
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let office = try await Self.token("vanphong.hbt", app)
            let p = VoterPetition()
            p.councilID = hbt.id!; p.unitID = hbt.unitID; p.source = .portal; p.content = "Đề nghị sửa mặt đường phố Bạch Mai"
            p.field = "giaothong"; p.voterCount = 1; p.status = .classified; p.receivedOn = "2026-11-01"; p.folded = fold(p.content); p.version = 1
            try await p.create(on: app.db)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            res = try await app.testing().sendRequest(.POST, "/api/v1/voter-petitions/\(p.id!)/actions/forward", headers: office,
                                                      body: ByteBuffer(string: #"{"version": 1, "agencyID": \#(ubnd.id!)}"#))
            #expect(res.status == .ok)
            let agency = try await Self.token("coquan.hbt", app)
            res = try await app.testing().sendRequest(.GET, "/api/v1/voter-petitions", headers: agency)
            let inbox = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as! [String: Any]
            #expect((inbox["items"] as! [[String: Any]]).map { $0["id"] as! Int } == [p.id!])
            res = try await app.testing().sendRequest(.POST, "/api/v1/voter-petitions/\(p.id!)/actions/close", headers: agency,
                                                      body: ByteBuffer(string: #"{"version": 2, "outcome": "resolved"}"#))
            #expect(res.status == .forbidden)
            res = try await app.testing().sendRequest(.POST, "/api/v1/voter-petitions/\(p.id!)/actions/answer", headers: agency,
                                                      body: ByteBuffer(string: #"{"version": 2, "answer": "Đã đưa vào kế hoạch duy tu năm 2027.", "answeredBy": "UBND quận"}"#))
            #expect(res.status == .ok)
            #expect(res.body.string.contains("\"status\":\"answered\""))
            res = try await app.testing().sendRequest(.POST, "/api/v1/voter-petitions/\(p.id!)/actions/dance", headers: agency, body: ByteBuffer(string: "{}"))
            #expect(res.status == .unprocessableEntity)

            // A letter's deadlines as ISO dates; a denouncer only with the grant.
            var clerk = try await Visitor.signedIn(app, "vanphong.hbt")
            #expect(try await clerk.post("/don-thu", ["councilID": "\(hbt.id!)", "receivedOn": "12/02/2026", "channel": "post", "kind": "denunciation",
                                                     "content": "Tố cáo sai phạm", "anonymous": "false", "senderName_1": "Đinh Văn Kín",
                                                     "round": "1", "outcome": "pending"]).status == .seeOther)
            let letter = try #require(try await Letter.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            res = try await app.testing().sendRequest(.GET, "/api/v1/letters/\(letter.id!)", headers: office)
            let json = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as! [String: Any]
            let deadlines = json["deadlines"] as! [[String: Any]]
            #expect(deadlines.first?["due"] as? String == "2026-03-02", "07 working days across Tết")
            #expect(deadlines.first?["provisional"] as? Bool == false, "the Law on Denunciation's figure is checked")
            #expect((json["senders"] as? [[String: Any]])?.first?["fullName"] as? String == "Đinh Văn Kín", "the registering clerk was granted it")
            let standing = try await Self.token("thuongtruc.hbt", app)
            res = try await app.testing().sendRequest(.GET, "/api/v1/letters/\(letter.id!)", headers: standing)
            #expect(res.status == .ok)
            #expect(!res.body.string.contains("Kín"))

            // A list's council is kept between requests while the councils stay the same: removed, it is not found at once.
            for path in ["/api/v1/voter-petitions", "/api/v1/letters"] {
                #expect(try await app.testing().sendRequest(.GET, "\(path)?council=\(hk.id!)", headers: admin).status == .ok)
            }
            try await hk.delete(on: app.db)
            for path in ["/api/v1/voter-petitions", "/api/v1/letters"] {
                res = try await app.testing().sendRequest(.GET, "\(path)?council=\(hk.id!)", headers: admin)
                #expect(res.status == .unprocessableEntity && res.body.string.contains("Không tìm thấy Hội đồng"), "\(path): \(res.body.string)")
            }
        }
    }
}
