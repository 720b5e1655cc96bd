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
    struct HolidayItem: Encodable { let date: String; let weekday: String; let name: String }
    struct Page: Encodable {
        let layout: LayoutContext
        let rules: [RuleItem]
        let year: Int, years: [Int]
        let holidays: [HolidayItem]
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
            func n(_ v: Int) -> String { "\(VietnameseFormat.count(v)) \(unit)" }
            return RuleItem(label: r.label, period: period, count: r.count == .workingDays ? "Ngày làm việc" : "Ngày (theo lịch)",
                            normal: n(r.days.normal), complex: n(r.days.complex), remote: n(r.days.remote),
                            remoteComplex: n(r.days.remoteComplex), basis: r.legalBasis, provisional: !r.verified)
        }
    }

    func page(req: Request) async throws -> View {
        let raw = req.query[String.self, at: "nam"]
        let year = try raw.map { s in
            guard let y = Int(s), Self.years.contains(y) else {
                throw ValidationFailure(field: "nam", "Năm phải từ \(Self.years.first!) đến \(Self.years.last!).")
            }
            return y
        } ?? Day.today().year
        let holidays = HolidayCalendar.defaultHolidays(year).map {
            HolidayItem(date: VietnameseFormat.date($0.day.description), weekday: VietnameseFormat.weekday($0.day), name: $0.name)
        }
        return try await req.view.render("Deadlines/rules", Page(layout: req.layoutContext(title: "Thời hạn luật định"), rules: Self.rules(),
                                                                  year: year, years: Self.years, holidays: holidays))
    }
}
