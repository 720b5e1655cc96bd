import Fluent
import SQLKit
@testable import HDND
import Testing
import Vapor
import VaporTesting

/// The same problem raised in many wards of a city is one cluster, with its wards and voters; found incrementally
/// from an index of the clusters' words, never by comparing every pair.
@Suite struct PetitionClusterTests {
    @Test func wordsLeaveOutNumbersAndTheBestClusterWins() {
        #expect(PetitionClusters.words(fold("Đề nghị nạo vét cống ngõ 12 phố Bạch Đằng")) == ["nao", "vet", "cong", "ngo", "pho", "bach", "dang"])
        var index = PetitionClusters.Index()
        index.add(id: 7, words: PetitionClusters.words(fold("Sửa chữa mặt đường ngõ 5 phố Huế")))
        index.add(id: 9, words: PetitionClusters.words(fold("Nạo vét cống thoát nước ngõ 3 phố Huế")))
        index.add(id: 11, words: PetitionClusters.words(fold("Nạo vét cống thoát nước ngõ 8 phố Huế")))
        let position = index.best(PetitionClusters.words(fold("Nạo vét cống thoát nước ngõ 40 phố Huế")))
        #expect(position.map { index.ids[$0] } == 9, "the oldest of two equal clusters")
        #expect(index.best(PetitionClusters.words(fold("Cấp giấy chứng nhận quyền sử dụng đất chậm"))) == nil)
        #expect(index.best([]) == nil)
    }

