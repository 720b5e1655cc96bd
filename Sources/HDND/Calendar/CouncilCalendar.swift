import Fluent
import SQLKit
import Vapor

/// Lịch công tác: every dated event of a council in one list — sessions, oversight fieldwork, voter meetings, reception
/// days, the items of its work programs (on their day, or across their month), and (for those who read its internal
/// records) the standing committee's meetings, briefing conferences and the due dates of its tasks and recommendations —
/// for the page's day, week and month views and for the iCalendar feeds of a council, a body and a delegate.
public enum CouncilCalendar {
    public enum Kind: String, CaseIterable, Sendable {
        case session, standingMeeting, hearing, oversight, voterMeeting, reception, dialogue, training, programItem, briefing, taskDue, recommendationDue
        public var label: String {
            switch self {
            case .session: "Kỳ họp"
            case .standingMeeting: "Phiên họp Thường trực"
            case .hearing: "Phiên giải trình"
            case .dialogue: "Hội nghị đối thoại"
            case .training: "Tập huấn"
            case .programItem: "Chương trình công tác"
            case .briefing: "Hội nghị giao ban"
            case .oversight: "Giám sát, khảo sát"
            case .voterMeeting: "Tiếp xúc cử tri"
            case .reception: "Tiếp công dân"
            case .taskDue: "Hạn nhiệm vụ"
            case .recommendationDue: "Hạn kiến nghị sau giám sát"
            }
        }
        /// Due dates are internal: they name what an agency or body has still to do; so are the standing committee's
        /// meetings, whose records are the council's own.
        var isInternal: Bool { self == .taskDue || self == .recommendationDue || self == .standingMeeting || self == .briefing }
    }

    public struct Event: Sendable {
        public let kind: Kind
        public let day: Day
        public let lastDay: Day
        public let start: String?, end: String?
        public let title: String
        public let place: String
        public let detail: String
        /// The page behind it, when the one looking may open it (a voter meeting's page is for the council's own people:
        /// its day and place are announced to voters, its minutes are not).
        public let href: String?
        public let uid: String

        var ics: ICalendar.Event {
            ICalendar.Event(uid: uid, day: day, start: start, end: end, lastDay: lastDay, summary: title, location: place, description: detail)
        }
    }

    /// Whose events: a council's, one body's (what it leads), or one delegate's (the sessions of the councils they sit on,
    /// the voter meetings of their delegate groups, what they lead).
    public enum Scope: Sendable { case council(Int), body(Int), person(Int) }

    /// Kept between requests while the records stay the same (`FigureCache`): every table it reads bumps the revision.
    static func events(_ scope: Scope, from: Day, to: Day, kinds: Set<Kind> = Set(Kind.allCases), internalToo: Bool,
                       kept: FigureCache, db: any Database) async throws -> [Event] {
        let key = "calendar \(scope) \(from) \(to) \(kinds.map(\.rawValue).sorted().joined(separator: ",")) \(internalToo)"
        return try await kept.value(key, on: db) {
            try await read(scope, from: from, to: to, kinds: kinds, internalToo: internalToo, kept: kept, db: db)
        }
    }

