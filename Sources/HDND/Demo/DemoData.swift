import Fluent
import Vapor

public struct DemoAccount: Encodable, Sendable {
    public let username: String
    public let password: String
    public let role: String
    public let place: String
}

/// Demo data modelled on the seeds (news posts of Hà Nội's district councils, 2020–2024):
/// Hai Bà Trưng with its 18 wards, Hoàn Kiếm, Long Biên with Cự Khối, Mê Linh with its communes,
/// the people the posts name with the posts they held, and today's two-level tree with the 2026–2031 term.
public enum DemoData {
    public static let password = "hdnd2026"

    /// The working accounts serve the current councils of the 2026–2031 term; the abolished councils' records are read
    /// through the city's accounts and the successors' links.
    struct AccountSpec {
        let username: String, fullName: String, role: Role
        /// The demo builder's key of the council (or of the agency, for an agency account).
        let place: String?
        let placeName: String
    }

    static let accountSpecs: [AccountSpec] = [
        AccountSpec(username: "admin", fullName: "Quản trị hệ thống", role: .admin, place: nil, placeName: "Toàn hệ thống"),
        AccountSpec(username: "vanphong.hanoi", fullName: "Đào Thu Hương (Văn phòng Đoàn ĐBQH và HĐND thành phố)", role: .office,
                    place: "HN", placeName: "HĐND thành phố Hà Nội"),
        AccountSpec(username: "thuongtruc.hanoi", fullName: "Hoàng Minh Tâm", role: .standing, place: "HN", placeName: "HĐND thành phố Hà Nội"),
        AccountSpec(username: "vanphong.hbt", fullName: "Nguyễn Thị Lan (Văn phòng HĐND và UBND phường Hai Bà Trưng)", role: .office,
                    place: "new-00256", placeName: "HĐND phường Hai Bà Trưng"),
        AccountSpec(username: "thuongtruc.hbt", fullName: "Lê Minh Đức", role: .standing, place: "new-00256", placeName: "HĐND phường Hai Bà Trưng"),
        AccountSpec(username: "daibieu.hbt", fullName: "Vũ Đức Bảo", role: .delegate, place: "new-00256", placeName: "HĐND phường Hai Bà Trưng"),
        AccountSpec(username: "coquan.hbt", fullName: "UBND phường Hai Bà Trưng", role: .agency, place: "UBND 00256",
                    placeName: "UBND phường Hai Bà Trưng"),
        AccountSpec(username: "vanphong.hoankiem", fullName: "Trần Thị Yến (Văn phòng HĐND và UBND phường Hoàn Kiếm)", role: .office,
                    place: "new-00070", placeName: "HĐND phường Hoàn Kiếm"),
    ]

    public static var accounts: [DemoAccount] {
        accountSpecs.map { DemoAccount(username: $0.username, password: password, role: $0.role.label, place: $0.placeName) }
    }

    /// The demo accounts the sign-in page lists: only those of a demo installation (loaded by `hdnd demo` or
    /// `hdnd serve --demo`), open, and whose password is still the published one.
    public static func listedAccounts(on db: any Database) async throws -> [DemoAccount] {
        let names = Set(try await User.query(on: db).filter(\.$demoPassword == true).filter(\.$active == true).all().map(\.username))
        return accounts.filter { names.contains($0.username) }
    }

    public static func isEmpty(on db: any Database) async throws -> Bool {
        let users = try await User.query(on: db).withDeleted().count()
        let councils = try await Council.query(on: db).withDeleted().count()
        return users == 0 && councils == 0
    }

