import Fluent
@testable import HDND
import Testing
import VaporTesting

/// The demo's working accounts serve today's councils of the 2026–2031 term, which hold people, bodies and this year's
/// work; the abolished councils and the seeds' figures stay readable.
@Suite struct DemoTests {
    @Test func workingAccountsServeCurrentCouncils() async throws {
        try await withTestApp(.sqlite, currentRecords: true) { app in
            for spec in DemoData.accountSpecs where spec.role != .admin {
                let user = try #require(try await User.query(on: app.db).filter(\.$username == spec.username).first())
                let grant = try #require(try await UserGrant.query(on: app.db).filter(\.$userID == user.id!).first())
                let unitID: Int
                if let councilID = grant.councilID {
                    let council = try #require(try await Council.find(councilID, on: app.db))
                    #expect(council.name == spec.placeName)
                    unitID = council.unitID
                    let term = try await Fixture.latestTerm(council, app.db)
                    #expect(term.startYear == 2026 && term.endYear == 2031 && term.startDate != nil, "\(spec.username)")
                } else {
                    let org = try #require(try await Organization.find(grant.organizationID, on: app.db))
                    #expect(org.name == spec.placeName)
                    unitID = org.unitID
                }
                #expect(try await AdministrativeUnit.find(unitID, on: app.db)?.validTo == nil, "\(spec.username) serves a unit that still exists")
            }

            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var visitor = Visitor(app)
            let page = try await visitor.get("/hoi-dong/\(hbt.id!)").body.string
            for text in ["Lê Minh Đức", "Chủ tịch HĐND phường", "Ban Pháp chế", "Tổ đại biểu số 3", "Đơn vị bầu cử số 2", "Khóa I, nhiệm kỳ 2026 - 2031"] {
                #expect(page.contains(text), "the council page shows \(text)")
            }
            #expect(!page.contains("Hội đồng đã kết thúc"))

            // Recent work, at every stage: the office's home has something to classify, forward, chase and prepare. The demo
            // dates it back from today (early in January, some of it falls in the year before).
            let today = Day.today()
            #expect(try await Letter.query(on: app.db).filter(\.$councilID == hbt.id!)
                .filter(\.$receivedOn >= today.adding(days: -60).description).count() >= 5)
            #expect(try await VoterMeeting.query(on: app.db).filter(\.$councilID == hbt.id!).count() == 3)
            let counts = try await PetitionQueries.dueCounts(councilID: hbt.id!, db: app.db)
            #expect(counts.to_classify > 0 && counts.to_forward > 0 && counts.overdue > 0 && counts.due_week > 0)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let home = try await office.get("/").body.string
            #expect(home.contains("Kỳ họp tiếp theo: Kỳ họp thứ ba")
                    && home.contains("còn \(VietnameseFormat.count(counts.open + counts.to_classify + counts.to_forward)) kiến nghị cử tri chưa có trả lời để báo cáo kỳ họp"))
            #expect(HomeTests.count(home, "kiến nghị quá hạn trả lời") == counts.overdue)

            // The seeds' councils stay: the city's office reads Hoàn Kiếm district's 2019 register.
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            var city = try await Visitor.signedIn(app, "vanphong.hanoi")
            let register = try await city.get("/hoi-dong/\(hk.id!)/don-thu?tu=01/01/2019&den=31/12/2019")
            #expect(register.status == .ok && register.body.string.contains("/2019"))

            // The city's own recent council work: a committee's supervision (45 days ago) and a written question.
            let hn = try await Fixture.council("HĐND thành phố Hà Nội", app.db)
            let oversights = try await city.get("/hoi-dong/\(hn.id!)/giam-sat?nam=\(today.adding(days: -45).year)").body.string
            #expect(oversights.contains("cải tạo chung cư cũ") && oversights.contains("Ban Đô thị"))
            #expect(try await city.get("/hoi-dong/\(hn.id!)/chat-van").body.string.contains("Giám đốc Sở Xây dựng"))
        }
    }

    /// A delegate's account shows their own work; the office's clerk is offered nowhere as a delegate; an administrator
    /// says which account is whose from the person's page.
    @Test func delegatesOwnWorkAndPickLists() async throws {
        try await withTestApp(.sqlite, currentRecords: true) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var delegate = try await Visitor.signedIn(app, "daibieu.hbt")
            let home = try await delegate.get("/").body.string
            #expect(home.contains("Hoạt động của tôi: Vũ Đức Bảo") && home.contains("Khóa I, nhiệm kỳ 2026 - 2031, từ 30/03/2026"))
            let bao = try await Fixture.person("Vũ Đức Bảo", app.db)
            let visits = try await ReceptionVisit.query(on: app.db).filter(\.$delegateID == bao.id!).all()
            #expect(!visits.isEmpty && HomeTests.count(home, "lượt công dân đã tiếp") == visits.reduce(0) { $0 + $1.visitors })
            #expect(HomeTests.count(home, "cuộc tiếp xúc cử tri của tổ đại biểu") == 1)
            #expect(home.contains("Thành viên — Tổ đại biểu số 3") && home.contains("Lịch tiếp công dân ngày"))

            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let form = try await office.get("/luot-tiep-cong-dan/moi?council=\(hbt.id!)").body.string
            #expect(form.contains(">Lê Minh Đức</option>") && !form.contains(">Nguyễn Thị Lan</option>"), "the clerk is no delegate")
            let clerk = try await Person.query(on: app.db).filter(\.$unitID == hbt.unitID).filter(\.$fullName == "Nguyễn Thị Lan").first()
            var res = try await office.post("/luot-tiep-cong-dan", ["councilID": "\(hbt.id!)", "date": Day.today().description,
                                                                     "delegateID": "\(try #require(clerk).id!)", "visitors": "1",
                                                                     "kind": "petition", "topic": "Hỏi thủ tục", "handling": "guided"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Không có đại biểu này trong Hội đồng."))
            // The account form offers today's councils first.
            var admin = try await Visitor.signedIn(app, "admin")
            let accounts = try await admin.get("/quan-tri/tai-khoan").body.string
            let current = try #require(accounts.range(of: ">HĐND phường Hai Bà Trưng</option>"))
            let ended = try #require(accounts.range(of: ">HĐND quận Hai Bà Trưng (đã kết thúc 30/06/2025)</option>"))
            #expect(current.lowerBound < ended.lowerBound)

            // Linking another account to the chairman moves the link, audited.
            let duc = try await Fixture.person("Lê Minh Đức", app.db)
            var page = try await admin.get("/nguoi/\(duc.id!)").body.string
            #expect(page.contains("Đang gắn: thuongtruc.hbt (Lê Minh Đức)"))
            let daibieu = try #require(try await User.query(on: app.db).filter(\.$username == "daibieu.hbt").first())
            res = try await admin.post("/nguoi/\(duc.id!)/tai-khoan", ["userID": "\(daibieu.id!)"])
            #expect(res.status == .seeOther)
            page = try await admin.get("/nguoi/\(duc.id!)").body.string
            #expect(page.contains("Đang gắn: daibieu.hbt (Vũ Đức Bảo)"))
            #expect(try await User.query(on: app.db).filter(\.$personID == duc.id!).count() == 1)
            #expect(try await office.post("/nguoi/\(duc.id!)/tai-khoan", ["userID": ""]).status == .forbidden)
        }
    }
}
