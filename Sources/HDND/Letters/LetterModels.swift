import Fluent
import Foundation

public enum LetterKind: String, Codable, CaseIterable, Sendable {
    case complaint, denunciation, petition, feedback
    public var label: String {
        switch self { case .complaint: "Khiếu nại"; case .denunciation: "Tố cáo"; case .petition: "Kiến nghị"; case .feedback: "Phản ánh" }
    }
}

public enum LetterChannel: String, Codable, CaseIterable, Sendable {
    case post, inPerson, reception, online, forwarded
    public var label: String {
        switch self {
        case .post: "Qua bưu điện"
        case .inPerson: "Nộp trực tiếp"
        case .reception: "Qua tiếp công dân"
        case .online: "Trực tuyến"
        case .forwarded: "Cơ quan khác chuyển đến"
        }
    }
}

public enum LetterDecision: String, Codable, CaseIterable, Sendable {
    case handle, forward, guide, file
    public var label: String {
        switch self {
        case .handle: "Thụ lý, giải quyết"
        case .forward: "Chuyển cơ quan có thẩm quyền"
        case .guide: "Hướng dẫn người gửi"
        case .file: "Lưu đơn"
        }
    }
}

public enum LetterOutcome: String, Codable, CaseIterable, Sendable {
    case pending, resolved, withdrawn
    public var label: String {
        switch self { case .pending: "Đang giải quyết"; case .resolved: "Đã giải quyết"; case .withdrawn: "Người gửi rút đơn" }
    }
}

