import Fluent
@testable import HDND
import Testing
import VaporTesting

/// The standing committee's meetings: a review's figures per body from the records, each body's notes, conclusions
/// issued as notices numbered per council and year, and who may do what.
@Suite struct StandingTests {
    @Test(arguments: TestDB.all) func aReviewAndItsNotices(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            // Seed 002: the review of 14/10/2020 — 5 speakers; each committee's surveys of the nine months counted from the records.
            let ck = try await Fixture.council("HĐND phường Cự Khối", app.db)
            let review = try #require(try await StandingMeeting.query(on: app.db).filter(\.$councilID == ck.id!).first())
            #expect(review.speakers == 5 && review.notice == "Thông báo số 01/TB-HĐND" && review.noticeYear == 2020)
            let rows = try await BodyReview.rows(councilID: ck.id!, on: review.heldOn, from: "2020-01-01", to: "2020-09-30", db: app.db)
            #expect(rows.map(\.name).sorted() == ["Ban Kinh tế - Xã hội", "Ban Pháp chế"] && rows.allSatisfy { $0.surveys == 4 && $0.oversights == 0 })

            // A ward's office records two meetings with conclusions: notices 01 and 02 of the year; a review needs its period.
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let form = ["councilID": "\(hbt.id!)", "kind": "regular", "heldOn": "05/11/2026", "agenda": "Chuẩn bị kỳ họp cuối năm",
                        "conclusions": "Giao Văn phòng chuẩn bị tài liệu.", "noticedOn": "06/11/2026"]
            var res = try await office.post("/phien-hop-thuong-truc", form.merging(["kind": "review"]) { _, n in n })
            #expect(res.status == .unprocessableEntity && res.body.string.contains("cần ghi khoảng thời gian được đánh giá"))
            #expect(try await office.post("/phien-hop-thuong-truc", form).status == .seeOther)
            res = try await office.post("/phien-hop-thuong-truc", form.merging(["kind": "review", "heldOn": "20/11/2026", "noticedOn": "21/11/2026",
                                                                                "periodFrom": "01/01/2026", "periodTo": "20/11/2026"]) { _, n in n })
            #expect(res.status == .seeOther)
            let meetings = try await StandingMeeting.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$heldOn).all()
            #expect(meetings.map(\.notice) == ["Thông báo số 01/TB-HĐND", "Thông báo số 02/TB-HĐND"])

            // A committee's own note beside its figures.
            let term = try await Fixture.latestTerm(hbt, app.db)
            let committee = try #require(try await Body.query(on: app.db).filter(\.$termID == term.id!).filter(\.$kind == .committee).first())
            #expect(try await office.post("/phien-hop-thuong-truc/\(meetings[1].id!)/ghi-chu", ["note-\(committee.id!)": "Ban đề nghị bổ sung kinh phí khảo sát."])
                .status == .seeOther)
            let page = try await office.get("/phien-hop-thuong-truc/\(meetings[1].id!)").body.string
            #expect(page.contains("Ban đề nghị bổ sung kinh phí khảo sát.") && page.contains(committee.name) && page.contains("Thông báo số 02/TB-HĐND"))
            // Its bodies and figures are kept while the records stay the same, and read again once one changes.
            try await app.db.sql.raw("UPDATE bodies SET name = 'Ban Kinh tế - Xã hội (đổi tên)' WHERE id = \(bind: committee.id!)").run()
            #expect(try await office.get("/phien-hop-thuong-truc/\(meetings[1].id!)").body.string.contains("Ban Kinh tế - Xã hội (đổi tên)"))
            try await app.db.sql.raw("UPDATE bodies SET name = \(bind: committee.name) WHERE id = \(bind: committee.id!)").run()

            // Internal: another ward's office neither reads nor writes; a delegate reads.
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await other.get("/phien-hop-thuong-truc/\(meetings[0].id!)").status == .forbidden)
            #expect(try await other.post("/phien-hop-thuong-truc/\(meetings[1].id!)/ghi-chu", ["note-\(committee.id!)": "x"]).status == .forbidden)
            var delegate = try await Visitor.signedIn(app, "daibieu.hbt")
            #expect(try await delegate.get("/hoi-dong/\(hbt.id!)/thuong-truc").body.string.contains("Chuẩn bị kỳ họp cuối năm"))
            // The list narrows by words and exports what it shows.
            let all = ExportTests.parse(try await delegate.get("/hoi-dong/\(hbt.id!)/thuong-truc.csv").body.string)
            #expect(all.count == 1 + meetings.count && all[0][0] == "Ngày họp")
            #expect(ExportTests.parse(try await delegate.get("/hoi-dong/\(hbt.id!)/thuong-truc.csv?tu-khoa=khong+co+tu+nay").body.string).count == 1)
            #expect(try await other.get("/hoi-dong/\(hbt.id!)/thuong-truc.csv").status == .forbidden)
        }
    }
}
