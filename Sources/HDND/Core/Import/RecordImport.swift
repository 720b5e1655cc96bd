import Fluent
import Foundation
import NIOPosix
import NIOCore

/// One kind of record a council can import from a spreadsheet (.xlsx or .csv): its columns, how one row
/// becomes a value (or errors naming the column), and how the valid values are written.
/// The import page, its template and `hdnd import` all go through this.
public protocol RecordImport: SendableMetatype {
    associatedtype Value: Sendable
    /// "kiến nghị cử tri", "đơn thư": what the page and the messages call the records.
    static var noun: String { get }
    static var columns: [TableColumn] { get }
    /// One filled-in line of the template.
    static var example: [TableCell] { get }
    /// The tables the write adds rows to, loaded in bulk (`BulkLoad`): their per-row triggers set aside meanwhile.
    static var tables: [String] { get }
    /// Reads one row; `cell(i)` is the trimmed text of column i ("" when absent).
    static func value(_ cell: (Int) -> String, errors: inout [String]) -> Value?
    /// Writes the values in one transaction with their search entries and one audit entry; returns how many.
    /// `progress` hears the share written so far (0…1) after each batch.
    static func write(_ values: [Value], council: Council, actor: Actor?, db: any Database,
                      progress: @escaping @Sendable (Double) -> Void) async throws -> Int
    /// The checks a row can only pass against the council's records (a number already given, a session's day), added
    /// to each row's errors before anything is written.
    static func checkInCouncil(_ rows: [ImportRow<Value>], council: Council, db: any Database) async throws -> [ImportRow<Value>]
}

public struct ImportRow<Value: Sendable>: Sendable {
    /// The row's number as the spreadsheet shows it (header = 1).
    public let line: Int
    public let errors: [String]
    public let value: Value?
}

public enum ImportFile {
    /// The rows of an uploaded file: an .xlsx workbook's first sheet, or CSV text in UTF-8.
    public static func rows(_ data: Data) throws -> [[String]] {
        if XLSXReader.looksLikeXLSX(data) {
            do { return try XLSXReader.rows(data) } catch let failure as XLSXReader.Failure {
                throw ValidationFailure(field: "file", failure.description)
            }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationFailure(field: "file", "Tệp không phải bảng tính .xlsx hay văn bản CSV UTF-8 (hãy lưu dạng “CSV UTF-8” hoặc .xlsx).")
        }
        return CSVParser.parse(text)
    }
}

public extension RecordImport {
    /// Every non-empty row checked; a first row that repeats the template's header is skipped.
    static func check(_ rows: [[String]]) -> [ImportRow<Value>] {
        guard let lines = lines(rows) else { return emptyFile }
        return lines.map(check)
    }

    /// The file read and its rows checked off the event loop, on every core (`Cores`): a hundred thousand rows are a
    /// second of work for one core.
    static func check(data: Data) async throws -> [ImportRow<Value>] {
        let rows = try await Cores.pool.runIfActive { try ImportFile.rows(data) }
        guard let lines = lines(rows) else { return emptyFile }
        return try await Cores.map(lines) { check($0) }
    }

    private static var emptyFile: [ImportRow<Value>] { [ImportRow(line: 1, errors: ["Tệp trống."], value: nil)] }

    /// The rows that have anything in them, with their line numbers, the template's header left out; nil when none.
    private static func lines(_ rows: [[String]]) -> [(line: Int, cells: [String])]? {
        let filled = rows.enumerated().filter { !$0.element.allSatisfy { $0.trimmed.isEmpty } }
        guard let first = filled.first else { return nil }
        let isHeader = fold(first.element.first ?? "") == fold(columns[0].title)
        return filled.dropFirst(isHeader ? 1 : 0).map { (line: $0.offset + 1, cells: $0.element) }
    }

    private static func check(_ line: (line: Int, cells: [String])) -> ImportRow<Value> {
        var errors: [String] = []
        let cells = line.cells
        let value = Self.value({ i in i < cells.count ? cells[i].trimmed : "" }, errors: &errors)
        return ImportRow(line: line.line, errors: errors, value: errors.isEmpty ? value : nil)
    }

    /// Most kinds need nothing of the council's records to check a row.
    static func checkInCouncil(_ rows: [ImportRow<Value>], council: Council, db: any Database) async throws -> [ImportRow<Value>] { rows }

