import Fluent
import SQLKit
import Foundation
import Vapor

/// Attaching, reading and removing documents: the policy of the record they belong to decides, every change is
/// audited, and a failed upload leaves neither a row nor a file behind.
public enum Documents {
    /// The record kinds that have documents.
    public static let kinds: [RecordKind] = [.session, .agendaItem, .resolution, .oversight, .explanationHearing, .standingMeeting, .supervisionProgram,
                                                 .coordinationProgram, .dialogueConference]

    /// The place (and so the policy) of the record a document belongs to.
    static func place(recordType: RecordKind, recordID: Int, db: any Database) async throws -> (place: Place, unitID: Int) {
        func of<R: EditableRecord>(_: R.Type) async throws -> (Place, Int) {
            guard let r = try await R.query(on: db).filter(\._$id == recordID).first() else { throw Abort(.notFound) }
            return (try await Places.of(r, on: db), r.scopeUnitID)
        }
        switch recordType {
        case .session: return try await of(CouncilSession.self)
        case .resolution: return try await of(Resolution.self)
        case .oversight: return try await of(Oversight.self)
        case .explanationHearing: return try await of(ExplanationHearing.self)
        case .agendaItem: return try await of(AgendaItem.self)
        case .standingMeeting: return try await of(StandingMeeting.self)
        case .supervisionProgram: return try await of(SupervisionProgram.self)
        case .coordinationProgram: return try await of(CoordinationProgram.self)
        case .dialogueConference: return try await of(DialogueConference.self)
        default: throw ValidationFailure(field: "recordType", "Loại hồ sơ này không có tài liệu đính kèm.")
        }
    }

    /// Where a file of this hash lives: `files/ab/abcdef…`.
    static func path(_ sha: String, config: AppConfig) -> String {
        (config.filesDirectory as NSString).appendingPathComponent(String(sha.prefix(2)) + "/" + sha)
    }

