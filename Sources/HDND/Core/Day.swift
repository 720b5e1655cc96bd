import Foundation

/// A calendar day, stored everywhere as ISO text ("2022-04-26") so that SQLite and
/// PostgreSQL compare and sort it the same way.
public struct Day: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init?(_ iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard iso.count == 10, parts.count == 3,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...9999).contains(y), (1...12).contains(m), (1...Day.daysIn(month: m, year: y)).contains(d)
        else { return nil }
        (year, month, day) = (y, m, d)
    }

    /// Accepts ISO ("2022-04-26") or the Vietnamese form ("26/04/2022").
    public init?(input: String) {
        let text = input.trimmingCharacters(in: .whitespaces)
        if let iso = Day(text) { self = iso; return }
        let parts = text.split(separator: "/")
        guard parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]),
              let day = Day(String(format: "%04d-%02d-%02d", y, m, d)) else { return nil }
        self = day
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: Day, b: Day) -> Bool { a.description < b.description }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Today in Hà Nội.
    public static func today(now: Date = Date()) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = VietnameseFormat.hanoi
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return Day(String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!))!
    }
}

public extension Day {
    func adding(days: Int) -> Day { LunarCalendar.day(julian: LunarCalendar.julianDay(self) + days) }

    /// 1 = Monday … 7 = Sunday.
    var weekday: Int { LunarCalendar.julianDay(self) % 7 + 1 }

    var isWeekend: Bool { weekday >= 6 }

    var firstOfMonth: Day { Day(String(format: "%04d-%02d-01", year, month))! }
    var lastOfMonth: Day { Day(String(format: "%04d-%02d-%02d", year, month, Day.daysIn(month: month, year: year)))! }

    static func - (a: Day, b: Day) -> Int { LunarCalendar.julianDay(a) - LunarCalendar.julianDay(b) }
}
