import Fluent
import Vapor

/// A work program as the document the council issues (Word, Nghị định 30/2020 layout): its bases, its items in a table
/// by month with who carries them out, its targets, the signature and "Nơi nhận".
enum WorkProgramDocument {
    static func document(_ l: WorkProgramController.Loaded, db: any Database) async throws -> OfficialDocument {
        let p = l.program
        let bodies = try await WorkProgramController.bodyNames(councilID: p.councilID, day: p.periodFrom, kept: .none, db: db)
        let issuer = try await CouncilDocument.issuer(council: l.council, body: p.bodyID.flatMap { bodies[$0] }, db: db)
        var blocks = CouncilDocument.paragraphs(p.preamble)
        if !l.items.isEmpty {
            blocks.append(.heading("NỘI DUNG CÔNG TÁC"))
            blocks.append(.table(header: ["TT", "Nội dung", "Chủ trì thực hiện", "Thời gian"], widths: [6, 54, 24, 16],
                                 rows: l.items.enumerated().map { n, i in
                                     [String(n + 1), i.content, l.owner(i, bodies: bodies),
                                      i.plannedOn.map { VietnameseFormat.date($0) } ?? "Tháng \(VietnameseFormat.month(i.plannedMonth))"]
                                 }))
        }
        if !l.targets.isEmpty {
            blocks.append(.heading("CHỈ TIÊU"))
            blocks += l.targets.map { .paragraph("- \($0.target.sentence)\($0.target.note.map { " (\($0))" } ?? "").") }
        }
        return OfficialDocument(
            parent: issuer.parent, issuer: issuer.issuer, reference: p.reference, symbol: WorkProgram.symbol, place: issuer.place, issuedOn: p.issuedOn,
            kind: "CHƯƠNG TRÌNH", abstract: CouncilDocument.abstract(p.title, kind: "CHƯƠNG TRÌNH"), blocks: blocks,
            authority: issuer.authority, post: CouncilDocument.post(p.signerTitle), signer: p.signer,
            recipients: CouncilDocument.recipients(p.recipients))
    }

    static func response(_ req: Request) async throws -> Response {
        let l = try await WorkProgramController.Loaded.load(req)
        return try await CouncilDocument.response(try await document(l, db: req.db),
                                                  filename: "chuong-trinh-cong-tac-\(l.program.number.map { VietnameseFormat.serial($0) + "-" } ?? "")\(l.program.id!)")
    }
}
