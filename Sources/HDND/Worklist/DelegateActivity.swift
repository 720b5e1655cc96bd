import Fluent
import SQLKit

/// A delegate's own work this term, on the home page of the account linked to them (`User.personID`): the posts they
/// hold, the citizens they received, their reception days ahead, the voter meetings of their delegate groups.
public enum DelegateActivity {
    /// Kept between requests while the records stay the same (`FigureCache`): every table it reads bumps the revision.
    static func section(personID: Int, council: Places.CouncilPlace, today: Day = .today(), kept: FigureCache,
                        db: any Database) async throws -> Worklist.Section? {
        try await kept.value("delegate \(personID) \(council.id) \(council.unit_id) \(today)", on: db) {
            try await count(personID: personID, council: council, today: today, kept: kept, db: db)
        }
    }

    private static func count(personID: Int, council: Places.CouncilPlace, today: Day, kept: FigureCache,
                              db: any Database) async throws -> Worklist.Section? {
        struct Person: Decodable { let unit_id: Int; let full_name: String }
        guard let person = try await db.sql.raw("""
                SELECT unit_id, full_name FROM people WHERE id = \(bind: personID) AND deleted_at IS NULL
                """).firstRow(Person.self), person.unit_id == council.unit_id,
              let term = try await Term.running(councilID: council.id, on: today, db: db) else { return nil }
        let since = term.start_date ?? "\(term.start_year)-01-01"
        let sql = db.sql
        struct Post: Decodable { let post: String; let body_id: Int; let kind: BodyKind; let name: String }
        let posts = try await sql.raw("""
            SELECT m.post, b.id AS body_id, b.kind, b.name FROM memberships m JOIN bodies b ON b.id = m.body_id \
            WHERE m.person_id = \(bind: personID) AND b.term_id = \(bind: term.id) AND m.deleted_at IS NULL AND b.deleted_at IS NULL \
            AND (m.valid_to IS NULL OR m.valid_to >= \(bind: today.description)) ORDER BY m.rank, b.name
            """).rows(Post.self)
        struct Received: Decodable { let sessions: Int; let citizens: Int }
        let received = try await sql.raw("""
            SELECT COUNT(DISTINCT date) AS sessions, CAST(COALESCE(SUM(visitors), 0) AS BIGINT) AS citizens FROM reception_visits \
            WHERE delegate_id = \(bind: personID) AND date >= \(bind: since) AND deleted_at IS NULL
            """).firstRow(Received.self) ?? Received(sessions: 0, citizens: 0)
        let groups = posts.filter { $0.kind == .delegateGroup }.map(\.body_id)
        struct Meetings: Decodable { let n: Int; let voters: Int }
        let meetings = groups.isEmpty ? Meetings(n: 0, voters: 0) : try await sql.raw("""
            SELECT COUNT(*) AS n, CAST(COALESCE(SUM(voters_attending), 0) AS BIGINT) AS voters FROM voter_meetings \
            WHERE body_id IN (\(binds: groups)) AND date >= \(bind: since) AND deleted_at IS NULL
            """).firstRow(Meetings.self) ?? Meetings(n: 0, voters: 0)
        struct Day_: Decodable { let date: String; let name: String; let place: String; let start_time: String }
        let ahead = try await sql.raw("""
            SELECT a.date, s.name, s.place, s.start_time FROM reception_assignments a JOIN reception_schedules s ON s.id = a.schedule_id \
            WHERE a.person_id = \(bind: personID) AND a.date >= \(bind: today.description) AND s.deleted_at IS NULL ORDER BY a.date LIMIT 3
            """).rows(Day_.self)
        let base = RecordKind.council.path(council.id)
        // The council's targets for each delegate running now, counted for this one.
        let targets = try await Target.query(on: db).filter(\.$councilID == council.id).filter(\.$scope == .eachDelegate)
            .filter(\.$periodFrom <= today.description).filter(\.$periodTo >= today.description).sort(\.$id).all()
        let own = try await TargetProgress.of(targets, today: today, kept: kept, db: db).compactMap { $0.alone(personID, today: today) }
        var notes = posts.map { Worklist.Note(text: "\($0.post) — \($0.name)", href: RecordKind.body.path($0.body_id)) }
        notes += ahead.map { d in
            Worklist.Note(text: "Lịch tiếp công dân ngày \(VietnameseFormat.date(d.date)), \(d.start_time), \(d.place) (\(d.name))",
                          href: base + "/tiep-cong-dan?thang=\(d.date.prefix(7))")
        }
        return Worklist.Section(
            heading: "Hoạt động của tôi: \(person.full_name)", href: RecordKind.person.path(personID),
            note: "\(term.label), từ \(VietnameseFormat.date(since))",
            items: [
                Worklist.Item("buổi tiếp công dân đã dự", received.sessions, base + "/tiep-cong-dan"),
                Worklist.Item("lượt công dân đã tiếp", received.citizens, base + "/tiep-cong-dan"),
                Worklist.Item("cuộc tiếp xúc cử tri của tổ đại biểu", meetings.n, base + "/tiep-xuc-cu-tri"),
                Worklist.Item("lượt cử tri dự tiếp xúc", meetings.voters, base + "/tiep-xuc-cu-tri"),
            ],
            notes: notes,
            charts: Charts.targets(id: "chi-tieu-dai-bieu-\(personID)", title: "Chỉ tiêu của tôi", own).map { [$0] } ?? [])
    }
}