/// Đơn thư: one letter in a council's register, numbered per council and year.
public final class Letter: Model, ListedFields, @unchecked Sendable {
    public static let schema = "letters"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "year") public var year: Int
    @Field(key: "number") public var number: Int
    @Field(key: "received_on") public var receivedOn: String
    @Field(key: "channel") public var channel: LetterChannel
    @Field(key: "kind") public var kind: LetterKind
    @Field(key: "content") public var content: String
    @Field(key: "anonymous") public var anonymous: Bool
    /// Meets the conditions to be handled (nil: not assessed yet).
    @OptionalField(key: "eligible") public var eligible: Bool?
    @OptionalField(key: "decision") public var decision: LetterDecision?
    @OptionalField(key: "agency_id") public var agencyID: Int?
    @OptionalField(key: "accepted_on") public var acceptedOn: String?
    /// Complaints: first or second resolution.
    @Field(key: "round") public var round: Int
    /// Complaints: the day the complainant received or learned of the decision or act (round 1), or received the
    /// first-round decision (round 2); starts the limitation period and the second-complaint window.
    @OptionalField(key: "complained_decision_on") public var complainedDecisionOn: String?
    @Field(key: "complex") public var complex: Bool
    @Field(key: "remote_area") public var remoteArea: Bool
    @Field(key: "several_places") public var severalPlaces: Bool
    /// Denunciations: the checking of the facts is delegated to another body.
    @Field(key: "delegated_verification") public var delegatedVerification: Bool
    @Field(key: "extensions") public var extensions: Int
    /// Why the case was found complex, and who decided it (a name and position, as on the decision).
    @OptionalField(key: "complexity_note") public var complexityNote: String?
    @OptionalField(key: "complexity_decided_by") public var complexityDecidedBy: String?
    /// Complaints from 01/07/2026: the criteria of Decree 124/2020 art. 3a that apply ("a,c") and the written finding.
    @OptionalField(key: "complexity_criteria") public var complexityCriteria: String?
    @OptionalField(key: "complexity_finding_number") public var complexityFindingNumber: String?
    @OptionalField(key: "complexity_finding_date") public var complexityFindingDate: String?
    /// Why the resolution of a denunciation was extended, and who decided it.
    @OptionalField(key: "extension_note") public var extensionNote: String?
    @OptionalField(key: "extension_decided_by") public var extensionDecidedBy: String?
    /// The resolution suspended on this day, and resumed on that one (nil while still suspended).
    @OptionalField(key: "suspended_on") public var suspendedOn: String?
    @OptionalField(key: "resumed_on") public var resumedOn: String?
    /// The days each later step happened (see `LetterEvents`).
    @OptionalField(key: "forwarded_on") public var forwardedOn: String?
    @OptionalField(key: "notice_sent_on") public var noticeSentOn: String?
    @OptionalField(key: "suspension_sent_on") public var suspensionSentOn: String?
    @OptionalField(key: "resumption_sent_on") public var resumptionSentOn: String?
    @OptionalField(key: "decision_sent_on") public var decisionSentOn: String?
    @OptionalField(key: "dialogue_on") public var dialogueOn: String?
    @OptionalField(key: "dialogue_notified_on") public var dialogueNotifiedOn: String?
    @OptionalField(key: "result_resolved_on") public var resultResolvedOn: String?
    @OptionalField(key: "result_received_on") public var resultReceivedOn: String?
    @OptionalField(key: "citizen_notified_on") public var citizenNotifiedOn: String?
    @Field(key: "outcome") public var outcome: LetterOutcome
    @OptionalField(key: "closed_on") public var closedOn: String?
    /// The first letter of the same case (same sender, same matter): counted once.
    @OptionalField(key: "duplicate_of_id") public var duplicateOfID: Int?
    /// Handed over from an abolished council (`Handovers`), with its number in that council's register.
    @OptionalField(key: "handover_id") public var handoverID: Int?
    @OptionalField(key: "previous_number") public var previousNumber: String?
    /// Is or ever was a denunciation: the senders stay secret for good (see `Confidentiality`).
    @Field(key: "confidential") public var confidential: Bool
    /// The next legal deadline (ISO day), kept by `LetterDue` after every write; nil when nothing is due.
    @OptionalField(key: "next_due") public var nextDue: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    /// Not stored on this table: see `LetterSender`.
    let pendingSenders = Pending<[(String, String?, String?)]>([])
    /// The reception visit this letter was handed in at, linked once the letter has its id.
    let pendingVisit = Pending<Int?>(nil)
    /// What the next audit entry must warn about (a denunciation's kind changed).
    let kindChange = Pending<String?>(nil)

    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _year, _number, _receivedOn, _channel, _kind, _content, _anonymous, _eligible, _decision, _agencyID,
         _acceptedOn, _round, _complainedDecisionOn, _complex, _remoteArea, _severalPlaces, _delegatedVerification, _extensions,
         _complexityNote, _complexityDecidedBy, _complexityCriteria, _complexityFindingNumber, _complexityFindingDate, _extensionNote,
         _extensionDecidedBy, _suspendedOn, _resumedOn, _forwardedOn, _noticeSentOn, _suspensionSentOn, _resumptionSentOn, _decisionSentOn,
         _dialogueOn, _dialogueNotifiedOn, _resultResolvedOn, _resultReceivedOn, _citizenNotifiedOn, _outcome, _closedOn, _duplicateOfID,
         _handoverID, _previousNumber, _confidential, _nextDue, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }

    /// "Số 12/2026".
    public var registerNumber: String { Self.registerNumber(number, year) }
    /// "05/2026": the number in its council's register of the year, as every page and list writes it.
    public static func registerNumber(_ number: Int, _ year: Int) -> String { "\(VietnameseFormat.serial(number))/\(year)" }
}

/// Who sent a letter. For a denunciation this is confidential (Law on Denunciations 2018, art. 47):
/// shown only to accounts granted the right for that letter (`LetterAccess`).
public final class LetterSender: Model, ListedFields, @unchecked Sendable {
    public static let schema = "letter_senders"
    @ID(custom: .id) public var id: Int?
    @Field(key: "letter_id") public var letterID: Int
    @Field(key: "full_name") public var fullName: String
    @OptionalField(key: "address") public var address: String?
    @OptionalField(key: "phone") public var phone: String?
    /// The name folded, for `SenderSearch`.
    @OptionalField(key: "folded") public var folded: String?
    public init() {}
    public var listedFields: [any AnyProperty] { [_id, _letterID, _fullName, _address, _phone, _folded] }
}

/// The explicit right of one account to see the senders of one confidential letter.
public final class LetterAccess: Model, ListedFields, @unchecked Sendable {
    public static let schema = "letter_access"
    @ID(custom: .id) public var id: Int?
    @Field(key: "letter_id") public var letterID: Int
    @Field(key: "user_id") public var userID: Int
    @Field(key: "granted_by") public var grantedBy: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] { [_id, _letterID, _userID, _grantedBy, _createdAt] }
}