    /// Loads everything. `provinces` limits the unit lists (tests load Hà Nội only); without `currentRecords` the current
    /// councils have their people and bodies but none of this year's sessions, meetings, petitions, letters or reception
    /// (tests that count what they write themselves start from there).
    public static func load(on db: any Database, hash: (String) throws -> String, provinces: Set<String>? = nil,
                            currentRecords: Bool = true, progress: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        try await UnitsImporter.run(on: db, provinces: provinces, progress: progress)
        let b = try await DemoBuilder(db: db)
        try await b.holidayDecisions()
        try await b.build()
        try await b.voterRecordsOfHoanKiem2019()
        try await b.lettersOfHoanKiem2019()
        try await b.receptionsFromTheSeeds()
        try await b.meLinhCommunesFirstQuarter2022()
        try await b.workProgramsFromTheSeeds()
        try await b.briefingsFromTheSeeds()
        try await b.currentCouncils(records: currentRecords)
        try await PetitionClusters.assignPending(on: db)
        // The demo accounts share one published password: hashed once (bcrypt at cost 12 is ~250 ms a hash).
        let hashed = try hash(password)
        for spec in accountSpecs {
            let councilID = spec.role == .agency ? nil : spec.place.flatMap { b.councils[$0] }
            let orgID = spec.role == .agency ? spec.place.flatMap { b.organizations[$0] } : nil
            let user = try await Accounts.createUser(username: spec.username, fullName: spec.fullName, password: password, role: spec.role,
                                                     councilID: councilID, organizationID: orgID, by: nil, hash: { _ in hashed }, on: db)
            user.demoPassword = true
            // A standing member's or delegate's account belongs to that person: its home shows their own work.
            if spec.role == .standing || spec.role == .delegate, let councilID, let council = try await Council.find(councilID, on: db) {
                user.personID = try await Person.query(on: db).filter(\.$unitID == council.unitID).filter(\.$fullName == spec.fullName).first()?.id
            }
            try await user.save(on: db)
        }
        progress("Tài khoản mẫu: \(accountSpecs.count)")
    }
}

/// Writes the demo records through `RecordWriter`, as the system itself.
final class DemoBuilder {
    let db: any Database
    let writer: RecordWriter
    var councils: [String: Int] = [:]
    var organizations: [String: Int] = [:]
    var today: String { Day.today().description }

    init(db: any Database) async throws {
        self.db = db
        writer = RecordWriter(db: db, actor: Actor(userID: 0, username: "he-thong", fullName: "Dữ liệu mẫu",
                                                   grants: [Grant(role: .admin)]))
    }

    func unit(_ code: String, on day: String) async throws -> UnitRow {
        guard let row = try await UnitQueries.find(code: code, on: day, db: db) else {
            throw Abort(.internalServerError, reason: "Thiếu đơn vị \(code) trong danh mục.")
        }
        return row
    }

    @discardableResult
    func council(_ key: String, unitCode: String, on day: String, name: String) async throws -> Int {
        let unit = try await unit(unitCode, on: day)
        let c = Council()
        c.unitID = unit.id; c.name = name; c.folded = fold(name)
        try await writer.create(c)
        councils[key] = c.id!
        return c.id!
    }

    func term(_ councilKey: String, ordinal: Int, _ start: Int, _ end: Int, startDate: String? = nil) async throws -> Int {
        let t = Term()
        t.councilID = councils[councilKey]!
        t.unitID = try await Council.find(t.councilID, on: db)!.unitID
        t.ordinal = ordinal; t.startYear = start; t.endYear = end; t.startDate = startDate
        let actor = writer.actor
        try await writer.create(t) { r, tx in try await r.afterInsert(actor: actor, on: tx) }
        return t.id!
    }

    /// A session; one whose opening is past is recorded as held on its planned days.
    @discardableResult
    func session(_ councilKey: String, term: Int, _ number: Int, _ kind: SessionKind, opens: String, closes: String? = nil,
                 place: String? = nil, held: Bool? = nil) async throws -> CouncilSession {
        let council = try require(try await Council.find(try require(councils[councilKey]), on: db))
        let s = CouncilSession()
        s.councilID = council.id!; s.unitID = council.unitID; s.numerals = council.sessionNumerals
        s.termID = term; s.number = number; s.kind = kind; s.opensOn = opens; s.closesOn = closes; s.place = place
        if held ?? (opens < Day.today().description) { s.openedOn = opens; s.endedOn = closes }
        s.folded = fold("\(s.title) \(kind.label) \(place ?? "")")
        try await writer.create(s)
        return s
    }

