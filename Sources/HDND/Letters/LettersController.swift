import Fluent
import SQLKit
import Vapor

/// The letters register, a letter's page with its deadlines, and the right to see a denouncer.
struct LettersController {
    func register(_ app: any RoutesBuilder) {
        app.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "don-thu", use: registerPage)
        app.get(PathComponent(stringLiteral: RecordKind.letter.slug), ":id", use: letter)
        app.post(PathComponent(stringLiteral: RecordKind.letter.slug), ":id", "quyen-xem", use: grant)
        app.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "don-thu.csv", use: export)
    }

    /// The register as CSV, streamed; a denouncer's name is never exported.
    func export(req: Request) async throws -> Response {
        let councilID = try req.parameters.require("id", as: Int.self)
        guard let council = try await Council.find(councilID, on: req.db) else { throw Abort(.notFound) }
        _ = try await Places.authorizeInternal(.read, council: council, actor: req.actor, on: req.db)
        let db = req.db
        return CSVExport.response(filename: "so-don-thu-\(councilID).csv",
                                  header: ["Số", "Ngày nhận", "Loại đơn", "Người gửi", "Nội dung", "Kết quả"]) { cursor in
            struct Row: Decodable { let id: Int; let year: Int; let number: Int; let received_on: String; let kind: LetterKind
                                    let content: String; let anonymous: Bool; let outcome: LetterOutcome }
            var q = db.sql.select().columns("id", "year", "number", "received_on", "kind", "content", "anonymous", "outcome").from(Letter.schema)
                .where("council_id", .equal, councilID).where("deleted_at", .is, SQLLiteral.null)
            if let cursor { q = q.where("id", .lessThan, cursor) }
            let rows = try await q.orderBy("id", .descending).limit(1000).all(decoding: Row.self)
            struct S: Decodable { let letter_id: Int; let full_name: String }
            let open = rows.filter { $0.kind != .denunciation && !$0.anonymous }.map(\.id)
            let senders = open.isEmpty ? [] : try await db.sql.raw("""
                SELECT letter_id, full_name FROM letter_senders WHERE letter_id IN (\(binds: open)) ORDER BY id
                """).all(decoding: S.self)
            return (rows.map { r in
                let who = r.anonymous ? "Không ký tên" : r.kind == .denunciation ? LetterPrivacy.hidden
                    : senders.filter { $0.letter_id == r.id }.map(\.full_name).joined(separator: ", ")
                return ["\(VietnameseFormat.serial(r.number))/\(r.year)", VietnameseFormat.date(r.received_on), r.kind.label, who, r.content, r.outcome.label]
            }, rows.count == 1000 ? rows.last?.id : nil)
        }
    }

    func registerPage(req: Request) async throws -> View {
        var v = Validator()
        let kindRaw = req.query[String.self, at: "loai"] ?? "", outcomeRaw = req.query[String.self, at: "ket-qua"] ?? ""
        let kind = kindRaw.isEmpty ? nil : LetterKind(rawValue: kindRaw)
        let outcome = outcomeRaw.isEmpty ? nil : LetterOutcome(rawValue: outcomeRaw)
        if !kindRaw.isEmpty && kind == nil { v.fail("loai", "Loại đơn không hợp lệ.") }
        if !outcomeRaw.isEmpty && outcome == nil { v.fail("ket-qua", "Kết quả không hợp lệ.") }
        try v.check()
        let page = try await LetterViews.register(councilID: try req.parameters.require("id", as: Int.self), kind: kind, outcome: outcome,
                                                  overdueOnly: req.query[String.self, at: "qua-han"] == "1",
                                                  dueThisWeek: req.query[String.self, at: "sap-den-han"] == "1",
                                                  before: req.query[Int.self, at: "truoc"], layout: req.layoutContext(title: "Sổ đơn thư"),
                                                  actor: req.actor, db: req.db)
        return try await req.view.render("Letters/register", page)
    }

    func letter(req: Request) async throws -> View {
        let page = try await LetterViews.letter(id: try req.parameters.require("id", as: Int.self), layout: req.layoutContext(title: "Đơn thư"),
                                                actor: req.actor, db: req.db)
        return try await req.view.render("Letters/letter", page)
    }

    /// The office grants one account the right to see a denunciation's senders; the grant is audited.
    func grant(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let letter = try await Letter.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        guard Policy.allows(actor, .update, try await Places.of(letter, on: req.db)) else { throw Abort(.forbidden) }
        let username = ((try? req.content.get(String.self, at: "username")) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard let user = try await User.query(on: req.db).filter(\.$username == username).first() else {
            throw ValidationFailure(field: "username", "Không có tài khoản \(username).")
        }
        if try await LetterAccess.query(on: req.db).filter(\.$letterID == letter.id!).filter(\.$userID == user.id!).first() == nil {
            try await req.db.transaction { tx in
                let access = LetterAccess()
                access.letterID = letter.id!; access.userID = user.id!; access.grantedBy = actor.userID
                try await access.create(on: tx)
                try await Audit.record(on: tx, actor: actor, action: .update, recordType: RecordKind.letter.rawValue, recordID: letter.id!,
                                       unitID: letter.unitID, summary: "Cho phép xem thông tin người gửi: \(user.username)",
                                       before: [:], after: ["senderAccess": user.username])
            }
        }
        req.flash("success", "Tài khoản \(user.username) được xem thông tin người gửi đơn \(letter.registerNumber).")
        return req.redirect(to: RecordKind.letter.path(letter.id!))
    }
}
