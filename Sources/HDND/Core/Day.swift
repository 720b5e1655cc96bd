import Foundation

/// A calendar day, stored everywhere as ISO text ("2022-04-26") so that SQLite and
/// PostgreSQL compare and sort it the same way.
///
/// The type holds the days of years 0001–9999 (ISO's four-digit years) and every operation on it is total:
/// arithmetic that would leave that range stops at its first or last day instead of trapping. What people,
/// files and addresses may enter is narrower (`Day.accepted`): a council keeps nothing outside 1900–2100.
public struct Day: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    /// The first and last day the type can hold.
    public static let first = Day(valid: 1, 1, 1)
    public static let last = Day(valid: 9999, 12, 31)
    /// The days accepted from a form, the API, an address or an imported file.
    public static let accepted = Day(valid: 1900, 1, 1)...Day(valid: 2100, 12, 31)
    /// How a field explains the accepted range.
    public static let acceptedText = "từ 01/01/1900 đến 31/12/2100"

    /// Components already known to form a day of the range (internal constructions only).
    private init(valid y: Int, _ m: Int, _ d: Int) { (year, month, day) = (y, m, d) }

    /// A day from its parts; nil when they do not form a day of years 0001–9999.
    public init?(year y: Int, month m: Int, day d: Int) {
        guard (1...9999).contains(y), (1...12).contains(m), (1...Day.daysIn(month: m, year: y)).contains(d) else { return nil }
        self.init(valid: y, m, d)
    }

    /// A day computed from parts that may be out of bounds (a year from arithmetic, the 31st of a short month):
    /// each part is brought into its range, so the result is always a day.
    public init(clampingYear y: Int, month m: Int, day d: Int) {
        let year = min(max(y, 1), 9999), month = min(max(m, 1), 12)
        self.init(valid: year, month, min(max(d, 1), Day.daysIn(month: month, year: year)))
    }

    /// Stored ISO text, "2022-04-26".
    /// Read byte by byte: every value of an audit entry is tried as a day, and splitting the text first was a tenth of
    /// the audit log's page.
    public init?(_ iso: String) {
        guard iso.utf8.count == 10 else { return nil }
        var y = 0, m = 0, d = 0
        for (i, c) in iso.utf8.enumerated() {
            if i == 4 || i == 7 {
                guard c == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            let digit = Int(c - UInt8(ascii: "0"))
            if i < 4 { y = y * 10 + digit } else if i < 7 { m = m * 10 + digit } else { d = d * 10 + digit }
        }
        self.init(year: y, month: m, day: d)
    }

    /// A day read back from the database, where only checked days are written. A damaged value gives `Day.first`
    /// rather than stopping the page that reads it.
    public init(stored iso: String) { self = Day(iso) ?? .first }

    /// Why a typed day was refused: not a date at all, outside `Day.accepted`, or a day the calendar does not have (31/02).
    public enum InputProblem: Error, Sendable { case format, outOfRange, noSuchDay }

    /// A day as people type it: ISO ("2022-04-26") or day, month, year in that order, separated by "/", "-" or "."
    /// ("26/04/2022", "26-4-2022", "26.04.2022"; "26/4/22": a two-digit year is of this century), within `Day.accepted`.
    public static func entered(_ input: String) -> Result<Day, InputProblem> {
        let text = input.trimmed
        if let iso = Day(text) { return accepted.contains(iso) ? .success(iso) : .failure(.outOfRange) }
        // Read byte by byte (an import reads one for each of 100.000 rows; splitting into characters was 4 % of it): only
        // ASCII digits and one kind of separator make a day, and for those bytes and characters are the same.
        let bytes = text.utf8
        guard let separator = bytes.first(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) else {
            return .failure(.format)
        }
        // The three numbers and how many digits each was written with (1 to 4).
        var numbers = [0, 0, 0], widths = [0, 0, 0], part = 0
        for c in bytes {
            if c == separator {
                guard widths[part] > 0, part < 2 else { return .failure(.format) }
                part += 1
            } else {
                guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9"), widths[part] < 4 else { return .failure(.format) }
                numbers[part] = numbers[part] * 10 + Int(c - UInt8(ascii: "0"))
                widths[part] += 1
            }
        }
        guard part == 2, widths[2] > 0 else { return .failure(.format) }
        // A year written first ("2022-4-26") is read as year, month, day.
        if widths[0] == 4 { numbers.reverse() } else if widths[0] > 2 || widths[1] > 2 { return .failure(.format) }
        let yearDigits = widths[0] == 4 ? 4 : widths[2]
        guard yearDigits == 2 || yearDigits == 4 else { return .failure(.format) }
        let year = yearDigits == 2 ? 2000 + numbers[2] : numbers[2]
        guard let day = Day(year: year, month: numbers[1], day: numbers[0]) else { return .failure(.noSuchDay) }
        return accepted.contains(day) ? .success(day) : .failure(.outOfRange)
    }

    /// The days of a form typed with a two-digit year, as they were read ("10/12/26 là ngày 10/12/2026"): shown back
    /// after saving so that the clerk can confirm the century.
    public static func twoDigitYearReadings(in input: [String: String]) -> [String] {
        input.values.sorted().compactMap { raw in
            let text = raw.trimmingCharacters(in: .whitespaces)
            guard let last = text.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).last, last.count == 2,
                  text.filter({ $0 == "/" || $0 == "-" || $0 == "." }).count == 2, case .success(let day) = entered(text) else { return nil }
            return "\(text) là ngày \(VietnameseFormat.date(day.description))"
        }
    }

    /// A typed day within `Day.accepted`, or nil.
    public init?(input: String) {
        guard case .success(let day) = Day.entered(input) else { return nil }
        self = day
    }

    public var description: String { "\(Day.digits(year, 4))-\(Day.digits(month, 2))-\(Day.digits(day, 2))" }

    /// `n` with at least `width` digits, zeros in front: "05", "0999" (a negative number is left as it is). Every date of
    /// every page, and every register number (`VietnameseFormat.serial`), is written through here; `String(format:)`
    /// costs several times more.
    static func digits(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.utf8.count >= width ? s : String(repeating: "0", count: width - s.utf8.count) + s
    }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Today in Hà Nội.
    public static func today(now: Date = Date()) -> Day {
        VietnameseFormat.hanoiClock(now).day
    }
}

