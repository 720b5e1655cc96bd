import Fluent
@testable import HDND
import Testing
import VaporTesting

/// Questioning: a delegate writes their own questions and no one else's; a written answer is due 20 days after the
/// question; the agency answers from its own account; the delegate says whether they accept it.
@Suite struct QuestionTests {
    @Test func writtenAnswersAreDueInTwentyDays() {
        let q = Question()
        q.venue = .writing; q.askedOn = "2026-11-10"
        let check = q.writtenAnswer(today: Day("2026-12-01")!)
        #expect(check?.due?.description == "2026-11-30" && check?.overdue == true && check?.provisional == true)
        q.venue = .session; q.answerMode = .oral
        #expect(q.writtenAnswer() == nil, "an oral answer at the session owes nothing in writing")
    }

    static func form(_ council: Council, _ extra: [String: String]) -> [String: String] {
        ["councilID": "\(council.id!)", "venue": "writing", "respondent": "Chủ tịch UBND phường", "content": "Khi nào hoàn thành cải tạo chợ Mơ?",
         "askedOn": "10/11/2026"].merging(extra) { _, new in new }
    }

    @Test(arguments: TestDB.all) func aDelegateAsksAndTheAgencyAnswers(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            let bao = try await Fixture.person("Vũ Đức Bảo", app.db), ha = try await Fixture.person("Ngô Thị Hà", app.db)
            var delegate = try await Visitor.signedIn(app, "daibieu.hbt")

            // The delegate's own question: the list offers it, the form takes it; asking as someone else is refused.
            var page = try await delegate.get("/hoi-dong/\(hbt.id!)/chat-van").body.string
            #expect(page.contains("/chat-van/moi?council=\(hbt.id!)&amp;askedBy=\(bao.id!)") || page.contains("/chat-van/moi?council=\(hbt.id!)&askedBy=\(bao.id!)"))
            #expect(try await delegate.get("/chat-van/moi?council=\(hbt.id!)&askedBy=\(bao.id!)").status == .ok)
            #expect(try await delegate.get("/chat-van/moi?council=\(hbt.id!)&askedBy=\(ha.id!)").status == .forbidden)
            #expect(try await delegate.post("/chat-van", Self.form(hbt, ["askedByID": "\(ha.id!)", "organizationID": "\(ubnd.id!)"])).status == .forbidden)
            var res = try await delegate.post("/chat-van", Self.form(hbt, ["askedByID": "\(bao.id!)", "organizationID": ""]))
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Hãy chọn cơ quan trả lời."))
            res = try await delegate.post("/chat-van", Self.form(hbt, ["askedByID": "\(bao.id!)", "organizationID": "\(ubnd.id!)"]))
            #expect(res.status == .seeOther)
            let q = try #require(try await Question.query(on: app.db).filter(\.$askedByID == bao.id!).first())
            page = try await delegate.get("/chat-van/\(q.id!)").body.string
            #expect(page.contains("Hạn trả lời bằng văn bản") && page.contains("30/11/2026") && page.contains("Điều 60 khoản 4"))
            // The asking delegate by name; the session, once the question names one (none deleted).
            #expect(page.contains("Vũ Đức Bảo") && !page.contains("<dt>Kỳ họp</dt>"))
            let session = CouncilSession()
            session.councilID = hbt.id!; session.unitID = hbt.unitID; session.number = 4; session.kind = .midYear; session.opensOn = "2026-07-10"
            session.isPublic = true; session.numerals = .arabic; session.folded = ""; session.version = 1
            try await session.create(on: app.db)
            q.sessionID = session.id
            try await q.save(on: app.db)
            page = try await delegate.get("/chat-van/\(q.id!)").body.string
            #expect(page.contains("<dt>Kỳ họp</dt><dd>Kỳ họp thứ tư</dd>"))
            try await session.delete(on: app.db)
            #expect(!(try await delegate.get("/chat-van/\(q.id!)").body.string.contains("<dt>Kỳ họp</dt>")))
            q.sessionID = nil
            try await q.save(on: app.db)

            // The office may not put words in another delegate's mouth through the delegate's account, but it records any.
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            #expect(try await office.post("/chat-van", Self.form(hbt, ["askedByID": "\(ha.id!)", "organizationID": "\(ubnd.id!)"])).status == .seeOther)
            let hers = try #require(try await Question.query(on: app.db).filter(\.$askedByID == ha.id!).first())
            #expect(try await delegate.get("/chat-van/\(hers.id!)/sua").status == .forbidden, "reads it, does not write it")
            #expect(try await delegate.get("/chat-van/\(hers.id!)").status == .ok)

            // The agency answers in writing; an empty answer is refused naming the field.
            var agency = try await Visitor.signedIn(app, "coquan.hbt")
            page = try await agency.get("/co-quan/chat-van").body.string
            #expect(page.contains("Khi nào hoàn thành cải tạo chợ Mơ?") && page.contains("quá hạn") == (Day.today() > Day("2026-11-30")!))
            res = try await agency.post("/chat-van/\(q.id!)/tra-loi", ["version": "1", "answer": " ", "answeredOn": "25/11/2026"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Hãy ghi nội dung trả lời."))
            res = try await agency.post("/chat-van/\(q.id!)/tra-loi", ["version": "1", "answer": "Hoàn thành trong tháng 3/2027.", "answeredOn": "25/11/2026"])
            #expect(res.status == .seeOther)
            let answered = try #require(try await Question.find(q.id, on: app.db))
            #expect(answered.answerMode == .written && answered.answeredOn == "2026-11-25" && answered.version == 2)

            // The delegate records whether they accept it, on their own question.
            var form = answered.auditSnapshot
            form["version"] = "2"; form["acceptance"] = "notAccepted"; form["askedOn"] = "10/11/2026"; form["answeredOn"] = "25/11/2026"
            #expect(try await delegate.post("/chat-van/\(q.id!)", form).status == .seeOther)
            #expect(try await Question.find(q.id, on: app.db)?.acceptance == .notAccepted)
            #expect(try await Question.find(q.id, on: app.db)?.askedByID == bao.id, "the asker stays")

            // Others neither read nor answer.
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await other.get("/chat-van/\(q.id!)").status == .forbidden)
            #expect(try await other.post("/chat-van/\(hers.id!)/tra-loi", ["version": "1", "answer": "x", "answeredOn": "25/11/2026"]).status == .forbidden)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == "question").count() == 4)
        }
    }

