/// A period report's sentences drafted from its figures in the councils' own style: "Trong quý I/2022, HĐND cấp xã đã
/// tiến hành 24 cuộc giám sát; 48 cuộc tiếp xúc cử tri; 445 buổi tiếp công dân." Counts under ten are written "02";
/// figures of nothing are left out. The office edits the draft before the report is issued.
public enum ReportNarrative {
    /// What a line says in a sentence: done ("đã tiến hành …") or received ("tiếp nhận …"); the others stay in the table.
    static func verb(_ key: String) -> String? {
        switch key {
        case "petitions_received", "letters_received": "tiếp nhận"
        case "voters_attending", "citizens_received", "petitions_forwarded", "petitions_answered": nil
        default: "tiến hành"
        }
    }

    /// "đã tiến hành 01 kỳ họp chuyên đề; 02 cuộc giám sát; tiếp nhận 04 đơn thư", or nil when every figure is nought.
    static func clause(_ figures: [String: Int]) -> String? {
        var parts: [String] = []
        for verb in ["tiến hành", "tiếp nhận"] {
            let items = ReportLine.all.filter { Self.verb($0.key) == verb }.compactMap { line -> String? in
                guard let n = figures[line.key], n > 0 else { return nil }
                return "\(VietnameseFormat.count(n)) \(line.noun)"
            }
            if !items.isEmpty { parts.append((parts.isEmpty ? "đã \(verb) " : "\(verb) ") + items.joined(separator: "; ")) }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    public static func draft(_ f: PeriodFigures) -> String {
        let when = "Trong \(f.period.label.lowercasedFirst)"
        var sentences = ["\(when), \(f.council.name) " + (clause(f.own) ?? "chưa có hoạt động nào được ghi nhận trên hệ thống") + "."]
        if !f.below.isEmpty {
            let totals = Dictionary(ReportLine.all.map { ($0.key, f.belowTotal($0.key)) }, uniquingKeysWith: { a, _ in a })
            let who = "HĐND " + (f.belowLevel?.label.lowercasedFirst ?? "cấp dưới")
            sentences.append("\(when), \(who) " + (clause(totals) ?? "chưa có hoạt động nào được ghi nhận trên hệ thống") + ".")
        }
        return sentences.joined(separator: "\n")
    }
}