    private static func read(_ scope: Scope, from: Day, to: Day, kinds: Set<Kind>, internalToo: Bool, kept: FigureCache,
                             db: any Database) async throws -> [Event] {
        let kinds = internalToo ? kinds : kinds.filter { !$0.isInternal }
        let (f, t) = (from.description, to.description)
        // The councils and bodies the scope covers.
        var councils: [Int] = [], bodies: [Int]? = nil, person: Int? = nil
        // Whether the scope takes in the standing committee's meetings: a council's, its standing committee's, a member's.
        var standing = false
        switch scope {
        case .council(let id): councils = [id]; standing = true
        case .body(let id):
            guard let b = try await Body.find(id, on: db) else { return [] }
            councils = [b.councilID]; bodies = [id]; standing = b.kind == .standing
        case .person(let id):
            struct B: Decodable { let body_id: Int; let council_id: Int; let kind: BodyKind }
            let rows = try await db.sql.raw("""
                SELECT b.id AS body_id, b.council_id, b.kind FROM memberships m JOIN bodies b ON b.id = m.body_id \
                WHERE m.person_id = \(bind: id) AND m.deleted_at IS NULL AND b.deleted_at IS NULL \
                AND (m.valid_to IS NULL OR m.valid_to >= \(bind: f)) AND (m.valid_from IS NULL OR m.valid_from <= \(bind: t))
                """).rows(B.self)
            councils = Array(Set(rows.filter { $0.kind == .council }.map(\.council_id))); bodies = rows.map(\.body_id); person = id
            standing = rows.contains { $0.kind == .standing }
        }
        guard !councils.isEmpty else { return [] }
        var events: [Event] = []
        let names = try await DirectoryQueries.councilNames(kept: kept, db: db)

        // Sessions: a council's, or the councils a delegate sits on (a body's scope has none: the whole council meets).
        if kinds.contains(.session), bodies == nil || person != nil {
            for s in try await CouncilSession.query(on: db).filter(\.$councilID ~~ councils).filter(\.$opensOn <= t).all()
            where (s.endedOn ?? s.closesOn ?? s.opening) >= f && (internalToo || s.isPublic) {
                guard let day = Day(s.opening) else { continue }
                events.append(Event(kind: .session, day: day, lastDay: Day(s.endedOn ?? s.closesOn ?? s.opening) ?? day, start: nil, end: nil,
                                    title: "\(s.title) — \(names[s.councilID] ?? "")", place: s.place ?? "", detail: s.kind.label + (s.held ? "" : " (dự kiến)"),
                                    href: RecordKind.session.path(s.id!), uid: "ky-hop-\(s.id!)@hdnd-so"))
            }
        }
        if kinds.contains(.standingMeeting), standing {
            for m in try await StandingMeeting.query(on: db).filter(\.$councilID ~~ councils).filter(\.$heldOn >= f).filter(\.$heldOn <= t).all() {
                guard let day = Day(m.heldOn) else { continue }
                events.append(Event(kind: .standingMeeting, day: day, lastDay: day, start: nil, end: nil, title: m.displayName,
                                    place: "", detail: String(m.agenda.prefix(160)), href: RecordKind.standingMeeting.path(m.id!),
                                    uid: "phien-hop-thuong-truc-\(m.id!)@hdnd-so"))
            }
        }
        // Hearings: the standing committee's, public unless it decided otherwise.
        if kinds.contains(.hearing), standing {
            for h in try await ExplanationHearing.query(on: db).filter(\.$councilID ~~ councils).filter(\.$heldOn >= f).filter(\.$heldOn <= t).all()
            where internalToo || h.isPublic {
                guard let day = Day(h.heldOn) else { continue }
                events.append(Event(kind: .hearing, day: day, lastDay: day, start: nil, end: nil, title: h.displayName, place: "",
                                    detail: "Người giải trình: " + h.respondents.replacingOccurrences(of: "\n", with: "; "),
                                    href: RecordKind.explanationHearing.path(h.id!), uid: "phien-giai-trinh-\(h.id!)@hdnd-so"))
            }
        }
        // Dialogues and trainings concern the whole council (and the delegates who attend): not one body's calendar.
        if kinds.contains(.dialogue), bodies == nil || person != nil {
            for d in try await DialogueConference.query(on: db).filter(\.$councilID ~~ councils).filter(\.$heldOn >= f).filter(\.$heldOn <= t).all() {
                guard let day = d.heldOn.flatMap({ Day($0) }) else { continue }
                events.append(Event(kind: .dialogue, day: day, lastDay: day, start: nil, end: nil, title: d.title, place: "",
                                    detail: "Chủ trì: \(d.hosts)", href: RecordKind.dialogueConference.path(d.id!), uid: "hoi-nghi-doi-thoai-\(d.id!)@hdnd-so"))
            }
        }
        if kinds.contains(.training), bodies == nil || person != nil {
            for tr in try await Training.query(on: db).filter(\.$councilID ~~ councils).filter(\.$heldFrom <= t).all() where (tr.heldTo ?? tr.heldFrom ?? "") >= f {
                guard let day = tr.heldFrom.flatMap({ Day($0) }) else { continue }
                events.append(Event(kind: .training, day: day, lastDay: tr.heldTo.flatMap { Day($0) } ?? day, start: nil, end: nil, title: tr.title,
                                    place: "", detail: tr.organiser, href: RecordKind.training.path(tr.id!),
                                    uid: "tap-huan-\(tr.id!)@hdnd-so"))
            }
        }
        if kinds.contains(.programItem) { events += try await programItems(councils: councils, bodies: bodies, from: from, to: to, internalToo: internalToo, db: db) }
        if kinds.contains(.briefing), standing {
            for b in try await BriefingConference.query(on: db).filter(\.$councilID ~~ councils).filter(\.$heldOn >= f).filter(\.$heldOn <= t).all() {
                guard let day = Day(b.heldOn) else { continue }
                events.append(Event(kind: .briefing, day: day, lastDay: day, start: nil, end: nil, title: b.title, place: b.place ?? "",
                                    detail: b.period.map { "Đánh giá \($0.label.lowercasedFirst)" } ?? "", href: RecordKind.briefingConference.path(b.id!),
                                    uid: "hoi-nghi-giao-ban-\(b.id!)@hdnd-so"))
            }
        }
        if kinds.contains(.oversight) {
            var q = Oversight.query(on: db).filter(\.$councilID ~~ councils).filter(\.$fieldworkFrom <= t)
            if let bodies {
                q = q.group(.or) { g in
                    g.filter(\.$bodyID ~~ bodies)
                    if let person { g.filter(\.$personID == person) }
                }
            }
            for o in try await q.all() where o.fieldworkEnd >= f {
                guard let day = Day(o.fieldworkFrom) else { continue }
                events.append(Event(kind: .oversight, day: day, lastDay: Day(o.fieldworkEnd) ?? day, start: nil, end: nil,
                                    title: "\(o.kind.label): \(o.topic)", place: o.subjects, detail: "Chủ trì: \(o.lead.label)",
                                    href: RecordKind.oversight.path(o.id!), uid: "giam-sat-\(o.id!)@hdnd-so"))
            }
        }
        if kinds.contains(.voterMeeting) {
            var q = VoterMeeting.query(on: db).filter(\.$councilID ~~ councils).filter(\.$date >= f).filter(\.$date <= t)
            if let bodies { q = q.filter(\.$bodyID ~~ bodies) }
            for m in try await q.all() {
                guard let day = Day(m.date) else { continue }
                events.append(Event(kind: .voterMeeting, day: day, lastDay: day, start: nil, end: nil, title: m.title, place: m.place,
                                    detail: names[m.councilID] ?? "", href: internalToo ? RecordKind.voterMeeting.path(m.id!) : nil, uid: "tiep-xuc-cu-tri-\(m.id!)@hdnd-so"))
            }
        }
        if kinds.contains(.reception), bodies == nil {
            let calendar = try await HolidayDecisions.calendar(kept: kept, on: db)
            for id in councils { events += try await ReceptionQueries.days(councilID: id, councilName: names[id] ?? "", from: from, to: to, calendar: calendar, db: db) }
        }
        if kinds.contains(.taskDue) {
            var q = CouncilTask.query(on: db).filter(\.$councilID ~~ councils).filter(\.$status == .open).filter(\.$dueOn >= f).filter(\.$dueOn <= t)
            if let bodies { q = q.filter(\.$bodyID ~~ bodies) }
            for task in try await q.all() {
                guard let day = Day(task.dueOn) else { continue }
                events.append(Event(kind: .taskDue, day: day, lastDay: day, start: nil, end: nil, title: "Hạn nhiệm vụ: \(task.displayName)", place: "",
                                    detail: task.basisRef ?? "", href: RecordKind.task.path(task.id!), uid: "nhiem-vu-\(task.id!)@hdnd-so"))
            }
        }
        if kinds.contains(.recommendationDue), bodies == nil {
            for r in try await Recommendation.query(on: db).filter(\.$councilID ~~ councils).filter(\.$status != .done)
                .filter(\.$dueOn >= f).filter(\.$dueOn <= t).all() {
                guard let day = Day(r.dueOn) else { continue }
                events.append(Event(kind: .recommendationDue, day: day, lastDay: day, start: nil, end: nil, title: "Hạn kiến nghị: \(r.displayName)",
                                    place: "", detail: "", href: RecordKind.oversight.path(r.oversightID), uid: "kien-nghi-giam-sat-\(r.id!)@hdnd-so"))
            }
        }
        return events.sorted { ($0.day, $0.start ?? "", $0.title) < ($1.day, $1.start ?? "", $1.title) }
    }

