import Fluent
import Vapor

/// POST /hoi-dong/:id/ban-giao — an abolished council's open work handed to a successor, from the council's page.
struct HandoverController {
    func register(_ routes: any RoutesBuilder) {
        routes.post(PathComponent(stringLiteral: RecordKind.council.slug), ":id", "ban-giao", use: handOver)
    }

    struct Form: Content { let toCouncilID: String?; let note: String? }

    func handOver(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let council = try await Council.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        let form = try req.content.decode(Form.self)
        do {
            let h = try await Handovers.perform(from: council, to: form.toCouncilID.flatMap { Int($0) }, note: form.note, actor: actor, db: req.db)
            let to = try await Council.find(h.toCouncilID, on: req.db)
            req.flash("success", "Đã bàn giao \(Handovers.what(petitions: h.petitions, letters: h.letters, tasks: h.tasks)) "
                                 + "cho \(to?.name ?? "Hội đồng kế thừa").")
        } catch let failure as ValidationFailure {
            req.flash("error", failure.errors.map(\.message).joined(separator: " "))
        }
        return req.redirect(to: RecordKind.council.path(council.id!) + "#ban-giao")
    }
}
