import Fluent
import SQLKit

extension StandingMeeting: FormEditable {
    public static var kind: RecordKind { .standingMeeting }
    public var scopeUnitID: Int { unitID }
    public var displayName: String { "\(kind.label) ngày \(VietnameseFormat.date(heldOn))" }
    public var visibility: Place.Visibility { .internalRecord }
    public var auditSnapshot: [String: String] {
        ["councilID": String(councilID), "kind": kind.rawValue, "heldOn": heldOn, "chair": chair ?? "", "participants": participants ?? "",
         "agenda": agenda, "minutes": minutes ?? "", "speakers": speakers.map(String.init) ?? "", "periodFrom": periodFrom ?? "",
         "periodTo": periodTo ?? "", "conclusions": conclusions ?? "", "noticeNumber": noticeNumber.map(String.init) ?? "", "noticedOn": noticedOn ?? "",
         "noticeSigner": noticeSigner ?? "", "noticeSignerTitle": noticeSignerTitle ?? "", "noticeRecipients": noticeRecipients ?? ""]
    }
    public var searchText: (title: String, detail: String)? { (displayName, "Thường trực HĐND · \(agenda.prefix(80))") }

    public static func blank(_ query: FormInput, on db: any Database) async throws -> StandingMeeting {
        let m = StandingMeeting()
        m.councilID = query.id("council", "councilID") ?? 0
        m.unitID = try await Council.find(m.councilID, on: db)?.unitID ?? 0
        m.kind = .regular; m.heldOn = Day.today().description; m.agenda = ""; m.folded = ""; m.version = 0
        return m
    }

    public func formFields(_ b: inout FormBuilder, on db: any Database) async throws {
        b.hidden("councilID", String(councilID))
        b.section("Phiên họp")
        b.select("kind", "Loại phiên họp", kind.rawValue, options: StandingMeetingKind.allCases.map { ($0.rawValue, $0.label) })
        b.day("heldOn", "Ngày họp", heldOn, required: true)
        b.text("chair", "Chủ trì", chair)
        b.textarea("participants", "Thành phần dự họp", participants)
        b.textarea("agenda", "Nội dung", agenda, required: true)
        b.day("periodFrom", "Đánh giá từ ngày", periodFrom)
        b.day("periodTo", "Đến ngày", periodTo)
        b.section("Diễn biến và kết luận")
        b.textarea("minutes", "Biên bản, diễn biến", minutes)
        b.text("speakers", "Số ý kiến phát biểu", speakers.map(String.init), type: "number")
        b.textarea("conclusions", "Kết luận của chủ trì", conclusions)
        b.section("Thông báo kết luận", hint: "Khi ghi ngày ban hành, thông báo nhận số tiếp theo của sổ TB-HĐND trong năm và tải được dưới dạng Word.")
        b.day("noticedOn", "Ngày ban hành thông báo kết luận", noticedOn)
        Self.signature.add(&b, signer: noticeSigner, title: noticeSignerTitle, recipients: noticeRecipients)
    }

    public func apply(_ input: FormInput, on db: any Database) async throws {
        var v = Validator()
        let council = try await DirectoryLookup.council(input["councilID"], field: "councilID", &v, on: db)
        let kind = v.choice("kind", "Loại phiên họp", input["kind"], as: StandingMeetingKind.self)
        let held = v.day("heldOn", "Ngày họp", input["heldOn"], required: true)
        try await CouncilEnd.check(council, day: held, field: "heldOn", &v, on: db)
        let chair = v.optionalText("chair", "Chủ trì", input["chair"], max: 200)
        let participants = v.optionalText("participants", "Thành phần", input["participants"], max: 5000)
        let agenda = v.text("agenda", "Nội dung", input["agenda"], max: 5000)
        let from = v.day("periodFrom", "Đánh giá từ ngày", input["periodFrom"]), to = v.day("periodTo", "Đến ngày", input["periodTo"])
        if kind == .review && (from == nil || to == nil) { v.fail("periodFrom", "Phiên làm việc đánh giá cần ghi khoảng thời gian được đánh giá.") }
        v.order(from, to, field: "periodTo", "Ngày cuối của khoảng đánh giá phải sau ngày đầu.")
        let minutes = v.optionalText("minutes", "Biên bản", input["minutes"], max: 50_000)
        let speakers = v.int("speakers", "Số ý kiến phát biểu", input["speakers"], range: 0...500, required: false)
        let conclusions = v.optionalText("conclusions", "Kết luận", input["conclusions"], max: 20_000)
        let noticed = v.day("noticedOn", "Ngày ban hành thông báo", input["noticedOn"])
        if noticed != nil && conclusions == nil { v.fail("conclusions", "Thông báo kết luận cần có nội dung kết luận.") }
        v.order(held, noticed, field: "noticedOn", "Thông báo kết luận ban hành sau phiên họp.")
        if let noticed, noticed > Day.today().description { v.fail("noticedOn", "Ngày ban hành không thể sau hôm nay.") }
        if noticeNumber != nil && noticed.flatMap({ Day($0)?.year }) != noticeYear { v.fail("noticedOn", "Thông báo đã cấp số \(notice!): không đổi được năm hoặc bỏ ngày ban hành.") }
        let (signer, signerTitle, recipients) = Self.signature.read(input, &v)
        try v.check()
        noticeSigner = signer; noticeSignerTitle = signerTitle; noticeRecipients = recipients
        councilID = council!.id!; unitID = council!.unitID; self.kind = kind!; heldOn = held!; self.chair = chair; self.participants = participants
        self.agenda = agenda; periodFrom = from; periodTo = to; self.minutes = minutes; self.speakers = speakers; self.conclusions = conclusions
        noticedOn = noticed
        folded = fold("\(agenda) \(conclusions ?? "") \(chair ?? "")")
    }