    /// The items of the councils' work programs planned in from…to (a body's own, for a body): on their day when one is
    /// set, else across their month; a draft program's only for those who read the council's internal records.
    static func programItems(councils: [Int], bodies: [Int]?, from: Day, to: Day, internalToo: Bool, db: any Database) async throws -> [Event] {
        struct Row: Decodable { let id: Int; let program_id: Int; let content: String; let planned_month: String; let planned_on: String?; let title: String }
        let byBody: SQLQueryString = bodies.map { " AND i.body_id IN (\(binds: $0.isEmpty ? [-1] : $0))" } ?? ""
        let issued: SQLQueryString = internalToo ? "" : " AND p.issued_on IS NOT NULL"
        let rows = try await db.sql.raw("""
            SELECT i.id, i.program_id, i.content, i.planned_month, i.planned_on, p.title FROM work_items i JOIN work_programs p ON p.id = i.program_id \
            WHERE i.council_id IN (\(binds: councils)) AND i.deleted_at IS NULL AND p.deleted_at IS NULL AND i.state <> 'cancelled' \
            AND i.planned_month >= \(bind: String(from.description.prefix(7))) AND i.planned_month <= \(bind: String(to.description.prefix(7)))\(byBody)\(issued)
            """).rows(Row.self)
        return rows.compactMap { r in
            let month = Day(r.planned_month + "-01")
            guard let day = r.planned_on.flatMap({ Day($0) }) ?? month else { return nil }
            let last = r.planned_on == nil ? day.lastOfMonth : day
            guard day <= to, last >= from else { return nil }
            return Event(kind: .programItem, day: day, lastDay: last, start: nil, end: nil,
                         title: (r.planned_on == nil ? "Trong tháng: " : "") + String(r.content.prefix(120)), place: "", detail: r.title,
                         href: RecordKind.workProgram.path(r.program_id) + "#noi-dung-\(r.id)", uid: "chuong-trinh-cong-tac-\(r.id)@hdnd-so")
        }
    }

    /// The feed as iCalendar text.
    public static func ics(name: String, events: [Event]) -> String {
        ICalendar(name: name, events: events.map(\.ics), stamp: Date()).render()
    }
}
