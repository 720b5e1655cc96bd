import Fluent
import Foundation

/// Chương trình công tác: a body's plan for a year or a quarter ("Chương trình Công tác số 04/CTr-HĐND, ngày 05/01/2022"),
/// its items saying who does what by when ("rõ người, rõ việc, rõ tiến độ") and its targets. Issued with a number of
/// the council's CTr-HĐND series of its year; published once issued (Luật Tiếp cận thông tin 104/2016, Điều 17 khoản 1
/// điểm d: programs and plans of state bodies), internal while a draft.
public final class WorkProgram: Model, ListedFields, @unchecked Sendable {
    public static let schema = "work_programs"
    /// The symbol of a program in the councils' numbering (Nghị định 30/2020, Phụ lục III: CTr).
    public static let symbol = "CTr-HĐND"

    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    /// The body issuing it (the standing committee, a committee, a delegate group); nil for the council itself.
    @OptionalField(key: "body_id") public var bodyID: Int?
    @Field(key: "title") public var title: String
    @Field(key: "period_from") public var periodFrom: String
    @Field(key: "period_to") public var periodTo: String
    /// The opening text: the bases and the aims, as the program's first part reads.
    @OptionalField(key: "preamble") public var preamble: String?
    @OptionalField(key: "issued_on") public var issuedOn: String?
    @OptionalField(key: "number") public var number: Int?
    @OptionalField(key: "number_year") public var numberYear: Int?
    /// Who signs and as what ("CHỦ TỊCH", "PHÓ CHỦ TỊCH").
    @OptionalField(key: "signer") public var signer: String?
    @OptionalField(key: "signer_title") public var signerTitle: String?
    /// "Nơi nhận", one recipient a line.
    @OptionalField(key: "recipients") public var recipients: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _bodyID, _title, _periodFrom, _periodTo, _preamble, _issuedOn, _number, _numberYear, _signer,
         _signerTitle, _recipients, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }

    /// "04/CTr-HĐND" once issued.
    public var reference: String? { number.map { RegisterNumbers.reference($0, symbol: Self.symbol) } }
    public var isIssued: Bool { issuedOn != nil }
    public var period: Period? { Day(periodFrom).flatMap { from in Day(periodTo).flatMap { Period.custom(from, $0) } } }
}

/// Who carries out an item: the council as a whole, one of its bodies, a delegate, or the office.
public enum WorkItemOwner: String, Codable, CaseIterable, Sendable {
    case council, standing, committee, delegateGroup, delegate, office
    public var label: String {
        switch self {
        case .council: "HĐND"
        case .standing: "Thường trực HĐND"
        case .committee: "Ban của HĐND"
        case .delegateGroup: "Tổ đại biểu HĐND"
        case .delegate: "Đại biểu HĐND"
        case .office: "Văn phòng"
        }
    }
}

/// What kind of record carries an item out: the item is done when such a record is linked to it. `other` items
/// (issuing a plan, a report) are marked done by hand with the day.
public enum WorkItemKind: String, Codable, CaseIterable, Sendable {
    case session, oversight, voterMeeting, standingMeeting, explanationHearing, question, training, dialogue, other
    public var label: String {
        switch self {
        case .session: "Kỳ họp"
        case .oversight: "Giám sát, khảo sát"
        case .voterMeeting: "Tiếp xúc cử tri"
        case .standingMeeting: "Phiên họp Thường trực"
        case .explanationHearing: "Phiên giải trình"
        case .question: "Chất vấn"
        case .training: "Tập huấn"
        case .dialogue: "Hội nghị đối thoại"
        case .other: "Việc khác"
        }
    }
    /// The records of this kind, as the audit and pages name them.
    public var recordKind: RecordKind? {
        switch self {
        case .session: .session
        case .oversight: .oversight
        case .voterMeeting: .voterMeeting
        case .standingMeeting: .standingMeeting
        case .explanationHearing: .explanationHearing
        case .question: .question
        case .training: .training
        case .dialogue: .dialogueConference
        case .other: nil
        }
    }
}

/// Set by hand: an item stays planned until a record carries it out, unless it is put off or dropped.
public enum WorkItemState: String, Codable, CaseIterable, Sendable {
    case planned, postponed, cancelled
    public var label: String {
        switch self {
        case .planned: "Theo kế hoạch"
        case .postponed: "Lùi thời gian"
        case .cancelled: "Không thực hiện"
        }
    }
}

/// One item of a program: its owner, content, planned month (or day), the kind of record that carries it out.
public final class WorkItem: Model, ListedFields, @unchecked Sendable {
    public static let schema = "work_items"
    @ID(custom: .id) public var id: Int?
    @Field(key: "program_id") public var programID: Int
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "owner") public var owner: WorkItemOwner
    /// The body named when the owner is one (which committee, which delegate group).
    @OptionalField(key: "body_id") public var bodyID: Int?
    /// Who in words, when more than the owner says ("Ban Kinh tế - Xã hội chủ trì, Văn phòng phối hợp").
    @OptionalField(key: "owner_note") public var ownerNote: String?
    @Field(key: "content") public var content: String
    /// "2022-03": the month it is planned for; `planned_on` when a day is set.
    @Field(key: "planned_month") public var plannedMonth: String
    @OptionalField(key: "planned_on") public var plannedOn: String?
    @Field(key: "kind") public var kind: WorkItemKind
    @Field(key: "state") public var state: WorkItemState
    /// The day an `other` item was done.
    @OptionalField(key: "done_on") public var doneOn: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _programID, _councilID, _unitID, _owner, _bodyID, _ownerNote, _content, _plannedMonth, _plannedOn, _kind, _state, _doneOn,
         _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }
}

/// Where an item stands, from its state, its linked records and the day.
public enum WorkItemProgress: String, Sendable, Equatable {
    case done, planned, late, postponed, cancelled
    public var label: String {
        switch self {
        case .done: "Đã thực hiện"
        case .planned: "Chưa đến hạn"
        case .late: "Quá tháng dự kiến"
        case .postponed: "Lùi thời gian"
        case .cancelled: "Không thực hiện"
        }
    }

    /// Done once a record carries it out (or, for other work, once marked done); late once its month has passed.
    public static func of(state: WorkItemState, kind: WorkItemKind, linked: Int, doneOn: String?, plannedMonth: String, today: Day) -> WorkItemProgress {
        if kind == .other ? doneOn != nil : linked > 0 { return .done }
        switch state {
        case .cancelled: return .cancelled
        case .postponed: return .postponed
        case .planned: return plannedMonth < String(today.description.prefix(7)) ? .late : .planned
        }
    }
}
