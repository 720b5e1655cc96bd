import Fluent
import SQLKit
import Vapor

/// Page view-models of the council directory, each built by one function a test can call.
public struct Crumb: Encodable, Sendable { let label: String; let href: String }

public struct UnitListItem: Encodable, Sendable {
    let href: String
    let code: String
    let name: String
    let level: String
    let hasCouncil: Bool
    let councilHref: String?
    let childCount: String
    let validity: String
}

public struct UnitTreePage: Encodable, Sendable {
    let layout: LayoutContext
    let day: String
    let dayISO: String
    let heading: String
    let crumbs: [Crumb]
    let items: [UnitListItem]
    let pager: Paging.Pager
    let keyword: String
    let parentHref: String?
    let parentId: Int?
    let canCreate: Bool
    let newHref: String
}

func validityText(_ from: String?, _ to: String?) -> String {
    switch (from, to) {
    case (nil, nil): "—"
    case (let f?, nil): "từ \(VietnameseFormat.date(f))"
    case (nil, let t?): "đến \(VietnameseFormat.date(t))"
    case (let f?, let t?): "\(VietnameseFormat.date(f)) – \(VietnameseFormat.date(t))"
    }
}

public enum DirectoryViews {
    static let pageSize = 200

    public static func unitTree(parentID: Int?, day: Day, keyword: String = "", after: String?, before: String? = nil, layout: LayoutContext,
                                actor: Actor?, db: any Database) async throws -> UnitTreePage {
        let iso = day.description
        var crumbs = [Crumb(label: "Cả nước", href: "/\(RecordKind.unit.slug)?ngay=\(iso)")]
        var heading = "Các tỉnh, thành phố"
        var parentHref: String? = nil
        var f = UnitQueries.Listing(parentID: parentID, day: iso)
        f.keyword = keyword; f.after = after; f.before = before
        if let parentID {
            guard let parent = try await AdministrativeUnit.find(parentID, on: db) else { throw Abort(.notFound) }
            f.parentPath = parent.path
            for unit in try await UnitQueries.ancestors(path: parent.path, db: db) {
                crumbs.append(Crumb(label: unit.fullName, href: "/\(RecordKind.unit.slug)?cha=\(unit.id!)&ngay=\(iso)"))
            }
            heading = "Đơn vị trực thuộc \(parent.fullName)"
            parentHref = RecordKind.unit.path(parentID)
        }
        if !searchWords(keyword).isEmpty { heading = "Đơn vị có tên chứa “\(keyword)”" + (parentID == nil ? "" : " — " + heading.lowercasedFirst) }
        let rows = try await UnitQueries.list(f, limit: pageSize + 1, db: db)
        // Going back (`truoc`) the rows before the cursor come last; going on, first.
        let shown = before != nil ? Array(rows.suffix(pageSize)) : Array(rows.prefix(pageSize))
        let earlier = before != nil ? rows.count > pageSize : after != nil
        let later = before != nil || rows.count > pageSize
        let items = shown.map { row in
            UnitListItem(href: row.child_count > 0 ? "/\(RecordKind.unit.slug)?cha=\(row.id)&ngay=\(iso)" : RecordKind.unit.path(row.id),
                         code: row.code, name: row.fullName, level: row.level.label, hasCouncil: row.has_council,
                         councilHref: row.council_id.map { RecordKind.council.path($0) },
                         childCount: VietnameseFormat.number(row.child_count), validity: validityText(row.valid_from, row.valid_to))
        }
        var comps = URLComponents()
        comps.path = "/\(RecordKind.unit.slug)"
        comps.queryItems = [URLQueryItem(name: "ngay", value: iso)] + (parentID.map { [URLQueryItem(name: "cha", value: String($0))] } ?? [])
            + (keyword.isEmpty ? [] : [URLQueryItem(name: "tu-khoa", value: keyword)])
        let base = comps.string ?? "/\(RecordKind.unit.slug)"
        let pager = Paging.Pager(total: "\(VietnameseFormat.number(try await UnitQueries.count(f, db: db))) đơn vị",
                                 firstHref: earlier ? base : nil, previousHref: earlier ? shown.first.map { base + "&truoc=\($0.code)" } : nil,
                                 nextHref: later ? shown.last.map { base + "&sau=\($0.code)" } : nil)
        return UnitTreePage(layout: layout, day: VietnameseFormat.date(iso), dayISO: iso, heading: heading, crumbs: crumbs,
                            items: items, pager: pager, keyword: keyword, parentHref: parentHref, parentId: parentID,
                            canCreate: Policy.allowsGlobally(actor, .create),
                            newHref: RecordKind.unit.newPath + (parentID.map { "?parent=\($0)" } ?? ""))
    }