    /// Writes the valid rows. The caller decides whether invalid rows forbid writing at all.
    static func write(_ rows: [ImportRow<Value>], council: Council, actor: Actor?, db: any Database,
                      progress: @escaping @Sendable (Double) -> Void = { _ in }) async throws -> Int {
        let values = rows.compactMap(\.value)
        return values.isEmpty ? 0 : try await write(values, council: council, actor: actor, db: db, progress: progress)
    }

    /// The frame of every import's write: the policy's check, one transaction, and one audit entry naming the file's batch
    /// (`marker`, also written on each record's timeline where it has one). `body` writes the records, only adding rows
    /// to `tables` (see `BulkLoad`).
    static func writeBatch(_ count: Int, council: Council, actor: Actor?, db: any Database,
                           _ body: @escaping @Sendable (_ tx: any Database, _ place: Place, _ marker: String) async throws -> Void) async throws -> Int {
        let place = try await Places.authorizeInternal(.create, council: council, actor: actor, on: db)
        let marker = "nhập tệp \(UUID().uuidString.prefix(8))", summary = "Nhập \(count) \(noun) từ tệp (\(marker))", councilID = try council.requireID()
        try await BulkLoad.run(into: tables, on: db) { tx in
            try await body(tx, place, marker)
            try await Audit.record(on: tx, actor: actor, action: .create, recordType: RecordKind.council.rawValue, recordID: councilID,
                                   unitID: council.unitID, summary: summary, before: [:],
                                   after: ["imported": String(count)])
        }
        return count
    }

    static var header: [String] { columns.map(\.title) }

    static var csvTemplate: String { CSVExport.line(header) + CSVExport.line(example.map(\.plain)) }

    /// The template as a workbook: the header and the example line. The caller removes the folder.
    static func xlsxTemplate() throws -> XLSXWriter {
        let writer = try XLSXWriter(sheetName: "Mẫu nhập \(noun)", columns: columns)
        try writer.append([example])
        return writer
    }
}

/// Checks shared by the imports: a day, a count, a choice from a list, a text with a limit.
enum ImportCell {
    static func day(_ raw: String, _ label: String, _ errors: inout [String], required: Bool = true) -> String? {
        if raw.isEmpty {
            if required { errors.append("\(label) không được để trống.") }
            return nil
        }
        switch Day.entered(raw) {
        case .success(let d): return d.description
        case .failure(.outOfRange): errors.append("\(label) “\(raw)” phải trong khoảng \(Day.acceptedText)."); return nil
        case .failure(.format): errors.append("\(label) “\(raw)” không đúng dạng ngày (ví dụ 05/06/2019)."); return nil
        case .failure(.noSuchDay): errors.append("\(label): ngày “\(raw)” không có trong lịch."); return nil
        }
    }

    static func text(_ raw: String, _ label: String, _ errors: inout [String], max: Int = 5000) -> String {
        // Counting characters reads the whole text; its UTF-8 length, known at once, is never less.
        if raw.isEmpty { errors.append("\(label) không được để trống.") } else if raw.utf8.count > max && raw.count > max { errors.append("\(label) dài quá \(max) ký tự.") }
        else if let problem = Validator.controlProblem(raw, label) { errors.append(problem) }
        return raw
    }

    static func count(_ raw: String, _ label: String, _ errors: inout [String], default value: Int = 1) -> Int {
        guard !raw.isEmpty else { return value }
        guard let n = Validator.wholeNumber(raw), (1...100_000).contains(n) else { errors.append("\(label) “\(raw)” phải là số nguyên dương."); return value }
        return n
    }

    /// A value of a list, written either as its label (any case, with or without diacritics) or as its code.
    static func choice<T>(_ raw: String, _ label: String, _ options: [(T, code: String, label: String)], _ errors: inout [String]) -> T? {
        guard !raw.isEmpty else { return nil }
        // As written in the template (the common case) without folding every label for every row of a large file.
        if let hit = options.first(where: { $0.code == raw || $0.label == raw }) { return hit.0 }
        let wanted = fold(raw)
        if let hit = options.first(where: { fold($0.label) == wanted }) { return hit.0 }
        errors.append("\(label) “\(raw)” không có trong danh mục (\(options.map(\.label).joined(separator: ", "))).")
        return nil
    }
}
