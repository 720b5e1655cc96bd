import Fluent
import SQLKit

/// Việc cần làm: what is due for an account, each a count that opens the filtered list behind it. The home page shows it
/// per council the account works on (office, standing committee, delegates) and per agency it answers for.
public enum Worklist {
    public struct Item: Encodable, Sendable {
        public let label: String
        public let count: Int
        public let shown: String
        public let href: String
        /// Past a legal or set due date: shown in red while not zero.
        public let urgent: Bool

        init(_ label: String, _ count: Int, _ href: String, urgent: Bool = false) {
            self.label = label; self.count = count; shown = VietnameseFormat.number(count); self.href = href; self.urgent = urgent && count > 0
        }
    }

    /// A line that is not a count: a reception day, the next session.
    public struct Note: Encodable, Sendable { public let text: String; public let href: String }

    public struct Section: Encodable, Sendable {
        public let heading: String
        public let href: String
        public let note: String?
        public let items: [Item]
        public let notes: [Note]
        /// Drawn under the counts, each with its table.
        public var charts: [SVGChart.Chart] = []
    }

    /// One council's day: petitions to classify and forward, answers overdue (per agency) and due this week, letters
    /// whose next legal deadline has passed or falls this week, today's and tomorrow's reception duty, the next session.
    /// Kept between requests while the records stay the same (`FigureCache`): every table it reads bumps the revision.
    static func council(_ council: Places.CouncilPlace, role: Role, today: Day = .today(), kept: FigureCache,
                        db: any Database) async throws -> Section {
        try await kept.value("worklist \(council.id) \(council.unit_id) \(role.rawValue) \(today)", on: db) {
            try await count(council, role: role, today: today, kept: kept, db: db)
        }
    }

    private static func count(_ council: Places.CouncilPlace, role: Role, today: Day, kept: FigureCache, db: any Database) async throws -> Section {
        let id = council.id, base = RecordKind.council.path(id)
        let petitions = try await PetitionQueries.dueCounts(councilID: id, today: today, db: db)
        let letters = try await LetterQueries.dueCounts(councilID: id, today: today, db: db)
        var items = [
            Item("kiến nghị cử tri chờ phân loại", petitions.to_classify, base + "/kien-nghi?trang-thai=received"),
            Item("kiến nghị đã phân loại, chờ chuyển cơ quan", petitions.to_forward, base + "/kien-nghi?trang-thai=classified"),
            Item("kiến nghị quá hạn trả lời", petitions.overdue, base + "/kien-nghi?qua-han=1", urgent: true),
            Item("kiến nghị đến hạn trả lời trong 07 ngày tới", petitions.due_week, base + "/kien-nghi?sap-den-han=1"),
            Item("đơn thư quá hạn luật định", letters.overdue, base + "/don-thu?qua-han=1", urgent: true),
            Item("đơn thư đến hạn trong 07 ngày tới", letters.dueThisWeek, base + "/don-thu?sap-den-han=1"),
        ]
        // Tasks it gave that are late, and tasks given to it from above.
        var gave = Tasks.Filters(), given = Tasks.Filters()
        gave.councilID = id; given.assigneeCouncilID = id
        let (gaveCounts, givenCounts) = (try await Tasks.dueCounts(gave, today: today, db: db), try await Tasks.dueCounts(given, today: today, db: db))
        items.append(Item("nhiệm vụ đã giao quá hạn", gaveCounts.overdue, base + "/nhiem-vu?qua-han=1", urgent: true))
        items.append(Item("nhiệm vụ được cấp trên giao chưa hoàn thành", givenCounts.open, base + "/nhiem-vu?duoc-giao=1&trang-thai=open"))
        items.append(Item("nhiệm vụ được giao quá hạn", givenCounts.overdue, base + "/nhiem-vu?duoc-giao=1&qua-han=1", urgent: true))
        let recommendations = try await OversightQueries.dueCounts(councilID: id, today: today, db: db)
        items.append(Item("kiến nghị sau giám sát quá hạn thực hiện", recommendations.overdue, base + "/giam-sat", urgent: true))
        // The agencies late in answering, each opening its own overdue list.
        for row in try await PetitionQueries.overdueByAgency(councilID: id, on: today.description, kept: kept, db: db).prefix(5) {
            items.append(Item("quá hạn: \(row.agency_name)", row.n, base + "/kien-nghi?co-quan=\(row.agency_id)&qua-han=1", urgent: true))
        }
        var notes = try await receptionDuty(council, today: today, calendar: try await HolidayDecisions.calendar(kept: kept, on: db), db: db)
        struct Next: Decodable { let number: Int; let numerals: SessionNumerals; let kind: SessionKind; let opens_on: String }
        if let next = try await db.sql.raw("""
            SELECT number, numerals, kind, opens_on FROM council_sessions WHERE council_id = \(bind: id) AND opens_on >= \(bind: today.description) \
            AND deleted_at IS NULL ORDER BY opens_on LIMIT 1
            """).firstRow(Next.self) {
            // What is still missing for it: the answers the session will report on.
            let missing = petitions.open + petitions.to_classify + petitions.to_forward
            notes.append(Note(text: "Kỳ họp tiếp theo: \(CouncilSession.displayName(title: CouncilSession.title(next.number, next.numerals), kind: next.kind)), "
                                  + "khai mạc \(VietnameseFormat.date(next.opens_on))"
                                  + (missing == 0 ? " — mọi kiến nghị cử tri đã có trả lời"
                                     : " — còn \(VietnameseFormat.count(missing)) kiến nghị cử tri chưa có trả lời để báo cáo kỳ họp"),
                              href: missing == 0 ? base + "#ky-hop" : base + "/kien-nghi?trang-thai=forwarded"))
        }
        // Work of abolished councils that passed to this one and waits to be handed over.
        if role == .office {
            for (old, open) in try await Handovers.pending(councilID: id, unitID: council.unit_id, db: db) {
                notes.append(Note(text: "\(old.name) đã kết thúc: còn \(open.text) chưa bàn giao",
                                  href: RecordKind.council.path(old.id!) + "#ban-giao"))
            }
        }
        var charts = [Charts.petitionsInHand(id: "kien-nghi-\(id)", petitions, forAgency: false)]
        if role == .office || role == .standing {
            // Those who steer the council's work also see its targets and its term so far.
            let targets = try await Target.query(on: db).filter(\.$councilID == id).filter(\.$scope != .eachDelegate)
                .filter(\.$periodFrom <= today.description).filter(\.$periodTo >= today.description).sort(\.$id).all()
            if let chart = Charts.targets(id: "chi-tieu-\(id)", title: "Tiến độ chỉ tiêu đang thực hiện",
                                          try await TargetProgress.of(targets, today: today, kept: kept, db: db)) { charts.append(chart) }
            if let chart = try await Charts.termByQuarter(councilID: id, unitID: council.unit_id, until: today, kept: kept, db: db) { charts.append(chart) }
        }
        return Section(heading: council.name, href: base, note: role.label, items: items, notes: notes, charts: charts)
    }

