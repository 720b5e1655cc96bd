import Fluent
@testable import HDND
import Testing
import VaporTesting

/// Sessions and resolutions: the preparation checklist from versioned rules, attendance, the vote rule, numbering in
/// two series per year, links between resolutions kept consistent both ways, the library, and who may do what.
@Suite struct CouncilWorkTests {
    static func day(_ s: String) -> Day { Day(s)! }

    /// A term holds a day from its first day (the district's 20th term began on 25/06/2021, not on 01/01/2021); before
    /// any term, the leaders offered are the latest term's.
    @Test(arguments: TestDB.all) func theTermADayFallsIn(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let district = try await Fixture.council("HĐND quận Hai Bà Trưng", app.db)
            func ordinal(_ day: String) async throws -> Int? { try await Term.running(councilID: district.id!, on: Day(day)!, db: app.db)?.ordinal }
            #expect(try await ordinal("2021-03-01") == 19)
            #expect(try await ordinal("2021-07-01") == 20)
            #expect(try await ordinal("2015-01-01") == nil)
            let latest = try #require(try await Term.query(on: app.db).filter(\.$councilID == district.id!).sort(\.$ordinal, .descending).first())
            let bodies = try await Oversight.leaders(councilID: district.id!, on: "2015-01-01", db: app.db).bodies
            let latestBodies = Set(try await Body.query(on: app.db).filter(\.$termID == latest.id!).all().compactMap(\.id))
            #expect(!bodies.isEmpty && bodies.allSatisfy { latestBodies.contains($0.id) })
        }
    }

    @Test func preparationDueDatesCountBackFromTheOpening() {
        // Hand-checked: 30, 20, 10 and 7 days before 20/11/2026.
        let items = SessionPreparation.checklist(kind: .yearEnd, opening: Self.day("2026-11-20"), held: false, electedOn: nil,
                                                 ticks: [.sessionVerification: .init(doneOn: "2026-11-12", doneBy: "Văn phòng")],
                                                 today: Self.day("2026-11-15"))
        #expect(items.map(\.step) == [.sessionProposals, .sessionConvening, .sessionVerification, .sessionDocuments])
        #expect(items.map { $0.due?.description } == ["2026-10-21", "2026-10-31", "2026-11-10", "2026-11-13"])
        #expect(items.map(\.overdue) == [true, true, false, true])
        #expect(items[2].late, "done on 12/11, due 10/11")
        // The verification rule was read in Law 87/2015, replaced from 01/03/2026: provisional after that day only.
        #expect(items[2].provisional)
        let before = SessionPreparation.checklist(kind: .yearEnd, opening: Self.day("2025-12-10"), held: true, electedOn: nil, ticks: [:],
                                                  today: Self.day("2026-01-01"))
        #expect(!before[2].provisional && before[2].due?.description == "2025-11-30")
        #expect(before[0].provisional, "no text found for collecting proposals")

        // The first session of a term: within 45 days of election day (15/03/2026 → 29/04/2026), checked by itself.
        let first = SessionPreparation.checklist(kind: .first, opening: Self.day("2026-05-02"), held: true, electedOn: Self.day("2026-03-15"),
                                                 ticks: [:], today: Self.day("2026-05-10"))
        #expect(first[0].step == .firstSessionAfterElection && first[0].automatic)
        #expect(first[0].due?.description == "2026-04-29" && first[0].late && first[0].provisional)
    }

    @Test func moreThanHalfOfAllDelegatesAdopts() {
        var vote = ResolutionVote(inFavour: 15, against: 10, abstaining: 3, notVoting: 0, delegates: 30, present: 28)
        #expect(!vote.adopted && vote.problems().isEmpty, "15 of 30 is half, not more")
        vote.inFavour = 16; vote.against = 9
        #expect(vote.adopted && vote.summary == "16/30 đại biểu tán thành (53,33% tổng số đại biểu)")
        vote.inFavour = 20
        #expect(vote.problems().map(\.field) == ["votesNotVoting"], "a vote of more delegates than were present")
        vote.present = nil; vote.inFavour = 18
        #expect(vote.problems().isEmpty)
        vote.inFavour = 30
        #expect(vote.problems().map(\.field) == ["votesFor"], "more than the council has")
    }

    @Test func statusFollowsLinksThenDates() {
        let today = "2026-12-01"
        #expect(ResolutionStatus.of(adopted: false, effectiveOn: nil, endsOn: nil, superseded: nil, today: today) == .notAdopted)
        #expect(ResolutionStatus.of(adopted: true, effectiveOn: nil, endsOn: "2020-01-01", superseded: .repeals, today: today) == .repealed)
        #expect(ResolutionStatus.of(adopted: true, effectiveOn: nil, endsOn: "2026-11-30", superseded: .amends, today: today) == .expired)
        #expect(ResolutionStatus.of(adopted: true, effectiveOn: "2027-01-01", endsOn: nil, superseded: nil, today: today) == .pending)
        #expect(ResolutionStatus.of(adopted: true, effectiveOn: "2026-12-01", endsOn: nil, superseded: .amends, today: today) == .partlyAmended)
        #expect(ResolutionStatus.of(adopted: true, effectiveOn: nil, endsOn: "2026-12-01", superseded: nil, today: today) == .inForce)
    }

    @Test func referencesAndTitles() {
        func read(_ s: String) -> String? { ResolutionLinks.Reference(s).map { "\($0.series.rawValue) \($0.number) \($0.year ?? 0)" } }
        #expect(read("12/NQ-HĐND") == "individual 12 0")
        #expect(read("12/NQ-HDND (2021)") == "individual 12 2021")
        #expect(read(" 05/2026/NQ-HĐND ") == "normative 5 2026")
        #expect(ResolutionLinks.Reference("05/2026/QĐ-UBND") == nil && ResolutionLinks.Reference("NQ-HĐND") == nil)
        #expect(ResolutionSeries.individual.symbol(number: 5, year: 2026) == "05/NQ-HĐND")
        #expect(ResolutionSeries.normative.symbol(number: 12, year: 2026) == "12/2026/NQ-HĐND")
        #expect(CouncilSession.title(9, .roman) == "Kỳ họp thứ IX" && CouncilSession.title(9) == "Kỳ họp thứ 9")
        #expect(CouncilSession.title(1, .roman) == "Kỳ họp thứ nhất" && CouncilSession.title(4) == "Kỳ họp thứ tư")
    }

    static func resolution(_ session: CouncilSession, _ extra: [String: String]) -> [String: String] {
        ["councilID": "\(session.councilID)", "sessionID": "\(session.id!)", "series": "individual", "title": "Về dự toán ngân sách phường năm 2027",
         "field": "budget", "adoptedOn": "21/11/2026", "delegates": "10", "votesFor": "7", "votesAgainst": "1", "votesAbstaining": "0",
         "votesNotVoting": "0"].merging(extra) { _, new in new }
    }

    /// A first session's page counts its first step from its term's election day, and follows the term when its election
    /// day is corrected: the term's heading is kept between requests only while the terms stay the same.
    @Test(arguments: TestDB.all) func aFirstSessionCountsFromItsTermsElectionDay(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let term = try await Fixture.latestTerm(hbt, app.db)
            try await app.db.sql.raw("UPDATE terms SET elected_on = '2026-03-15' WHERE id = \(bind: term.id!)").run()
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let res = try await office.post("/ky-hop", ["councilID": "\(hbt.id!)", "termID": "\(term.id!)", "number": "1", "kind": "first",
                                                       "opensOn": "02/05/2026", "closesOn": "02/05/2026", "isPublic": "true"])
            #expect(res.status == .seeOther)
            let first = try #require(try await CouncilSession.query(on: app.db).filter(\.$termID == term.id!).filter(\.$kind == .first).first())
            // Elected on 15/03/2026: the first session within 45 days, by 29/04/2026.
            var page = try await office.get("/ky-hop/\(first.id!)").body.string
            #expect(page.contains("Khóa ") && page.contains("29/04/2026") && !page.contains("16/05/2026"))
            try await app.db.sql.raw("UPDATE terms SET elected_on = '2026-04-01' WHERE id = \(bind: term.id!)").run()
            page = try await office.get("/ky-hop/\(first.id!)").body.string
            #expect(page.contains("16/05/2026") && !page.contains("29/04/2026"))
        }
    }

    /// What a session's page reads of the session's own records is kept between requests (`SessionsController.Records`)
    /// until any of them is written, however written: the tables' triggers bump the revision (M058, M069).
    @Test(arguments: TestDB.all) func aSessionsPageIsKeptUntilItsRecordsChange(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let term = try await Fixture.latestTerm(hbt, app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            #expect(try await office.post("/ky-hop", ["councilID": "\(hbt.id!)", "termID": "\(term.id!)", "number": "2", "kind": "yearEnd",
                                                      "opensOn": "20/11/2026", "closesOn": "21/11/2026", "openedOn": "20/11/2026",
                                                      "endedOn": "21/11/2026", "isPublic": "true"]).status == .seeOther)
            let s = try #require(try await CouncilSession.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            let path = "/ky-hop/\(s.id!)", sql = app.db.sql
            #expect(try await office.get(path).status == .ok)
            let kept = app.figures.count
            #expect(try await office.get(path).status == .ok && app.figures.count == kept, "kept")

            try await sql.raw("""
                INSERT INTO session_preparation (session_id, step, done_on, done_by) VALUES (\(bind: s.id!), 'sessionDocuments', '2026-11-12', 'Người Ghi Thử')
                """).run()
            #expect(try await office.get(path).body.string.contains("12/11/2026 — Người Ghi Thử"), "a step ticked")
            let delegates = try await SessionAttendance.delegates(termID: term.id, on: "2026-11-20", db: app.db)
            for (i, d) in delegates.enumerated() {
                try await sql.raw("""
                    INSERT INTO session_attendance (session_id, person_id, status) VALUES (\(bind: s.id!), \(bind: d.person_id), \(bind: i == 0 ? "excused" : "present"))
                    """).run()
            }
            #expect(try await office.get(path).body.string.contains("Có mặt 09/10 đại biểu; vắng có lý do 01"), "the attendance recorded")
            try await sql.raw("""
                INSERT INTO session_agenda_items (session_id, council_id, unit_id, position, kind, title, version) \
                VALUES (\(bind: s.id!), \(bind: hbt.id!), \(bind: hbt.unitID), 1, 'other', 'Nội dung thêm để thử', 1)
                """).run()
            #expect(try await office.get(path).body.string.contains("Nội dung thêm để thử"), "an agenda item added")
            #expect(try await office.post("/nghi-quyet", Self.resolution(s, ["votesNotVoting": "1"])).status == .seeOther)
            #expect(try await office.get(path).body.string.contains("Về dự toán ngân sách phường năm 2027"))
            try await sql.raw("UPDATE resolutions SET title = 'Về việc đặt tên để thử' WHERE session_id = \(bind: s.id!)").run()
            #expect(try await office.get(path).body.string.contains("Về việc đặt tên để thử"), "a resolution renamed")
            try await sql.raw("UPDATE council_sessions SET place = 'Hội trường thử' WHERE id = \(bind: s.id!)").run()
            #expect(try await office.get(path).body.string.contains("Hội trường thử"), "the session itself corrected")
        }
    }

    @Test(arguments: TestDB.all) func aSessionPreparedHeldAndItsResolutions(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let term = try await Fixture.latestTerm(hbt, app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let session: [String: String] = ["councilID": "\(hbt.id!)", "termID": "\(term.id!)", "number": "2", "kind": "yearEnd",
                                             "opensOn": "20/11/2026", "closesOn": "21/11/2026", "place": "Hội trường UBND phường",
                                             "conveningRef": "Quyết định số 25/QĐ-HĐND", "convenedOn": "30/10/2026", "isPublic": "true"]

            // Bad input names each field and writes nothing.
            var res = try await office.post("/ky-hop", session.merging(["kind": "first", "endedOn": "21/11/2026"]) { _, n in n })
            #expect(res.status == .unprocessableEntity)
            for message in ["Kỳ họp thứ nhất của nhiệm kỳ phải mang số 1.", "Ghi ngày bế mạc thực tế thì cần ngày khai mạc thực tế."] {
                #expect(res.body.string.contains(message), "\(message)")
            }
            #expect(try await CouncilSession.query(on: app.db).filter(\.$councilID == hbt.id!).count() == 0)

            res = try await office.post("/ky-hop", session)
            #expect(res.status == .seeOther)
            let s = try #require(try await CouncilSession.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            #expect(res.headers.first(name: .location) == "/ky-hop/\(s.id!)")

            // The checklist counts back from the opening; the verification step is provisional (its law was replaced).
            var page = try await office.get("/ky-hop/\(s.id!)").body.string
            for text in ["Chuẩn bị kỳ họp", "21/10/2026", "10/11/2026", "Các Ban họp thẩm tra", "Điều 78 khoản 1", "chưa đối chiếu văn bản",
                         "Quyết định số 25/QĐ-HĐND ngày 30/10/2026"] {
                #expect(page.contains(text), "\(text)")
            }
            res = try await office.post("/ky-hop/\(s.id!)/chuan-bi", ["step": "sessionVerification", "doneOn": "12/11/2026"])
            #expect(res.status == .seeOther)
            page = try await office.get("/ky-hop/\(s.id!)").body.string
            #expect(page.contains("12/11/2026 — Nguyễn Thị Lan") && page.contains("muộn so với hạn"))
            #expect(try await office.post("/ky-hop/\(s.id!)/chuan-bi", ["step": "firstSessionAfterElection"]).status == .unprocessableEntity)

            // Held: the actual days, then every delegate's attendance at once.
            res = try await office.post("/ky-hop/\(s.id!)", session.merging(["openedOn": "20/11/2026", "endedOn": "21/11/2026", "version": "1"]) { _, n in n })
            #expect(res.status == .seeOther)
            let delegates = try await SessionAttendance.delegates(termID: term.id, on: "2026-11-20", db: app.db)
            #expect(delegates.count == 10)
            var marks: [String: String] = [:]
            for (i, d) in delegates.enumerated() { marks["status_\(d.person_id)"] = i < 8 ? "present" : i == 8 ? "excused" : "absent" }
            var missing = marks
            missing["status_\(delegates[0].person_id)"] = nil
            res = try await office.post("/ky-hop/\(s.id!)/diem-danh", missing)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Hãy chọn có mặt hoặc vắng cho đại biểu \(delegates[0].full_name)."))
            #expect(try await SessionAttendance.marks(sessionID: s.id!, db: app.db).isEmpty, "nothing half-written")
            #expect(try await office.post("/ky-hop/\(s.id!)/diem-danh", marks).status == .seeOther)
            page = try await office.get("/ky-hop/\(s.id!)").body.string
            #expect(page.contains("Có mặt 08/10 đại biểu; vắng có lý do 01, vắng không có lý do 01"))
            // Each delegate a row with the choice recorded (`SessionPageParts.attendees`); a visitor reads the mark.
            let firstID = delegates[0].person_id, lastID = delegates[9].person_id
            #expect(page.contains("name=\"status_\(firstID)\"><option value=\"\">— Chọn —</option><option value=\"present\" selected>Có mặt</option>"))
            #expect(page.contains("<option value=\"absent\" selected>Vắng không có lý do</option></select>"))
            var reader = Visitor(app)
            let visitor = try await reader.get("/ky-hop/\(s.id!)").body.string
            #expect(visitor.contains(">\(delegates[9].full_name)</a></td><td>\(delegates[9].post)</td>\n<td>Vắng không có lý do</td></tr>")
                    && !visitor.contains("status_\(lastID)"))

            // An agenda item presented by a committee.
            let committee = try #require(try await Body.query(on: app.db).filter(\.$termID == term.id!).filter(\.$kind == .committee).first())
            res = try await office.post("/noi-dung-ky-hop", ["sessionID": "\(s.id!)", "position": "1", "kind": "verification",
                                                             "title": "Báo cáo thẩm tra dự toán ngân sách năm 2027", "bodyID": "\(committee.id!)"])
            #expect(res.status == .seeOther)
            let withAgenda = try await office.get("/ky-hop/\(s.id!)").body.string
            #expect(withAgenda.contains("<td class=\"num\">1</td><td>Báo cáo thẩm tra dự toán ngân sách năm 2027")
                    && withAgenda.contains("<td>\(committee.name)</td>") && withAgenda.contains("aria-label=\"Tải lên tài liệu của nội dung 1\""))

            // A vote of more than were present is refused; one short of more than half is recorded as not adopted, unnumbered.
            res = try await office.post("/nghi-quyet", Self.resolution(s, ["votesFor": "8"]))
            #expect(res.status == .unprocessableEntity && res.body.string.contains("nhưng kỳ họp có 8 đại biểu có mặt"))
            #expect(try await Resolution.query(on: app.db).filter(\.$councilID == hbt.id!).count() == 0)
            res = try await office.post("/nghi-quyet", Self.resolution(s, ["votesFor": "5", "votesAgainst": "3", "title": "Về đặt tên đường"]))
            #expect(res.status == .seeOther)
            let failed = try #require(try await Resolution.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            #expect(!failed.adopted && failed.number == nil && failed.status() == .notAdopted)
            #expect(try await office.post("/nghi-quyet", Self.resolution(s, ["votesFor": "5", "votesAgainst": "3", "number": "9"])).status == .unprocessableEntity)

            // Adopted ones are numbered in their series and year: 01/NQ-HĐND, 02/NQ-HĐND; 01/2026/NQ-HĐND.
            #expect(try await office.post("/nghi-quyet", Self.resolution(s, [:])).status == .seeOther)
            #expect(try await office.post("/nghi-quyet", Self.resolution(s, ["title": "Về kế hoạch tổ chức các kỳ họp năm 2027", "field": "council"])).status == .seeOther)
            #expect(try await office.post("/nghi-quyet", Self.resolution(s, ["series": "normative", "title": "Quy định mức chi hỗ trợ tổ dân phố",
                                                                             "effectiveOn": "01/12/2026"])).status == .seeOther)
            let symbols = try await Resolution.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$adopted == true).sort(\.$id).all().map(\.symbol)
            #expect(symbols == ["01/NQ-HĐND", "02/NQ-HĐND", "01/2026/NQ-HĐND"])
            let normative = try #require(try await Resolution.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$series == .normative).first())

            // A later one replaces the normative resolution: both pages say so; deleted, the first is in force again.
            res = try await office.post("/nghi-quyet", Self.resolution(s, ["series": "normative", "title": "Quy định mức chi hỗ trợ tổ dân phố (thay thế)",
                                                                           "adoptedOn": "21/11/2026", "replaces": "01/2026/NQ-HĐND", "amends": "01/NQ-HĐND"]))
            #expect(res.status == .seeOther)
            let later = try #require(try await Resolution.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$number == 2).filter(\.$series == .normative).first())
            var first = try #require(try await Resolution.find(normative.id, on: app.db))
            #expect(first.status() == .replaced)
            #expect(try await Resolution.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$number == 1).filter(\.$series == .individual).first()?.status() == .partlyAmended)
            page = try await office.get("/nghi-quyet/\(first.id!)").body.string
            #expect(page.contains("Bị thay thế bởi 02/2026/NQ-HĐND") && page.contains("Bị thay thế"))
            page = try await office.get("/nghi-quyet/\(later.id!)").body.string
            #expect(page.contains("Thay thế 01/2026/NQ-HĐND") && page.contains("Sửa đổi, bổ sung 01/NQ-HĐND"))
            #expect(page.contains("<dt>Kỳ họp</dt><dd><a href=\"/ky-hop/\(s.id!)\">") && page.contains("<strong>02/2026/NQ-HĐND</strong>"),
                    "its session linked, itself in its chain not")
            #expect(page.contains("<dt>Không tán thành</dt><dd>01</dd>"), "counts under ten with a leading zero")
            // The chain reaches two links away: the resolution amended sees the one replaced beside it.
            let amended = try #require(try await Resolution.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$number == 1)
                .filter(\.$series == .individual).first())
            page = try await office.get("/nghi-quyet/\(amended.id!)").body.string
            #expect(page.contains("01/2026/NQ-HĐND") && page.contains("Thay thế 01/2026/NQ-HĐND"), "the chain of three")
            res = try await office.post("/nghi-quyet", Self.resolution(s, ["amends": "07/NQ-HĐND; 01/2025/NQ-HĐND"]))
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Không tìm thấy nghị quyết 07/NQ-HĐND của Hội đồng này."))
            #expect(try await office.post("/nghi-quyet/\(later.id!)/xoa", ["version": "1"]).status == .seeOther)
            first = try #require(try await Resolution.find(normative.id, on: app.db))
            #expect(first.status() == .inForce)
            #expect(!(try await office.get("/nghi-quyet/\(first.id!)").body.string).contains("Bị thay thế bởi"), "no chain through a deleted one")
            #expect(try await office.post("/nghi-quyet/\(later.id!)/khoi-phuc", [:]).status == .seeOther)
            #expect(try await Resolution.find(normative.id, on: app.db)?.status() == .replaced)

            // The session page lists what it adopted; the library filters, finds without diacritics, exports; the city sees below.
            page = try await office.get("/ky-hop/\(s.id!)").body.string
            #expect(page.contains("02/NQ-HĐND") && page.contains("Không thông qua"))
            #expect(page.contains("7/10 đại biểu tán thành (70,00% tổng số đại biểu)") && page.contains("5/10 đại biểu tán thành"), "the votes")
            #expect(page.firstRange(of: "02/NQ-HĐND")!.lowerBound > page.firstRange(of: "01/NQ-HĐND")!.lowerBound, "in their numbers' order")
            page = try await office.get("/hoi-dong/\(hbt.id!)/nghi-quyet?tinh-trang=replaced").body.string
            #expect(page.contains("01/2026/NQ-HĐND") && !page.contains("02/NQ-HĐND") && page.contains("1 nghị quyết"))
            page = try await office.get("/hoi-dong/\(hbt.id!)/nghi-quyet?tu-khoa=ke+hoach+ky+hop").body.string
            #expect(page.contains("02/NQ-HĐND") && !page.contains("01/2026/NQ-HĐND"))
            // The count follows every filter; the years offered follow none (a year that finds nothing stays chosen).
            page = try await office.get("/hoi-dong/\(hbt.id!)/nghi-quyet?nam=2026&tinh-trang=repealed").body.string
            #expect(page.contains("Không có nghị quyết nào.") && page.contains("0 nghị quyết"))
            #expect(page.contains("<option value=\"2026\" selected>2026</option>"))
            let city = try await Fixture.council("HĐND thành phố Hà Nội", app.db)
            var anonymous = Visitor(app)
            page = try await anonymous.get("/hoi-dong/\(city.id!)/nghi-quyet?cap-duoi=1&nam=2026&loai=normative").body.string
            #expect(page.contains("01/2026/NQ-HĐND") && page.contains("02/2026/NQ-HĐND") && page.contains("HĐND phường Hai Bà Trưng"))
            let xlsx = try await office.get("/hoi-dong/\(hbt.id!)/nghi-quyet.xlsx")
            if let sheet = try OpenPyXL.read(Array(xlsx.body.readableBytesView)) {
                #expect(sheet.text.count == 6 && sheet.text[0][0] == "Số, ký hiệu")
                #expect(Set(sheet.text.dropFirst().map { $0[0] }) == ["01/NQ-HĐND", "02/NQ-HĐND", "01/2026/NQ-HĐND", "02/2026/NQ-HĐND", "Không thông qua"])
            }

            // Public pages show no preparation or citizens' petitions; nobody else writes.
            page = try await anonymous.get("/ky-hop/\(s.id!)").body.string
            #expect(page.contains("Nghị quyết của kỳ họp") && !page.contains("Chuẩn bị kỳ họp") && !page.contains("Kiến nghị cử tri báo cáo"))
            #expect(try await anonymous.get("/nghi-quyet/\(first.id!)").status == .ok)
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await other.post("/nghi-quyet", Self.resolution(s, [:])).status == .forbidden)
            #expect(try await other.post("/ky-hop/\(s.id!)/chuan-bi", ["step": "sessionDocuments"]).status == .forbidden)
            #expect(try await other.post("/ky-hop/\(s.id!)/diem-danh", marks).status == .forbidden)
            var delegate = try await Visitor.signedIn(app, "daibieu.hbt")
            #expect(try await delegate.post("/nghi-quyet", Self.resolution(s, [:])).status == .forbidden)
            #expect(try await delegate.post("/noi-dung-ky-hop", ["sessionID": "\(s.id!)", "position": "2", "kind": "other", "title": "x"]).status == .forbidden)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == "resolution").filter(\.$unitID == hbt.unitID).count() == 7)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == "session").filter(\.$recordID == s.id!).count() == 4)
        }
    }

    @Test(arguments: TestDB.all) func numbersNeverCollideUnderConcurrentUse(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "vanphong.hbt").first())
            let actor = try #require(try await Accounts.actor(userID: user.id!, on: app.db))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 1...6 {
                    group.addTask {
                        let r = try await Resolution.blank(["council": "\(hbt.id!)"], on: app.db)
                        try await r.apply(["councilID": "\(hbt.id!)", "series": i % 3 == 0 ? "normative" : "individual", "title": "Nghị quyết \(i)",
                                           "field": "other", "adoptedOn": "15/11/2026", "delegates": "10", "votesFor": "6", "votesAgainst": "0",
                                           "votesAbstaining": "0", "votesNotVoting": "0"], on: app.db)
                        try await RecordWriter(db: app.db, actor: actor).create(r) { r, tx in try await r.afterInsert(actor: actor, on: tx) }
                    }
                }
                try await group.waitForAll()
            }
            let all = try await Resolution.query(on: app.db).filter(\.$councilID == hbt.id!).all()
            #expect(all.filter { $0.series == .individual }.compactMap(\.number).sorted() == Array(1...4))
            #expect(all.filter { $0.series == .normative }.compactMap(\.number).sorted() == Array(1...2))
        }
    }

    @Test(arguments: TestDB.all) func theSeedsAndTheLivingCouncils(_ db: TestDB) async throws {
        try await withTestApp(db, currentRecords: true) { app in
            // Seed 002: Cự Khối held sessions IX and X and had XI to come, and adopted 8 resolutions, in Roman numerals.
            let ck = try await Fixture.council("HĐND phường Cự Khối", app.db)
            let sessions = try await CouncilSession.query(on: app.db).filter(\.$councilID == ck.id!).sort(\.$number).all()
            #expect(sessions.map(\.title) == ["Kỳ họp thứ IX", "Kỳ họp thứ X", "Kỳ họp thứ XI"])
            #expect(sessions.map(\.held) == [true, true, false])
            let adopted = try await Resolution.query(on: app.db).filter(\.$councilID == ck.id!).filter(\.$year == 2020).filter(\.$adopted == true).count()
            #expect(adopted == 8)

            // A ward at work in 2026: its first session attended, resolutions adopted, the year-end session on the calendar.
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let first = try #require(try await CouncilSession.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$kind == .first).first())
            var page = try await office.get("/ky-hop/\(first.id!)").body.string
            #expect(page.contains("Có mặt 09/10 đại biểu") && page.contains("03/NQ-HĐND") && page.contains("Được sửa đổi, bổ sung một phần"))
            let coming = try #require(try await CouncilSession.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$kind == .yearEnd).first())
            page = try await office.get("/ky-hop/\(coming.id!)").body.string
            #expect(page.contains("Báo cáo thẩm tra dự toán thu, chi ngân sách năm 2027") && page.contains("Ban Kinh tế - Ngân sách"))
            page = try await office.get("/hoi-dong/\(hbt.id!)/nghi-quyet").body.string
            #expect(page.contains("01/2026/NQ-HĐND") && page.contains("6 nghị quyết") == false && page.contains("5 nghị quyết"))
        }
    }
}
