import Foundation

/// Days off for state bodies: weekends and public holidays (Labour Code 2019, art. 112; Decree 145/2020),
/// with the lunar ones (Tết, Giỗ Tổ Hùng Vương) computed, and a holiday falling on a weekly rest day
/// made up on the next working day (art. 111.3). Each year the Prime Minister fixes the exact
/// Tết and National Day days and may swap days; those decisions are recorded as data (`HolidayDecision`)
/// and arrive here as `extraDaysOff` and `extraWorkingDays`. Every computation of a due date takes the
/// calendar of the request (`HolidayDecisions.calendar(on:)`), or one kept only while no decision has been
/// written since (`HolidayDecisions.calendar(kept:on:)`), never a copy that could be stale.
public struct HolidayCalendar: Sendable {
    public struct Holiday: Equatable, Sendable {
        public let day: Day
        public let name: String
        /// A working day by decision (a Saturday worked in exchange for a day off), not a day off.
        public var working = false
    }

    /// Days off and working days by decision, each with the decision that made it so.
    public var extraDaysOff: [Day: String]
    public var extraWorkingDays: [Day: String]

    public init(extraDaysOff: [Day: String] = [:], extraWorkingDays: [Day: String] = [:]) {
        self.extraDaysOff = extraDaysOff; self.extraWorkingDays = extraWorkingDays
    }

    /// The calendar of the law alone, with no decision applied: for hand-checked cases, and the rules' own examples.
    public static let statutory = HolidayCalendar()

    /// The days off of a year as this calendar counts them, with the working days decided in exchange:
    /// the law's holidays, less those a decision makes working days, plus the days off decided.
    public func holidays(in year: Int) -> [Holiday] {
        var list = Self.defaultHolidays(year).filter { extraWorkingDays[$0.day] == nil }
        let listed = Set(list.map(\.day))
        for (day, decision) in extraDaysOff where day.year == year && !listed.contains(day) && !day.isWeekend {
            list.append(Holiday(day: day, name: "Nghỉ theo \(decision)"))
        }
        for (day, decision) in extraWorkingDays where day.year == year {
            list.append(Holiday(day: day, name: "Làm việc theo \(decision)", working: true))
        }
        return list.sorted { $0.day < $1.day }
    }

    /// The public holidays of a year by the rules, make-up days included.
    public static func defaultHolidays(_ year: Int) -> [Holiday] {
        func d(_ m: Int, _ day: Int) -> Day { Day(clampingYear: year, month: m, day: day) }
        var blocks: [[Holiday]] = []
        blocks.append([Holiday(day: d(1, 1), name: "Tết Dương lịch")])
        // Tết: the last day of the old lunar year and the first four days of the new one (5 days).
        let tet = LunarCalendar.tet(year)
        blocks.append((-1...3).map { Holiday(day: tet.adding(days: $0), name: $0 < 0 ? "Tết Nguyên đán (cuối năm)" : "Tết Nguyên đán (mùng \($0 + 1))") })
        blocks.append([Holiday(day: LunarCalendar.hungKings(year), name: "Giỗ Tổ Hùng Vương (10/3 âm lịch)")])
        blocks.append([Holiday(day: d(4, 30), name: "Ngày Chiến thắng"), Holiday(day: d(5, 1), name: "Ngày Quốc tế lao động")])
        // National Day: 2/9 and one adjacent day chosen to join a weekend (Decree 145/2020).
        let national = d(9, 2)
        let adjacent: Int
        switch national.weekday { case 2, 5, 6: adjacent = -1; default: adjacent = 1 }
        blocks.append([Holiday(day: national, name: "Quốc khánh"), Holiday(day: national.adding(days: adjacent), name: "Quốc khánh (ngày liền kề)")]
            .sorted { $0.day < $1.day })
        var all: [Holiday] = []
        var taken = Set(blocks.joined().map(\.day))
        for block in blocks {
            all += block
            // Each holiday falling on Saturday or Sunday is made up on the next free working day after the block.
            guard let last = block.last else { continue }
            var next = last.day.adding(days: 1)
            for _ in block.filter({ $0.day.isWeekend }) {
                while (next.isWeekend || taken.contains(next)) && next < Day.last { next = next.adding(days: 1) }
                all.append(Holiday(day: next, name: "Nghỉ bù"))
                taken.insert(next)
                next = next.adding(days: 1)
            }
        }
        return all.sorted { $0.day < $1.day }
    }

    /// Cached per year: computing lunar dates is not free.
    private static let cache = HolidayCache()

    public func isHoliday(_ day: Day) -> Bool {
        if extraDaysOff[day] != nil { return true }
        return Self.cache.days(day.year).contains(day)
    }

    public func isWorkingDay(_ day: Day) -> Bool {
        if extraWorkingDays[day] != nil { return true }
        return !day.isWeekend && !isHoliday(day)
    }

    /// The `n`-th working day after `start` (n ≥ 1); the start day itself never counts. Stops at `Day.last`.
    public func addingWorkingDays(_ n: Int, to start: Day) -> Day {
        var day = start, left = n
        while left > 0 && day < Day.last {
            day = day.adding(days: 1)
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// The `n`-th working day before `day` (n ≥ 1): "at the latest 05 working days before" a date. Stops at `Day.first`.
    public func subtractingWorkingDays(_ n: Int, from day: Day) -> Day {
        var d = day, left = n
        while left > 0 && d > Day.first {
            d = d.adding(days: -1)
            if isWorkingDay(d) { left -= 1 }
        }
        return d
    }

    /// `n` calendar days after `start`; an end on a day off moves to the next working day (Civil Code 2015, art. 148).
    /// Stops at `Day.last`.
    public func addingCalendarDays(_ n: Int, to start: Day) -> Day {
        var day = start.adding(days: n)
        while !isWorkingDay(day) && day < Day.last { day = day.adding(days: 1) }
        return day
    }
}

/// Holiday days per year, computed once. A lock guards it: requests read it from many threads.
final class HolidayCache: @unchecked Sendable {
    private var years: [Int: Set<Day>] = [:]
    private let lock = NSLock()

    func days(_ year: Int) -> Set<Day> {
        lock.withLock {
            if let cached = years[year] { return cached }
            let days = Set(HolidayCalendar.defaultHolidays(year).map(\.day))
            years[year] = days
            return days
        }
    }
}
