import Fluent
@testable import HDND
import Testing
import Vapor
import VaporTesting

@Suite struct SimilarPetitionTests {
    @Test func scoresIgnoreDiacriticsAndFillerWords() {
        let a = fold("Đề nghị nạo vét cống thoát nước ngõ 12 phố Bạch Đằng"), b = fold("Đề nghị nạo vét cống ngõ 12 Bạch Đằng bị ngập")
        #expect(SimilarPetitions.score(a, b) > 0.5)
        #expect(SimilarPetitions.score(a, fold("Cấp giấy chứng nhận quyền sử dụng đất chậm")) < 0.1)
        #expect(!SimilarPetitions.words(fold("Đề nghị của cử tri")).contains("de"))
    }

    @Test(arguments: TestDB.all) func suggestedAndMergedKeepingEverySource(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            #expect(try await office.post("/tiep-xuc-cu-tri", ["councilID": "\(hbt.id!)", "kind": "afterSession", "sessionNumber": "11", "date": "01/11/2026",
                                                               "place": "Phường Bạch Đằng", "coOrganizer": "MTTQ", "votersAttending": "50",
                                                               "votersSpeaking": "5"]).status == .seeOther)
            let meeting = try #require(try await VoterMeeting.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            #expect(try await office.post("/tiep-xuc-cu-tri/\(meeting.id!)/kien-nghi", [
                "content_1": "Đề nghị nạo vét cống thoát nước ngõ 12 phố Bạch Đằng", "voters_1": "3",
                "content_2": "Nạo vét cống ngõ 12 Bạch Đằng vì bị ngập khi mưa", "voters_2": "4",
                "content_3": "Cấp giấy chứng nhận quyền sử dụng đất còn chậm",
            ]).status == .seeOther)
            let ps = try await VoterPetition.query(on: app.db).filter(\.$meetingID == meeting.id!).sort(\.$id).all()
            var res = try await office.get("/kien-nghi/\(ps[0].id!)")
            #expect(res.body.string.contains("Kiến nghị tương tự đang xử lý"))
            #expect(res.body.string.contains("Nạo vét cống ngõ 12 Bạch Đằng vì bị ngập khi mưa"))
            #expect(!res.body.string.contains("<td><a href=\"/kien-nghi/\(ps[2].id!)\">"), "an unrelated petition is not suggested")
            res = try await office.post("/kien-nghi/\(ps[0].id!)/gop", ["from": "\(ps[1].id!)"])
            #expect(res.status == .seeOther)
            let keeper = try #require(try await VoterPetition.find(ps[0].id, on: app.db))
            let merged = try #require(try await VoterPetition.find(ps[1].id, on: app.db))
            #expect(keeper.voterCount == 7, "the voters of both")
            #expect(merged.status == .merged && merged.mergedIntoID == keeper.id, "the source is kept, linked")
            #expect(merged.meetingID == meeting.id)
            res = try await office.get("/kien-nghi/\(ps[0].id!)")
            #expect(res.body.string.contains("Các kiến nghị đã gộp vào đây"))
            // Merging again, or a closed one, is refused.
            res = try await office.post("/kien-nghi/\(ps[0].id!)/gop", ["from": "\(ps[1].id!)"])
            #expect(res.status == .unprocessableEntity)
            var cuKhoi = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await cuKhoi.post("/kien-nghi/\(ps[0].id!)/gop", ["from": "\(ps[2].id!)"]).status == .forbidden)
        }
    }
}
