import Fluent
import SQLKit
import Vapor

/// The letters register, a letter's page with its deadlines, and the right to see a denouncer.
struct LettersController {
    func register(_ app: any RoutesBuilder) {
        app.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "don-thu", use: registerPage)
        app.get(PathComponent(stringLiteral: RecordKind.letter.slug), ":id", use: letter)
        app.post(PathComponent(stringLiteral: RecordKind.letter.slug), ":id", "quyen-xem", use: grant)
        TableExport.routes(app, [PathComponent(stringLiteral: RecordKind.council.slug), ":id"], base: "don-thu", use: export)
        // The rows checked on the register: filed at once, or downloaded together.
        app.post(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "don-thu", "luu-don", use: fileChosen)
        app.post(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "don-thu", "da-chon.xlsx") { req in
            try await self.export(req: req, format: .xlsx)
        }
        app.get("co-quan", "don-thu", use: agencyLetters)
    }

    /// For an agency account: the letters forwarded to it across councils, with their next deadline; overdue ones first to see.
    func agencyLetters(req: Request) async throws -> View {
        let actor = try req.requireActor()
        let agencies = actor.agencyIDs
        guard !agencies.isEmpty else { throw Abort(.forbidden, reason: "Trang này dành cho tài khoản của cơ quan có thẩm quyền.") }
        var f = LetterQueries.Filters(councilID: nil)
        f.agencyIDs = agencies
        f.overdueOnly = req.queryValue("qua-han") == "1"
        f.dueThisWeek = req.queryValue("sap-den-han") == "1"
        f.keyword = try Paging.keyword(req)
        let (items, pager, _) = try await LetterQueries.screen(f, before: try Paging.cursor(req), after: try Paging.after(req), size: 50,
                                                               path: req.url.path, query: req.url.query, kept: req.application.figures, db: req.db)
        let names = try await DirectoryQueries.councilNames(kept: req.application.figures, db: req.db)
        typealias Table = DrillDownController
        var page = Table.TablePage(
            layout: req.layoutContext(title: "Đơn thư được chuyển đến"),
            heading: "Đơn thư được chuyển đến" + (f.overdueOnly ? " — quá hạn" : f.dueThisWeek ? " — đến hạn trong 07 ngày tới" : ""),
            columns: [.init(label: "Số", numeric: false), .init(label: "Hội đồng", numeric: false), .init(label: "Ngày nhận", numeric: false),
                      .init(label: "Loại", numeric: false), .init(label: "Nội dung", numeric: false), .init(label: "Thời hạn tiếp theo", numeric: false),
                      .init(label: "Kết quả", numeric: false)],
            rows: items.map { l in
                Table.Row(href: RecordKind.letter.path(l.row.id), cells: [
                    l.row.registerNumber, names[l.row.council_id] ?? "", VietnameseFormat.date(l.row.received_on), l.row.kind.label, l.row.content,
                    l.nextDeadlineText.map { $0 + (l.overdue ? " — quá hạn" : "") } ?? "",
                    l.row.outcome.label])
            },
            pager: pager,
            backHref: f.overdueOnly || f.dueThisWeek ? "/co-quan/don-thu" : "/co-quan/don-thu?qua-han=1",
            backLabel: f.overdueOnly || f.dueThisWeek ? "Tất cả đơn được chuyển đến" : "Chỉ xem đơn quá hạn")
        page.filter = Table.KeywordFilter(req, keyword: f.keyword)
        return try await req.render(page.written)
    }

    static func filters(_ req: Request) throws -> LetterQueries.Filters {
        var f = LetterQueries.Filters(councilID: try req.parameters.require("id", as: Int.self))
        var v = Validator()
        let kindRaw = req.queryValue("loai") ?? "", outcomeRaw = req.queryValue("ket-qua") ?? ""
        let agencyRaw = req.queryValue("co-quan") ?? ""
        f.kind = kindRaw.isEmpty ? nil : LetterKind(rawValue: kindRaw)
        f.outcome = outcomeRaw.isEmpty ? nil : LetterOutcome(rawValue: outcomeRaw)
        f.agencyID = agencyRaw.isEmpty ? nil : Int(agencyRaw)
        if !kindRaw.isEmpty && f.kind == nil { v.fail("loai", "Loại đơn không hợp lệ.") }
        if !outcomeRaw.isEmpty && f.outcome == nil { v.fail("ket-qua", "Kết quả không hợp lệ.") }
        if !agencyRaw.isEmpty && f.agencyID == nil { v.fail("co-quan", "Cơ quan không hợp lệ.") }
        (f.from, f.to) = v.span("tu", req.queryValue("tu"), "den", req.queryValue("den"))
        f.includeBelow = req.queryValue("cap-duoi") == "1"
        f.overdueOnly = req.queryValue("qua-han") == "1"
        f.dueThisWeek = req.queryValue("sap-den-han") == "1"
        f.keyword = Paging.keyword(req, &v)
        f.sort = Paging.sort(req, &v) ?? .number
        f.offset = (Paging.number(req, &v) - 1) * 50
        try v.check()
        return f
    }

    /// The filtered register as .xlsx or CSV; a denouncer's name is never exported.
    func export(req: Request, format: ExportFormat) async throws -> Response {
        var f = try Self.filters(req)
        // An export follows the register's own order, whatever the page was sorted by.
        f.sort = .number; f.offset = 0
        if req.method == .POST {
            let chosen = try req.content.decode([String: String].self).chosenIDs
            guard !chosen.isEmpty else { throw ValidationFailure(field: "chon", "Hãy chọn ít nhất một đơn để tải.") }
            f.ids = chosen
        }
        guard let councilID = f.councilID else { throw Abort(.notFound) }
        let unitPath = try await Places.authorizeInternal(.read, councilID: councilID, actor: req.actor, kept: req.application.figures, on: req.db).place.unitPath
        try await f.below(unitPath, kept: req.application.figures, db: req.db)
        let db = req.db
        let columns = [TableColumn("Số", width: 10), TableColumn("Ngày nhận", width: 12), TableColumn("Loại đơn", width: 12),
                       TableColumn("Người gửi", width: 28), TableColumn("Nội dung", width: 60), TableColumn("Hướng xử lý", width: 24),
                       TableColumn("Thời hạn tiếp theo", width: 16), TableColumn("Kết quả", width: 18)]
        let filters = f
        return try await TableExport.response(format, filename: "so-don-thu-\(councilID)", title: "Sổ đơn thư", columns: columns, on: req) { cursor in
            let (items, next) = try await LetterQueries.page(filters, before: cursor.flatMap { Int($0) }, size: TableExport.pageSize,
                                                             senders: true, db: db)
            return (items.map { l in
                [.text(l.row.registerNumber), .day(l.row.received_on), .text(l.row.kind.label), .text(l.senders), .text(l.row.content),
                 .text(l.row.decision?.label ?? ""), .day(l.row.next_due), .text(l.row.outcome.label)]
            }, next.map(String.init))
        }
    }

    func registerPage(req: Request) async throws -> View {
        let page = try await LetterViews.register(try Self.filters(req), before: try Paging.cursor(req), after: try Paging.after(req),
                                                  layout: req.layoutContext(title: "Sổ đơn thư"), actor: req.actor,
                                                  kept: req.application.figures, db: req.db)
        return try await req.render(page.written)
    }

    func fileChosen(req: Request) async throws -> Response {
        let councilID = try req.parameters.require("id", as: Int.self)
        let input = try req.content.decode([String: String].self)
        do {
            let n = try await LetterBulk.file(ids: input.chosenIDs, councilID: councilID, actor: try req.requireActor(), db: req.db)
            req.flash("success", "Đã lưu \(VietnameseFormat.count(n)) đơn.")
        } catch let failure as ValidationFailure {
            req.flash("error", "Chưa lưu đơn nào: " + failure.errors.map(\.message).joined(separator: " "))
        }
        let query = req.url.query ?? ""
        return req.redirect(to: RecordKind.council.path(councilID) + "/don-thu" + (query.isEmpty ? "" : "?" + query))
    }

    func letter(req: Request) async throws -> View {
        let page = try await LetterViews.letter(id: try req.parameters.require("id", as: Int.self), layout: req.layoutContext(title: "Đơn thư"),
                                                actor: req.actor, kept: req.application.figures, db: req.db)
        return try await req.view.render("Letters/letter", page)
    }

    /// The office grants one account the right to see a denunciation's senders; the grant is audited.
    func grant(req: Request) async throws -> Response {
        guard let letter = try await Letter.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        let user = try await Confidentiality.grant(letter, req: req)
        req.flash("success", "Tài khoản \(user.username) được xem thông tin người gửi đơn \(letter.registerNumber).")
        return req.redirect(to: RecordKind.letter.path(letter.id!))
    }
}
