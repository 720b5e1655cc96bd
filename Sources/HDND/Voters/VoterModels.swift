import Fluent
import Foundation

public enum VoterMeetingKind: String, Codable, CaseIterable, Sendable {
    case beforeSession, afterSession, thematic, higherLevel
    public var label: String {
        switch self {
        case .beforeSession: "Trước kỳ họp"
        case .afterSession: "Sau kỳ họp"
        case .thematic: "Chuyên đề"
        case .higherLevel: "Với đại biểu cấp trên (Quốc hội, HĐND tỉnh, thành phố)"
        }
    }
}

/// Which higher-level delegates a meeting is held with.
public enum HigherLevel: String, Codable, CaseIterable, Sendable {
    case nationalAssembly, province
    public var label: String { self == .nationalAssembly ? "Đại biểu Quốc hội" : "Đại biểu HĐND tỉnh, thành phố" }
}

/// Tiếp xúc cử tri: delegates meet voters of a constituency.
public final class VoterMeeting: Model, ListedFields, @unchecked Sendable {
    public static let schema = "voter_meetings"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @OptionalField(key: "body_id") public var bodyID: Int?
    @Field(key: "kind") public var kind: VoterMeetingKind
    @OptionalField(key: "session_number") public var sessionNumber: Int?
    @OptionalField(key: "topic") public var topic: String?
    /// For meetings with higher-level delegates: which ones.
    @OptionalField(key: "higher_level") public var higherLevel: HigherLevel?
    @Field(key: "date") public var date: String
    @Field(key: "place") public var place: String
    @Field(key: "co_organizer") public var coOrganizer: String
    @OptionalField(key: "delegates_present") public var delegatesPresent: String?
    @Field(key: "voters_attending") public var votersAttending: Int
    @Field(key: "voters_speaking") public var votersSpeaking: Int
    @OptionalField(key: "minutes") public var minutes: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _bodyID, _kind, _sessionNumber, _topic, _higherLevel, _date, _place, _coOrganizer, _delegatesPresent,
         _votersAttending, _votersSpeaking, _minutes, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }

    public var title: String {
        var t = "Tiếp xúc cử tri \(kind.label.lowercased())"
        if let n = sessionNumber, kind == .beforeSession || kind == .afterSession { t += " (kỳ họp thứ \(n))" }
        if let topic, kind == .thematic { t += ": \(topic)" }
        if let higherLevel, kind == .higherLevel { t = "Tiếp xúc cử tri với \(higherLevel.label.lowercased())" }
        return t + " — \(VietnameseFormat.date(date))"
    }
}

public enum PetitionSource: String, Codable, CaseIterable, Sendable {
    case voterMeeting, reception, letter, portal
    public var label: String {
        switch self {
        case .voterMeeting: "Tiếp xúc cử tri"
        case .reception: "Tiếp công dân"
        case .letter: "Đơn thư"
        case .portal: "Cổng thông tin"
        }
    }
}

/// The managed list of fields a petition is classified under (đất đai, môi trường, …).
public enum PetitionFields {
    public static let all: [(String, String)] = [
        ("datdai", "Đất đai"), ("moitruong", "Môi trường"), ("trattudothi", "Trật tự đô thị"), ("giaothong", "Giao thông"),
        ("xaydung", "Xây dựng, quy hoạch"), ("yte", "Y tế"), ("giaoduc", "Giáo dục"), ("chinhsachxahoi", "Chính sách xã hội"),
        ("anninh", "An ninh, trật tự"), ("kinhte", "Kinh tế, tài chính"), ("vanhoa", "Văn hóa, thể thao"), ("khac", "Khác"),
    ]
    public static func label(_ code: String?) -> String { all.first { $0.0 == code }?.1 ?? "Chưa phân loại" }
}

/// Ý kiến, kiến nghị cử tri.
public final class VoterPetition: Model, ListedFields, @unchecked Sendable {
    public static let schema = "voter_petitions"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @OptionalField(key: "meeting_id") public var meetingID: Int?
    @Field(key: "source") public var source: PetitionSource
    @Field(key: "content") public var content: String
    @OptionalField(key: "field") public var field: String?
    @OptionalField(key: "ward_unit_id") public var wardUnitID: Int?
    @Field(key: "voter_count") public var voterCount: Int
    @Field(key: "status") public var status: PetitionStatus
    @OptionalField(key: "agency_id") public var agencyID: Int?
    @OptionalField(key: "due_date") public var dueDate: String?
    @OptionalField(key: "forwarded_on") public var forwardedOn: String?
    @OptionalField(key: "answer") public var answer: String?
    @OptionalField(key: "answered_on") public var answeredOn: String?
    @OptionalField(key: "answered_by") public var answeredBy: String?
    @OptionalField(key: "reported_session") public var reportedSession: String?
    /// The recorded session it was reported at, when it was chosen from the council's sessions.
    @OptionalField(key: "reported_session_id") public var reportedSessionID: Int?
    @Field(key: "received_on") public var receivedOn: String
    /// Set when this petition was merged into another, which carries on its voters.
    @OptionalField(key: "merged_into_id") public var mergedIntoID: Int?
    /// Handed over from an abolished council (`Handovers`).
    @OptionalField(key: "handover_id") public var handoverID: Int?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _meetingID, _source, _content, _field, _wardUnitID, _voterCount, _status, _agencyID, _dueDate,
         _forwardedOn, _answer, _answeredOn, _answeredBy, _reportedSession, _reportedSessionID, _receivedOn, _mergedIntoID, _handoverID,
         _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }
}

/// One step on a petition's timeline: who moved it, when, from which status to which, with what note.
public final class PetitionEvent: Model, ListedFields, @unchecked Sendable {
    public static let schema = "petition_events"
    @ID(custom: .id) public var id: Int?
    @Field(key: "petition_id") public var petitionID: Int
    @Field(key: "at") public var at: Date
    @OptionalField(key: "user_id") public var userID: Int?
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "action") public var action: String
    @OptionalField(key: "from_status") public var fromStatus: PetitionStatus?
    @Field(key: "to_status") public var toStatus: PetitionStatus
    @Field(key: "note") public var note: String
    public init() {}
    public var listedFields: [any AnyProperty] { [_id, _petitionID, _at, _userID, _actorName, _action, _fromStatus, _toStatus, _note] }
}
