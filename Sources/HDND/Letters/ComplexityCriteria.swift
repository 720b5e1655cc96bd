/// What makes a complaint "complex" (vụ việc phức tạp), which lengthens its resolution (Law on Complaints 2011,
/// art. 28 and 37). From 01/07/2026 the seven criteria of Decree 124/2020, new art. 3a (added by Decree 155/2026,
/// art. 2), decide it, and the finding must be a written document kept in the file (art. 3a.2): the clerk ticks the
/// criteria that apply and records the document's number and date. Before that day no text defined it: the reason
/// and who decided are recorded instead.
public enum ComplexityCriterion: String, CaseIterable, Codable, Sendable {
    case a, b, c, d, dd, e, g

    /// The criterion as the decree words it.
    public var label: String {
        switch self {
        case .a: "Khiếu nại về một nội dung nhưng phải xác minh từ 02 địa điểm trở lên"
        case .b: "Khiếu nại có từ 02 nội dung phải xác minh trở lên"
        case .c: "Nhiều người khiếu nại về cùng một nội dung hoặc nội dung khiếu nại liên quan đến quyền và lợi ích của nhiều người"
        case .d: "Người khiếu nại ở nước ngoài hoặc là người nước ngoài; hành vi bị khiếu nại xảy ra ở nước ngoài; nội dung khiếu nại phải xác minh ở nước ngoài"
        case .dd: "Nội dung khiếu nại liên quan đến trách nhiệm quản lý của nhiều cơ quan, tổ chức"
        case .e: "Các cơ quan, tổ chức có liên quan trong quá trình giải quyết khiếu nại còn ý kiến khác nhau"
        case .g: "Có tài liệu, chứng cứ mâu thuẫn với nhau cần có thời gian kiểm tra, xác minh, đánh giá hoặc tham khảo ý kiến của các cơ quan chuyên môn"
        }
    }

    /// The point's letter in the decree: "a", "đ"…
    public var point: String { self == .dd ? "đ" : rawValue }

    public static let legalBasis = "Nghị định 124/2020/NĐ-CP, Điều 3a (bổ sung bởi Nghị định 155/2026/NĐ-CP, Điều 2)"
    /// The day the criteria and the written finding apply from (Decree 155/2026, art. 21.1).
    public static var inForceFrom: Day { DeadlineRules.decree155InForce }

    /// Whether a complaint whose clock starts on `day` (its acceptance, else its receipt) is judged by the criteria.
    public static func apply(kind: LetterKind, on day: Day) -> Bool { kind == .complaint && day >= inForceFrom }

    /// "a,c" ⇄ [.a, .c], in the decree's order.
    public static func parse(_ text: String?) -> [ComplexityCriterion]? {
        let codes = (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let criteria = codes.compactMap { ComplexityCriterion(rawValue: $0) }
        guard criteria.count == codes.count else { return nil }
        return allCases.filter(criteria.contains)
    }

    public static func text(_ criteria: [ComplexityCriterion]) -> String { criteria.map(\.rawValue).joined(separator: ",") }

    /// As a legal citation reads: "điểm a, c khoản 1 Điều 3a Nghị định 124/2020/NĐ-CP (bổ sung bởi …)".
    public static func citation(_ criteria: [ComplexityCriterion]) -> String {
        "điểm " + criteria.map(\.point).joined(separator: ", ")
            + " khoản 1 Điều 3a Nghị định 124/2020/NĐ-CP (bổ sung bởi Nghị định 155/2026/NĐ-CP, Điều 2)"
    }
}
