import Fluent
import SQLKit
import Vapor

/// Who may see a letter's senders: any reader of the letter, except for a denunciation, whose
/// senders only accounts explicitly granted the right for that letter may see.
public enum LetterPrivacy {
    public static func sendersVisible(_ letter: Letter, to actor: Actor?, on db: any Database) async throws -> Bool {
        guard let actor, Policy.allows(actor, .read, try await Places.of(letter, on: db)) else { return false }
        if letter.kind != .denunciation { return true }
        return try await LetterAccess.query(on: db).filter(\.$letterID == letter.id!).filter(\.$userID == actor.userID).first() != nil
    }

    public static let hidden = "Được giữ bí mật theo Luật Tố cáo"
}

public enum LetterViews {
    public struct Row: Codable, Sendable {
        public let id: Int, year: Int, number: Int, received_on: String, kind: LetterKind, content: String, anonymous: Bool
        public let outcome: LetterOutcome, accepted_on: String?, decision: LetterDecision?, round: Int, complex: Bool
        public let remote_area: Bool, several_places: Bool, extensions: Int, duplicate_of_id: Int?
    }

    public struct Item: Encodable, Sendable {
        let href: String, number: String, received: String, kind: String, content: String, senders: String
        let outcome: String, nextDeadline: String?, overdue: Bool
    }

    public struct RegisterPage: Encodable, Sendable {
        let layout: LayoutContext
        let heading: String, councilHref: String
        let items: [Item]
        let nextHref: String?
        let kinds: [FormOption], outcomes: [FormOption]
        let overdueOnly: Bool, dueThisWeek: Bool
        let canCreate: Bool, newHref: String
    }

    static func deadlines(_ r: Row) -> [LetterDeadline] {
        LetterFacts(kind: r.kind, receivedOn: Day(r.received_on)!, acceptedOn: r.accepted_on.flatMap { Day($0) }, decision: r.decision,
                    round: r.round, conditions: .init(complex: r.complex, remoteArea: r.remote_area, severalPlaces: r.several_places),
                    extensions: r.extensions).deadlines
    }

