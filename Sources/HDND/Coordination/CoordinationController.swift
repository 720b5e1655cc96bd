import Fluent
import SQLKit
import Vapor

/// A council's coordination of a year (its program with the People's Committee and the Front, dialogue conferences,
/// trainings), a program's page with its year-end review, and a dialogue's page with its opinions. All public: councils
/// publish them; writing them is the office's.
struct CoordinationController {
    func register(_ app: any RoutesBuilder) {
        app.get(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "phoi-hop", use: year)
        TableExport.routes(app, [PathComponent(stringLiteral: RecordKind.council.slug), ":id"], base: "phoi-hop", use: export)
        app.get(PathComponent(stringLiteral: RecordKind.coordinationProgram.slug), ":id", use: program)
        app.get(PathComponent(stringLiteral: RecordKind.dialogueConference.slug), ":id", use: dialogue)
    }

    struct Count: Encodable { let label: String; let value: String }
    struct Line: Encodable { let href: String?; let anchor: String?; let title: String; let note: String; let editHref: String? }

    /// Who led the year's oversights, in the groups the seeds count by: the council and its bodies, the Front, the
    /// People's Committee ("9 … do Thường trực HĐND và các Ban HĐND quận chủ trì; 01 … UBMTTQ; 01 … UBND").
    static func delegations(_ rows: [OversightQueries.Row]) -> [Count] {
        let front = rows.filter { $0.lead == .fatherlandFront }.count, committee = rows.filter { $0.lead == .peoplesCommittee }.count
        return [Count(label: "Tổng số đoàn giám sát, khảo sát, kiểm tra", value: VietnameseFormat.count(rows.count)),
                Count(label: "Do HĐND, Thường trực, các Ban và đại biểu HĐND chủ trì", value: VietnameseFormat.count(rows.count - front - committee)),
                Count(label: "Do Ủy ban MTTQ chủ trì, HĐND phối hợp", value: VietnameseFormat.count(front)),
                Count(label: "Do UBND chủ trì, HĐND phối hợp", value: VietnameseFormat.count(committee))]
    }

    /// A council's coordination records of one year (`?nam=`, this year by default): tens a year, read whole.
    struct Year {
        let council: Places.CouncilPlace, year: Int
        let programs: [CoordinationProgram], dialogues: [DialogueConference], trainings: [Training]

        static func load(_ req: Request) async throws -> Year {
            let councilID = try req.parameters.require("id", as: Int.self)
            let council = try await Places.council(councilID, on: req.db)
            let year = try Paging.year(req)
            return Year(council: council, year: year,
                        programs: try await CoordinationProgram.query(on: req.db).filter(\.$councilID == councilID).filter(\.$year == year).sort(\.$id).all(),
                        dialogues: try await DialogueConference.query(on: req.db).filter(\.$councilID == councilID).filter(\.$year == year).sort(\.$id).all(),
                        trainings: try await Training.query(on: req.db).filter(\.$councilID == councilID).filter(\.$year == year).sort(\.$id).all())
        }
    }

    struct YearPage: Encodable {
        let layout: LayoutContext
        let heading: String
        let councilHref: String, exportHref: String, year: Int
        let previousHref: String, nextHref: String
        let programs: [Line], dialogues: [Line], trainings: [Line]
        let trainingTotals: [Count]
        let newProgramHref: String?, newDialogueHref: String?, newTrainingHref: String?
    }

    static func trainingNote(_ t: Training) -> String {
        var note = "\(VietnameseFormat.count(t.classes)) lớp · \(t.organiser)"
        if let from = t.heldFrom { note += " · từ \(VietnameseFormat.date(from))" + (t.heldTo.map { " đến \(VietnameseFormat.date($0))" } ?? "") }
        note += " · \(VietnameseFormat.count(t.attendeesOwn)) đại biểu cấp này, \(VietnameseFormat.count(t.attendeesBelow)) đại biểu cấp dưới"
        if t.attendeesOther > 0 { note += ", \(VietnameseFormat.count(t.attendeesOther)) học viên khác" }
        return note
    }

