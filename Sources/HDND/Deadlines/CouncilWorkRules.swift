/// The time limits of the council's own work (preparing a session, answering a question in writing, noticing a hearing,
/// the steps of an oversight) as data, like the letters' deadlines: each rule says from which day it counts and by how
/// many days, when it is in force, on what legal basis, and whether the figure was read in that text.
///
/// Most of these figures were read only in the Law on Supervisory Activities 87/2015/QH13, which Law 121/2025/QH15
/// replaced from 01/03/2026; the new law's text is not on file (see docs/legal-council-work.md). Such a rule carries
/// `basisReplacedOn`: for work dated on or after that day it is shown as provisional until someone checks the new text.
public enum CouncilWorkStep: String, Codable, CaseIterable, Sendable {
    /// Preparing a session, counted back from its opening day.
    case sessionProposals, sessionConvening, sessionVerification, sessionDocuments
    /// The first session of a term, counted from election day.
    case firstSessionAfterElection
    /// An oversight: its notice counted back from the fieldwork, its report on from the fieldwork's end, the standing
    /// committee's conclusion on from the report. A delegate group's or a delegate's have their own limits.
    case oversightNotice, oversightReport, oversightConclusion, delegatesOversightNotice, delegatesOversightReport
    /// A question answered in writing, counted from the day it was asked.
    case questionWrittenAnswer
    /// The respondent's report on the progress of an answer's commitments, counted back from the next regular session.
    case commitmentProgressReport
    /// An explanation hearing's notice to the persons asked to explain, counted back from its day.
    case hearingNotice

    public var label: String {
        switch self {
        case .sessionProposals: "Tổng hợp đề xuất nội dung kỳ họp"
        case .sessionConvening: "Ban hành, gửi quyết định triệu tập kỳ họp"
        case .sessionVerification: "Các Ban họp thẩm tra báo cáo, dự thảo nghị quyết"
        case .sessionDocuments: "Gửi tài liệu kỳ họp đến đại biểu"
        case .firstSessionAfterElection: "Khai mạc kỳ họp thứ nhất sau ngày bầu cử"
        case .oversightNotice, .delegatesOversightNotice: "Thông báo nội dung, kế hoạch giám sát đến đối tượng"
        case .oversightReport, .delegatesOversightReport: "Báo cáo kết quả giám sát"
        case .oversightConclusion: "Thường trực HĐND xem xét báo cáo, kết luận"
        case .questionWrittenAnswer: "Trả lời chất vấn bằng văn bản"
        case .commitmentProgressReport: "Báo cáo tiến độ thực hiện cam kết khi trả lời chất vấn"
        case .hearingNotice: "Thông báo đến người được yêu cầu giải trình"
        }
    }
}

public struct CouncilWorkRule: Sendable {
    public let step: CouncilWorkStep
    /// Days from the anchor (the opening day, election day…): negative before it.
    public let offset: Int
    public let validFrom: Day?
    public let validTo: Day?
    public let legalBasis: String
    /// The figure was read in the text named in `legalBasis`.
    public let verified: Bool
    /// The day the text named in `legalBasis` was replaced by one not yet read: from then on the rule is provisional.
    public let basisReplacedOn: Day?

    /// Whether the rule, applied to work dated `day`, must be shown as not settled.
    public func provisional(on day: Day) -> Bool { !verified || (basisReplacedOn.map { day >= $0 } ?? false) }

    /// "chậm nhất 10 ngày trước", "chậm nhất 45 ngày sau".
    public var wording: String {
        offset < 0 ? "chậm nhất \(VietnameseFormat.count(-offset)) ngày trước" : "chậm nhất \(VietnameseFormat.count(offset)) ngày sau"
    }

    func inForce(on day: Day) -> Bool { (validFrom.map { $0 <= day } ?? true) && (validTo.map { day <= $0 } ?? true) }
}

public enum CouncilWorkRules {
    /// Law 121/2025/QH15 on supervisory activities in force: Law 87/2015/QH13 replaced.
    public static let supervisionLaw2025 = Day(clampingYear: 2026, month: 3, day: 1)
    /// Said where no text was found: the system's own default, which a council changes in its working rules.
    static let noTextFound = "Chưa tìm thấy quy định trong văn bản đã đối chiếu; mặc định của hệ thống theo thực tiễn, HĐND điều chỉnh theo Quy chế làm việc"

