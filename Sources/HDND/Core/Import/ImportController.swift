import Fluent
import Vapor

/// The largest file a clerk may upload (a .xlsx of a hundred thousand rows is well under it).
private let maxUploadBytes = 20 * 1024 * 1024

/// A council's import page for one kind of record: templates (.xlsx and .csv), upload, row-by-row report.
struct ImportController<I: RecordImport>: Sendable {
    /// The list's address under the council: "kien-nghi", "don-thu".
    let segment: String
    let listTitle: String

    func register(_ app: any RoutesBuilder) {
        let base: [PathComponent] = [PathComponent(stringLiteral: RecordKind.council.slug), ":id", PathComponent(stringLiteral: segment)]
        app.get(base + ["mau.csv"], use: csvTemplate)
        app.get(base + ["mau.xlsx"], use: xlsxTemplate)
        app.get(base + ["nhap"], use: form)
        app.upload(base + ["nhap"], maxBytes: maxUploadBytes, use: upload)
    }

    struct ReportRow: Encodable { let line: Int; let errors: [String] }
    struct ImportPage: Encodable {
        let layout: LayoutContext
        let heading: String, noun: String, councilName: String, action: String, csvTemplateHref: String, xlsxTemplateHref: String
        let listHref: String, listTitle: String, columns: String
        /// Counts as the office writes them ("02").
        let checked: Bool, written: String?, total: String, invalidCount: String, invalid: [ReportRow], nothingWritten: Bool
    }

    func council(_ req: Request) async throws -> Council {
        guard let council = try await Council.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        _ = try await Places.authorizeInternal(.create, council: council, actor: req.actor, on: req.db)
        return council
    }

    func page(_ req: Request, _ council: Council, checked: Bool = false, written: Int? = nil, rows: [ImportRow<I.Value>] = []) -> ImportPage {
        let base = RecordKind.council.path(council.id!) + "/" + segment
        let invalid = rows.filter { !$0.errors.isEmpty }
        return ImportPage(layout: req.layoutContext(title: "Nhập \(I.noun) từ tệp"), heading: "Nhập \(I.noun) từ tệp — \(council.name)", noun: I.noun,
                          councilName: council.name, action: base + "/nhap", csvTemplateHref: base + "/mau.csv", xlsxTemplateHref: base + "/mau.xlsx",
                          listHref: base, listTitle: listTitle, columns: I.header.joined(separator: ", "),
                          checked: checked, written: written.map(VietnameseFormat.count), total: VietnameseFormat.count(rows.count),
                          invalidCount: VietnameseFormat.count(invalid.count),
                          invalid: invalid.prefix(500).map { ReportRow(line: $0.line, errors: $0.errors) }, nothingWritten: checked && written == nil)
    }

    func csvTemplate(req: Request) async throws -> Response {
        _ = try await council(req)
        let response = Response(status: .ok, body: .init(string: "\u{FEFF}" + I.csvTemplate))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"mau-nhap-\(segment).csv\"")
        return response
    }

    func xlsxTemplate(req: Request) async throws -> Response {
        _ = try await council(req)
        let example = I.example
        return try await TableExport.response(.xlsx, filename: "mau-nhap-\(segment)", title: "Mẫu nhập \(I.noun)", columns: I.columns, on: req) { _ in
            ([example], nil)
        }
    }

    func form(req: Request) async throws -> View {
        try await req.view.render("Core/import", page(req, try await council(req)))
    }

    struct Upload: Content { var file: File?; var validOnly: String?; var _csrf: String? }

    func upload(req: Request) async throws -> Response {
        let council = try await council(req)
        let upload = try req.content.decode(Upload.self)
        guard let file = upload.file, file.data.readableBytes > 0 else { throw ValidationFailure(field: "file", "Hãy chọn tệp .xlsx hoặc .csv cần nhập.") }
        let rows = try await I.checkInCouncil(try await I.check(data: Data(buffer: file.data)), council: council, db: req.db)
        let anyInvalid = rows.contains { !$0.errors.isEmpty }
        var written: Int? = nil
        if !anyInvalid || upload.validOnly == "on" {
            written = try await I.write(rows, council: council, actor: req.actor, db: req.db)
        }
        let response = try await req.view.render("Core/import", page(req, council, checked: true, written: written, rows: rows)).encodeResponse(for: req)
        if written == nil { response.status = .unprocessableEntity }
        return response
    }
}