    func year(req: Request) async throws -> View {
        let y = try await Year.load(req)
        let councilID = y.council.id, trainings = y.trainings
        let canAdd = Policy.allows(req.actor, .create, y.council.place)
        let base = RecordKind.council.path(councilID) + "/phoi-hop?nam="
        func sum(_ k: KeyPath<Training, Int>) -> String { VietnameseFormat.number(trainings.map { $0[keyPath: k] }.reduce(0, +)) }
        let page = YearPage(
            layout: req.layoutContext(title: "Phối hợp, đối thoại, tập huấn"), heading: "Phối hợp, đối thoại, tập huấn năm \(y.year) — \(y.council.name)",
            councilHref: RecordKind.council.path(councilID), exportHref: RecordKind.council.path(councilID) + "/phoi-hop", year: y.year,
            previousHref: base + String(y.year - 1), nextHref: base + String(y.year + 1),
            programs: y.programs.map { p in
                Line(href: RecordKind.coordinationProgram.path(p.id!), anchor: nil, title: p.title,
                     note: p.signedOn.map { "Ký ngày \(VietnameseFormat.date($0))" } ?? "Năm \(p.year)", editHref: nil)
            },
            dialogues: y.dialogues.map { d in
                Line(href: RecordKind.dialogueConference.path(d.id!), anchor: nil, title: d.title,
                     note: (d.heldOn.map { "Ngày \(VietnameseFormat.date($0))" } ?? "Năm \(d.year)") + " · " + d.hosts, editHref: nil)
            },
            trainings: trainings.map { t in
                Line(href: nil, anchor: "tap-huan-\(t.id!)", title: t.title, note: Self.trainingNote(t), editHref: canAdd ? RecordKind.training.editPath(t.id!) : nil)
            },
            trainingTotals: trainings.isEmpty ? [] : [
                Count(label: "Số lớp", value: VietnameseFormat.count(trainings.map(\.classes).reduce(0, +))),
                Count(label: "Đại biểu HĐND cấp này", value: sum(\.attendeesOwn)),
                Count(label: "Đại biểu HĐND cấp dưới", value: sum(\.attendeesBelow)),
                Count(label: "Học viên khác", value: sum(\.attendeesOther)),
            ],
            newProgramHref: canAdd ? RecordKind.coordinationProgram.newPath + "?council=\(councilID)" : nil,
            newDialogueHref: canAdd ? RecordKind.dialogueConference.newPath + "?council=\(councilID)" : nil,
            newTrainingHref: canAdd ? RecordKind.training.newPath + "?council=\(councilID)" : nil)
        return try await req.view.render("Coordination/year", page)
    }

    /// The year's programs, dialogues and trainings in one table (.xlsx or .csv): a row each, numbers as numbers.
    func export(req: Request, format: ExportFormat) async throws -> Response {
        let y = try await Year.load(req)
        let columns = [TableColumn("Loại", width: 22), TableColumn("Nội dung", width: 60), TableColumn("Từ ngày", width: 14), TableColumn("Đến ngày", width: 14),
                       TableColumn("Chủ trì, tổ chức", width: 40), TableColumn("Số lớp", width: 10), TableColumn("Đại biểu HĐND cấp này", width: 14),
                       TableColumn("Đại biểu HĐND cấp dưới", width: 14), TableColumn("Học viên khác", width: 12)]
        let none: [TableCell] = [.text(""), .text(""), .text(""), .text("")]
        let rows: [[TableCell]] =
            y.programs.map { p in [.text(RecordKind.coordinationProgram.label), .text(p.title), .day(p.signedOn), .day(nil), .text(p.signatoryLines.joined(separator: "; "))] + none }
            + y.dialogues.map { d in [.text(RecordKind.dialogueConference.label), .text(d.title), .day(d.heldOn), .day(nil), .text(d.hosts)] + none }
            + y.trainings.map { t in
                [.text(RecordKind.training.label), .text(t.title), .day(t.heldFrom), .day(t.heldTo), .text(t.organiser), .number(t.classes),
                 .number(t.attendeesOwn), .number(t.attendeesBelow), .number(t.attendeesOther)]
            }
        return try await TableExport.response(format, filename: "phoi-hop-\(y.council.id)-\(y.year)", title: "Phối hợp năm \(y.year)", columns: columns,
                                              on: req) { _ in (rows, nil) }
    }

    struct Item: Encodable { let content: String; let party: String; let planned: String; let done: String?; let result: String?; let editHref: String? }
    struct ProgramPage: Encodable {
        let layout: LayoutContext
        let heading: String
        let councilHref: String, councilName: String, yearHref: String
        let signedOn: String?, signatories: [String]
        let items: [Item]
        let progress: String
        let delegations: [Count]
        let review: String?
        let addHref: String?, editHref: String?, auditHref: String?
        let documents: Documents.Section
    }

