import Fluent
import Foundation

/// Importing a council's earlier resolutions from a spreadsheet: each row becomes the same form input a clerk would
/// type, checked by the resolution's own rules (`Resolution.apply`: the vote, the number not given twice) against the
/// council's records before anything is written, then written through the record writer — all rows or none.
public enum ResolutionImport: RecordImport {
    public typealias Value = FormInput

    public static let noun = "nghị quyết"
    public static let tables = [Resolution.schema, SearchEntry.schema]
    public static let columns = [TableColumn("Số, ký hiệu", width: 18), TableColumn("Ngày thông qua", width: 14), TableColumn("Trích yếu", width: 60),
                                 TableColumn("Lĩnh vực", width: 26), TableColumn("Ngày có hiệu lực", width: 14), TableColumn("Người ký", width: 26),
                                 TableColumn("Tổng số đại biểu", width: 10), TableColumn("Tán thành", width: 10), TableColumn("Không tán thành", width: 10),
                                 TableColumn("Không biểu quyết", width: 10)]
    public static let example: [TableCell] = [.text("05/2019/NQ-HĐND"), .day("2019-07-12"), .text("Quy định mức chi hỗ trợ hoạt động của tổ dân phố"),
                                              .text("Kinh tế, ngân sách"), .day("2019-07-22"), .text("Chủ tịch HĐND Nguyễn Văn A"),
                                              .text("35"), .text("33"), .text("0"), .text("0")]

    /// "12/NQ-HĐND" (individual) or "05/2019/NQ-HĐND" (normative, with its year), read without regard to case or diacritics.
    static func symbol(_ raw: String) -> (number: Int, series: ResolutionSeries, year: Int?)? {
        let parts = fold(raw).replacingOccurrences(of: " ", with: "").split(separator: "/").map(String.init)
        guard let number = parts.first.flatMap({ Int($0) }), number > 0 else { return nil }
        if parts.count == 2, parts[1] == "nq-hdnd" { return (number, .individual, nil) }
        if parts.count == 3, let year = Int(parts[1]), parts[2] == "nq-hdnd" { return (number, .normative, year) }
        return nil
    }

    /// The list a row's field is read from, built once for a whole file.
    static let fields = ResolutionFields.all.map { ($0.0, code: $0.0, label: $0.1) }

    public static func value(_ cell: (Int) -> String, errors: inout [String]) -> FormInput? {
        let symbol = Self.symbol(cell(0))
        if symbol == nil { errors.append("Số, ký hiệu phải có dạng 12/NQ-HĐND hoặc 05/2019/NQ-HĐND.") }
        let adopted = ImportCell.day(cell(1), "Ngày thông qua", &errors)
        if let y = symbol?.year, let adopted, Day(adopted)?.year != y { errors.append("Năm trong ký hiệu phải là năm thông qua.") }
        let title = ImportCell.text(cell(2), "Trích yếu", &errors, max: 1000)
        let field = ImportCell.choice(cell(3), "Lĩnh vực", fields, &errors)
        if cell(3).isEmpty { errors.append("Lĩnh vực không được để trống.") }
        let effective = ImportCell.day(cell(4), "Ngày có hiệu lực", &errors, required: false)
        var input: FormInput = ["title": title, "adoptedOn": adopted ?? "", "field": field ?? "", "effectiveOn": effective ?? "", "signedBy": cell(5)]
        for (i, key, label) in [(6, "delegates", "Tổng số đại biểu"), (7, "votesFor", "Tán thành")] {
            if Int(cell(i)) == nil { errors.append("\(label) phải là một số.") }
            input[key] = cell(i)
        }
        for (i, key) in [(8, "votesAgainst"), (9, "votesAbstaining")] { input[key] = cell(i).isEmpty ? "0" : cell(i) }
        input["votesNotVoting"] = "0"
        guard let symbol, errors.isEmpty else { return nil }
        input["number"] = String(symbol.number); input["series"] = symbol.series.rawValue
        return input
    }

    /// Each row through the resolution's own rules; a number twice in the file is refused on its second line.
    public static func checkInCouncil(_ rows: [ImportRow<FormInput>], council: Council, db: any Database) async throws -> [ImportRow<FormInput>] {
        var seen: [String: Int] = [:]
        var checked: [ImportRow<FormInput>] = []
        for row in rows {
            guard var input = row.value else { checked.append(row); continue }
            input["councilID"] = String(council.id!)
            var errors: [String] = []
            do { try await Resolution.blank(input, on: db).apply(input, on: db) }
            catch let failure as ValidationFailure { errors = failure.errors.map(\.message) }
            let key = "\(input["series"] ?? "")/\(input["number"] ?? "")/\(Day(input["adoptedOn"] ?? "")?.year ?? 0)"
            if let first = seen[key] { errors.append("Số này đã có ở dòng \(first) của tệp.") } else { seen[key] = row.line }
            checked.append(ImportRow(line: row.line, errors: errors, value: errors.isEmpty ? input : nil))
        }
        return checked
    }

    public static func write(_ values: [FormInput], council: Council, actor: Actor?, db: any Database,
                             progress: @escaping @Sendable (Double) -> Void) async throws -> Int {
        _ = try await Places.authorizeInternal(.create, council: council, actor: actor, on: db)
        try await db.transaction { tx in
            let writer = RecordWriter(db: tx, actor: actor)
            for (i, raw) in values.enumerated() {
                var input = raw
                input["councilID"] = String(council.id!)
                let r = try await Resolution.blank(input, on: tx)
                try await r.apply(input, on: tx)
                try await writer.create(r) { r, tx in try await r.afterInsert(actor: actor, on: tx) }
                if i % 50 == 49 { progress(Double(i + 1) / Double(values.count)) }
            }
        }
        progress(1)
        return values.count
    }
}
