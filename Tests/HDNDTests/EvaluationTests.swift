import Foundation
import Fluent
@testable import HDND
import Testing
import VaporTesting

/// Evaluation: weighted criteria per council and year, scores from the records, a ranking; a delegate's report card.
@Suite struct EvaluationTests {
    @Test func scoresByHand() {
        // 30 points for 2 supervisions (1 done: 15), 30 for 4 voter meetings (6 done: capped at 30), 40 for 10 reception sessions (0).
        let parts = [Evaluation.Part(weight: 30, expected: 2, count: 1), .init(weight: 30, expected: 4, count: 6), .init(weight: 40, expected: 10, count: 0)]
        #expect(Evaluation.score(parts) == 45)
        #expect(Evaluation.score([.init(weight: 20, expected: 3, count: 2)]) > 13.33 && Evaluation.score([.init(weight: 20, expected: 3, count: 2)]) < 13.34)
        #expect(EvaluationController.points(87.5) == "87,5" && EvaluationController.points(45) == "45" && EvaluationController.points(1234.04) == "1.234")
    }

    @Test(arguments: TestDB.all) func wardsAndDelegatesRanked(_ db: TestDB) async throws {
        try await withTestApp(db, currentRecords: true) { app in
            let hn = try await Fixture.council("HĐND thành phố Hà Nội", app.db)
            let ward = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let year = Day.today().year
            let rankings = try await Evaluation.rankings(councilID: hn.id!, year: year, kept: app.figures, db: app.db)
            let wards = try #require(rankings.first { $0.scope == .eachCouncilBelow })
            #expect(wards.maximum == 100 && wards.criteria.count == 4)
            // Each score is the weighted counts of that ward's own records, recomputed here from the counts shown.
            for row in wards.rows {
                let parts = zip(wards.criteria, row.counts).map { Evaluation.Part(weight: $0.weight, expected: $0.expected, count: $1) }
                #expect(row.score == Evaluation.score(parts))
            }
            #expect(wards.rows.map(\.score) == wards.rows.map(\.score).sorted(by: >))
            let hbtRow = try #require(wards.rows.first { $0.id == ward.id })
            let supervisions = try await Oversight.query(on: app.db).filter(\.$councilID == ward.id!).filter(\.$kind != .survey)
                .filter(\.$fieldworkFrom >= "\(year)-01-01").filter(\.$fieldworkFrom <= "\(year)-12-31").count()
            #expect(hbtRow.counts[0] == supervisions)
            #expect(hbtRow.rank == 1 || hbtRow.score <= wards.rows[0].score)

            var city = try await Visitor.signedIn(app, "vanphong.hanoi")
            let page = try await city.get("/hoi-dong/\(hn.id!)/thi-dua").body.string
            #expect(page.contains("Các HĐND cấp dưới — tối đa 100 điểm") && page.contains("HĐND phường Hai Bà Trưng") && page.contains("<svg"))
            // A criterion that the records cannot tell for the scope is refused by name.
            let res = try await city.post("/tieu-chi-thi-dua", ["councilID": "\(hn.id!)", "year": "\(year)", "scope": "eachDelegate",
                                                                 "measure": "regularSessions", "expected": "2", "weight": "10"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("không cho biết mỗi đại biểu hđnd thực hiện"))
            // The ranking is kept between requests, and a new criterion (whose table bumps the figures' revision) shows at once.
            let added = try await city.post("/tieu-chi-thi-dua", ["councilID": "\(hn.id!)", "year": "\(year)", "scope": "eachCouncilBelow",
                                                                   "measure": "supervisions", "expected": "2", "weight": "10"])
            #expect(added.status == .seeOther)
            let again = try await city.get("/hoi-dong/\(hn.id!)/thi-dua").body.string
            #expect(again.contains("Các HĐND cấp dưới — tối đa 110 điểm") && !again.contains("tối đa 100 điểm"))

            // The ward's delegates, and a delegate's report card with the records behind each figure.
            let delegates = try #require(try await Evaluation.rankings(councilID: ward.id!, year: year, kept: app.figures, db: app.db).first { $0.scope == .eachDelegate })
            let bao = try #require(try await Person.query(on: app.db).filter(\.$fullName == "Vũ Đức Bảo").filter(\.$unitID == ward.unitID).first())
            let row = try #require(delegates.rows.first { $0.id == bao.id })
            var own = try await Visitor.signedIn(app, "daibieu.hbt")
            let card = try await own.get("/nguoi/\(bao.id!)/ket-qua").body.string
            #expect(card.contains("Kết quả hoạt động năm \(year) — đại biểu Vũ Đức Bảo"))
            #expect(card.contains("<strong>\(VietnameseFormat.count(row.counts[0]))</strong> buổi tiếp công dân"))
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await other.get("/nguoi/\(bao.id!)/ket-qua").status == .forbidden, "the kept card, still only for its readers")
            // The card is kept between views (`FigureCache`) and follows the records: citizens he receives today count at once,
            // a group by its visitors, as the summary counts them.
            func received(_ card: String) throws -> Int {
                let shown = try #require(card.firstMatch(of: /<strong>([0-9.]+)<\/strong> lượt công dân được tiếp/)?.1)
                return try #require(Int(shown.replacingOccurrences(of: ".", with: "")))
            }
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let visit = try await office.post("/luot-tiep-cong-dan", ["councilID": "\(ward.id!)", "date": VietnameseFormat.date(Day.today().description),
                                                                       "consent": "true", "confidential": "false", "visitors": "3", "kind": "petition",
                                                                       "topic": "Hỏi về cấp sổ đỏ", "handling": "guided", "delegateID": "\(bao.id!)"])
            #expect(visit.status == .seeOther)
            #expect(try received(try await own.get("/nguoi/\(bao.id!)/ket-qua").body.string) == received(card) + 3)
        }
    }

