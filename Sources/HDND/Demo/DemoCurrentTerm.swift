import Fluent
import SQLKit
import Vapor

/// The councils the demo's working accounts serve: HĐND thành phố Hà Nội and two of today's wards, phường Hai Bà Trưng
/// and phường Hoàn Kiếm, in the 2026–2031 term. The seeds end in 2024, so the people, start dates and this year's records
/// here are invented for the demo; they are entered through the same forms and services as a clerk's, dated around the
/// day the demo is loaded so that every home page has something due, overdue and coming.
extension DemoBuilder {
    /// One current council: its term's bodies, people and posts, constituencies with their delegate groups.
    struct CurrentCouncil {
        let key: String
        let term: Int
        let standing: Int
        let delegates: Int
        let office: Int
        let groups: [Int]
        let people: [String: Int]
        /// The chair, who signs the council's resolutions and notices.
        let chair: String
    }

    func currentCouncils(records: Bool) async throws {
        let hn = try await staff("HN", term: 17, start: "2026-03-27", level: "thành phố", office: "Văn phòng Đoàn ĐBQH và HĐND thành phố",
                                 chair: "Hoàng Minh Tâm", vice: "Lý Thị Phượng", clerk: "Đào Thu Hương",
                                 committees: [("Ban Pháp chế", "Nguyễn Quốc Việt"), ("Ban Kinh tế - Ngân sách", "Trần Thị Minh Nguyệt"),
                                              ("Ban Văn hóa - Xã hội", "Phan Văn Thịnh"), ("Ban Đô thị", "Lương Đức Khánh")],
                                 others: ["Đỗ Hữu Tài", "Kiều Thị Lan Anh"], constituencies: ["Đơn vị bầu cử số 1 (phường Hoàn Kiếm, phường Cửa Nam)",
                                                                                                  "Đơn vị bầu cử số 2 (phường Hai Bà Trưng, phường Bạch Mai)"])
        let hbt = try await staff("new-00256", term: 1, start: "2026-03-30", level: "phường", office: "Văn phòng HĐND và UBND phường",
                                  chair: "Lê Minh Đức", vice: "Phạm Thị Thanh Mai", clerk: "Nguyễn Thị Lan",
                                  committees: [("Ban Pháp chế", "Hoàng Văn Nam"), ("Ban Kinh tế - Ngân sách", "Đinh Thị Ngọc"),
                                               ("Ban Văn hóa - Xã hội", "Bùi Quang Huy")],
                                  others: ["Vũ Đức Bảo", "Ngô Thị Hà", "Trịnh Văn Long", "Mai Thị Thảo", "Cao Văn Lâm"],
                                  constituencies: ["Đơn vị bầu cử số 1 (tổ dân phố 1–12)", "Đơn vị bầu cử số 2 (tổ dân phố 13–25)",
                                                   "Đơn vị bầu cử số 3 (tổ dân phố 26–38)"])
        let hk = try await staff("new-00070", term: 1, start: "2026-03-31", level: "phường", office: "Văn phòng HĐND và UBND phường",
                                 chair: "Đặng Thu Trang", vice: "Nguyễn Hoàng Sơn", clerk: "Trần Thị Yến",
                                 committees: [("Ban Pháp chế", "Lê Văn Hiếu"), ("Ban Kinh tế - Ngân sách", "Phạm Thị Hồng")],
                                 others: ["Đoàn Minh Quang", "Tạ Thị Thu"], constituencies: ["Đơn vị bầu cử số 1 (tổ dân phố 1–15)",
                                                                                              "Đơn vị bầu cử số 2 (tổ dân phố 16–30)"])
        _ = try await organization("UBND HN", unitCode: "01", on: "2026-01-01", .peoplesCommittee, "UBND thành phố Hà Nội")
        _ = try await organization("Sở Xây dựng HN", unitCode: "01", on: "2026-01-01", .agency, "Sở Xây dựng thành phố Hà Nội")
        _ = try await organization("MTTQ 00256", unitCode: "00256", on: "2026-01-01", .fatherlandFront, "Ủy ban MTTQ Việt Nam phường Hai Bà Trưng")
        _ = try await organization("CA 00256", unitCode: "00256", on: "2026-01-01", .agency, "Công an phường Hai Bà Trưng")
        guard records else { return }
        for c in [hn, hbt, hk] { try await sessions(c) }
        try await voterWork(hbt, agency: try require(organizations["UBND 00256"]), wardLabel: "phường Hai Bà Trưng")
        try await voterWork(hk, agency: try require(organizations["UBND 00070"]), wardLabel: "phường Hoàn Kiếm")
        try await letters(hbt, agency: try require(organizations["UBND 00256"]))
        try await letters(hk, agency: try require(organizations["UBND 00070"]))
        try await reception(hbt, place: "Trụ sở HĐND và UBND phường Hai Bà Trưng", receivers: ["Lê Minh Đức", "Vũ Đức Bảo"])
        try await tasks(city: hn, ward: hbt, agency: try require(organizations["UBND 00256"]))
        try await oversightNow(hbt, agency: try require(organizations["UBND 00256"]))
        try await supervisionProgramNow(hbt)
        try await questionsNow(hbt, agency: try require(organizations["UBND 00256"]))
        try await standingNow(hbt)
        let construction = try require(organizations["Sở Xây dựng HN"])
        try await cityOversightNow(hn, agency: construction)
        try await cityQuestionNow(hn, agency: construction)
        try await cityBriefingNow(city: try require(councils[hn.key]), ward: try require(councils[hbt.key]))
        try await evaluationNow(city: try require(councils[hn.key]), ward: try require(councils[hbt.key]))
        try await programNow(hbt)
    }

