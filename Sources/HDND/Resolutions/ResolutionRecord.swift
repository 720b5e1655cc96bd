import Fluent
import SQLKit

extension Resolution: FormEditable {
    public static var kind: RecordKind { .resolution }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { (symbol ?? "dự thảo không được thông qua") + " — " + String(title.prefix(80)) }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "sessionID": sessionID.map(String.init) ?? "", "series": series.rawValue, "year": String(year),
         "number": number.map(String.init) ?? "", "title": title, "field": field, "adoptedOn": adoptedOn, "effectiveOn": effectiveOn ?? "",
         "endsOn": endsOn ?? "", "signedBy": signedBy ?? "", "signerTitle": signerTitle ?? "", "text": text ?? "", "recipients": recipients ?? "", "votesFor": String(votesFor), "votesAgainst": String(votesAgainst),
         "votesAbstaining": String(votesAbstaining), "votesNotVoting": String(votesNotVoting), "delegates": String(delegates),
         "present": present.map(String.init) ?? "", "adopted": adopted ? "true" : "false"]
    }
    public var searchText: (title: String, detail: String)? {
        ("\(heading): \(title)", "Nghị quyết · \(series.label) · thông qua ngày \(VietnameseFormat.date(adoptedOn))")
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> Resolution {
        let r = Resolution()
        r.sessionID = query.id("session", "sessionID")
        let session = try await r.sessionID.asyncMap { try await CouncilSession.find($0, on: db) } ?? nil
        r.councilID = session?.councilID ?? query.id("council", "councilID") ?? 0
        r.unitID = try await Council.find(r.councilID, on: db)?.unitID ?? 0
        r.series = .individual; r.title = ""; r.field = "other"
        r.adoptedOn = session?.endedOn ?? session?.closesOn ?? session?.opening ?? Day.today().description
        r.year = Day(r.adoptedOn)?.year ?? Day.today().year
        r.votesFor = 0; r.votesAgainst = 0; r.votesAbstaining = 0; r.votesNotVoting = 0
        r.delegates = try await SessionAttendance.total(termID: session?.termID, on: session?.opening ?? r.adoptedOn, db: db)
        r.adopted = false; r.folded = ""; r.version = 0
        return r
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        let sessions = try await CouncilSession.query(on: db).filter(\.$councilID == councilID).sort(\.$opensOn, .descending).limit(40).all()
        let links = try await ResolutionLinks.touching(id ?? 0, db: db).filter { $0.from_id == id }
        let targets = try await Resolution.query(on: db).filter(\.$id ~~ links.map(\.to_id)).all()
        func typed(_ relation: ResolutionRelation) -> String {
            links.filter { $0.relation == relation }.compactMap { l in targets.first { $0.id == l.to_id } }
                .compactMap { t in t.symbol.map { t.series == .individual ? "\($0) (\(t.year))" : $0 } }.joined(separator: "; ")
        }
        b.section("Nghị quyết")
        b.select("sessionID", "Kỳ họp thông qua", sessionID.map(String.init),
                 options: sessions.map { (String($0.id!), "\($0.title) (khai mạc \(VietnameseFormat.date($0.opening)))") }, required: false,
                 blank: "— Không thông qua tại kỳ họp —")
        b.select("series", "Loại nghị quyết", series.rawValue, options: ResolutionSeries.allCases.map { ($0.rawValue, $0.label) })
        b.text("number", "Số", number.map(String.init), hint: "Để trống: cấp số tiếp theo của năm khi nghị quyết được thông qua. Chỉ ghi số với nghị quyết đã ban hành trước đây.",
               type: "number")
        b.textarea("title", "Trích yếu", title, required: true)
        b.select("field", "Lĩnh vực", field, options: ResolutionFields.all)
        b.day("adoptedOn", "Ngày thông qua", adoptedOn, required: true)
        b.day("effectiveOn", "Ngày có hiệu lực", effectiveOn)
        b.day("endsOn", "Ngày hết hiệu lực", endsOn)
        b.section("Biểu quyết", hint: "Thông qua khi quá nửa tổng số đại biểu HĐND tán thành (\(ResolutionVote.legalBasis)).")
        b.text("delegates", "Tổng số đại biểu HĐND", String(delegates), required: true, type: "number")
        b.text("present", "Số đại biểu có mặt", present.map(String.init), hint: "Để trống: lấy theo điểm danh của kỳ họp, nếu đã điểm danh", type: "number")
        b.text("votesFor", "Tán thành", String(votesFor), required: true, type: "number")
        b.text("votesAgainst", "Không tán thành", String(votesAgainst), required: true, type: "number")
        b.text("votesAbstaining", "Không biểu quyết", String(votesAbstaining), required: true, type: "number")
        b.text("votesNotVoting", "Có mặt nhưng không tham gia biểu quyết", String(votesNotVoting), required: true, type: "number")
        b.section("Liên quan đến nghị quyết trước", hint: "Ghi số, ký hiệu, cách nhau bằng dấu chấm phẩy; nghị quyết cá biệt ghi thêm năm, ví dụ 12/NQ-HĐND (2021).")
        for relation in ResolutionRelation.allCases { b.text(relation.rawValue, relation.label, typed(relation)) }
        b.section("Văn bản", hint: "Để tải nghị quyết dưới dạng Word theo thể thức Nghị định 30/2020/NĐ-CP.")
        b.textarea("text", "Toàn văn", text, hint: "Mỗi đoạn một dòng: các căn cứ, dòng “QUYẾT NGHỊ:”, rồi “Điều 1. …”, “Điều 2. …”. "
                   + "Câu “Nghị quyết này đã được … thông qua” do hệ thống ghi theo kỳ họp.")
        Self.signature.add(&b, signer: signedBy, title: signerTitle, recipients: recipients)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        var session: CouncilSession? = nil
        if let raw = input["sessionID"], !raw.isEmpty {
            session = try await Int(raw).asyncMap { try await CouncilSession.find($0, on: db) } ?? nil
            if session == nil { v.fail("sessionID", "Không tìm thấy kỳ họp đã chọn.") }
        }
        let council = try await DirectoryLookup.council(session.map { String($0.councilID) } ?? input["councilID"], field: "councilID", &v, on: db)
        if let session, let council, session.councilID != council.id { v.fail("sessionID", "Kỳ họp không thuộc Hội đồng này.") }
        let series = v.choice("series", "Loại nghị quyết", input["series"], as: ResolutionSeries.self)
        let title = v.text("title", "Trích yếu", input["title"], max: 1000)
        let field = v.choice("field", "Lĩnh vực", input["field"], among: ResolutionFields.all.map(\.0))
        let adopted = v.dayValue("adoptedOn", "Ngày thông qua", input["adoptedOn"], required: true)
        try await CouncilEnd.check(council, day: adopted?.description, field: "adoptedOn", &v, on: db)
        if let adopted, adopted > Day.today() { v.fail("adoptedOn", "Ngày thông qua không thể sau hôm nay.") }
        if let adopted, let session, adopted.description < session.opening {
            v.fail("adoptedOn", "Ngày thông qua không thể trước ngày khai mạc kỳ họp (\(VietnameseFormat.date(session.opening))).")
        }
        let effective = v.day("effectiveOn", "Ngày có hiệu lực", input["effectiveOn"])
        v.order(adopted?.description, effective, field: "effectiveOn", "Ngày có hiệu lực không thể trước ngày thông qua.")
        let expires = v.day("endsOn", "Ngày hết hiệu lực", input["endsOn"])
        v.order(effective ?? adopted?.description, expires, field: "endsOn", "Ngày hết hiệu lực phải sau ngày có hiệu lực.")
        let (signedBy, signerTitle, recipients) = Self.signature.read(input, &v)
        let text = v.optionalText("text", "Toàn văn", input["text"], max: 200_000)
        let delegates = v.int("delegates", "Tổng số đại biểu HĐND", input["delegates"], range: 1...1000)
        var present = v.int("present", "Số đại biểu có mặt", input["present"], range: 0...1000, required: false)
        if present == nil, let session {
            let counts = SessionAttendance.counts(try await SessionAttendance.marks(sessionID: session.id!, db: db))
            if counts.recorded > 0 { present = counts.present }
        }
        let votes = [("votesFor", "Tán thành"), ("votesAgainst", "Không tán thành"), ("votesAbstaining", "Không biểu quyết"),
                     ("votesNotVoting", "Không tham gia biểu quyết")].map { v.int($0.0, $0.1, input[$0.0] ?? "0", range: 0...1000) }
        var vote: ResolutionVote? = nil
        if let delegates, let inFavour = votes[0], let against = votes[1], let abstaining = votes[2], let notVoting = votes[3] {
            vote = ResolutionVote(inFavour: inFavour, against: against, abstaining: abstaining, notVoting: notVoting, delegates: delegates, present: present)
            for p in vote!.problems() { v.fail(p.field, p.message) }
        }
        // A number, once given, stays with its series and year and its adoption.
        let year = adopted?.year
        if number != nil, id != nil {
            if series != self.series || (year != nil && year != self.year) { v.fail("series", "Nghị quyết đã cấp số \(symbol!): không đổi được loại hoặc năm.") }
            if vote?.adopted == false { v.fail("votesFor", "Nghị quyết đã cấp số \(symbol!): kết quả biểu quyết phải là thông qua.") }
        }
        var number = self.number
        if let raw = input["number"], !raw.isEmpty {
            number = v.int("number", "Số", raw, range: 1...99_999)
            if vote?.adopted == false { v.fail("number", "Nghị quyết không được thông qua thì không có số.") }
            if let n = number, let series, let year, let council, n != self.number,
               let other = try await Resolution.query(on: db).withDeleted().filter(\.$councilID == council.id!).filter(\.$series == series)
                .filter(\.$year == year).filter(\.$number == n).first(), other.id != id {
                v.fail("number", "Số \(series.symbol(number: n, year: year)) năm \(year) đã cấp cho nghị quyết “\(other.title.prefix(60))”.")
            }
        }
        var links: [(ResolutionRelation, Int)] = []
        if let council {
            for relation in ResolutionRelation.allCases {
                links += try await ResolutionLinks.resolve(input[relation.rawValue], relation: relation, councilID: council.id!,
                                                           adoptedOn: adopted?.description, selfID: id, &v, db: db).map { (relation, $0) }
            }
            if Set(links.map(\.1)).count < links.count { v.fail("amends", "Một nghị quyết chỉ ghi ở một mối liên hệ.") }
        }
        try v.check()
        councilID = council!.id!; unitID = council!.unitID; sessionID = session?.id
        self.series = series!; self.year = year!; self.number = number; self.title = title; self.field = field!
        adoptedOn = adopted!.description; effectiveOn = effective; endsOn = expires
        self.signedBy = signedBy; self.signerTitle = signerTitle; self.text = text; self.recipients = recipients
        votesFor = vote!.inFavour; votesAgainst = vote!.against; votesAbstaining = vote!.abstaining; votesNotVoting = vote!.notVoting
        self.delegates = vote!.delegates; self.present = vote!.present; self.adopted = vote!.adopted
        pendingLinks = links
        folded = fold("\(symbol ?? "") \(title) \(ResolutionFields.label(field!)) \(signedBy ?? "")")
    }

    static let signature = CouncilDocument.SignatureFields(signer: "signedBy")

    static func highestUsed(councilID: Int, series: ResolutionSeries, year: Int) -> SQLQueryString {
        "SELECT MAX(number) FROM resolutions WHERE council_id = \(bind: councilID) AND series = \(bind: series.rawValue) AND year = \(bind: year)"
    }

    /// Numbers an adopted resolution (the next of its series and year, or the one typed) and writes its links, in the
    /// writing transaction.
    func numberAndLink(on db: any Database) async throws {
        let highest = Self.highestUsed(councilID: councilID, series: series, year: year)
        if adopted, number == nil {
            number = try await RegisterNumbers.take(register: series.register, councilID: councilID, year: year, highestUsed: highest, on: db)
            folded = fold("\(symbol ?? "") \(title) \(ResolutionFields.label(field)) \(signedBy ?? "")")
            try await update(on: db)
        } else if let number {
            try await RegisterNumbers.noteUsed(number, register: series.register, councilID: councilID, year: year, highestUsed: highest, on: db)
        }
        if let links = pendingLinks { try await ResolutionLinks.replace(from: id!, with: links, db: db) }
    }

    public func afterInsert(actor: Actor?, on db: any Database) async throws { try await numberAndLink(on: db) }
    public func afterSave(actor: Actor?, on db: any Database) async throws { try await numberAndLink(on: db) }
    /// Deleted or restored, its links stop or start counting for the resolutions it bears on.
    public func afterWrite(on db: any Database) async throws { try await ResolutionLinks.recomputeTargets(of: id!, db: db) }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.resolution.path(id!) }
}
