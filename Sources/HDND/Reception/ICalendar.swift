import Foundation

/// Writes iCalendar (RFC 5545) text: CRLF lines folded at 75 octets, text values escaped,
/// times in Asia/Ho_Chi_Minh with its VTIMEZONE (UTC+7, no daylight saving).
public struct ICalendar {
    public struct Event {
        public let uid: String
        public let day: Day
        /// "08:00" and "11:30"; nil for an event of whole days (a session, a supervision's fieldwork, a due date).
        public let start: String?
        public let end: String?
        /// The last day of an event of whole days (the same day when nil).
        public let lastDay: Day?
        public let summary: String
        public let location: String
        public let description: String

        public init(uid: String, day: Day, start: String?, end: String?, lastDay: Day? = nil, summary: String, location: String, description: String) {
            self.uid = uid; self.day = day; self.start = start; self.end = end; self.lastDay = lastDay
            self.summary = summary; self.location = location; self.description = description
        }
    }

    public let name: String
    public let events: [Event]
    public let stamp: Date

    /// TEXT values (RFC 5545, 3.3.11): a line break of any kind (CR LF, CR, LF) as `\n`, other control characters dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        var previousCR = false
        for c in text.unicodeScalars {
            defer { previousCR = c == "\r" }
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousCR { out += "\\n" }
            default: if c.properties.generalCategory != .control { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// Folds a content line: at most 75 octets per line, never splitting a UTF-8 character.
    static func fold(_ line: String) -> String {
        var out = "", current = 0
        for ch in line {
            let size = String(ch).utf8.count
            if current + size > 75 { out += "\r\n "; current = 1 }
            out.append(ch); current += size
        }
        return out + "\r\n"
    }

    static func local(_ day: Day, _ time: String) -> String {
        date(day) + "T" + time.replacingOccurrences(of: ":", with: "") + "00"
    }

    /// A timed event in Hà Nội time; an event of whole days as dates, its end the day after its last (RFC 5545, 3.6.1).
    static func times(_ e: Event) -> [String] {
        if let start = e.start, let end = e.end {
            return ["DTSTART;TZID=Asia/Ho_Chi_Minh:\(local(e.day, start))", "DTEND;TZID=Asia/Ho_Chi_Minh:\(local(e.day, end))"]
        }
        return ["DTSTART;VALUE=DATE:\(date(e.day))", "DTEND;VALUE=DATE:\(date((e.lastDay ?? e.day).adding(days: 1)))"]
    }

    static func date(_ day: Day) -> String { day.description.replacingOccurrences(of: "-", with: "") }

    public func render() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"; f.timeZone = TimeZone(identifier: "UTC"); f.locale = Locale(identifier: "en_US_POSIX")
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//HDND So//Lich cong tac//VI", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:\(Self.escape(name))", "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
                     "BEGIN:VTIMEZONE", "TZID:Asia/Ho_Chi_Minh", "BEGIN:STANDARD", "DTSTART:19700101T000000",
                     "TZOFFSETFROM:+0700", "TZOFFSETTO:+0700", "TZNAME:ICT", "END:STANDARD", "END:VTIMEZONE"]
        for e in events {
            lines += ["BEGIN:VEVENT", "UID:\(e.uid)", "DTSTAMP:\(f.string(from: stamp))"] + Self.times(e)
                + ["SUMMARY:\(Self.escape(e.summary))", "LOCATION:\(Self.escape(e.location))",
                      "DESCRIPTION:\(Self.escape(e.description))", "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined()
    }
}