    public struct Link: Encodable, Sendable { let label: String; let href: String; let note: String? }

    public struct UnitPage: Encodable, Sendable {
        let layout: LayoutContext
        let id: Int
        let name: String
        let code: String
        let level: String
        let validity: String
        let hasCouncilToday: Bool
        let crumbs: [Crumb]
        let councilHref: String?
        let councilName: String?
        let noCouncilPeriods: [String]
        let children: [Link]
        let childrenHref: String
        let organizations: [Link]
        let becameParts: [Link]
        let madeFrom: [Link]
        let canAdmin: Bool
        let canEditOrganizations: Bool
        let canViewAudit: Bool
        let editHref: String
        let deleteHref: String
        let newCouncilHref: String
        let newOrganizationHref: String
        let auditHref: String
        let version: Int
    }

    public static func unitPage(id: Int, layout: LayoutContext, actor: Actor?, db: any Database) async throws -> UnitPage {
        guard let unit = try await AdministrativeUnit.find(id, on: db) else { throw Abort(.notFound) }
        // Show the unit's children as of a day it was valid: today, or its last day.
        let today = Day.today().description
        let asOf = unit.validTo.map { min($0, today) } ?? today
        guard let row = try await UnitQueries.find(id: id, on: asOf, db: db) else { throw Abort(.notFound) }
        let crumbs = try await UnitQueries.ancestors(path: unit.path, db: db).dropLast().map {
            Crumb(label: $0.fullName, href: RecordKind.unit.path($0.id!))
        }
        let children = try await UnitQueries.children(of: id, on: asOf, db: db).map {
            Link(label: $0.fullName, href: RecordKind.unit.path($0.id), note: $0.code)
        }
        let council = try await row.council_id.asyncMap { try await Council.find($0, on: db) } ?? nil
        let periods = try await UnitQueries.councilPeriods(unitID: id, db: db).filter { !$0.hasCouncil }.map {
            "Không tổ chức HĐND \(validityText($0.validFrom, $0.validTo))" + ($0.note.isEmpty ? "" : " (\($0.note))")
        }
        let orgs = try await DirectoryQueries.organizations(unitID: id, db: db).map {
            Link(label: $0.name, href: RecordKind.organization.path($0.id), note: $0.kind.label)
        }
        let forward = try await UnitQueries.successions(unitID: id, forward: true, db: db).map {
            Link(label: "\($0.kind.label) \($0.name)", href: RecordKind.unit.path($0.id), note: $0.is_default ? nil : "một phần")
        }
        let backward = try await UnitQueries.successions(unitID: id, forward: false, db: db).map {
            Link(label: "\($0.kind.label) \($0.name)", href: RecordKind.unit.path($0.id), note: $0.code)
        }
        let place = Place(unitID: id, unitPath: unit.path)
        return UnitPage(layout: layout, id: id, name: unit.fullName, code: unit.code, level: unit.level.label,
                        validity: validityText(unit.validFrom, unit.validTo), hasCouncilToday: row.has_council,
                        crumbs: Array(crumbs), councilHref: council.map { RecordKind.council.path($0.id!) },
                        councilName: council?.name, noCouncilPeriods: periods, children: children,
                        childrenHref: "/\(RecordKind.unit.slug)?cha=\(id)&ngay=\(asOf)", organizations: orgs,
                        becameParts: forward, madeFrom: backward, canAdmin: Policy.allowsGlobally(actor, .update),
                        canEditOrganizations: Policy.allows(actor, .create, place),
                        canViewAudit: Policy.allows(actor, .viewAudit, place),
                        editHref: RecordKind.unit.editPath(id), deleteHref: RecordKind.unit.deletePath(id),
                        newCouncilHref: RecordKind.council.newPath + "?unit=\(id)",
                        newOrganizationHref: RecordKind.organization.newPath + "?unit=\(id)",
                        auditHref: RecordKind.unit.auditPath(id), version: unit.version)
    }

