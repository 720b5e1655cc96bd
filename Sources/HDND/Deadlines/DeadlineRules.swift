/// Legal deadlines as data: each rule says what must be done, how long it takes, counted how,
/// from when it is in force, and on what legal basis. A case takes the rule in force on the day
/// its clock starts (the day a letter is received, or a complaint accepted).
public enum DeadlineStep: String, Codable, CaseIterable, Sendable {
    case complaintAcceptance, complaintFirstResolution, complaintSecondResolution
    case denunciationClassification, denunciationForwarding, denunciationResolution, denunciationExtension
    /// Sending what was decided: a suspension or cessation, a resumption, a complaint's resolution; telling a denouncer
    /// that the denunciation was accepted, or why not.
    case suspensionOrCessationSending, resumptionSending, complaintFirstDecisionSending, complaintSecondDecisionSending
    case denunciationAcceptanceNotice, denunciationRefusalNotice
    /// The complainant and the others concerned told of a dialogue, at least some days before it.
    case dialogueNotice
    /// The council as forwarder: the body it forwarded to owes it the result, and it owes the citizen the news.
    case forwardedDenunciationResult, forwardedCaseResult, forwarderCitizenNotice
    case receptionNotice
    /// Decree 154/2026: a refusal to receive a citizen, and the announcement of an online reception (before it).
    case receptionRefusalNotice, onlineReceptionAnnouncement
    /// Not deadlines of the office but of the complainant: a complaint received after them is flagged.
    case complaintLimitation, secondComplaintWindow

    /// Steps that come after the case is closed (sending the decision) or outside it (a forwarded case's result):
    /// they stay due, and can be overdue, whatever the letter's outcome.
    public var followsClosing: Bool {
        switch self {
        case .suspensionOrCessationSending, .complaintFirstDecisionSending, .complaintSecondDecisionSending,
             .forwardedDenunciationResult, .forwardedCaseResult, .forwarderCitizenNotice: true
        default: false
        }
    }
}

/// How a period is counted: calendar days (an end on a day off moves to the next working day), working days, or
/// "ngay" (immediately: due the day the event happens).
public enum DayCount: String, Codable, Sendable { case calendarDays, workingDays, immediately }

/// Circumstances that lengthen a deadline.
public struct CaseConditions: Equatable, Sendable {
    public var complex: Bool
    public var remoteArea: Bool
    /// Denunciations: the facts must be checked in several places.
    public var severalPlaces: Bool
    /// Denunciations: the checking is delegated to another body.
    public var delegatedVerification: Bool
    public init(complex: Bool = false, remoteArea: Bool = false, severalPlaces: Bool = false, delegatedVerification: Bool = false) {
        self.complex = complex; self.remoteArea = remoteArea; self.severalPlaces = severalPlaces
        self.delegatedVerification = delegatedVerification
    }
}

/// What gives a rule its longer period.
public enum Lengthening: Sendable {
    /// The case was found complex (for complaints from 01/07/2026, by a written finding against Decree 155/2026's criteria).
    case complexity
    /// Classifying a denunciation: the facts must be checked at several places, or their checking is delegated
    /// (Law on Denunciations 2018, art. 24.1) — not the complexity of the case.
    case severalPlacesOrDelegation
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
    public let lengthenedBy: Lengthening
    /// False while the figure has not been checked against the text named in `legalBasis`; pages and the API
    /// then mark the deadline as provisional so nobody takes it for settled law.
    public let verified: Bool

    init(step: DeadlineStep, label: String, validFrom: Day?, validTo: Day?, count: DayCount,
         days: (normal: Int, complex: Int, remote: Int, remoteComplex: Int), legalBasis: String,
         lengthenedBy: Lengthening = .complexity, verified: Bool = true) {
        self.step = step; self.label = label; self.validFrom = validFrom; self.validTo = validTo
        self.count = count; self.days = days; self.legalBasis = legalBasis; self.lengthenedBy = lengthenedBy; self.verified = verified
    }

