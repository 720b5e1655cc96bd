/// The life of a voter petition: received → classified → forwarded (to an agency, with a due date)
/// → answered → closed with an outcome. Plain Swift: the only place that says which step may follow which.
public enum PetitionStatus: String, Codable, CaseIterable, Sendable {
    case received, classified, forwarded, answered, resolved, inProgress, explained, notAccepted, merged

    public var label: String {
        switch self {
        case .received: "Mới tiếp nhận"
        case .classified: "Đã phân loại"
        case .forwarded: "Đã chuyển cơ quan"
        case .answered: "Đã trả lời"
        case .resolved: "Đã giải quyết"
        case .inProgress: "Đang giải quyết"
        case .explained: "Đã giải trình, thông tin"
        case .notAccepted: "Không tiếp thu"
        case .merged: "Đã gộp vào kiến nghị khác"
        }
    }

    /// Waiting for an agency: what counts as overdue once the due date has passed.
    public var awaitsAgency: Bool { self == .forwarded }
    public var isClosed: Bool { [.resolved, .explained, .notAccepted, .merged].contains(self) }
}

public enum PetitionAction: String, Codable, CaseIterable, Sendable {
    case classify, forward, answer, close, report

    public var label: String {
        switch self {
        case .classify: "Phân loại"
        case .forward: "Chuyển cơ quan có thẩm quyền"
        case .answer: "Trả lời"
        case .close: "Kết luận kết quả"
        case .report: "Báo cáo tại kỳ họp"
        }
    }
}

public enum PetitionWorkflow {
    /// The statuses an action may start from.
    public static func allowed(_ action: PetitionAction) -> Set<PetitionStatus> {
        switch action {
        case .classify: [.received, .classified]
        case .forward: [.classified, .forwarded]
        case .answer: [.forwarded, .answered]
        case .close: [.answered, .inProgress]
        case .report: [.answered, .resolved, .inProgress, .explained, .notAccepted]
        }
    }

    /// The outcomes `close` may set.
    public static let outcomes: [PetitionStatus] = [.resolved, .inProgress, .explained, .notAccepted]

    /// The status after `action`, or a Vietnamese reason why it may not happen now.
    public static func next(from status: PetitionStatus, _ action: PetitionAction,
                            outcome: PetitionStatus? = nil) -> Result<PetitionStatus, WorkflowError> {
        guard allowed(action).contains(status) else {
            return .failure(WorkflowError(message: "Không thể “\(action.label.lowercased())” khi kiến nghị đang ở trạng thái “\(status.label.lowercased())”."))
        }
        switch action {
        case .classify: return .success(.classified)
        case .forward: return .success(.forwarded)
        case .answer: return .success(.answered)
        case .report: return .success(status)
        case .close:
            guard let outcome, outcomes.contains(outcome) else {
                return .failure(WorkflowError(message: "Hãy chọn kết quả: đã giải quyết, đang giải quyết, đã giải trình hoặc không tiếp thu."))
            }
            if status == .inProgress && outcome == .inProgress {
                return .failure(WorkflowError(message: "Kiến nghị đã ở trạng thái đang giải quyết."))
            }
            return .success(outcome)
        }
    }

    /// Actions offered on a petition's page, in the order the work goes.
    public static func available(from status: PetitionStatus) -> [PetitionAction] {
        PetitionAction.allCases.filter { allowed($0).contains(status) }
    }
}

public struct WorkflowError: Error, Equatable, Sendable {
    public let message: String
}