    struct MemberItem: Sendable {
        let personName: String
        let personHref: String
        let post: String
        let period: String
        let current: Bool
        let editHref: String
    }

    struct BodySection: Sendable {
        let id: Int
        let name: String
        let href: String
        let members: [MemberItem]
        let addMemberHref: String
        let editHref: String
    }

    struct BodyGroup: Sendable { let title: String; let sections: [BodySection] }

    public struct TermTab: Encodable, Sendable { let label: String; let href: String; let selected: Bool }

    public struct CouncilPage: Encodable, Sendable {
        let layout: LayoutContext
        let id: Int
        let name: String
        let unitName: String
        let unitHref: String
        let terms: [TermTab]
        let termLabel: String?
        let termDates: String?
        /// Standing committee, committees, delegate groups, office, all delegates: in that order (`CouncilPageParts`).
        let groups: HTML
        let constituencies: [Link]
        let canEdit: Bool
        let canAdmin: Bool
        let canViewAudit: Bool
        let newTermHref: String
        let newBodyHref: String?
        let newConstituencyHref: String?
        let newPersonHref: String
        let editTermHref: String?
        let editHref: String
        let auditHref: String
        let meetingsHref: String
        let receptionHref: String
        let petitionsHref: String?
        let lettersHref: String?
        let resolutionsHref: String
        let calendarHref: String
        let questionsHref: String
        let standingHref: String
        let oversightHref: String?
        /// The tasks it gave and was given.
        var tasksHref: String? = nil
        var hearingsHref: String? = nil
        var coordinationHref = ""
        var programsHref = ""
        var reportHref: String? = nil
        var briefingsHref: String? = nil
        var evaluationHref: String? = nil
        /// The selected term's sessions, and the due-date rule of forwarded petitions.
        let sessions: [Link]
        let newSessionHref: String?
        let petitionDue: String
        /// For a council whose unit ended: since when, and the councils that took over.
        var ended: String? = nil
        var successors: [Link] = []
        /// Hand-overs made and received; the form for handing over what is still open, to whom the reader may.
        var handovers: [Handovers.Line] = []
        var handoverForm: HandoverForm? = nil
    }

    struct HandoverForm: Encodable, Sendable {
        let action: String
        let open: String
        let targets: [FormOption]
    }

    static func memberItems(_ rows: [DirectoryQueries.MemberRow], today: String) -> [MemberItem] {
        rows.map { m in
            MemberItem(personName: m.full_name, personHref: RecordKind.person.path(m.person_id), post: m.post,
                       period: validityText(m.valid_from, m.valid_to),
                       current: (m.valid_from ?? "") <= today && (m.valid_to ?? "9999") >= today,
                       editHref: RecordKind.membership.editPath(m.id))
        }
    }

