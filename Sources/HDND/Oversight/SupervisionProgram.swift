import Fluent
import Foundation

/// Chương trình giám sát hằng năm: the council's supervision program of a year, drafted by the standing committee from
/// the proposals it collected and adopted by resolution at the mid-year session of the year before; each proposal taken
/// in then becomes an oversight (`Oversight.proposalID`).
public final class SupervisionProgram: Model, ListedFields, @unchecked Sendable {
    public static let schema = "supervision_programs"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    /// The year supervised.
    @Field(key: "year") public var year: Int
    /// The resolution that adopted it.
    @OptionalField(key: "resolution_id") public var resolutionID: Int?
    @OptionalField(key: "notes") public var notes: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _year, _resolutionID, _notes, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }

    public var title: String { Self.title(year: year) }
    static func title(year: Int) -> String { "Chương trình giám sát năm \(year)" }
}

/// Where a proposal for the supervision program came from: the law lists the standing committee, the committees, the
/// delegate groups and delegates, the Fatherland Front, and voters' petitions.
public enum ProposalSource: String, Codable, CaseIterable, Sendable {
    case standing, committee, delegateGroup, delegate, fatherlandFront, voters, other
    public var label: String {
        switch self {
        case .standing: "Thường trực HĐND"
        case .committee: "Ban của HĐND"
        case .delegateGroup: "Tổ đại biểu HĐND"
        case .delegate: "Đại biểu HĐND"
        case .fatherlandFront: "Ủy ban MTTQ"
        case .voters: "Kiến nghị của cử tri"
        case .other: "Cơ quan, tổ chức khác"
        }
    }
}

/// One proposal for the program: what to supervise, from whom and when, and whether the program took it in.
public final class SupervisionProposal: Model, ListedFields, @unchecked Sendable {
    public static let schema = "supervision_proposals"
    @ID(custom: .id) public var id: Int?
    @Field(key: "program_id") public var programID: Int
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "topic") public var topic: String
    @Field(key: "source") public var source: ProposalSource
    /// Who proposed it, in words ("Ban Pháp chế", "Tổ đại biểu số 2").
    @Field(key: "proposer") public var proposer: String
    @Field(key: "proposed_on") public var proposedOn: String
    @Field(key: "included") public var included: Bool
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _programID, _councilID, _unitID, _topic, _source, _proposer, _proposedOn, _included, _folded, _version, _createdAt,
         _updatedAt, _deletedAt]
    }
}

extension SupervisionProgram {
    /// The rule on when the program is adopted, checked against the adopting resolution: at the mid-year session of the
    /// year before (read in Law 87/2015, replaced from 01/03/2026 by a law not yet read: provisional after that day).
    public struct Adoption: Sendable {
        public let met: Bool?
        public let text: String
        public let provisional: Bool
    }

    public static let adoptionBasis = "Luật Hoạt động giám sát của Quốc hội và HĐND 87/2015/QH13, Điều 58 khoản 1"

    public func adoption(resolution: Resolution?, session: CouncilSession?) -> Adoption {
        let rule = "Thông qua tại kỳ họp giữa năm của năm \(year - 1) — \(Self.adoptionBasis)"
        guard let resolution else { return Adoption(met: nil, text: "Chưa có nghị quyết thông qua. " + rule, provisional: false) }
        let provisional = Day(resolution.adoptedOn).map { $0 >= CouncilWorkRules.supervisionLaw2025 } ?? false
        let met = Day(resolution.adoptedOn)?.year == year - 1 && session?.kind == .midYear
        return Adoption(met: met, text: (met ? "Đúng quy định: " : "Khác quy định: ") + rule, provisional: provisional)
    }
}
