import Fluent
@testable import HDND
import Testing
import VaporTesting

/// Oversights: their steps due by the rules, recommendations followed to the agency's answer, overdue ones standing
/// out, re-supervision, counts by who led them, and who may do what.
@Suite struct OversightTests {
    @Test func stepsCountFromTheFieldwork() {
        let o = Oversight()
        o.kind = .thematic; o.lead = .standing; o.fieldworkFrom = "2026-10-12"; o.fieldworkTo = "2026-10-14"; o.noticedOn = "2026-10-05"
        o.reportedOn = "2026-11-02"
        // Hand-checked: notice 10 days before 12/10 → 02/10; report 15 days after 14/10 → 29/10; conclusion 07 days after 02/11 → 09/11.
        let steps = o.steps(today: Day("2026-11-20")!)
        #expect(steps.map { $0.due?.description } == ["2026-10-02", "2026-10-29", "2026-11-09"])
        #expect(steps.map(\.late) == [true, true, false] && steps.map(\.overdue) == [false, false, true])
        #expect(steps.allSatisfy { $0.provisional }, "Law 87/2015 was replaced on 01/03/2026")
        // A delegate group: 07 days' notice, report within 10 days.
        o.lead = .delegateGroup
        #expect(o.steps(today: Day("2026-11-20")!).map { $0.due?.description } == ["2026-10-05", "2026-10-24"])
        // Before 01/03/2026 the rules stand as read.
        o.fieldworkFrom = "2025-10-12"; o.fieldworkTo = nil
        #expect(o.steps(today: Day("2026-11-20")!).map(\.provisional) == [false, false])
    }

    static func form(_ council: Council, _ extra: [String: String]) -> [String: String] {
        ["councilID": "\(council.id!)", "kind": "thematic", "lead": "committee", "topic": "Việc quản lý vỉa hè, lòng đường",
         "subjects": "UBND phường", "fieldworkFrom": "12/10/2026", "fieldworkTo": "14/10/2026"].merging(extra) { _, new in new }
    }

