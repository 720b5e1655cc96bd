import Foundation
import Fluent
@testable import HDND
import Testing
import VaporTesting

/// The annual supervision program: adopted at the mid-year session of the year before (a rule with its basis),
/// gathered from dated proposals, each proposal taken in becoming an oversight with its members.
@Suite struct SupervisionProgramTests {
    @Test func adoptionIsCheckedAgainstTheRule() {
        let p = SupervisionProgram()
        p.year = 2027
        let r = Resolution()
        r.adoptedOn = "2026-07-10"
        let s = CouncilSession()
        s.kind = .midYear
        var a = p.adoption(resolution: r, session: s)
        #expect(a.met == true && a.provisional, "Law 87/2015, replaced from 01/03/2026: provisional")
        s.kind = .thematic
        #expect(p.adoption(resolution: r, session: s).met == false)
        p.year = 2020; r.adoptedOn = "2019-07-05"; s.kind = .midYear
        a = p.adoption(resolution: r, session: s)
        #expect(a.met == true && !a.provisional && a.text.contains("Điều 58 khoản 1"))
        #expect(p.adoption(resolution: nil, session: nil).met == nil)
    }

    @Test(arguments: TestDB.all) func proposalsBecomeOversights(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let term = try await Fixture.latestTerm(hbt, app.db)
            let committee = try #require(try await Body.query(on: app.db).filter(\.$termID == term.id!).filter(\.$kind == .committee).first())
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await other.post("/chuong-trinh-giam-sat", ["councilID": "\(hbt.id!)", "year": "2027"]).status == .forbidden)
            #expect(try await office.post("/chuong-trinh-giam-sat", ["councilID": "\(hbt.id!)", "year": "2027"]).status == .seeOther)
            var res = try await office.post("/chuong-trinh-giam-sat", ["councilID": "\(hbt.id!)", "year": "2027"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Hội đồng đã có chương trình giám sát năm 2027."))
            let program = try #require(try await SupervisionProgram.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            var page = try await office.get("/hoi-dong/\(hbt.id!)/giam-sat?nam=2027").body.string
            #expect(page.contains("/chuong-trinh-giam-sat/\(program.id!)"))

            // Proposals are of the year before; one taken in, one not.
            let proposal = ["programID": "\(program.id!)", "topic": "Việc quản lý nhà văn hóa tổ dân phố", "source": "committee", "proposer": "Ban Pháp chế",
                            "proposedOn": "05/01/2027", "included": "true"]
            res = try await office.post("/de-xuat-giam-sat", proposal)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("phải gửi trong năm trước đó"))
            #expect(try await office.post("/de-xuat-giam-sat", proposal.merging(["proposedOn": "10/06/2026"]) { _, n in n }).status == .seeOther)
            #expect(try await office.post("/de-xuat-giam-sat", proposal.merging(["proposedOn": "12/06/2026", "topic": "Quy chế dân chủ ở cơ sở",
                                                                                  "source": "fatherlandFront", "proposer": "Ủy ban MTTQ phường",
                                                                                  "included": "false"]) { _, n in n }).status == .seeOther)
            let taken = try #require(try await SupervisionProposal.query(on: app.db).filter(\.$included == true).first())
            let left = try #require(try await SupervisionProposal.query(on: app.db).filter(\.$included == false).first())
            page = try await office.get("/chuong-trinh-giam-sat/\(program.id!)").body.string
            #expect(page.contains("/giam-sat/moi?proposal=\(taken.id!)") && !page.contains("/giam-sat/moi?proposal=\(left.id!)"))
            #expect(page.contains("Chưa có nghị quyết thông qua") && page.contains("Điều 58 khoản 1"))

            // The oversight carries out the proposal, with its members; one not taken in cannot be carried out.
            page = try await office.get("/giam-sat/moi?proposal=\(taken.id!)").body.string
            #expect(page.contains("Việc quản lý nhà văn hóa tổ dân phố") && page.contains("name=\"proposalID\""))
            res = try await office.post("/giam-sat", OversightTests.form(hbt, ["proposalID": "\(left.id!)", "bodyID": "\(committee.id!)"]))
            #expect(res.status == .unprocessableEntity && res.body.string.contains("đã đưa vào chương trình giám sát"))
            res = try await office.post("/giam-sat", OversightTests.form(hbt, ["proposalID": "\(taken.id!)", "bodyID": "\(committee.id!)",
                                                                              "members": "Nguyễn Văn A — Trưởng đoàn\nTrần Thị B — Thành viên"]))
            #expect(res.status == .seeOther)
            let o = try #require(try await Oversight.query(on: app.db).filter(\.$proposalID == taken.id!).first())
            #expect(o.members == "Nguyễn Văn A — Trưởng đoàn\nTrần Thị B — Thành viên")
            page = try await office.get("/giam-sat/\(o.id!)").body.string
            #expect(page.contains("Trần Thị B — Thành viên") && page.contains("Chương trình giám sát năm 2027 — đề xuất của Ban Pháp chế"))
            page = try await office.get("/chuong-trinh-giam-sat/\(program.id!)").body.string
            #expect(page.contains("/giam-sat/\(o.id!)") && page.contains("<strong>01</strong> đã thành cuộc giám sát"))
            // The proposals as a table, as the page lists them: in date order, with the oversight that carries one out.
            let sheet = try XLSXReader.rows(Data(try await office.get("/chuong-trinh-giam-sat/\(program.id!)/de-xuat.xlsx").body.readableBytesView))
            try #require(sheet.count == 3 && sheet.allSatisfy { $0.count >= 5 })
            #expect(sheet[0][0] == "Ngày đề xuất" && sheet[1][1] == "Việc quản lý nhà văn hóa tổ dân phố"
                    && sheet[1][4] == "Có" && sheet[1][5] == o.displayName && sheet[2][4] == "Chưa" && (sheet[2].dropFirst(5).first ?? "") == "")
            #expect(try await office.get("/chuong-trinh-giam-sat/\(program.id!)/de-xuat.csv").body.string.contains("Quy chế dân chủ ở cơ sở"))
            // Taken out of the program once carried out: refused.
            var edit = taken.auditSnapshot
            edit["version"] = "1"; edit["included"] = "false"; edit["proposedOn"] = "10/06/2026"
            res = try await office.post("/de-xuat-giam-sat/\(taken.id!)", edit)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("không bỏ khỏi chương trình được"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == "supervisionProposal").count() == 2)
        }
    }
}
