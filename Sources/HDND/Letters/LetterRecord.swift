import Fluent
import SQLKit

extension Letter: FormEditable {
    public static var kind: RecordKind { .letter }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { "Đơn số \(registerNumber)" }
    public var visibility: Place.Visibility { .internalRecord }
    public var forwardedTo: Int? { agencyID }
    /// Never the senders: their identity stays out of the audit.
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "number": registerNumber, "receivedOn": receivedOn, "channel": channel.rawValue,
         "kind": kind.rawValue, "content": content, "anonymous": anonymous ? "có" : "không",
         "eligible": eligible.map { $0 ? "có" : "không" } ?? "", "decision": decision?.rawValue ?? "",
         "agencyID": agencyID.map(String.init) ?? "", "acceptedOn": acceptedOn ?? "", "round": String(round),
         "complainedDecisionOn": complainedDecisionOn ?? "", "suspendedOn": suspendedOn ?? "", "resumedOn": resumedOn ?? "",
         "complex": complex ? "có" : "không", "remoteArea": remoteArea ? "có" : "không", "severalPlaces": severalPlaces ? "có" : "không",
         "delegatedVerification": delegatedVerification ? "có" : "không",
         "complexityNote": complexityNote ?? "", "complexityDecidedBy": complexityDecidedBy ?? "",
         "complexityCriteria": complexityCriteria ?? "", "complexityFindingNumber": complexityFindingNumber ?? "",
         "complexityFindingDate": complexityFindingDate ?? "",
         "extensions": String(extensions), "extensionNote": extensionNote ?? "", "extensionDecidedBy": extensionDecidedBy ?? "", "outcome": outcome.rawValue, "closedOn": closedOn ?? "",
         "forwardedOn": forwardedOn ?? "", "noticeSentOn": noticeSentOn ?? "", "suspensionSentOn": suspensionSentOn ?? "",
         "resumptionSentOn": resumptionSentOn ?? "", "decisionSentOn": decisionSentOn ?? "",
         "dialogueOn": dialogueOn ?? "", "dialogueNotifiedOn": dialogueNotifiedOn ?? "", "resultResolvedOn": resultResolvedOn ?? "",
         "resultReceivedOn": resultReceivedOn ?? "", "citizenNotifiedOn": citizenNotifiedOn ?? "",
         "duplicateOfID": duplicateOfID.map(String.init) ?? "", "confidential": confidential ? "có" : "không"]
    }
    public var auditWarning: String? { kindChange.current }
    /// The content only: a sender's name is never searchable.
    public var searchText: (title: String, detail: String)? {
        (String(content.prefix(160)), "Đơn thư · \(kind.label) · \(displayName)")
    }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> Letter {
        let l = Letter()
        l.councilID = query.id("council", "councilID") ?? 0
        l.unitID = try await Council.find(l.councilID, on: db)?.unitID ?? 0
        let today = Day.today()
        l.year = today.year; l.number = 0; l.receivedOn = today.description; l.channel = .post; l.kind = .complaint
        l.content = ""; l.anonymous = false; l.round = 1; l.complex = false; l.remoteArea = false; l.severalPlaces = false; l.delegatedVerification = false
        l.extensions = 0; l.outcome = .pending; l.confidential = false; l.folded = ""; l.version = 0
        // Handed in at a reception: the visit's council, day, kind and matter.
        if let visitID = (query["visit"] ?? query["visitID"]).flatMap(Int.init), let visit = try await ReceptionVisit.find(visitID, on: db) {
            l.councilID = visit.councilID; l.unitID = visit.unitID; l.receivedOn = visit.date; l.year = Day(visit.date)?.year ?? today.year
            l.channel = .reception; l.kind = visit.kind; l.content = visit.topic; l.confidential = visit.confidential
            l.pendingVisit.set(visitID)
            // The visitor is the sender, unless the visit is confidential: then the clerk writes the name on the form.
            if !visit.confidential, let name = visit.visitorName { l.pendingSenders.set([(name, nil, nil)]) }
        }
        return l
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        let yesNo = [("true", "Có"), ("false", "Không")]
        b.hidden("councilID", String(councilID))
        if id == nil, let visit = pendingVisit.take() { b.hidden("visitID", String(visit)) }
        b.section("Tiếp nhận đơn")
        b.day("receivedOn", "Ngày nhận đơn", receivedOn, required: true)
        b.select("channel", "Nguồn đơn", channel.rawValue, options: FormBuilder.choices(LetterChannel.self) { $0.label })
        b.select("kind", "Loại đơn", kind.rawValue, options: FormBuilder.choices(LetterKind.self) { $0.label })
        b.text("duplicateOf", "Trùng với đơn số (cùng người gửi, cùng nội dung)", nil, hint: "Ví dụ 12/2026: đơn trùng được tính chung một vụ việc")
        b.textarea("content", "Nội dung đơn", content)
        if id == nil {
            b.section("Người gửi", hint: "Với đơn tố cáo, danh tính người tố cáo được giữ bí mật.")
            b.select("anonymous", "Đơn không ký tên (nặc danh)", anonymous ? "true" : "false", options: yesNo)
            b.text("senderName_1", "Người gửi 1: họ và tên", pendingSenders.current.first?.0)
            for i in 1...3 {
                if i > 1 { b.text("senderName_\(i)", "Người gửi \(i): họ và tên", nil) }
                b.text("senderAddress_\(i)", "Người gửi \(i): địa chỉ", nil)
                b.text("senderPhone_\(i)", "Người gửi \(i): điện thoại", nil)
            }
        }
        b.section("Phân loại, xử lý")
        b.select("eligible", "Đủ điều kiện xử lý", eligible.map { $0 ? "true" : "false" }, options: yesNo, required: false, blank: "— Chưa xem xét —")
        b.select("decision", "Hướng xử lý", decision?.rawValue, options: FormBuilder.choices(LetterDecision.self) { $0.label },
                 required: false, blank: "— Chưa quyết định —")
        let agencies = try await DirectoryQueries.agencies(forUnitID: unitID, db: db)
        b.select("agencyID", "Cơ quan có thẩm quyền", agencyID.map(String.init), options: agencies.map { (String($0.id), $0.name) },
                 required: false, blank: "— Không —")
        b.day("forwardedOn", "Ngày chuyển đơn", forwardedOn)
        b.day("acceptedOn", "Ngày thụ lý", acceptedOn)
        // Only what concerns the kind chosen is shown (app.js); every field stays in the form without script.
        let complaint = [LetterKind.complaint.rawValue], denunciation = [LetterKind.denunciation.rawValue]
        let cases = complaint + denunciation
        b.when("kind", is: denunciation) { b in
            b.day("noticeSentOn", "Ngày thông báo thụ lý, hoặc lý do không thụ lý, cho người tố cáo", noticeSentOn)
        }
        b.when("kind", is: complaint) { b in
            b.select("round", "Lần giải quyết", String(round), options: [("1", "Lần đầu"), ("2", "Lần hai")])
            b.day("complainedDecisionOn", "Ngày nhận được hoặc biết được quyết định, hành vi bị khiếu nại (lần hai: ngày nhận quyết định lần đầu)",
                  complainedDecisionOn)
        }
        b.when("kind", is: cases) { b in
            b.section("Tính chất vụ việc", hint: "Những điều kiện làm thời hạn dài hơn; xem trang Thời hạn luật định.")
            b.select("complex", "Vụ việc phức tạp", complex ? "true" : "false", options: yesNo)
            b.select("remoteArea", "Vùng sâu, vùng xa, đi lại khó khăn", remoteArea ? "true" : "false", options: yesNo)
        }
        b.when("kind", is: complaint) { b in
            b.checkboxes("complexityCriteria", "Khiếu nại nhận từ 01/07/2026: tiêu chí vụ việc phức tạp (chọn các tiêu chí có)",
                         Set(ComplexityCriterion.parse(complexityCriteria)?.map(\.rawValue) ?? []),
                         options: ComplexityCriterion.allCases.map { ($0.rawValue, "\($0.point)) \($0.label)") }, hint: ComplexityCriterion.legalBasis)
            b.text("complexityFindingNumber", "Số văn bản xác định vụ việc phức tạp", complexityFindingNumber, hint: "Bắt buộc với khiếu nại từ 01/07/2026 (Điều 3a khoản 2)")
            b.day("complexityFindingDate", "Ngày văn bản xác định vụ việc phức tạp", complexityFindingDate)
        }
        b.when("kind", is: cases) { b in
            b.textarea("complexityNote", "Lý do xác định vụ việc phức tạp", complexityNote, hint: "Khiếu nại nhận trước 01/07/2026 và đơn tố cáo")
            b.text("complexityDecidedBy", "Người quyết định vụ việc phức tạp", complexityDecidedBy, hint: "Họ tên, chức vụ; ví dụ: Nguyễn Văn A, Chủ tịch UBND quận")
        }
        b.when("kind", is: denunciation) { b in
            b.select("severalPlaces", "Cần xác minh ở nhiều địa điểm", severalPlaces ? "true" : "false", options: yesNo)
            b.select("delegatedVerification", "Việc xác minh được ủy quyền cho cơ quan khác", delegatedVerification ? "true" : "false",
                     options: yesNo, hint: "Nhiều địa điểm hoặc ủy quyền xác minh: thời hạn phân loại dài hơn (Luật Tố cáo, Điều 24 khoản 1)")
            b.text("extensions", "Số lần gia hạn", String(extensions), type: "number")
            b.text("extensionDecidedBy", "Người quyết định gia hạn", extensionDecidedBy, hint: "Họ tên, chức vụ")
            b.textarea("extensionNote", "Lý do gia hạn", extensionNote)
        }
        b.when("kind", is: complaint) { b in
            b.day("dialogueOn", "Ngày đối thoại", dialogueOn)
            b.day("dialogueNotifiedOn", "Ngày thông báo đối thoại (ít nhất 05 ngày trước ngày đối thoại)", dialogueNotifiedOn)
        }
        b.when("kind", is: cases) { b in
            b.section("Tạm đình chỉ", hint: "Thời gian tạm đình chỉ không tính vào thời hạn giải quyết.")
            b.day("suspendedOn", "Tạm đình chỉ giải quyết từ ngày", suspendedOn)
            b.day("suspensionSentOn", "Ngày gửi quyết định tạm đình chỉ", suspensionSentOn)
            b.day("resumedOn", "Tiếp tục giải quyết từ ngày (ngày quyết định tiếp tục)", resumedOn)
            b.day("resumptionSentOn", "Ngày gửi quyết định tiếp tục giải quyết", resumptionSentOn)
        }
        b.section("Kết quả")
        b.select("outcome", "Kết quả", outcome.rawValue, options: FormBuilder.choices(LetterOutcome.self) { $0.label })
        b.day("closedOn", "Ngày kết thúc (ngày ban hành quyết định giải quyết hoặc đình chỉ)", closedOn)
        b.when("kind", is: [LetterKind.complaint.rawValue]) { b in
            b.day("decisionSentOn", "Ngày gửi quyết định giải quyết hoặc đình chỉ", decisionSentOn)
        }
        b.section("Đơn đã chuyển: kết quả của cơ quan được chuyển")
        b.day("resultResolvedOn", "Ngày cơ quan được chuyển giải quyết xong (nếu biết)", resultResolvedOn)
        b.day("resultReceivedOn", "Ngày nhận thông báo kết quả của cơ quan được chuyển", resultReceivedOn)
        b.day("citizenNotifiedOn", "Ngày thông báo kết quả cho công dân", citizenNotifiedOn)
    }

    static func bool(_ raw: String?, _ field: String, _ label: String, _ v: inout Validator) -> Bool? {
        switch raw ?? "" {
        case "true", "on", "1": return true
        case "false", "0", "": return raw == nil || raw == "" ? nil : false
        default: v.fail(field, "\(label) không hợp lệ."); return nil
        }
    }

    public func apply(_ input: FormInput, on db: any Database) async throws { try await apply(input, actor: nil, on: db) }

    public func apply(_ input: FormInput, actor: Actor?, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let received = v.day("receivedOn", "Ngày nhận đơn", input["receivedOn"], required: true)
        try await CouncilEnd.check(council, day: received, field: "receivedOn", &v, on: db)
        let channel = v.choice("channel", "Nguồn đơn", input["channel"], as: LetterChannel.self)
        let kind = v.choice("kind", "Loại đơn", input["kind"], as: LetterKind.self)
        let content = v.text("content", "Nội dung đơn", input["content"], max: 20_000)
        let eligible = Self.bool(input["eligible"], "eligible", "Đủ điều kiện xử lý", &v)
        var decision: LetterDecision? = nil
        if let raw = input["decision"], !raw.isEmpty {
            decision = LetterDecision(rawValue: raw)
            if decision == nil { v.fail("decision", "Hướng xử lý không hợp lệ.") }
        }
        var agency: Int? = nil
        if let raw = input["agencyID"], !raw.isEmpty {
            if let id = Int(raw), try await Organization.find(id, on: db) != nil { agency = id }
            else { v.fail("agencyID", "Không tìm thấy cơ quan đã chọn.") }
        }
        if decision == .forward && agency == nil { v.fail("agencyID", "Hãy chọn cơ quan có thẩm quyền để chuyển đơn.") }
        let accepted = v.day("acceptedOn", "Ngày thụ lý", input["acceptedOn"])
        v.order(received, accepted, field: "acceptedOn", "Ngày thụ lý không thể trước ngày nhận đơn.")
        let round = v.int("round", "Lần giải quyết", input["round"], range: 1...2, required: false) ?? 1
        let complainedOn = v.day("complainedDecisionOn", "Ngày nhận được hoặc biết được quyết định, hành vi bị khiếu nại",
                                 input["complainedDecisionOn"])
        v.order(complainedOn, received, field: "complainedDecisionOn", "Ngày biết quyết định, hành vi bị khiếu nại không thể sau ngày nhận đơn.")
        let extensions = v.int("extensions", "Số lần gia hạn", input["extensions"], range: 0...LetterRules.maxDenunciationExtensions, required: false) ?? 0
        let note = v.optionalText("extensionNote", "Lý do gia hạn", input["extensionNote"], max: 2000)
        let extensionBy = v.optionalText("extensionDecidedBy", "Người quyết định gia hạn", input["extensionDecidedBy"], max: 200)
        if extensions > 0 && kind != .denunciation { v.fail("extensions", "Chỉ đơn tố cáo mới được gia hạn theo Luật Tố cáo.") }
        if extensions > 0 && note == nil { v.fail("extensionNote", "Hãy ghi lý do gia hạn.") }
        if extensions > 0 && extensionBy == nil { v.fail("extensionDecidedBy", "Hãy ghi người quyết định gia hạn.") }
        let complex = input["complex"] == "true"
        let complexityNote = v.optionalText("complexityNote", "Lý do xác định vụ việc phức tạp", input["complexityNote"], max: 2000)
        let complexityBy = v.optionalText("complexityDecidedBy", "Người quyết định vụ việc phức tạp", input["complexityDecidedBy"], max: 200)
        // The form ticks each criterion (`complexityCriteria_a=true`); the API may send them as one list ("a,c").
        let criteriaText = input["complexityCriteria"]
            ?? ComplexityCriterion.allCases.filter { input["complexityCriteria_\($0.rawValue)"] == "true" }.map(\.rawValue).joined(separator: ",")
        let criteria = ComplexityCriterion.parse(criteriaText) ?? []
        if ComplexityCriterion.parse(criteriaText) == nil { v.fail("complexityCriteria", "Tiêu chí vụ việc phức tạp không hợp lệ (a, b, c, d, dd, e, g).") }
        let findingNumber = v.optionalText("complexityFindingNumber", "Số văn bản xác định vụ việc phức tạp", input["complexityFindingNumber"], max: 100)
        let findingDate = v.day("complexityFindingDate", "Ngày văn bản xác định vụ việc phức tạp", input["complexityFindingDate"])
        let clockStart = (accepted ?? received).flatMap { Day($0) }
        if complex, let kind, let clockStart, ComplexityCriterion.apply(kind: kind, on: clockStart) {
            // From 01/07/2026 a complaint is complex by a written finding against the decree's criteria.
            if criteria.isEmpty { v.fail("complexityCriteria", "Từ 01/07/2026, hãy chọn ít nhất một tiêu chí vụ việc phức tạp (Nghị định 155/2026).") }
            if findingNumber == nil { v.fail("complexityFindingNumber", "Hãy ghi số văn bản xác định vụ việc phức tạp (phải có văn bản, Điều 3a khoản 2).") }
            if findingDate == nil { v.fail("complexityFindingDate", "Hãy ghi ngày văn bản xác định vụ việc phức tạp.") }
        } else if complex {
            if complexityNote == nil { v.fail("complexityNote", "Hãy ghi lý do xác định vụ việc phức tạp.") }
            if complexityBy == nil { v.fail("complexityDecidedBy", "Hãy ghi người quyết định vụ việc phức tạp.") }
        }
        let suspended = v.day("suspendedOn", "Ngày tạm đình chỉ", input["suspendedOn"])
        let resumed = v.day("resumedOn", "Ngày tiếp tục giải quyết", input["resumedOn"])
        if suspended != nil && accepted == nil { v.fail("suspendedOn", "Chỉ tạm đình chỉ được vụ việc đã thụ lý.") }
        if suspended != nil && kind != .complaint && kind != .denunciation { v.fail("suspendedOn", "Chỉ khiếu nại, tố cáo mới có tạm đình chỉ giải quyết.") }
        v.order(accepted, suspended, field: "suspendedOn", "Ngày tạm đình chỉ không thể trước ngày thụ lý.")
        if resumed != nil && suspended == nil { v.fail("resumedOn", "Hãy ghi ngày tạm đình chỉ trước khi ghi ngày tiếp tục.") }
        v.order(suspended, resumed, field: "resumedOn", "Ngày tiếp tục giải quyết không thể trước ngày tạm đình chỉ.")
        let outcome = v.choice("outcome", "Kết quả", input["outcome"] ?? LetterOutcome.pending.rawValue, as: LetterOutcome.self)
        let closed = v.day("closedOn", "Ngày kết thúc", input["closedOn"])
        if outcome != nil && outcome != .pending && closed == nil { v.fail("closedOn", "Hãy ghi ngày kết thúc.") }
        let events = Self.events(input, received: received, accepted: accepted, decision: decision, suspended: suspended, resumed: resumed,
                                 closed: closed, &v)
        var duplicate: Int? = duplicateOfID
        if let raw = input["duplicateOf"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            let parts = raw.split(separator: "/").compactMap { Int($0) }
            if parts.count == 2, let council,
               let first = try await Letter.query(on: db).filter(\.$councilID == council.id!).filter(\.$number == parts[0]).filter(\.$year == parts[1]).first(),
               first.id != id {
                duplicate = first.duplicateOfID ?? first.id
            } else {
                v.fail("duplicateOf", "Không có đơn số \(raw) trong sổ của Hội đồng này.")
            }
        }
        var senders: [(String, String?, String?)] = []
        if id == nil {
            for i in 1...3 {
                let name = v.optionalText("senderName_\(i)", "Họ và tên người gửi \(i)", input["senderName_\(i)"], max: 120)
                let address = v.optionalText("senderAddress_\(i)", "Địa chỉ người gửi \(i)", input["senderAddress_\(i)"], max: 300)
                let phone = v.optionalText("senderPhone_\(i)", "Điện thoại người gửi \(i)", input["senderPhone_\(i)"], max: 30)
                if let name { senders.append((name, address, phone)) }
                else if address != nil || phone != nil { v.fail("senderName_\(i)", "Hãy ghi họ và tên người gửi \(i).") }
            }
            let anonymous = Self.bool(input["anonymous"], "anonymous", "Đơn nặc danh", &v) ?? false
            if !anonymous && senders.isEmpty { v.fail("senderName_1", "Hãy ghi người gửi, hoặc đánh dấu đơn không ký tên.") }
            if anonymous && !senders.isEmpty { v.fail("anonymous", "Đơn không ký tên thì không ghi người gửi.") }
            self.anonymous = anonymous
        }
        var visit: ReceptionVisit? = nil
        if id == nil, let raw = input["visitID"], !raw.isEmpty {
            if let visitID = Int(raw) { visit = try await ReceptionVisit.find(visitID, on: db) }
            if visit == nil || visit?.councilID != council?.id { v.fail("visitID", "Lượt tiếp công dân không thuộc Hội đồng này.") }
            else if visit?.letterID != nil { v.fail("visitID", "Lượt tiếp công dân này đã có đơn vào sổ.") }
        }
        // A denunciation stays confidential after its kind changes; only someone who may see the denouncer may change it.
        var warning: String? = nil
        if id != nil, self.kind == .denunciation, let kind, kind != .denunciation {
            if try await Confidentiality.mayIdentify(self, actor, on: db) {
                warning = "đổi loại đơn từ tố cáo sang \(kind.label.lowercased()); danh tính người gửi vẫn được giữ bí mật"
            } else {
                v.fail("kind", "Chỉ người được phép xem danh tính người tố cáo mới được đổi loại của đơn tố cáo.")
            }
        }
        try v.check()
        kindChange.set(warning)
        if id != nil, !confidential, kind == .denunciation { kindChange.set("đơn trở thành đơn tố cáo: danh tính người gửi được giữ bí mật từ nay") }
        confidential = confidential || kind == .denunciation
        councilID = council!.id!; unitID = council!.unitID; receivedOn = received!; self.channel = channel!; self.kind = kind!
        self.content = content; self.eligible = eligible; self.decision = decision; agencyID = agency; acceptedOn = accepted
        self.round = round; complainedDecisionOn = kind == .complaint ? complainedOn : nil; self.extensions = extensions; extensionNote = note; extensionDecidedBy = extensionBy
        self.outcome = outcome!; closedOn = closed; suspendedOn = suspended; resumedOn = resumed
        forwardedOn = events["forwardedOn"]; noticeSentOn = events["noticeSentOn"]; suspensionSentOn = events["suspensionSentOn"]
        resumptionSentOn = events["resumptionSentOn"]; decisionSentOn = events["decisionSentOn"]; resultResolvedOn = events["resultResolvedOn"]
        dialogueOn = events["dialogueOn"]; dialogueNotifiedOn = events["dialogueNotifiedOn"]
        resultReceivedOn = events["resultReceivedOn"]; citizenNotifiedOn = events["citizenNotifiedOn"]
        duplicateOfID = duplicate
        self.complex = complex; self.complexityNote = complex ? complexityNote : nil; complexityDecidedBy = complex ? complexityBy : nil
        complexityCriteria = complex && !criteria.isEmpty ? ComplexityCriterion.text(criteria) : nil
        complexityFindingNumber = complex ? findingNumber : nil; complexityFindingDate = complex ? findingDate : nil
        remoteArea = input["remoteArea"] == "true"; severalPlaces = input["severalPlaces"] == "true"
        delegatedVerification = input["delegatedVerification"] == "true"
        folded = fold(content)
        if id == nil {
            year = Day(stored: receivedOn).year
            // A provisional number; the real one is taken inside the creating transaction.
            number = -Int.random(in: 1...1_000_000_000)
            pendingSenders.set(senders)
            pendingVisit.set(visit?.id)
        }
    }

    /// The days of the later steps, each after the step it follows and only once that step is recorded.
    static func events(_ input: FormInput, received: String?, accepted: String?, decision: LetterDecision?, suspended: String?,
                       resumed: String?, closed: String?, _ v: inout Validator) -> [String: String] {
        var out: [String: String] = [:]
        /// `field` happened on or after `after` (named `afterLabel`), which must be recorded first.
        func day(_ field: String, _ label: String, after: String?, _ afterLabel: String) {
            guard let d = v.day(field, label, input[field]) else { return }
            guard let after else { return v.fail(field, "\(label): hãy ghi \(afterLabel) trước.") }
            v.order(after, d, field: field, "\(label) không thể trước \(afterLabel).")
            out[field] = d
        }
        if decision == .forward { day("forwardedOn", "Ngày chuyển đơn", after: received, "ngày nhận đơn") }
        else if v.day("forwardedOn", "Ngày chuyển đơn", input["forwardedOn"]) != nil {
            v.fail("forwardedOn", "Chỉ ghi ngày chuyển đơn khi hướng xử lý là chuyển cơ quan có thẩm quyền.")
        }
        day("noticeSentOn", "Ngày thông báo cho người tố cáo", after: accepted ?? received, "ngày thụ lý")
        day("suspensionSentOn", "Ngày gửi quyết định tạm đình chỉ", after: suspended, "ngày tạm đình chỉ")
        day("resumptionSentOn", "Ngày gửi quyết định tiếp tục giải quyết", after: resumed, "ngày tiếp tục giải quyết")
        day("decisionSentOn", "Ngày gửi quyết định", after: closed, "ngày kết thúc")
        day("dialogueOn", "Ngày đối thoại", after: accepted, "ngày thụ lý")
        if let notified = v.day("dialogueNotifiedOn", "Ngày thông báo đối thoại", input["dialogueNotifiedOn"]) {
            if let dialogue = out["dialogueOn"] {
                v.order(notified, dialogue, field: "dialogueNotifiedOn", "Ngày thông báo đối thoại phải trước ngày đối thoại.")
                out["dialogueNotifiedOn"] = notified
            } else {
                v.fail("dialogueNotifiedOn", "Ngày thông báo đối thoại: hãy ghi ngày đối thoại trước.")
            }
        }
        day("resultResolvedOn", "Ngày cơ quan được chuyển giải quyết xong", after: out["forwardedOn"], "ngày chuyển đơn")
        day("resultReceivedOn", "Ngày nhận thông báo kết quả", after: out["resultResolvedOn"] ?? out["forwardedOn"], "ngày chuyển đơn")
        day("citizenNotifiedOn", "Ngày thông báo kết quả cho công dân", after: out["resultReceivedOn"], "ngày nhận thông báo kết quả")
        return out
    }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.letter.path(id!) }

    /// Takes the next number of the council's register for the year, and records the senders.
    public func afterInsert(actor: Actor?, on db: any Database) async throws {
        let next = try await LetterNumbers.take(councilID: councilID, year: year, on: db)
        number = next
        try await db.sql.update(Letter.schema).set("number", to: next).where("id", .equal, id!).run()
        for (name, address, phone) in pendingSenders.take() {
            let s = LetterSender()
            s.letterID = id!; s.fullName = name; s.address = address; s.phone = phone; s.folded = fold(name)
            try await s.create(on: db)
        }
        if let visitID = pendingVisit.take(), let visit = try await ReceptionVisit.find(visitID, on: db) {
            try await visit.linkLetter(self, actor: actor, on: db)
        }
        // Whoever registers a confidential letter has seen the sender; the right is recorded, like any other.
        if confidential, !anonymous, let actor { try await Confidentiality.recordAccess(to: self, userID: actor.userID, grantedBy: actor.userID, on: db) }
        try await Notifications.letterForwarded(self, db: db)
    }

    /// Whatever changed (a step recorded, filed at once, deleted), the stored next deadline follows.
    public func afterWrite(on db: any Database) async throws { try await LetterDue.store(self, on: db) }

    /// A letter that has just become a denunciation: whoever changed it had seen the senders, and keeps that right.
    public func afterSave(actor: Actor?, on db: any Database) async throws {
        if confidential, !anonymous, let actor { try await Confidentiality.recordAccess(to: self, userID: actor.userID, grantedBy: actor.userID, on: db) }
        try await Notifications.letterForwarded(self, db: db)
    }
}

/// Values typed into the creating form that are written once the record has its id.
public final class Pending<Value>: @unchecked Sendable {
    private let empty: Value
    private var value: Value
    init(_ empty: Value) { self.empty = empty; value = empty }
    func set(_ v: Value) { value = v }
    func take() -> Value { defer { value = empty }; return value }
    var current: Value { value }
}
