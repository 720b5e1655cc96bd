import Vapor

/// One field that failed validation, with the Vietnamese message shown next to it.
public struct FieldError: Codable, Sendable, Equatable {
    public let field: String
    public let message: String
}

/// Bad input: 422 with a message per field. Forms re-render with the messages inline;
/// the API answers `application/problem+json` listing them.
public struct ValidationFailure: AbortError {
    public let errors: [FieldError]
    public var status: HTTPResponseStatus { .unprocessableEntity }
    public var reason: String {
        "Dữ liệu chưa hợp lệ: " + errors.map { "\($0.field) — \($0.message)" }.joined(separator: "; ")
    }
    public init(_ errors: [FieldError]) { self.errors = errors }
    public init(field: String, _ message: String) { self.errors = [FieldError(field: field, message: message)] }

    public func message(for field: String) -> String? { errors.first { $0.field == field }?.message }
}

/// Someone else saved the record after this form was opened.
public struct ConflictError: AbortError {
    public var status: HTTPResponseStatus { .conflict }
    public var reason: String {
        "Bản ghi này vừa được người khác cập nhật sau khi bạn mở biểu mẫu. Hãy tải lại trang để xem bản mới nhất rồi sửa lại."
    }
    public init() {}
}

/// Collects field errors while a form or API body is checked, then throws them all at once.
public struct Validator {
    public private(set) var errors: [FieldError] = []
    public init() {}

    public mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    /// A required text: trimmed, not empty, at most `max` characters, no control characters.
    public mutating func text(_ field: String, _ label: String, _ value: String?, max: Int = 200) -> String {
        let v = (value ?? "").trimmed
        if v.isEmpty { fail(field, "\(label) không được để trống.") }
        else if v.count > max { fail(field, "\(label) dài quá \(max) ký tự.") }
        else if let problem = Self.controlProblem(v, label) { fail(field, problem) }
        return v
    }

    /// An optional text: nil when blank, at most `max` characters, no control characters.
    public mutating func optionalText(_ field: String, _ label: String, _ value: String?, max: Int = 2000) -> String? {
        let v = (value ?? "").trimmed
        if v.count > max { fail(field, "\(label) dài quá \(max) ký tự.") }
        else if let problem = Self.controlProblem(v, label) { fail(field, problem) }
        return v.isEmpty ? nil : v
    }

    /// Text is refused, not silently cut, when it holds a control character (NUL, escape, …): only line breaks and
    /// tabs may appear in what people type.
    public static func controlProblem(_ text: String, _ label: String) -> String? {
        // Unicode's control characters (category Cc) are exactly U+0000–001F and U+007F–009F: compared by value, not
        // looked up per character (an import checks every cell).
        let bad = text.unicodeScalars.first { c in
            (c.value < 0x20 || (0x7F...0x9F).contains(c.value)) && c != "\n" && c != "\r" && c != "\t"
        }
        return bad.map { "\(label) chứa ký tự điều khiển không hợp lệ (mã \(String(format: "U+%04X", $0.value))); hãy gõ lại nội dung." }
    }

    /// An optional day, accepted as 26/04/2022 or 2022-04-26, stored as ISO text.
    public mutating func day(_ field: String, _ label: String, _ value: String?, required: Bool = false) -> String? {
        dayValue(field, label, value, required: required)?.description
    }

    /// An optional day within `Day.accepted`; the message says whether the form or the range is wrong.
    public mutating func dayValue(_ field: String, _ label: String, _ value: String?, required: Bool = false) -> Day? {
        let v = (value ?? "").trimmingCharacters(in: .whitespaces)
        if v.isEmpty {
            if required { fail(field, "\(label) không được để trống.") }
            return nil
        }
        switch Day.entered(v) {
        case .success(let day): return day
        case .failure(.outOfRange): fail(field, "\(label) phải trong khoảng \(Day.acceptedText).")
        case .failure(.format): fail(field, "\(label) không đúng dạng ngày (ví dụ 26/04/2022).")
        case .failure(.noSuchDay): fail(field, "\(label): ngày \(v) không có trong lịch.")
        }
        return nil
    }

    public mutating func int(_ field: String, _ label: String, _ value: String?, range: ClosedRange<Int>, required: Bool = true) -> Int? {
        let v = (value ?? "").trimmingCharacters(in: .whitespaces)
        if v.isEmpty {
            if required { fail(field, "\(label) không được để trống.") }
            return nil
        }
        guard let n = Self.wholeNumber(v) else { fail(field, "\(label) phải là một số nguyên."); return nil }
        guard range.contains(n) else {
            fail(field, "\(label) phải từ \(range.lowerBound) đến \(range.upperBound).")
            return nil
        }
        return n
    }

    /// A whole number as Vietnamese writes it: "1200", "1.200" or "1 200" (dots or spaces between groups of three
    /// digits), the way the system itself displays counts; "1.2" or "12.00" is not a count.
    public static func wholeNumber(_ text: String) -> Int? {
        let t = text.trimmed
        if let n = Int(t) { return n }
        let negative = t.hasPrefix("-")
        let body = negative ? String(t.dropFirst()) : t
        for separator: Character in [".", " ", "\u{00A0}"] where body.contains(separator) {
            let groups = body.split(separator: separator, omittingEmptySubsequences: false)
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }),
                  groups.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let n = Int(groups.joined()) else { return nil }
            return negative ? -n : n
        }
        return nil
    }

    /// One of a fixed set of values (an enum's raw value).
    public mutating func choice<E: RawRepresentable & CaseIterable>(_ field: String, _ label: String, _ value: String?, as: E.Type) -> E? where E.RawValue == String {
        let v = (value ?? "").trimmingCharacters(in: .whitespaces)
        if v.isEmpty { fail(field, "Hãy chọn \(label.lowercased())."); return nil }
        guard let e = E(rawValue: v) else { fail(field, "\(label) không hợp lệ."); return nil }
        return e
    }

    /// One of a fixed list of values (a field of a library).
    public mutating func choice(_ field: String, _ label: String, _ value: String?, among values: [String]) -> String? {
        let v = (value ?? "").trimmingCharacters(in: .whitespaces)
        if v.isEmpty { fail(field, "Hãy chọn \(label.lowercased())."); return nil }
        guard values.contains(v) else { fail(field, "\(label) không hợp lệ."); return nil }
        return v
    }

    /// A span of days asked for by two fields ("tu"/"den", "from"/"to"): each a day, the end not before the start.
    public mutating func span(_ fromField: String, _ from: String?, _ toField: String, _ to: String?,
                              required: Bool = false) -> (from: String?, to: String?) {
        let (a, b) = spanDays(fromField, from, toField, to, required: required)
        return (a?.description, b?.description)
    }

    /// The same span as days.
    public mutating func spanDays(_ fromField: String, _ from: String?, _ toField: String, _ to: String?,
                                  required: Bool = false) -> (from: Day?, to: Day?) {
        let a = dayValue(fromField, "Từ ngày", from, required: required), b = dayValue(toField, "Đến ngày", to, required: required)
        if let a, let b, b < a { fail(toField, "Đến ngày phải sau từ ngày.") }
        return (a, b)
    }

    /// The `from` day must not come after the `to` day.
    public mutating func order(_ from: String?, _ to: String?, field: String, _ message: String) {
        if let from, let to, to < from { fail(field, message) }
    }

    public func check() throws {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}
