import Fluent
import SQLKit
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
        // Folded text is cut on its bytes; the words are those of the general (Unicode) cut, and other text takes that.
        for text in ["Đề nghị nạo vét cống thoát nước ngõ 153 phố Thanh Nhàn, 2 lần/năm; x-y A1 a", "  ", "", "Cử tri: ĐƯỜNG_NGÕ 12b/3"] {
            let folded = fold(text)
            #expect(SimilarPetitions.asciiWords(folded) == SimilarPetitions.unicodeWords(folded), "\(folded)")
            #expect(SimilarPetitions.asciiWords(folded, numbers: false) == SimilarPetitions.unicodeWords(folded, numbers: false), "\(folded)")
        }
        // Without numbers: a word of digits only is left out, one that mixes letters and digits stays.
        #expect(SimilarPetitions.asciiWords("ngo 153 nha 12b a1 7", numbers: false) == ["ngo", "nha", "12b", "a1"])
        #expect(SimilarPetitions.asciiWords("ngo 153 nha 12b a1 7") == ["ngo", "153", "nha", "12b", "a1"])
        #expect(SimilarPetitions.asciiWords("nước sạch") == nil && SimilarPetitions.words("nước sạch") == ["nước", "sạch"])
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
            // The suggestions the page keeps between requests go with the merge: the merged one is closed.
            #expect(!res.body.string.contains("Kiến nghị tương tự đang xử lý"), "suggestions kept past a write")
            // Merging again, or a closed one, is refused.
            res = try await office.post("/kien-nghi/\(ps[0].id!)/gop", ["from": "\(ps[1].id!)"])
            #expect(res.status == .unprocessableEntity)
            var cuKhoi = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await cuKhoi.post("/kien-nghi/\(ps[0].id!)/gop", ["from": "\(ps[2].id!)"]).status == .forbidden)
        }
    }

    /// Suggestions come from the index over every open petition of the council, however old and however many came
    /// after; never from another council, never a closed one.
    @Test(arguments: TestDB.all) func foundFromTheIndexWhateverTheirAge(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let hk = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            func insert(_ council: Council, _ contents: [String], status: PetitionStatus = .received) async throws {
                for chunk in stride(from: 0, to: contents.count, by: 500).map({ Array(contents[$0..<min($0 + 500, contents.count)]) }) {
                    var q = app.db.sql.insert(into: VoterPetition.schema).columns("council_id", "unit_id", "source", "content", "field", "voter_count",
                                                                                  "status", "received_on", "folded", "version", "created_at")
                    for c in chunk {
                        q = q.values(SQLBind(council.id!), SQLBind(council.unitID), SQLBind(PetitionSource.voterMeeting.rawValue), SQLBind(c),
                                     SQLBind("urban"), SQLBind(1), SQLBind(status.rawValue), SQLBind("2026-01-05"), SQLBind(fold(c)), SQLBind(1), SQLBind(Date()))
                    }
                    try await q.run()
                }
            }
            try await insert(hbt, ["Đề nghị nạo vét kênh Đồng Bông đoạn qua tổ dân phố 7 bị ùn tắc rác thải"])
            let old = try #require(try await VoterPetition.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id, .descending).first())
            // Four thousand later petitions of the same council on other matters: the old one is far from the latest.
            try await insert(hbt, (1...4000).map { "Cử tri đề nghị sửa chữa vỉa hè phố số \($0) bị hư hỏng" })
            // The same matter in another council, and a closed one in this council.
            try await insert(hk, ["Đề nghị nạo vét kênh Đồng Bông đoạn qua tổ dân phố 7 bị ùn tắc rác thải"])
            try await insert(hbt, ["Nạo vét kênh Đồng Bông đoạn tổ dân phố 7 đã xong"], status: .resolved)
            // Punctuation separates words as spaces do.
            try await insert(hbt, ["Nạo vét kênh (Đồng Bông), đoạn qua tổ dân phố 7/vì ùn tắc"])
            let new = try #require(try await VoterPetition.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id, .descending).first())
            let found = try await SimilarPetitions.suggestions(id: new.id!, councilID: new.councilID, folded: new.folded, db: app.db)
            #expect(found.map(\.id) == [old.id!], "\(found.map(\.content))")
            // SQLite asks the index for the words that tell the petition apart, not the 4.000 petitions' common "phố".
            if app.db.isSQLite {
                let asked = try await SimilarPetitions.rarest(SimilarPetitions.words(new.folded).sorted(), councilID: hbt.id!, db: app.db)
                #expect(asked.contains("kenh") && asked.contains("bong") && !asked.contains("pho"), "\(asked)")
            }
            // Closed, it is no longer suggested; open again, it is.
            try await app.db.sql.update(VoterPetition.schema).set("status", to: PetitionStatus.resolved.rawValue).where("id", .equal, old.id!).run()
            #expect(try await SimilarPetitions.suggestions(id: new.id!, councilID: new.councilID, folded: new.folded, db: app.db).isEmpty)
            try await app.db.sql.update(VoterPetition.schema).set("status", to: PetitionStatus.forwarded.rawValue).where("id", .equal, old.id!).run()
            #expect(try await SimilarPetitions.suggestions(id: new.id!, councilID: new.councilID, folded: new.folded, db: app.db).map(\.id) == [old.id!])
            // The petition's page reads a plain row whose place is the model's: one rule for who may read it.
            let agency = try #require(try await Organization.query(on: app.db).first())
            try await app.db.sql.update(VoterPetition.schema).set("agency_id", to: agency.id!).where("id", .equal, old.id!).run()
            let model = try #require(try await VoterPetition.find(old.id!, on: app.db))
            let row = try #require(try await VoterViews.PetitionRow.find(old.id!, db: app.db))
            #expect(row.place == (try await Places.of(model, on: app.db)) && row.place.organizationID == agency.id)
            #expect(row.council == hbt.name && row.agency == agency.name && row.folded == model.folded && row.status == .forwarded)
            // Deleted (soft), it is not suggested either.
            try await app.db.sql.update(VoterPetition.schema).set("deleted_at", to: SQLBind(Date())).where("id", .equal, old.id!).run()
            #expect(try await SimilarPetitions.suggestions(id: new.id!, councilID: new.councilID, folded: new.folded, db: app.db).isEmpty)
        }
    }
}
