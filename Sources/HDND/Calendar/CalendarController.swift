import Fluent
import Vapor

/// A council's calendar page (day, week, month) and the iCalendar feeds of a council, a body and a delegate.
struct CalendarController {
    func register(_ app: any RoutesBuilder) {
        app.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "lich", use: page)
        app.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "lich.ics", use: councilFeed)
        app.get(PathComponent(stringLiteral: RecordKind.body.slug), ":id", "lich.ics", use: bodyFeed)
        app.get(PathComponent(stringLiteral: RecordKind.person.slug), ":id", "lich.ics", use: personFeed)
    }

    enum View: String, CaseIterable { case ngay, tuan, thang
        var label: String { switch self { case .ngay: "Ngày"; case .tuan: "Tuần"; case .thang: "Tháng" } }
    }

    /// The days a view shows around `day`: the day, its week from Monday, or its month.
    static func range(_ view: View, around day: Day) -> (from: Day, to: Day, previous: Day, next: Day, title: String) {
        switch view {
        case .ngay:
            return (day, day, day.adding(days: -1), day.adding(days: 1), "\(VietnameseFormat.weekday(day)), \(VietnameseFormat.date(day.description))")
        case .tuan:
            let monday = day.adding(days: 1 - day.weekday), sunday = monday.adding(days: 6)
            return (monday, sunday, monday.adding(days: -7), monday.adding(days: 7),
                    "Tuần từ \(VietnameseFormat.date(monday.description)) đến \(VietnameseFormat.date(sunday.description))")
        case .thang:
            let first = Day(clampingYear: day.year, month: day.month, day: 1)
            return (first, first.lastOfMonth, first.adding(days: -1), first.lastOfMonth.adding(days: 1), "Tháng \(day.month)/\(day.year)")
        }
    }

    struct Item: Encodable { let kind: String; let title: String; let time: String?; let place: String; let detail: String; let href: String?; let span: String? }
    struct DayGroup: Encodable { let label: String; let today: Bool; let items: [Item] }
    struct Tab: Encodable { let label: String; let href: String; let current: Bool }
    struct Page: Encodable {
        let layout: LayoutContext
        let heading: String
        let councilHref: String, councilName: String
        let title: String
        let tabs: [Tab]
        let previousHref: String, nextHref: String, todayHref: String
        let kinds: Options
        let view: String, day: String
        let days: [DayGroup]
        let feedHref: String
        let internalShown: Bool
    }

    func page(req: Request) async throws -> Vapor.View {
        let council = try await Places.council(try req.parameters.require("id", as: Int.self), kept: req.application.figures, on: req.db)
        guard Policy.allows(req.actor, .read, council.place) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
        var v = Validator()
        let view = req.queryValue("xem").map { v.choice("xem", "Cách xem", $0, as: View.self) } ?? .thang
        let day = req.queryValue("ngay").flatMap { v.dayValue("ngay", "Ngày", $0) } ?? .today()
        var kinds = Set(CouncilCalendar.Kind.allCases)
        if let raw = req.queryValue("loai"), !raw.isEmpty {
            if let k = CouncilCalendar.Kind(rawValue: raw) { kinds = [k] } else { v.fail("loai", "Loại sự kiện không hợp lệ.") }
        }
        try v.check()
        let range = Self.range(view ?? .thang, around: day)
        let internalToo = Policy.allows(req.actor, .read, council.place.internalRecords)
        let events = try await CouncilCalendar.events(.council(council.id), from: range.from, to: range.to, kinds: kinds, internalToo: internalToo,
                                                    kept: req.application.figures, db: req.db)
        // Each day of the range with what happens on it (an event of several days shows on each).
        var groups: [DayGroup] = []
        var d = range.from
        let today = Day.today()
        while d <= range.to {
            let items = events.filter { $0.day <= d && d <= $0.lastDay }.map { e in
                Item(kind: e.kind.label, title: e.title, time: e.start.map { "\($0)–\(e.end ?? "")" }, place: e.place, detail: e.detail, href: e.href,
                     span: e.lastDay > e.day ? "\(VietnameseFormat.date(e.day.description)) – \(VietnameseFormat.date(e.lastDay.description))" : nil)
            }
            if !items.isEmpty || view == .ngay {
                groups.append(DayGroup(label: "\(VietnameseFormat.weekday(d)), \(VietnameseFormat.date(d.description))", today: d == today, items: items))
            }
            d = d.adding(days: 1)
        }
        let base = RecordKind.council.path(council.id) + "/lich"
        let kind = req.queryValue("loai").map { "&loai=\($0)" } ?? ""
        func href(_ view: View, _ day: Day) -> String { "\(base)?xem=\(view.rawValue)&ngay=\(day.description)\(kind)" }
        let current = view ?? .thang
        let page = Page(layout: req.layoutContext(title: "Lịch công tác — \(council.name)"), heading: "Lịch công tác — \(council.name)",
                        councilHref: RecordKind.council.path(council.id), councilName: council.name,
                        // The day view's one day is its title; it is not headed a second time below.
                        title: range.title + (current == .ngay && day == today ? " — hôm nay" : ""),
                        tabs: View.allCases.map { Tab(label: $0.label, href: href($0, day), current: $0 == current) },
                        previousHref: href(current, range.previous), nextHref: href(current, range.next), todayHref: href(current, today),
                        kinds: Options(CouncilCalendar.Kind.allCases.filter { internalToo || !$0.isInternal }
                            .map { FormOption(value: $0.rawValue, label: $0.label, selected: kinds.count == 1 && kinds.contains($0)) }),
                        view: current.rawValue, day: day.description, days: groups, feedHref: base + ".ics", internalShown: internalToo)
        return try await req.view.render("Calendar/calendar", page)
    }

    /// A feed carries what anyone may read: public events, three months back to a year ahead.
    func feed(_ scope: CouncilCalendar.Scope, name: String, _ req: Request) async throws -> Response {
        let today = Day.today()
        let events = try await CouncilCalendar.events(scope, from: today.adding(days: -92), to: today.adding(days: 366), internalToo: false,
                                                    kept: req.application.figures, db: req.db)
        let response = Response(status: .ok, body: .init(string: CouncilCalendar.ics(name: name, events: events)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        return response
    }

    func councilFeed(req: Request) async throws -> Response {
        let council = try await Places.council(try req.parameters.require("id", as: Int.self), on: req.db)
        return try await feed(.council(council.id), name: "Lịch công tác — \(council.name)", req)
    }

    func bodyFeed(req: Request) async throws -> Response {
        guard let body = try await Body.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        return try await feed(.body(body.id!), name: "Lịch công tác — \(body.name)", req)
    }

    func personFeed(req: Request) async throws -> Response {
        guard let person = try await Person.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        return try await feed(.person(person.id!), name: "Lịch công tác — \(person.fullName)", req)
    }
}
