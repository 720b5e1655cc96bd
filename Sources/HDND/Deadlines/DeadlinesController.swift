import Fluent
import Vapor

/// The public page of the legal deadlines the system computes and the days off it counts with,
/// so a clerk (or a citizen) can check any due date by hand.
struct DeadlinesController {
    func register(_ app: any RoutesBuilder) {
        app.get("thoi-han", use: page)
    }

    struct RuleItem: Encodable {
        let label: String, period: String, count: String, normal: String, complex: String, remote: String, remoteComplex: String
        let basis: String, provisional: Bool
    }
    struct HolidayItem: Encodable { let date: String; let weekday: String; let name: String; let working: Bool }
    struct DecisionItem: Encodable {
        let number: String, issued: String, summary: String, daysOff: String, workingDays: String, source: String
        let provisional: Bool, editHref: String, deleteHref: String, version: Int
    }
    struct Page: Encodable {
        let layout: LayoutContext
        let rules: [RuleItem]
        let year: Int, years: [Int]
        let holidays: [HolidayItem]
        let decisions: [DecisionItem]
        let canEdit: Bool
        let newDecisionHref: String
    }

    /// Years whose holidays the page offers: the lunar tables are checked for these.
    static let years = Array(2015...2035)

    static func rules() -> [RuleItem] {
        DeadlineRules.all.map { r in
            let period = switch (r.validFrom, r.validTo) {
            case (nil, nil): "Đang áp dụng"
            case (nil, let to?): "Đến hết \(VietnameseFormat.date(to.description))"
            case (let from?, nil): "Từ \(VietnameseFormat.date(from.description))"
            case (let from?, let to?): "\(VietnameseFormat.date(from.description)) – \(VietnameseFormat.date(to.description))"
            }
            let unit = r.count == .workingDays ? "ngày làm việc" : "ngày"
            func n(_ v: Int) -> String { r.count == .immediately ? "Ngay" : "\(VietnameseFormat.count(v)) \(unit)" }
            let count = switch r.count {
            case .workingDays: "Ngày làm việc"
            case .calendarDays: "Ngày (theo lịch)"
            case .immediately: "Ngay"
            }
            return RuleItem(label: r.label, period: period, count: count,
                            normal: n(r.days.normal), complex: n(r.days.complex), remote: n(r.days.remote),
                            remoteComplex: n(r.days.remoteComplex), basis: r.legalBasis, provisional: !r.verified)
        }
    }

    func page(req: Request) async throws -> View {
        let raw = req.queryValue("nam")
        let year = try raw.map { s in
            guard let y = Int(s), Self.years.contains(y) else {
                throw ValidationFailure(field: "nam", "Năm phải từ \(Self.years.first!) đến \(Self.years.last!).")
            }
            return y
        } ?? Day.today().year
        let holidays = try await HolidayDecisions.calendar(on: req.db).holidays(in: year).map {
            HolidayItem(date: VietnameseFormat.date($0.day.description), weekday: VietnameseFormat.weekday($0.day), name: $0.name, working: $0.working)
        }
        func dates(_ text: String) -> String { HolidayDecision.days(text).map { VietnameseFormat.date($0.description) }.joined(separator: ", ") }
        let decisions = try await HolidayDecision.query(on: req.db).filter(\.$year == year).sort(\.$id).all().map { d in
            DecisionItem(number: d.number, issued: [d.issuer, d.issuedOn.map { "ngày \(VietnameseFormat.date($0))" }].compactMap { $0 }.joined(separator: ", "),
                         summary: d.summary, daysOff: dates(d.daysOff), workingDays: dates(d.workingDays), source: d.source,
                         provisional: !d.verified, editHref: RecordKind.holidayDecision.editPath(d.id!),
                         deleteHref: RecordKind.holidayDecision.deletePath(d.id!), version: d.version)
        }
        return try await req.view.render("Deadlines/rules", Page(layout: req.layoutContext(title: "Thời hạn luật định"), rules: Self.rules(),
                                                                  year: year, years: Self.years, holidays: holidays, decisions: decisions,
                                                                  canEdit: Policy.allows(req.actor, .create, .national),
                                                                  newDecisionHref: RecordKind.holidayDecision.newPath + "?nam=\(year)"))
    }
}
