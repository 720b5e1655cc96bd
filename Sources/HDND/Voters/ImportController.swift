import Fluent
import Vapor

/// The import page of a council's petitions: template, upload, row-by-row report.
struct ImportController {
    func register(_ app: any RoutesBuilder) {
        let base: [PathComponent] = [PathComponent(stringLiteral: RecordKind.council.slug), ":id", "kien-nghi"]
        app.get(base + ["mau.csv"], use: template)
        app.get(base + ["nhap"], use: form)
        app.on(.POST, base + ["nhap"], body: .collect(maxSize: "20mb"), use: upload)
    }

    struct ReportRow: Encodable { let line: Int; let errors: [String] }
    struct ImportPage: Encodable {
        let layout: LayoutContext
        let councilName: String, action: String, templateHref: String, listHref: String
        let checked: Bool, written: Int?, total: Int, invalid: [ReportRow], nothingWritten: Bool
    }

    func council(_ req: Request) async throws -> Council {
        guard let council = try await Council.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        _ = try await Places.authorizeInternal(.create, council: council, actor: req.actor, on: req.db)
        return council
    }

    func page(_ req: Request, _ council: Council, checked: Bool = false, written: Int? = nil, rows: [PetitionImport.RowResult] = []) -> ImportPage {
        let base = RecordKind.council.path(council.id!) + "/kien-nghi"
        let invalid = rows.filter { !$0.errors.isEmpty }.prefix(500).map { ReportRow(line: $0.line, errors: $0.errors) }
        return ImportPage(layout: req.layoutContext(title: "Nhập kiến nghị từ tệp"), councilName: council.name, action: base + "/nhap",
                          templateHref: base + "/mau.csv", listHref: base, checked: checked, written: written, total: rows.count,
                          invalid: Array(invalid), nothingWritten: checked && written == nil)
    }

    func template(req: Request) async throws -> Response {
        _ = try await council(req)
        let response = Response(status: .ok, body: .init(string: "\u{FEFF}" + PetitionImport.template))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"mau-nhap-kien-nghi.csv\"")
        return response
    }

    func form(req: Request) async throws -> View {
        try await req.view.render("Voters/import", page(req, try await council(req)))
    }

    struct Upload: Content { var file: File?; var validOnly: String?; var _csrf: String? }

    func upload(req: Request) async throws -> Response {
        let council = try await council(req)
        let upload = try req.content.decode(Upload.self)
        guard let file = upload.file, file.data.readableBytes > 0 else { throw ValidationFailure(field: "file", "Hãy chọn tệp CSV cần nhập.") }
        guard let text = file.data.getString(at: file.data.readerIndex, length: file.data.readableBytes) else {
            throw ValidationFailure(field: "file", "Tệp không phải văn bản UTF-8 (hãy lưu dạng CSV UTF-8).")
        }
        let rows = PetitionImport.check(text)
        let anyInvalid = rows.contains { !$0.errors.isEmpty }
        var written: Int? = nil
        if !anyInvalid || upload.validOnly == "on" {
            written = try await PetitionImport.write(rows, council: council, actor: req.actor, db: req.db)
        }
        let response = try await req.view.render("Voters/import", page(req, council, checked: true, written: written, rows: rows)).encodeResponse(for: req)
        if written == nil { response.status = .unprocessableEntity }
        return response
    }
}
