import Fluent
import Foundation
import SQLKit

/// Báo cáo định kỳ: a council's report of a period, drafted from the figures (`ReportNarrative`), edited by the office
/// and issued with a number of the council's BC-HĐND series of its year. Once issued its words and figures are kept as
/// issued (`figures` holds them): later records change the live report, not this one. Published once issued (Luật Tiếp
/// cận thông tin 104/2016, Điều 17 khoản 1 điểm l: periodic work reports).
public final class PeriodReport: Model, ListedFields, @unchecked Sendable {
    public static let schema = "period_reports"
    public static let symbol = "BC-HĐND"

    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "period_from") public var periodFrom: String
    @Field(key: "period_to") public var periodTo: String
    @Field(key: "title") public var title: String
    @Field(key: "narrative") public var narrative: String
    /// The figures as issued: JSON of `Snapshot`.
    @OptionalField(key: "figures") public var figures: String?
    @OptionalField(key: "issued_on") public var issuedOn: String?
    @OptionalField(key: "number") public var number: Int?
    @OptionalField(key: "number_year") public var numberYear: Int?
    @OptionalField(key: "signer") public var signer: String?
    @OptionalField(key: "signer_title") public var signerTitle: String?
    @OptionalField(key: "recipients") public var recipients: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _periodFrom, _periodTo, _title, _narrative, _figures, _issuedOn, _number, _numberYear, _signer,
         _signerTitle, _recipients, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }

    public var reference: String? { number.map { RegisterNumbers.reference($0, symbol: Self.symbol) } }
    public var period: Period? { Period.named(periodFrom, periodTo) }

    /// The figures kept at issue: each line's own and below counts.
    public struct Snapshot: Codable, Sendable, Equatable {
        public let key: String
        public let own: Int
        public let below: Int
    }

    public var snapshot: [Snapshot]? {
        figures.flatMap { try? JSONDecoder().decode([Snapshot].self, from: Data($0.utf8)) }
    }

    static func snapshot(of f: PeriodFigures) -> [Snapshot] {
        ReportLine.all.map { Snapshot(key: $0.key, own: f.own[$0.key] ?? 0, below: f.belowTotal($0.key)) }
    }
}
