import Fluent
@testable import HDND
import Testing
import VaporTesting

/// Resolutions and notices of conclusions as Word documents in the Decree 30/2020 layout, read back with python-docx.
@Suite struct OfficialDocumentTests {
    @Test func aResolutionsTextKeepsItsArticles() {
        #expect(ResolutionDocument.article(.paragraph("Điều 2. Giao Ủy ban nhân dân phường tổ chức thực hiện.")).lead == ["Điều 2.", "Giao Ủy ban nhân dân phường tổ chức thực hiện."])
        #expect(ResolutionDocument.article(.paragraph("Quyết nghị:")).centered == "QUYẾT NGHỊ:")
        // Only "Điều" and a number with its dot opens an article.
        #expect(ResolutionDocument.article(.paragraph("Điều chỉnh kế hoạch năm 2026.")).lead == nil)
        #expect(CouncilDocument.abstract("Nghị quyết về dự toán ngân sách năm 2027", kind: "NGHỊ QUYẾT") == "Về dự toán ngân sách năm 2027")
        #expect(CouncilDocument.fullName("HĐND phường Hai Bà Trưng") == "Hội đồng nhân dân phường Hai Bà Trưng")
    }

    @Test(arguments: TestDB.all) func aResolutionInWord(_ db: TestDB) async throws {
        try await withTestApp(db, currentRecords: true) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let r = try #require(try await Resolution.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$series == .normative).first())
            let session = try #require(try await CouncilSession.find(r.sessionID, on: app.db))
            let term = try #require(try await Term.find(session.termID, on: app.db))
            // Public, like the resolution: anyone reads its page with the text, and downloads it.
            var citizen = Visitor(app)
            let page = try await citizen.get("/nghi-quyet/\(r.id!)").body.string
            #expect(page.contains("Toàn văn") && page.contains("<p>Điều 2. Giao Ủy ban nhân dân phường tổ chức thực hiện Nghị quyết.</p>")
                    && page.contains("/nghi-quyet/\(r.id!)/van-ban.docx") && page.contains("Lê Minh Đức — Chủ tịch"))
            let res = try await citizen.get("/nghi-quyet/\(r.id!)/van-ban.docx")
            #expect(res.status == .ok && res.headers.contentType?.subType == "vnd.openxmlformats-officedocument.wordprocessingml.document")
            guard let doc = try DocxReader.read(Array(res.body.readableBytesView)) else { return }
            DocxReader.expectDecree30Layout(doc)
            let header = DocxReader.header(doc)
            try #require(header.count == 2)
            #expect(header[0].paragraphs.prefix(2).map(\.text) == ["HỘI ĐỒNG NHÂN DÂN", "PHƯỜNG HAI BÀ TRƯNG"])
            #expect(header[0].text.contains("Số: \(r.symbol!)") && r.symbol!.hasSuffix("/\(r.year)/NQ-HĐND"))
            let adopted = try #require(Day(r.adoptedOn))
            #expect(header[1].text.contains("Hai Bà Trưng, ngày \(Day.digits(adopted.day, 2)) tháng "))
            #expect(doc.paragraphs.contains { $0.text == "NGHỊ QUYẾT" && $0.runs.allSatisfy(\.bold) })
            #expect(doc.paragraphs.contains { $0.text == "Quy định mức chi hỗ trợ hoạt động của tổ dân phố" })
            let sitting = "KHÓA \(RomanNumeral.string(term.ordinal)), \(session.title.uppercased())"
            #expect(doc.paragraphs.contains { $0.text == sitting && $0.align?.contains("CENTER") == true })
            let decides = try #require(doc.paragraphs.first { $0.text == "QUYẾT NGHỊ:" })
            #expect(decides.runs.allSatisfy(\.bold) && decides.align?.contains("CENTER") == true)
            let article = try #require(doc.paragraphs.first { $0.text.hasPrefix("Điều 1.") })
            #expect(article.runs.first?.text == "Điều 1." && article.runs.first?.bold == true && article.runs.last?.bold == false)
            #expect(article.align?.contains("JUSTIFY") == true && (article.first_line_mm ?? 0) >= 10)
            let effective = VietnameseFormat.longDate(try #require(r.effectiveOn))
            #expect(doc.paragraphs.contains { $0.text == "Nghị quyết này đã được Hội đồng nhân dân phường Hai Bà Trưng khóa \(RomanNumeral.string(term.ordinal)), "
                                                + "\(session.title.lowercased()) thông qua \(VietnameseFormat.longDate(r.adoptedOn)) và có hiệu lực từ \(effective)." })
            let signature = DocxReader.signature(doc)
            // The chair signs a resolution himself: no "TM." line.
            #expect(signature[1].paragraphs.first?.text == "CHỦ TỊCH" && signature[1].paragraphs.last?.text == "Lê Minh Đức")
            #expect(!signature[1].text.contains("TM.") && signature[0].text.contains("- Thường trực HĐND thành phố;") && signature[0].text.contains("- Lưu: VT."))
        }
    }

    @Test(arguments: TestDB.all) func aNoticeOfConclusionsInWord(_ db: TestDB) async throws {
        try await withTestApp(db, currentRecords: true) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let m = try #require(try await StandingMeeting.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$noticeNumber != nil).first())
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let page = try await office.get("/phien-hop-thuong-truc/\(m.id!)").body.string
            #expect(page.contains("/phien-hop-thuong-truc/\(m.id!)/thong-bao.docx") && page.contains("Lê Minh Đức — Chủ tịch"))
            let res = try await office.get("/phien-hop-thuong-truc/\(m.id!)/thong-bao.docx")
            #expect(res.status == .ok)
            if let doc = try DocxReader.read(Array(res.body.readableBytesView)) {
                DocxReader.expectDecree30Layout(doc)
                let header = DocxReader.header(doc)
                try #require(header.count == 2)
                #expect(header[0].text.contains("HĐND PHƯỜNG HAI BÀ TRƯNG") && header[0].text.contains("THƯỜNG TRỰC HĐND")
                        && header[0].text.contains("Số: \(VietnameseFormat.serial(m.noticeNumber!))/TB-HĐND"))
                #expect(header[1].text.contains("Hai Bà Trưng, \(VietnameseFormat.longDate(m.noticedOn!))"))
                #expect(doc.paragraphs.contains { $0.text == "THÔNG BÁO" })
                #expect(doc.paragraphs.contains { $0.text == "Kết luận của Thường trực HĐND tại phiên họp ngày \(VietnameseFormat.date(m.heldOn))" })
                #expect(doc.paragraphs.contains { $0.text == "Giao Văn phòng hoàn thiện tài liệu kỳ họp trước ngày khai mạc 10 ngày." })
                #expect(doc.paragraphs.contains { $0.text == "Đề nghị UBND phường báo cáo tiến độ xử lý công trình vi phạm." })
                let signature = DocxReader.signature(doc)
                #expect(signature[1].text.contains("TM. THƯỜNG TRỰC HĐND") && signature[1].text.contains("CHỦ TỊCH") && signature[1].text.contains("Lê Minh Đức"))
                #expect(signature[0].text.contains("- Các Ban HĐND phường;"))
            }
            // Internal, like the meeting: not for citizens nor another ward; no notice without conclusions.
            var citizen = Visitor(app)
            #expect(try await citizen.get("/phien-hop-thuong-truc/\(m.id!)/thong-bao.docx").status != .ok)
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await other.get("/phien-hop-thuong-truc/\(m.id!)/thong-bao.docx").status == .forbidden)
            #expect(try await office.post("/phien-hop-thuong-truc", ["councilID": "\(hbt.id!)", "kind": "regular", "heldOn": "05/11/2026",
                                                                     "agenda": "Chuẩn bị kỳ họp cuối năm"]).status == .seeOther)
            let bare = try #require(try await StandingMeeting.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$conclusions == nil).first())
            #expect(try await office.get("/phien-hop-thuong-truc/\(bare.id!)/thong-bao.docx").status == .notFound)
            #expect(!(try await office.get("/phien-hop-thuong-truc/\(bare.id!)").body.string.contains("thong-bao.docx")))
        }
    }

    @Test(arguments: TestDB.all) func anOversightPlanInWord(_ db: TestDB) async throws {
        #expect(OversightPlanDocument.reference("Kế hoạch số 12/KH-HĐND ngày 05/11/2026") == "12/KH-HĐND")
        #expect(OversightPlanDocument.reference("Quyết định thành lập đoàn") == nil)
        try await withTestApp(db, currentRecords: true) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let o = try #require(try await Oversight.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$kind == .survey).first())
            let committee = try #require(try await Body.find(o.bodyID, on: app.db))
            // Public, like the oversight.
            var citizen = Visitor(app)
            #expect(try await citizen.get("/giam-sat/\(o.id!)").body.string.contains("/giam-sat/\(o.id!)/ke-hoach.docx"))
            let res = try await citizen.get("/giam-sat/\(o.id!)/ke-hoach.docx")
            #expect(res.status == .ok)
            guard let doc = try DocxReader.read(Array(res.body.readableBytesView)) else { return }
            DocxReader.expectDecree30Layout(doc)
            let header = DocxReader.header(doc)
            try #require(header.count == 2)
            #expect(header[0].text.contains("HĐND PHƯỜNG HAI BÀ TRƯNG") && header[0].text.contains(committee.name.uppercased()) && header[0].text.contains("/KH-HĐND"))
            #expect(doc.paragraphs.contains { $0.text == "KẾ HOẠCH" } && doc.paragraphs.contains { $0.text == "Khảo sát công tác bảo đảm an toàn thực phẩm tại các trường học" })
            #expect(doc.paragraphs.contains { $0.text == "Các trường mầm non, tiểu học trên địa bàn phường." })
            // The timetable: each step's due day as the rules set it.
            let notice = try #require(o.steps().first { $0.step == .oversightNotice }?.due)
            #expect(doc.tables.contains { t in t.contains { row in row.count == 3 && row[0].text == "Thông báo nội dung, kế hoạch giám sát đến đối tượng"
                                                              && row[1].text == VietnameseFormat.date(notice.description) } })
            let signature = DocxReader.signature(doc)
            #expect(signature[1].text.contains("TM. \(committee.name.uppercased())") && signature[1].text.contains("TRƯỞNG BAN"))
        }
    }
}

extension OfficialDocument.Block {
    var lead: [String]? { if case .lead(let a, let b) = self { [a, b] } else { nil } }
    var centered: String? { if case .centered(let t) = self { t } else { nil } }
}
