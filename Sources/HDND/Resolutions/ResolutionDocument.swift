import Fluent
import Foundation
import Vapor

/// A resolution as a Word document in the Decree 30/2020 layout: the council's name in full, "NGHỊ QUYẾT" and the
/// abstract, the council with its term and session, the text as typed (the grounds, "QUYẾT NGHỊ:", the articles with
/// their bold "Điều N."), the sentence of its adoption, and the chair's signature.
enum ResolutionDocument {
    static func document(_ r: Resolution, db: any Database) async throws -> OfficialDocument {
        let council = try await Places.council(r.councilID, on: db)
        let issuer = try await CouncilDocument.issuer(council: council, body: nil, db: db)
        let session = try await r.sessionID.asyncMap { try await CouncilSession.find($0, on: db) } ?? nil
        let term = try await session?.termID.asyncMap { try await Term.find($0, on: db) } ?? nil
        let full = CouncilDocument.fullName(council.name)
        // "KHÓA XX, KỲ HỌP THỨ NHẤT": the council's term and the session that adopted it.
        let sitting = [term.map { "khóa \(RomanNumeral.string($0.ordinal))" }, session?.title.lowercased()].compactMap { $0 }.joined(separator: ", ")
        var blocks: [OfficialDocument.Block] = [.centered(full.uppercased())]
        if !sitting.isEmpty { blocks.append(.centered(sitting.uppercased())) }
        blocks += CouncilDocument.paragraphs(r.text).map(Self.article)
        var closing = "Nghị quyết này đã được \(full)\(sitting.isEmpty ? "" : " " + sitting) thông qua \(VietnameseFormat.longDate(r.adoptedOn))"
        if let e = r.effectiveOn { closing += " và có hiệu lực từ \(VietnameseFormat.longDate(e))" }
        blocks.append(.paragraph(closing + "."))
        // A vice-chair signs for the chair: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH".
        let post = CouncilDocument.post(r.signerTitle)
        return OfficialDocument(
            parent: nil, issuer: issuer.issuer, reference: r.symbol, symbol: r.series.symbol(year: r.year),
            place: issuer.place, issuedOn: r.number == nil ? nil : r.adoptedOn, kind: "NGHỊ QUYẾT",
            abstract: CouncilDocument.abstract(r.title, kind: "NGHỊ QUYẾT"), blocks: blocks,
            authority: post.hasPrefix("PHÓ ") ? "KT. " + post.dropFirst("PHÓ ".count) : nil, post: post, signer: r.signedBy,
            recipients: CouncilDocument.recipients(r.recipients))
    }

    /// "QUYẾT NGHỊ:" centred; "Điều 1. Phạm vi …" with its lead in bold; any other line a paragraph.
    static func article(_ block: OfficialDocument.Block) -> OfficialDocument.Block {
        guard case .paragraph(let line) = block else { return block }
        if fold(line).hasPrefix("quyet nghi") { return .centered(line.uppercased()) }
        let words = line.split(separator: " ", maxSplits: 2)
        if words.count >= 2, words[0] == "Điều", words[1].hasSuffix("."), Int(words[1].dropLast()) != nil {
            return .lead("Điều \(words[1])", words.count > 2 ? String(words[2]) : "")
        }
        return block
    }

    static func response(_ req: Request) async throws -> Response {
        guard let r = try await Resolution.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        guard Policy.allows(req.actor, .read, try await Places.of(r, on: req.db)) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
        return try await CouncilDocument.response(try await document(r, db: req.db),
                                                  filename: "nghi-quyet-\(r.number.map { VietnameseFormat.serial($0) + "-" } ?? "")\(r.year)-\(r.id!)")
    }
}
