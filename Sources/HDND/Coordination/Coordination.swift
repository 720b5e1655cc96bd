import Fluent
import Foundation

/// Who carries out a content of a coordination program: one of the three signatories, or the three together.
public enum CoordinationParty: String, Codable, CaseIterable, Sendable {
    case standing, peoplesCommittee, fatherlandFront, all
    public var label: String {
        switch self {
        case .standing: "Thường trực HĐND"
        case .peoplesCommittee: "UBND"
        case .fatherlandFront: "Ban Thường trực Ủy ban MTTQ"
        case .all: "Ba cơ quan cùng thực hiện"
        }
    }
}

/// Chương trình phối hợp: the yearly program the standing committee, the People's Committee and the Fatherland Front
/// sign (seed 001: signed on 13/01/2020 by four leaders). Its contents are `CoordinationItem`s, each marked done with
/// its result; the year-end review sets what was planned against what was done, beside the year's joint oversights
/// counted by who led them.
public final class CoordinationProgram: Model, ListedFields, @unchecked Sendable {
    public static let schema = "coordination_programs"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "year") public var year: Int
    @Field(key: "title") public var title: String
    /// The day it was signed, when known (a news post may give only the year).
    @OptionalField(key: "signed_on") public var signedOn: String?
    /// Who signed, one per line: "Dương Đức Tuấn — Bí thư Quận ủy, Chủ tịch HĐND quận".
    @Field(key: "signatories") public var signatories: String
    /// The year-end review's own words.
    @OptionalField(key: "review") public var review: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _year, _title, _signedOn, _signatories, _review, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }

    public var signatoryLines: [String] {
        signatories.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// One content of a coordination program: who carries it out, when it is planned, and once done, when and with what result.
public final class CoordinationItem: Model, ListedFields, @unchecked Sendable {
    public static let schema = "coordination_items"
    @ID(custom: .id) public var id: Int?
    @Field(key: "program_id") public var programID: Int
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "content") public var content: String
    @Field(key: "party") public var party: CoordinationParty
    /// When it is planned, in words ("Quý II", "Cả năm").
    @OptionalField(key: "planned") public var planned: String?
    @OptionalField(key: "done_on") public var doneOn: String?
    @OptionalField(key: "result") public var result: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _programID, _councilID, _unitID, _content, _party, _planned, _doneOn, _result, _folded, _version, _createdAt, _updatedAt,
         _deletedAt]
    }
}

/// Hội nghị đối thoại: leaders of the Party committee, the council and the People's Committee answer the Front, the
/// unions and the people (seed 001: 9 speakers, 18 opinions — 7 for the district Party committee, 11 for the People's
/// Committee). Each opinion is a `DialogueOpinion` assigned to the body responsible for it and followed to its answer.
public final class DialogueConference: Model, ListedFields, @unchecked Sendable {
    public static let schema = "dialogue_conferences"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "year") public var year: Int
    @OptionalField(key: "held_on") public var heldOn: String?
    @Field(key: "title") public var title: String
    /// Who held it ("Bí thư Quận ủy, Chủ tịch HĐND quận, Chủ tịch UBND quận").
    @Field(key: "hosts") public var hosts: String
    /// With whom ("MTTQ, các tổ chức chính trị - xã hội và nhân dân trên địa bàn quận").
    @Field(key: "participants") public var participants: String
    /// How many took the floor.
    @OptionalField(key: "speakers") public var speakers: Int?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _year, _heldOn, _title, _hosts, _participants, _speakers, _folded, _version, _createdAt, _updatedAt,
         _deletedAt]
    }
}

/// An opinion raised at a dialogue, assigned to the organisation responsible (the Party committee, the People's
/// Committee, an agency), answered with its day.
public final class DialogueOpinion: Model, ListedFields, @unchecked Sendable {
    public static let schema = "dialogue_opinions"
    @ID(custom: .id) public var id: Int?
    @Field(key: "dialogue_id") public var dialogueID: Int
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "content") public var content: String
    @Field(key: "organization_id") public var organizationID: Int
    @OptionalField(key: "answer") public var answer: String?
    @OptionalField(key: "answered_on") public var answeredOn: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _dialogueID, _councilID, _unitID, _content, _organizationID, _answer, _answeredOn, _folded, _version, _createdAt, _updatedAt,
         _deletedAt]
    }
}

/// Tập huấn: courses for delegates, their attendees counted by level (seed 003: 02 classes, 35 district and 491
/// commune delegates).
public final class Training: Model, ListedFields, @unchecked Sendable {
    public static let schema = "trainings"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "year") public var year: Int
    @Field(key: "title") public var title: String
    @Field(key: "organiser") public var organiser: String
    @OptionalField(key: "held_from") public var heldFrom: String?
    @OptionalField(key: "held_to") public var heldTo: String?
    /// How many classes the course ran ("02 lớp").
    @Field(key: "classes") public var classes: Int
    /// Delegates of this council's level, of the councils below, and others.
    @Field(key: "attendees_own") public var attendeesOwn: Int
    @Field(key: "attendees_below") public var attendeesBelow: Int
    @Field(key: "attendees_other") public var attendeesOther: Int
    @OptionalField(key: "notes") public var notes: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _year, _title, _organiser, _heldFrom, _heldTo, _classes, _attendeesOwn, _attendeesBelow,
         _attendeesOther, _notes, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }
}