    public static let all: [CouncilWorkRule] = [
        CouncilWorkRule(step: .sessionProposals, offset: -30, validFrom: nil, validTo: nil, legalBasis: noTextFound,
                        verified: false, basisReplacedOn: nil),
        CouncilWorkRule(step: .sessionConvening, offset: -20, validFrom: nil, validTo: nil, legalBasis: noTextFound,
                        verified: false, basisReplacedOn: nil),
        CouncilWorkRule(step: .sessionVerification, offset: -10, validFrom: nil, validTo: nil,
                        legalBasis: "Luật Hoạt động giám sát của Quốc hội và HĐND 87/2015/QH13, Điều 78 khoản 1",
                        verified: true, basisReplacedOn: supervisionLaw2025),
        CouncilWorkRule(step: .sessionDocuments, offset: -7, validFrom: nil, validTo: nil, legalBasis: noTextFound,
                        verified: false, basisReplacedOn: nil),
        CouncilWorkRule(step: .firstSessionAfterElection, offset: 45, validFrom: nil, validTo: nil,
                        legalBasis: "Luật Tổ chức chính quyền địa phương 72/2025/QH15, Điều 34 khoản 1 (đọc qua bản trích, chưa đối chiếu toàn văn)",
                        verified: false, basisReplacedOn: nil),
        CouncilWorkRule(step: .oversightNotice, offset: -10, validFrom: nil, validTo: nil,
                        legalBasis: "Luật Hoạt động giám sát của Quốc hội và HĐND 87/2015/QH13, Điều 62 khoản 2 điểm b; Điều 70 khoản 1",
                        verified: true, basisReplacedOn: supervisionLaw2025),
        CouncilWorkRule(step: .oversightReport, offset: 15, validFrom: nil, validTo: nil,
                        legalBasis: "Luật Hoạt động giám sát của Quốc hội và HĐND 87/2015/QH13, Điều 70 khoản 2",
                        verified: true, basisReplacedOn: supervisionLaw2025),
        CouncilWorkRule(step: .oversightConclusion, offset: 7, validFrom: nil, validTo: nil,
                        legalBasis: "Luật Hoạt động giám sát của Quốc hội và HĐND 87/2015/QH13, Điều 71 khoản 1",
                        verified: true, basisReplacedOn: supervisionLaw2025),
        CouncilWorkRule(step: .delegatesOversightNotice, offset: -7, validFrom: nil, validTo: nil,
                        legalBasis: "Luật Hoạt động giám sát của Quốc hội và HĐND 87/2015/QH13, Điều 86 khoản 3",
                        verified: true, basisReplacedOn: supervisionLaw2025),
        CouncilWorkRule(step: .delegatesOversightReport, offset: 10, validFrom: nil, validTo: nil,
                        legalBasis: "Luật Hoạt động giám sát của Quốc hội và HĐND 87/2015/QH13, Điều 86 khoản 4 điểm c",
                        verified: true, basisReplacedOn: supervisionLaw2025),
        CouncilWorkRule(step: .questionWrittenAnswer, offset: 20, validFrom: nil, validTo: nil,
                        legalBasis: "Luật Hoạt động giám sát của Quốc hội và HĐND 87/2015/QH13, Điều 60 khoản 4; Điều 69 khoản 3",
                        verified: true, basisReplacedOn: supervisionLaw2025),
        // Before the next regular session, where the council reviews what was promised; one day before its opening is the
        // system's default (no text with a figure found).
        CouncilWorkRule(step: .commitmentProgressReport, offset: -1, validFrom: nil, validTo: nil, legalBasis: noTextFound,
                        verified: false, basisReplacedOn: nil),
        CouncilWorkRule(step: .hearingNotice, offset: -10, validFrom: nil, validTo: nil,
                        legalBasis: "Luật Hoạt động giám sát của Quốc hội và HĐND 87/2015/QH13, Điều 72",
                        verified: true, basisReplacedOn: supervisionLaw2025),
    ]

    /// The rule for `step` in force on `day` (the day the work is anchored on).
    public static func rule(_ step: CouncilWorkStep, on day: Day) -> CouncilWorkRule? {
        all.first { $0.step == step && $0.inForce(on: day) }
    }

    /// The day `step` falls due, counted from `anchor` (calendar days: the laws above count "ngày").
    public static func due(_ step: CouncilWorkStep, anchor: Day) -> (due: Day, rule: CouncilWorkRule)? {
        rule(step, on: anchor).map { (anchor.adding(days: $0.offset), $0) }
    }
}

/// One step of council work checked against its rule: when it falls due, whether and when it was done, and whether that
/// was late or is now overdue. Shared by a session's preparation and an oversight's steps.
public struct CouncilWorkCheck: Sendable {
    public let step: CouncilWorkStep
    public let due: Day?
    public let rule: CouncilWorkRule?
    public let provisional: Bool
    /// The day it was done (ISO) and by whom, when known.
    public let doneOn: String?
    public let doneBy: String?
    /// Not done after its due date while the work is still open.
    public let overdue: Bool
    /// Done after its due date.
    public let late: Bool
    /// Computed from other records, not ticked by hand.
    public let automatic: Bool

    /// `step` counted from `anchor` (nil: not computable yet, e.g. no report to count the conclusion from).
    public static func check(_ step: CouncilWorkStep, anchor: Day?, doneOn: String?, doneBy: String? = nil, open: Bool, today: Day,
                             automatic: Bool = false) -> CouncilWorkCheck {
        let counted = anchor.flatMap { a in CouncilWorkRules.due(step, anchor: a).map { (due: $0.due, rule: $0.rule, anchor: a) } }
        let done = doneOn.flatMap { Day($0) }
        var late = false
        if let done, let counted { late = done > counted.due }
        return CouncilWorkCheck(step: step, due: counted?.due, rule: counted?.rule ?? CouncilWorkRules.rule(step, on: anchor ?? today),
                                provisional: counted.map { $0.rule.provisional(on: $0.anchor) } ?? true, doneOn: doneOn, doneBy: doneBy,
                                overdue: open && done == nil && (counted.map { $0.due < today } ?? false), late: late, automatic: automatic)
    }
}
