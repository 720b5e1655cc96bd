import Fluent
import SQLKit
import Vapor

/// Page view-models of the voters area, each built by one function a test can call.
public enum VoterViews {
    public struct MeetingItem: Encodable, Sendable {
        let href: String, date: String, kind: String, detail: String, place: String
        let attending: String, speaking: String, petitions: String
    }

    public struct MeetingsPage: Encodable, Sendable {
        let layout: LayoutContext
        let councilName: String, councilHref: String
        let items: [MeetingItem]
        let nextHref: String?
        let canCreate: Bool, newHref: String
        let petitionsHref: String?
        /// The list's address without extension: `.xlsx` and `.csv` follow, then the filter.
        let exportHref: String, exportQuery: String
        let kinds: Options
        var keyword = ""
    }

    static func meetings(councilID: Int, kind: VoterMeetingKind?, keyword: String = "", before: String?, layout: LayoutContext,
                         actor: Actor?, kept: FigureCache, db: any Database) async throws -> MeetingsPage {
        let council = try await Places.council(councilID, kept: kept, on: db), place = council.place
        let size = 50
        let rows = try await PetitionQueries.meetings(councilID: councilID, kind: kind, keyword: keyword, before: before, limit: size + 1, db: db)
        let kindQuery = ([kind.map { "loai=\($0.rawValue)" }] + [keyword.isEmpty ? nil : "tu-khoa=" + (keyword.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")])
            .compactMap { $0 }.joined(separator: "&")
        let items = rows.prefix(size).map { m in
            MeetingItem(href: RecordKind.voterMeeting.path(m.id), date: VietnameseFormat.date(m.date), kind: m.kind.label,
                        detail: m.topic ?? m.session_number.map { "Kỳ họp thứ \($0)" } ?? "", place: m.place,
                        attending: VietnameseFormat.number(m.voters_attending), speaking: VietnameseFormat.number(m.voters_speaking),
                        petitions: VietnameseFormat.number(m.petitions))
        }
        var page = MeetingsPage(layout: layout, councilName: council.name, councilHref: RecordKind.council.path(councilID), items: Array(items),
                            nextHref: rows.count > size ? Paging.next(RecordKind.council.path(councilID) + "/tiep-xuc-cu-tri", query: kindQuery, cursor: rows[size - 1].cursor) : nil,
                            canCreate: Policy.allows(actor, .create, place),
                            newHref: RecordKind.voterMeeting.newPath + "?council=\(councilID)",
                            petitionsHref: Policy.allows(actor, .read, place.internalRecords) ? RecordKind.council.path(councilID) + "/kien-nghi" : nil,
                            exportHref: RecordKind.council.path(councilID) + "/tiep-xuc-cu-tri", exportQuery: kindQuery,
                            kinds: Options(VoterMeetingKind.allCases.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0 == kind) }))
        page.keyword = keyword
        return page
    }

    /// A line of the fast-entry table of a meeting's petitions, as typed (kept when saving fails).
    public struct EntryRow: Sendable {
        let n: Int, content: String, field: String, voters: String, error: String?

        /// Its row, with the fields (`PetitionFields.all`) to choose from.
        func row(fields: [(String, String)]) -> HTML {
            let invalid: HTML = error == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"err_\(n)\""
            let message: HTML = error.map { "<p class=\"error\" id=\"err_\(n)\">\($0)</p>" } ?? .empty
            let options = HTML.join(fields.map { value, label in "<option value=\"\(value)\"\(HTML.when(value == field, " selected"))>\(label)</option>" })
            return """
                <tr\(HTML.when(error != nil, " class=\"has-error\""))>
                  <td>\(n)</td>
                  <td><label class="sr" for="content_\(n)">Nội dung dòng \(n)</label><input id="content_\(n)" name="content_\(n)" value="\(content)"\(invalid)>
                    \(message)</td>
                  <td><label class="sr" for="field_\(n)">Lĩnh vực dòng \(n)</label><select id="field_\(n)" name="field_\(n)"><option value="">— Chưa phân loại —</option>\(options)</select></td>
                  <td><label class="sr" for="voters_\(n)">Số cử tri dòng \(n)</label><input id="voters_\(n)" name="voters_\(n)" value="\(voters)" size="4" inputmode="numeric" placeholder="1"></td>
                </tr>

            """
        }
    }

    public struct PetitionItem: Sendable {
        let href: String, content: String, field: String, status: String, statusCode: String
        let voters: String, received: String, due: String?, agency: String?, overdue: Bool, council: String
        /// Its checkbox for forwarding several at once ("chon_<id>"): only a classified petition can be forwarded.
        var choice: String? = nil
        var chosen = false

        /// Its row in a meeting's petitions (in the order raised).
        var meetingRow: HTML {
            "<tr><td><a href=\"\(href)\">\(content)</a></td><td>\(field)</td><td class=\"num\">\(voters)</td><td><span class=\"status s-\(statusCode)\">\(status)</span></td></tr>\n"
        }

        /// Its row of the list; `picking` adds the column of checkboxes, `councilShown` the council under the content.
        func row(picking: Bool, councilShown: Bool) -> HTML {
            let box: HTML = choice.map { "<input type=\"checkbox\" name=\"\($0)\" value=\"true\" aria-label=\"Chọn để chuyển\"\(HTML.when(chosen, " checked"))>" } ?? .empty
            let pick: HTML = .when(picking, "<td class=\"pick\">\(box)</td>")
            let late: HTML = .when(overdue, " — <strong>quá hạn</strong>")
            let where_: HTML = agency.map { "\($0)<br><small>hạn \(due)\(late)</small>" } ?? .empty
            return """
              <tr\(HTML.when(overdue, " class=\"overdue\""))>\(pick)<td><a href="\(href)">\(content)</a>\(HTML.when(councilShown, "<br><small>\(council)</small>"))</td>\
            <td>\(field)</td><td class="num">\(voters)</td><td>\(received)</td>
              <td>\(where_)</td><td><span class="status s-\(statusCode)">\(status)</span></td></tr>

            """
        }
    }

    /// Forwarding the checked petitions of a list to one agency with one due date.
    public struct BulkForward: Sendable {
        let action: String
        let agencies: Options
        let dueDate: String
        let fromNationalAssembly: Bool
        let error: String?
    }

    /// What a failed bulk forward keeps: the petitions checked and the choices made, with the message.
    public struct BulkInput: Sendable {
        let chosen: Set<Int>
        let input: FormInput
        let error: ValidationFailure
    }

    public struct MeetingPage: Encodable, Sendable {
        let layout: LayoutContext
        let title: String, councilName: String, councilHref: String
        let facts: [Fact]
        let minutes: String?
        let showPetitions: Bool
        /// The meeting's petitions and the fast-entry lines, built in Swift (`HTML`).
        let petitions: HTML, noPetitions: Bool
        let canEdit: Bool
        let entryAction: String
        let entryRows: HTML
        let entryError: String?
        let editHref: String, auditHref: String
    }

    /// A labelled fact on a record's page; `href` when the value leads somewhere (the council a record came from).
    public struct Fact: Encodable, Sendable { let label: String; let value: String; var href: String? = nil }

    static let defaultEntryRows = 8

    /// How many fast-entry rows a posted form carried (the page can add rows with script).
    static func entryRows(_ input: FormInput) -> Int {
        max(defaultEntryRows, input.keys.compactMap { $0.hasPrefix("content_") ? Int($0.dropFirst(8)) : nil }.max() ?? 0)
    }

    static func items(_ rows: [PetitionQueries.Row], today: String) -> [PetitionItem] {
        rows.map { r in
            PetitionItem(href: RecordKind.voterPetition.path(r.id), content: r.content, field: PetitionFields.label(r.field),
                         status: r.status.label, statusCode: r.status.rawValue, voters: VietnameseFormat.number(r.voter_count),
                         received: VietnameseFormat.date(r.received_on), due: r.due_date.map { VietnameseFormat.date($0) },
                         agency: r.agency_name, overdue: r.status.awaitsAgency && (r.due_date ?? "9999") < today, council: r.council_name)
        }
    }

    static func meeting(id: Int, input: FormInput?, error: ValidationFailure?, layout: LayoutContext, actor: Actor?,
                        kept: FigureCache, db: any Database) async throws -> MeetingPage {
        guard let m = try await VoterMeeting.find(id, on: db) else { throw Abort(.notFound) }
        let council = try await Places.council(m.councilID, kept: kept, on: db), place = council.place
        let canRead = Policy.allows(actor, .read, place.internalRecords)
        // A meeting's petitions in the order they were raised and entered (the minutes' order).
        var f = PetitionQueries.Filters(); f.meetingID = id; f.after = 0
        let rows = canRead ? try await PetitionQueries.list(f, limit: 500, kept: kept, db: db) : []
        var facts = [Fact(label: "Ngày", value: VietnameseFormat.date(m.date)), Fact(label: "Địa điểm", value: m.place),
                     Fact(label: "Hình thức", value: m.kind.label), Fact(label: "Cơ quan phối hợp", value: m.coOrganizer),
                     Fact(label: "Cử tri tham dự", value: "\(VietnameseFormat.number(m.votersAttending)) lượt"),
                     Fact(label: "Cử tri phát biểu", value: "\(VietnameseFormat.number(m.votersSpeaking)) lượt")]
        if let d = m.delegatesPresent { facts.append(Fact(label: "Đại biểu tham dự", value: d)) }
        if let b = m.bodyID, let name = try await kept.value("body name \(b)", on: db, count: { try await Body.find(b, on: db)?.name }) {
            facts.append(Fact(label: "Tổ đại biểu", value: name))
        }
        let count = input.map(entryRows) ?? defaultEntryRows
        let entry = (1...count).map { i in
            EntryRow(n: i, content: input?["content_\(i)"] ?? "", field: input?["field_\(i)"] ?? "", voters: input?["voters_\(i)"] ?? "",
                     error: error.flatMap { e in e.message(for: "content_\(i)") ?? e.message(for: "field_\(i)") ?? e.message(for: "voters_\(i)") })
        }
        return MeetingPage(layout: layout, title: m.title, councilName: council.name, councilHref: RecordKind.council.path(council.id),
                           facts: facts, minutes: m.minutes, showPetitions: canRead,
                           petitions: .join(items(rows, today: Day.today().description).map(\.meetingRow)), noPetitions: rows.isEmpty,
                           canEdit: Policy.allows(actor, .create, place), entryAction: RecordKind.voterMeeting.path(id) + "/kien-nghi",
                           entryRows: .join(entry.map { $0.row(fields: PetitionFields.all) }),
                           entryError: error.map { _ in "Chưa lưu: có dòng cần sửa, xem ghi chú đỏ." },
                           editHref: RecordKind.voterMeeting.editPath(id), auditHref: RecordKind.voterMeeting.auditPath(id))
    }

    public struct PetitionsPage: Sendable {
        let layout: LayoutContext
        let heading: String
        let councilHref: String?
        /// The table's rows, built in Swift (`HTML`): none when `empty`.
        let rows: HTML, empty: Bool
        let pager: Paging.Pager
        var sorts: [String: Paging.SortLink] = [:]
        let statuses: Options, fields: Options, agencies: Options
        let overdueOnly: Bool
        let overdueByAgency: [DirectoryViews.Link]
        let exportHref: String?
        var exportXLSX: String? = nil
        /// Importing from a file, for whoever may add petitions here.
        var importHref: String? = nil
        /// The period and scope filters of a council's list (not on an agency's inbox).
        var period: PeriodFilter? = nil
        /// Forwarding the checked ones at once, for whoever may.
        var bulk: BulkForward? = nil
        var keyword = ""
        /// How the rows are ordered, when not the list's usual newest first: a list over many councils with a period goes
        /// by the period's day (`PetitionQueries.Filters.walkedDay`), which the table shows only for the received day.
        var orderNote: String? = nil
    }

    static func orderNote(_ f: PetitionQueries.Filters) -> String? {
        PetitionQueries.Filters.days.first { $0.column == f.walkedDay }.map { "Xếp theo ngày \($0.words), mới nhất trước." }
    }

    /// A list's period as its filter shows it back: 26/04/2022, the way it is typed.
    public struct PeriodFilter: Sendable {
        let from: String, to: String, includeBelow: Bool
        init(from: String?, to: String?, includeBelow: Bool) {
            self.from = from.map { VietnameseFormat.date($0) } ?? ""; self.to = to.map { VietnameseFormat.date($0) } ?? ""
            self.includeBelow = includeBelow
        }
    }

    static let pageSize = 50

    /// One page of petitions with its pager: the total the filters select, first, previous, next. Newest first goes by
    /// keyset; an order chosen by a column goes by page number.
    static func paged(_ f: PetitionQueries.Filters, size: Int = pageSize, base: String, query: String, kept: FigureCache,
                      db: any Database) async throws -> (rows: [PetitionQueries.Row], pager: Paging.Pager, total: Int) {
        let total = try await PetitionQueries.count(f, kept: kept, db: db)
        if f.sort.sortsAll { try Paging.refuseSortingAll(total) }
        let fetched = try await PetitionQueries.list(f, limit: size + 1, kept: kept, db: db)
        if f.sort != .newest {
            return (Array(fetched.prefix(size)), Paging.numbered(page: f.offset / size + 1, hasNext: fetched.count > size, total: total,
                                                                 noun: "kiến nghị", path: base, query: query), total)
        }
        let (rows, pager) = Paging.page(fetched, size: size, before: f.before, after: f.after, id: \.id, total: total, noun: "kiến nghị",
                                        path: base, query: query)
        return (rows, pager, total)
    }

    /// The column headers a clerk sorts by: each leads to the list of `total` rows in its order, keeping the filters.
    static func sortLinks(_ f: PetitionQueries.Filters, base: String, query: String, total: Int) -> [String: Paging.SortLink] {
        let orders = ["newest": PetitionSort.newest, "due": .due, "voters": .voters, "received": .received]
        return Paging.sortLinks(orders.mapValues(\.rawValue), current: f.sort.rawValue, path: base, query: query,
                                sortingAll: Set(PetitionSort.allCases.filter(\.sortsAll).map(\.rawValue)), total: total)
    }

    static func filterOptions(_ f: PetitionQueries.Filters, agencies: [DirectoryQueries.OrganizationRow]) -> (Options, Options, Options) {
        (Options(PetitionStatus.allCases.map { FormOption(value: $0.rawValue, label: $0.label, selected: $0 == f.status) }),
         Options(PetitionFields.all.map { FormOption(value: $0.0, label: $0.1, selected: $0.0 == f.field) }),
         Options(agencies.map { FormOption(value: String($0.id), label: $0.name, selected: $0.id == f.agencyID) }))
    }

    static func petitions(councilID: Int, filters: PetitionQueries.Filters, query: String, layout: LayoutContext,
                                 actor: Actor?, bulk: BulkInput? = nil, kept: FigureCache, db: any Database) async throws -> PetitionsPage {
        let council = try await Places.council(councilID, kept: kept, on: db), place = council.place
        guard Policy.allows(actor, .read, place.internalRecords) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        var f = filters
        try await f.scope(councilID: councilID, unitPath: place.unitPath, kept: kept, db: db)
        let base = RecordKind.council.path(councilID) + "/kien-nghi"
        let (rows, pager, total) = try await paged(f, base: base, query: query, kept: kept, db: db)
        let today = Day.today().description
        // The agencies a petition of this council can be forwarded to: the filter's choices and the bulk form's.
        let agencies = try await DirectoryQueries.agencies(forUnitPath: council.path, kept: kept, db: db)
        let (statuses, fields, agencyOptions) = filterOptions(f, agencies: agencies)
        let overdue = try await PetitionQueries.overdueByAgency(councilID: councilID, on: today, kept: kept, db: db).map {
            DirectoryViews.Link(label: $0.agency_name, href: base + "?co-quan=\($0.agency_id)&qua-han=1", note: VietnameseFormat.number($0.n))
        }
        let canForward = !f.includeBelow && Policy.allows(actor, .update, place.internalRecords)
        var listed = items(rows, today: today)
        var bulkForm: BulkForward? = nil
        if canForward {
            for (i, r) in rows.enumerated() where r.status == .classified {
                listed[i].choice = "chon_\(r.id)"; listed[i].chosen = bulk?.chosen.contains(r.id) ?? false
            }
            let chosenAgency = bulk?.input["agencyID"]
            bulkForm = BulkForward(action: base + "/chuyen" + (query.isEmpty ? "" : "?" + query),
                                   agencies: Options(agencies.map {
                                       FormOption(value: String($0.id), label: $0.name, selected: String($0.id) == chosenAgency)
                                   }),
                                   dueDate: bulk?.input["dueDate"] ?? "", fromNationalAssembly: bulk?.input["fromNationalAssembly"] == "true",
                                   error: bulk.map { $0.error.errors.map(\.message).joined(separator: " ") })
        }
        return PetitionsPage(layout: layout, heading: "Ý kiến, kiến nghị cử tri — \(council.name)", councilHref: RecordKind.council.path(councilID),
                             rows: .join(listed.map { $0.row(picking: bulkForm != nil, councilShown: f.includeBelow) }), empty: listed.isEmpty, pager: pager, sorts: sortLinks(f, base: base, query: query, total: total),
                             statuses: statuses, fields: fields, agencies: agencyOptions, overdueOnly: f.overdueOn != nil,
                             overdueByAgency: overdue,
                             exportHref: base + ".csv" + (query.isEmpty ? "" : "?" + query),
                             exportXLSX: base + ".xlsx" + (query.isEmpty ? "" : "?" + query),
                             importHref: Policy.allows(actor, .create, place.internalRecords) ? base + "/nhap" : nil,
                             period: .init(from: f.from, to: f.to, includeBelow: f.includeBelow), bulk: bulkForm, keyword: f.keyword,
                             orderNote: orderNote(f))
    }

    static func inbox(filters f: PetitionQueries.Filters, query: String, layout: LayoutContext,
                             heading: String = "Kiến nghị được chuyển đến cơ quan", base: String = "/co-quan/kien-nghi",
                             kept: FigureCache, db: any Database) async throws -> PetitionsPage {
        let (rows, pager, total) = try await paged(f, base: base, query: query, kept: kept, db: db)
        let (statuses, fields, _) = filterOptions(f, agencies: [])
        return PetitionsPage(layout: layout, heading: heading, councilHref: nil,
                             rows: .join(items(rows, today: Day.today().description).map { $0.row(picking: false, councilShown: true) }),
                             empty: rows.isEmpty, pager: pager,
                             sorts: sortLinks(f, base: base, query: query, total: total), statuses: statuses, fields: fields, agencies: Options([]), overdueOnly: f.overdueOn != nil, overdueByAgency: [],
                             exportHref: nil, keyword: f.keyword, orderNote: orderNote(f))
    }

    public struct EventItem: Sendable { let at: String; let actor: String; let change: String; let note: String }

    public struct ActionForm: Sendable {
        let slug: String, label: String, action: String
        let fields: [FormField]
    }

    public struct PetitionPage: Encodable, Sendable {
        let layout: LayoutContext
        let content: String
        let facts: [Fact]
        let status: String, statusCode: String
        let overdue: Bool
        let answer: String?
        /// The timeline and the forms of the next steps, written in Swift (`PetitionPageParts`).
        let events: HTML
        let actions: HTML
        let version: Int
        let generalError: String?
        let meetingHref: String?
        let councilHref: String
        let canEdit: Bool, editHref: String, auditHref: String, canViewAudit: Bool
        let similar: HTML, anySimilar: Bool
        let mergedIntoHref: String?
        let mergedFrom: [DirectoryViews.Link]
    }

    public struct SimilarItem: Sendable { let href: String; let content: String; let voters: String; let score: String; let mergeAction: String; let fromID: Int }

    /// A petition as its page shows it, with its unit's path and the names of its council and agency: one read of plain
    /// columns. The page reads rows, not models: a model costs a reflection of its fields on every read.
    struct PetitionRow: Decodable {
        let id: Int, councilID: Int, unitID: Int, meetingID: Int?, source: PetitionSource, content: String, field: String?
        let voterCount: Int, status: PetitionStatus, agencyID: Int?, dueDate: String?, answer: String?, answeredOn: String?
        let answeredBy: String?, reportedSession: String?, receivedOn: String, mergedIntoID: Int?, handoverID: Int?
        let folded: String, version: Int, unitPath: String, council: String, agency: String?
        enum CodingKeys: String, CodingKey {
            case id, source, content, field, status, answer, folded, version, council, agency
            case councilID = "council_id", unitID = "unit_id", meetingID = "meeting_id", voterCount = "voter_count", agencyID = "agency_id"
            case dueDate = "due_date", answeredOn = "answered_on", answeredBy = "answered_by", reportedSession = "reported_session"
            case receivedOn = "received_on", mergedIntoID = "merged_into_id", handoverID = "handover_id", unitPath = "path"
        }

        static func find(_ id: Int, db: any Database) async throws -> PetitionRow? {
            try await db.sql.raw("""
                SELECT p.id, p.council_id, p.unit_id, p.meeting_id, p.source, p.content, p.field, p.voter_count, p.status, p.agency_id, \
                p.due_date, p.answer, p.answered_on, p.answered_by, p.reported_session, p.received_on, p.merged_into_id, p.handover_id, \
                p.folded, p.version, u.path, c.name AS council, o.name AS agency FROM voter_petitions p JOIN units u ON u.id = p.unit_id \
                JOIN councils c ON c.id = p.council_id LEFT JOIN organizations o ON o.id = p.agency_id \
                WHERE p.id = \(bind: id) AND p.deleted_at IS NULL
                """).firstRow(PetitionRow.self)
        }

        /// The place the policy judges: as `Places.of` makes it for the model (a test holds the two equal).
        var place: Place { Self.place(unitID: unitID, unitPath: unitPath, agencyID: agencyID) }

        /// A petition's place from its row's unit, unit path and agency (here and in the API, which read no model).
        static func place(unitID: Int, unitPath: String, agencyID: Int?) -> Place {
            Place(unitID: unitID, unitPath: unitPath, visibility: .internalRecord, adminOnlyWrites: RecordKind.voterPetition.adminOnlyWrites,
                  organizationID: agencyID)
        }
    }

    static func petition(id: Int, input: FormInput?, error: ValidationFailure?, layout: LayoutContext, actor: Actor?,
                         kept: FigureCache, db: any Database) async throws -> PetitionPage {
        guard let p = try await PetitionRow.find(id, db: db) else { throw Abort(.notFound) }
        let place = p.place
        guard Policy.allows(actor, .read, place) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        let today = Day.today().description
        var facts = [Fact(label: "Hội đồng", value: p.council), Fact(label: "Nguồn", value: p.source.label),
                     Fact(label: "Ngày tiếp nhận", value: VietnameseFormat.date(p.receivedOn)),
                     Fact(label: "Lĩnh vực", value: PetitionFields.label(p.field)),
                     Fact(label: "Số cử tri kiến nghị", value: VietnameseFormat.count(p.voterCount))]
        if let agency = p.agency { facts.append(Fact(label: "Cơ quan có thẩm quyền", value: agency)) }
        if let origin = try await Handovers.origin(handoverID: p.handoverID, db: db) {
            facts.append(Fact(label: "Bàn giao", value: origin.text, href: origin.href))
        }
        if let due = p.dueDate { facts.append(Fact(label: "Hạn trả lời", value: VietnameseFormat.date(due))) }
        if let on = p.answeredOn { facts.append(Fact(label: "Ngày trả lời", value: VietnameseFormat.date(on))) }
        if let by = p.answeredBy { facts.append(Fact(label: "Người, cơ quan trả lời", value: by)) }
        if let s = p.reportedSession { facts.append(Fact(label: "Đã báo cáo tại", value: s)) }
        struct Event: Decodable { let at: Date; let actor_name: String; let from_status: PetitionStatus?; let to_status: PetitionStatus; let note: String }
        let events = try await db.sql.select().columns("at", "actor_name", "from_status", "to_status", "note").from(PetitionEvent.schema)
            .where("petition_id", .equal, id).orderBy("id").rows(Event.self).map { e in
                EventItem(at: VietnameseFormat.instant(e.at), actor: e.actor_name,
                          change: (e.from_status.map { $0 == e.to_status ? "" : "\($0.label) → " } ?? "") + e.to_status.label, note: e.note)
            }
        // The forms of the steps that may come next, for whoever may take them; their option lists kept between views.
        let agencies = try await DirectoryQueries.agencies(forUnitPath: place.unitPath, kept: kept, db: db)
        var forms: [ActionForm] = []
        for action in PetitionWorkflow.available(from: p.status) {
            let needed: Action = action == .answer ? .answer : .update
            guard Policy.allows(actor, needed, place) else { continue }
            var b = FormBuilder(input: input, errors: error)
            switch action {
            case .classify:
                b.select("field", "Lĩnh vực", p.field, options: PetitionFields.all, blank: "— Chọn —")
            case .forward:
                b.select("agencyID", "Cơ quan có thẩm quyền", p.agencyID.map(String.init), options: agencies.map { (String($0.id), $0.name) }, blank: "— Chọn —")
                let rule = try await SessionQueries.petitionDue(councilID: p.councilID, forwardedOn: .today(), fromNationalAssembly: false, db: db)
                b.day("dueDate", "Hạn trả lời (để trống: \(VietnameseFormat.date(rule.due.description)), \(rule.reason))", nil)
                b.select("fromNationalAssembly", "Do Quốc hội chuyển đến (hạn \(PetitionDueRule.nationalAssemblyDays) ngày)", nil,
                         options: [("on", "Có")], required: false, blank: "Không")
            case .answer:
                b.textarea("answer", "Nội dung trả lời", p.answer)
                b.day("answeredOn", "Ngày trả lời", p.answeredOn ?? today)
                b.text("answeredBy", "Người, cơ quan trả lời", p.answeredBy ?? p.agency, required: true)
            case .close:
                b.select("outcome", "Kết quả", nil, options: PetitionWorkflow.outcomes.filter { $0 != p.status }.map { ($0.rawValue, $0.label) }, blank: "— Chọn —")
            case .report:
                // The council's recorded sessions, latest first; a free text when none is recorded.
                let sessions = try await CouncilSession.reportable(councilID: p.councilID, kept: kept, db: db)
                if sessions.isEmpty {
                    b.text("reportedSession", "Kỳ họp", p.reportedSession, required: true, hint: "Ví dụ: Kỳ họp thứ 10, HĐND quận khóa XIX")
                } else {
                    let names = sessions.map(\.reportLabel)
                    b.select("reportedSession", "Kỳ họp", p.reportedSession, options: names.map { ($0, $0) }, blank: "— Chọn —")
                }
            }
            b.text("note", "Ghi chú", nil)
            forms.append(ActionForm(slug: VotersController.actionSlugs[action]!, label: action.label,
                                    action: RecordKind.voterPetition.path(id) + "/" + VotersController.actionSlugs[action]!, fields: b.fields))
        }
        let canEdit = Policy.allows(actor, .update, place)
        // Kept while the records stay the same: counting how many petitions hold each word, to ask the index for the
        // rarest, was a third of the page's CPU. The key names the petition's version: its text was read before the
        // revision the suggestions are kept under.
        let matches = canEdit && !p.status.isClosed ? try await kept.value("similar petitions \(p.id) \(p.version)", on: db) {
            try await SimilarPetitions.suggestions(id: p.id, councilID: p.councilID, folded: p.folded, db: db)
        } : []
        let similar = matches.map { m in
            SimilarItem(href: RecordKind.voterPetition.path(m.id), content: m.content, voters: VietnameseFormat.number(m.voters),
                        score: "\(Int((m.score * 100).rounded()))%", mergeAction: RecordKind.voterPetition.path(id) + "/gop", fromID: m.id)
        }
        // Only the sources this reader may read: an agency sees those forwarded to it, not the rest of the council's.
        struct Merged: Decodable { let id: Int; let content: String; let voter_count: Int; let agency_id: Int? }
        let mergedFrom = try await db.sql.select().columns("id", "content", "voter_count", "agency_id").from(VoterPetition.schema)
            .where("merged_into_id", .equal, id).where("deleted_at", .is, SQLLiteral.null).orderBy("id").rows(Merged.self).filter {
                Policy.allows(actor, .read, Place(unitID: place.unitID, unitPath: place.unitPath, visibility: .internalRecord, organizationID: $0.agency_id))
            }.map {
                DirectoryViews.Link(label: $0.content, href: RecordKind.voterPetition.path($0.id), note: VietnameseFormat.number($0.voter_count))
            }
        return PetitionPage(layout: layout, content: p.content, facts: facts, status: p.status.label, statusCode: p.status.rawValue,
                            overdue: p.status.awaitsAgency && (p.dueDate ?? "9999") < today, answer: p.answer,
                            events: PetitionPageParts.timeline(events), actions: PetitionPageParts.actionCards(forms, csrf: layout.csrf, version: p.version),
                            version: p.version, generalError: error.map { $0.reason },
                            meetingHref: p.meetingID.map { RecordKind.voterMeeting.path($0) },
                            // An agency reads what was forwarded to it, not the council's register: its crumb leads to its inbox.
                            councilHref: Policy.allows(actor, .read, place.internalRecords) ? RecordKind.council.path(p.councilID) + "/kien-nghi"
                                : "/co-quan/kien-nghi",
                            canEdit: canEdit, editHref: RecordKind.voterPetition.editPath(id),
                            auditHref: RecordKind.voterPetition.auditPath(id), canViewAudit: Policy.allows(actor, .viewAudit, place),
                            similar: PetitionPageParts.similarRows(similar, csrf: layout.csrf), anySimilar: !similar.isEmpty, mergedIntoHref: p.mergedIntoID.map { RecordKind.voterPetition.path($0) }, mergedFrom: mergedFrom)
    }
}
