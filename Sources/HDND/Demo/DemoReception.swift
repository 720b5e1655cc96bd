import Fluent
import SQLKit
import Vapor

/// Reception work from the seeds: quận Hoàn Kiếm received 324 citizens in 2019; huyện Mê Linh's delegates
/// received citizens in 54 sessions, 81 citizens, on the 10th and 20th of each month of the first quarter of 2022.
extension DemoBuilder {
    struct DemoVisit { let date: String; let delegate: Int?; let visitors: Int; let topic: String }

    /// A council's periodic reception schedule (the 10th and 20th of each month).
    func receptionSchedule(_ councilKey: String, place: String, from: String) async throws -> (Council, Int) {
        let c = try require(try await Council.find(try require(councils[councilKey]), on: db))
        let s = ReceptionSchedule()
        s.councilID = c.id!; s.unitID = c.unitID; s.name = "Tiếp công dân định kỳ"; s.daysOfMonth = "10,20"; s.place = place
        s.startTime = "08:00"; s.endTime = "11:30"; s.online = false; s.validFrom = from; s.folded = fold(s.name + " " + place)
        try await writer.create(s)
        return (c, s.id!)
    }

    /// Visits written 200 a statement (the counters' triggers count them), with one audit entry on their schedule.
    func insertVisits(_ c: Council, _ scheduleID: Int, _ visits: [DemoVisit]) async throws {
        let now = Date()
        for chunk in stride(from: 0, to: visits.count, by: 200).map({ Array(visits[$0..<min($0 + 200, visits.count)]) }) {
            var q = db.sql.insert(into: ReceptionVisit.schema).columns("council_id", "unit_id", "schedule_id", "date", "delegate_id", "consent",
                                                                       "confidential", "visitors", "kind", "topic", "handling", "folded", "version", "created_at")
            for v in chunk {
                q = q.values(SQLBind(c.id!), SQLBind(c.unitID), SQLBind(scheduleID), SQLBind(v.date), SQLBind(v.delegate), SQLBind(false),
                             SQLBind(false), SQLBind(v.visitors), SQLBind(LetterKind.petition.rawValue), SQLBind(v.topic),
                             SQLBind(VisitHandling.guided.rawValue), SQLBind(fold(v.topic)), SQLBind(1), SQLBind(now))
            }
            try await q.run()
        }
        try await Audit.record(on: db, actor: writer.actor, action: .create, recordType: RecordKind.receptionSchedule.rawValue, recordID: scheduleID,
                               unitID: c.unitID, summary: "Nạp dữ liệu mẫu: \(visits.count) lượt tiếp công dân", before: [:],
                               after: ["receptionVisits": String(visits.count)])
    }

    static let visitTopics = ["Hỏi về thủ tục cấp giấy chứng nhận quyền sử dụng đất", "Phản ánh xây dựng trái phép", "Kiến nghị về chế độ chính sách",
                              "Khiếu nại về bồi thường giải phóng mặt bằng", "Phản ánh vệ sinh môi trường"]

    func receptionsFromTheSeeds() async throws {
        let topics = Self.visitTopics

        // Hoàn Kiếm 2019: 24 reception days, 324 citizens, received by the chairman and the vice-chairwoman in turn.
        let (hk, hkSchedule) = try await receptionSchedule("HK", place: "Trụ sở tiếp công dân quận Hoàn Kiếm", from: "2019-01-01")
        let hkDelegates = try await Person.query(on: db).filter(\.$unitID == hk.unitID).filter(\.$fullName ~~ ["Dương Đức Tuấn", "Phạm Thị Thu Thủy"]).all()
        let calendar = try await HolidayDecisions.calendar(on: db)
        let hkDays = ReceptionCalendar.occurrences(days: [10, 20], from: Day(clampingYear: 2019, month: 1, day: 1), to: Day(clampingYear: 2019, month: 12, day: 31), calendar: calendar)
        let perDay = Self.spread(324, over: hkDays.count)
        try await insertVisits(hk, hkSchedule, hkDays.enumerated().map { i, d in
            DemoVisit(date: d.description, delegate: hkDelegates.isEmpty ? nil : hkDelegates[i % hkDelegates.count].id, visitors: perDay[i], topic: topics[i % topics.count])
        })

        // Mê Linh, first quarter of 2022: 9 district delegates at the communes' reception offices on the 10th and 20th: 54 sessions, 81 citizens.
        let (ml, mlSchedule) = try await receptionSchedule("ML", place: "Trụ sở tiếp công dân các xã, thị trấn", from: "2021-07-01")
        var delegates = try await Person.query(on: db).filter(\.$unitID == ml.unitID).filter(\.$fullName ~~ ["Nguyễn Anh Tuấn", "Trịnh Thị Hồng Ngân"]).all().map { $0.id! }
        let term = try await Term.query(on: db).filter(\.$councilID == ml.id!).sort(\.$ordinal, .descending).first()!
        let body = try await Body.query(on: db).filter(\.$termID == term.id!).filter(\.$kind == .council).first()!
        for name in ["Nguyễn Văn Hải", "Lê Thị Thanh", "Đỗ Minh Khoa", "Phùng Văn Tiến", "Trần Thị Hạnh", "Nguyễn Đức Thắng", "Vũ Thị Hoa"] {
            let p = try await person(name, council: "ML")
            try await post(p, body: body.id!, "Đại biểu HĐND huyện", rank: 30, from: "2021-06-25")
            delegates.append(p)
        }
        let mlDays = ReceptionCalendar.occurrences(days: [10, 20], from: Day(clampingYear: 2022, month: 1, day: 1), to: Day(clampingYear: 2022, month: 3, day: 31), calendar: calendar)
        var visits: [DemoVisit] = []
        for (i, d) in mlDays.enumerated() {
            for (j, delegate) in delegates.prefix(9).enumerated() {
                visits.append(DemoVisit(date: d.description, delegate: delegate, visitors: (i * 9 + j) % 2 == 0 ? 2 : 1, topic: topics[(i + j) % topics.count]))
            }
        }
        // 54 sessions; 27 with two citizens and 27 with one: 81.
        try await insertVisits(ml, mlSchedule, visits)
    }
}