    static let signature = CouncilDocument.SignatureFields(signer: "noticeSigner", title: "noticeSignerTitle", recipients: "noticeRecipients")

    /// A notice of conclusions, once issued, takes the next number of the council's TB-HĐND series of its year.
    func numberNotice(on db: any Database) async throws {
        guard noticeNumber == nil, let year = noticedOn.flatMap({ Day($0)?.year }) else { return }
        noticeNumber = try await RegisterNumbers.take(register: "notices", councilID: councilID, year: year, highestUsed: """
            SELECT MAX(notice_number) FROM standing_meetings WHERE council_id = \(bind: councilID) AND notice_year = \(bind: year)
            """, on: db)
        noticeYear = year
        try await update(on: db)
    }

    public func afterInsert(actor: Actor?, on db: any Database) async throws { try await numberNotice(on: db) }
    public func afterSave(actor: Actor?, on db: any Database) async throws { try await numberNotice(on: db) }

    public func viewPath(on db: any Database) async throws -> String { RecordKind.standingMeeting.path(id!) }
}

/// A review meeting's figures: what each committee and delegate group of the council did in the period, from the records.
public enum BodyReview {
    public struct Row: Decodable, Sendable {
        public let body_id: Int, name: String, kind: BodyKind, oversights: Int, surveys: Int, voter_meetings: Int, voters: Int
    }

    /// Kept between requests while the records stay the same (`FigureCache`: bodies, terms, memberships, people,
    /// oversights and voter meetings bump its revision): a review meeting's page read its bodies and their figures in five
    /// statements on every view (420 req/s on PostgreSQL).
    static func rows(councilID: Int, on day: String, from: String, to: String, kept: FigureCache = .none,
                     db: any Database) async throws -> [Row] {
        try await kept.value("body review \(councilID) \(day) \(from) \(to)", on: db) {
            try await counted(councilID: councilID, on: day, from: from, to: to, db: db)
        }
    }

    private static func counted(councilID: Int, on day: String, from: String, to: String, db: any Database) async throws -> [Row] {
        let bodies = try await Oversight.leaders(councilID: councilID, on: day, db: db).bodies.filter { $0.kind != .standing }
        guard !bodies.isEmpty else { return [] }
        return try await db.sql.raw("""
            SELECT b.id AS body_id, b.name, b.kind, \
            (SELECT COUNT(*) FROM oversights o WHERE o.body_id = b.id AND o.deleted_at IS NULL AND o.kind <> \(bind: OversightKind.survey.rawValue) \
             AND o.fieldwork_from BETWEEN \(bind: from) AND \(bind: to)) AS oversights, \
            (SELECT COUNT(*) FROM oversights o WHERE o.body_id = b.id AND o.deleted_at IS NULL AND o.kind = \(bind: OversightKind.survey.rawValue) \
             AND o.fieldwork_from BETWEEN \(bind: from) AND \(bind: to)) AS surveys, \
            (SELECT COUNT(*) FROM voter_meetings m WHERE m.body_id = b.id AND m.deleted_at IS NULL AND m.date BETWEEN \(bind: from) AND \(bind: to)) AS voter_meetings, \
            (SELECT CAST(COALESCE(SUM(m.voters_attending), 0) AS BIGINT) FROM voter_meetings m WHERE m.body_id = b.id AND m.deleted_at IS NULL \
             AND m.date BETWEEN \(bind: from) AND \(bind: to)) AS voters \
            FROM bodies b WHERE b.id IN (\(binds: bodies.map { $0.id })) ORDER BY b.kind, b.name
            """).rows(Row.self)
    }
}
