import Fluent
import SQLKit

/// The charts the report page and the home pages draw, each with the table behind it: a council's work quarter by
/// quarter over its term, petitions in hand by status, targets' progress.
public enum Charts {
    /// What the term chart follows: monthly counters of a unit (every council under it), one read.
    static let termLines: [(key: String, name: String)] = [
        ("meetings", "Tiếp xúc cử tri"), ("reception_sessions", "Buổi tiếp công dân"),
        ("petitions_received", "Kiến nghị cử tri"), ("letters_received", "Đơn thư"),
    ]

    /// The work of `unitID` and every council under it per quarter, from the term's first quarter to the quarter of
    /// `until` (or the term's end): voter meetings, reception sessions, petitions and letters received. Kept between
    /// requests while the records stay the same (`FigureCache`).
    static func termByQuarter(councilID: Int, unitID: Int, until: Day, kept: FigureCache, db: any Database) async throws -> SVGChart.Chart? {
        try await kept.value("term chart \(councilID) \(unitID) \(until)", on: db) {
            try await termByQuarter(councilID: councilID, unitID: unitID, until: until, db: db)
        }
    }

    private static func termByQuarter(councilID: Int, unitID: Int, until: Day, db: any Database) async throws -> SVGChart.Chart? {
        guard let term = try await Term.running(councilID: councilID, on: until, db: db) else { return nil }
        let start = term.start_date.flatMap { Day($0) } ?? Day(clampingYear: term.start_year, month: 1, day: 1)
        let endOfTerm = term.end_date.flatMap { Day($0) } ?? Day(clampingYear: term.end_year, month: 12, day: 31)
        let end = min(until, endOfTerm)
        guard start <= end else { return nil }
        var quarters: [(year: Int, q: Int)] = []
        var (y, q) = (start.year, (start.month - 1) / 3 + 1)
        while (y, q) <= (end.year, (end.month - 1) / 3 + 1) && quarters.count < 28 {
            quarters.append((y, q))
            (y, q) = q == 4 ? (y + 1, 1) : (y, q + 1)
        }
        struct Row: Decodable { let month: String; let metric: String; let n: Int? }
        let rows = try await db.sql.raw("""
            SELECT month, metric, CAST(SUM(n) AS BIGINT) AS n FROM unit_counts WHERE unit_id = \(bind: unitID) \
            AND month >= \(bind: String(start.description.prefix(7))) AND month <= \(bind: String(end.description.prefix(7))) \
            AND metric IN (\(binds: termLines.map(\.key))) GROUP BY month, metric
            """).rows(Row.self)
        var values: [String: [Int]] = Dictionary(uniqueKeysWithValues: termLines.map { ($0.key, Array(repeating: 0, count: quarters.count)) })
        for r in rows {
            guard let year = Int(r.month.prefix(4)), let month = Int(r.month.suffix(2)),
                  let i = quarters.firstIndex(where: { $0.year == year && $0.q == (month - 1) / 3 + 1 }) else { continue }
            values[r.metric]?[i] += r.n ?? 0
        }
        let labels = quarters.map { "\(RomanNumeral.string($0.q))/\($0.year)" }
        let series = termLines.map { SVGChart.Series(name: $0.name, values: values[$0.key] ?? []) }
        let title = "Hoạt động theo quý, nhiệm kỳ \(term.start_year) - \(term.end_year)"
        return SVGChart.Chart(
            svg: SVGChart.columns(id: "theo-quy-\(councilID)", title: title,
                                  description: "Số cuộc tiếp xúc cử tri, buổi tiếp công dân, kiến nghị cử tri và đơn thư nhận được mỗi quý, "
                                      + "của Hội đồng và các Hội đồng cấp dưới; số liệu ở bảng kèm theo.",
                                  categories: labels, series: series),
            columns: ["Quý"] + termLines.map(\.name),
            rows: labels.enumerated().map { i, label in ["Quý " + label] + series.map { VietnameseFormat.number($0.values[i]) } })
    }

    /// Petitions in hand by where they stand, from the counts the worklist reads anyway (no query of its own).
    public static func petitionsInHand(id: String, _ c: PetitionQueries.DueCounts, forAgency: Bool) -> SVGChart.Chart {
        var bars: [SVGChart.Bar] = []
        if !forAgency { bars += [SVGChart.Bar("Chờ phân loại", c.to_classify), SVGChart.Bar("Chờ chuyển cơ quan", c.to_forward)] }
        bars += [SVGChart.Bar("Chờ trả lời, còn hạn", c.open - c.overdue), SVGChart.Bar("Quá hạn trả lời", c.overdue)]
        let title = "Kiến nghị cử tri đang xử lý theo tình trạng"
        return SVGChart.Chart(
            svg: SVGChart.bars(id: id, title: title, description: "Số kiến nghị cử tri đang xử lý ở mỗi bước; số liệu ở bảng kèm theo.", bars),
            columns: ["Tình trạng", "Số kiến nghị"], rows: bars.map { [$0.label, VietnameseFormat.number($0.value)] })
    }

    /// A period's petitions, the council's and every council's below: received, forwarded to the agencies, answered.
    public static func petitionsOfPeriod(_ f: PeriodFigures) -> SVGChart.Chart {
        let bars = [("petitions_received", "Tiếp nhận"), ("petitions_forwarded", "Đã chuyển cơ quan"), ("petitions_answered", "Đã được trả lời")]
            .map { SVGChart.Bar($0.1, f.total($0.0)) }
        return SVGChart.Chart(
            svg: SVGChart.bars(id: "kien-nghi-trong-ky", title: "Kiến nghị cử tri \(f.period.label.lowercasedFirst)",
                               description: "Số kiến nghị cử tri tiếp nhận, đã chuyển và đã được trả lời trong kỳ; số liệu ở bảng kèm theo.", bars),
            columns: ["Kiến nghị cử tri", "Số lượng"], rows: bars.map { [$0.label, VietnameseFormat.number($0.value)] })
    }

    /// Each target done against required, coloured by where it stands.
    public static func targets(id: String, title: String, _ results: [TargetProgress.Result]) -> SVGChart.Chart? {
        guard !results.isEmpty else { return nil }
        let rows = results.map { r in
            SVGChart.Progress(label: r.target.sentence, done: r.done, required: r.required, standing: r.standing.rawValue, standingLabel: r.standing.label)
        }
        return SVGChart.Chart(
            svg: SVGChart.progress(id: id, title: title, description: "Mỗi chỉ tiêu: phần đã thực hiện so với yêu cầu; số liệu ở bảng kèm theo.", rows),
            columns: ["Chỉ tiêu", "Đã thực hiện", "Yêu cầu", "Đánh giá"],
            rows: results.map { [$0.target.sentence, VietnameseFormat.count($0.done), VietnameseFormat.count($0.required), $0.standing.label] })
    }
}
