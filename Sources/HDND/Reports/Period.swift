/// A reporting period as councils name them: a year, a quarter, "05 tháng đầu năm", or any span of days.
public struct Period: Equatable, Sendable {
    public let from: Day
    public let to: Day
    public let label: String

    public static func year(_ y: Int) -> Period {
        Period(from: Day(String(format: "%04d-01-01", y))!, to: Day(String(format: "%04d-12-31", y))!, label: "Năm \(y)")
    }

    public static func quarter(_ q: Int, of y: Int) -> Period? {
        guard (1...4).contains(q) else { return nil }
        let start = (q - 1) * 3 + 1, end = start + 2
        return Period(from: Day(String(format: "%04d-%02d-01", y, start))!,
                      to: Day(String(format: "%04d-%02d-%02d", y, end, Day.daysIn(month: end, year: y)))!,
                      label: "Quý \(RomanNumeral.string(q))/\(y)")
    }

    /// "05 tháng đầu năm 2020", "9 tháng đầu năm", "6 tháng".
    public static func firstMonths(_ n: Int, of y: Int) -> Period? {
        guard (1...12).contains(n) else { return nil }
        return Period(from: Day(String(format: "%04d-01-01", y))!,
                      to: Day(String(format: "%04d-%02d-%02d", y, n, Day.daysIn(month: n, year: y)))!,
                      label: "\(VietnameseFormat.count(n)) tháng đầu năm \(y)")
    }

    public static func custom(_ from: Day, _ to: Day) -> Period? {
        guard from <= to else { return nil }
        return Period(from: from, to: to, label: "Từ \(VietnameseFormat.date(from.description)) đến \(VietnameseFormat.date(to.description))")
    }
}
