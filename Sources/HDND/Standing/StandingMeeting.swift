import Fluent
import Foundation

public enum StandingMeetingKind: String, Codable, CaseIterable, Sendable {
    case regular, review, other
    public var label: String {
        switch self {
        case .regular: "Phiên họp thường kỳ (hằng tháng)"
        case .review: "Làm việc với các Ban, Tổ đại biểu (đánh giá kết quả)"
        case .other: "Phiên họp khác"
        }
    }
}

/// Phiên họp Thường trực HĐND: its agenda, who took part, the minutes, and the conclusions issued as a numbered notice
/// (`TB-HĐND`). A review meeting looks back over a period: each body's figures for it come from the records.
public final class StandingMeeting: Model, ListedFields, @unchecked Sendable {
    public static let schema = "standing_meetings"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "kind") public var kind: StandingMeetingKind
    @Field(key: "held_on") public var heldOn: String
    @OptionalField(key: "chair") public var chair: String?
    @OptionalField(key: "participants") public var participants: String?
    @Field(key: "agenda") public var agenda: String
    @OptionalField(key: "minutes") public var minutes: String?
    /// How many took the floor ("5 ý kiến phát biểu").
    @OptionalField(key: "speakers") public var speakers: Int?
    /// A review meeting's period.
    @OptionalField(key: "period_from") public var periodFrom: String?
    @OptionalField(key: "period_to") public var periodTo: String?
    @OptionalField(key: "conclusions") public var conclusions: String?
    /// The notice of conclusions: its number in the council's `TB-HĐND` series of the year, and its day.
    @OptionalField(key: "notice_number") public var noticeNumber: Int?
    @OptionalField(key: "notice_year") public var noticeYear: Int?
    @OptionalField(key: "noticed_on") public var noticedOn: String?
    /// Who signs the notice, the post the signature block writes, and where it is sent.
    @OptionalField(key: "notice_signer") public var noticeSigner: String?
    @OptionalField(key: "notice_signer_title") public var noticeSignerTitle: String?
    @OptionalField(key: "notice_recipients") public var noticeRecipients: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _kind, _heldOn, _chair, _participants, _agenda, _minutes, _speakers, _periodFrom, _periodTo,
         _conclusions, _noticeNumber, _noticeYear, _noticedOn, _noticeSigner, _noticeSignerTitle, _noticeRecipients, _folded, _version,
         _createdAt, _updatedAt, _deletedAt]
    }

    /// "Thông báo số 12/TB-HĐND".
    public var notice: String? { reference.map { "Thông báo số \($0)" } }
    /// "12/TB-HĐND", once the notice has its number.
    public var reference: String? { noticeNumber.map { RegisterNumbers.reference($0, symbol: Self.symbol) } }
    public static let symbol = "TB-HĐND"
}
