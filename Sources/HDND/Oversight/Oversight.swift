import Fluent
import Foundation

/// Loại hoạt động giám sát.
public enum OversightKind: String, Codable, CaseIterable, Sendable {
    case thematic, documents, survey, resupervision
    public var label: String {
        switch self {
        case .thematic: "Giám sát chuyên đề"
        case .documents: "Giám sát văn bản"
        case .survey: "Khảo sát"
        case .resupervision: "Tái giám sát"
        }
    }
}

/// Who leads a delegation: the seeds count delegations by it ("9 … do Thường trực HĐND và các Ban HĐND quận chủ trì;
/// 01 … do Ban Thường trực UBMTTQ quận; 01 … do UBND quận chủ trì").
public enum OversightLead: String, Codable, CaseIterable, Sendable {
    case council, standing, committee, delegateGroup, delegate, fatherlandFront, peoplesCommittee
    public var label: String {
        switch self {
        case .council: "HĐND"
        case .standing: "Thường trực HĐND"
        case .committee: "Ban của HĐND"
        case .delegateGroup: "Tổ đại biểu HĐND"
        case .delegate: "Đại biểu HĐND"
        case .fatherlandFront: "Ủy ban MTTQ (HĐND phối hợp)"
        case .peoplesCommittee: "UBND (HĐND phối hợp)"
        }
    }
    /// The body of the council that leads, when one does.
    var isBody: Bool { self == .standing || self == .committee || self == .delegateGroup }
    /// The step rules that apply: a delegate group's or a delegate's limits, else a delegation's.
    var isDelegates: Bool { self == .delegateGroup || self == .delegate }
}

/// Một cuộc giám sát, khảo sát: led by the council or one of its bodies (or jointly), with its subjects, plan, notice,
/// fieldwork, report and the standing committee's conclusion, each step due by the rules in force.
public final class Oversight: Model, ListedFields, @unchecked Sendable {
    public static let schema = "oversights"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "kind") public var kind: OversightKind
    @Field(key: "lead") public var lead: OversightLead
    @OptionalField(key: "body_id") public var bodyID: Int?
    @OptionalField(key: "person_id") public var personID: Int?
    @Field(key: "topic") public var topic: String
    /// The agencies and councils supervised, in words.
    @Field(key: "subjects") public var subjects: String
    /// The decision or plan that set it up ("Kế hoạch số 12/KH-HĐND"), and its day.
    @OptionalField(key: "plan_ref") public var planRef: String?
    @OptionalField(key: "planned_on") public var plannedOn: String?
    @OptionalField(key: "noticed_on") public var noticedOn: String?
    @Field(key: "fieldwork_from") public var fieldworkFrom: String
    @OptionalField(key: "fieldwork_to") public var fieldworkTo: String?
    @OptionalField(key: "reported_on") public var reportedOn: String?
    @OptionalField(key: "concluded_on") public var concludedOn: String?
    @OptionalField(key: "conclusion") public var conclusion: String?
    /// The delegation's members, one per line ("Nguyễn Văn A — Phó Chủ tịch HĐND, Trưởng đoàn").
    @OptionalField(key: "members") public var members: String?
    /// The proposal of the annual supervision program it carries out.
    @OptionalField(key: "proposal_id") public var proposalID: Int?
    /// A re-supervision names the oversight whose recommendations it checks.
    @OptionalField(key: "resupervises_id") public var resupervisesID: Int?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _kind, _lead, _bodyID, _personID, _topic, _subjects, _planRef, _plannedOn, _noticedOn, _fieldworkFrom,
         _fieldworkTo, _reportedOn, _concludedOn, _conclusion, _members, _proposalID, _resupervisesID, _folded, _version, _createdAt,
         _updatedAt, _deletedAt]
    }

    public var fieldworkEnd: String { fieldworkTo ?? fieldworkFrom }
}

/// Tình trạng kiến nghị giám sát.
public enum RecommendationStatus: String, Codable, CaseIterable, Sendable {
    case pending, inProgress, done
    public var label: String {
        switch self { case .pending: "Chưa thực hiện"; case .inProgress: "Đang thực hiện"; case .done: "Đã thực hiện xong" }
    }
}

/// Kiến nghị sau giám sát: addressed to an agency with a deadline, answered from the agency's own account, overdue when
/// still open after it; a re-supervision checks it again.
public final class Recommendation: Model, ListedFields, @unchecked Sendable {
    public static let schema = "recommendations"
    @ID(custom: .id) public var id: Int?
    @Field(key: "oversight_id") public var oversightID: Int
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "organization_id") public var organizationID: Int
    @Field(key: "content") public var content: String
    @Field(key: "due_on") public var dueOn: String
    @Field(key: "status") public var status: RecommendationStatus
    @OptionalField(key: "answer") public var answer: String?
    @OptionalField(key: "answered_on") public var answeredOn: String?
    /// The re-supervision that checked it.
    @OptionalField(key: "rechecked_by_id") public var recheckedByID: Int?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _oversightID, _councilID, _unitID, _organizationID, _content, _dueOn, _status, _answer, _answeredOn, _recheckedByID, _folded,
         _version, _createdAt, _updatedAt, _deletedAt]
    }

    public func isOverdue(today: Day = .today()) -> Bool { status != .done && dueOn < today.description }
}