    /// What a council's page shows of its records, the same for every reader: kept between requests while the records
    /// stay the same (`FigureCache`; M062 tracks the constituencies and hand-overs). On PostgreSQL its eight reads cost
    /// the app more than the page's writing (about 0,2 ms of CPU a statement, `perf`, issue 11).
    struct CouncilRecords: Sendable {
        struct Council: Decodable, Sendable {
            let name: String, petition_due_mode: PetitionDueMode, petition_due_days: Int
            let unit_id: Int, path: String, kind: UnitKind, unit_name: String, valid_to: String?
        }
        struct TermRow: Decodable, Sendable {
            let id: Int, ordinal: Int, start_year: Int, end_year: Int, start_date: String?, end_date: String?
            var label: String { Term.label(ordinal: ordinal, startYear: start_year, endYear: end_year) }
        }
        struct SessionRow: Decodable, Sendable {
            let id: Int, number: Int, numerals: SessionNumerals, kind: SessionKind, opens_on: String, opened_on: String?
            let closes_on: String?, ended_on: String?, place: String?
        }
        struct BodyRow: Decodable, Sendable { let id: Int, name: String, kind: BodyKind }
        struct ConstituencyRow: Decodable, Sendable { let id: Int, number: Int, name: String, area: String? }
        let council: Council
        let terms: [TermRow], selected: TermRow?
        var sessions: [SessionRow] = [], bodies: [BodyRow] = [], members: [DirectoryQueries.MemberRow] = []
        var constituencies: [ConstituencyRow] = []
        var end: CouncilEnd? = nil, handovers: [Handovers.Line] = []

        /// The term shown: the one asked for, else the one running in `year`, else the latest.
        static func read(id: Int, termID: Int?, year: Int, db: any Database) async throws -> CouncilRecords? {
            // Plain columns (a model costs a reflection of its fields on every read).
            guard let council = try await db.sql.raw("""
                SELECT c.name, c.petition_due_mode, c.petition_due_days, c.unit_id, u.path, u.kind, u.name AS unit_name, u.valid_to \
                FROM councils c JOIN units u ON u.id = c.unit_id WHERE c.id = \(bind: id) AND c.deleted_at IS NULL AND u.deleted_at IS NULL
                """).firstRow(Council.self) else { return nil }
            let terms = try await db.sql.select().columns("id", "ordinal", "start_year", "end_year", "start_date", "end_date").from(Term.schema)
                .where("council_id", .equal, id).where("deleted_at", .is, SQLLiteral.null).orderBy("ordinal", .descending).rows(TermRow.self)
            let selected = terms.first { $0.id == termID } ?? terms.first { $0.start_year <= year && year <= $0.end_year } ?? terms.first
            var r = CouncilRecords(council: council, terms: terms, selected: selected)
            if let selected {
                r.sessions = try await db.sql.select()
                    .columns("id", "number", "numerals", "kind", "opens_on", "opened_on", "closes_on", "ended_on", "place")
                    .from(CouncilSession.schema).where("council_id", .equal, id).where("term_id", .equal, selected.id)
                    .where("deleted_at", .is, SQLLiteral.null).orderBy("opens_on").rows(SessionRow.self)
                r.bodies = try await db.sql.select().columns("id", "name", "kind").from(Body.schema).where("term_id", .equal, selected.id)
                    .where("deleted_at", .is, SQLLiteral.null).orderBy("name").rows(BodyRow.self)
                r.members = try await DirectoryQueries.members(bodyIDs: r.bodies.map(\.id), db: db)
                r.constituencies = try await db.sql.select().columns("id", "number", "name", "area").from(Constituency.schema)
                    .where("term_id", .equal, selected.id).where("deleted_at", .is, SQLLiteral.null).orderBy("number")
                    .rows(ConstituencyRow.self)
            }
            r.end = try await CouncilEnd.of(unitID: council.unit_id, endedOn: council.valid_to, on: db)
            r.handovers = try await Handovers.lines(councilID: id, db: db)
            return r
        }
    }

