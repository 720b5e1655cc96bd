import Fluent
import SQLKit
import Vapor

/// The council's evaluation of a year (criteria, scores from the records, ranking) and a delegate's report card.
struct EvaluationController {
    func register(_ signedIn: any RoutesBuilder) {
        signedIn.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "thi-dua", use: page)
        signedIn.get(PathComponent(stringLiteral: RecordKind.person.slug), ":id", "ket-qua", use: reportCard)
    }

    struct Criterion: Encodable { let sentence: String; let note: String?; let editHref: String? }
    /// The ranking's rows are written in Swift (escaped by `HTML`): a city's table of 126 wards was most of the page's work in Leaf.
    struct Table: Encodable, Sendable { let heading: String; let columns: [String]; let maximum: String; let rows: HTML; let chart: HTML }

    static func rows(_ rows: [Evaluation.Row]) -> HTML {
        HTML.join(rows.map { r in
            let counts = HTML.join(r.counts.map { HTML("<td class=\"num\">\(VietnameseFormat.count($0))</td>") })
            return HTML("""
                <tr><td class="num">\(r.rank)</td><th scope="row"><a href="\(r.href)">\(r.name)</a></th>\(counts)\
                <td class="num"><strong>\(points(r.score))</strong></td></tr>

                """)
        })
    }
    struct Page: Encodable {
        let layout: LayoutContext
        let heading: String, councilHref: String, councilName: String, previousHref: String, nextHref: String
        let criteria: [Criterion], tables: [Table], addHref: String?
    }

    /// "87,5".
    static func points(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        return tenths % 10 == 0 ? VietnameseFormat.number(tenths / 10) : "\(VietnameseFormat.number(tenths / 10)),\(tenths % 10)"
    }

    /// A criterion as the page lists it.
    struct ShownCriterion: Sendable { let id: Int; let sentence: String; let note: String? }
    /// The year's criteria and ranked, tabled and drawn subjects, the same for every reader: kept while the records and the
    /// criteria stay the same (`FigureCache`; the criteria bump the revision, M066). A city's 126 wards ranked, written
    /// and drawn were half of the page's CPU (issue 11).
    struct Ranked: Sendable, Weighed {
        let criteria: [ShownCriterion]; let tables: [Table]
        var weight: Int { 1 + criteria.count + tables.reduce(0) { $0 + $1.rows.weight + $1.chart.weight } }
    }

    static func ranked(councilID: Int, year: Int, kept: FigureCache, db: any Database) async throws -> Ranked {
        try await kept.value("evaluation \(councilID) \(year)", on: db) {
            let rankings = try await Evaluation.rankings(councilID: councilID, year: year, kept: kept, db: db)
            return Ranked(
                criteria: rankings.flatMap(\.criteria).compactMap { c in c.id.map { ShownCriterion(id: $0, sentence: c.sentence, note: c.note) } },
                tables: rankings.map { r in
                    Table(heading: r.scope.label.replacingOccurrences(of: "Mỗi ", with: "Các "),
                          columns: r.criteria.map { "\($0.measure.unit.uppercasedFirst) (\(VietnameseFormat.count($0.expected)) = \($0.weight) điểm)" },
                          maximum: String(r.maximum),
                          rows: rows(r.rows),
                          chart: SVGChart.bars(id: "thi-dua-\(r.scope.rawValue)",
                                               title: "Điểm thi đua năm \(year): \(r.scope.label.replacingOccurrences(of: "Mỗi ", with: "các "))",
                                               description: "Điểm của từng đơn vị trên tối đa \(r.maximum) điểm; số liệu ở bảng bên dưới.",
                                               r.rows.map { SVGChart.Bar($0.name, Int($0.score.rounded())) }))
                })
        }
    }

    func page(req: Request) async throws -> View {
        let year = try Paging.year(req)
        let (council, place) = try await Places.authorizeInternal(.read, councilID: try req.parameters.require("id", as: Int.self), actor: req.actor, kept: req.application.figures, on: req.db)
        let ranked = try await Self.ranked(councilID: council.id, year: year, kept: req.application.figures, db: req.db)
        let canEdit = Policy.allows(req.actor, .update, place)
        let base = RecordKind.council.path(council.id) + "/thi-dua?nam="
        let page = Page(
            layout: req.layoutContext(title: "Thi đua"), heading: "Thi đua năm \(year) — \(council.name)", councilHref: RecordKind.council.path(council.id),
            councilName: council.name, previousHref: base + String(year - 1), nextHref: base + String(year + 1),
            criteria: ranked.criteria.map { Criterion(sentence: $0.sentence, note: $0.note, editHref: canEdit ? RecordKind.evaluationCriterion.editPath($0.id) : nil) },
            tables: ranked.tables,
            addHref: Policy.allows(req.actor, .create, place) ? RecordKind.evaluationCriterion.newPath + "?council=\(council.id)&nam=\(year)" : nil)
        return try await req.view.render("Evaluation/evaluation", page)
    }

    struct Figure: Encodable, Sendable { let label: String; let value: String }
    struct Item: Encodable, Sendable { let day: String; let title: String; let href: String? }
    struct Group: Encodable, Sendable { let heading: String; let items: [Item] }
    struct CardPage: Encodable {
        let layout: LayoutContext
        let heading: String, councilName: String, personName: String, personHref: String, previousHref: String, nextHref: String
        let figures: [Figure], groups: [Group]
    }

    /// A delegate's year as the card shows it, with the place whose readers may see it.
    struct Card: Sendable, Weighed {
        let personName: String, councilName: String, place: Place
        let figures: [Figure], groups: [Group]
        var weight: Int { FigureCache.weight(of: groups.map(\.items)) }
    }

    /// A delegate's year from the records: the days they received citizens, the questions they asked, what they led —
    /// each figure with its records, for the delegate to show voters. Read by the council's people and the delegate.
    /// Kept between requests while the records stay the same (`FigureCache`: people, councils, reception days, questions
    /// and oversights bump the revision): six reads a view before.
    func reportCard(req: Request) async throws -> View {
        let year = try Paging.year(req), id = try req.parameters.require("id", as: Int.self)
        guard let card = try await req.application.figures.value("report card \(id) \(year)", on: req.db, count: {
            try await Self.card(personID: id, year: year, db: req.db)
        }) else { throw Abort(.notFound) }
        guard Policy.allows(req.actor, .read, card.place) || req.actor?.personID == id else {
            throw Abort(req.actor == nil ? .unauthorized : .forbidden)
        }
        let base = RecordKind.person.path(id) + "/ket-qua?nam="
        let page = CardPage(
            layout: req.layoutContext(title: "Kết quả hoạt động của đại biểu"), heading: "Kết quả hoạt động năm \(year) — đại biểu \(card.personName)",
            councilName: card.councilName, personName: card.personName, personHref: RecordKind.person.path(id), previousHref: base + String(year - 1),
            nextHref: base + String(year + 1), figures: card.figures, groups: card.groups)
        return try await req.view.render("Evaluation/card", page)
    }

    /// The card of the person `personID` for `year`: nil when there is no such person, or no council of their unit.
    static func card(personID: Int, year: Int, db: any Database) async throws -> Card? {
        guard let person = try await Person.find(personID, on: db),
              let council = try await Council.query(on: db).filter(\.$unitID == person.unitID).first(), let councilID = council.id else { return nil }
        let place = try await Places.of(unitID: council.unitID, on: db).internalRecords
        let (f, t) = ("\(year)-01-01", "\(year)-12-31")
        // The days they received citizens (a session each), and the citizens received, counted as the summary counts them:
        // a group's visitors, not its one visit (by the index of delegate and day).
        struct Day_: Decodable { let date: String; let visitors: Int }
        let days = try await db.sql.raw("""
            SELECT date, CAST(SUM(visitors) AS BIGINT) AS visitors FROM reception_visits WHERE delegate_id = \(bind: personID) \
            AND council_id = \(bind: councilID) AND deleted_at IS NULL AND date >= \(bind: f) AND date <= \(bind: t) GROUP BY date ORDER BY date
            """).rows(Day_.self)
        let questions = try await Question.query(on: db).filter(\.$askedByID == personID).filter(\.$askedOn >= f).filter(\.$askedOn <= t).sort(\.$askedOn).all()
        let led = try await Oversight.query(on: db).filter(\.$personID == personID).filter(\.$fieldworkFrom >= f).filter(\.$fieldworkFrom <= t).sort(\.$fieldworkFrom).all()
        let n = VietnameseFormat.count
        return Card(
            personName: person.fullName, councilName: council.name, place: place,
            figures: [Figure(label: "buổi tiếp công dân", value: n(days.count)),
                      Figure(label: "lượt công dân được tiếp", value: n(days.reduce(0) { $0 + $1.visitors })),
                      Figure(label: "chất vấn", value: n(questions.count)),
                      Figure(label: "cuộc giám sát, khảo sát chủ trì", value: n(led.count))],
            groups: [
                Group(heading: "Tiếp công dân", items: days.map { Item(day: VietnameseFormat.date($0.date), title: "\(n($0.visitors)) lượt công dân", href: nil) }),
                Group(heading: "Chất vấn", items: questions.map { Item(day: VietnameseFormat.date($0.askedOn), title: "\($0.respondent): \($0.content.prefix(140))",
                                                                     href: $0.id.map { RecordKind.question.path($0) }) }),
                Group(heading: "Giám sát, khảo sát", items: led.map { Item(day: VietnameseFormat.date($0.fieldworkFrom), title: $0.displayName,
                                                                         href: $0.id.map { RecordKind.oversight.path($0) }) }),
            ])
    }
}
