import Fluent
import SQLKit
import Vapor

/// The records that carry out a program's items (`work_item_records`): a session, an oversight, a voter meeting…
/// An item is done once one is linked. Linking and unlinking are writes of the item: checked by the policy and audited.
public enum WorkItemLinks {
    /// A record of the kind an item asks for, as the program page names it.
    public struct Record: Decodable, Sendable, Equatable {
        public let id: Int
        public let text: String
        public let day: String?
    }

    public struct Link: Sendable {
        public let itemID: Int
        public let record: Record
    }

    /// Where the records of a kind live and what names them.
    struct Source {
        let table: String, day: String, text: String
        /// Records that may carry only their year (a training, a dialogue conference without its day yet).
        var yearOnly = false
    }
    static func source(_ kind: WorkItemKind) -> Source? {
        switch kind {
        case .session: Source(table: "council_sessions", day: "opens_on", text: "CAST(number AS TEXT)")
        case .oversight: Source(table: "oversights", day: "fieldwork_from", text: "topic")
        case .voterMeeting: Source(table: "voter_meetings", day: "date", text: "COALESCE(topic, place)")
        case .standingMeeting: Source(table: "standing_meetings", day: "held_on", text: "agenda")
        case .explanationHearing: Source(table: "explanation_hearings", day: "held_on", text: "topic")
        case .question: Source(table: "questions", day: "asked_on", text: "content")
        case .training: Source(table: "trainings", day: "held_from", text: "title", yearOnly: true)
        case .dialogue: Source(table: "dialogue_conferences", day: "held_on", text: "title", yearOnly: true)
        case .other: nil
        }
    }

    /// "Kỳ họp thứ 5 (29/03/2022)", "Giám sát: … (12/04/2022)".
    public static func title(_ kind: WorkItemKind, _ r: Record) -> String {
        let text = kind == .session ? "Kỳ họp thứ \(r.text)" : "\(kind.label): \(r.text.prefix(90))\(r.text.count > 90 ? "…" : "")"
        return r.day.map { "\(text) (\(VietnameseFormat.date($0)))" } ?? text
    }

    public static func count(itemID: Int, db: any Database) async throws -> Int {
        struct N: Decodable { let n: Int }
        return try await db.sql.raw("SELECT COUNT(*) AS n FROM work_item_records WHERE item_id = \(bind: itemID)").firstRow(N.self)?.n ?? 0
    }

    /// The linked records of the items, by item: one read per kind of record.
    public static func links(of items: [WorkItem], db: any Database) async throws -> [Int: [Record]] {
        var byItem: [Int: [Record]] = [:]
        for kind in Set(items.map(\.kind)) {
            guard let s = source(kind), let recordType = kind.recordKind?.rawValue else { continue }
            let ids = items.filter { $0.kind == kind }.compactMap(\.id)
            struct Row: Decodable { let item_id: Int; let id: Int; let text: String; let day: String? }
            let rows = try await db.sql.raw("""
                SELECT l.item_id, r.id, \(unsafeRaw: s.text) AS text, r.\(unsafeRaw: s.day) AS day FROM work_item_records l \
                JOIN \(unsafeRaw: s.table) r ON r.id = l.record_id WHERE l.record_type = \(bind: recordType) AND l.item_id IN (\(binds: ids)) \
                AND r.deleted_at IS NULL ORDER BY r.\(unsafeRaw: s.day), r.id
                """).rows(Row.self)
            for r in rows { byItem[r.item_id, default: []].append(Record(id: r.id, text: r.text, day: r.day)) }
        }
        return byItem
    }

    /// The council's records of a kind in a span of days, newest first: what an item can be linked to.
    public static func candidates(_ kind: WorkItemKind, councilID: Int, from: String, to: String, db: any Database) async throws -> [Record] {
        guard let s = source(kind) else { return [] }
        let undated: SQLQueryString = s.yearOnly
            ? " OR (\(unsafeRaw: s.day) IS NULL AND year >= \(bind: Day(stored: from).year) AND year <= \(bind: Day(stored: to).year))" : ""
        return try await db.sql.raw("""
            SELECT id, \(unsafeRaw: s.text) AS text, \(unsafeRaw: s.day) AS day FROM \(unsafeRaw: s.table) \
            WHERE council_id = \(bind: councilID) AND deleted_at IS NULL \
            AND ((\(unsafeRaw: s.day) >= \(bind: from) AND \(unsafeRaw: s.day) <= \(bind: to))\(undated)) \
            ORDER BY \(unsafeRaw: s.day) DESC, id DESC LIMIT 300
            """).rows(Record.self)
    }

    /// Links a record of the council to an item (once), or unlinks it; audited on the item.
    public static func set(_ item: WorkItem, recordID: Int, linked: Bool, actor: Actor?, db: any Database) async throws {
        guard let s = source(item.kind), let recordType = item.kind.recordKind?.rawValue else {
            throw ValidationFailure(field: "recordID", "Việc khác không gắn bản ghi: hãy ghi ngày hoàn thành.")
        }
        let place = try await Places.of(item, on: db)
        guard Policy.allows(actor, .update, place) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        guard let record = try await db.sql.raw("""
            SELECT id, \(unsafeRaw: s.text) AS text, \(unsafeRaw: s.day) AS day FROM \(unsafeRaw: s.table) \
            WHERE id = \(bind: recordID) AND council_id = \(bind: item.councilID) AND deleted_at IS NULL
            """).firstRow(Record.self) else {
            throw ValidationFailure(field: "recordID", "Hãy chọn một bản ghi \(item.kind.label.lowercased()) của Hội đồng này.")
        }
        let title = title(item.kind, record)
        try await db.transaction { tx in
            if linked {
                try await tx.sql.raw("""
                    INSERT INTO work_item_records (item_id, record_type, record_id) VALUES (\(bind: item.id!), \(bind: recordType), \(bind: recordID)) \
                    ON CONFLICT (item_id, record_type, record_id) DO NOTHING
                    """).run()
            } else {
                try await tx.sql.raw("""
                    DELETE FROM work_item_records WHERE item_id = \(bind: item.id!) AND record_type = \(bind: recordType) AND record_id = \(bind: recordID)
                    """).run()
            }
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: RecordKind.workItem.rawValue, recordID: item.id!,
                                   unitID: item.unitID, summary: "\(RecordKind.workItem.label): \(item.displayName)",
                                   before: linked ? [:] : ["record": title], after: linked ? ["record": title] : [:])
        }
    }
}
