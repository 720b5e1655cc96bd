import Fluent
import SQLKit
import Vapor

/// The records behind the summary's figures of meetings, letters and visits, over a unit's councils and a period.
struct DrillDownController {
    func register(_ app: any RoutesBuilder) {
        app.get("bao-cao", "tiep-xuc-cu-tri", use: meetings)
        app.get("bao-cao", "don-thu", use: letters)
        app.get("bao-cao", "tiep-cong-dan", use: visits)
    }

    struct Column: Encodable { let label: String; let numeric: Bool }
    struct Row: Encodable { let href: String; let cells: [String] }
    struct TablePage: Encodable {
        let layout: LayoutContext
        let heading: String
        let columns: [Column]
        let rows: [Row]
        let nextHref: String?
        /// A list with its total and first, previous and next pages (else `nextHref` goes on).
        var pager: Paging.Pager? = nil
        let backHref: String
        var backLabel = "Tổng hợp"
    }

    static let pageSize = 100

    /// Unit, period and the scope condition for `alias.council_id`.
    static func context(_ req: Request) async throws -> (AdministrativeUnit, Period, SQLQueryString) {
        let unit = try await SummaryController.unit(req, param: "don-vi")
        try SummaryController.authorize(req, unit)
        let period = try SummaryController.period(req)
        return (unit, period, SummaryQueries.councilScope(unit.path))
    }

    static func next(_ req: Request, _ count: Int, _ lastID: Int?) -> String? {
        guard count > pageSize, let lastID else { return nil }
        return Paging.next(req.url.path, query: req.url.query, cursor: String(lastID))
    }

    static func before(_ req: Request) throws -> SQLQueryString {
        guard let id = try Paging.cursor(req) else { return "" }
        return " AND id < \(bind: id)"
    }

    static func back(_ unit: AdministrativeUnit, _ period: Period) -> String {
        "/bao-cao/tong-hop?don-vi=\(unit.id!)&tu=\(period.from)&den=\(period.to)"
    }

    func meetings(req: Request) async throws -> View {
        let (unit, period, scope) = try await Self.context(req)
        let kind: SQLQueryString = switch req.query[String.self, at: "loai"] ?? "" {
        case "council": " AND kind IN ('beforeSession', 'afterSession')"
        case "thematic": " AND kind = 'thematic'"
        case "nationalAssembly": " AND kind = 'higherLevel' AND higher_level = 'nationalAssembly'"
        case "province": " AND kind = 'higherLevel' AND higher_level = 'province'"
        case "": ""
        default: throw ValidationFailure(field: "loai", "Loại không hợp lệ.")
        }
        struct M: Decodable { let id: Int; let date: String; let kind: VoterMeetingKind; let place: String; let voters_attending: Int; let voters_speaking: Int }
        let rows = try await req.db.sql.raw("""
            SELECT id, date, kind, place, voters_attending, voters_speaking FROM voter_meetings WHERE \(scope) AND deleted_at IS NULL \
            AND date >= \(bind: period.from.description) AND date <= \(bind: period.to.description)\(kind)\(try Self.before(req)) \
            ORDER BY id DESC LIMIT \(literal: Self.pageSize + 1)
            """).all(decoding: M.self)
        let page = TablePage(layout: req.layoutContext(title: "Tiếp xúc cử tri"),
                             heading: "Tiếp xúc cử tri — \(unit.fullName), \(period.label.lowercasedFirst)",
                             columns: [.init(label: "Ngày", numeric: false), .init(label: "Hình thức", numeric: false), .init(label: "Địa điểm", numeric: false),
                                       .init(label: "Cử tri tham dự", numeric: true), .init(label: "Phát biểu", numeric: true)],
                             rows: rows.prefix(Self.pageSize).map { m in
                                 Row(href: RecordKind.voterMeeting.path(m.id), cells: [VietnameseFormat.date(m.date), m.kind.label, m.place,
                                     VietnameseFormat.number(m.voters_attending), VietnameseFormat.number(m.voters_speaking)])
                             },
                             nextHref: Self.next(req, rows.count, rows.prefix(Self.pageSize).last?.id), backHref: Self.back(unit, period))
        return try await req.view.render("Reports/table", page)
    }