    /// The register of a council, newest first; a denouncer's name never appears here.
    public static func register(councilID: Int, kind: LetterKind?, outcome: LetterOutcome?, overdueOnly: Bool, dueThisWeek: Bool = false, before: Int?,
                                layout: LayoutContext, actor: Actor?, db: any Database) async throws -> RegisterPage {
        guard let council = try await Council.find(councilID, on: db) else { throw Abort(.notFound) }
        let internalPlace = try await Places.authorizeInternal(.read, council: council, actor: actor, on: db)
        var q = db.sql.select().columns("id", "year", "number", "received_on", "kind", "content", "anonymous", "outcome", "accepted_on",
                                        "decision", "round", "complex", "remote_area", "several_places", "extensions", "duplicate_of_id")
            .from(Letter.schema).where("council_id", .equal, councilID).where("deleted_at", .is, SQLLiteral.null)
        if let kind { q = q.where("kind", .equal, kind.rawValue) }
        if let outcome { q = q.where("outcome", .equal, outcome.rawValue) }
        if let before { q = q.where("id", .lessThan, before) }
        // Overdue needs the holiday calendar, so it is filtered here after reading a larger window.
        let size = 50
        let computed = overdueOnly || dueThisWeek
        let rows = try await q.orderBy("id", .descending).limit(computed ? 2000 : size + 1).all(decoding: Row.self)
        let today = Day.today()
        var items: [(Row, Item)] = []
        let ids = rows.map(\.id)
        struct S: Decodable { let letter_id: Int; let full_name: String }
        let senders = ids.isEmpty ? [] : try await db.sql.raw("""
            SELECT letter_id, full_name FROM letter_senders WHERE letter_id IN (\(binds: ids)) ORDER BY id
            """).all(decoding: S.self)
        for r in rows {
            let next = LetterRules.next(deadlines(r), outcome: r.outcome)
            let overdue = next.map { $0.due < today } ?? false
            if overdueOnly && !overdue { continue }
            // Due within the coming seven days (and not yet overdue).
            if dueThisWeek && !(next.map { !overdue && $0.due <= today.adding(days: 7) } ?? false) { continue }
            let names = r.anonymous ? "Không ký tên"
                : r.kind == .denunciation ? LetterPrivacy.hidden
                : senders.filter { $0.letter_id == r.id }.map(\.full_name).joined(separator: ", ")
            items.append((r, Item(href: RecordKind.letter.path(r.id), number: "\(VietnameseFormat.serial(r.number))/\(r.year)",
                                  received: VietnameseFormat.date(r.received_on), kind: r.kind.label, content: r.content, senders: names,
                                  outcome: r.outcome.label + (r.duplicate_of_id != nil ? " (đơn trùng)" : ""),
                                  nextDeadline: next.map { "\($0.label): \(VietnameseFormat.date($0.due.description))" }, overdue: overdue)))
        }
        let page = Array(items.prefix(size))
        var nextHref: String? = nil
        if items.count > size || (!computed && rows.count > size), let last = page.last {
            var comps = URLComponents(); comps.path = RecordKind.council.path(councilID) + "/don-thu"
            comps.queryItems = [URLQueryItem(name: "loai", value: kind?.rawValue ?? ""), URLQueryItem(name: "ket-qua", value: outcome?.rawValue ?? ""),
                                URLQueryItem(name: "qua-han", value: overdueOnly ? "1" : ""), URLQueryItem(name: "sap-den-han", value: dueThisWeek ? "1" : ""),
                                URLQueryItem(name: "truoc", value: String(last.0.id))]
            nextHref = comps.string
        }
        return RegisterPage(layout: layout, heading: "Sổ đơn thư — \(council.name)", councilHref: RecordKind.council.path(councilID),
                            items: page.map(\.1), nextHref: nextHref,
                            kinds: LetterKind.allCases.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0 == kind) },
                            outcomes: LetterOutcome.allCases.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0 == outcome) },
                            overdueOnly: overdueOnly, dueThisWeek: dueThisWeek, canCreate: Policy.allows(actor, .create, internalPlace),
                            newHref: RecordKind.letter.newPath + "?council=\(councilID)")
    }

    public struct DeadlineItem: Encodable, Sendable { let label: String; let due: String; let basis: String; let state: String; let overdue: Bool }
    public struct SenderItem: Encodable, Sendable { let name: String; let address: String?; let phone: String? }

    public struct LetterPage: Encodable, Sendable {
        let layout: LayoutContext
        let heading: String, content: String
        let facts: [VoterViews.Fact]
        let deadlines: [DeadlineItem]
        let sendersVisible: Bool, senders: [SenderItem], anonymous: Bool, confidential: Bool
        let duplicateHref: String?, duplicates: [DirectoryViews.Link]
        let canEdit: Bool, editHref: String, auditHref: String, canViewAudit: Bool
        let grantAction: String, version: Int
        let registerHref: String
    }

    public static func letter(id: Int, layout: LayoutContext, actor: Actor?, db: any Database) async throws -> LetterPage {
        guard let l = try await Letter.find(id, on: db) else { throw Abort(.notFound) }
        let place = try await Places.of(l, on: db)
        guard Policy.allows(actor, .read, place) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        let visible = try await LetterPrivacy.sendersVisible(l, to: actor, on: db)
        let senders = visible ? try await LetterSender.query(on: db).filter(\.$letterID == id).sort(\.$id).all() : []
        let today = Day.today()
        let list = l.facts.deadlines
        let deadlines = list.map { d in
            let overdue = d.isOverdue(outcome: l.outcome, today: today)
            return DeadlineItem(label: d.label, due: VietnameseFormat.date(d.due.description), basis: d.legalBasis,
                                state: d.met || l.outcome != .pending ? "Đã thực hiện" : overdue ? "Quá hạn" : "Trong hạn", overdue: overdue)
        }
        var facts = [VoterViews.Fact(label: "Ngày nhận", value: VietnameseFormat.date(l.receivedOn)),
                     VoterViews.Fact(label: "Nguồn đơn", value: l.channel.label), VoterViews.Fact(label: "Loại đơn", value: l.kind.label),
                     VoterViews.Fact(label: "Đủ điều kiện xử lý", value: l.eligible.map { $0 ? "Có" : "Không" } ?? "Chưa xem xét"),
                     VoterViews.Fact(label: "Hướng xử lý", value: l.decision?.label ?? "Chưa quyết định")]
        if let a = l.agencyID, let org = try await Organization.find(a, on: db) { facts.append(.init(label: "Cơ quan có thẩm quyền", value: org.name)) }
        if let a = l.acceptedOn { facts.append(.init(label: "Ngày thụ lý", value: VietnameseFormat.date(a))) }
        if l.kind == .complaint { facts.append(.init(label: "Lần giải quyết", value: l.round == 2 ? "Lần hai" : "Lần đầu")) }
        var conditions: [String] = []
        if l.complex { conditions.append("phức tạp") }
        if l.remoteArea { conditions.append("vùng sâu, vùng xa") }
        if l.severalPlaces { conditions.append("xác minh nhiều địa điểm") }
        if !conditions.isEmpty { facts.append(.init(label: "Tính chất", value: conditions.joined(separator: ", "))) }
        if l.extensions > 0 { facts.append(.init(label: "Gia hạn", value: "\(VietnameseFormat.count(l.extensions)) lần — \(l.extensionNote ?? "")")) }
        facts.append(.init(label: "Kết quả", value: l.outcome.label + (l.closedOn.map { " (\(VietnameseFormat.date($0)))" } ?? "")))
        let duplicates = try await Letter.query(on: db).filter(\.$duplicateOfID == id).sort(\.$id).all().map {
            DirectoryViews.Link(label: "Đơn số \($0.registerNumber)", href: RecordKind.letter.path($0.id!), note: VietnameseFormat.date($0.receivedOn))
        }
        return LetterPage(layout: layout, heading: "Đơn số \(l.registerNumber) — \(l.kind.label)", content: l.content, facts: facts,
                          deadlines: deadlines, sendersVisible: visible,
                          senders: senders.map { SenderItem(name: $0.fullName, address: $0.address, phone: $0.phone) },
                          anonymous: l.anonymous, confidential: l.kind == .denunciation,
                          duplicateHref: l.duplicateOfID.map { RecordKind.letter.path($0) }, duplicates: duplicates,
                          canEdit: Policy.allows(actor, .update, place), editHref: RecordKind.letter.editPath(id),
                          auditHref: RecordKind.letter.auditPath(id), canViewAudit: Policy.allows(actor, .viewAudit, place),
                          grantAction: RecordKind.letter.path(id) + "/quyen-xem", version: l.version,
                          registerHref: RecordKind.council.path(l.councilID) + "/don-thu")
    }
}