    /// Tasks of this year: the ward's to its People's Committee (one late, one under way, one done) and to a delegate
    /// group, and the city's to the ward.
    private func tasks(city: CurrentCouncil, ward: CurrentCouncil, agency: Int) async throws {
        let cityID = try require(councils[city.key]), wardID = try require(councils[ward.key])
        let today = Day.today()
        func day(_ offset: Int) -> String { today.adding(days: offset).description }
        let rows: [(Int, String, String, Int, Int, [String: String])] = [
            (wardID, "agency:\(agency)", "Báo cáo kết quả khắc phục tình trạng nước sinh hoạt yếu vào giờ cao điểm", -40, -5, [:]),
            (wardID, "agency:\(agency)", "Rà soát, xử lý các điểm tập kết rác thải tự phát trên địa bàn", -20, 20, [:]),
            (wardID, "agency:\(agency)", "Kiểm tra việc lấn chiếm vỉa hè tại các tuyến phố chính", -60, -30,
             ["status": TaskStatus.done.rawValue, "doneOn": day(-35), "result": "Đã kiểm tra 12 tuyến phố, xử lý 27 trường hợp lấn chiếm"]),
            (wardID, "body:\(try require(ward.groups.first))", "Tổ chức tiếp xúc cử tri chuyên đề về chỉnh trang đô thị", -10, 15, [:]),
            (cityID, "council:\(wardID)", "Báo cáo kết quả giám sát việc sắp xếp tổ dân phố sau hợp nhất", -15, 10, [:]),
        ]
        for (n, (council, assignee, content, given, due, extra)) in rows.enumerated() {
            var input: FormInput = ["councilID": String(council), "content": content, "basis": TaskBasis.conclusion.rawValue,
                                    "basisRef": "số \(VietnameseFormat.serial(n + 11))/TB-HĐND ngày \(VietnameseFormat.date(day(given)))",
                                    "assignee": assignee, "assignedOn": day(given), "dueOn": day(due), "status": TaskStatus.open.rawValue]
            input.merge(extra) { _, new in new }
            _ = try await entered(CouncilTask.self, input)
        }
    }