    func body(term: Int, _ kind: BodyKind, _ name: String? = nil) async throws -> Int {
        if let existing = try await Body.query(on: db).filter(\.$termID == term).filter(\.$kind == kind)
            .filter(\.$name == (name ?? kind.label)).first() {
            return existing.id!
        }
        let t = try await Term.find(term, on: db)!
        let b = Body()
        b.termID = term; b.councilID = t.councilID; b.unitID = t.unitID; b.kind = kind
        b.name = name ?? kind.label; b.folded = fold(b.name)
        try await writer.create(b)
        return b.id!
    }

    func organization(_ key: String, unitCode: String, on day: String, _ kind: OrganizationKind, _ name: String) async throws -> Int {
        let unit = try await unit(unitCode, on: day)
        let o = Organization()
        o.unitID = unit.id; o.kind = kind; o.name = name; o.folded = fold(name)
        try await writer.create(o)
        organizations[key] = o.id!
        return o.id!
    }

    func person(_ name: String, council: String, gender: Gender? = nil) async throws -> Int {
        let p = Person()
        p.unitID = try await Council.find(councils[council]!, on: db)!.unitID
        p.fullName = name; p.gender = gender; p.folded = fold(name)
        try await writer.create(p)
        return p.id!
    }

    func post(_ person: Int, body: Int? = nil, organization: Int? = nil, _ post: String, rank: Int = 50,
              from: String? = nil, to: String? = nil) async throws {
        let m = Membership()
        m.personID = person; m.bodyID = body; m.organizationID = organization; m.post = post; m.rank = rank
        m.validFrom = from; m.validTo = to
        if let body { m.unitID = try await Body.find(body, on: db)!.unitID }
        else { m.unitID = try await Organization.find(organization!, on: db)!.unitID }
        try await writer.create(m)
    }

