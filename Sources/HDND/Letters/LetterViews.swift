import Fluent
import SQLKit
import Vapor

public enum LetterViews {
    public struct Item: Sendable {
        let href: String, number: String, received: String, kind: String, content: String, senders: String, council: String?
        let outcome: String, nextDeadline: String?, overdue: Bool
        /// The box that chooses it for a bulk action (`chon_<id>`).
        var choice: String? = nil

        /// Its row of the register.
        var row: HTML {
            let late: HTML = .when(overdue, " — <strong>quá hạn</strong>")
            return """
              <tr\(HTML.when(overdue, " class=\"overdue\""))><td><input type="checkbox" name="\(choice)" value="true" aria-label="Chọn đơn \(number)"></td>\
            <td><a href="\(href)">\(number)</a></td><td>\(received)</td><td>\(kind)</td><td>\(senders)</td>\
            <td>\(content)\(council.map { "<br><small>\($0)</small>" as HTML } ?? .empty)</td>
              <td>\(nextDeadline.map { "\($0)\(late)" as HTML } ?? .empty)</td><td>\(outcome)</td></tr>

            """
        }
    }

    public struct RegisterPage: Sendable {
        let layout: LayoutContext
        let heading: String, councilHref: String
        /// The register's rows, built in Swift (`HTML`): none when `empty`.
        let rows: HTML, empty: Bool
        let pager: Paging.Pager
        let kinds: Options, outcomes: Options
        let overdueOnly: Bool, dueThisWeek: Bool
        let period: VoterViews.PeriodFilter
        let canCreate: Bool, newHref: String
        let agencies: Options
        let exportCSV: String, exportXLSX: String, importHref: String?
        var keyword = ""
        /// Where the checked rows are filed at once (for who may) and downloaded together.
        var fileAction: String? = nil
        var exportChosen: String? = nil
        /// The headers that sort: by number (the register's order), by next deadline, by day received.
        var sorts: [String: Paging.SortLink] = [:]
    }

