import Fluent
import Foundation

/// Phiên giải trình: at a meeting of the standing committee, those responsible (members of the People's Committee, the
/// heads of agencies) explain a matter the council has chosen. The persons asked are noticed in advance (a rule with its
/// legal basis); the hearing is public unless the standing committee decides otherwise; it ends with conclusions, whose
/// follow-up items are tasks with deadlines (`CouncilTask` with basis `.hearing`).
public final class ExplanationHearing: Model, ListedFields, @unchecked Sendable {
    public static let schema = "explanation_hearings"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "topic") public var topic: String
    /// The persons asked to explain, with their posts, one per line.
    @Field(key: "respondents") public var respondents: String
    @Field(key: "held_on") public var heldOn: String
    /// The standing committee's decision or plan that set it up ("Kế hoạch số 15/KH-HĐND").
    @OptionalField(key: "plan_ref") public var planRef: String?
    /// The day the persons asked were noticed of it.
    @OptionalField(key: "noticed_on") public var noticedOn: String?
    @Field(key: "is_public") public var isPublic: Bool
    @OptionalField(key: "conclusion") public var conclusion: String?
    @OptionalField(key: "concluded_on") public var concludedOn: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _topic, _respondents, _heldOn, _planRef, _noticedOn, _isPublic, _conclusion, _concludedOn, _folded,
         _version, _createdAt, _updatedAt, _deletedAt]
    }

    /// The notice to the persons asked, counted back from the hearing's day; open until the conclusions are recorded.
    public func noticeCheck(today: Day = .today()) -> CouncilWorkCheck {
        .check(.hearingNotice, anchor: Day(heldOn), doneOn: noticedOn, open: concludedOn == nil, today: today)
    }
}
