import Fluent
import Foundation

/// Chỉ tiêu: "ít nhất 02 cuộc giám sát" for a scope and a period. Progress is never typed in: it is counted from the
/// records (`TargetProgress`).
public final class Target: Model, ListedFields, @unchecked Sendable {
    public static let schema = "targets"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    /// The program that sets it, if one does.
    @OptionalField(key: "program_id") public var programID: Int?
    @Field(key: "measure") public var measure: TargetMeasure
    @Field(key: "scope") public var scope: TargetScope
    @Field(key: "minimum") public var minimum: Int
    @Field(key: "period_from") public var periodFrom: String
    @Field(key: "period_to") public var periodTo: String
    @OptionalField(key: "note") public var note: String?
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _programID, _measure, _scope, _minimum, _periodFrom, _periodTo, _note, _version, _createdAt, _updatedAt,
         _deletedAt]
    }

    /// "Mỗi Ban của HĐND: ít nhất 02 cuộc giám sát".
    public var sentence: String { "\(scope.label): ít nhất \(VietnameseFormat.count(minimum)) \(measure.unit)" }
}

/// What a target counts: each is something the system records.
public enum TargetMeasure: String, Codable, CaseIterable, Sendable {
    case regularSessions, thematicSessions, supervisions, surveys, voterMeetings, thematicVoterMeetings, receptionSessions
    case questions, explanationHearings, standingMeetings
    /// Done on time: petitions answered by their due date; tasks given by the council above (a report to send, a
    /// conclusion to carry out) done by theirs.
    case petitionsAnsweredOnTime, tasksDoneOnTime

    public var label: String { unit.uppercasedFirst }

    /// As counted in a sentence: "02 kỳ họp thường lệ".
    public var unit: String {
        switch self {
        case .regularSessions: "kỳ họp thường lệ"
        case .thematicSessions: "kỳ họp chuyên đề"
        case .supervisions: "cuộc giám sát"
        case .surveys: "cuộc khảo sát"
        case .voterMeetings: "cuộc tiếp xúc cử tri"
        case .thematicVoterMeetings: "hội nghị tiếp xúc cử tri chuyên đề"
        case .receptionSessions: "buổi tiếp công dân"
        case .questions: "chất vấn"
        case .explanationHearings: "phiên giải trình"
        case .standingMeetings: "phiên họp Thường trực HĐND"
        case .petitionsAnsweredOnTime: "kiến nghị cử tri được trả lời đúng hạn"
        case .tasksDoneOnTime: "nhiệm vụ cấp trên giao hoàn thành đúng hạn"
        }
    }

    /// The records counted: their table, the day that places them in a period, and what they must be; `council`, the
    /// column naming the council whose work they are (a task is the work of the council it was given to).
    struct Source { let table: String; let day: String; let condition: String; var council = "council_id" }
    var source: Source {
        switch self {
        case .regularSessions: Source(table: "council_sessions", day: "opens_on",
                                      condition: "kind IN ('midYear', 'yearEnd', 'regular')")
        case .thematicSessions: Source(table: "council_sessions", day: "opens_on", condition: "kind = 'thematic'")
        case .supervisions: Source(table: "oversights", day: "fieldwork_from", condition: "kind <> 'survey'")
        case .surveys: Source(table: "oversights", day: "fieldwork_from", condition: "kind = 'survey'")
        case .voterMeetings: Source(table: "voter_meetings", day: "date", condition: "1 = 1")
        case .thematicVoterMeetings: Source(table: "voter_meetings", day: "date", condition: "kind = 'thematic'")
        case .receptionSessions: Source(table: "reception_days", day: "date", condition: "visits > 0")
        case .questions: Source(table: "questions", day: "asked_on", condition: "1 = 1")
        case .explanationHearings: Source(table: "explanation_hearings", day: "held_on", condition: "1 = 1")
        case .standingMeetings: Source(table: "standing_meetings", day: "held_on", condition: "1 = 1")
        case .petitionsAnsweredOnTime: Source(table: "voter_petitions", day: "answered_on", condition: "due_date IS NOT NULL AND answered_on <= due_date")
        case .tasksDoneOnTime: Source(table: "council_tasks", day: "done_on", condition: "status = 'done' AND done_on <= due_on", council: "assignee_council_id")
        }
    }

    /// Which scopes the measure can be set for: what the records say about who did the work.
    public var scopes: [TargetScope] {
        switch self {
        case .regularSessions, .thematicSessions, .explanationHearings: [.council, .eachCouncilBelow]
        case .receptionSessions, .questions: [.council, .eachCouncilBelow, .eachDelegate]
        case .supervisions, .surveys: TargetScope.allCases
        case .voterMeetings, .thematicVoterMeetings: [.council, .standing, .eachDelegateGroup, .eachCouncilBelow]
        case .standingMeetings: [.standing, .eachCouncilBelow]
        case .petitionsAnsweredOnTime, .tasksDoneOnTime: [.council, .eachCouncilBelow]
        }
    }
}

/// Whose work a target counts.
public enum TargetScope: String, Codable, CaseIterable, Sendable {
    case council, standing, eachCommittee, eachDelegateGroup, eachDelegate, eachCouncilBelow
    public var label: String {
        switch self {
        case .eachDelegate: "Mỗi đại biểu HĐND"
        case .council: "HĐND"
        case .standing: "Thường trực HĐND"
        case .eachCommittee: "Mỗi Ban của HĐND"
        case .eachDelegateGroup: "Mỗi Tổ đại biểu HĐND"
        case .eachCouncilBelow: "Mỗi HĐND cấp dưới"
        }
    }
}

/// Where a target stands: met; missed once its period is over; at risk while the share of the period gone is ahead of
/// the share of the work done; otherwise on track.
public enum TargetStanding: String, Sendable, Equatable {
    case met, onTrack, atRisk, missed
    public var label: String {
        switch self {
        case .met: "Đạt"
        case .onTrack: "Đúng tiến độ"
        case .atRisk: "Chậm so với thời gian"
        case .missed: "Không đạt"
        }
    }

    /// `done` of `required` units of work (each subject's count up to the minimum), as of `today` in from…to.
    public static func of(done: Int, required: Int, from: Day, to: Day, today: Day) -> TargetStanding {
        if done >= required { return .met }
        if today > to { return .missed }
        return elapsed(from: from, to: to, today: today) > Double(done) / Double(max(required, 1)) ? .atRisk : .onTrack
    }

    /// The share of the period gone by the end of `today` (0 before it starts, 1 after it ends).
    public static func elapsed(from: Day, to: Day, today: Day) -> Double {
        if today < from { return 0 }
        if today >= to { return 1 }
        return Double(today.julianDay - from.julianDay + 1) / Double(to.julianDay - from.julianDay + 1)
    }
}