    /// Reception days of today and tomorrow, with the delegates assigned (one read of the schedules and assignments).
    static func receptionDuty(_ council: Places.CouncilPlace, today: Day, calendar: HolidayCalendar, db: any Database) async throws -> [Note] {
        let tomorrow = today.adding(days: 1)
        let rows = try await ReceptionQueries.schedulesWithAssignments(councilID: council.id, from: today, to: tomorrow, db: db)
        var notes: [Note] = []
        for (i, s) in rows.enumerated() where i == 0 || rows[i - 1].id != s.id {
            let assigned = rows[i...].prefix { $0.id == s.id }
            for day in ReceptionCalendar.occurrences(days: ReceptionSchedule.days(s.days_of_month), from: today, to: tomorrow,
                                                     validFrom: s.valid_from.flatMap { Day($0) }, validTo: s.valid_to.flatMap { Day($0) },
                                                     calendar: calendar) {
                let names = assigned.filter { $0.date == day.description }.compactMap(\.full_name)
                notes.append(Note(text: "\(day == today ? "Hôm nay" : "Ngày mai") (\(VietnameseFormat.date(day.description))): \(s.name), "
                                      + "\(s.start_time)–\(s.end_time), \(s.place) — "
                                      + (names.isEmpty ? "chưa phân công đại biểu" : names.joined(separator: ", ")),
                                  href: RecordKind.council.path(council.id) + "/tiep-cong-dan?thang=\(day.description.prefix(7))"))
            }
        }
        return notes
    }

    /// An agency's day: what was forwarded to it across councils, open, due this week and overdue.
    public static func agency(_ organization: Organization, today: Day = .today(), db: any Database) async throws -> Section {
        let ids = [organization.id!]
        let petitions = try await PetitionQueries.dueCounts(councilID: nil, agencyIDs: ids, today: today, db: db)
        let letters = try await LetterQueries.dueCounts(councilID: nil, agencyIDs: ids, today: today, db: db)
        var given = Tasks.Filters()
        given.organizationIDs = ids
        let tasks = try await Tasks.dueCounts(given, today: today, db: db)
        let recommendations = try await OversightQueries.dueCounts(agencyIDs: ids, today: today, db: db)
        let questions = try await QuestionsController.unanswered(agencyIDs: ids, db: db)
        return Section(heading: organization.name, href: "/co-quan/kien-nghi", note: Role.agency.label, items: [
            Item("kiến nghị cử tri chờ trả lời", petitions.open, "/co-quan/kien-nghi?trang-thai=forwarded"),
            Item("kiến nghị quá hạn trả lời", petitions.overdue, "/co-quan/kien-nghi?qua-han=1", urgent: true),
            Item("kiến nghị đến hạn trong 07 ngày tới", petitions.due_week, "/co-quan/kien-nghi?sap-den-han=1"),
            Item("đơn thư quá hạn", letters.overdue, "/co-quan/don-thu?qua-han=1", urgent: true),
            Item("đơn thư đến hạn trong 07 ngày tới", letters.dueThisWeek, "/co-quan/don-thu?sap-den-han=1"),
            Item("nhiệm vụ được giao chưa hoàn thành", tasks.open, "/co-quan/nhiem-vu?trang-thai=open"),
            Item("nhiệm vụ được giao quá hạn", tasks.overdue, "/co-quan/nhiem-vu?qua-han=1", urgent: true),
            Item("kiến nghị sau giám sát chưa thực hiện xong", recommendations.open, "/co-quan/giam-sat"),
            Item("kiến nghị sau giám sát quá hạn", recommendations.overdue, "/co-quan/giam-sat", urgent: true),
            Item("chất vấn chờ trả lời", questions, "/co-quan/chat-van"),
        ], notes: [], charts: [Charts.petitionsInHand(id: "co-quan-\(organization.id!)", petitions, forAgency: true)])
    }
}