    /// The file's name as kept: no folders, no control characters, at most 200 characters.
    static func cleanName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { $0.properties.generalCategory != .control }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        return String(clean.prefix(200))
    }

    /// Stores `bytes` for the record: type from the content, size within the limit, the file written before the row and
    /// removed again if the row cannot be written.
    public static func attach(_ bytes: [UInt8], fileName: String, recordType: RecordKind, recordID: Int, isPublic: Bool,
                              actor: Actor?, config: AppConfig, db: any Database) async throws -> Document {
        let (place, unitID) = try await place(recordType: recordType, recordID: recordID, db: db)
        guard Policy.allows(actor, .update, place) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        var v = Validator()
        let name = cleanName(fileName)
        if name.isEmpty { v.fail("file", "Hãy chọn tệp cần tải lên.") }
        if bytes.isEmpty { v.fail("file", "Tệp rỗng.") }
        if bytes.count > config.documentMaxBytes {
            v.fail("file", "Tệp (\(size(bytes.count))) lớn hơn giới hạn \(size(config.documentMaxBytes)).")
        }
        let kind = bytes.count <= config.documentMaxBytes ? DocumentKind.sniff(bytes) : nil
        if !bytes.isEmpty && bytes.count <= config.documentMaxBytes && kind == nil {
            v.fail("file", "Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), OpenDocument (.odt) hoặc ảnh PNG, JPEG; nội dung tệp này không thuộc loại nào.")
        }
        try v.check()
        let sha = sha256Hex(bytes)
        let target = path(sha, config: config)
        let existed = FileManager.default.fileExists(atPath: target)
        if !existed {
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            // Written whole under another name, then renamed: a reader never sees half a file.
            let temporary = target + ".tmp-" + UUID().uuidString
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            try FileManager.default.moveItem(atPath: temporary, toPath: target)
        }
        let doc = Document()
        doc.recordType = recordType.rawValue; doc.recordID = recordID; doc.unitID = unitID; doc.fileName = name; doc.kind = kind!
        doc.size = bytes.count; doc.sha256 = sha; doc.isPublic = isPublic; doc.uploadedBy = actor?.fullName; doc.version = 1
        do {
            try await db.transaction { tx in
                try await doc.create(on: tx)
                try await Audit.record(on: tx, actor: actor, action: .update, recordType: recordType.rawValue, recordID: recordID, unitID: unitID,
                                       summary: "Thêm tài liệu: \(name)", before: [:], after: ["document": "\(name) (\(kind!.label), \(isPublic ? "công khai" : "nội bộ"))"])
            }
        } catch {
            if !existed { try? FileManager.default.removeItem(atPath: target) }
            throw error
        }
        return doc
    }

    /// Who may read a document: anyone when it and its record are public, else those who read the record's internal place.
    static func mayRead(_ doc: Document, actor: Actor?, db: any Database) async throws -> Bool {
        guard let kind = RecordKind(rawValue: doc.recordType) else { return false }
        let place = try await place(recordType: kind, recordID: doc.recordID, db: db).place
        if doc.isPublic && Policy.allows(actor, .read, place) { return true }
        return Policy.allows(actor, .read, Place(unitID: place.unitID, unitPath: place.unitPath, visibility: .internalRecord,
                                                 organizationID: place.organizationID))
    }

    public struct Item: Encodable, Sendable { let name: String; let href: String; let kind: String; let size: String; let access: String
                                              let deleteAction: String? }

    /// What a record's page shows of its documents.
    public struct Section: Encodable, Sendable { let items: [Item]; let canAdd: Bool; let recordType: String; let recordID: Int }

    /// The section of a record's page, whose place (`Places.of`) the page has read already.
    static func section(recordType: RecordKind, recordID: Int, place: Place, actor: Actor?, db: any Database) async throws -> Section {
        section(recordType: recordType, recordID: recordID, listed: try await lists([recordType: [recordID]], place: place, actor: actor, db: db),
                place: place, actor: actor)
    }

    /// The section of a record whose documents were read with others' (`lists`).
    static func section(recordType: RecordKind, recordID: Int, listed: [RecordKind: [Int: [Item]]], place: Place, actor: Actor?) -> Section {
        Section(items: listed[recordType]?[recordID] ?? [], canAdd: Policy.allows(actor, .update, place), recordType: recordType.rawValue,
                recordID: recordID)
    }

    /// The documents of several records of one place (a session and its agenda items), in one read, by kind and record.
    static func lists(_ records: [RecordKind: [Int]], place: Place, actor: Actor?, db: any Database) async throws -> [RecordKind: [Int: [Item]]] {
        let records = records.filter { !$0.value.isEmpty }.sorted { $0.key.rawValue < $1.key.rawValue }
        guard !records.isEmpty else { return [:] }
        let internalToo = Policy.allows(actor, .read, Place(unitID: place.unitID, unitPath: place.unitPath, visibility: .internalRecord))
        let canEdit = Policy.allows(actor, .update, place)
        // Rows, not models: on a session's public page the documents' models were a tenth of its CPU (`perf`, issue 11).
        struct Row: Decodable { let id: Int, record_type: RecordKind, record_id: Int, file_name: String, kind: DocumentKind, size: Int, is_public: Bool }
        let publicOnly: SQLQueryString = internalToo ? "" : "AND is_public = \(bind: true) "
        // Each kind's records from the (record_type, record_id) index.
        let which = records.map { "(record_type = \(bind: $0.key.rawValue) AND record_id IN (\(binds: $0.value)))" as SQLQueryString }
            .joined(separator: " OR ")
        let rows = try await db.sql.raw("""
            SELECT id, record_type, record_id, file_name, kind, size, is_public FROM documents WHERE (\(which)) \
            AND deleted_at IS NULL \(publicOnly)ORDER BY id
            """).rows(Row.self)
        return Dictionary(grouping: rows, by: \.record_type).mapValues { kind in
            Dictionary(grouping: kind, by: \.record_id).mapValues { docs in
                docs.map { d in
                    Item(name: d.file_name, href: "/tai-lieu/\(d.id)", kind: d.kind.label, size: size(d.size), access: d.is_public ? "Công khai" : "Nội bộ",
                         deleteAction: canEdit ? "/tai-lieu/\(d.id)/xoa" : nil)
                }
            }
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1024 * 1024 ? "\(VietnameseFormat.number(bytes / 1024 / 1024)) MB" : "\(VietnameseFormat.number(max(1, bytes / 1024))) KB"
    }

    /// "attachment; filename="Nghi quyet.pdf"; filename*=UTF-8''Ngh%E1%BB%8B…" (RFC 6266 with RFC 5987 for the real name).
    static func disposition(_ name: String) -> String {
        let ascii = String(fold(name).unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? Character($0) : "_" })
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''" + (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii)
    }

    /// Removes a document from its record (soft: the file stays, the audit says so).
    static func remove(_ doc: Document, actor: Actor?, db: any Database) async throws {
        guard let kind = RecordKind(rawValue: doc.recordType) else { throw Abort(.notFound) }
        let place = try await place(recordType: kind, recordID: doc.recordID, db: db).place
        guard Policy.allows(actor, .update, place) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        try await db.transaction { tx in
            try await doc.delete(on: tx)
            try await Audit.record(on: tx, actor: actor, action: .update, recordType: doc.recordType, recordID: doc.recordID, unitID: doc.unitID,
                                   summary: "Xóa tài liệu: \(doc.fileName)", before: ["document": doc.fileName], after: [:])
        }
    }
}
