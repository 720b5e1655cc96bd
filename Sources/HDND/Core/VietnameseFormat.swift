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

    /// A register number: two digits below ten, never grouped ("05", "1415").
    public static func serial(_ value: Int) -> String { (0..<10).contains(value) ? "0\(value)" : String(value) }

    /// "2022-04-26" → "26/04/2022"; anything that is not an ISO day is returned unchanged.
    public static func date(_ iso: String?) -> String {
        guard let iso, let day = Day(iso) else { return iso ?? "" }
        return String(format: "%02d/%02d/%04d", day.day, day.month, day.year)
    }

    /// "2022-04-26" → "ngày 26 tháng 4 năm 2022", as written in documents.
    public static func longDate(_ iso: String) -> String {
        guard let day = Day(iso) else { return iso }
        return "ngày \(String(format: "%02d", day.day)) tháng \(day.month) năm \(day.year)"
    }

    /// "Thứ Hai" … "Chủ nhật".
    public static func weekday(_ day: Day) -> String { weekdays[day.weekday] }
    private static let weekdays = ["", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]

    /// An instant shown in Hà Nội time: "26/04/2022 16:48".
    public static func instant(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = hanoi
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%02d/%02d/%04d %02d:%02d", c.day!, c.month!, c.year!, c.hour!, c.minute!)
    }

    public static let hanoi = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
}
