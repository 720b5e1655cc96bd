import Foundation

/// The Vietnamese lunar calendar (âm lịch), computed astronomically for Vietnam's time zone
/// (UTC+7) with Hồ Ngọc Đức's well-known algorithm: new moons and solar terms from the
/// formulas in Jean Meeus, "Astronomical Algorithms". Needed for Tết and Giỗ Tổ Hùng Vương.
public enum LunarCalendar {
    public struct LunarDate: Equatable, Sendable {
        public let day: Int, month: Int, year: Int
        public let isLeapMonth: Bool
    }

    static let timeZone = 7.0

    // MARK: Astronomy

    /// Julian day (fractional, UT) of the k-th new moon after 1900-01-01.
    static func newMoon(_ k: Int) -> Double {
        let k = Double(k)
        let t = k / 1236.85, t2 = t * t, t3 = t2 * t
        let dr = Double.pi / 180
        var jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
        jd1 += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
        let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
        let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
        let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
        var c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m)
        c1 = c1 - 0.4068 * sin(mpr * dr) + 0.0161 * sin(dr * 2 * mpr)
        c1 = c1 - 0.0004 * sin(dr * 3 * mpr)
        c1 = c1 + 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr))
        c1 = c1 - 0.0074 * sin(dr * (m - mpr)) + 0.0004 * sin(dr * (2 * f + m))
        c1 = c1 - 0.0004 * sin(dr * (2 * f - m)) - 0.0006 * sin(dr * (2 * f + mpr))
        c1 = c1 + 0.0010 * sin(dr * (2 * f - mpr)) + 0.0005 * sin(dr * (2 * mpr + m))
        let deltaT = t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2
        return jd1 + c1 - deltaT
    }

    /// The sun's apparent longitude (radians, 0..2π) at a Julian day (UT).
    static func sunLongitude(_ jdn: Double) -> Double {
        let t = (jdn - 2451545.0) / 36525, t2 = t * t
        let dr = Double.pi / 180
        let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
        let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
        var dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m)
        dl += (0.019993 - 0.000101 * t) * sin(dr * 2 * m) + 0.000290 * sin(dr * 3 * m)
        var l = (l0 + dl) * dr
        l -= Double.pi * 2 * floor(l / (Double.pi * 2))
        return l
    }

    /// Which of the 12 major solar-term sectors (0–11) the sun is in at local midnight of a day.
    static func sunSector(_ dayNumber: Int) -> Int {
        Int(floor(sunLongitude(Double(dayNumber) - 0.5 - timeZone / 24) / Double.pi * 6))
    }

    /// The local day on which the k-th new moon falls.
    static func newMoonDay(_ k: Int) -> Int { Int(floor(newMoon(k) + 0.5 + timeZone / 24)) }

    /// The first day of the 11th lunar month (the month holding the winter solstice) of a solar year.
    static func lunarMonth11(_ year: Int) -> Int {
        let off = Day.julianDay(year: year, month: 12, day: 31) - 2415021
        let k = Int(floor(Double(off) / 29.530588853))
        let nm = newMoonDay(k)
        return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm
    }

    /// In a leap lunar year starting at a11, the offset of the leap month (the first without a major solar term).
    static func leapMonthOffset(_ a11: Int) -> Int {
        let k = Int(floor((Double(a11) - 2415021.076998695) / 29.530588853 + 0.5))
        var i = 1
        var arc = sunSector(newMoonDay(k + i))
        var last: Int
        repeat {
            last = arc
            i += 1
            arc = sunSector(newMoonDay(k + i))
        } while arc != last && i < 14
        return i - 1
    }

    public static func lunar(_ solar: Day) -> LunarDate {
        let dayNumber = solar.julianDay
        let k = Int(floor((Double(dayNumber) - 2415021.076998695) / 29.530588853))
        var monthStart = newMoonDay(k + 1)
        if monthStart > dayNumber { monthStart = newMoonDay(k) }
        var a11 = lunarMonth11(solar.year)
        var b11 = a11
        var lunarYear: Int
        if a11 >= monthStart {
            lunarYear = solar.year
            a11 = lunarMonth11(solar.year - 1)
        } else {
            lunarYear = solar.year + 1
            b11 = lunarMonth11(solar.year + 1)
        }
        let lunarDay = dayNumber - monthStart + 1
        let diff = (monthStart - a11) / 29
        var leap = false
        var lunarMonth = diff + 11
        if b11 - a11 > 365 {
            let leapDiff = leapMonthOffset(a11)
            if diff >= leapDiff {
                lunarMonth = diff + 10
                leap = diff == leapDiff
            }
        }
        if lunarMonth > 12 { lunarMonth -= 12 }
        if lunarMonth >= 11 && diff < 4 { lunarYear -= 1 }
        return LunarDate(day: lunarDay, month: lunarMonth, year: lunarYear, isLeapMonth: leap)
    }

    /// The solar day of a lunar date (nil for a leap month that year does not have).
    public static func solar(day: Int, month: Int, year: Int, leap: Bool = false) -> Day? {
        let (k, leapOffset) = yearStart(month: month, year: year)
        var off = month - 11
        if off < 0 { off += 12 }
        if let leapOffset {
            var leapMonth = leapOffset - 2
            if leapMonth < 0 { leapMonth += 12 }
            if leap && month != leapMonth { return nil }
            if leap || off >= leapOffset { off += 1 }
        } else if leap {
            return nil
        }
        return Day(julian: newMoonDay(k + off) + day - 1)
    }

    /// The solar day of a date of an ordinary (not leap) lunar month: every such date exists.
    static func solarDay(day: Int, month: Int, year: Int) -> Day {
        let (k, leapOffset) = yearStart(month: month, year: year)
        var off = month - 11
        if off < 0 { off += 12 }
        if let leapOffset, off >= leapOffset { off += 1 }
        return Day(julian: newMoonDay(k + off) + day - 1)
    }

    /// For a lunar month of a year: the new-moon index of the 11th month before it, and the offset of the leap
    /// month when that lunar year has one.
    private static func yearStart(month: Int, year: Int) -> (k: Int, leapOffset: Int?) {
        let a11: Int, b11: Int
        if month < 11 {
            a11 = lunarMonth11(year - 1); b11 = lunarMonth11(year)
        } else {
            a11 = lunarMonth11(year); b11 = lunarMonth11(year + 1)
        }
        let k = Int(floor(0.5 + (Double(a11) - 2415021.076998695) / 29.530588853))
        return (k, b11 - a11 > 365 ? leapMonthOffset(a11) : nil)
    }

    /// Mùng 1 Tết of the lunar year that begins in solar year `year`.
    public static func tet(_ year: Int) -> Day { solarDay(day: 1, month: 1, year: year) }

    /// Giỗ Tổ Hùng Vương, the 10th day of the 3rd lunar month, in solar year `year`.
    public static func hungKings(_ year: Int) -> Day { solarDay(day: 10, month: 3, year: year) }
}
