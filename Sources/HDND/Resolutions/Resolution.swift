import Fluent
import Foundation

/// The two number series of a council's resolutions: individual ones ("12/NQ-HĐND") and normative legal documents
/// ("05/2026/NQ-HĐND"), each numbered from 01 every year (Decree 30/2020, art. 15.1: each kind of normative document
/// has its own series).
public enum ResolutionSeries: String, Codable, CaseIterable, Sendable {
    case individual, normative
    public var label: String { self == .individual ? "Nghị quyết cá biệt" : "Nghị quyết quy phạm pháp luật" }
    /// The register its numbers are taken from.
    var register: String { "resolutions.\(rawValue)" }

    /// "12/NQ-HĐND", "05/2026/NQ-HĐND": a leading zero below 10.
    public func symbol(number: Int, year: Int) -> String { "\(VietnameseFormat.serial(number))/\(symbol(year: year))" }
    /// What follows the number: "NQ-HĐND", "2026/NQ-HĐND" (a draft's "Số:      /NQ-HĐND").
    public func symbol(year: Int) -> String { self == .individual ? "NQ-HĐND" : "\(year)/NQ-HĐND" }
}

/// How a later resolution bears on an earlier one.
public enum ResolutionRelation: String, Codable, CaseIterable, Sendable {
    case amends, replaces, repeals
    public var label: String {
        switch self { case .amends: "Sửa đổi, bổ sung"; case .replaces: "Thay thế"; case .repeals: "Bãi bỏ" }
    }
    /// The same link read from the earlier resolution's side.
    public var passive: String {
        switch self { case .amends: "Được sửa đổi, bổ sung bởi"; case .replaces: "Bị thay thế bởi"; case .repeals: "Bị bãi bỏ bởi" }
    }
    /// Which bears most when several later resolutions touch one: a repeal over a replacement over an amendment.
    var strength: Int { switch self { case .amends: 1; case .replaces: 2; case .repeals: 3 } }
}

/// Tình trạng hiệu lực, computed from the vote, the dates and the later resolutions that bear on it.
public enum ResolutionStatus: String, Codable, CaseIterable, Sendable {
    case pending, inForce, partlyAmended, replaced, repealed, expired, notAdopted
    public var label: String {
        switch self {
        case .pending: "Chưa có hiệu lực"
        case .inForce: "Còn hiệu lực"
        case .partlyAmended: "Được sửa đổi, bổ sung một phần"
        case .replaced: "Bị thay thế"
        case .repealed: "Bị bãi bỏ"
        case .expired: "Hết hiệu lực"
        case .notAdopted: "Không được thông qua"
        }
    }

    /// The status on `today`: not adopted stays so; a repeal or a replacement ends it; then its own end date; then
    /// a start still ahead; an amendment leaves it in force in part.
    public static func of(adopted: Bool, effectiveOn: String?, endsOn: String?, superseded: ResolutionRelation?, today: String) -> ResolutionStatus {
        guard adopted else { return .notAdopted }
        if superseded == .repeals { return .repealed }
        if superseded == .replaces { return .replaced }
        if let endsOn, endsOn < today { return .expired }
        if let effectiveOn, effectiveOn > today { return .pending }
        return superseded == .amends ? .partlyAmended : .inForce
    }
}

/// The fields a resolution is filed under in a council's library.
public enum ResolutionFields {
    public static let all: [(String, String)] = [
        ("budget", "Kinh tế, ngân sách"), ("planning", "Quy hoạch, đô thị, đất đai"), ("social", "Văn hóa, xã hội, y tế, giáo dục"),
        ("legal", "Pháp chế, an ninh, trật tự"), ("organization", "Tổ chức bộ máy, nhân sự"), ("supervision", "Giám sát, chất vấn"),
        ("council", "Hoạt động của HĐND"), ("other", "Lĩnh vực khác"),
    ]
    public static func label(_ value: String) -> String { all.first { $0.0 == value }?.1 ?? value }
}

/// The vote on a draft resolution and the rule that decides it, in plain Swift: adopted only with more than half of
/// all the council's delegates in favour.
public struct ResolutionVote: Sendable, Equatable {
    public var inFavour: Int, against: Int, abstaining: Int, notVoting: Int
    /// The council's delegates in office on the day of the vote, and those present (nil when attendance is not recorded).
    public var delegates: Int, present: Int?

    public static let legalBasis = "Luật Tổ chức chính quyền địa phương 2015, Điều 91 khoản 3 (quá nửa tổng số đại biểu); quy định tương ứng của Luật 72/2025/QH15 chưa đối chiếu toàn văn"
    public static let verified = false

    public init(inFavour: Int, against: Int, abstaining: Int, notVoting: Int, delegates: Int, present: Int?) {
        self.inFavour = inFavour; self.against = against; self.abstaining = abstaining; self.notVoting = notVoting
        self.delegates = delegates; self.present = present
    }

