import Fluent
import Vapor

/// A council's work programs of a year with their targets, a program's page (items by month, each with the records
/// that carry it out, and the targets' progress counted from the records), linking records to items, the items to
/// .xlsx/.csv and the program to Word.
struct WorkProgramController {
    func register(_ app: any RoutesBuilder, signedIn: any RoutesBuilder) {
        let slug = PathComponent(stringLiteral: RecordKind.workProgram.slug)
        app.get(slug, ":id", use: show)
        app.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "chuong-trinh-cong-tac", use: year)
        TableExport.routes(app, [slug, ":id"], base: "noi-dung", use: export)
        app.get(slug, ":id", "van-ban.docx") { req in try await WorkProgramDocument.response(req) }
        signedIn.post(PathComponent(stringLiteral: RecordKind.workItem.slug), ":id", "gan", use: link)
    }

    /// A program, its items in month order with their linked records, and its targets' progress.
    struct Loaded {
        let program: WorkProgram, place: Place, council: Places.CouncilPlace
        let items: [WorkItem], links: [Int: [WorkItemLinks.Record]], targets: [TargetProgress.Result]

        /// The program's own records, kept between requests while the records stay the same (`FigureCache`: programs,
        /// items, targets, the records that carry items out and the links bump the revision, M059 and M068). Only read by
        /// the pages that load them.
        private struct Records: Sendable { let program: WorkProgram, items: [WorkItem], links: [Int: [WorkItemLinks.Record]], targets: [Target] }

        static func load(_ req: Request) async throws -> Loaded {
            guard let id = req.parameters.get("id", as: Int.self) else { throw Abort(.notFound) }
            let kept = req.application.figures
            let records: Records? = try await kept.value("work program \(id)", on: req.db) {
                guard let p = try await WorkProgram.find(id, on: req.db) else { return nil }
                let items = try await WorkItem.query(on: req.db).filter(\.$programID == id).sort(\.$plannedMonth).sort(\.$plannedOn).sort(\.$id).all()
                let targets = try await Target.query(on: req.db).filter(\.$programID == id).sort(\.$scope).sort(\.$id).all()
                return Records(program: p, items: items, links: try await WorkItemLinks.links(of: items, db: req.db), targets: targets)
            }
            guard let r = records else { throw Abort(.notFound) }
            let place = try await Places.of(r.program, kept: kept, on: req.db)
            guard Policy.allows(req.actor, .read, place) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
            return Loaded(program: r.program, place: place, council: try await Places.council(r.program.councilID, kept: kept, on: req.db),
                          items: r.items, links: r.links, targets: try await TargetProgress.of(r.targets, kept: kept, db: req.db))
        }

        func progress(_ i: WorkItem, today: Day) -> WorkItemProgress {
            .of(state: i.state, kind: i.kind, linked: links[i.id!]?.count ?? 0, doneOn: i.doneOn, plannedMonth: i.plannedMonth, today: today)
        }

        /// Who carries an item out, in words.
        func owner(_ i: WorkItem, bodies: [Int: String]) -> String {
            let who = i.bodyID.flatMap { bodies[$0] } ?? i.owner.label
            return i.ownerNote.map { "\(who) — \($0)" } ?? who
        }
    }

    struct LinkedRecord: Encodable { let title: String; let href: String; let recordID: Int }
    struct Item: Encodable {
        let anchor: String, month: String, plannedOn: String?, content: String, owner: String, kind: String
        let progress: String, progressClass: String, records: [LinkedRecord]
        let linkAction: String?, candidates: Options?, editHref: String?
    }
    struct Count: Encodable { let label: String; let value: String }
    struct Page: Encodable {
        let layout: LayoutContext
        let heading: String, councilHref: String, councilName: String, yearHref: String
        let issuer: String, reference: String?, issuedOn: String?, period: String, signer: String?, preamble: String?
        let counts: [Count], items: [Item]
        /// The targets' sections (`TargetSections`), and whether there are any.
        let targets: HTML, anyTargets: Bool
        /// The targets' progress drawn (none without targets).
        let charts: [SVGChart.Chart]
        let exportHref: String, wordHref: String, layoutNote: String
        let addItemHref: String?, addTargetHref: String?, editHref: String?, auditHref: String?
    }

    func show(req: Request) async throws -> View {
        let l = try await Loaded.load(req)
        let p = l.program, today = Day.today()
        let canEdit = Policy.allows(req.actor, .update, l.place), canCreate = Policy.allows(req.actor, .create, l.place)
        let bodies = try await Self.bodyNames(councilID: p.councilID, day: p.periodFrom, kept: req.application.figures, db: req.db)
        // Candidates for linking: one read per kind of record the items ask for, kept as the program is (their tables bump
        // the revision).
        var candidates: [WorkItemKind: [WorkItemLinks.Record]] = [:]
        if canEdit {
            for kind in Set(l.items.map(\.kind)) where kind != .other {
                candidates[kind] = try await req.application.figures.value("work item candidates \(kind.rawValue) \(p.councilID) \(p.periodFrom) \(p.periodTo)",
                                                                             on: req.db) {
                    try await WorkItemLinks.candidates(kind, councilID: p.councilID, from: p.periodFrom, to: p.periodTo, db: req.db)
                }
            }
        }
        let progress = l.items.map { l.progress($0, today: today) }
        let page = Page(
            layout: req.layoutContext(title: p.title), heading: p.title, councilHref: RecordKind.council.path(p.councilID), councilName: l.council.name,
            yearHref: RecordKind.council.path(p.councilID) + "/chuong-trinh-cong-tac?nam=\(Day(stored: p.periodFrom).year)",
            issuer: p.bodyID.flatMap { bodies[$0] } ?? l.council.name, reference: p.reference, issuedOn: p.issuedOn.map { VietnameseFormat.date($0) },
            period: "Từ \(VietnameseFormat.date(p.periodFrom)) đến \(VietnameseFormat.date(p.periodTo))", signer: CouncilDocument.signature(name: p.signer, post: p.signerTitle),
            preamble: p.preamble,
            counts: [Count(label: "nội dung", value: VietnameseFormat.count(l.items.count)),
                     Count(label: "đã thực hiện", value: VietnameseFormat.count(progress.filter { $0 == .done }.count)),
                     Count(label: "quá tháng dự kiến", value: VietnameseFormat.count(progress.filter { $0 == .late }.count)),
                     Count(label: "lùi thời gian", value: VietnameseFormat.count(progress.filter { $0 == .postponed }.count))],
            items: zip(l.items, progress).map { i, state in
                let records = (l.links[i.id!] ?? []).compactMap { r in
                    i.kind.recordKind.map { LinkedRecord(title: WorkItemLinks.title(i.kind, r), href: $0.path(r.id), recordID: r.id) }
                }
                let choices = candidates[i.kind].map { list in
                    Options(list.filter { c in !records.contains { $0.recordID == c.id } }.map {
                        FormOption(value: String($0.id), label: WorkItemLinks.title(i.kind, $0), selected: false)
                    })
                }
                return Item(anchor: "noi-dung-\(i.id!)", month: VietnameseFormat.month(i.plannedMonth), plannedOn: i.plannedOn.map { VietnameseFormat.date($0) },
                            content: i.content, owner: l.owner(i, bodies: bodies), kind: i.kind.label,
                            progress: state == .done && i.kind == .other ? "\(state.label) (\(VietnameseFormat.date(i.doneOn)))" : state.label,
                            progressClass: state.rawValue, records: records,
                            linkAction: canEdit && i.kind != .other ? RecordKind.workItem.path(i.id!) + "/gan" : nil,
                            candidates: choices, editHref: canEdit ? RecordKind.workItem.editPath(i.id!) : nil)
            },
            targets: TargetSections.html(l.targets) { canEdit ? RecordKind.target.editPath($0.target.id!) : nil }, anyTargets: !l.targets.isEmpty,
            charts: Charts.targets(id: "chi-tieu", title: "Tiến độ thực hiện chỉ tiêu", l.targets).map { [$0] } ?? [],
            exportHref: RecordKind.workProgram.path(p.id!) + "/noi-dung", wordHref: RecordKind.workProgram.path(p.id!) + "/van-ban.docx",
            layoutNote: DocumentLayout.decree30.basisNote,
            addItemHref: canCreate ? RecordKind.workItem.newPath + "?program=\(p.id!)" : nil,
            addTargetHref: canCreate ? RecordKind.target.newPath + "?program=\(p.id!)" : nil,
            editHref: canEdit ? RecordKind.workProgram.editPath(p.id!) : nil,
            auditHref: Policy.allows(req.actor, .viewAudit, l.place) ? RecordKind.workProgram.auditPath(p.id!) : nil)
        return try await req.view.render("Programs/program", page)
    }

    /// The council's bodies by id as of `day`, kept between requests while the records stay the same (`FigureCache`:
    /// terms, bodies, memberships and people bump the revision).
    static func bodyNames(councilID: Int, day: String, kept: FigureCache, db: any Database) async throws -> [Int: String] {
        try await kept.value("body names \(councilID) \(day)", on: db) {
            Dictionary(try await Oversight.leaders(councilID: councilID, on: day, db: db).bodies.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Links or unlinks a record to an item (`recordID`, `action` = "link" or "unlink").
    func link(req: Request) async throws -> Response {
        guard let item = try await WorkItem.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        let input = try RecordPages<WorkItem>.input(req)
        guard let recordID = input["recordID"].flatMap(Int.init) else { throw ValidationFailure(field: "recordID", "Hãy chọn bản ghi để gắn.") }
        let linked = input["action"] != "unlink"
        try await WorkItemLinks.set(item, recordID: recordID, linked: linked, actor: req.actor, db: req.db)
        req.flash("success", linked ? "Đã gắn bản ghi thực hiện nội dung." : "Đã bỏ gắn bản ghi.")
        return req.redirect(to: RecordKind.workProgram.path(item.programID) + "#noi-dung-\(item.id!)")
    }

    /// The items as the page lists them.
    func export(req: Request, format: ExportFormat) async throws -> Response {
        let l = try await Loaded.load(req)
        let today = Day.today()
        let bodies = try await Self.bodyNames(councilID: l.program.councilID, day: l.program.periodFrom, kept: req.application.figures, db: req.db)
        let columns = [TableColumn("Tháng", width: 10), TableColumn("Ngày dự kiến", width: 14), TableColumn("Nội dung", width: 60),
                       TableColumn("Chủ trì", width: 30), TableColumn("Thực hiện bằng", width: 18), TableColumn("Tình trạng", width: 18),
                       TableColumn("Bản ghi thực hiện", width: 60)]
        let rows: [[TableCell]] = l.items.map { i in
            [.text(VietnameseFormat.month(i.plannedMonth)), .day(i.plannedOn), .text(i.content), .text(l.owner(i, bodies: bodies)), .text(i.kind.label),
             .text(l.progress(i, today: today).label), .text((l.links[i.id!] ?? []).map { WorkItemLinks.title(i.kind, $0) }.joined(separator: "; "))]
        }
        return try await TableExport.response(format, filename: "chuong-trinh-cong-tac-\(l.program.id!)", title: "Chương trình công tác",
                                              columns: columns, on: req) { _ in (rows, nil) }
    }

    struct Line: Encodable { let href: String; let title: String; let note: String }
    struct YearPage: Encodable {
        let layout: LayoutContext
        let heading: String, councilHref: String, councilName: String, previousHref: String, nextHref: String
        let programs: [Line], targets: HTML, anyTargets: Bool
        let newProgramHref: String?, newTargetHref: String?
    }

    /// The council's programs of a year (drafts for those who may read them) and its targets not set by a program.
    func year(req: Request) async throws -> View {
        let year = try Paging.year(req)
        let council = try await Places.council(try req.parameters.require("id", as: Int.self), kept: req.application.figures, on: req.db)
        let insider = Policy.allows(req.actor, .read, council.place.internalRecords)
        let from = "\(year)-01-01", to = "\(year)-12-31"
        var q = WorkProgram.query(on: req.db).filter(\.$councilID == council.id).filter(\.$periodFrom <= to).filter(\.$periodTo >= from)
        if !insider { q = q.filter(\.$issuedOn != nil) }
        let programs = try await q.sort(\.$periodFrom).sort(\.$id).all()
        let targets = insider ? try await Target.query(on: req.db).filter(\.$councilID == council.id).filter(\.$programID == nil)
            .filter(\.$periodFrom <= to).filter(\.$periodTo >= from).sort(\.$periodFrom).all() : []
        let canAdd = Policy.allows(req.actor, .create, council.place)
        let base = RecordKind.council.path(council.id) + "/chuong-trinh-cong-tac?nam="
        let progress = try await TargetProgress.of(targets, kept: req.application.figures, db: req.db)
        let page = YearPage(
            layout: req.layoutContext(title: "Chương trình công tác"), heading: "Chương trình công tác năm \(year) — \(council.name)",
            councilHref: RecordKind.council.path(council.id), councilName: council.name, previousHref: base + String(year - 1), nextHref: base + String(year + 1),
            programs: programs.map { p in
                Line(href: RecordKind.workProgram.path(p.id!), title: p.title,
                     note: p.reference.map { "Số \($0), ngày \(VietnameseFormat.date(p.issuedOn))" } ?? "Dự thảo")
            },
            targets: TargetSections.html(progress) { canAdd ? RecordKind.target.editPath($0.target.id!) : nil }, anyTargets: !progress.isEmpty,
            newProgramHref: canAdd ? RecordKind.workProgram.newPath + "?council=\(council.id)" : nil,
            newTargetHref: canAdd ? RecordKind.target.newPath + "?council=\(council.id)" : nil)
        return try await req.view.render("Programs/year", page)
    }
}
