/// A reporting period as councils name them: a year, a quarter, "05 tháng đầu năm", or any span of days.
public struct Period: Equatable, Sendable {
    public let from: Day
    public let to: Day
    public let label: String

    public static func year(_ y: Int) -> Period {
        Period(from: Day(clampingYear: y, month: 1, day: 1), to: Day(clampingYear: y, month: 12, day: 31), label: "Năm \(y)")
    }

    public static func quarter(_ q: Int, of y: Int) -> Period? {
        guard (1...4).contains(q) else { return nil }
        let start = (q - 1) * 3 + 1, end = start + 2
        return Period(from: Day(clampingYear: y, month: start, day: 1), to: Day(clampingYear: y, month: end, day: 1).lastOfMonth,
                      label: "Quý \(RomanNumeral.string(q))/\(y)")
    }

    /// "05 tháng đầu năm 2020", "9 tháng đầu năm", "6 tháng".
    public static func firstMonths(_ n: Int, of y: Int) -> Period? {
        guard (1...12).contains(n) else { return nil }
        return Period(from: Day(clampingYear: y, month: 1, day: 1), to: Day(clampingYear: y, month: n, day: 1).lastOfMonth,
                      label: "\(VietnameseFormat.count(n)) tháng đầu năm \(y)")
    }

    public static func custom(_ from: Day, _ to: Day) -> Period? {
        guard from <= to else { return nil }
        return Period(from: from, to: to, label: "Từ \(VietnameseFormat.date(from.description)) đến \(VietnameseFormat.date(to.description))")
    }
}