    public var cast: Int { inFavour + against + abstaining }
    public var adopted: Bool { inFavour * 2 > delegates }

    /// What is wrong with the figures, by field: a vote of more delegates than were present or than the council has.
    public func problems() -> [(field: String, message: String)] {
        var out: [(String, String)] = []
        if delegates < 1 { out.append(("delegates", "Hãy ghi tổng số đại biểu HĐND.")) }
        if let present, cast + notVoting != present {
            out.append(("votesNotVoting", "Tán thành, không tán thành, không biểu quyết và không tham gia biểu quyết cộng lại là \(cast + notVoting), "
                        + "nhưng kỳ họp có \(present) đại biểu có mặt.")) 
        } else if cast + notVoting > delegates {
            out.append(("votesFor", "Số đại biểu biểu quyết (\(cast + notVoting)) vượt tổng số đại biểu HĐND (\(delegates)).")) 
        }
        if let present, present > delegates { out.append(("delegates", "Số đại biểu có mặt (\(present)) vượt tổng số đại biểu (\(delegates)).")) }
        return out
    }

    /// "45/50 đại biểu tán thành (90,00% tổng số đại biểu)".
    public var summary: String { Self.summary(inFavour: inFavour, delegates: delegates) }

    /// The same from the two figures it needs (a list's row reads no more).
    static func summary(inFavour: Int, delegates: Int) -> String {
        let share = delegates > 0 ? Double(inFavour) * 100 / Double(delegates) : 0
        return "\(inFavour)/\(delegates) đại biểu tán thành (" + VietnameseFormat.percent(share) + " tổng số đại biểu)"
    }
}

/// Nghị quyết: adopted by a council (usually at a session), numbered in its series and year, then in force until a
/// later resolution replaces or repeals it, or its own end date.
public final class Resolution: Model, ListedFields, @unchecked Sendable {
    public static let schema = "resolutions"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @OptionalField(key: "session_id") public var sessionID: Int?
    @Field(key: "series") public var series: ResolutionSeries
    /// The year of adoption, which the number restarts with.
    @Field(key: "year") public var year: Int
    /// Given once adopted; a draft voted down has none.
    @OptionalField(key: "number") public var number: Int?
    @Field(key: "title") public var title: String
    @Field(key: "field") public var field: String
    @Field(key: "adopted_on") public var adoptedOn: String
    @OptionalField(key: "effective_on") public var effectiveOn: String?
    @OptionalField(key: "ends_on") public var endsOn: String?
    /// The signer's name, and the post the signature block writes ("CHỦ TỊCH" unless another is typed).
    @OptionalField(key: "signed_by") public var signedBy: String?
    @OptionalField(key: "signer_title") public var signerTitle: String?
    /// The full text as typed, one paragraph a line: the grounds ("Căn cứ …"), "QUYẾT NGHỊ:", the articles.
    @OptionalField(key: "text") public var text: String?
    @OptionalField(key: "recipients") public var recipients: String?
    @Field(key: "votes_for") public var votesFor: Int
    @Field(key: "votes_against") public var votesAgainst: Int
    @Field(key: "votes_abstaining") public var votesAbstaining: Int
    @Field(key: "votes_not_voting") public var votesNotVoting: Int
    @Field(key: "delegates") public var delegates: Int
    @OptionalField(key: "present") public var present: Int?
    @Field(key: "adopted") public var adopted: Bool
    /// The strongest relation a later resolution in force has to this one (kept by `ResolutionLinks`).
    @OptionalField(key: "superseded") public var superseded: ResolutionRelation?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _sessionID, _series, _year, _number, _title, _field, _adoptedOn, _effectiveOn, _endsOn, _signedBy,
         _signerTitle, _text, _recipients, _votesFor, _votesAgainst, _votesAbstaining, _votesNotVoting, _delegates, _present, _adopted,
         _superseded, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }

    /// Links typed on the form, applied in the writing transaction.
    var pendingLinks: [(ResolutionRelation, Int)]? = nil

    public var symbol: String? { number.map { series.symbol(number: $0, year: year) } }
    public var vote: ResolutionVote {
        ResolutionVote(inFavour: votesFor, against: votesAgainst, abstaining: votesAbstaining, notVoting: votesNotVoting, delegates: delegates, present: present)
    }
    public func status(today: String = Day.today().description) -> ResolutionStatus {
        .of(adopted: adopted, effectiveOn: effectiveOn, endsOn: endsOn, superseded: superseded, today: today)
    }
    /// "Nghị quyết số 12/NQ-HĐND" or, voted down, "Dự thảo nghị quyết (không được thông qua)".
    public var heading: String { symbol.map { "Nghị quyết số \($0)" } ?? "Dự thảo nghị quyết (không được thông qua)" }
}
