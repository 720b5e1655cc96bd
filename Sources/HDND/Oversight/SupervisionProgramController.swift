import Fluent
import Vapor

/// A supervision program's page: the adopting resolution checked against the rule, the proposals with their sources,
/// and for each proposal taken in, the oversight that carries it out (or the link to set it up).
struct SupervisionProgramController {
    func register(_ app: any RoutesBuilder) {
        app.get(PathComponent(stringLiteral: RecordKind.supervisionProgram.slug), ":id", use: show)
        TableExport.routes(app, [PathComponent(stringLiteral: RecordKind.supervisionProgram.slug), ":id"], base: "de-xuat", use: export)
    }

    /// A program with its proposals and, for those taken in, the oversights that carry them out (by proposal).
    struct Loaded {
        let program: SupervisionProgram, place: Place
        let proposals: [ProposalRow], oversights: [Int: OversightRow]

        /// A proposal and the oversight made of it, as rows: their models were a sixth of the program's page's CPU (`perf`,
        /// issue 11).
        struct ProposalRow: Decodable { let id: Int, topic: String, source: ProposalSource, proposer: String, proposed_on: String, included: Bool }
        struct OversightRow: Decodable {
            let id: Int, proposal_id: Int, kind: OversightKind, topic: String
            var displayName: String { Oversight.displayName(kind: kind, topic: topic) }
        }

        static func load(_ req: Request) async throws -> Loaded {
            guard let p = try await SupervisionProgram.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
            let place = try await Places.of(p, kept: req.application.figures, on: req.db)
            guard Policy.allows(req.actor, .read, place) else { throw Abort(.forbidden) }
            let proposals = try await req.db.sql.raw("""
                SELECT id, topic, source, proposer, proposed_on, included FROM supervision_proposals \
                WHERE program_id = \(bind: p.id!) AND deleted_at IS NULL ORDER BY proposed_on, id
                """).rows(ProposalRow.self)
            let oversights = proposals.isEmpty ? [] : try await req.db.sql.raw("""
                SELECT id, proposal_id, kind, topic FROM oversights WHERE proposal_id IN (\(binds: proposals.map(\.id))) AND deleted_at IS NULL
                """).rows(OversightRow.self)
            return Loaded(program: p, place: place, proposals: proposals,
                          oversights: Dictionary(oversights.map { ($0.proposal_id, $0) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    /// The proposals as the page lists them, to .xlsx or .csv.
    func export(req: Request, format: ExportFormat) async throws -> Response {
        let l = try await Loaded.load(req)
        let columns = [TableColumn("Ngày đề xuất", width: 14), TableColumn("Nội dung", width: 60), TableColumn("Nguồn", width: 30),
                       TableColumn("Người, cơ quan đề xuất", width: 30), TableColumn("Trong chương trình", width: 12), TableColumn("Cuộc giám sát", width: 50)]
        let rows: [[TableCell]] = l.proposals.map { x in
            [.day(x.proposed_on), .text(x.topic), .text(x.source.label), .text(x.proposer), .text(x.included ? "Có" : "Chưa"),
             .text(l.oversights[x.id]?.displayName ?? "")]
        }
        return try await TableExport.response(format, filename: "de-xuat-giam-sat-\(l.program.id!)", title: "Đề xuất giám sát", columns: columns,
                                              on: req) { _ in (rows, nil) }
    }

    struct Proposal: Encodable {
        let topic: String, source: String, proposer: String, proposedOn: String, included: Bool
        let oversightHref: String?, oversightTitle: String?, startHref: String?, editHref: String?
    }
    struct Count: Encodable { let label: String; let value: String }
    struct Page: Encodable {
        let layout: LayoutContext
        let heading: String
        let councilHref: String, councilName: String, oversightsHref: String
        let resolution: String?, resolutionHref: String?
        let adoption: String, adoptionMet: Bool?, adoptionProvisional: Bool
        let notes: String?
        let counts: [Count]
        let proposals: [Proposal]
        let exportHref: String
        let addHref: String?, editHref: String?, auditHref: String?
        let documents: Documents.Section
    }

    func show(req: Request) async throws -> View {
        let l = try await Loaded.load(req)
        let p = l.program, place = l.place, proposals = l.proposals, byProposal = l.oversights
        let council = try await Places.council(p.councilID, kept: req.application.figures, on: req.db)
        let resolution = try await p.resolutionID.asyncMap { try await Resolution.find($0, on: req.db) } ?? nil
        let session = try await resolution?.sessionID.asyncMap { try await CouncilSession.find($0, on: req.db) } ?? nil
        let adoption = p.adoption(resolution: resolution, session: session)
        let canCreate = Policy.allows(req.actor, .create, place), canEdit = Policy.allows(req.actor, .update, place)
        let included = proposals.filter(\.included)
        let page = Page(
            layout: req.layoutContext(title: p.title), heading: "\(p.title) — \(council.name)", councilHref: RecordKind.council.path(council.id),
            councilName: council.name, oversightsHref: RecordKind.council.path(council.id) + "/giam-sat?nam=\(p.year)",
            resolution: resolution.map { $0.displayName + " (thông qua ngày \(VietnameseFormat.date($0.adoptedOn)))" },
            resolutionHref: resolution.map { RecordKind.resolution.path($0.id!) },
            adoption: adoption.text, adoptionMet: adoption.met, adoptionProvisional: adoption.provisional, notes: p.notes,
            counts: [Count(label: "đề xuất", value: VietnameseFormat.count(proposals.count)),
                     Count(label: "nội dung đưa vào chương trình", value: VietnameseFormat.count(included.count)),
                     Count(label: "đã thành cuộc giám sát", value: VietnameseFormat.count(included.filter { byProposal[$0.id] != nil }.count))],
            proposals: proposals.map { x in
                let o = byProposal[x.id]
                return Proposal(topic: x.topic, source: x.source.label, proposer: x.proposer, proposedOn: VietnameseFormat.date(x.proposed_on), included: x.included,
                                oversightHref: o.map { RecordKind.oversight.path($0.id) }, oversightTitle: o?.displayName,
                                startHref: x.included && o == nil && canCreate ? RecordKind.oversight.newPath + "?proposal=\(x.id)" : nil,
                                editHref: canEdit ? RecordKind.supervisionProposal.editPath(x.id) : nil)
            },
            exportHref: RecordKind.supervisionProgram.path(p.id!) + "/de-xuat",
            addHref: canCreate ? RecordKind.supervisionProposal.newPath + "?program=\(p.id!)" : nil,
            editHref: canEdit ? RecordKind.supervisionProgram.editPath(p.id!) : nil,
            auditHref: Policy.allows(req.actor, .viewAudit, place) ? RecordKind.supervisionProgram.auditPath(p.id!) : nil,
            documents: try await Documents.section(recordType: .supervisionProgram, recordID: p.id!, place: place, actor: req.actor, db: req.db))
        return try await req.view.render("Oversight/program", page)
    }
}