    /// The term, its bodies and posts, constituencies each with a delegate group led by one of the delegates.
    private func staff(_ key: String, term ordinal: Int, start: String, level: String, office: String, chair: String, vice: String,
                       clerk: String, committees: [(String, String)], others: [String], constituencies: [String]) async throws -> CurrentCouncil {
        let termID: Int
        let councilID = try require(councils[key])
        if let existing = try await Term.query(on: db).filter(\.$councilID == councilID).filter(\.$ordinal == ordinal).first() {
            existing.startDate = start
            try await writer.update(existing, expectedVersion: existing.version, before: existing.auditSnapshot, beforeUnitID: existing.unitID)
            termID = existing.id!
        } else {
            termID = try await term(key, ordinal: ordinal, 2026, 2031, startDate: start)
        }
        // The 2026–2031 councils were elected on 15/03/2026.
        if let t = try await Term.find(termID, on: db), t.electedOn == nil {
            let before = t.auditSnapshot
            t.electedOn = "2026-03-15"
            try await writer.update(t, expectedVersion: t.version, before: before, beforeUnitID: t.unitID)
        }
        let standing = try await body(term: termID, .standing), delegates = try await body(term: termID, .council)
        let officeBody = try await body(term: termID, .office, office)
        var people: [String: Int] = [:]
        func add(_ name: String) async throws -> Int {
            let id = try await person(name, council: key, gender: Self.gender(of: name))
            people[name] = id
            return id
        }
        let council = "HĐND \(level)"
        try await post(try await add(chair), body: standing, "Chủ tịch \(council)", rank: 1, from: start)
        try await post(try await add(vice), body: standing, "Phó Chủ tịch \(council)", rank: 2, from: start)
        for (name, head) in committees {
            let committee = try await body(term: termID, .committee, name)
            let id = try await add(head)
            try await post(id, body: committee, "Trưởng \(name)", rank: 1, from: start)
            try await post(id, body: standing, "Ủy viên Thường trực \(council)", rank: 5, from: start)
        }
        for name in others { _ = try await add(name) }
        let delegateNames = [chair, vice] + committees.map(\.1) + others
        for (i, name) in delegateNames.enumerated() {
            try await post(try require(people[name]), body: delegates, "Đại biểu \(council)", rank: 10 + i, from: start)
        }
        // The clerk works in the office and is no delegate.
        try await post(try await add(clerk), body: officeBody, "Chuyên viên Văn phòng", rank: 20, from: start)
        var groups: [Int] = []
        let termRow = try require(try await Term.find(termID, on: db))
        for (i, name) in constituencies.enumerated() {
            let c = Constituency()
            c.termID = termID; c.councilID = termRow.councilID; c.unitID = termRow.unitID; c.number = i + 1; c.name = name
            try await writer.create(c)
            let group = try await body(term: termID, .delegateGroup, "Tổ đại biểu số \(i + 1)")
            let g = try require(try await Body.find(group, on: db))
            g.constituencyID = c.id
            try await writer.update(g, expectedVersion: g.version, before: g.auditSnapshot, beforeUnitID: g.unitID)
            // Delegates spread over the groups; the first of each leads it.
            for (j, name) in delegateNames.enumerated() where j % constituencies.count == i {
                try await post(try require(people[name]), body: group, j < constituencies.count ? "Tổ trưởng" : "Thành viên", rank: j, from: start)
            }
            groups.append(group)
        }
        return CurrentCouncil(key: key, term: termID, standing: standing, delegates: delegates, office: officeBody, groups: groups, people: people, chair: chair)
    }

    /// "Thị", "Thu", "Thanh" in a name: a woman (the demo's names are chosen so).
    static func gender(of name: String) -> Gender {
        ["Thị", "Thu", "Yến", "Trang", "Phượng", "Hương", "Ngọc", "Hồng"].contains { name.contains($0) } ? .female : .male
    }

    /// Kỳ họp thứ nhất after the election, a thematic session in the summer, and the year-end session ten days ahead.
    private func sessions(_ c: CurrentCouncil) async throws {
        let start = try require(try await Term.find(c.term, on: db)?.startDate)
        let first = try await session(c.key, term: c.term, 1, .first, opens: start, closes: start)
        let thematic = try await session(c.key, term: c.term, 2, .thematic, opens: "2026-07-15", closes: "2026-07-15")
        let next = Day.today().adding(days: 10)
        let yearEnd = try await session(c.key, term: c.term, 3, .yearEnd, opens: next.description, closes: next.adding(days: 1).description)
        try await councilWork(c, first: first, thematic: thematic, coming: yearEnd)
    }

