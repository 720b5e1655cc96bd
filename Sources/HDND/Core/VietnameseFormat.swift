import Foundation

/// How the council writes numbers and dates: "1.732", "02", "26/04/2022",
/// "ngày 26 tháng 4 năm 2022". Every page and document formats through here.
public enum VietnameseFormat {
    /// Thousands grouped with dots: 1732 → "1.732".
    public static func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: ".")
    }

    /// Counts as reports and running text write them: two digits below ten ("02 kỳ họp"), grouped above. Tables and
    /// badges use `number` ("0 đơn vị").
    public static func count(_ value: Int) -> String {
        (0..<10).contains(value) ? "0\(value)" : number(value)
    }

    /// A share with two decimals and a decimal comma: 90 → "90,00%".
    public static func percent(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return number(hundredths / 100) + "," + Day.digits(abs(hundredths % 100), 2) + "%"
    }

    /// A register number: two digits below ten, never grouped ("05", "1415").
    public static func serial(_ value: Int) -> String { Day.digits(value, 2) }

    /// "2022-04-26" → "26/04/2022"; anything that is not an ISO day is returned unchanged.
    public static func date(_ iso: String?) -> String {
        guard let iso, let day = Day(iso) else { return iso ?? "" }
        return "\(Day.digits(day.day, 2))/\(Day.digits(day.month, 2))/\(Day.digits(day.year, 4))"
    }

    /// "2022-04-26" → "ngày 26 tháng 4 năm 2022", as written in documents: a day below 10 and the months 1 and 2 take a
    /// leading 0 ("ngày 05 tháng 01 năm 2022"; Nghị định 30/2020/NĐ-CP, Phụ lục I, as summarised: provisional).
    public static func longDate(_ iso: String) -> String {
        guard let day = Day(iso) else { return iso }
        return "ngày \(Day.digits(day.day, 2)) tháng \(day.month <= 2 ? Day.digits(day.month, 2) : String(day.month)) năm \(day.year)"
    }

    /// "2022-03" → "03/2022".
    public static func month(_ iso: String) -> String {
        let parts = iso.split(separator: "-")
        guard parts.count == 2 else { return iso }
        return "\(parts[1])/\(parts[0])"
    }

    /// "03/2022", "3/2022" or "2022-03" → "2022-03"; nil when it is none of these or out of 1900–2100.
    public static func parseMonth(_ input: String?) -> String? {
        guard let input = input?.trimmingCharacters(in: .whitespaces), !input.isEmpty else { return nil }
        let iso = input.contains("-")
        let parts = input.split(separator: iso ? "-" : "/").map { Int($0) }
        guard parts.count == 2, let a = parts[0], let b = parts[1] else { return nil }
        let (year, month) = iso ? (a, b) : (b, a)
        guard (1900...2100).contains(year), (1...12).contains(month) else { return nil }
        return "\(Day.digits(year, 4))-\(Day.digits(month, 2))"
    }

    /// "Thứ Hai" … "Chủ nhật".
    public static func weekday(_ day: Day) -> String { weekdays[day.weekday] }
    private static let weekdays = ["", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]

    /// An instant shown in Hà Nội time: "26/04/2022 16:48".
    public static func instant(_ date: Date) -> String {
        let clock = hanoiClock(date)
        return "\(Self.date(clock.day.description)) \(Day.digits(clock.hour, 2)):\(Day.digits(clock.minute, 2))"
    }

    /// The day, hour and minute of an instant on Hà Nội's clock: UTC+7 all year (no summer time since 1975, which is
    /// before anything the system keeps). Arithmetic instead of `Calendar`, which costs microseconds a call.
    public static func hanoiClock(_ date: Date) -> (day: Day, hour: Int, minute: Int) {
        let seconds = Int((date.timeIntervalSince1970 + 7 * 3600).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        // 2440588 is the Julian day number of 1 January 1970.
        return (Day(julian: 2_440_588 + days), rest / 3600, rest % 3600 / 60)
    }

    public static let hanoi = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
}
