import Fluent
import Vapor

/// A work program as the document the council issues (Word, Nghị định 30/2020 layout): its bases, its items in a table
/// by month with who carries them out, its targets, the signature and "Nơi nhận".
enum WorkProgramDocument {
    static func document(_ l: WorkProgramController.Loaded, db: any Database) async throws -> OfficialDocument {
        let p = l.program
        guard let unit = try await AdministrativeUnit.find(l.council.unit_id, on: db) else { throw Abort(.notFound) }
        let bodies = try await WorkProgramController.bodyNames(councilID: p.councilID, day: p.periodFrom, db: db)
        let body = p.bodyID.flatMap { bodies[$0] }
        var blocks: [OfficialDocument.Block] = (p.preamble ?? "").split(separator: "\n").map { .paragraph(String($0).trimmingCharacters(in: .whitespaces)) }
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
        let abstract = p.title.lowercased().hasPrefix("chương trình ") ? String(p.title.dropFirst("Chương trình ".count)) : p.title
        return OfficialDocument(
            parent: body == nil ? nil : l.council.name.uppercased(), issuer: (body ?? l.council.name).uppercased(),
            reference: p.reference, symbol: WorkProgram.symbol, place: unit.name, issuedOn: p.issuedOn,
            kind: "CHƯƠNG TRÌNH", abstract: abstract.prefix(1).uppercased() + abstract.dropFirst(), blocks: blocks,
            authority: "TM. " + (body ?? "Hội đồng nhân dân").uppercased(), post: (p.signerTitle ?? "CHỦ TỊCH").uppercased(), signer: p.signer,
            recipients: (p.recipients ?? "Lưu: VT").split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
    }

    static func response(_ req: Request) async throws -> Response {
        let l = try await WorkProgramController.Loaded.load(req)
        let doc = try await document(l, db: req.db)
        let data = try await NIOThreadPool.singleton.runIfActive { try DocxWriter.data(doc) }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.wordprocessingml.document")
        let name = "chuong-trinh-cong-tac-\(l.program.number.map { VietnameseFormat.serial($0) + "-" } ?? "")\(l.program.id!).docx"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        return response
    }
}
