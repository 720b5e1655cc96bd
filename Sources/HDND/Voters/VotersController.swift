import Fluent
import Vapor

/// Voter meetings, the petitions raised there, their workflow, and the agencies' inbox.
struct VotersController {
    static let actionSlugs: [PetitionAction: String] = [
        .classify: "phan-loai", .forward: "chuyen", .answer: "tra-loi", .close: "ket-luan", .report: "bao-cao",
    ]

    func register(_ app: any RoutesBuilder) {
        app.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "tiep-xuc-cu-tri", use: meetings)
        app.get(PathComponent(stringLiteral: RecordKind.voterMeeting.slug), ":id", use: meeting)
        app.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "kien-nghi", use: petitions)
        TableExport.routes(app, [PathComponent(stringLiteral: RecordKind.council.slug), ":id"], base: "kien-nghi", use: export)
        TableExport.routes(app, [PathComponent(stringLiteral: RecordKind.council.slug), ":id"], base: "tiep-xuc-cu-tri", use: exportMeetings)
        app.get(PathComponent(stringLiteral: RecordKind.voterPetition.slug), ":id", use: petition)
    }

    func registerSignedIn(_ app: any RoutesBuilder) {
        app.post(PathComponent(stringLiteral: RecordKind.voterMeeting.slug), ":id", "kien-nghi", use: fastEntry)
        for (action, slug) in Self.actionSlugs {
            app.post(PathComponent(stringLiteral: RecordKind.voterPetition.slug), ":id", PathComponent(stringLiteral: slug)) { req in
                try await perform(action, req)
            }
        }
        app.get("co-quan", "kien-nghi", use: inbox)
        app.post(PathComponent(stringLiteral: RecordKind.voterPetition.slug), ":id", "gop", use: merge)
        app.post(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "kien-nghi", "chuyen", use: forwardMany)
    }

    /// `?loai=thematic`: the kind of meetings listed (all when empty).
    static func meetingKind(_ req: Request) throws -> VoterMeetingKind? {
        guard let raw = req.queryValue("loai"), !raw.isEmpty else { return nil }
        guard let kind = VoterMeetingKind(rawValue: raw) else { throw ValidationFailure(field: "loai", "Hình thức tiếp xúc không hợp lệ.") }
        return kind
    }

    func meetings(req: Request) async throws -> View {
        let page = try await VoterViews.meetings(councilID: try req.parameters.require("id", as: Int.self), kind: try Self.meetingKind(req),
                                                 keyword: try Paging.keyword(req), before: req.queryValue("truoc"),
                                                 layout: req.layoutContext(title: "Tiếp xúc cử tri"), actor: req.actor,
                                                 kept: req.application.figures, db: req.db)
        return try await req.view.render("Voters/meetings", page)
    }

    func meeting(req: Request) async throws -> View {
        let page = try await VoterViews.meeting(id: try req.parameters.require("id", as: Int.self), input: nil, error: nil,
                                                layout: req.layoutContext(title: "Tiếp xúc cử tri"), actor: req.actor,
                                                kept: req.application.figures, db: req.db)
        return try await req.view.render("Voters/meeting", page)
    }

    func fastEntry(req: Request) async throws -> Response {
        let id = try req.parameters.require("id", as: Int.self)
        guard let meeting = try await VoterMeeting.find(id, on: req.db) else { throw Abort(.notFound) }
        let input = try req.content.decode([String: String].self)
        do {
            let lines = try PetitionService.lines(from: input, rows: VoterViews.entryRows(input))
            let saved = try await PetitionService(db: req.db, actor: req.actor).record(lines, at: meeting)
            req.flash("success", "Đã ghi \(VietnameseFormat.count(saved.count)) ý kiến, kiến nghị của cử tri.")
            return req.redirect(to: RecordKind.voterMeeting.path(id) + "#kien-nghi")
        } catch let failure as ValidationFailure {
            let page = try await VoterViews.meeting(id: id, input: input, error: failure,
                                                    layout: req.layoutContext(title: "Tiếp xúc cử tri"), actor: req.actor,
                                                    kept: req.application.figures, db: req.db)
            let response = try await req.view.render("Voters/meeting", page).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    static func filters(_ req: Request) throws -> PetitionQueries.Filters {
        var f = PetitionQueries.Filters()
        var v = Validator()
        if let raw = req.queryValue("trang-thai"), !raw.isEmpty {
            f.status = PetitionStatus(rawValue: raw)
            if f.status == nil { v.fail("trang-thai", "Trạng thái không hợp lệ.") }
        }
        if let raw = req.queryValue("linh-vuc"), !raw.isEmpty {
            if PetitionFields.all.contains(where: { $0.0 == raw }) { f.field = raw } else { v.fail("linh-vuc", "Lĩnh vực không hợp lệ.") }
        }
        if let raw = req.queryValue("co-quan"), !raw.isEmpty {
            f.agencyID = Int(raw)
            if f.agencyID == nil { v.fail("co-quan", "Cơ quan không hợp lệ.") }
        }
        if req.queryValue("qua-han") == "1" { f.overdueOn = Day.today().description }
        if req.queryValue("sap-den-han") == "1" { f.dueBetween = (Day.today().description, Day.today().adding(days: 7).description) }
        // A period of reception dates, and whether the councils below are included.
        (f.from, f.to) = v.span("tu", req.queryValue("tu"), "den", req.queryValue("den"))
        if f.from != nil || f.to != nil { f.dateColumn = "received_on" }
        f.includeBelow = req.queryValue("cap-duoi") == "1"
        f.keyword = Paging.keyword(req, &v)
        f.before = try Paging.cursor(req)
        f.after = try Paging.after(req)
        f.sort = Paging.sort(req, &v) ?? .newest
        f.offset = (Paging.number(req, &v) - 1) * VoterViews.pageSize
        try v.check()
        return f
    }

    /// Forwards the checked petitions of a council's list to one agency with one due date, all or none; on a refusal the
    /// list comes back with the message, the boxes still checked and the choices made.
    func forwardMany(req: Request) async throws -> Response {
        let councilID = try req.parameters.require("id", as: Int.self)
        var input = try req.content.decode([String: String].self)
        input["_csrf"] = nil
        let ids = input.chosenIDs
        let base = RecordKind.council.path(councilID) + "/kien-nghi", query = req.url.query ?? ""
        do {
            let n = try await PetitionService(db: req.db, actor: try req.requireActor()).forward(ids: ids, councilID: councilID, input: input)
            let agency = try await input["agencyID"].flatMap(Int.init).asyncMap { try await Organization.find($0, on: req.db) } ?? nil
            req.flash("success", "Đã chuyển \(VietnameseFormat.count(n)) kiến nghị tới \(agency?.name ?? "cơ quan đã chọn").")
            return req.redirect(to: base + (query.isEmpty ? "" : "?" + query))
        } catch let failure as ValidationFailure {
            let page = try await VoterViews.petitions(councilID: councilID, filters: try Self.filters(req), query: query,
                                                      layout: req.layoutContext(title: "Kiến nghị cử tri"), actor: req.actor,
                                                      bulk: .init(chosen: Set(ids), input: input, error: failure),
                                                      kept: req.application.figures, db: req.db)
            let response = try await req.render(page.written).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    func petitions(req: Request) async throws -> View {
        let page = try await VoterViews.petitions(councilID: try req.parameters.require("id", as: Int.self), filters: try Self.filters(req),
                                                  query: req.url.query ?? "", layout: req.layoutContext(title: "Kiến nghị cử tri"),
                                                  actor: req.actor, kept: req.application.figures, db: req.db)
        return try await req.render(page.written)
    }

    /// A council's voter meetings (public, as the meetings are) as .xlsx or CSV.
    func exportMeetings(req: Request, format: ExportFormat) async throws -> Response {
        let councilID = try req.parameters.require("id", as: Int.self)
        guard let council = try await Council.find(councilID, on: req.db) else { throw Abort(.notFound) }
        guard Policy.allows(req.actor, .read, try await Places.of(unitID: council.unitID, on: req.db)) else { throw Abort(.forbidden) }
        let db = req.db, kind = try Self.meetingKind(req), keyword = try Paging.keyword(req)
        let columns = [TableColumn("Ngày", width: 12), TableColumn("Hình thức", width: 30), TableColumn("Kỳ họp, chủ đề", width: 30),
                       TableColumn("Địa điểm", width: 36), TableColumn("Cử tri tham dự", width: 14), TableColumn("Lượt phát biểu", width: 14),
                       TableColumn("Ý kiến, kiến nghị", width: 14)]
        return try await TableExport.response(format, filename: "tiep-xuc-cu-tri-\(councilID)", title: "Tiếp xúc cử tri", columns: columns, on: req) { cursor in
            let rows = try await PetitionQueries.meetings(councilID: councilID, kind: kind, keyword: keyword, before: cursor, limit: TableExport.pageSize, db: db)
            return (rows.map { m in
                [.day(m.date), .text(m.kind.label), .text(m.topic ?? m.session_number.map { CouncilSession.title($0) } ?? ""), .text(m.place),
                 .number(m.voters_attending), .number(m.voters_speaking), .number(m.petitions)]
            }, rows.count == TableExport.pageSize ? rows.last?.cursor : nil)
        }
    }

    /// The filtered list as .xlsx or CSV.
    func export(req: Request, format: ExportFormat) async throws -> Response {
        let councilID = try req.parameters.require("id", as: Int.self)
        let place = try await Places.authorizeInternal(.read, councilID: councilID, actor: req.actor, kept: req.application.figures, on: req.db).place
        var f = try Self.filters(req)
        try await f.scope(councilID: councilID, unitPath: place.unitPath, kept: req.application.figures, db: req.db)
        let db = req.db, filters = f, kept = req.application.figures
        let columns = [TableColumn("Số", width: 8), TableColumn("Ngày tiếp nhận", width: 14), TableColumn("Nội dung", width: 60),
                       TableColumn("Lĩnh vực", width: 20), TableColumn("Số cử tri", width: 10), TableColumn("Nguồn", width: 18),
                       TableColumn("Trạng thái", width: 18), TableColumn("Cơ quan", width: 28), TableColumn("Hạn trả lời", width: 12),
                       TableColumn("Ngày trả lời", width: 12), TableColumn("Nội dung trả lời", width: 60), TableColumn("Người, cơ quan trả lời", width: 24),
                       TableColumn("Hội đồng", width: 28)]
        return try await TableExport.response(format, filename: "kien-nghi-cu-tri-\(councilID)", title: "Kiến nghị cử tri", columns: columns, on: req) { cursor in
            var page = filters
            page.before = cursor.flatMap { Int($0) } ?? filters.before
            page.after = nil; page.sort = .newest; page.offset = 0
            let rows = try await PetitionQueries.list(page, limit: TableExport.pageSize, kept: kept, db: db)
            return (rows.map { r in [.number(r.id), .day(r.received_on), .text(r.content), .text(PetitionFields.label(r.field)),
                                     .number(r.voter_count), .text(r.source.label), .text(r.status.label), .text(r.agency_name ?? ""),
                                     .day(r.due_date), .day(r.answered_on), .text(r.answer ?? ""), .text(r.answered_by ?? ""),
                                     .text(r.council_name)] },
                    rows.count == TableExport.pageSize ? rows.last.map { String($0.id) } : nil)
        }
    }

    func petition(req: Request) async throws -> View {
        let page = try await VoterViews.petition(id: try req.parameters.require("id", as: Int.self), input: nil, error: nil,
                                                 layout: req.layoutContext(title: "Kiến nghị cử tri"), actor: req.actor,
                                                 kept: req.application.figures, db: req.db)
        return try await req.view.render("Voters/petition", page)
    }

    func perform(_ action: PetitionAction, _ req: Request) async throws -> Response {
        let id = try req.parameters.require("id", as: Int.self)
        guard let petition = try await VoterPetition.find(id, on: req.db) else { throw Abort(.notFound) }
        var input = try req.content.decode([String: String].self)
        input["_csrf"] = nil
        do {
            try await PetitionService(db: req.db, actor: req.actor).perform(action, on: petition, input: input)
        } catch let failure as ValidationFailure {
            let page = try await VoterViews.petition(id: id, input: input, error: failure,
                                                     layout: req.layoutContext(title: "Kiến nghị cử tri"), actor: req.actor,
                                                 kept: req.application.figures, db: req.db)
            let response = try await req.view.render("Voters/petition", page).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        req.flash("success", "Đã \(action.label.lowercased()).")
        return req.redirect(to: RecordKind.voterPetition.path(id))
    }

    /// Merges the petition named by `from` into this one.
    func merge(req: Request) async throws -> Response {
        let id = try req.parameters.require("id", as: Int.self)
        guard let keeper = try await VoterPetition.find(id, on: req.db) else { throw Abort(.notFound) }
        guard let fromID = try? req.content.get(Int.self, at: "from"), let other = try await VoterPetition.find(fromID, on: req.db) else {
            throw ValidationFailure(field: "from", "Không tìm thấy kiến nghị cần gộp.")
        }
        try await SimilarPetitions.merge(other, into: keeper, actor: req.actor, db: req.db)
        req.flash("success", "Đã gộp kiến nghị; tổng số cử tri kiến nghị: \(VietnameseFormat.count(keeper.voterCount)).")
        return req.redirect(to: RecordKind.voterPetition.path(id))
    }

    func inbox(req: Request) async throws -> View {
        let actor = try req.requireActor()
        let agencies = actor.agencyIDs
        guard !agencies.isEmpty else { throw Abort(.forbidden, reason: "Trang này dành cho tài khoản của cơ quan trả lời kiến nghị.") }
        var f = try Self.filters(req)
        f.agencyIDs = agencies
        let page = try await VoterViews.inbox(filters: f, query: req.url.query ?? "", layout: req.layoutContext(title: "Kiến nghị được chuyển đến"),
                                              kept: req.application.figures, db: req.db)
        return try await req.render(page.written)
    }
}
