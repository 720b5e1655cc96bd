import Fluent
import Vapor

/// What every document a council issues takes from the council: the issuer lines (the council above its body, when a
/// body issues it), the place in the date line, the signing authority, and the Word response.
enum CouncilDocument {
    /// `body`: the issuing body as named in sentences ("Thường trực HĐND"), nil when the council issues.
    struct Issuer { let parent: String?; let issuer: String; let authority: String; let place: String; let body: String? }

    /// "HĐND HUYỆN MÊ LINH / THƯỜNG TRỰC HĐND", signed "TM. THƯỜNG TRỰC HĐND", dated at "Mê Linh"; the council
    /// itself issues as "HỘI ĐỒNG NHÂN DÂN / HUYỆN MÊ LINH".
    static func issuer(council: Places.CouncilPlace, body: String?, db: any Database) async throws -> Issuer {
        guard let unit = try await AdministrativeUnit.find(council.unit_id, on: db) else { throw Abort(.notFound) }
        // Two lines: "HỘI ĐỒNG NHÂN DÂN" above the unit.
        let own = fullName(council.name).replacingOccurrences(of: "Hội đồng nhân dân ", with: "Hội đồng nhân dân\n")
        return Issuer(parent: body == nil ? nil : council.name.uppercased(), issuer: (body ?? own).uppercased(),
                      authority: "TM. " + (body ?? "Hội đồng nhân dân").uppercased(), place: unit.name, body: body)
    }

    /// The council's standing committee as issuer ("HĐND HUYỆN MÊ LINH / THƯỜNG TRỰC HĐND"), as it stood on `day`.
    static func standingIssuer(council: Places.CouncilPlace, on day: String, db: any Database) async throws -> Issuer {
        let standing = try await Oversight.leaders(councilID: council.id, on: day, db: db).bodies.first { $0.kind == .standing }?.name
        return try await issuer(council: council, body: standing, db: db)
    }

    /// The recipients typed one a line.
    static func recipients(_ text: String?) -> [String] {
        (text ?? "Lưu: VT").split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// "HĐND huyện Mê Linh" → "Hội đồng nhân dân huyện Mê Linh", as a resolution names its council in full.
    static func fullName(_ council: String) -> String {
        council.hasPrefix("HĐND ") ? "Hội đồng nhân dân " + unitName(council) : council
    }

    /// "HĐND huyện Mê Linh" → "huyện Mê Linh", the unit a council's name carries.
    static func unitName(_ council: String) -> String {
        council.hasPrefix("HĐND ") ? String(council.dropFirst("HĐND ".count)) : council
    }

    /// "Nguyễn Ngọc Phương — PHÓ CHỦ TỊCH", the signer as a page shows it.
    static func signature(name: String?, post: String?) -> String? {
        guard name != nil || post != nil else { return nil }
        return [name, post].compactMap { $0 }.joined(separator: " — ")
    }

    /// The signature block's post, as written in capitals ("CHỦ TỊCH" unless another is typed).
    static func post(_ title: String?) -> String { (title ?? "CHỦ TỊCH").uppercased() }

    /// The abstract under the kind: the title without the kind's word it starts with ("Báo cáo kết quả …" under
    /// "BÁO CÁO" reads "Kết quả …"), capitalised.
    static func abstract(_ title: String, kind: String) -> String {
        let word = kind.lowercased() + " "
        let rest = title.lowercased().hasPrefix(word) ? String(title.dropFirst(word.count)) : title
        return rest.uppercasedFirst
    }

    /// Body text typed one paragraph a line, blank lines dropped.
    static func paragraphs(_ text: String?) -> [OfficialDocument.Block] { lines(text).map { .paragraph($0) } }

    /// Text typed one paragraph a line, as a page shows it: trimmed, blank lines dropped.
    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The signer, the post and the recipients each issued document's form asks for, under the field names of its record.
    struct SignatureFields {
        var signer = "signer", title = "signerTitle", recipients = "recipients"

        func add(_ b: inout FormBuilder, signer: String?, title: String?, recipients: String?) {
            b.text(self.signer, "Người ký", signer, hint: "Họ và tên")
            b.text(self.title, "Chức vụ người ký", title, hint: "Ví dụ: CHỦ TỊCH, PHÓ CHỦ TỊCH")
            b.textarea(self.recipients, "Nơi nhận", recipients, hint: "Mỗi dòng một nơi nhận")
        }

        func read(_ input: FormInput, _ v: inout Validator) -> (signer: String?, title: String?, recipients: String?) {
            (v.optionalText(signer, "Người ký", input[signer], max: 200), v.optionalText(title, "Chức vụ người ký", input[title], max: 200),
             v.optionalText(recipients, "Nơi nhận", input[recipients], max: 5000))
        }
    }

    static func response(_ doc: OfficialDocument, filename: String) async throws -> Response {
        let data = try await NIOThreadPool.singleton.runIfActive { try DocxWriter.data(doc) }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.wordprocessingml.document")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename).docx\"")
        return response
    }
}