    func program(req: Request) async throws -> View {
        guard let p = try await CoordinationProgram.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        let place = try await Places.of(p, on: req.db)
        guard Policy.allows(req.actor, .read, place) else { throw Abort(.forbidden) }
        let council = try await Places.council(p.councilID, on: req.db)
        let canEdit = Policy.allows(req.actor, .update, place)
        let items = try await CoordinationItem.query(on: req.db).filter(\.$programID == p.id!).sort(\.$id).all()
        let done = items.filter { $0.doneOn != nil }.count
        let page = ProgramPage(
            layout: req.layoutContext(title: p.title), heading: p.title, councilHref: RecordKind.council.path(council.id), councilName: council.name,
            yearHref: RecordKind.council.path(council.id) + "/phoi-hop?nam=\(p.year)",
            signedOn: p.signedOn.map { VietnameseFormat.date($0) }, signatories: p.signatoryLines,
            items: items.map { i in
                Item(content: i.content, party: i.party.label, planned: i.planned ?? "", done: i.doneOn.map { VietnameseFormat.date($0) }, result: i.result,
                     editHref: canEdit ? RecordKind.coordinationItem.editPath(i.id!) : nil)
            },
            progress: "Đã thực hiện \(VietnameseFormat.count(done))/\(VietnameseFormat.count(items.count)) nội dung",
            delegations: Self.delegations(try await OversightQueries.year(p.year, councilID: p.councilID, db: req.db)), review: p.review,
            addHref: Policy.allows(req.actor, .create, place) ? RecordKind.coordinationItem.newPath + "?program=\(p.id!)" : nil,
            editHref: canEdit ? RecordKind.coordinationProgram.editPath(p.id!) : nil,
            auditHref: Policy.allows(req.actor, .viewAudit, place) ? RecordKind.coordinationProgram.auditPath(p.id!) : nil,
            documents: try await Documents.section(recordType: .coordinationProgram, recordID: p.id!, place: place, actor: req.actor, db: req.db))
        return try await req.view.render("Coordination/program", page)
    }

    struct Opinion: Encodable { let content: String; let responsible: String; let answer: String?; let answeredOn: String?; let editHref: String? }
    struct DialoguePage: Encodable {
        let layout: LayoutContext
        let heading: String
        let councilHref: String, councilName: String, yearHref: String
        let facts: [Count]
        let byResponsible: [Count]
        let opinions: [Opinion]
        let answered: String
        let addHref: String?, editHref: String?, auditHref: String?
        let documents: Documents.Section
    }

    func dialogue(req: Request) async throws -> View {
        guard let d = try await DialogueConference.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        let place = try await Places.of(d, on: req.db)
        guard Policy.allows(req.actor, .read, place) else { throw Abort(.forbidden) }
        let council = try await Places.council(d.councilID, on: req.db)
        let canEdit = Policy.allows(req.actor, .update, place)
        struct Row: Decodable { let id: Int; let content: String; let answer: String?; let answered_on: String?; let organization_name: String }
        let rows = try await req.db.sql.raw("""
            SELECT o.id, o.content, o.answer, o.answered_on, g.name AS organization_name FROM dialogue_opinions o \
            JOIN organizations g ON g.id = o.organization_id WHERE o.dialogue_id = \(bind: d.id!) AND o.deleted_at IS NULL ORDER BY o.id
            """).rows(Row.self)
        var counts: [(String, Int)] = []
        for r in rows {
            if let i = counts.firstIndex(where: { $0.0 == r.organization_name }) { counts[i].1 += 1 } else { counts.append((r.organization_name, 1)) }
        }
        var facts = [Count(label: "Thời gian", value: d.heldOn.map { VietnameseFormat.date($0) } ?? "Năm \(d.year)"),
                     Count(label: "Chủ trì đối thoại", value: d.hosts), Count(label: "Đối thoại với", value: d.participants)]
        if let s = d.speakers { facts.append(Count(label: "Lượt phát biểu", value: VietnameseFormat.count(s))) }
        facts.append(Count(label: "Số ý kiến", value: VietnameseFormat.count(rows.count)))
        let page = DialoguePage(
            layout: req.layoutContext(title: d.title), heading: d.title, councilHref: RecordKind.council.path(council.id), councilName: council.name,
            yearHref: RecordKind.council.path(council.id) + "/phoi-hop?nam=\(d.year)", facts: facts,
            byResponsible: counts.map { Count(label: "thuộc trách nhiệm của \($0.0)", value: VietnameseFormat.count($0.1)) },
            opinions: rows.map { r in
                Opinion(content: r.content, responsible: r.organization_name, answer: r.answer, answeredOn: r.answered_on.map { VietnameseFormat.date($0) },
                        editHref: canEdit ? RecordKind.dialogueOpinion.editPath(r.id) : nil)
            },
            answered: "Đã trả lời \(VietnameseFormat.count(rows.filter { $0.answer != nil }.count))/\(VietnameseFormat.count(rows.count)) ý kiến",
            addHref: Policy.allows(req.actor, .create, place) ? RecordKind.dialogueOpinion.newPath + "?dialogue=\(d.id!)" : nil,
            editHref: canEdit ? RecordKind.dialogueConference.editPath(d.id!) : nil,
            auditHref: Policy.allows(req.actor, .viewAudit, place) ? RecordKind.dialogueConference.auditPath(d.id!) : nil,
            documents: try await Documents.section(recordType: .dialogueConference, recordID: d.id!, place: place, actor: req.actor, db: req.db))
        return try await req.view.render("Coordination/dialogue", page)
    }
}