public extension Day {
    /// `days` later (earlier when negative); stops at `Day.first` / `Day.last`.
    func adding(days: Int) -> Day {
        let (jd, overflow) = julianDay.addingReportingOverflow(days)
        if overflow { return days < 0 ? .first : .last }
        return Day(julian: jd)
    }

    /// The day of a Julian day number; numbers before `Day.first` or after `Day.last` give those days.
    init(julian: Int) {
        let jd = min(max(julian, Day.first.julianDay), Day.last.julianDay)
        let a = jd + 32044
        let b = (4 * a + 3) / 146097
        let c = a - (b * 146097) / 4
        let d = (4 * c + 3) / 1461
        let e = c - (1461 * d) / 4
        let m = (5 * e + 2) / 153
        self.init(clampingYear: b * 100 + d - 4800 + m / 10, month: m + 3 - 12 * (m / 10), day: e - (153 * m + 2) / 5 + 1)
    }

    /// The Julian day number (days since 1 January 4713 BC), positive for every day of the range.
    var julianDay: Int { Day.julianDay(year: year, month: month, day: day) }

    /// The Julian day number of any year, month and day of the proleptic Gregorian calendar (the lunar
    /// calculations ask for years just outside a range's ends).
    static func julianDay(year: Int, month: Int, day: Int) -> Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    /// 1 = Monday … 7 = Sunday.
    var weekday: Int { julianDay % 7 + 1 }

    var isWeekend: Bool { weekday >= 6 }

    var firstOfMonth: Day { Day(clampingYear: year, month: month, day: 1) }
    var lastOfMonth: Day { Day(clampingYear: year, month: month, day: Day.daysIn(month: month, year: year)) }

    static func - (a: Day, b: Day) -> Int { a.julianDay - b.julianDay }
}