    /// The list narrows by words, venue and what is still unanswered, a page at a time; its export keeps the filters.
    @Test(arguments: TestDB.all) func theListFiltersAndPages(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            let bao = try await Fixture.person("Vũ Đức Bảo", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            for n in 1...52 {
                #expect(try await office.post("/chat-van", Self.form(hbt, ["askedByID": "\(bao.id!)", "organizationID": "\(ubnd.id!)",
                                                                         "content": "Câu hỏi số \(n) về vỉa hè"])).status == .seeOther)
            }
            #expect(try await office.post("/chat-van", Self.form(hbt, ["askedByID": "\(bao.id!)", "organizationID": "\(ubnd.id!)",
                                                                     "venue": "writing", "content": "Tiến độ cải tạo chợ Mơ"])).status == .seeOther)
            let market = try #require(try await Question.query(on: app.db).filter(\.$content == "Tiến độ cải tạo chợ Mơ").first())
            var agency = try await Visitor.signedIn(app, "coquan.hbt")
            #expect(try await agency.post("/chat-van/\(market.id!)/tra-loi", ["version": "1", "answer": "Xong trong quý I/2027.",
                                                                              "answeredOn": "25/11/2026"]).status == .seeOther)
            _ = try await office.get("/")  // the posts' notices are shown once, there
            var page = try await office.get("/hoi-dong/\(hbt.id!)/chat-van").body.string
            #expect(page.contains("53 chất vấn") && page.contains("Tiến độ cải tạo chợ Mơ") && !page.contains("Câu hỏi số 1 về") && page.contains("truoc="))
            page = try await office.get("/hoi-dong/\(hbt.id!)/chat-van?tu-khoa=cho+mo").body.string
            #expect(page.contains("Tiến độ cải tạo chợ Mơ") && !page.contains("Câu hỏi số"))
            page = try await office.get("/hoi-dong/\(hbt.id!)/chat-van?chua-tra-loi=1").body.string
            #expect(page.contains("52 chất vấn") && !page.contains("Tiến độ cải tạo chợ Mơ"))
            #expect(try await office.get("/hoi-dong/\(hbt.id!)/chat-van?hinh-thuc=bay").status == .unprocessableEntity)
            let csv = ExportTests.parse(try await office.get("/hoi-dong/\(hbt.id!)/chat-van.csv?chua-tra-loi=1").body.string)
            #expect(csv.count == 1 + 52)
        }
    }
}
