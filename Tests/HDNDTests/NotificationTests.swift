import Fluent
@testable import HDND
import Testing
import VaporTesting

/// What newly concerns an account reaches it: in the app (read and unread), and once a day by e-mail when a relay is set.
@Suite struct NotificationTests {
    @Test(arguments: TestDB.all) func forwardedAnsweredDueAndTheDigest(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let ubnd = try #require(try await Organization.query(on: app.db).filter(\.$name == "UBND phường Hai Bà Trưng").first())
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var res = try await office.post("/tiep-xuc-cu-tri", ["councilID": "\(hbt.id!)", "kind": "beforeSession", "sessionNumber": "3",
                                                                  "date": Day.today().adding(days: -2).description, "place": "Nhà văn hóa tổ 5",
                                                                  "coOrganizer": "MTTQ", "votersAttending": "90", "votersSpeaking": "7"])
            let meeting = try #require(try await VoterMeeting.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            res = try await office.post("/tiep-xuc-cu-tri/\(meeting.id!)/kien-nghi", [
                "content_1": "Sửa chữa mặt đường ngõ 12 bị lún", "field_1": "giaothong",
                "content_2": "Thu gom rác đúng giờ", "field_2": "moitruong"])
            let petitions = try await VoterPetition.query(on: app.db).filter(\.$meetingID == meeting.id!).sort(\.$id).all()
            #expect(petitions.count == 2)

            // Forwarded: the agency's account is told, nobody else.
            var agency = try await Visitor.signedIn(app, "coquan.hbt")
            #expect(try await agency.get("/").body.string.contains("Thông báo <span class=\"badge\">0</span>"))
            let tomorrow = Day.today().adding(days: 1)
            res = try await office.post("/kien-nghi/\(petitions[0].id!)/chuyen", ["version": "\(petitions[0].version)", "agencyID": "\(ubnd.id!)",
                                                                                 "dueDate": tomorrow.description])
            #expect(res.status == .seeOther)
            var home = try await agency.get("/").body.string
            #expect(home.contains("class=\"bell unread\"") && home.contains("Thông báo <span class=\"badge\">1</span>"))
            var list = try await agency.get("/thong-bao").body.string
            #expect(list.contains("Kiến nghị cử tri chuyển đến UBND phường Hai Bà Trưng: “Sửa chữa mặt đường ngõ 12 bị lún”")
                    && list.contains("class=\"unread\""))
            #expect(try await Notification.query(on: app.db).count() == 1, "only the agency is told of a forwarding")
            // Found by words of the text, diacritics optional.
            #expect(try await agency.get("/thong-bao?tu-khoa=mat+duong+ngo+12").body.string.contains("1 thông báo"))
            #expect(try await agency.get("/thong-bao?tu-khoa=khongcotukhoanay").body.string.contains("Không có thông báo nào."))
            let note = try #require(try await Notification.query(on: app.db).first())
            // Another account cannot open it; its owner is led to the petition and it is read.
            #expect(try await office.get("/thong-bao/\(note.id!)").status == .notFound)
            res = try await agency.get("/thong-bao/\(note.id!)")
            #expect(res.status == .seeOther && res.headers.first(name: .location) == "/kien-nghi/\(petitions[0].id!)")
            #expect(try await Notifications.unread(userID: note.userID, db: app.db) == 0)

            // Due tomorrow: the daily sweep tells the agency and the office, once however often it runs.
            let told = try await Notifications.sweep(db: app.db)
            #expect(told == 2)
            try await Notifications.sweep(db: app.db)
            #expect(try await Notification.query(on: app.db).filter(\.$kind == .dueTomorrow).count() == 2)
            // Overdue after the day: told again, as overdue.
            try await Notifications.sweep(today: tomorrow.adding(days: 1), db: app.db)
            #expect(try await Notification.query(on: app.db).filter(\.$kind == .overdue).count() == 2)

            // Answered: the council's office and standing committee are told, not its delegates.
            let fresh = try #require(try await VoterPetition.find(petitions[0].id, on: app.db))
            res = try await agency.post("/kien-nghi/\(fresh.id!)/tra-loi", ["version": "\(fresh.version)", "answer": "Đã sửa xong trong tháng 12.",
                                                                           "answeredOn": Day.today().description, "answeredBy": "UBND phường Hai Bà Trưng"])
            #expect(res.status == .seeOther)
            list = try await office.get("/thong-bao").body.string
            #expect(list.contains("UBND phường Hai Bà Trưng đã trả lời kiến nghị “Sửa chữa mặt đường ngõ 12 bị lún”"))
            var standing = try await Visitor.signedIn(app, "thuongtruc.hbt")
            #expect(try await standing.get("/thong-bao").body.string.contains("đã trả lời kiến nghị"))
            var delegate = try await Visitor.signedIn(app, "daibieu.hbt")
            #expect(try await delegate.get("/thong-bao").body.string.contains("Không có thông báo nào."))
            // Everything read at once.
            res = try await office.post("/thong-bao/da-doc", [:])
            home = try await office.get("/").body.string
            #expect(home.contains("Thông báo <span class=\"badge\">0</span>"))

            // The e-mail address is the account's own; a bad one is refused by its field's name.
            res = try await agency.post("/tai-khoan-cua-toi/thu-dien-tu", ["email": "không phải thư"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Địa chỉ thư điện tử không hợp lệ"))
            res = try await agency.post("/tai-khoan-cua-toi/thu-dien-tu", ["email": "ubnd.hbt@hanoi.example"])
            #expect(res.status == .seeOther)
            #expect(try await agency.get("/tai-khoan-cua-toi").body.string.contains("value=\"ubnd.hbt@hanoi.example\""))

            // The digest, to a local SMTP sink: one message per account with an address and unread notifications.
            guard let sink = try SMTPSink.start() else { return }
            defer { sink.stop() }
            let settings = SMTPSettings(host: "127.0.0.1", port: sink.port, from: "hdnd@hanoi.example")
            let out = try await Digest.send(settings: settings, baseURL: "https://hdnd.hanoi.example", db: app.db, threadPool: app.threadPool)
            #expect(out.messages == 1 && out.notifications == 2, "the agency's unread: due tomorrow and overdue")
            let mail = try #require(sink.messages.first)
            #expect(mail.to == ["ubnd.hbt@hanoi.example"] && mail.from == "hdnd@hanoi.example" && mail.sender.contains("HĐND Số"))
            #expect(mail.subject.hasPrefix("HĐND Số: 02 thông báo mới ngày"))
            #expect(mail.body.contains("Kính gửi UBND phường Hai Bà Trưng") && mail.body.contains("Quá hạn: Quá hạn trả lời")
                    && mail.body.contains("https://hdnd.hanoi.example/thong-bao/"))
            // Nothing is sent twice.
            #expect(try await Digest.send(settings: settings, db: app.db, threadPool: app.threadPool).messages == 0)
            #expect(sink.messages.count == 1)
        }
    }
}