    public func days(for c: CaseConditions) -> Int {
        let longer = switch lengthenedBy {
        case .complexity: c.complex
        case .severalPlacesOrDelegation: c.severalPlaces || c.delegatedVerification
        }
        return switch (c.remoteArea, longer) {
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
    static func same(_ n: Int) -> (Int, Int, Int, Int) { (n, n, n, n) }
    /// The day Decree 155/2026 (and Law 136/2025) took effect: the 2026 changes to the complaint rules.
    public static let decree155InForce = Day(clampingYear: 2026, month: 7, day: 1)
    /// The day Decree 154/2026 on citizen reception took effect (the same day, by its own article).
    public static let decree154InForce = Day(clampingYear: 2026, month: 7, day: 1)

    /// The rules as the laws state them, each figure checked against the text named in `legalBasis`
    /// (docs/legal-deadlines.md says where each was read). A rule not yet checked says so (`verified: false`).
    public static let all: [DeadlineRule] = [
        DeadlineRule(step: .complaintAcceptance, label: "Thụ lý hoặc không thụ lý khiếu nại", validFrom: nil, validTo: decree155InForce.adding(days: -1),
                     count: .workingDays, days: same(10),
                     legalBasis: "Nghị định 124/2020/NĐ-CP, Điều 16 khoản 1; Luật Khiếu nại 2011, Điều 27 (lần đầu), Điều 36 (lần hai)"),
        DeadlineRule(step: .complaintAcceptance, label: "Thụ lý hoặc không thụ lý khiếu nại", validFrom: decree155InForce, validTo: nil,
                     count: .workingDays, days: same(7),
                     legalBasis: "Nghị định 124/2020/NĐ-CP, Điều 16 khoản 1 (sửa đổi bởi Nghị định 155/2026/NĐ-CP, Điều 10)"),
        DeadlineRule(step: .complaintFirstResolution, label: "Giải quyết khiếu nại lần đầu", validFrom: nil, validTo: nil,
                     count: .calendarDays, days: (30, 45, 45, 60), legalBasis: "Luật Khiếu nại 2011, Điều 28"),
        DeadlineRule(step: .complaintSecondResolution, label: "Giải quyết khiếu nại lần hai", validFrom: nil, validTo: nil,
                     count: .calendarDays, days: (45, 60, 60, 70), legalBasis: "Luật Khiếu nại 2011, Điều 37"),
        DeadlineRule(step: .denunciationClassification, label: "Phân loại, xử lý ban đầu đơn tố cáo", validFrom: nil, validTo: nil,
                     count: .workingDays, days: (7, 10, 7, 10), legalBasis: "Luật Tố cáo 2018, Điều 24 khoản 1",
                     lengthenedBy: .severalPlacesOrDelegation),
        DeadlineRule(step: .denunciationForwarding, label: "Chuyển đơn tố cáo không thuộc thẩm quyền", validFrom: nil, validTo: nil,
                     count: .workingDays, days: same(5), legalBasis: "Luật Tố cáo 2018, Điều 24 khoản 2"),
        DeadlineRule(step: .denunciationResolution, label: "Giải quyết tố cáo", validFrom: nil, validTo: nil,
                     count: .calendarDays, days: same(30), legalBasis: "Luật Tố cáo 2018, Điều 30 khoản 1"),
        DeadlineRule(step: .denunciationExtension, label: "Gia hạn giải quyết tố cáo (mỗi lần)", validFrom: nil, validTo: nil,
                     count: .calendarDays, days: same(30), legalBasis: "Luật Tố cáo 2018, Điều 30 khoản 2"),
        DeadlineRule(step: .complaintLimitation, label: "Thời hiệu khiếu nại (kể từ ngày nhận được hoặc biết được quyết định, hành vi)",
                     validFrom: nil, validTo: nil, count: .calendarDays, days: same(90), legalBasis: "Luật Khiếu nại 2011, Điều 9"),
        DeadlineRule(step: .secondComplaintWindow, label: "Khiếu nại lần hai (kể từ ngày nhận quyết định lần đầu hoặc hết hạn giải quyết)",
                     validFrom: nil, validTo: nil, count: .calendarDays, days: (30, 30, 45, 45), legalBasis: "Luật Khiếu nại 2011, Điều 33 khoản 1"),
        DeadlineRule(step: .receptionNotice, label: "Trả lời kết quả xử lý nội dung tiếp công dân", validFrom: nil, validTo: nil,
                     count: .workingDays, days: same(10), legalBasis: "Luật Tiếp công dân 2013, Điều 28 khoản 1"),
        DeadlineRule(step: .suspensionOrCessationSending, label: "Gửi quyết định tạm đình chỉ, đình chỉ giải quyết khiếu nại (kể từ ngày ban hành)",
                     validFrom: decree155InForce, validTo: nil, count: .workingDays, days: same(3),
                     legalBasis: "Nghị định 124/2020/NĐ-CP, Điều 28b khoản 1 (bổ sung bởi Nghị định 155/2026/NĐ-CP, Điều 12)"),
        DeadlineRule(step: .resumptionSending, label: "Gửi quyết định tiếp tục giải quyết khiếu nại (kể từ ngày ban hành)",
                     validFrom: decree155InForce, validTo: nil, count: .workingDays, days: same(3),
                     legalBasis: "Nghị định 124/2020/NĐ-CP, Điều 28b khoản 2 (bổ sung bởi Nghị định 155/2026/NĐ-CP, Điều 12)"),
        DeadlineRule(step: .complaintFirstDecisionSending, label: "Gửi quyết định giải quyết khiếu nại lần đầu (kể từ ngày có quyết định)",
                     validFrom: nil, validTo: nil, count: .workingDays, days: same(3), legalBasis: "Luật Khiếu nại 2011, Điều 32"),
        DeadlineRule(step: .complaintSecondDecisionSending, label: "Gửi quyết định giải quyết khiếu nại lần hai (kể từ ngày có quyết định)",
                     validFrom: nil, validTo: nil, count: .calendarDays, days: same(7), legalBasis: "Luật Khiếu nại 2011, Điều 41 khoản 1"),
        DeadlineRule(step: .dialogueNotice, label: "Thông báo đối thoại (chậm nhất, trước ngày đối thoại)",
                     validFrom: decree155InForce, validTo: nil, count: .calendarDays, days: same(5),
                     legalBasis: "Nghị định 124/2020/NĐ-CP, Điều 28 khoản 1 (sửa đổi bởi Nghị định 155/2026/NĐ-CP, Điều 11)"),
        DeadlineRule(step: .denunciationAcceptanceNotice, label: "Thông báo thụ lý tố cáo cho người tố cáo (kể từ ngày ra quyết định thụ lý)",
                     validFrom: nil, validTo: nil, count: .workingDays, days: same(5), legalBasis: "Luật Tố cáo 2018, Điều 29 khoản 3"),
        DeadlineRule(step: .denunciationRefusalNotice, label: "Thông báo lý do không thụ lý tố cáo (ngay khi quyết định; chậm nhất khi hết hạn phân loại)",
                     validFrom: nil, validTo: nil, count: .immediately, days: same(0), legalBasis: "Luật Tố cáo 2018, Điều 24 khoản 1"),
        DeadlineRule(step: .forwardedDenunciationResult,
                     label: "Cơ quan được chuyển thông báo kết quả giải quyết tố cáo cho HĐND (tính từ ngày chuyển đơn)",
                     validFrom: nil, validTo: nil, count: .calendarDays, days: same(20), legalBasis: "Luật Tố cáo 2018, Điều 26 khoản 2"),
        DeadlineRule(step: .forwardedCaseResult,
                     label: "Cơ quan được chuyển thông báo kết quả cho HĐND (vụ việc chuyển từ tiếp công dân, kể từ ngày giải quyết xong)",
                     validFrom: nil, validTo: nil, count: .workingDays, days: same(7), legalBasis: "Luật Tiếp công dân 2013, Điều 27 khoản 2"),
        DeadlineRule(step: .forwarderCitizenNotice, label: "HĐND thông báo kết quả cho công dân (kể từ ngày nhận thông báo của cơ quan được chuyển)",
                     validFrom: nil, validTo: nil, count: .workingDays, days: same(5), legalBasis: "Luật Tiếp công dân 2013, Điều 28 khoản 2"),
        DeadlineRule(step: .receptionRefusalNotice, label: "Thông báo từ chối tiếp công dân (kể từ ngày có đủ căn cứ từ chối)",
                     validFrom: decree154InForce, validTo: nil, count: .workingDays, days: same(3), legalBasis: "Nghị định 154/2026/NĐ-CP, Điều 4 khoản 3"),
        DeadlineRule(step: .onlineReceptionAnnouncement, label: "Thông báo công khai lịch tiếp công dân trực tuyến (chậm nhất, trước ngày tiếp)",
                     validFrom: decree154InForce, validTo: nil, count: .workingDays, days: same(5), legalBasis: "Nghị định 154/2026/NĐ-CP, Điều 23 khoản 1"),
    ]

    public static func rule(_ step: DeadlineStep, on day: Day) -> DeadlineRule? {
        all.first { $0.step == step && $0.inForce(on: day) }
    }

    /// The deadline of a step whose clock starts on `start`.
    /// `uncounted`: days that do not count towards the period (a suspension), added to it.
    public static func deadline(_ step: DeadlineStep, from start: Day, conditions: CaseConditions = .init(), uncounted: Int = 0,
                                calendar: HolidayCalendar) -> Day? {
        guard let rule = rule(step, on: start) else { return nil }
        let n = rule.days(for: conditions) + uncounted
        switch rule.count {
        case .workingDays: return calendar.addingWorkingDays(n, to: start)
        case .calendarDays: return calendar.addingCalendarDays(n, to: start)
        case .immediately: return start
        }
    }

    /// The last day a notice may be given that must come some days before `day` (the rule in force on `day`).
    public static func latestBefore(_ step: DeadlineStep, _ day: Day, calendar: HolidayCalendar) -> Day? {
        guard let rule = rule(step, on: day) else { return nil }
        switch rule.count {
        case .workingDays: return calendar.subtractingWorkingDays(rule.days.normal, from: day)
        case .calendarDays: return day.adding(days: -rule.days.normal)
        case .immediately: return day
        }
    }

    /// A denunciation's resolution deadline with its extensions: one for a complex case, two for an especially complex one.
    public static func denunciationResolution(acceptedOn start: Day, extensions: Int, uncounted: Int = 0,
                                              calendar: HolidayCalendar) -> Day? {
        guard (0...2).contains(extensions), let base = rule(.denunciationResolution, on: start),
              let ext = rule(.denunciationExtension, on: start) else { return nil }
        return calendar.addingCalendarDays(base.days.normal + extensions * ext.days.normal + uncounted, to: start)
    }
}
