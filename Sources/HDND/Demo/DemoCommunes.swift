import Fluent
import SQLKit
import Vapor

/// Mê Linh's communes in the first quarter of 2022, as the district reported them (seed 003): "Trong quý I/2022, HĐND cấp
/// xã, thị trấn đã tiến hành 24 cuộc giám sát; 48 cuộc tiếp xúc cử tri; 445 buổi tiếp công dân". The seed gives the
/// totals only: they are spread over the communes in turn, on working days of the quarter.
extension DemoBuilder {
    func meLinhCommunesFirstQuarter2022() async throws {
        let keys = councils.keys.filter { $0.hasPrefix("ML-") }.sorted()
        guard !keys.isEmpty else { return }
        let calendar = try await HolidayDecisions.calendar(on: db)
        var workingDays: [Day] = []
        var d = Day(clampingYear: 2022, month: 1, day: 1)
        while d <= Day(clampingYear: 2022, month: 3, day: 31) { if calendar.isWorkingDay(d) { workingDays.append(d) }; d = d.adding(days: 1) }
        let oversights = Self.spread(24, over: keys.count), meetings = Self.spread(48, over: keys.count), sessions = Self.spread(445, over: keys.count)
        let now = Date()
        let topics = ["Việc thực hiện quy chế dân chủ ở cơ sở", "Công tác phòng, chống dịch Covid-19", "Việc quản lý đất công",
                      "Việc thu, chi ngân sách xã", "Công tác vệ sinh môi trường"]
        for (i, key) in keys.enumerated() {
            let c = try require(try await Council.find(try require(councils[key]), on: db))
            for n in 0..<oversights[i] {
                let day = workingDays[(i * 3 + n * 17) % workingDays.count]
                let topic = topics[(i + n) % topics.count]
                // Reported ten days after the fieldwork, concluded five days later: within the rules' limits.
                try await db.sql.insert(into: Oversight.schema)
                    .columns("council_id", "unit_id", "kind", "lead", "topic", "subjects", "fieldwork_from", "fieldwork_to", "reported_on", "concluded_on",
                             "folded", "version", "created_at")
                    .values(SQLBind(c.id!), SQLBind(c.unitID), SQLBind(OversightKind.thematic.rawValue), SQLBind(OversightLead.standing.rawValue),
                            SQLBind(topic), SQLBind("UBND \(c.name.replacingOccurrences(of: "HĐND ", with: ""))"), SQLBind(day.description),
                            SQLBind(day.description), SQLBind(day.adding(days: 10).description), SQLBind(day.adding(days: 15).description),
                            SQLBind(fold(topic)), SQLBind(1), SQLBind(now)).run()
            }
            for n in 0..<meetings[i] {
                let day = workingDays[(i * 5 + n * 11 + 2) % workingDays.count].description
                try await db.sql.insert(into: VoterMeeting.schema)
                    .columns("council_id", "unit_id", "kind", "session_number", "date", "place", "co_organizer", "voters_attending", "voters_speaking",
                             "folded", "version", "created_at")
                    .values(SQLBind(c.id!), SQLBind(c.unitID), SQLBind(VoterMeetingKind.afterSession.rawValue), SQLBind(3), SQLBind(day),
                            SQLBind("Nhà văn hóa thôn \(n + 1)"), SQLBind("Ủy ban MTTQ \(c.name.replacingOccurrences(of: "HĐND ", with: ""))"),
                            SQLBind(60 + (i * 7 + n * 13) % 60), SQLBind(5 + (i + n) % 6), SQLBind(fold("Tiếp xúc cử tri sau kỳ họp thứ 3")),
                            SQLBind(1), SQLBind(now)).run()
            }
            // A reception session is a day with a citizen received.
            let (_, schedule) = try await receptionSchedule(key, place: "Trụ sở tiếp công dân \(c.name.replacingOccurrences(of: "HĐND ", with: ""))", from: "2021-07-01")
            try await insertVisits(c, schedule, (0..<sessions[i]).map { n in
                DemoVisit(date: workingDays[n % workingDays.count].description, delegate: nil, visitors: 1 + (i + n) % 3,
                          topic: Self.visitTopics[(i + n) % Self.visitTopics.count])
            })
        }
    }
}
