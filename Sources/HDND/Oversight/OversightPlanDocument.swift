import Fluent
import Foundation
import Vapor

/// An oversight's plan (Kế hoạch giám sát) as a Word document: issued by the body that leads it (the standing committee
/// for the council's and its own, else the committee or delegate group), with the content, who is supervised, the
/// delegation, and the timetable of its steps as the rules set them. Only what the record holds: no invented wording.
enum OversightPlanDocument {
    static func document(_ o: Oversight, db: any Database) async throws -> OfficialDocument {
        let council = try await Places.council(o.councilID, on: db)
        let body = try await o.bodyID.asyncMap { try await Body.find($0, on: db) } ?? nil
        let issuer = [.committee, .delegateGroup].contains(o.lead) && body != nil
            ? try await CouncilDocument.issuer(council: council, body: body!.name, db: db)
            : try await CouncilDocument.standingIssuer(council: council, on: o.plannedOn ?? o.fieldworkFrom, db: db)
        var blocks: [OfficialDocument.Block] = [.heading("I. NỘI DUNG \(o.kind == .survey ? "KHẢO SÁT" : "GIÁM SÁT")"), .paragraph(o.topic.uppercasedFirst + ".")]
        blocks += [.heading("II. ĐỐI TƯỢNG \(o.kind == .survey ? "KHẢO SÁT" : "GIÁM SÁT")"), .paragraph(o.subjects.uppercasedFirst + ".")]
        if let m = o.members {
            blocks.append(.heading("III. THÀNH PHẦN ĐOÀN"))
            blocks += CouncilDocument.paragraphs(m).map { if case .paragraph(let t) = $0 { .paragraph("- " + t) } else { $0 } }
        }
        blocks.append(.heading("\(o.members == nil ? "III" : "IV"). THỜI GIAN, TIẾN ĐỘ"))
        blocks.append(.paragraph("Thời gian làm việc với đối tượng: " + (o.fieldworkTo.map { "từ \(VietnameseFormat.date(o.fieldworkFrom)) đến \(VietnameseFormat.date($0))" }
                                                                         ?? "ngày \(VietnameseFormat.date(o.fieldworkFrom))") + "."))
        let steps = o.steps().filter { $0.due != nil }
        if !steps.isEmpty {
            blocks.append(.table(header: ["Bước", "Thời hạn", "Căn cứ"], widths: [38, 20, 42], rows: steps.map { c in
                [c.step.label, VietnameseFormat.date(c.due!.description), (c.rule?.legalBasis ?? "") + (c.provisional ? " (tạm tính)" : "")]
            }))
        }
        let post = switch o.lead { case .committee: "TRƯỞNG BAN"; case .delegateGroup: "TỔ TRƯỞNG"; default: "CHỦ TỊCH" }
        return OfficialDocument(
            parent: issuer.parent, issuer: issuer.issuer, reference: o.planRef.flatMap(Self.reference), symbol: "KH-HĐND", place: issuer.place,
            issuedOn: o.plannedOn, kind: "KẾ HOẠCH", abstract: abstract(o), blocks: blocks,
            authority: issuer.authority, post: post, signer: nil,
            recipients: [o.subjects] + ["Lưu: VT"])
    }

    /// "Giám sát việc …", or the topic as written when it already says so ("Khảo sát công tác …").
    static func abstract(_ o: Oversight) -> String {
        let word = o.kind == .survey ? "Khảo sát" : "Giám sát"
        return fold(o.topic).hasPrefix(fold(word)) ? o.topic.uppercasedFirst : "\(word) \(o.topic.lowercasedFirst)"
    }

    /// "Kế hoạch số 12/KH-HĐND" → "12/KH-HĐND"; nil when no such number is written.
    static func reference(_ planRef: String) -> String? {
        guard let range = planRef.range(of: #"\d+/KH-[^\s,;]+"#, options: .regularExpression) else { return nil }
        return String(planRef[range])
    }

    static func response(_ req: Request) async throws -> Response {
        guard let o = try await Oversight.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        guard Policy.allows(req.actor, .read, try await Places.of(o, on: req.db)) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
        return try await CouncilDocument.response(try await document(o, db: req.db), filename: "ke-hoach-giam-sat-\(o.id!)")
    }
}