    static func councilPage(id: Int, termID: Int?, layout: LayoutContext, actor: Actor?, kept: FigureCache,
                                   db: any Database) async throws -> CouncilPage {
        let year = Day.today().year
        guard let records = try await kept.value("council page \(id) \(termID ?? 0) \(year)", on: db, count: {
            try await CouncilRecords.read(id: id, termID: termID, year: year, db: db)
        }) else { throw Abort(.notFound) }
        let council = records.council, selected = records.selected
        let tabs = records.terms.map {
            TermTab(label: $0.label, href: RecordKind.council.path(id) + "?nhiem-ky=\($0.id)", selected: $0.id == selected?.id)
        }
        let sessions = records.sessions.map { s -> Link in
            let opening = VietnameseFormat.date(CouncilSession.opening(openedOn: s.opened_on, opensOn: s.opens_on))
            let closing: String = (s.ended_on ?? s.closes_on).map { ", bế mạc \(VietnameseFormat.date($0))" } ?? ""
            return Link(label: CouncilSession.displayName(title: CouncilSession.title(s.number, s.numerals), kind: s.kind),
                        href: RecordKind.session.path(s.id), note: "khai mạc \(opening)" + closing + (s.place.map { ", \($0)" } ?? ""))
        }
        var sections: [BodyKind: [BodySection]] = [:]
        let today = Day.today().description
        let members = Dictionary(grouping: records.members, by: \.body_id)
        for body in records.bodies {
            let section = BodySection(id: body.id, name: body.name, href: RecordKind.body.path(body.id),
                                      members: memberItems(members[body.id] ?? [], today: today),
                                      addMemberHref: RecordKind.membership.newPath + "?body=\(body.id)",
                                      editHref: RecordKind.body.editPath(body.id))
            sections[body.kind, default: []].append(section)
        }
        let constituencies = records.constituencies.map {
            Link(label: Constituency.displayName(number: $0.number, name: $0.name), href: RecordKind.constituency.editPath($0.id), note: $0.area)
        }
        let place = Place(unitID: council.unit_id, unitPath: council.path)
        let canEdit = Policy.allows(actor, .update, place)
        let end = records.end
        var page = CouncilPage(
            layout: layout, id: id, name: council.name, unitName: council.kind.fullName(council.unit_name),
            unitHref: RecordKind.unit.path(council.unit_id),
            terms: tabs, termLabel: selected?.label,
            termDates: selected.map { validityText($0.start_date, $0.end_date) },
            groups: CouncilPageParts.groups([(BodyKind.standing, "Thường trực HĐND"), (.committee, "Các Ban"), (.delegateGroup, "Tổ đại biểu"),
                                             (.office, "Văn phòng"), (.council, "Đại biểu HĐND")].compactMap { kind, title in
                                                 sections[kind].map { BodyGroup(title: title, sections: $0) }
                                             }, canEdit: canEdit),
            constituencies: constituencies,
            canEdit: canEdit, canAdmin: Policy.allowsGlobally(actor, .update), canViewAudit: Policy.allows(actor, .viewAudit, place),
            newTermHref: RecordKind.term.newPath + "?council=\(id)",
            newBodyHref: selected.map { RecordKind.body.newPath + "?term=\($0.id)" },
            newConstituencyHref: selected.map { RecordKind.constituency.newPath + "?term=\($0.id)" },
            newPersonHref: RecordKind.person.newPath + "?council=\(id)",
            editTermHref: selected.map { RecordKind.term.editPath($0.id) },
            editHref: RecordKind.council.editPath(id), auditHref: RecordKind.council.auditPath(id),
            meetingsHref: RecordKind.council.path(id) + "/tiep-xuc-cu-tri",
            receptionHref: RecordKind.council.path(id) + "/tiep-cong-dan",
            petitionsHref: Policy.allows(actor, .read, place.internalRecords)
                ? RecordKind.council.path(id) + "/kien-nghi" : nil,
            lettersHref: Policy.allows(actor, .read, place.internalRecords)
                ? RecordKind.council.path(id) + "/don-thu" : nil,
            resolutionsHref: RecordKind.council.path(id) + "/nghi-quyet", calendarHref: RecordKind.council.path(id) + "/lich",
            questionsHref: RecordKind.council.path(id) + "/chat-van", standingHref: RecordKind.council.path(id) + "/thuong-truc",
            oversightHref: Policy.allows(actor, .read, place.internalRecords) ? RecordKind.council.path(id) + "/giam-sat" : nil,
            sessions: sessions,
            newSessionHref: Policy.allows(actor, .create, place) ? RecordKind.session.newPath + "?council=\(id)" : nil,
            petitionDue: "Hạn trả lời kiến nghị cử tri do Hội đồng chuyển: "
                + "\(PetitionDueRule(mode: council.petition_due_mode, days: council.petition_due_days).description); "
                + "kiến nghị do Quốc hội chuyển: \(PetitionDueRule.nationalAssemblyDays) ngày.")
        page.tasksHref = Policy.allows(actor, .read, place.internalRecords) ? RecordKind.council.path(id) + "/nhiem-vu" : nil
        page.coordinationHref = RecordKind.council.path(id) + "/phoi-hop"
        page.programsHref = RecordKind.council.path(id) + "/chuong-trinh-cong-tac"
        page.reportHref = Policy.allows(actor, .read, place.internalRecords) ? RecordKind.council.path(id) + "/bao-cao" : nil
        page.briefingsHref = Policy.allows(actor, .read, place.internalRecords) ? RecordKind.council.path(id) + "/giao-ban" : nil
        page.evaluationHref = Policy.allows(actor, .read, place.internalRecords) ? RecordKind.council.path(id) + "/thi-dua" : nil
        page.hearingsHref = Policy.allows(actor, .read, place.internalRecords) ? RecordKind.council.path(id) + "/giai-trinh" : nil
        page.ended = end?.text
        page.successors = end?.successors.map { Link(label: $0.name, href: RecordKind.council.path($0.councilID), note: nil) } ?? []
        page.handovers = records.handovers
        if let end {
            let targets = Handovers.targets(of: end, actor: actor)
            let open = try await Handovers.open(councilID: id, db: db)
            if !targets.isEmpty && !open.isEmpty {
                page.handoverForm = HandoverForm(
                    action: RecordKind.council.path(id) + "/ban-giao",
                    open: "Còn \(open.text) đang giải quyết.",
                    targets: targets.map { FormOption(value: String($0.councilID), label: $0.name, selected: targets.count == 1) })
            }
        }
        return page
    }