    func build() async throws {
        let before = "2020-06-01", after = "2026-01-01"
        // Thành phố Hà Nội: one unit throughout.
        try await council("HN", unitCode: "01", on: before, name: "HĐND thành phố Hà Nội")
        _ = try await term("HN", ordinal: 15, 2016, 2021, startDate: "2016-06-28")
        let hn16 = try await term("HN", ordinal: 16, 2021, 2026, startDate: "2021-06-22")
        let hn17 = try await term("HN", ordinal: 17, 2026, 2031)
        _ = try await body(term: hn16, .committee, "Ban Pháp chế")
        _ = try await body(term: hn16, .committee, "Ban Kinh tế - Ngân sách")
        _ = try await body(term: hn16, .committee, "Ban Văn hóa - Xã hội")
        _ = try await body(term: hn16, .committee, "Ban Đô thị")
        _ = try await body(term: hn17, .committee, "Ban Pháp chế")
        _ = try await body(term: hn17, .committee, "Ban Kinh tế - Ngân sách")
        _ = try await body(term: hn17, .committee, "Ban Văn hóa - Xã hội")
        _ = try await body(term: hn17, .committee, "Ban Đô thị")
        _ = try await body(term: hn17, .office, "Văn phòng Đoàn ĐBQH và HĐND thành phố")

        // Quận Hai Bà Trưng and its 18 wards (seed 000, seed 004).
        try await council("HBT", unitCode: "007", on: before, name: "HĐND quận Hai Bà Trưng")
        let hbt19 = try await term("HBT", ordinal: 19, 2016, 2021, startDate: "2016-06-24")
        let hbt20 = try await term("HBT", ordinal: 20, 2021, 2026, startDate: "2021-06-25")
        let hbtPhapChe = try await body(term: hbt20, .committee, "Ban Pháp chế")
        let hbtKTXH = try await body(term: hbt20, .committee, "Ban Kinh tế - Xã hội")
        _ = try await body(term: hbt19, .committee, "Ban Pháp chế")
        _ = try await body(term: hbt19, .committee, "Ban Kinh tế - Xã hội")
        let hbtOffice = try await body(term: hbt20, .office, "Văn phòng HĐND&UBND quận")
        for n in 1...4 {
            let c = Constituency()
            c.termID = hbt20; c.councilID = councils["HBT"]!; c.unitID = try await Term.find(hbt20, on: db)!.unitID
            c.number = n; c.name = "Đơn vị bầu cử số \(n)"
            try await writer.create(c)
            let group = try await body(term: hbt20, .delegateGroup, "Tổ đại biểu số \(n)")
            let g = try await Body.find(group, on: db)!
            g.constituencyID = c.id
            try await writer.update(g, expectedVersion: g.version, before: g.auditSnapshot, beforeUnitID: g.unitID)
        }
        let thang = try await person("Trần Quyết Thắng", council: "HBT", gender: .male)
        let phuong = try await person("Nguyễn Ngọc Phương", council: "HBT", gender: .male)
        let standing20 = try await body(term: hbt20, .standing)
        let delegates20 = try await body(term: hbt20, .council)
        try await post(thang, body: standing20, "Chủ tịch HĐND quận", rank: 1, from: "2021-06-25")
        try await post(phuong, body: standing20, "Phó Chủ tịch HĐND quận", rank: 2, from: "2021-06-25")
        try await post(thang, body: delegates20, "Đại biểu HĐND quận", rank: 1, from: "2021-06-25")
        try await post(phuong, body: delegates20, "Đại biểu HĐND quận", rank: 2, from: "2021-06-25")
        try await post(thang, body: try await body(term: hbt20, .delegateGroup, "Tổ đại biểu số 1"), "Tổ trưởng", rank: 1, from: "2021-06-25")
        let quanUyHBT = try await organization("Quận ủy HBT", unitCode: "007", on: before, .partyCommittee, "Quận ủy Hai Bà Trưng")
        try await post(thang, organization: quanUyHBT, "Phó Bí thư Thường trực Quận ủy", rank: 2, from: "2020-10-01")
        try await post(phuong, organization: quanUyHBT, "Ủy viên Ban Thường vụ Quận ủy", rank: 10)
        let ubndHBT = try await organization("UBND HBT", unitCode: "007", on: before, .peoplesCommittee, "UBND quận Hai Bà Trưng")
        _ = try await organization("MTTQ HBT", unitCode: "007", on: before, .fatherlandFront, "Ủy ban MTTQ quận Hai Bà Trưng")
        _ = try await organization("Điện lực HBT", unitCode: "007", on: before, .agency, "Công ty Điện lực Hai Bà Trưng")
        _ = ubndHBT
        let clerk = try await person("Nguyễn Thị Lan", council: "HBT", gender: .female)
        try await post(clerk, body: hbtOffice, "Chuyên viên Văn phòng", rank: 20, from: "2021-07-01")
        let lead = try await person("Phạm Văn Hùng", council: "HBT", gender: .male)
        try await post(lead, body: hbtPhapChe, "Trưởng Ban Pháp chế", rank: 1, from: "2021-06-25")
        let ktxh = try await person("Lê Thị Hương", council: "HBT", gender: .female)
        try await post(ktxh, body: hbtKTXH, "Trưởng Ban Kinh tế - Xã hội", rank: 1, from: "2021-06-25")
        for p in [lead, ktxh] { try await post(p, body: delegates20, "Đại biểu HĐND quận", rank: 10, from: "2021-06-25") }
        let hbt = try await unit("007", on: before)
        // The 18 wards had councils until the urban-government pilot of 1 July 2021.
        for ward in try await UnitQueries.children(of: hbt.id, on: before, db: db) {
            let key = "HBT-\(ward.code)"
            try await council(key, unitCode: ward.code, on: before, name: "HĐND phường \(ward.name)")
            _ = try await term(key, ordinal: 1, 2016, 2021)
        }

        // Quận Hoàn Kiếm (seed 001).
        try await council("HK", unitCode: "002", on: before, name: "HĐND quận Hoàn Kiếm")
        let hk19 = try await term("HK", ordinal: 19, 2016, 2021, startDate: "2016-06-24")
        _ = try await term("HK", ordinal: 20, 2021, 2026, startDate: "2021-06-25")
        let hkCommittees = [try await body(term: hk19, .committee, "Ban Pháp chế"), try await body(term: hk19, .committee, "Ban Kinh tế - Xã hội")]
        let tuan = try await person("Dương Đức Tuấn", council: "HK", gender: .male)
        let thuy = try await person("Phạm Thị Thu Thủy", council: "HK", gender: .female)
        let luc = try await person("Nguyễn Chí Lực", council: "HK", gender: .male)
        let phu = try await person("Lê Hồng Phú", council: "HK", gender: .male)
        let quan = try await person("Nguyễn Anh Quân", council: "HK", gender: .male)
        let hkStanding = try await body(term: hk19, .standing)
        try await post(tuan, body: hkStanding, "Chủ tịch HĐND quận", rank: 1, from: "2016-06-24", to: "2021-06-24")
        try await hoanKiemOversights2019(standing: hkStanding, committees: hkCommittees)
        try await post(thuy, body: hkStanding, "Phó Chủ tịch HĐND quận", rank: 2, from: "2016-06-24", to: "2021-06-24")
        let quanUyHK = try await organization("Quận ủy HK", unitCode: "002", on: before, .partyCommittee, "Quận ủy Hoàn Kiếm")
        let ubndHK = try await organization("UBND HK", unitCode: "002", on: before, .peoplesCommittee, "UBND quận Hoàn Kiếm")
        let mttqHK = try await organization("MTTQ HK", unitCode: "002", on: before, .fatherlandFront, "Ủy ban MTTQ quận Hoàn Kiếm")
        try await post(tuan, organization: quanUyHK, "Thành ủy viên, Bí thư Quận ủy", rank: 1)
        try await post(thuy, organization: quanUyHK, "Quận ủy viên", rank: 20)
        try await post(luc, organization: quanUyHK, "Phó Bí thư Quận ủy", rank: 2)
        try await post(luc, organization: ubndHK, "Chủ tịch UBND quận", rank: 1)
        try await post(quan, organization: ubndHK, "Phó Chủ tịch UBND quận", rank: 2)
        try await post(quan, organization: quanUyHK, "Ủy viên Ban Thường vụ Quận ủy", rank: 10)
        try await post(phu, organization: mttqHK, "Chủ tịch Ủy ban MTTQ quận", rank: 1)
        try await post(phu, organization: quanUyHK, "Ủy viên Ban Thường vụ Quận ủy", rank: 10)
        try await hoanKiemCoordination(partyCommittee: quanUyHK, peoplesCommittee: ubndHK)

        // Quận Long Biên and phường Cự Khối (seed 002).
        try await council("LB", unitCode: "004", on: before, name: "HĐND quận Long Biên")
        _ = try await term("LB", ordinal: 6, 2016, 2021)
        _ = try await term("LB", ordinal: 7, 2021, 2026)
        let cuKhoi = try await UnitQueries.children(of: try await unit("004", on: before).id, on: before, db: db)
            .first { $0.name == "Cự Khối" }!
        try await council("CuKhoi", unitCode: cuKhoi.code, on: before, name: "HĐND phường Cự Khối")
        try await romanNumerals("CuKhoi")
        let ck = try await term("CuKhoi", ordinal: 6, 2016, 2021)
        let ckCommittees = [try await body(term: ck, .committee, "Ban Kinh tế - Xã hội"), try await body(term: ck, .committee, "Ban Pháp chế")]
        let an = try await person("Ngô Văn An", council: "CuKhoi", gender: .male)
        try await post(an, body: try await body(term: ck, .standing), "Chủ tịch HĐND phường", rank: 1)
        let ubndCK = try await organization("UBND CK", unitCode: cuKhoi.code, on: before, .peoplesCommittee, "UBND phường Cự Khối")
        let dung = try await person("Đào Tiến Dũng", council: "CuKhoi", gender: .male)
        try await post(dung, organization: ubndCK, "Phó Chủ tịch UBND phường", rank: 2)
        let dangUyCK = try await organization("Đảng ủy CK", unitCode: cuKhoi.code, on: before, .partyCommittee, "Đảng ủy phường Cự Khối")
        try await post(an, organization: dangUyCK, "Ủy viên Ban Thường vụ Đảng ủy", rank: 5)
        try await cuKhoiSessions(term: ck)
        try await cuKhoiOversights2020(standing: try await body(term: ck, .standing), committees: ckCommittees)
        try await cuKhoiReview2020()

        // Huyện Mê Linh and its communes (seed 003).
        let q1 = "2022-03-31"
        try await council("ML", unitCode: "250", on: q1, name: "HĐND huyện Mê Linh")
        let ml = try await term("ML", ordinal: 20, 2021, 2026, startDate: "2021-06-25")
        // "tổ chức kỳ họp chuyên đề (kỳ họp thứ 5) HĐND huyện vào ngày 29/3/2022".
        try await session("ML", term: ml, 5, .thematic, opens: "2022-03-29", closes: "2022-03-29")
        let tuanML = try await person("Nguyễn Anh Tuấn", council: "ML", gender: .male)
        let ngan = try await person("Trịnh Thị Hồng Ngân", council: "ML", gender: .female)
        let tan = try await person("Hoàng Văn Tân", council: "ML", gender: .male)
        let mlStanding = try await body(term: ml, .standing)
        try await post(tuanML, body: mlStanding, "Chủ tịch HĐND huyện", rank: 1, from: "2021-06-25")
        try await post(ngan, body: mlStanding, "Phó Chủ tịch HĐND huyện", rank: 2, from: "2021-06-25")
        _ = try await body(term: ml, .committee, "Ban Pháp chế")
        _ = try await body(term: ml, .committee, "Ban Kinh tế - Xã hội")
        let huyenUy = try await organization("Huyện ủy ML", unitCode: "250", on: q1, .partyCommittee, "Huyện ủy Mê Linh")
        try await post(tuanML, organization: huyenUy, "Phó Bí thư Thường trực Huyện ủy", rank: 2)
        try await post(ngan, organization: huyenUy, "Huyện ủy viên", rank: 20)
        try await post(tan, organization: huyenUy, "Ủy viên Ban Thường vụ Huyện ủy", rank: 10)
        let mttqML = try await organization("MTTQ ML", unitCode: "250", on: q1, .fatherlandFront, "Ủy ban MTTQ huyện Mê Linh")
        try await post(tan, organization: mttqML, "Chủ tịch Ủy ban MTTQ huyện", rank: 1)
        _ = try await organization("UBND ML", unitCode: "250", on: q1, .peoplesCommittee, "UBND huyện Mê Linh")
        try await meLinhTrainings2022()
        for commune in try await UnitQueries.children(of: try await unit("250", on: q1).id, on: q1, db: db) {
            let key = "ML-\(commune.code)"
            try await council(key, unitCode: commune.code, on: q1, name: "HĐND \(commune.kind.label.lowercased()) \(commune.name)")
            _ = try await term(key, ordinal: 1, 2021, 2026)
        }

        // Today's tree: communes of the two-level government, 2026–2031 term.
        for (code, label) in [("00256", "phường Hai Bà Trưng"), ("00070", "phường Hoàn Kiếm"), ("00145", "phường Long Biên"), ("09022", "xã Mê Linh")] {
            let key = "new-\(code)"
            try await council(key, unitCode: code, on: after, name: "HĐND \(label)")
            let t = try await term(key, ordinal: 1, 2026, 2031)
            _ = try await body(term: t, .committee, "Ban Pháp chế")
            _ = try await body(term: t, .committee, "Ban Kinh tế - Ngân sách")
            _ = try await body(term: t, .committee, "Ban Văn hóa - Xã hội")
            _ = try await organization("UBND \(code)", unitCode: code, on: after, .peoplesCommittee, "UBND \(label)")
        }
    }
}
