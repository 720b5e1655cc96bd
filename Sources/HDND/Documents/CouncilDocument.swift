import Fluent
import Vapor

/// What every document a council issues takes from the council: the issuer lines (the council above its body, when a
/// body issues it), the place in the date line, the signing authority, and the Word response.
enum CouncilDocument {
    struct Issuer { let parent: String?; let issuer: String; let authority: String; let place: String }

    /// "HĐND HUYỆN MÊ LINH / THƯỜNG TRỰC HĐND", signed "TM. THƯỜNG TRỰC HĐND", dated at "Mê Linh".
    static func issuer(council: Places.CouncilPlace, body: String?, db: any Database) async throws -> Issuer {
        guard let unit = try await AdministrativeUnit.find(council.unit_id, on: db) else { throw Abort(.notFound) }
        return Issuer(parent: body == nil ? nil : council.name.uppercased(), issuer: (body ?? council.name).uppercased(),
                      authority: "TM. " + (body ?? "Hội đồng nhân dân").uppercased(), place: unit.name)
    }

    /// The recipients typed one a line.
    static func recipients(_ text: String?) -> [String] {
        (text ?? "Lưu: VT").split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    static func response(_ doc: OfficialDocument, filename: String) async throws -> Response {
        let data = try await NIOThreadPool.singleton.runIfActive { try DocxWriter.data(doc) }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.wordprocessingml.document")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename).docx\"")
        return response
    }
}