    /// A body of a council or an organization: who holds which post in it. One page serves both.
    public struct HolderPage: Encodable, Sendable {
        let layout: LayoutContext
        let name: String
        let subtitle: String
        let parentName: String
        let parentHref: String
        let membersHeading: String
        let addLabel: String
        /// Its members (`MemberTable`), and whether there are any.
        let members: HTML, anyMembers: Bool
        let canEdit: Bool
        let canViewAudit: Bool
        let addMemberHref: String
        let editHref: String
        let deleteHref: String
        let auditHref: String
        let version: Int
    }

    static func holderPage<R: EditableRecord>(_ record: R, subtitle: String, parentName: String, parentHref: String, heading: String,
                                              addLabel: String, members: [DirectoryQueries.MemberRow], addMemberHref: String,
                                              layout: LayoutContext, actor: Actor?, db: any Database) async throws -> HolderPage {
        let place = try await Places.of(record, on: db)
        let id = record.id!, canEdit = Policy.allows(actor, .update, place)
        return HolderPage(layout: layout, name: record.displayName, subtitle: subtitle, parentName: parentName, parentHref: parentHref,
                          membersHeading: heading, addLabel: addLabel,
                          members: MemberTable.html(memberItems(members, today: Day.today().description), editing: canEdit),
                          anyMembers: !members.isEmpty, canEdit: canEdit, canViewAudit: Policy.allows(actor, .viewAudit, place),
                          addMemberHref: addMemberHref, editHref: R.kind.editPath(id), deleteHref: R.kind.deletePath(id),
                          auditHref: R.kind.auditPath(id), version: record.version)
    }

    public static func bodyPage(id: Int, layout: LayoutContext, actor: Actor?, db: any Database) async throws -> HolderPage {
        guard let body = try await Body.find(id, on: db), let term = try await Term.find(body.termID, on: db),
              let council = try await Council.find(body.councilID, on: db) else { throw Abort(.notFound) }
        return try await holderPage(body, subtitle: "\(body.kind.label) · \(term.label)", parentName: council.name,
                                    parentHref: RecordKind.council.path(council.id!) + "?nhiem-ky=\(term.id!)", heading: "Thành viên",
                                    addLabel: "Thêm thành viên", members: try await DirectoryQueries.members(bodyIDs: [id], db: db),
                                    addMemberHref: RecordKind.membership.newPath + "?body=\(id)", layout: layout, actor: actor, db: db)
    }

