import Fluent
import Foundation
@testable import HDND
import Testing
import Vapor
import VaporTesting
import ZIPFoundation

/// Documents: the type read from the content, the size limit, nothing stored when refused, the Vietnamese name kept on
/// download, internal ones kept from the public, and a backup that brings back records and files alike.
@Suite struct DocumentTests {
    static let pdf = Array("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n".utf8)

    static func zip(_ entries: [String: String]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in entries.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), provider: { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            })
        }
        return Array(archive.data!)
    }

    @Test func typesFromTheContent() throws {
        #expect(DocumentKind.sniff(Self.pdf) == .pdf)
        #expect(DocumentKind.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        #expect(DocumentKind.sniff(try Self.zip(["[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"])) == .docx)
        #expect(DocumentKind.sniff(try Self.zip(["[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"])) == .xlsx)
        #expect(DocumentKind.sniff(try Self.zip(["mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"])) == .odt)
        #expect(DocumentKind.sniff(try Self.zip(["a.txt": "not an office file"])) == nil)
        #expect(DocumentKind.sniff(Array("<html>%PDF-".utf8)) == nil)
        #expect(Documents.disposition("Nghị quyết số 01.pdf") == "attachment; filename=\"nghi quyet so 01.pdf\"; filename*=UTF-8''Ngh%E1%BB%8B%20quy%E1%BA%BFt%20s%E1%BB%91%2001.pdf")
        #expect(Documents.cleanName("../../etc/passwd") == "passwd" && Documents.cleanName("C:\\tài liệu\\Báo cáo.docx") == "Báo cáo.docx")
    }

    /// A multipart form as a browser sends it, with the session's token.
    static func upload(_ v: inout Visitor, _ fields: [String: String], file: (name: String, bytes: [UInt8])) async throws -> TestingHTTPResponse {
        if v.csrf == nil { try await v.get("/dang-nhap") }
        let boundary = "----hdnd\(UUID().uuidString)"
        var body = ByteBuffer()
        for (k, value) in fields.merging(["_csrf": v.csrf ?? ""]) { a, _ in a } {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(file.bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var h = HTTPHeaders()
        h.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        if let c = v.cookieHeader { h.add(name: .cookie, value: c) }
        let res = try await v.app.testing().sendRequest(.POST, "/tai-lieu", headers: h, body: body)
        v.remember(res)
        return res
    }

    @Test(arguments: TestDB.all) func uploadDownloadAndBackUp(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            #expect(try await office.post("/ky-hop", ["councilID": "\(hbt.id!)", "number": "7", "kind": "thematic", "opensOn": "20/11/2026",
                                                     "isPublic": "true"]).status == .seeOther)
            let session = try #require(try await CouncilSession.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            let files = app.config.filesDirectory
            func stored() -> Int { (FileManager.default.enumerator(atPath: files)?.allObjects as? [String] ?? []).filter { $0.count > 3 }.count }

            // Refused: a text file named .pdf; one over the limit; nothing stored either time.
            var res = try await Self.upload(&office, ["recordType": "session", "recordID": "\(session.id!)"], file: ("Tờ trình.pdf", Array("xin chào".utf8)))
            #expect(res.status == .unprocessableEntity && res.body.string.contains("nội dung tệp này không thuộc loại nào"))
            var small = app.config
            small.documentMaxBytes = 16
            app.config = small
            res = try await Self.upload(&office, ["recordType": "session", "recordID": "\(session.id!)"], file: ("Tờ trình.pdf", Self.pdf))
            #expect(res.status == .unprocessableEntity && res.body.string.contains("lớn hơn giới hạn"))
            small.documentMaxBytes = 50 * 1024 * 1024
            app.config = small
            #expect(try await Document.query(on: app.db).count() == 0 && stored() == 0)

            // Stored: an internal PDF with a Vietnamese name, a public Word file.
            res = try await Self.upload(&office, ["recordType": "session", "recordID": "\(session.id!)"], file: ("Tờ trình số 12.pdf", Self.pdf))
            #expect(res.status == .seeOther)
            let docx = try Self.zip(["[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"])
            res = try await Self.upload(&office, ["recordType": "session", "recordID": "\(session.id!)", "isPublic": "true"], file: ("Chương trình kỳ họp.docx", docx))
            #expect(res.status == .seeOther)
            let docs = try await Document.query(on: app.db).sort(\.$id).all()
            #expect(docs.map(\.kind) == [.pdf, .docx] && docs.map(\.isPublic) == [false, true] && stored() == 2)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$recordType == "session").filter(\.$recordID == session.id!).count() == 3)

            // Downloaded under its own name; the internal one only by those who read the council's internal records.
            res = try await office.get("/tai-lieu/\(docs[0].id!)")
            #expect(res.status == .ok && Array(res.body.readableBytesView) == Self.pdf)
            #expect(res.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''T%E1%BB%9D%20tr%C3%ACnh%20s%E1%BB%91%2012.pdf") == true)
            var anonymous = Visitor(app)
            #expect(try await anonymous.get("/tai-lieu/\(docs[0].id!)").status == .unauthorized)
            #expect(try await anonymous.get("/tai-lieu/\(docs[1].id!)").status == .ok)
            let page = try await anonymous.get("/ky-hop/\(session.id!)").body.string
            #expect(page.contains("Chương trình kỳ họp.docx") && !page.contains("Tờ trình số 12.pdf"))
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await Self.upload(&other, ["recordType": "session", "recordID": "\(session.id!)"], file: ("x.pdf", Self.pdf)).status == .forbidden)

            // A backup brings back the records and the files into an empty data folder.
            guard db == .sqlite else { return }
            let folder = try await Backup.make(config: app.config, db: app.db)
            var restored = app.config
            restored.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("hdnd-restore-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: restored.dataDirectory) }
            try Backup.restore(from: folder, config: restored, replace: false)
            #expect(throws: Backup.BackupError.self) { try Backup.restore(from: folder, config: restored, replace: false) }
            let second = try await Application.make(.testing)
            do {
                try await configure(second, config: restored)
                let back = try await Document.query(on: second.db).sort(\.$id).all()
                #expect(back.map(\.fileName) == ["Tờ trình số 12.pdf", "Chương trình kỳ họp.docx"])
                #expect(FileManager.default.contents(atPath: Documents.path(back[0].sha256, config: restored)).map { Array($0) } == Self.pdf)
                #expect(try await CouncilSession.find(session.id, on: second.db)?.number == 7)
            } catch { try? await second.asyncShutdown(); throw error }
            try await second.asyncShutdown()
        }
    }

    /// Agenda items, standing meetings, programs and dialogues have documents too; an item's are on its session's page,
    /// read for all items at once, internal ones only for the council's own people.
    @Test(arguments: TestDB.all) func documentsOfAgendaItemsAndPrograms(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            #expect(try await office.post("/ky-hop", ["councilID": "\(hbt.id!)", "number": "7", "kind": "thematic", "opensOn": "20/11/2026",
                                                     "isPublic": "true"]).status == .seeOther)
            let session = try #require(try await CouncilSession.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            #expect(try await office.post("/noi-dung-ky-hop", ["sessionID": "\(session.id!)", "position": "1", "kind": "draftResolution",
                                                              "title": "Dự thảo nghị quyết về chỉnh trang vỉa hè"]).status == .seeOther)
            let item = try #require(try await AgendaItem.query(on: app.db).filter(\.$sessionID == session.id!).first())
            #expect(try await Self.upload(&office, ["recordType": "agendaItem", "recordID": "\(item.id!)", "isPublic": "true"],
                                          file: ("Dự thảo nghị quyết.pdf", Self.pdf)).status == .seeOther)
            #expect(try await Self.upload(&office, ["recordType": "agendaItem", "recordID": "\(item.id!)"],
                                          file: ("Báo cáo thẩm tra (nội bộ).pdf", Self.pdf)).status == .seeOther)
            #expect(try await Self.upload(&office, ["recordType": "session", "recordID": "\(session.id!)", "isPublic": "true"],
                                          file: ("Tờ trình kỳ họp.pdf", Self.pdf)).status == .seeOther)
            var page = try await office.get("/ky-hop/\(session.id!)").body.string
            #expect(page.contains("Dự thảo nghị quyết.pdf") && page.contains("Báo cáo thẩm tra (nội bộ).pdf") && page.contains("id=\"tep-\(item.id!)\""))
            // The session's and its items' documents are read together, each shown once, with its own record (the upload's
            // message, shown once, gone).
            page = try await office.get("/ky-hop/\(session.id!)").body.string
            let shown = { (name: String) in page.components(separatedBy: name).count - 1 }
            #expect(shown("Tờ trình kỳ họp.pdf") == 1 && shown("Dự thảo nghị quyết.pdf") == 1)
            let itemPart = page.components(separatedBy: "<tr>").first { $0.contains("id=\"tep-\(item.id!)\"") } ?? ""
            #expect(itemPart.contains("Dự thảo nghị quyết.pdf") && !itemPart.contains("Tờ trình kỳ họp.pdf"))
            var citizen = Visitor(app)
            page = try await citizen.get("/ky-hop/\(session.id!)").body.string
            #expect(page.contains("Dự thảo nghị quyết.pdf") && !page.contains("Báo cáo thẩm tra (nội bộ).pdf") && !page.contains("id=\"tep-"))
            // A coordination program's document; another council's office cannot add one.
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            let program = try #require(try await CoordinationProgram.query(on: app.db).filter(\.$councilID == hk.id!).first())
            #expect(try await Self.upload(&office, ["recordType": "coordinationProgram", "recordID": "\(program.id!)"],
                                          file: ("Chương trình.pdf", Self.pdf)).status == .forbidden)
            #expect(try await Document.query(on: app.db).count() == 3)
        }
    }
}
