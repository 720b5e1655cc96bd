import Fluent
import Foundation

/// Where a question is put: at a session, at a meeting of the standing committee, or in writing between sessions.
public enum QuestionVenue: String, Codable, CaseIterable, Sendable {
    case session, standingMeeting, writing
    public var label: String {
        switch self { case .session: "Tại kỳ họp"; case .standingMeeting: "Tại phiên họp Thường trực HĐND"; case .writing: "Bằng văn bản" }
    }
}

public enum AnswerMode: String, Codable, CaseIterable, Sendable {
    case oral, written
    public var label: String { self == .oral ? "Trả lời trực tiếp" : "Trả lời bằng văn bản" }
}

/// Whether the delegate who asked accepts the answer (if not, they may ask for it to be debated or for the respondent's
/// responsibility to be considered).
public enum AnswerAcceptance: String, Codable, CaseIterable, Sendable {
    case accepted, notAccepted
    public var label: String { self == .accepted ? "Đại biểu đồng ý với trả lời" : "Đại biểu chưa đồng ý với trả lời" }
}

/// Chất vấn: a delegate's question to a person in a post at an agency; answered orally or in writing (within 20 days of
/// the question), and accepted or not by the delegate. The delegate writes it; the agency reads and answers it.
public final class Question: Model, ListedFields, @unchecked Sendable {
    public static let schema = "questions"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "venue") public var venue: QuestionVenue
    @OptionalField(key: "session_id") public var sessionID: Int?
    /// The question group chosen for the session it falls in ("Nhóm vấn đề về trật tự đô thị").
    @OptionalField(key: "question_group") public var questionGroup: String?
    @Field(key: "asked_by_id") public var askedByID: Int
    /// Who is asked, in words ("Chủ tịch UBND phường Nguyễn Văn A"), and the agency that answers for them.
    @Field(key: "respondent") public var respondent: String
    @Field(key: "organization_id") public var organizationID: Int
    @Field(key: "content") public var content: String
    @Field(key: "asked_on") public var askedOn: String
    @OptionalField(key: "answer_mode") public var answerMode: AnswerMode?
    @OptionalField(key: "answer") public var answer: String?
    @OptionalField(key: "answered_on") public var answeredOn: String?
    @OptionalField(key: "acceptance") public var acceptance: AnswerAcceptance?
    /// The respondent's report on carrying out what the answer promised (its commitments), and its day.
    @OptionalField(key: "progress_report") public var progressReport: String?
    @OptionalField(key: "progress_reported_on") public var progressReportedOn: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _venue, _sessionID, _questionGroup, _askedByID, _respondent, _organizationID, _content, _askedOn,
         _answerMode, _answer, _answeredOn, _acceptance, _progressReport, _progressReportedOn, _folded, _version, _createdAt, _updatedAt,
         _deletedAt]
    }

    /// A written answer is owed: the question was put in writing, or the answer at a meeting is to come in writing.
    public var owesWrittenAnswer: Bool { venue == .writing || answerMode == .written }

    /// The written answer's due date and its rule check, counted from the day asked.
    public func writtenAnswer(today: Day = .today()) -> CouncilWorkCheck? {
        guard owesWrittenAnswer else { return nil }
        return .check(.questionWrittenAnswer, anchor: Day(askedOn), doneOn: answeredOn, open: answer == nil, today: today)
    }

    /// The progress report on the commitments, due before the council's next regular session after the answer (its
    /// opening day `nextSession`; nil while none is planned), open while any commitment is.
    public func progressCheck(nextSession: Day?, commitmentsOpen: Bool, today: Day = .today()) -> CouncilWorkCheck {
        .check(.commitmentProgressReport, anchor: nextSession, doneOn: progressReportedOn, open: commitmentsOpen, today: today)
    }
}