    @Test(arguments: TestDB.all) func doneOnTimeFromTheRecords(_ db: TestDB) async throws {
        try await withTestApp(db, currentRecords: true) { app in
            let city = try await Fixture.council("HĐND thành phố Hà Nội", app.db)
            let ward = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            // A period around today, not this calendar year: early in January the reports below were sent last year.
            let today = Day.today(), periodFrom = today.adding(days: -90).description, periodTo = today.adding(days: 30).description
            func target(_ council: Council, _ scope: TargetScope, _ measure: TargetMeasure) -> Target {
                let t = Target()
                t.councilID = council.id!; t.scope = scope; t.measure = measure; t.minimum = 1
                t.periodFrom = periodFrom; t.periodTo = periodTo
                return t
            }
            // Petitions answered by their due date, counted against the register read another way.
            let petitions = try await VoterPetition.query(on: app.db).filter(\.$councilID == ward.id!).all()
            let onTime = petitions.filter { p in
                guard let a = p.answeredOn, let d = p.dueDate else { return false }
                return a <= d && a >= periodFrom && a <= periodTo
            }.count
            let answered = try #require(try await TargetProgress.of([target(ward, .council, .petitionsAnsweredOnTime)], kept: app.figures, db: app.db).first)
            #expect(answered.subjects.first?.count == onTime)
            // Reports the city asks of the ward: one sent on time counts, one sent late does not, one still open does not.
            var admin = try await Visitor.signedIn(app, "admin")
            for (content, due, done) in [("Báo cáo sơ kết 6 tháng", -20, -22), ("Báo cáo kết quả tiếp xúc cử tri", -10, -3), ("Báo cáo quý", 10, nil as Int?)] {
                var form = ["councilID": "\(city.id!)", "content": content, "basis": TaskBasis.conclusion.rawValue, "assignee": "council:\(ward.id!)",
                            "assignedOn": today.adding(days: -30).description, "dueOn": today.adding(days: due).description, "status": TaskStatus.open.rawValue]
                if let done {
                    form["status"] = TaskStatus.done.rawValue; form["doneOn"] = today.adding(days: done).description; form["result"] = "Đã gửi báo cáo"
                }
                #expect(try await admin.post("/nhiem-vu", form).status == .seeOther)
            }
            let tasks = try #require(try await TargetProgress.of([target(city, .eachCouncilBelow, .tasksDoneOnTime)], kept: app.figures, db: app.db).first)
            #expect(tasks.subjects.first { $0.id == ward.id! }?.count == 1)
            #expect(tasks.subjects.first { $0.id == ward.id! }?.href == "/hoi-dong/\(ward.id!)/nhiem-vu?duoc-giao=1&trang-thai=done")
            // As a criterion of the city's evaluation, by name on its form.
            let form = try await admin.get("/tieu-chi-thi-dua/moi?council=\(city.id!)").body.string
            #expect(form.contains("nhiệm vụ cấp trên giao hoàn thành đúng hạn") && form.contains("kiến nghị cử tri được trả lời đúng hạn"))
        }
    }
}
