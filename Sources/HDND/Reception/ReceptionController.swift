import Fluent
import SQLKit
import Vapor

/// Reception days as a month calendar and an iCalendar feed; the visit log and its counts.
struct ReceptionController {
    func register(_ app: any RoutesBuilder) {
        app.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "tiep-cong-dan", use: page)
        app.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "lich-tiep-cong-dan.ics", use: feed)
        TableExport.routes(app, [PathComponent(stringLiteral: RecordKind.council.slug), ":id"], base: "tiep-cong-dan", use: export)
    }

    /// The visit log of a period (`tu`, `den`; by default the month shown) as .xlsx or CSV. Confidential visitors stay unnamed.
    func export(req: Request, format: ExportFormat) async throws -> Response {
        let councilID = try req.parameters.require("id", as: Int.self)
        _ = try await Places.authorizeInternal(.read, councilID: councilID, actor: req.actor, kept: req.application.figures, on: req.db)
        var v = Validator()
        let (from, to) = v.spanDays("tu", req.queryValue("tu"), "den", req.queryValue("den"))
        try v.check()
        let (first, last) = from == nil && to == nil ? try Self.month(req) : (from ?? Day.accepted.lowerBound, to ?? Day.accepted.upperBound)
        let db = req.db, filter = try Self.visitFilter(req)
        let calendar = try await HolidayDecisions.calendar(on: db)
        let columns = [TableColumn("Ngày", width: 12), TableColumn("Người đến", width: 24), TableColumn("Số lượt", width: 9),
                       TableColumn("Loại việc", width: 12), TableColumn("Nội dung", width: 60), TableColumn("Cách xử lý", width: 26),
                       TableColumn("Đại biểu tiếp", width: 24), TableColumn("Đơn thư (số)", width: 12), TableColumn("Kiến nghị (số)", width: 12),
                       TableColumn("Thông báo cho công dân", width: 34)]
        return try await TableExport.response(format, filename: "tiep-cong-dan-\(councilID)", title: "Tiếp công dân", columns: columns, on: req) { cursor in
            let rows = try await ReceptionQueries.visits(councilID: councilID, from: first.description, to: last.description, filter: filter,
                                                         after: cursor.flatMap { Int($0) }, limit: TableExport.pageSize, db: db)
            return (rows.map { r in
                [.day(r.date), .text(r.listedVisitor), .number(r.visitors), .text(r.kind.label), .text(r.topic), .text(r.handling.label),
                 .text(r.delegate_name ?? ""), .text(r.letterNumber ?? ""), r.petition_id.map { .number($0) } ?? .text(""),
                 .text(Self.notice(r, due: r.noticeDeadline(calendar)) ?? "")]
            }, rows.count == TableExport.pageSize ? rows.last.map { String($0.id) } : nil)
        }
    }

    func registerSignedIn(_ app: any RoutesBuilder) {
        app.post(PathComponent(stringLiteral: RecordKind.receptionSchedule.slug), ":id", "phan-cong", use: assign)
        app.post(PathComponent(stringLiteral: RecordKind.receptionVisit.slug), ":id", "quyen-xem", use: grant)
    }

    struct DayItem: Encodable { let date: String; let weekday: String; let schedule: String; let time: String; let place: String; let delegates: String }
    struct VisitItem {
        let href: String?; let date: String; let visitor: String; let visitors: String; let kind: String; let topic: String; let handling: String; let delegate: String
        /// The letter or petition that came of the visit.
        let results: [DirectoryViews.Link]
        /// Register the letter handed in at this visit (for whoever may write, while none is linked).
        let newLetterHref: String?
        /// "Thông báo kết quả: hạn 24/11/2026", "Đã thông báo ngày 20/11/2026", or nothing owed; overdue when past and not done.
        let notice: String?, noticeOverdue: Bool

        /// Its row of the month's visits.
        var row: HTML {
            let date = HTML.link(self.date, to: href)
            let linked = HTML.join(results.map { "<a href=\"\($0.href)\">\($0.label)</a> " as HTML })
            let register: HTML = newLetterHref.map { "<a href=\"\($0)\">Vào sổ đơn</a>" } ?? .empty
            let owed: HTML = notice.map { "\($0)\(HTML.when(noticeOverdue, " — quá hạn"))" } ?? .empty
            return """
                <tr><td>\(date)</td><td>\(visitor)</td><td class="num">\(visitors)</td><td>\(kind)</td><td>\(topic)</td><td>\(handling)</td><td>\(delegate)</td>
                <td>\(linked)\(register)</td>
                <td\(HTML.when(noticeOverdue, " class=\"overdue\""))>\(owed)</td></tr>

                """
        }
    }
    struct DelegateCount: Encodable { let name: String; let sessions: String; let visits: String }
    struct ReceptionPage: Encodable {
        let layout: LayoutContext
        let councilName: String, councilHref: String, month: String, prevHref: String, nextHref: String, feedHref: String
        let exportXLSX: String, exportCSV: String
        /// The month shown ("2026-11") and the visit list's filters.
        let monthCode: String, kinds: Options, handlings: Options
        var keyword = ""
        let days: [DayItem]
        let schedules: [DirectoryViews.Link]
        /// The month's visits, built in Swift (`HTML`): none when `noVisits`.
        let showVisits: Bool, visits: HTML, noVisits: Bool, sessions: String, visitCount: String, byDelegate: [DelegateCount]
        let canEdit: Bool, newScheduleHref: String, newVisitHref: String
        let assignForms: [AssignForm]
    }
    struct AssignForm: Encodable { let action: String; let schedule: String; let dates: [FormOption]; let people: [FormOption] }

    /// `?loai=complaint&xu-ly=letterReceived`: the visits listed (the month's figures count every visit).
    static func visitFilter(_ req: Request) throws -> ReceptionQueries.VisitFilter {
        var f = ReceptionQueries.VisitFilter()
        if let raw = req.queryValue("loai"), !raw.isEmpty {
            guard let kind = LetterKind(rawValue: raw) else { throw ValidationFailure(field: "loai", "Loại nội dung không hợp lệ.") }
            f.kind = kind
        }
        if let raw = req.queryValue("xu-ly"), !raw.isEmpty {
            guard let handling = VisitHandling(rawValue: raw) else { throw ValidationFailure(field: "xu-ly", "Cách xử lý không hợp lệ.") }
            f.handling = handling
        }
        f.keyword = try Paging.keyword(req)
        return f
    }

    static func results(_ r: ReceptionQueries.VisitRow) -> [DirectoryViews.Link] {
        var out: [DirectoryViews.Link] = []
        if let id = r.letter_id { out.append(.init(label: "Đơn số \(r.letterNumber ?? String(id))", href: RecordKind.letter.path(id), note: nil)) }
        if let id = r.petition_id { out.append(.init(label: "Kiến nghị số \(id)", href: RecordKind.voterPetition.path(id), note: nil)) }
        return out
    }

    static func notice(_ r: ReceptionQueries.VisitRow, due: LetterDeadline?) -> String? {
        guard let deadline = due else { return nil }
        if let done = r.notified_on { return "Đã thông báo ngày \(VietnameseFormat.date(done))" + (deadline.late ? " (muộn)" : "") }
        let what = deadline.step == .receptionRefusalNotice ? "Thông báo từ chối tiếp" : "Thông báo kết quả"
        return "\(what): hạn \(VietnameseFormat.date(deadline.due.description))"
    }

    static func month(_ req: Request) throws -> (Day, Day) {
        let raw = req.queryValue("thang") ?? String(Day.today().description.prefix(7))
        switch Day.entered(raw + "-01") {
        case .success(let first): return (first, first.lastOfMonth)
        case .failure(.outOfRange): throw ValidationFailure(field: "thang", "Tháng phải trong khoảng \(Day.acceptedText).")
        case .failure(.format), .failure(.noSuchDay): throw ValidationFailure(field: "thang", "Tháng không hợp lệ (ví dụ 2026-11).")
        }
    }


    func page(req: Request) async throws -> View {
        let councilID = try req.parameters.require("id", as: Int.self)
        // What the month's page reads besides its visits is kept between requests while the records stay the same
        // (`FigureCache`; schedules, duty, holidays, visits and the council's people bump the revision): on PostgreSQL its
        // nine statements cost the app more than the page's writing.
        let kept = req.application.figures
        let council = try await Places.council(councilID, kept: kept, on: req.db)
        let (first, last) = try Self.month(req)
        let place = council.place
        let internalPlace = place.internalRecords
        let schedules = try await kept.value("reception schedules \(councilID)", on: req.db) {
            try await ReceptionSchedule.query(on: req.db).filter(\.$councilID == councilID).sort(\.$id).all()
        }
        let assigned = try await kept.value("reception duty \(councilID) \(first)", on: req.db) {
            try await ReceptionQueries.assignments(schedules.compactMap(\.id), from: first, to: last, db: req.db)
        }
        let calendar = try await HolidayDecisions.calendar(kept: kept, on: req.db)
        // Each schedule's days of the month: the calendar lists them, the duty form offers them.
        let occurring = schedules.map { (schedule: $0, days: $0.receptionDays(from: first, to: last, calendar: calendar)) }
        var days: [(day: Day, item: DayItem)] = []
        for (s, dates) in occurring {
            for d in dates {
                days.append((d, DayItem(date: VietnameseFormat.date(d.description), weekday: VietnameseFormat.weekday(d), schedule: s.name,
                                    time: "\(s.startTime)–\(s.endTime)", place: s.place,
                                    delegates: assigned.filter { $0.schedule_id == s.id && $0.date == d.description }.map(\.full_name).joined(separator: ", "))))
            }
        }
        days.sort { $0.day < $1.day }
        let canRead = Policy.allows(req.actor, .read, internalPlace)
        let canEdit = Policy.allows(req.actor, .create, internalPlace)
        let filter = try Self.visitFilter(req)
        let filterQuery = "&loai=\(filter.kind?.rawValue ?? "")&xu-ly=\(filter.handling?.rawValue ?? "")"
            + (filter.keyword.isEmpty ? "" : "&tu-khoa=" + (filter.keyword.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        var visits: [VisitItem] = [], counts = ReceptionQueries.Counts(sessions: 0, visits: 0), byDelegate: [DelegateCount] = []
        if canRead {
            let rows = try await ReceptionQueries.visits(councilID: councilID, from: first.description, to: last.description,
                                                         filter: filter, db: req.db)
            let today = Day.today()
            visits = rows.sorted { ($0.date, $0.id) < ($1.date, $1.id) }.map { r in
                let due = r.noticeDeadline(calendar)
                return VisitItem(href: canEdit ? RecordKind.receptionVisit.editPath(r.id) : nil, date: VietnameseFormat.date(r.date),
                          visitor: r.listedVisitor, visitors: VietnameseFormat.number(r.visitors),
                          kind: r.kind.label, topic: r.topic, handling: r.handling.label, delegate: r.delegate_name ?? "",
                          results: Self.results(r),
                          newLetterHref: canEdit && r.letter_id == nil && r.handling != .answeredOnSpot && r.handling != .refused
                              ? RecordKind.letter.newPath + "?visit=\(r.id)" : nil,
                          notice: Self.notice(r, due: due), noticeOverdue: due?.isOverdue(outcome: .pending, today: today) ?? false)
            }
            counts = try await kept.value("reception counts \(councilID) \(first)", on: req.db) {
                try await ReceptionQueries.counts(scope: "council_id = \(bind: councilID)", from: first.description, to: last.description, db: req.db)
            }
            byDelegate = try await kept.value("reception by delegate \(councilID) \(first)", on: req.db) {
                try await ReceptionQueries.byDelegate(councilID: councilID, from: first.description, to: last.description, db: req.db)
            }.map {
                DelegateCount(name: $0.full_name, sessions: VietnameseFormat.number($0.sessions), visits: VietnameseFormat.number($0.visits))
            }
        }
        var forms: [AssignForm] = []
        if canEdit {
            let people = try await kept.value("delegates \(councilID)", on: req.db) {
                try await DirectoryQueries.delegates(councilID: council.id, db: req.db)
            }
            for (s, dates) in occurring where !dates.isEmpty {
                forms.append(AssignForm(action: RecordKind.receptionSchedule.path(s.id!) + "/phan-cong", schedule: s.name,
                                        dates: dates.map { FormOption(value: $0.description, label: VietnameseFormat.date($0.description), selected: false) },
                                        people: people.map { FormOption(value: String($0.id), label: $0.full_name, selected: false) }))
            }
        }
        let prev = first.adding(days: -1), next = last.adding(days: 1)
        let base = RecordKind.council.path(councilID) + "/tiep-cong-dan?thang="
        var page = ReceptionPage(
            layout: req.layoutContext(title: "Tiếp công dân"), councilName: council.name, councilHref: RecordKind.council.path(councilID),
            month: "Tháng \(first.month)/\(first.year)", prevHref: base + String(prev.description.prefix(7)), nextHref: base + String(next.description.prefix(7)),
            feedHref: RecordKind.council.path(councilID) + "/lich-tiep-cong-dan.ics",
            exportXLSX: RecordKind.council.path(councilID) + "/tiep-cong-dan.xlsx?thang=\(first.description.prefix(7))" + filterQuery,
            exportCSV: RecordKind.council.path(councilID) + "/tiep-cong-dan.csv?thang=\(first.description.prefix(7))" + filterQuery,
            monthCode: String(first.description.prefix(7)),
            kinds: Options(LetterKind.allCases.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0 == filter.kind) }),
            handlings: Options(VisitHandling.allCases.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0 == filter.handling) }),
            days: days.map(\.item),
            schedules: schedules.map { DirectoryViews.Link(label: "\($0.name): ngày \($0.daysOfMonth) hằng tháng, \($0.startTime)–\($0.endTime), \($0.place)"
                                                               + ($0.online ? " (trực tuyến)" : ""),
                                                           href: RecordKind.receptionSchedule.editPath($0.id!), note: Self.announcementNote($0, calendar)) },
            showVisits: canRead, visits: .join(visits.map(\.row)), noVisits: visits.isEmpty, sessions: VietnameseFormat.number(counts.sessions), visitCount: VietnameseFormat.number(counts.visits),
            byDelegate: byDelegate, canEdit: canEdit, newScheduleHref: RecordKind.receptionSchedule.newPath + "?council=\(councilID)",
            newVisitHref: RecordKind.receptionVisit.newPath + "?council=\(councilID)", assignForms: forms)
        page.keyword = filter.keyword
        return try await req.view.render("Reception/reception", page)
    }

    /// The council's reception days from three months back to a year ahead, for any calendar program.
    func feed(req: Request) async throws -> Response {
        let councilID = try req.parameters.require("id", as: Int.self)
        guard let council = try await Council.find(councilID, on: req.db) else { throw Abort(.notFound) }
        let today = Day.today()
        let from = today.adding(days: -92), to = today.adding(days: 366)
        let calendar = try await HolidayDecisions.calendar(on: req.db)
        let events = try await ReceptionQueries.days(councilID: councilID, councilName: council.name, from: from, to: to, calendar: calendar, db: req.db)
        let body = CouncilCalendar.ics(name: "Lịch tiếp công dân — \(council.name)", events: events)
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        return response
    }

    /// An online schedule's announcement as the page says it: when it was due, and whether it was made in time.
    static func announcementNote(_ s: ReceptionSchedule, _ calendar: HolidayCalendar) -> String? {
        guard let a = ReceptionRules.announcement(online: s.online, days: s.days, validFrom: s.validFrom.flatMap { Day($0) },
                                                  validTo: s.validTo.flatMap { Day($0) }, announcedOn: s.announcedOn.flatMap { Day($0) },
                                                  calendar: calendar) else { return nil }
        let due = "Thông báo công khai chậm nhất ngày \(VietnameseFormat.date(a.latest.description)) (trước ngày tiếp đầu tiên "
            + "\(VietnameseFormat.date(a.firstDay.description)); \(a.rule.legalBasis))"
        guard let on = a.announcedOn else { return due + " — chưa ghi ngày thông báo" }
        return due + (a.late ? " — thông báo ngày \(VietnameseFormat.date(on.description)), muộn" : " — đã thông báo ngày \(VietnameseFormat.date(on.description))")
    }

    /// The office grants one account the right to see who came to a confidential visit; the grant is audited.
    func grant(req: Request) async throws -> Response {
        guard let visit = try await ReceptionVisit.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        let user = try await Confidentiality.grant(visit, req: req)
        req.flash("success", "Tài khoản \(user.username) được xem danh tính công dân của \(visit.displayName.lowercased()).")
        return req.redirect(to: RecordKind.receptionVisit.editPath(visit.id!))
    }

    func assign(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let schedule = try await ReceptionSchedule.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        let place = try await Places.of(unitID: schedule.unitID, on: req.db)
        guard Policy.allows(actor, .update, place) else { throw Abort(.forbidden) }
        var v = Validator()
        let date = v.day("date", "Ngày tiếp", try? req.content.get(String.self, at: "date"), required: true)
        let personID = try? req.content.get(Int.self, at: "personID")
        // Only a delegate of this council: another council's people, or the office's staff, receive no citizens here.
        let delegates = try await DirectoryQueries.delegates(councilID: schedule.councilID, db: req.db)
        let person = try await personID.asyncMap { id in delegates.contains { $0.id == id } ? try await Person.find(id, on: req.db) : nil } ?? nil
        if person == nil { v.fail("personID", "Hãy chọn đại biểu của Hội đồng này.") }
        // Only one of the schedule's own days, as the month's page offers them: moved off a weekend or a holiday (from up
        // to a fortnight before, as Tết can move it), within the schedule's validity.
        if let day = date.flatMap({ Day($0) }) {
            let days = schedule.receptionDays(from: day.adding(days: -15), to: day, calendar: try await HolidayDecisions.calendar(on: req.db))
            if !days.contains(day) { v.fail("date", "Ngày \(VietnameseFormat.date(day.description)) không phải ngày tiếp công dân của lịch này.") }
        }
        try v.check()
        let exists = try await ReceptionAssignment.query(on: req.db).filter(\.$scheduleID == schedule.id!).filter(\.$date == date!)
            .filter(\.$personID == person!.id!).first()
        if exists == nil {
            try await req.db.transaction { tx in
                let a = ReceptionAssignment()
                a.scheduleID = schedule.id!; a.date = date!; a.personID = person!.id!
                try await a.create(on: tx)
                try await Audit.record(on: tx, actor: actor, action: .update, recordType: RecordKind.receptionSchedule.rawValue, recordID: schedule.id!,
                                       unitID: schedule.unitID, summary: "Phân công \(person!.fullName) tiếp công dân ngày \(VietnameseFormat.date(date!))",
                                       before: [:], after: ["assignment": "\(date!): \(person!.fullName)"])
            }
        }
        req.flash("success", "Đã phân công \(person!.fullName) tiếp công dân ngày \(VietnameseFormat.date(date!)).")
        return req.redirect(to: RecordKind.council.path(schedule.councilID) + "/tiep-cong-dan?thang=\(date!.prefix(7))")
    }
}