    /// A voter meeting of each delegate group before the coming session, with petitions at every stage: some to classify,
    /// some to forward, some forwarded (one overdue, one due this week), some answered.
    private func voterWork(_ c: CurrentCouncil, agency: Int, wardLabel: String) async throws {
        let council = try require(councils[c.key])
        let today = Day.today()
        let service = PetitionService(db: db, actor: writer.actor)
        let raised = [
            ("Đề nghị sửa chữa mặt đường ngõ bị lún, đọng nước khi mưa", "giaothong", 12),
            ("Đề nghị lắp thêm camera an ninh tại các nút giao trong tổ dân phố", "anninh", 8),
            ("Phản ánh tình trạng đổ rác không đúng giờ, đúng nơi quy định", "moitruong", 15),
            ("Đề nghị công khai tiến độ cải tạo chung cư cũ", "xaydung", 21),
            ("Đề nghị bố trí thêm chỗ học mầm non cho trẻ trong phường", "giaoduc", 9),
            ("Kiến nghị xử lý lấn chiếm vỉa hè để kinh doanh", "trattudothi", 11),
            ("Đề nghị hướng dẫn thủ tục hành chính sau sắp xếp đơn vị hành chính", nil, 6),
            ("Phản ánh tiếng ồn từ công trình thi công ban đêm", nil, 4),
        ] as [(String, String?, Int)]
        var stage = 0
        for (i, group) in c.groups.enumerated() {
            let date = today.adding(days: -20 + i * 3)
            let meeting = try await entered(VoterMeeting.self, [
                "councilID": String(council), "bodyID": String(group), "kind": VoterMeetingKind.beforeSession.rawValue, "sessionNumber": "3",
                "date": date.description, "place": "Nhà văn hóa tổ dân phố số \(5 + i * 7), \(wardLabel)", "coOrganizer": "Ủy ban MTTQ Việt Nam \(wardLabel)",
                "votersAttending": String(120 + i * 17), "votersSpeaking": String(11 + i * 2), "minutes": "Biên bản tiếp xúc cử tri (dữ liệu mẫu)",
            ])
            let lines = raised.enumerated().filter { $0.offset % c.groups.count == i }.map {
                PetitionService.Line(content: $0.element.0, field: $0.element.1, voters: $0.element.2)
            }
            for p in try await service.record(lines, at: meeting) where p.field != nil {
                // In turn: one stays classified (to forward), one is overdue, one due this week, one answered.
                stage += 1
                guard stage % 4 != 1 else { continue }
                // Forwarded 25 days ago and due 5 days ago; forwarded 10 days ago and due in 4 days; forwarded today.
                let (back, due) = [2: (-25, -5), 3: (-10, 4)][stage % 4] ?? (0, 11)
                try await service.perform(.forward, on: p, input: ["version": String(p.version), "agencyID": String(agency),
                                                                  "dueDate": today.adding(days: max(due, 1)).description])
                if back != 0 {
                    try await db.sql.raw("""
                        UPDATE voter_petitions SET forwarded_on = \(bind: today.adding(days: back).description), \
                        due_date = \(bind: today.adding(days: due).description) WHERE id = \(bind: p.id!)
                        """).run()
                }
                if stage % 4 == 0 {
                    let fresh = try require(try await VoterPetition.find(p.id, on: db))
                    try await service.perform(.answer, on: fresh, input: [
                        "version": String(fresh.version), "answer": "UBND phường đã giao bộ phận chuyên môn kiểm tra, xử lý trong tháng.",
                        "answeredOn": today.description, "answeredBy": "UBND \(wardLabel)",
                    ])
                }
            }
        }
    }