    func letters(req: Request) async throws -> View {
        let (unit, period, scope) = try await Self.context(req)
        let from = period.from.description, to = period.to.description
        let kind = req.query[String.self, at: "loai"] ?? "received"
        let filter: SQLQueryString = switch kind {
        case "received": " AND received_on >= \(bind: from) AND received_on <= \(bind: to)"
        case "cases": " AND duplicate_of_id IS NULL AND accepted_on >= \(bind: from) AND accepted_on <= \(bind: to)"
        case "resolved", "withdrawn", "pending":
            " AND duplicate_of_id IS NULL AND accepted_on >= \(bind: from) AND accepted_on <= \(bind: to) AND outcome = \(bind: kind)"
        default: throw ValidationFailure(field: "loai", "Loại không hợp lệ.")
        }
        struct L: Decodable { let id: Int; let year: Int; let number: Int; let received_on: String; let kind: LetterKind; let content: String; let outcome: LetterOutcome }
        let rows = try await req.db.sql.raw("""
            SELECT id, year, number, received_on, kind, content, outcome FROM letters WHERE \(scope) AND deleted_at IS NULL\(filter)\(try Self.before(req)) \
            ORDER BY id DESC LIMIT \(literal: Self.pageSize + 1)
            """).all(decoding: L.self)
        // Senders are never listed here: a denouncer's name has no place on a list.
        let page = TablePage(layout: req.layoutContext(title: "Đơn thư"), heading: "Đơn thư — \(unit.fullName), \(period.label.lowercasedFirst)",
                             columns: [.init(label: "Số", numeric: false), .init(label: "Ngày nhận", numeric: false), .init(label: "Loại", numeric: false),
                                       .init(label: "Nội dung", numeric: false), .init(label: "Kết quả", numeric: false)],
                             rows: rows.prefix(Self.pageSize).map { l in
                                 Row(href: RecordKind.letter.path(l.id), cells: ["\(VietnameseFormat.serial(l.number))/\(l.year)", VietnameseFormat.date(l.received_on),
                                     l.kind.label, l.content, l.outcome.label])
                             },
                             nextHref: Self.next(req, rows.count, rows.prefix(Self.pageSize).last?.id), backHref: Self.back(unit, period))
        return try await req.view.render("Reports/table", page)
    }

    func visits(req: Request) async throws -> View {
        let (unit, period, scope) = try await Self.context(req)
        struct V: Decodable { let id: Int; let date: String; let visitors: Int; let kind: LetterKind; let topic: String; let handling: VisitHandling; let council_id: Int }
        let rows = try await req.db.sql.raw("""
            SELECT id, date, visitors, kind, topic, handling, council_id FROM reception_visits WHERE \(scope) AND deleted_at IS NULL \
            AND date >= \(bind: period.from.description) AND date <= \(bind: period.to.description)\(try Self.before(req)) \
            ORDER BY id DESC LIMIT \(literal: Self.pageSize + 1)
            """).all(decoding: V.self)
        let page = TablePage(layout: req.layoutContext(title: "Tiếp công dân"), heading: "Tiếp công dân — \(unit.fullName), \(period.label.lowercasedFirst)",
                             columns: [.init(label: "Ngày", numeric: false), .init(label: "Lượt", numeric: true), .init(label: "Loại", numeric: false),
                                       .init(label: "Nội dung", numeric: false), .init(label: "Xử lý", numeric: false)],
                             rows: rows.prefix(Self.pageSize).map { v in
                                 Row(href: RecordKind.receptionVisit.path(v.id), cells: [VietnameseFormat.date(v.date), VietnameseFormat.number(v.visitors),
                                     v.kind.label, v.topic, v.handling.label])
                             },
                             nextHref: Self.next(req, rows.count, rows.prefix(Self.pageSize).last?.id), backHref: Self.back(unit, period))
        return try await req.view.render("Reports/table", page)
    }
}
