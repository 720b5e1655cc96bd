import Fluent
import Foundation

/// Thông báo: an in-app message to one account about what newly concerns it. `key` names the event, so that the same
/// event never notifies an account twice (a petition forwarded, answered, due tomorrow, overdue).
public final class Notification: Model, ListedFields, @unchecked Sendable {
    public static let schema = "notifications"
    @ID(custom: .id) public var id: Int?
    @Field(key: "user_id") public var userID: Int
    @Field(key: "kind") public var kind: NotificationKind
    @Field(key: "text") public var text: String
    @Field(key: "href") public var href: String
    @Field(key: "event_key") public var eventKey: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "read_at") public var readAt: Date?
    /// Sent in a daily digest (`Digest`): each notification is e-mailed at most once.
    @OptionalField(key: "emailed_at") public var emailedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] { [_id, _userID, _kind, _text, _href, _eventKey, _createdAt, _readAt, _emailedAt] }
}

public enum NotificationKind: String, Codable, CaseIterable, Sendable {
    case forwarded, answered, dueTomorrow, overdue
    public var label: String {
        switch self {
        case .forwarded: "Được chuyển đến"
        case .answered: "Đã có trả lời"
        case .dueTomorrow: "Đến hạn ngày mai"
        case .overdue: "Quá hạn"
        }
    }
}
