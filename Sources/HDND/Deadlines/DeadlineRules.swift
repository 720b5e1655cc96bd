/// Legal deadlines as data: each rule says what must be done, how long it takes, counted how,
/// from when it is in force, and on what legal basis. A case takes the rule in force on the day
/// its clock starts (the day a letter is received, or a complaint accepted).
public enum DeadlineStep: String, Codable, CaseIterable, Sendable {
    case complaintAcceptance, complaintFirstResolution, complaintSecondResolution
    case denunciationClassification, denunciationForwarding, denunciationResolution, denunciationExtension
    case receptionNotice
}

public enum DayCount: String, Codable, Sendable { case calendarDays, workingDays }

/// Circumstances that lengthen a deadline.
public struct CaseConditions: Equatable, Sendable {
    public var complex: Bool
    public var remoteArea: Bool
    /// Denunciations: the facts must be checked in several places.
    public var severalPlaces: Bool
    public init(complex: Bool = false, remoteArea: Bool = false, severalPlaces: Bool = false) {
        self.complex = complex; self.remoteArea = remoteArea; self.severalPlaces = severalPlaces
    }
}

public struct DeadlineRule: Sendable {
    public let step: DeadlineStep
    public let label: String
    public let validFrom: Day?
    public let validTo: Day?
    public let count: DayCount
    /// Days, by conditions: (normal, complex, remote, remote and complex).
    public let days: (normal: Int, complex: Int, remote: Int, remoteComplex: Int)
    public let legalBasis: String
    /// False while the figure has not been checked against the text named in `legalBasis`; pages and the API
    /// then mark the deadline as provisional so nobody takes it for settled law.
    public let verified: Bool

    init(step: DeadlineStep, label: String, validFrom: Day?, validTo: Day?, count: DayCount,
         days: (normal: Int, complex: Int, remote: Int, remoteComplex: Int), legalBasis: String, verified: Bool = true) {
        self.step = step; self.label = label; self.validFrom = validFrom; self.validTo = validTo
        self.count = count; self.days = days; self.legalBasis = legalBasis; self.verified = verified
    }

    public func days(for c: CaseConditions) -> Int {
        switch (c.remoteArea, c.complex || c.severalPlaces) {
        case (false, false): days.normal
        case (false, true): days.complex
        case (true, false): days.remote
        case (true, true): days.remoteComplex
        }
    }

    func inForce(on day: Day) -> Bool {
        (validFrom.map { $0 <= day } ?? true) && (validTo.map { day <= $0 } ?? true)
    }
}

public enum DeadlineRules {
    static func d(_ s: String) -> Day { Day(stored: s) }
    static func same(_ n: Int) -> (Int, Int, Int, Int) { (n, n, n, n) }

    /// The rules as the laws state them, each figure checked against the text named in `legalBasis` — except
    /// Decree 155/2026, whose text was not at hand when it was encoded: its 7 working days come from the
    /// project's brief and stay marked unverified until someone checks them (docs/legal-deadlines.md).
    public static let all: [DeadlineRule] = [
        DeadlineRule(step: .complaintAcceptance, label: "Thụ lý hoặc không thụ lý khiếu nại", validFrom: nil, validTo: d("2026-06-30"),
                     count: .workingDays, days: same(10), legalBasis: "Luật Khiếu nại 2011, Điều 27; Nghị định 124/2020/NĐ-CP"),
        DeadlineRule(step: .complaintAcceptance, label: "Thụ lý hoặc không thụ lý khiếu nại", validFrom: d("2026-07-01"), validTo: nil,
                     count: .workingDays, days: same(7), legalBasis: "Nghị định 155/2026/NĐ-CP", verified: false),
        DeadlineRule(step: .complaintFirstResolution, label: "Giải quyết khiếu nại lần đầu", validFrom: nil, validTo: nil,
                     count: .calendarDays, days: (30, 45, 45, 60), legalBasis: "Luật Khiếu nại 2011, Điều 28"),
        DeadlineRule(step: .complaintSecondResolution, label: "Giải quyết khiếu nại lần hai", validFrom: nil, validTo: nil,
                     count: .calendarDays, days: (45, 60, 60, 70), legalBasis: "Luật Khiếu nại 2011, Điều 37"),
        DeadlineRule(step: .denunciationClassification, label: "Phân loại, xử lý ban đầu đơn tố cáo", validFrom: nil, validTo: nil,
                     count: .workingDays, days: (7, 10, 7, 10), legalBasis: "Luật Tố cáo 2018, Điều 24 khoản 1"),
        DeadlineRule(step: .denunciationForwarding, label: "Chuyển đơn tố cáo không thuộc thẩm quyền", validFrom: nil, validTo: nil,
                     count: .workingDays, days: same(5), legalBasis: "Luật Tố cáo 2018, Điều 24 khoản 3"),
        DeadlineRule(step: .denunciationResolution, label: "Giải quyết tố cáo", validFrom: nil, validTo: nil,
                     count: .calendarDays, days: same(30), legalBasis: "Luật Tố cáo 2018, Điều 30 khoản 1"),
        DeadlineRule(step: .denunciationExtension, label: "Gia hạn giải quyết tố cáo (mỗi lần)", validFrom: nil, validTo: nil,
                     count: .calendarDays, days: same(30), legalBasis: "Luật Tố cáo 2018, Điều 30 khoản 2"),
        DeadlineRule(step: .receptionNotice, label: "Trả lời kết quả xử lý nội dung tiếp công dân", validFrom: nil, validTo: nil,
                     count: .workingDays, days: same(10), legalBasis: "Luật Tiếp công dân 2013, Điều 28"),
    ]

    public static func rule(_ step: DeadlineStep, on day: Day) -> DeadlineRule? {
        all.first { $0.step == step && $0.inForce(on: day) }
    }

    /// The deadline of a step whose clock starts on `start`.
    public static func deadline(_ step: DeadlineStep, from start: Day, conditions: CaseConditions = .init(),
                                calendar: HolidayCalendar = .init()) -> Day? {
        guard let rule = rule(step, on: start) else { return nil }
        let n = rule.days(for: conditions)
        switch rule.count {
        case .workingDays: return calendar.addingWorkingDays(n, to: start)
        case .calendarDays: return calendar.addingCalendarDays(n, to: start)
        }
    }

    /// A denunciation's resolution deadline with its extensions: one for a complex case, two for an especially complex one.
    public static func denunciationResolution(acceptedOn start: Day, extensions: Int,
                                              calendar: HolidayCalendar = .init()) -> Day? {
        guard (0...2).contains(extensions), let base = rule(.denunciationResolution, on: start),
              let ext = rule(.denunciationExtension, on: start) else { return nil }
        return calendar.addingCalendarDays(base.days.normal + extensions * ext.days.normal, to: start)
    }
}