    /// The register of a council, newest first or as sorted; a denouncer's name never appears here.
    static func register(_ filters: LetterQueries.Filters, before: Int?, after: Int? = nil, layout: LayoutContext, actor: Actor?,
                         kept: FigureCache, db: any Database) async throws -> RegisterPage {
        guard let councilID = filters.councilID else { throw Abort(.notFound) }
        let council = try await Places.council(councilID, kept: kept, on: db)
        let internalPlace = try Places.authorizeInternal(.read, council: council, actor: actor)
        var f = filters
        try await f.below(internalPlace.unitPath, kept: kept, db: db)
        let query = filterQuery(f)
        let base = RecordKind.council.path(councilID) + "/don-thu"
        let (listed, pager, total) = try await LetterQueries.screen(f, before: before, after: after, size: 50, path: base, query: query,
                                                             kept: kept, db: db)
        // With the councils below, each letter says whose register it is in.
        var names: [Int: String] = [:]
        if f.includeBelow {
            names = try await DirectoryQueries.councilNames(kept: kept, db: db)
        }
        let items = listed.map { l in
            Item(href: RecordKind.letter.path(l.row.id), number: l.row.registerNumber, received: VietnameseFormat.date(l.row.received_on),
                 kind: l.row.kind.label, content: l.row.content, senders: l.senders, council: names[l.row.council_id],
                 outcome: l.row.outcome.label + (l.row.duplicate_of_id != nil ? " (đơn trùng)" : ""),
                 nextDeadline: l.nextDeadlineText, overdue: l.overdue, choice: "chon_\(l.row.id)")
        }
        let agencies = try await DirectoryQueries.agencies(forUnitPath: council.path, kept: kept, db: db)
        var page = RegisterPage(layout: layout, heading: "Sổ đơn thư — \(council.name)", councilHref: RecordKind.council.path(councilID),
                            rows: .join(items.map(\.row)), empty: items.isEmpty,
                            pager: pager,
                            kinds: Options(LetterKind.allCases.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0 == f.kind) }),
                            outcomes: Options(LetterOutcome.allCases.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0 == f.outcome) }),
                            overdueOnly: f.overdueOnly, dueThisWeek: f.dueThisWeek,
                            period: VoterViews.PeriodFilter(from: f.from, to: f.to, includeBelow: f.includeBelow), canCreate: Policy.allows(actor, .create, internalPlace),
                            newHref: RecordKind.letter.newPath + "?council=\(councilID)",
                            agencies: Options(agencies.map { FormOption(value: String($0.id), label: $0.name, selected: $0.id == f.agencyID) }),
                            exportCSV: base + ".csv?" + query, exportXLSX: base + ".xlsx?" + query,
                            importHref: Policy.allows(actor, .create, internalPlace) ? base + "/nhap" : nil)
        page.keyword = f.keyword
        page.sorts = Paging.sortLinks(["number": LetterSort.number.rawValue, "due": LetterSort.due.rawValue, "received": LetterSort.received.rawValue],
                                      current: f.sort.rawValue, path: base, query: query,
                                      sortingAll: Set(LetterSort.allCases.filter(\.sortsAll).map(\.rawValue)), total: total)
        page.exportChosen = base + "/da-chon.xlsx"
        if !f.includeBelow && Policy.allows(actor, .update, internalPlace) { page.fileAction = base + "/luu-don" + (query.isEmpty ? "" : "?" + query) }
        return page
    }

    /// The filters as the register's address carries them.
    static func filterQuery(_ f: LetterQueries.Filters) -> String {
        var comps = URLComponents()
        comps.queryItems = [URLQueryItem(name: "loai", value: f.kind?.rawValue ?? ""), URLQueryItem(name: "ket-qua", value: f.outcome?.rawValue ?? ""),
                            URLQueryItem(name: "co-quan", value: f.agencyID.map(String.init) ?? ""),
                            URLQueryItem(name: "tu", value: f.from ?? ""), URLQueryItem(name: "den", value: f.to ?? ""),
                            URLQueryItem(name: "cap-duoi", value: f.includeBelow ? "1" : ""),
                            URLQueryItem(name: "qua-han", value: f.overdueOnly ? "1" : ""), URLQueryItem(name: "sap-den-han", value: f.dueThisWeek ? "1" : ""),
                            URLQueryItem(name: "tu-khoa", value: f.keyword), URLQueryItem(name: "sap-xep", value: f.sort.rawValue)]
            .filter { $0.value?.isEmpty == false }
        return comps.percentEncodedQuery ?? ""
    }

    public struct DeadlineItem: Encodable, Sendable { let label: String; let due: String; let basis: String; let provisional: Bool; let state: String; let overdue: Bool }
    public struct SenderItem: Encodable, Sendable { let name: String; let address: String?; let phone: String? }

    public struct LetterPage: Encodable, Sendable {
        let layout: LayoutContext
        let heading: String, content: String
        let facts: [VoterViews.Fact]
        let deadlines: [DeadlineItem]
        let sendersVisible: Bool, senders: [SenderItem], anonymous: Bool, confidential: Bool
        let duplicateHref: String?, duplicates: [DirectoryViews.Link]
        let canEdit: Bool, editHref: String, auditHref: String, canViewAudit: Bool
        let grantAction: String, version: Int
        let registerHref: String
    }

    /// The later steps' days, as the letter page lists them (only those recorded).
    static func eventFacts(_ l: Letter) -> [(String, String)] {
        [("Ngày chuyển đơn", l.forwardedOn), (l.acceptedOn != nil ? "Ngày thông báo thụ lý" : "Ngày thông báo không thụ lý", l.noticeSentOn),
         ("Ngày gửi quyết định tạm đình chỉ", l.suspensionSentOn), ("Ngày gửi quyết định tiếp tục giải quyết", l.resumptionSentOn),
         ("Ngày gửi quyết định giải quyết, đình chỉ", l.decisionSentOn), ("Ngày đối thoại", l.dialogueOn),
         ("Ngày thông báo đối thoại", l.dialogueNotifiedOn), ("Cơ quan được chuyển giải quyết xong ngày", l.resultResolvedOn),
         ("Ngày nhận thông báo kết quả của cơ quan được chuyển", l.resultReceivedOn), ("Ngày thông báo kết quả cho công dân", l.citizenNotifiedOn)]
            .compactMap { label, day in day.map { (label, $0) } }
    }

    /// A letter's page; its unit's path and the holiday calendar `kept` between requests.
    static func letter(id: Int, layout: LayoutContext, actor: Actor?, kept: FigureCache, db: any Database) async throws -> LetterPage {
        guard let l = try await Letter.find(id, on: db) else { throw Abort(.notFound) }
        let place = try await Places.of(l, kept: kept, on: db)
        guard Policy.allows(actor, .read, place) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        let visible = try await Confidentiality.mayIdentify(l, actor, kept: kept, on: db)
        // Plain rows for what the letter refers to: a model costs a reflection of its fields on every read.
        struct Sender: Decodable { let full_name: String; let address: String?; let phone: String? }
        let senders = visible ? try await db.sql.select().columns("full_name", "address", "phone").from(LetterSender.schema)
            .where("letter_id", .equal, id).orderBy("id").rows(Sender.self) : []
        let today = Day.today()
        let calendar = try await HolidayDecisions.calendar(kept: kept, on: db)
        let list = l.facts.deadlines(calendar)
        let deadlines = list.map { d in
            let overdue = d.isOverdue(outcome: l.outcome, today: today)
            let done = d.met || (l.outcome != .pending && !d.step.followsClosing)
            let on = d.doneOn.map { " (ngày \(VietnameseFormat.date($0.description)))" } ?? ""
            let state = d.late ? "Thực hiện muộn" + on : done ? "Đã thực hiện" + on : overdue ? "Quá hạn" : "Trong hạn"
            return DeadlineItem(label: d.label, due: VietnameseFormat.date(d.due.description), basis: d.legalBasis, provisional: d.provisional,
                                state: state, overdue: overdue || d.late)
        }
        var facts = [VoterViews.Fact(label: "Ngày nhận", value: VietnameseFormat.date(l.receivedOn)),
                     VoterViews.Fact(label: "Nguồn đơn", value: l.channel.label), VoterViews.Fact(label: "Loại đơn", value: l.kind.label),
                     VoterViews.Fact(label: "Đủ điều kiện xử lý", value: l.eligible.map { $0 ? "Có" : "Không" } ?? "Chưa xem xét"),
                     VoterViews.Fact(label: "Hướng xử lý", value: l.decision?.label ?? "Chưa quyết định")]
        struct Name: Decodable { let name: String }
        if let a = l.agencyID, let org = try await db.sql.select().column("name").from(Organization.schema).where("id", .equal, a)
            .where("deleted_at", .is, SQLLiteral.null).firstRow(Name.self) {
            facts.append(.init(label: "Cơ quan có thẩm quyền", value: org.name))
        }
        if let a = l.acceptedOn { facts.append(.init(label: "Ngày thụ lý", value: VietnameseFormat.date(a))) }
        if l.kind == .complaint { facts.append(.init(label: "Lần giải quyết", value: l.round == 2 ? "Lần hai" : "Lần đầu")) }
        // The rule in force on the day of receipt decides the acceptance deadline: said on each affected complaint,
        // since Decree 155/2026 has no transition rule for it (docs/legal-deadlines.md).
        if let c = l.complainedDecisionOn {
            facts.append(.init(label: l.round >= 2 ? "Ngày nhận quyết định lần đầu" : "Ngày biết quyết định, hành vi bị khiếu nại",
                               value: VietnameseFormat.date(c)))
        }
        if let s = l.suspendedOn {
            facts.append(.init(label: "Tạm đình chỉ giải quyết", value: "Từ \(VietnameseFormat.date(s))"
                                 + (l.resumedOn.map { ", tiếp tục từ \(VietnameseFormat.date($0))" } ?? " — đang tạm đình chỉ, thời hạn dừng tính")))
        }
        for (label, day) in Self.eventFacts(l) { facts.append(.init(label: label, value: VietnameseFormat.date(day))) }
        if let late = l.lateComplaintNotice(calendar) { facts.append(.init(label: "Lưu ý thời hiệu", value: late)) }
        let change = DeadlineRules.decree155InForce, received = Day(stored: l.receivedOn)
        if l.kind == .complaint, received < change, l.acceptedOn.map({ Day(stored: $0) >= change }) ?? (Day.today() >= change),
           let rule = DeadlineRules.rule(.complaintAcceptance, on: received) {
            facts.append(.init(label: "Quy định áp dụng",
                               value: "Thời hạn thụ lý theo quy định có hiệu lực ngày nhận đơn (\(VietnameseFormat.count(rule.days.normal)) ngày làm việc, "
                                   + "\(rule.legalBasis)); Nghị định 155/2026/NĐ-CP không quy định chuyển tiếp cho thời hạn này — xem trang Thời hạn luật định"))
        }
        var conditions: [String] = []
        if l.complex { conditions.append("phức tạp") }
        if l.remoteArea { conditions.append("vùng sâu, vùng xa") }
        if l.severalPlaces { conditions.append("xác minh nhiều địa điểm") }
        if l.delegatedVerification { conditions.append("ủy quyền xác minh") }
        if !conditions.isEmpty { facts.append(.init(label: "Tính chất", value: conditions.joined(separator: ", "))) }
        /// A reason and who decided it: "Cần giám định (quyết định: Nguyễn Văn A, Chủ tịch UBND quận)".
        func decided(_ reason: String, by who: String?) -> String { reason + (who.map { " (quyết định: \($0))" } ?? "") }
        if l.complex, let criteria = ComplexityCriterion.parse(l.complexityCriteria), !criteria.isEmpty {
            facts.append(.init(label: "Tiêu chí phức tạp", value: ComplexityCriterion.citation(criteria)))
        }
        if l.complex, let number = l.complexityFindingNumber {
            facts.append(.init(label: "Văn bản xác định phức tạp",
                               value: "Số \(number)" + (l.complexityFindingDate.map { " ngày \(VietnameseFormat.date($0))" } ?? "")))
        }
        if l.complex, let note = l.complexityNote {
            facts.append(.init(label: "Lý do phức tạp", value: decided(note, by: l.complexityDecidedBy)))
        }
        if l.extensions > 0 {
            facts.append(.init(label: "Gia hạn", value: decided("\(VietnameseFormat.count(l.extensions)) lần — \(l.extensionNote ?? "")",
                                                                by: l.extensionDecidedBy)))
        }
        if let origin = try await Handovers.origin(handoverID: l.handoverID, previousNumber: l.previousNumber, db: db) {
            facts.append(.init(label: "Bàn giao", value: origin.text, href: origin.href))
        }
        facts.append(.init(label: "Kết quả", value: l.outcome.label + (l.closedOn.map { " (\(VietnameseFormat.date($0)))" } ?? "")))
        struct Duplicate: Decodable { let id: Int; let number: Int; let year: Int; let received_on: String }
        let duplicates = try await db.sql.select().columns("id", "number", "year", "received_on").from(Letter.schema)
            .where("duplicate_of_id", .equal, id).where("deleted_at", .is, SQLLiteral.null).orderBy("id").rows(Duplicate.self).map {
            DirectoryViews.Link(label: "Đơn số \(Letter.registerNumber($0.number, $0.year))", href: RecordKind.letter.path($0.id),
                                note: VietnameseFormat.date($0.received_on))
        }
        return LetterPage(layout: layout, heading: "Đơn số \(l.registerNumber) — \(l.kind.label)", content: l.content, facts: facts,
                          deadlines: deadlines, sendersVisible: visible,
                          senders: senders.map { SenderItem(name: $0.full_name, address: $0.address, phone: $0.phone) },
                          anonymous: l.anonymous, confidential: l.confidential,
                          duplicateHref: l.duplicateOfID.map { RecordKind.letter.path($0) }, duplicates: duplicates,
                          canEdit: Policy.allows(actor, .update, place), editHref: RecordKind.letter.editPath(id),
                          auditHref: RecordKind.letter.auditPath(id), canViewAudit: Policy.allows(actor, .viewAudit, place),
                          grantAction: RecordKind.letter.path(id) + "/quyen-xem", version: l.version,
                          registerHref: Policy.allows(actor, .read, place.internalRecords) ? RecordKind.council.path(l.councilID) + "/don-thu"
                              : "/co-quan/don-thu")
    }
}