    public static func organizationPage(id: Int, layout: LayoutContext, actor: Actor?, db: any Database) async throws -> HolderPage {
        guard let org = try await Organization.find(id, on: db), let unit = try await AdministrativeUnit.find(org.unitID, on: db)
        else { throw Abort(.notFound) }
        return try await holderPage(org, subtitle: "\(org.kind.label) · \(validityText(org.validFrom, org.validTo))", parentName: unit.fullName,
                                    parentHref: RecordKind.unit.path(unit.id!), heading: "Lãnh đạo, thành viên", addLabel: "Thêm người giữ chức vụ",
                                    members: try await DirectoryQueries.members(organizationID: id, db: db),
                                    addMemberHref: RecordKind.membership.newPath + "?organization=\(id)", layout: layout, actor: actor, db: db)
    }

    public struct PostItem: Encodable, Sendable {
        let post: String
        let whereLabel: String
        let whereHref: String?
        let councilName: String?
        let councilHref: String?
        let term: String?
        let period: String
        let editHref: String
    }

    public struct PersonPage: Encodable, Sendable {
        let layout: LayoutContext
        let name: String
        let gender: String?
        let birthYear: String?
        let note: String?
        let posts: [PostItem]
        let canEdit: Bool
        let canViewAudit: Bool
        let editHref: String
        let deleteHref: String
        let addPostHref: String
        let auditHref: String
        let version: Int
        /// For an administrator: the accounts of this person's council, to say which one is theirs.
        var accountForm: AccountLinkForm? = nil
        /// The delegate's report card, for the council's people and the delegate.
        var reportCardHref: String? = nil
    }

    struct AccountLinkForm: Encodable, Sendable {
        let action: String
        let linked: [String]
        let options: [FormOption]
    }

    public static func personPage(id: Int, layout: LayoutContext, actor: Actor?, db: any Database) async throws -> PersonPage {
        guard let person = try await Person.find(id, on: db) else { throw Abort(.notFound) }
        let posts = try await DirectoryQueries.posts(personID: id, db: db).map { row in
            PostItem(post: row.post, whereLabel: row.body_name ?? row.organization_name ?? "",
                     whereHref: row.body_id.map { RecordKind.body.path($0) } ?? row.organization_id.map { RecordKind.organization.path($0) },
                     councilName: row.council_name, councilHref: row.council_id.map { RecordKind.council.path($0) },
                     term: row.ordinal.map { "Khóa \(RomanNumeral.string($0)) (\(row.start_year ?? 0) - \(row.end_year ?? 0))" },
                     period: validityText(row.valid_from, row.valid_to), editHref: RecordKind.membership.editPath(row.id))
        }
        let place = try await Places.of(person, on: db)
        var page = PersonPage(layout: layout, name: person.fullName, gender: person.gender?.label,
                              birthYear: person.birthYear.map(String.init), note: person.note, posts: posts,
                              canEdit: Policy.allows(actor, .update, place), canViewAudit: Policy.allows(actor, .viewAudit, place),
                              editHref: RecordKind.person.editPath(id), deleteHref: RecordKind.person.deletePath(id),
                              addPostHref: RecordKind.membership.newPath + "?person=\(id)", auditHref: RecordKind.person.auditPath(id),
                              version: person.version)
        if Policy.allows(actor, .read, place.internalRecords) || (actor?.personID != nil && actor?.personID == id) {
            page.reportCardHref = RecordKind.person.path(id) + "/ket-qua"
        }
        if actor?.isAdmin == true {
            let accounts = try await Accounts.councilAccounts(unitID: person.unitID, db: db)
            page.accountForm = AccountLinkForm(
                action: RecordKind.person.path(id) + "/tai-khoan",
                linked: accounts.filter { $0.person_id == id }.map { "\($0.username) (\($0.full_name))" },
                options: accounts.map { FormOption(value: String($0.id), label: "\($0.username) — \($0.full_name)", selected: $0.person_id == id) })
        }
        return page
    }

}