    @Test(arguments: TestDB.all) func aRecommendationsWholeLife(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let term = try await Fixture.latestTerm(hbt, app.db)
            let committee = try #require(try await Body.query(on: app.db).filter(\.$termID == term.id!).filter(\.$kind == .committee).first())
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            var office = try await Visitor.signedIn(app, "vanphong.hbt")

            // A committee's oversight must name the committee; nothing is written until it does.
            var res = try await office.post("/giam-sat", Self.form(hbt, ["reportedOn": "01/10/2026"]))
            #expect(res.status == .unprocessableEntity)
            for message in ["Hãy chọn cơ quan chủ trì (Ban của HĐND) của Hội đồng này.", "Báo cáo kết quả không thể trước khi kết thúc giám sát."] {
                #expect(res.body.string.contains(message), "\(message)")
            }
            #expect(try await Oversight.query(on: app.db).filter(\.$councilID == hbt.id!).count() == 0)
            res = try await office.post("/giam-sat", Self.form(hbt, ["bodyID": "\(committee.id!)", "noticedOn": "05/10/2026", "reportedOn": "02/11/2026"]))
            #expect(res.status == .seeOther)
            let o = try #require(try await Oversight.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            var page = try await office.get("/giam-sat/\(o.id!)").body.string
            for text in ["Thông báo nội dung, kế hoạch giám sát", "02/10/2026", "muộn so với hạn", "29/10/2026", "Điều 70 khoản 2"] {
                #expect(page.contains(text), "\(text)")
            }

            // Two recommendations to the ward's People's Committee: one already overdue.
            for (content, due) in [("Xử lý dứt điểm các điểm lấn chiếm vỉa hè", "15/11/2026"), ("Lắp biển chỉ dẫn điểm trông giữ xe", "30/12/2099")] {
                res = try await office.post("/kien-nghi-giam-sat", ["oversightID": "\(o.id!)", "content": content, "organizationID": "\(ubnd.id!)", "dueOn": due])
                #expect(res.status == .seeOther)
            }
            #expect(try await office.post("/kien-nghi-giam-sat", ["oversightID": "\(o.id!)", "content": "x", "organizationID": "",
                                                                 "dueOn": "30/12/2026"]).status == .unprocessableEntity)
            let overdue = try #require(try await Recommendation.query(on: app.db).filter(\.$content == "Xử lý dứt điểm các điểm lấn chiếm vỉa hè").first())
            #expect(overdue.isOverdue(today: Day("2026-12-01")!))
            page = try await office.get("/giam-sat/\(o.id!)").body.string
            #expect(page.contains("Xử lý dứt điểm các điểm lấn chiếm vỉa hè") && page.contains("quá hạn"))

            // The agency sees both and answers: an answer without what was done is refused; then under way, then done.
            var agency = try await Visitor.signedIn(app, "coquan.hbt")
            page = try await agency.get("/co-quan/giam-sat").body.string
            #expect(page.contains("Xử lý dứt điểm các điểm lấn chiếm vỉa hè") && page.contains("Lắp biển chỉ dẫn điểm trông giữ xe"))
            res = try await agency.post("/kien-nghi-giam-sat/\(overdue.id!)/tra-loi", ["version": "1", "status": "done", "answer": ""])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Hãy ghi kết quả thực hiện."))
            #expect(try await agency.post("/kien-nghi-giam-sat/\(overdue.id!)/tra-loi", ["version": "1", "status": "inProgress",
                                                                                        "answer": "Đã xử lý 8/12 điểm"]).status == .seeOther)
            #expect(try await agency.post("/kien-nghi-giam-sat/\(overdue.id!)/tra-loi", ["version": "1", "status": "done",
                                                                                        "answer": "x"]).status == .conflict, "a stale answer")
            #expect(try await agency.post("/kien-nghi-giam-sat/\(overdue.id!)/tra-loi", ["version": "2", "status": "done",
                                                                                        "answer": "Đã xử lý xong 12/12 điểm"]).status == .seeOther)
            let answered = try #require(try await Recommendation.find(overdue.id, on: app.db))
            #expect(answered.status == .done && answered.answer == "Đã xử lý xong 12/12 điểm" && !answered.isOverdue())
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == "recommendation").filter(\.$recordID == overdue.id!).count() == 3)

            // A re-supervision checks it.
            res = try await office.post("/giam-sat", Self.form(hbt, ["kind": "resupervision", "bodyID": "\(committee.id!)", "fieldworkFrom": "20/11/2026",
                                                                     "fieldworkTo": "20/11/2026", "topic": "Tái giám sát việc quản lý vỉa hè"]))
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Tái giám sát cần chọn cuộc giám sát trước."))
            res = try await office.post("/giam-sat", Self.form(hbt, ["kind": "resupervision", "bodyID": "\(committee.id!)", "fieldworkFrom": "20/11/2026",
                                                                     "fieldworkTo": "20/11/2026", "topic": "Tái giám sát việc quản lý vỉa hè",
                                                                     "resupervisesID": "\(o.id!)"]))
            #expect(res.status == .seeOther)
            let recheck = try #require(try await Oversight.query(on: app.db).filter(\.$resupervisesID == o.id!).first())
            // Its page names the committee that leads it and the oversight it checks again.
            page = try await office.get("/giam-sat/\(recheck.id!)").body.string
            #expect(page.contains("<dt>Cơ quan chủ trì</dt><dd class=\"prewrap\">\(committee.name)</dd>")
                    && page.contains("<dt>Tái giám sát</dt><dd class=\"prewrap\">\(o.displayName)</dd>"))
            var form = answered.auditSnapshot
            form["recheckedByID"] = "\(recheck.id!)"; form["version"] = "3"; form["dueOn"] = "15/11/2026"; form["answeredOn"] = answered.answeredOn!
            #expect(try await office.post("/kien-nghi-giam-sat/\(answered.id!)", form).status == .seeOther)
            #expect(try await Recommendation.find(answered.id, on: app.db)?.recheckedByID == recheck.id)

            // The year's list counts by kind and by who led.
            page = try await office.get("/hoi-dong/\(hbt.id!)/giam-sat?nam=2026").body.string
            #expect(page.contains("Tổng số: <strong>02 cuộc</strong>") && page.contains("Ban của HĐND: 02"))

            // Nobody else reads or answers.
            // An oversight is public, its recommendations and steps are not: another council's office and a citizen read
            // what was supervised and when, found by the search box, and nothing of what the agency still has to do.
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            var anonymous = Visitor(app)
            for visitor in [other, anonymous] {
                var v = visitor
                let res = try await v.get("/giam-sat/\(o.id!)")
                #expect(res.status == .ok && res.body.string.contains(o.topic))
                for hidden in ["Xử lý dứt điểm các điểm lấn chiếm vỉa hè", "Kiến nghị sau giám sát", "Các bước theo quy định", "/giam-sat\""] {
                    #expect(!res.body.string.contains(hidden), "\(hidden)")
                }
            }
            page = try await anonymous.get("/tim-kiem?q=\(String(o.topic.prefix(20)).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)").body.string
            #expect(page.contains("/giam-sat/\(o.id!)"))
            #expect(!page.contains("lấn chiếm vỉa hè"), "a recommendation is not found by a citizen")
            // The API lists it as its page shows it (kind and lead as the document lists them), without its recommendations.
            let listed = try await anonymous.get("/api/v1/oversights?council=\(hbt.id!)&lead=committee").body.string
            #expect(listed.contains(o.topic) && listed.contains("\"lead\":\"committee\"") && !listed.contains("lấn chiếm"), "\(listed)")
            let document = try await anonymous.get("/api/openapi.json").body.string
            #expect(document.contains("\"/api/v1/oversights\"") && document.contains("\"resupervision\""))
            #expect(try await other.post("/giam-sat", Self.form(hbt, ["bodyID": "\(committee.id!)"])).status == .forbidden)
            let open = try #require(try await Recommendation.query(on: app.db).filter(\.$status == .pending).first())
            #expect(try await other.post("/kien-nghi-giam-sat/\(open.id!)/tra-loi", ["version": "1", "status": "done", "answer": "x"]).status == .forbidden)
        }
    }

    @Test(arguments: TestDB.all) func theSeedsCountsFromRecords(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            // Seed 001: Hoàn Kiếm 2019, 11 delegations: 9 by the standing committee and committees, 01 by the Front, 01 by the People's Committee.
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            let rows = try await OversightQueries.year(2019, councilID: hk.id!, db: app.db)
            let byLead = Dictionary(OversightQueries.countsByLead(rows).map { ($0.0, $0.1) }, uniquingKeysWith: +)
            #expect(rows.count == 11)
            #expect((byLead[.standing] ?? 0) + (byLead[.committee] ?? 0) == 9 && byLead[.fatherlandFront] == 1 && byLead[.peoplesCommittee] == 1)
            // Seed 002: Cự Khối, 9 months of 2020: 3 thematic supervisions, 8 surveys.
            let ck = try await Fixture.council("HĐND phường Cự Khối", app.db)
            let ckRows = try await OversightQueries.year(2020, councilID: ck.id!, db: app.db).filter { $0.fieldwork_from <= "2020-09-30" }
            let byKind = Dictionary(OversightQueries.countsByKind(ckRows).map { ($0.0, $0.1) }, uniquingKeysWith: +)
            #expect(byKind[.thematic] == 3 && byKind[.survey] == 8)
        }
    }
}
