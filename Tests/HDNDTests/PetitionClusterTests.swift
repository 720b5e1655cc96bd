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
        // A set of words seen again is compared with the clusters started since: a closer one wins, an equal one does not.
        let seenAgain = PetitionClusters.words(fold("Nạo vét cống thoát nước ngõ 40 phố Huế quận Hai"))
        let first = index.best(seenAgain)
        #expect(first.map { index.ids[$0] } == 9)
        index.add(id: 13, words: PetitionClusters.words(fold("Nạo vét cống thoát nước ngõ 2 phố Huế")))
        #expect(index.best(seenAgain).map { index.ids[$0] } == 9, "an equal share: the older stays")
        index.add(id: 15, words: PetitionClusters.words(fold("Nạo vét cống thoát nước phố Huế quận Hai")))
        #expect(index.best(seenAgain).map { index.ids[$0] } == 15, "a greater share: the newer wins")
        #expect(index.best(PetitionClusters.words(fold("Cấp giấy chứng nhận quyền sử dụng đất chậm"))) == nil, "none still none")
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
            // As the page keeps them (`FigureCache`): counted again after the gathering, which the page above kept before.
            var top = try await PetitionClusters.top(unitPath: hanoi.path, from: "2026-01-01", to: "2026-12-31", kept: app.figures, db: app.db)
            #expect(top.count == 1, "the unrelated petition and the single places are no cluster of many places")
            let cluster = try #require(top.first)
            #expect(cluster.content == "Đề nghị nạo vét cống thoát nước ngõ 12 phố Bạch Đằng", "named by the petition that started it")
            #expect(cluster.councils == 2 && cluster.petitions == 3 && cluster.voters == 9, "not the deleted, the merged, another year or another province")
            let leading = try await PetitionClusters.top(unitPath: hanoi.path, from: "2026-01-01", to: "2026-12-31", places: 1, db: app.db)
            #expect(leading.first?.councils == 2 && leading.first?.places.map(\.name) == ["HĐND phường Hoàn Kiếm"], "the first places only, the totals whole")
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
            top = try await PetitionClusters.top(unitPath: hanoi.path, from: "2026-01-01", to: "2026-12-31", kept: app.figures, db: app.db)
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

    struct Count: Decodable, Hashable { let period: String; let council_id: Int; let cluster_id: Int; let petitions: Int; let voters: Int }

    /// The clusters' counters as kept, and as counted again from the petitions.
    static func clusterCounts(_ db: any Database) async throws -> (kept: Set<Count>, recounted: Set<Count>) {
        let kept = try await db.sql.raw("""
            SELECT period, council_id, cluster_id, petitions, voters FROM petition_cluster_counts WHERE petitions <> 0 OR voters <> 0
            """).all(decoding: Count.self)
        let recounted = try await db.sql.raw("""
            SELECT substr(received_on, 1, 7) AS period, council_id, cluster_id, COUNT(*) AS petitions, CAST(SUM(voter_count) AS BIGINT) AS voters \
            FROM voter_petitions WHERE cluster_id IS NOT NULL AND deleted_at IS NULL AND status <> 'merged' GROUP BY 1, 2, 3 \
            UNION ALL SELECT substr(received_on, 1, 4), council_id, cluster_id, COUNT(*), CAST(SUM(voter_count) AS BIGINT) \
            FROM voter_petitions WHERE cluster_id IS NOT NULL AND deleted_at IS NULL AND status <> 'merged' GROUP BY 1, 2, 3
            """).all(decoding: Count.self)
        return (Set(kept), Set(recounted))
    }

    struct UnitCount: Decodable, Hashable { let period: String; let unit_id: Int; let cluster_id: Int; let councils: Int; let petitions: Int; let voters: Int }

    /// The clusters' units' totals as kept, and as counted again from the petitions of each unit's councils.
    static func unitCounts(_ db: any Database) async throws -> (kept: Set<UnitCount>, recounted: Set<UnitCount>) {
        let kept = try await db.sql.raw("""
            SELECT period, unit_id, cluster_id, councils, petitions, voters FROM petition_cluster_unit_counts \
            WHERE councils <> 0 OR petitions <> 0 OR voters <> 0
            """).all(decoding: UnitCount.self)
        let recounted = try await db.sql.raw("""
            SELECT v.period, a.unit_id, v.cluster_id, COUNT(DISTINCT v.council_id) AS councils, COUNT(*) AS petitions, \
            CAST(SUM(v.voter_count) AS BIGINT) AS voters FROM (SELECT substr(received_on, 1, 7) AS period, council_id, cluster_id, voter_count \
            FROM voter_petitions WHERE cluster_id IS NOT NULL AND deleted_at IS NULL AND status <> 'merged' UNION ALL \
            SELECT substr(received_on, 1, 4), council_id, cluster_id, voter_count FROM voter_petitions \
            WHERE cluster_id IS NOT NULL AND deleted_at IS NULL AND status <> 'merged') v JOIN council_units a ON a.council_id = v.council_id \
            GROUP BY v.period, a.unit_id, v.cluster_id
            """).all(decoding: UnitCount.self)
        return (Set(kept), Set(recounted))
    }

    /// An import writes each petition with its cluster: one already in the province, or one started by the file's first
    /// petition of a new problem and joined by the next; nothing is left to gather, and the counters hold the file.
    @Test(arguments: TestDB.all) func importedPetitionsArriveInTheirClusters(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let hk = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            let admin = Actor(userID: 0, username: "t", fullName: "Thử", grants: [Grant(role: .admin)])
            _ = try await PetitionImport.write(PetitionImport.check([["02/03/2026", "Đề nghị lắp đèn chiếu sáng ngõ 4 phố Hàng Bạc", "", "2", ""]]),
                                               council: hk, actor: admin, db: app.db)
            struct Row: Decodable { let content: String; let cluster_id: Int? }
            func clusters(_ council: Council) async throws -> [String: Int?] {
                let rows = try await app.db.sql.raw("""
                    SELECT content, cluster_id FROM voter_petitions WHERE council_id = \(bind: council.id!) AND content LIKE '%phố%' ORDER BY id
                    """).all(decoding: Row.self)
                return Dictionary(uniqueKeysWithValues: rows.map { ($0.content, $0.cluster_id) })
            }
            let light = try #require(try await clusters(hk)["Đề nghị lắp đèn chiếu sáng ngõ 4 phố Hàng Bạc"] ?? nil)
            let clustersBefore = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM petition_clusters").first(decoding: CountRow.self)?.n ?? 0
            _ = try await PetitionImport.write(PetitionImport.check([
                ["03/03/2026", "Đề nghị lắp đèn chiếu sáng ngõ 18 phố Minh Khai", "", "3", ""],
                ["04/03/2026", "Đề nghị trồng thêm cây xanh vỉa hè phố Lò Đúc", "", "4", ""],
                ["05/03/2026", "Trồng thêm cây xanh vỉa hè phố Lò Đúc đoạn số 20", "", "5", ""],
            ]), council: hbt, actor: admin, db: app.db)
            let imported = try await clusters(hbt)
            #expect(imported["Đề nghị lắp đèn chiếu sáng ngõ 18 phố Minh Khai"] == light, "joined the cluster already in the province")
            let trees = try #require(imported["Đề nghị trồng thêm cây xanh vỉa hè phố Lò Đúc"] ?? nil)
            #expect(trees != light && imported["Trồng thêm cây xanh vỉa hè phố Lò Đúc đoạn số 20"] == trees, "a new problem, one cluster")
            #expect(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM petition_clusters").first(decoding: CountRow.self)?.n == clustersBefore + 1)
            #expect(try await PetitionClusters.pending(on: app.db) == 0)
            // The same problem again in Hoàn Kiếm the same month: its council's row grows, and the units above it still
            // count the council once (the load adds the units' totals itself, its trigger set aside).
            _ = try await PetitionImport.write(PetitionImport.check([["10/03/2026", "Đề nghị lắp đèn chiếu sáng ngõ 9 phố Hàng Bạc", "", "1", ""]]),
                                               council: hk, actor: admin, db: app.db)
            #expect(try await clusters(hk)["Đề nghị lắp đèn chiếu sáng ngõ 9 phố Hàng Bạc"] == light)
            let (kept, recounted) = try await Self.clusterCounts(app.db)
            #expect(kept == recounted, "kept \(kept.subtracting(recounted)) ≠ counted \(recounted.subtracting(kept))")
            let units = try await Self.unitCounts(app.db)
            #expect(units.kept.contains { $0.cluster_id == light && $0.councils == 2 && $0.petitions == 3 && $0.period == "2026-03" })
            #expect(units.kept == units.recounted, "kept \(units.kept.subtracting(units.recounted)) ≠ counted \(units.recounted.subtracting(units.kept))")
        }
    }

    struct CountRow: Decodable { let n: Int }

    @Test func periodsAreCutIntoYearsMonthsAndDays() {
        func cut(_ a: String, _ b: String) -> String {
            let (keys, days) = PetitionClusterCounts.periods(from: Day(stored: a), to: Day(stored: b))
            return (keys + days.map { "\($0.from)…\($0.to)" }).joined(separator: " ")
        }
        #expect(cut("2019-01-01", "2019-12-31") == "2019")
        #expect(cut("2019-04-01", "2019-06-30") == "2019-04 2019-05 2019-06")
        #expect(cut("2018-11-15", "2020-02-10") == "2018-12 2019 2020-01 2018-11-15…2018-11-30 2020-02-01…2020-02-10")
        #expect(cut("2019-03-05", "2019-03-05") == "2019-03-05…2019-03-05")
        #expect(cut("2019-02-01", "2019-02-28") == "2019-02")
        #expect(cut("2019-03-05", "2019-03-01") == "")
    }

    /// The clusters' counters follow every change of a petition that can change what it counts, and a period's clusters
    /// read from them (whole years and months) and from the petitions (days of a month cut) are those counted directly.
    @Test(arguments: TestDB.all) func clusterCountersFollowEveryChange(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let hk = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            struct ID: Decodable { let id: Int }
            func insert(_ council: Council, _ content: String, voters: Int, on day: String) async throws -> Int {
                try #require(try await app.db.sql.insert(into: VoterPetition.schema)
                    .columns("council_id", "unit_id", "source", "content", "voter_count", "status", "received_on", "folded", "version", "created_at")
                    .values(SQLBind(council.id!), SQLBind(council.unitID), SQLBind(PetitionSource.voterMeeting.rawValue), SQLBind(content),
                            SQLBind(voters), SQLBind(PetitionStatus.received.rawValue), SQLBind(day), SQLBind(fold(content)), SQLBind(1), SQLBind(Date()))
                    .returning("id").firstRow(ID.self)).id
            }
            func expectAgree(_ what: String) async throws {
                let (kept, recounted) = try await Self.clusterCounts(app.db)
                #expect(kept == recounted, "\(what): kept \(kept.subtracting(recounted)) ≠ counted \(recounted.subtracting(kept))")
                let (units, unitsRecounted) = try await Self.unitCounts(app.db)
                #expect(units == unitsRecounted, "\(what), units: kept \(units.subtracting(unitsRecounted)) ≠ counted \(unitsRecounted.subtracting(units))")
            }
            let a = try await insert(hbt, "Đề nghị cắt tỉa cây xà cừ nghiêng phố Minh Khai trước mùa mưa bão", voters: 3, on: "2026-01-20")
            let b = try await insert(hk, "Cắt tỉa cây xà cừ nghiêng phố Hàng Bài trước mùa mưa bão", voters: 4, on: "2026-02-03")
            let c = try await insert(hk, "Đề nghị cắt tỉa cây xà cừ nghiêng phố Tràng Tiền trước mùa mưa bão", voters: 2, on: "2026-03-31")
            let d = try await insert(hbt, "Đề nghị cắt tỉa cây xà cừ nghiêng phố Bạch Mai trước mùa mưa bão", voters: 5, on: "2025-12-30")
            try await expectAgree("new petitions are in no cluster")
            #expect(try await PetitionClusters.assignPending(on: app.db) >= 4)
            try await expectAgree("gathered")
            let sql = app.db.sql
            try await sql.update(VoterPetition.schema).set("voter_count", to: SQLBind(7)).where("id", .equal, b).run()
            try await expectAgree("voters changed")
            try await sql.update(VoterPetition.schema).set("received_on", to: SQLBind("2026-04-02")).where("id", .equal, c).run()
            try await expectAgree("moved to another month")
            try await sql.update(VoterPetition.schema).set("status", to: SQLBind(PetitionStatus.merged.rawValue)).where("id", .equal, d).run()
            try await expectAgree("merged")
            try await sql.update(VoterPetition.schema).set("status", to: SQLBind(PetitionStatus.received.rawValue)).where("id", .equal, d).run()
            try await sql.update(VoterPetition.schema).set("council_id", to: SQLBind(hk.id!)).where("id", .equal, d).run()
            try await expectAgree("unmerged, then moved to another council")
            try await sql.update(VoterPetition.schema).set("deleted_at", to: SQLBind(Date())).where("id", .equal, a).run()
            try await expectAgree("deleted")
            let text = "Cấp nước sạch cho tổ dân phố số 3"
            try await sql.update(VoterPetition.schema).set("content", to: SQLBind(text)).set("folded", to: SQLBind(fold(text))).where("id", .equal, b).run()
            try await expectAgree("its text changed: it left its cluster")
            #expect(try await PetitionClusters.assignPending(on: app.db) == 1)
            try await sql.update(VoterPetition.schema).set("deleted_at", to: SQLBind(Date?.none)).where("id", .equal, a).run()
            try await sql.delete(from: VoterPetition.schema).where("id", .equal, c).run()
            try await expectAgree("restored, and one erased")
            // A council leaving its units (closed) takes its petitions out of their totals; coming back puts them in again.
            try await sql.update(Council.schema).set("deleted_at", to: SQLBind(Date())).where("id", .equal, hk.id!).run()
            try await SummaryCounters.refreshUnits(on: app.db)
            try await expectAgree("a council closed")
            try await sql.update(Council.schema).set("deleted_at", to: SQLBind(Date?.none)).where("id", .equal, hk.id!).run()
            try await SummaryCounters.refreshUnits(on: app.db)
            try await expectAgree("the council open again")

            // Read from the counters and from the petitions, the same clusters as counted directly.
            let e = try await insert(hbt, "Cắt tỉa cây xà cừ nghiêng phố Lò Đúc trước mùa mưa bão", voters: 6, on: "2026-05-14")
            let f = try await insert(hk, "Đề nghị cắt tỉa cây xà cừ nghiêng phố Hàng Khay trước mùa mưa bão", voters: 1, on: "2026-06-01")
            #expect(try await PetitionClusters.assignPending(on: app.db) == 2)
            let hanoi = try #require(try await AdministrativeUnit.query(on: app.db).filter(\.$code == "01").first())
            // A whole year and a whole month from the units' totals, the others from the councils' rows.
            for (from, to) in [("2026-01-01", "2026-12-31"), ("2026-05-01", "2026-05-31"), ("2026-01-01", "2026-03-31"), ("2025-12-15", "2026-05-14"),
                               ("2026-05-14", "2026-05-14")] {
                struct Direct: Decodable, Hashable { let cluster_id: Int; let council_id: Int; let petitions: Int; let voters: Int }
                let direct = try await sql.raw("""
                    SELECT cluster_id, council_id, COUNT(*) AS petitions, CAST(SUM(voter_count) AS BIGINT) AS voters FROM voter_petitions \
                    WHERE \(SummaryQueries.councilScope(hanoi.path)) AND received_on >= \(bind: from) AND received_on <= \(bind: to) \
                    AND cluster_id IS NOT NULL AND deleted_at IS NULL AND status <> 'merged' GROUP BY cluster_id, council_id
                    """).all(decoding: Direct.self)
                let several = Set(Dictionary(grouping: direct, by: \.cluster_id).filter { $0.value.count >= 2 }.values.flatMap { $0 })
                let top = try await PetitionClusters.top(unitPath: hanoi.path, from: from, to: to, db: app.db)
                let read = Set(top.flatMap { c in c.places.map { Direct(cluster_id: c.id, council_id: $0.council_id, petitions: $0.petitions, voters: $0.voters) } })
                #expect(read == several, "\(from)…\(to)")
            }
            // Named by the first petition of the period: after the first has left, the next one.
            let year = try await PetitionClusters.top(unitPath: hanoi.path, from: "2026-01-01", to: "2026-12-31", db: app.db)
            #expect(year.first?.content == "Đề nghị cắt tỉa cây xà cừ nghiêng phố Minh Khai trước mùa mưa bão")
            try await sql.update(VoterPetition.schema).set("status", to: SQLBind(PetitionStatus.merged.rawValue)).where("id", .equal, a).run()
            try await sql.update(VoterPetition.schema).set("council_id", to: SQLBind(hbt.id!)).where("id", .equal, d).run()
            let named = try await PetitionClusters.top(unitPath: hanoi.path, from: "2026-01-01", to: "2026-12-31", db: app.db)
            #expect(named.first?.content == "Cắt tỉa cây xà cừ nghiêng phố Lò Đúc trước mùa mưa bão", "\(named.map(\.content)) \(e) \(f)")
        }
    }
}