    @Test(arguments: TestDB.all) func theSameProblemInManyWardsIsOneCluster(_ db: TestDB) async throws {
        try await withTestApp(db, provinces: ["01", "31"]) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let hk = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            let city = try await Fixture.council("HĐND thành phố Hà Nội", app.db)
            // A council of another province (Hải Phòng), where the same words are another city's matter.
            struct ID: Decodable { let id: Int }
            let haiPhong = try #require(try await app.db.sql.raw("SELECT id FROM units WHERE code = '31'").first(decoding: ID.self)).id
            let other = try #require(try await app.db.sql.insert(into: Council.schema).columns("unit_id", "name", "folded", "version", "created_at")
                .values(SQLBind(haiPhong), SQLBind("HĐND thành phố Hải Phòng"), SQLBind(fold("HĐND thành phố Hải Phòng")), SQLBind(1), SQLBind(Date()))
                .returning("id").first(decoding: ID.self)).id
            func insert(_ council: Int, _ unit: Int, _ content: String, voters: Int, on day: String = "2026-03-10",
                        status: PetitionStatus = .received) async throws -> Int {
                try #require(try await app.db.sql.insert(into: VoterPetition.schema)
                    .columns("council_id", "unit_id", "source", "content", "voter_count", "status", "received_on", "folded", "version", "created_at")
                    .values(SQLBind(council), SQLBind(unit), SQLBind(PetitionSource.voterMeeting.rawValue), SQLBind(content), SQLBind(voters),
                            SQLBind(status.rawValue), SQLBind(day), SQLBind(fold(content)), SQLBind(1), SQLBind(Date()))
                    .returning("id").first(decoding: ID.self)).id
            }
            let first = try await insert(hbt.id!, hbt.unitID, "Đề nghị nạo vét cống thoát nước ngõ 12 phố Bạch Đằng", voters: 3)
            _ = try await insert(hk.id!, hk.unitID, "Đề nghị nạo vét cống thoát nước ngõ 5 phố Hàng Bạc", voters: 4)
            _ = try await insert(hk.id!, hk.unitID, "Nạo vét cống thoát nước ngõ 7 phố Hàng Bạc bị tắc", voters: 2)
            let unrelated = try await insert(hbt.id!, hbt.unitID, "Cấp giấy chứng nhận quyền sử dụng đất còn chậm", voters: 5)
            _ = try await insert(other, haiPhong, "Đề nghị nạo vét cống thoát nước ngõ 12 phố Bạch Đằng", voters: 50)
            let deleted = try await insert(city.id!, city.unitID, "Nạo vét cống thoát nước phố Lý Thường Kiệt", voters: 9)
            try await app.db.sql.update(VoterPetition.schema).set("deleted_at", to: SQLBind(Date())).where("id", .equal, deleted).run()
            _ = try await insert(hk.id!, hk.unitID, "Nạo vét cống thoát nước ngõ 9 phố Hàng Bạc", voters: 6, status: .merged)
            _ = try await insert(city.id!, city.unitID, "Nạo vét cống thoát nước ngõ 1 phố Tràng Thi", voters: 1, on: "2025-05-01")

            #expect(try await PetitionClusters.pending(on: app.db) == 8)
            let hanoi = try #require(try await AdministrativeUnit.query(on: app.db).filter(\.$code == "01").first())
            var office = try await Visitor.signedIn(app, "vanphong.hanoi")
            var res = try await office.get("/bao-cao/kien-nghi-nhieu-noi?don-vi=\(hanoi.id!)&nam=2026")
            #expect(res.body.string.contains("8 kiến nghị mới nhập chưa được xét vào vấn đề nào"), "the page says what it does not show yet")
            #expect(try await PetitionClusters.assignPending(on: app.db) == 8, "the eight petitions above; the demo's were gathered as it loaded")
            #expect(try await PetitionClusters.assignPending(on: app.db) == 0, "nothing is gathered twice")
            var top = try await PetitionClusters.top(unitPath: hanoi.path, from: "2026-01-01", to: "2026-12-31", db: app.db)
            #expect(top.count == 1, "the unrelated petition and the single places are no cluster of many places")
            let cluster = try #require(top.first)
            #expect(cluster.content == "Đề nghị nạo vét cống thoát nước ngõ 12 phố Bạch Đằng", "named by the petition that started it")
            #expect(cluster.petitions == 3 && cluster.voters == 9, "not the deleted, the merged, another year or another province")
            #expect(cluster.places.map(\.name) == ["HĐND phường Hoàn Kiếm", "HĐND phường Hai Bà Trưng"], "most voters first")
            #expect(cluster.places.map(\.voters) == [6, 3])
            #expect(try await PetitionClusters.top(unitPath: hanoi.path, from: "2025-01-01", to: "2025-12-31", db: app.db).isEmpty)

            // A petition whose content changes leaves its cluster and is gathered again.
            let text = "Nạo vét cống thoát nước ngõ 30 phố Bạch Đằng"
            try await app.db.sql.update(VoterPetition.schema).set("content", to: SQLBind(text)).set("folded", to: SQLBind(fold(text)))
                .where("id", .equal, unrelated).run()
            struct Cluster: Decodable { let cluster_id: Int? }
            #expect(try await app.db.sql.select().column("cluster_id").from(VoterPetition.schema).where("id", .equal, unrelated)
                .first(decoding: Cluster.self)?.cluster_id == nil)
            #expect(try await PetitionClusters.assignPending(on: app.db) == 1)
            top = try await PetitionClusters.top(unitPath: hanoi.path, from: "2026-01-01", to: "2026-12-31", db: app.db)
            #expect(top.first?.petitions == 4 && top.first?.voters == 14)
            #expect(top.first?.id == (try await app.db.sql.select().column("cluster_id").from(VoterPetition.schema).where("id", .equal, first)
                .first(decoding: Cluster.self)?.cluster_id))

            // The city's office sees it on the summary's page of clusters, with the link to its petitions; a ward's
            // office cannot read the city's.
            res = try await office.get("/bao-cao/tong-hop?don-vi=\(hanoi.id!)&nam=2026")
            #expect(res.body.string.contains("/bao-cao/kien-nghi-nhieu-noi?don-vi=\(hanoi.id!)&amp;tu=2026-01-01&amp;den=2026-12-31"))
            res = try await office.get("/bao-cao/kien-nghi-nhieu-noi?don-vi=\(hanoi.id!)&nam=2026")
            #expect(res.status == .ok && !res.body.string.contains("chưa được xét"))
            #expect(res.body.string.contains("HĐND phường Hai Bà Trưng (02 kiến nghị, 08 cử tri); HĐND phường Hoàn Kiếm (02 kiến nghị, 06 cử tri)"))
            let link = "/bao-cao/kien-nghi?don-vi=\(hanoi.id!)&tu=2026-01-01&den=2026-12-31&ngay=received_on&cum=\(cluster.id)"
            #expect(res.body.string.contains(link.replacingOccurrences(of: "&", with: "&amp;")))
            res = try await office.get(link)
            #expect(res.body.string.contains("Nạo vét cống thoát nước ngõ 30 phố Bạch Đằng"))
            #expect(!res.body.string.contains("Hải Phòng") && !res.body.string.contains("Tràng Thi"))
            // The same through the API, with the city office's token; nothing without one.
            let clerk = try #require(try await User.query(on: app.db).filter(\.$username == "vanphong.hanoi").first())
            var h = HTTPHeaders(); h.bearerAuthorization = BearerAuthorization(token: try await Accounts.issueToken(userID: clerk.id!, name: "t", on: app.db))
            let api = "/api/v1/summary/clusters?unit=01&from=2026-01-01&to=2026-12-31"
            let reply = try await app.testing().sendRequest(.GET, api, headers: h)
            #expect(reply.status == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: reply.body)) as? [String: Any])
            let items = try #require(json["items"] as? [[String: Any]])
            #expect(items.count == 1 && items.first?["petitions"] as? Int == 4 && items.first?["voters"] as? Int == 14)
            #expect((items.first?["places"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
                    == ["HĐND phường Hai Bà Trưng", "HĐND phường Hoàn Kiếm"])
            #expect(try await app.testing().sendRequest(.GET, api).status == .unauthorized)
            var ward = try await Visitor.signedIn(app, "vanphong.hbt")
            #expect(try await ward.get("/bao-cao/kien-nghi-nhieu-noi?don-vi=\(hanoi.id!)&nam=2026").status == .forbidden)
        }
    }
}