    /// This year's letters: a complaint past its time to be accepted, one just received, a denunciation being classified,
    /// petitions and feedback forwarded to the ward's committee, one settled.
    private func letters(_ c: CurrentCouncil, agency: Int) async throws {
        let council = try require(councils[c.key])
        let today = Day.today()
        let rows: [(Int, LetterKind, String, String, [String: String])] = [
            (-40, .complaint, "Trần Văn Bình", "Khiếu nại quyết định xử phạt vi phạm hành chính về trật tự xây dựng", [:]),
            (-3, .complaint, "Lê Thị Hoa", "Khiếu nại việc không cấp giấy phép sửa chữa nhà ở", [:]),
            (-6, .denunciation, "Phạm Quốc Tuấn", "Tố cáo cán bộ tổ dân phố thu tiền không đúng quy định", [:]),
            (-15, .petition, "Nguyễn Thị Thu", "Kiến nghị giải quyết tình trạng nước sinh hoạt yếu vào giờ cao điểm",
             ["decision": LetterDecision.forward.rawValue, "agencyID": String(agency), "forwardedOn": today.adding(days: -13).description]),
            (-9, .feedback, "Hoàng Văn Đạt", "Phản ánh quán ăn lấn chiếm lòng đường buổi tối",
             ["decision": LetterDecision.forward.rawValue, "agencyID": String(agency), "forwardedOn": today.adding(days: -8).description]),
            (-60, .complaint, "Đỗ Thị Minh", "Khiếu nại việc tính tiền sử dụng đất khi cấp giấy chứng nhận",
             ["eligible": "true", "decision": LetterDecision.handle.rawValue, "acceptedOn": today.adding(days: -55).description,
              "complainedDecisionOn": today.adding(days: -75).description,
              "outcome": LetterOutcome.resolved.rawValue, "closedOn": today.adding(days: -20).description,
              "decisionSentOn": today.adding(days: -18).description]),
        ]
        for (back, kind, sender, content, extra) in rows {
            let received = today.adding(days: back)
            var input: FormInput = ["councilID": String(council), "receivedOn": received.description, "channel": LetterChannel.post.rawValue,
                                    "kind": kind.rawValue, "content": content, "anonymous": "false", "senderName_1": sender,
                                    "senderAddress_1": "Tổ dân phố số \(abs(back) % 20 + 1)", "round": "1", "complex": "false",
                                    "remoteArea": "false", "severalPlaces": "false", "delegatedVerification": "false", "extensions": "0",
                                    "outcome": LetterOutcome.pending.rawValue]
            input.merge(extra) { _, new in new }
            _ = try await entered(Letter.self, input, blank: ["councilID": String(council)])
        }
    }

    /// Reception on the 10th and 20th since the term began, a few visits, and the chairman and a delegate assigned to the next days.
    private func reception(_ c: CurrentCouncil, place: String, receivers: [String]) async throws {
        let council = try require(councils[c.key])
        let start = try require(try await Term.find(c.term, on: db)?.startDate)
        let schedule = try await entered(ReceptionSchedule.self, ["councilID": String(council), "name": "Tiếp công dân định kỳ của Thường trực HĐND", "daysOfMonth": "10,20",
                                     "place": place, "startTime": "08:00", "endTime": "11:30", "validFrom": start, "online": "false"])
        let calendar = try await HolidayDecisions.calendar(on: db)
        let today = Day.today()
        let past = ReceptionCalendar.occurrences(days: schedule.days, from: today.adding(days: -45), to: today.adding(days: -1), calendar: calendar)
        let upcoming = ReceptionCalendar.occurrences(days: schedule.days, from: today, to: today.adding(days: 40), calendar: calendar)
        let persons = receivers.compactMap { c.people[$0] }
        let topics = ["Hỏi về thủ tục chuyển hộ khẩu sau sắp xếp đơn vị hành chính", "Phản ánh nước thải tràn ra ngõ",
                      "Kiến nghị về việc cấp giấy chứng nhận quyền sử dụng đất"]
        for (i, day) in past.enumerated() {
            _ = try await entered(ReceptionVisit.self, ["councilID": String(council), "date": day.description, "scheduleID": String(schedule.id!),
                                      "delegateID": persons.isEmpty ? "" : String(persons[i % persons.count]), "visitorName": "Công dân \(i + 1)",
                                      "consent": "true", "confidential": "false", "visitors": String(1 + i % 3),
                                      "kind": LetterKind.petition.rawValue, "topic": topics[i % topics.count],
                                      "handling": VisitHandling.guided.rawValue])
        }
        for (day, person) in zip(upcoming.prefix(2), persons) {
            let a = ReceptionAssignment()
            a.scheduleID = schedule.id!; a.date = day.description; a.personID = person
            try await a.create(on: db)
        }
    }

    /// Enters a record as a clerk's form would: the blank of `blank` (or of `input`), the input applied and checked, then written.
    @discardableResult
    func entered<R: FormEditable>(_ type: R.Type, _ input: FormInput, blank: FormInput? = nil) async throws -> R {
        let record = try await R.blank(blank ?? input, on: db)
        try await record.apply(input, actor: writer.actor, on: db)
        let actor = writer.actor
        try await writer.create(record) { r, tx in try await r.afterInsert(actor: actor, on: tx) }
        return record
    }
}
