import Fluent
import Vapor

/// Uploading a document to a record, downloading it under its own (Vietnamese) name, removing it.
struct DocumentsController {
    func register(_ app: any RoutesBuilder, signedIn: any RoutesBuilder, maxBytes: Int) {
        // The form's other fields and the multipart framing come on top of the file itself.
        signedIn.upload(["tai-lieu"], maxBytes: maxBytes + 1024 * 1024, use: upload)
        app.get("tai-lieu", ":id", use: download)
        signedIn.post("tai-lieu", ":id", "xoa", use: remove)
    }

    struct Upload: Content { var file: File?; var recordType: String?; var recordID: String?; var isPublic: String?; var _csrf: String? }

    func upload(req: Request) async throws -> Response {
        let form = try req.content.decode(Upload.self)
        var v = Validator()
        let kind = v.choice("recordType", "Loại hồ sơ", form.recordType, as: RecordKind.self)
        let id = v.int("recordID", "Hồ sơ", form.recordID, range: 1...Int(Int32.max))
        if let kind, !Documents.kinds.contains(kind) { v.fail("recordType", "Loại hồ sơ này không có tài liệu đính kèm.") }
        try v.check()
        let file = form.file
        let bytes = file.map { Array($0.data.readableBytesView) } ?? []
        let doc = try await Documents.attach(bytes, fileName: file?.filename ?? "", recordType: kind!, recordID: id!,
                                             isPublic: form.isPublic == "true", actor: req.actor, config: req.application.config, db: req.db)
        req.flash("success", "Đã tải lên tài liệu \(doc.fileName).")
        return req.redirect(to: kind!.path(id!) + "#tai-lieu")
    }

    func download(req: Request) async throws -> Response {
        guard let doc = try await Document.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        guard try await Documents.mayRead(doc, actor: req.actor, db: req.db) else { throw Abort(req.actor == nil ? .unauthorized : .forbidden) }
        let path = Documents.path(doc.sha256, config: req.application.config)
        guard FileManager.default.fileExists(atPath: path) else { throw Abort(.notFound, reason: "Tệp của tài liệu này không còn trên máy chủ.") }
        let response = try await req.fileio.asyncStreamFile(at: path)
        response.headers.contentType = HTTPMediaType(type: String(doc.kind.contentType.split(separator: "/")[0]),
                                                     subType: String(doc.kind.contentType.split(separator: "/")[1]))
        response.headers.replaceOrAdd(name: .contentDisposition, value: Documents.disposition(doc.fileName))
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    func remove(req: Request) async throws -> Response {
        guard let doc = try await Document.find(req.parameters.get("id", as: Int.self), on: req.db) else { throw Abort(.notFound) }
        try await Documents.remove(doc, actor: req.actor, db: req.db)
        req.flash("success", "Đã xóa tài liệu \(doc.fileName).")
        return req.redirect(to: (RecordKind(rawValue: doc.recordType)?.path(doc.recordID) ?? "/") + "#tai-lieu")
    }
}
