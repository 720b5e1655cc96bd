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

extension Period {
    /// Whole months from the first of a month to the last of one: their count, else nil.
    var wholeMonths: Int? {
        guard from == from.firstOfMonth, to == to.lastOfMonth else { return nil }
        return (to.year - from.year) * 12 + to.month - from.month + 1
    }

    /// The period `months` months earlier (or later), named as such a period is: a quarter, a year, the first months of
    /// a year, or its days.
    public func shifted(months: Int) -> Period {
        guard let n = wholeMonths else {
            let days = to.julianDay - from.julianDay + 1
            let f = from.adding(days: months < 0 ? -days : days), t = to.adding(days: months < 0 ? -days : days)
            return Period.custom(f, t) ?? self
        }
        let index = from.year * 12 + (from.month - 1) + months
        let start = Day(clampingYear: index / 12, month: index % 12 + 1, day: 1)
        if n == 12 && start.month == 1 { return .year(start.year) }
        if n == 3 && (start.month - 1) % 3 == 0, let q = Period.quarter((start.month - 1) / 3 + 1, of: start.year) { return q }
        if start.month == 1, let p = Period.firstMonths(n, of: start.year) { return p }
        let endIndex = index + n - 1
        return Period.custom(start, Day(clampingYear: endIndex / 12, month: endIndex % 12 + 1, day: 1).lastOfMonth) ?? self
    }

    /// The period just before, of the same length: the previous quarter, year, months or span of days. None for the
    /// first months of a year (05, 06, 09 months): councils compare those with the same months a year before only.
    public var previous: Period? {
        guard let n = wholeMonths else { return shifted(months: -1) }
        if from.month == 1 && n != 3 && n != 12 { return nil }
        return shifted(months: -n)
    }

    public var yearBefore: Period { shifted(months: -12) }

    /// The stored days of a period (ISO), named as councils name it when they span a quarter, a year or the first months
    /// of a year; nil when they are not days in order.
    public static func named(_ from: String, _ to: String) -> Period? {
        guard let a = Day(from), let b = Day(to), let p = custom(a, b) else { return nil }
        return p.named
    }

    /// The same days, named as councils name them.
    public var named: Period { wholeMonths == nil ? self : shifted(months: 0) }
}
