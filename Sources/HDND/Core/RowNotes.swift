import Fluent
import Foundation
import SQLKit

/// Notes written beside the rows of a table — each council below at a briefing conference, each body at a review
/// meeting of the standing committee — in one form around the table: a text box per row and one button, so that notes
/// typed in several rows are saved together (with a form per row, the others were lost by saving one; a city's
/// conference also wrote its 126 forms, each with its own token, on every view).
///
/// Only the boxes changed since the page was shown are written: each box carries a digest of the note it showed, so a
/// save never puts back an older note over one another clerk wrote meanwhile in a row this clerk left alone.
enum RowNotes {
    /// A table's notes in one body: a city's 126 wards with a page of notes each (up to 10.000 letters a note, each
    /// letter with a diacritic sent as up to nine bytes).
    static let maxBodyBytes = 16 << 20

    /// The box of row `id` (labelled for `name`, for screen readers) holding `note`, with the digest of what it shows.
    static func box(id: Int, name: String, note: String) -> HTML {
        let shown: HTML = note.isEmpty ? .empty : "<input type=\"hidden\" name=\"shown-\(id)\" value=\"\(digest(note))\">"
        return """
            <label class="visually-hidden" for="y-\(id)">Ý kiến của \(name)</label><textarea id="y-\(id)" name="note-\(id)" rows="2">\(note)</textarea>\(shown)
            """
    }

    /// A row's note as changed in the form: its text, nil when emptied.
    struct Change: Equatable { let id: Int; let text: String? }

    /// The rows whose box holds other than what it showed, each text checked as any text of a form (`Validator`, named
    /// by its row: "Ý kiến của Phường Hoàn Kiếm"); a box of a row not among `names` is refused with `unknown`.
    static func changes(_ input: [String: String], names: [Int: String], unknown: String) throws -> [Change] {
        var v = Validator()
        var changes: [Change] = []
        for (key, value) in input where key.hasPrefix("note-") {
            guard let id = Int(key.dropFirst(5)), let name = names[id] else {
                throw ValidationFailure(field: key, unknown)
            }
            let text = v.optionalText(key, "Ý kiến của \(name)", value, max: 10_000)
            guard digest(text ?? "") != (input["shown-\(id)"] ?? digest("")) else { continue }
            changes.append(Change(id: id, text: text))
        }
        try v.check()
        return changes.sorted { $0.id < $1.id }
    }

    /// Where a table's notes are kept and whose they are: the notes' table, the record's column and id there and the row's
    /// column; the record as its audit entry names it; what its rows are called ("HĐND cấp dưới").
    struct Owner: Sendable {
        let table: String, column: String, id: Int, rowColumn: String
        let kind: RecordKind, unitID: Int?, summary: String
        let rows: String
    }

    /// What the page says after a save, and as what kind of message.
    struct Saved { let kind: String, message: String }

    /// The notes changed in the form (`changes`) written in one transaction with one audit entry on their record (each
    /// row's note before and after, by its name); nothing written when none changed.
    static func save(_ input: [String: String], names: [Int: String], unknown: String, owner: Owner, actor: Actor?,
                     db: any Database) async throws -> Saved {
        let changes = try changes(input, names: names, unknown: unknown)
        guard !changes.isEmpty else { return Saved(kind: "info", message: "Không có ý kiến nào thay đổi.") }
        try await db.transaction { tx in
            struct Row: Decodable { let row: Int; let note: String }
            let ids = changes.map(\.id)
            let before = try await tx.sql.raw("""
                SELECT \(ident: owner.rowColumn) AS row, note FROM \(ident: owner.table) WHERE \(ident: owner.column) = \(bind: owner.id) \
                AND \(ident: owner.rowColumn) IN (\(binds: ids))
                """).rows(Row.self)
            try await tx.sql.raw("""
                DELETE FROM \(ident: owner.table) WHERE \(ident: owner.column) = \(bind: owner.id) AND \(ident: owner.rowColumn) IN (\(binds: ids))
                """).run()
            let written = changes.compactMap { c in c.text.map { [owner.id, c.id, $0] as [any Encodable & Sendable] } }
            if !written.isEmpty {
                let insert = tx.sql.insert(into: owner.table).columns(owner.column, owner.rowColumn, "note")
                for row in written { _ = insert.values(row) }
                try await insert.run()
            }
            func key(_ id: Int) -> String { "Ý kiến của \(names[id] ?? String(id))" }
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: owner.kind.rawValue, recordID: owner.id, unitID: owner.unitID,
                                   summary: owner.summary, before: Dictionary(before.map { (key($0.row), $0.note) }, uniquingKeysWith: { a, _ in a }),
                                   after: Dictionary(changes.map { (key($0.id), $0.text ?? "") }, uniquingKeysWith: { a, _ in a }))
        }
        if changes.count == 1, let name = names[changes[0].id] { return Saved(kind: "success", message: "Đã ghi ý kiến của \(name).") }
        return Saved(kind: "success", message: "Đã ghi ý kiến của \(VietnameseFormat.count(changes.count)) \(owner.rows).")
    }

    /// The digest a box shows its note by: line breaks as "\n" (a browser sends every one back as "\r\n").
    static func digest(_ note: String) -> String {
        sha256Hex(Array(note.utf8.filter { $0 != UInt8(ascii: "\r") })).prefix(16).description
    }
}
