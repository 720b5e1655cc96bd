import Fluent
import Foundation

/// Căn cứ giao nhiệm vụ: the document a task comes from.
public enum TaskBasis: String, Codable, CaseIterable, Sendable {
    case conclusion, decision, plan, commitment, hearing, briefing, other
    public var label: String {
        switch self {
        case .conclusion: "Thông báo kết luận"
        case .commitment: "Cam kết khi trả lời chất vấn"
        case .hearing: "Kết luận phiên giải trình"
        case .briefing: "Kết luận hội nghị giao ban"
        case .decision: "Quyết định"
        case .plan: "Kế hoạch, chương trình"
        case .other: "Khác"
        }
    }
}

extension TaskBasis {
    /// Born of another record (a question's answer, a hearing), and added from that record's page.
    public var isFollowUp: Bool { self == .commitment || self == .hearing || self == .briefing }
}

public enum TaskStatus: String, Codable, CaseIterable, Sendable {
    case open, done
    public var label: String { self == .open ? "Đang thực hiện" : "Đã hoàn thành" }
}

/// Nhiệm vụ được giao: assigned by a council's standing committee (by a decision or a conclusion) to one of the
/// council's bodies, a council below or an agency, with a deadline, followed until the assignee reports it done.
/// Named `CouncilTask` in code because Swift's own `Task` is a concurrent task.
public final class CouncilTask: Model, ListedFields, @unchecked Sendable {
    public static let schema = "council_tasks"
    @ID(custom: .id) public var id: Int?
    /// The council that assigned it (its office records and follows it).
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "content") public var content: String
    @Field(key: "basis") public var basis: TaskBasis
    /// "Thông báo số 12/TB-HĐND ngày 05/11/2026".
    @OptionalField(key: "basis_ref") public var basisRef: String?
    @Field(key: "assigned_on") public var assignedOn: String
    @Field(key: "due_on") public var dueOn: String
    /// Exactly one assignee: a body of the council, a council below, or an agency.
    @OptionalField(key: "body_id") public var bodyID: Int?
    @OptionalField(key: "assignee_council_id") public var assigneeCouncilID: Int?
    @OptionalField(key: "organization_id") public var organizationID: Int?
    @Field(key: "status") public var status: TaskStatus
    @OptionalField(key: "done_on") public var doneOn: String?
    @OptionalField(key: "result") public var result: String?
    /// What an answer to a question promised (a commitment: basis `.commitment`), or what a hearing's conclusions asked
    /// for (basis `.hearing`): the record it follows up, shown on that record's page.
    @OptionalField(key: "question_id") public var questionID: Int?
    @OptionalField(key: "hearing_id") public var hearingID: Int?
    /// What a briefing conference's conclusions gave a council below (basis `.briefing`).
    @OptionalField(key: "briefing_id") public var briefingID: Int?
    /// Handed over from an abolished council (`Handovers`).
    @OptionalField(key: "handover_id") public var handoverID: Int?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _content, _basis, _basisRef, _assignedOn, _dueOn, _bodyID, _assigneeCouncilID, _organizationID, _status,
         _doneOn, _result, _questionID, _hearingID, _briefingID, _handoverID, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }

    /// Overdue: still open after its deadline.
    public func isOverdue(today: Day = .today()) -> Bool { status == .open && dueOn < today.description }
}
