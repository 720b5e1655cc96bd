import Fluent
import Vapor

/// The notice of a standing meeting's conclusions (`TB-HĐND`) as a Word document: who met and on what, the
/// conclusions as typed, the standing committee's signature. Before the notice is issued it is a draft without number.
enum StandingNoticeDocument {
    static func document(_ m: StandingMeeting, db: any Database) async throws -> OfficialDocument? {
        guard let conclusions = m.conclusions else { return nil }
        let council = try await Places.council(m.councilID, on: db)
        let issuer = try await CouncilDocument.standingIssuer(council: council, on: m.heldOn, db: db)
        let standing = issuer.body ?? "Thường trực HĐND"
        var blocks: [OfficialDocument.Block] = [
            .paragraph("\(VietnameseFormat.longDate(m.heldOn).uppercasedFirst), \(standing) \(CouncilDocument.unitName(council.name)) tổ chức "
                       + "\(m.kind.label.lowercasedFirst)\(m.chair.map { " do \($0) chủ trì" } ?? "")."),
        ]
        if let p = m.participants { blocks.append(.paragraph("Tham dự phiên họp có: \(p)")) }
        blocks.append(.paragraph("Nội dung phiên họp: \(m.agenda.lowercasedFirst.trimmingCharacters(in: CharacterSet(charactersIn: ". ")))."))
        blocks.append(.paragraph("Sau khi nghe ý kiến phát biểu của các đại biểu dự họp, chủ trì phiên họp kết luận như sau:"))
        blocks += CouncilDocument.paragraphs(conclusions)
        blocks.append(.paragraph("\(standing) thông báo để các cơ quan, đơn vị có liên quan biết, thực hiện."))
        return OfficialDocument(
            parent: issuer.parent, issuer: issuer.issuer, reference: m.reference, symbol: StandingMeeting.symbol,
            place: issuer.place, issuedOn: m.noticedOn, kind: "THÔNG BÁO",
            abstract: "Kết luận của \(standing) tại phiên họp ngày \(VietnameseFormat.date(m.heldOn))", blocks: blocks,
            authority: issuer.authority, post: CouncilDocument.post(m.noticeSignerTitle), signer: m.noticeSigner,
            recipients: CouncilDocument.recipients(m.noticeRecipients))
    }

    static func response(_ req: Request) async throws -> Response {
        guard let m = try await StandingMeeting.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        guard Policy.allows(req.actor, .read, try await Places.of(m, on: req.db)) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
        guard let doc = try await document(m, db: req.db) else { throw Abort(.notFound, reason: "Phiên họp chưa có kết luận để ra thông báo.") }
        return try await CouncilDocument.response(doc, filename: "thong-bao-ket-luan-\(m.noticeNumber.map { VietnameseFormat.serial($0) + "-" } ?? "")\(m.id!)")
    }
}
