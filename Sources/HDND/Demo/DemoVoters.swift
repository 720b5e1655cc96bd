import Fluent
import SQLKit
import Vapor

/// Quận Hoàn Kiếm, 2019, as the seed reports it: 21 voter meetings of district delegates with the voters
/// of 18 wards and 01 thematic one on the environment, 04 with National Assembly deputies, 04 with city
/// delegates; 1.732 voter attendances and 165 who spoke; 116 petitions forwarded in 2019; and of the
/// petitions reported on from the 2nd to the 10th session of the 2016–2021 term, 176 resolved and 104
/// still being resolved. Written in bulk, with one audit entry for the load.
extension DemoBuilder {
    func voterRecordsOfHoanKiem2019() async throws {
        let council = try require(councils["HK"])
        guard let c = try await Council.find(council, on: db), let ubnd = organizations["UBND HK"],
              let unit = try await AdministrativeUnit.find(c.unitID, on: db) else { return }
        let wards = try await UnitQueries.children(of: unit.id, on: "2019-06-01", db: db)
        let sql = db.sql
        let now = Date()

        // 30 meetings: 21 + 1 + 4 + 4; attendances and speakers spread to total 1.732 and 165.
        struct M { let kind: VoterMeetingKind; let session: Int?; let topic: String?; let higher: HigherLevel?; let date: String; let place: String }
        var meetings: [M] = []
        for i in 0..<21 {
            let before = i < 11
            let ward = wards.isEmpty ? "quận" : wards[i % wards.count].name
            meetings.append(M(kind: before ? .beforeSession : .afterSession, session: before ? 8 : 9, topic: nil, higher: nil,
                              date: before ? String(format: "2019-06-%02d", 3 + i) : String(format: "2019-08-%02d", 1 + i - 11),
                              place: "Trụ sở UBND phường \(ward)"))
        }
        meetings.append(M(kind: .thematic, session: nil, topic: "Nâng cao hiệu quả công tác bảo vệ môi trường trên địa bàn quận",
                          higher: nil, date: "2019-10-15", place: "Hội trường UBND quận Hoàn Kiếm"))
        for i in 0..<4 {
            meetings.append(M(kind: .higherLevel, session: nil, topic: nil, higher: .nationalAssembly,
                              date: ["2019-04-20", "2019-07-05", "2019-09-28", "2019-12-07"][i], place: "Hội trường UBND quận Hoàn Kiếm"))
            meetings.append(M(kind: .higherLevel, session: nil, topic: nil, higher: .province,
                              date: ["2019-06-25", "2019-07-20", "2019-11-25", "2019-12-20"][i], place: "Trụ sở UBND phường \(wards.isEmpty ? "" : wards[i].name)"))
        }
        let attending = Self.spread(1732, over: meetings.count), speaking = Self.spread(165, over: meetings.count)
        var q = sql.insert(into: VoterMeeting.schema).columns("council_id", "unit_id", "kind", "session_number", "topic", "higher_level", "date",
                                                              "place", "co_organizer", "voters_attending", "voters_speaking", "folded", "version", "created_at")
        for (i, m) in meetings.enumerated() {
            q = q.values(SQLBind(council), SQLBind(c.unitID), SQLBind(m.kind.rawValue), SQLBind(m.session), SQLBind(m.topic),
                         SQLBind(m.higher?.rawValue), SQLBind(m.date), SQLBind(m.place), SQLBind("Ban Thường trực UBMTTQ quận"),
                         SQLBind(attending[i]), SQLBind(speaking[i]), SQLBind(fold(m.place + " " + (m.topic ?? ""))), SQLBind(1), SQLBind(now))
        }
        try await q.run()
        struct IDRow: Decodable { let id: Int; let kind: String }
        let meetingRows = try await sql.raw("SELECT id, kind FROM voter_meetings WHERE council_id = \(bind: council) ORDER BY id")
            .rows(IDRow.self).filter { $0.kind != VoterMeetingKind.higherLevel.rawValue }

        // Petitions: 116 raised and forwarded in 2019 (answered since), 280 from earlier sessions reported with their outcome.
        let topics = ["Đề nghị chỉnh trang vỉa hè, lòng đường", "Xử lý tình trạng lấn chiếm vỉa hè để kinh doanh",
                      "Đề nghị tăng cường thu gom rác thải", "Cải tạo nhà tập thể cũ xuống cấp", "Giải quyết ùn tắc giao thông giờ cao điểm",
                      "Đề nghị lắp đặt thêm đèn chiếu sáng ngõ", "Kiểm soát tiếng ồn từ các quán bar, karaoke", "Cấp giấy chứng nhận quyền sử dụng đất",
                      "Hỗ trợ người có công, hộ nghèo", "Nâng cấp trạm y tế phường", "Bổ sung chỗ học cho trẻ mầm non", "Xử lý nước thải sinh hoạt"]
        let fields = ["trattudothi", "trattudothi", "moitruong", "xaydung", "giaothong", "xaydung", "anninh", "datdai", "chinhsachxahoi", "yte", "giaoduc", "moitruong"]
        struct P { let meeting: Int?; let content: String; let field: String; let status: PetitionStatus; let received: String
                   let forwarded: String; let answered: String?; let reported: String? }
        var petitions: [P] = []
        for i in 0..<116 {
            let m = meetingRows.isEmpty ? nil : meetingRows[i % meetingRows.count].id
            let month = 6 + (i % 6)
            petitions.append(P(meeting: m, content: "\(topics[i % topics.count]) (ý kiến số \(i + 1)/2019)", field: fields[i % fields.count],
                               status: .answered, received: String(format: "2019-%02d-%02d", month, 1 + i % 28),
                               forwarded: String(format: "2019-%02d-%02d", min(month + 1, 12), 1 + i % 28),
                               answered: String(format: "2020-%02d-%02d", 1 + i % 3, 1 + i % 28), reported: nil))
        }
        for i in 0..<280 {
            let session = 2 + i % 9
            let year = 2016 + min(i % 9 / 3, 2)
            petitions.append(P(meeting: nil, content: "\(topics[(i + 5) % topics.count]) (kiến nghị báo cáo tại kỳ họp thứ \(session))",
                               field: fields[(i + 5) % fields.count], status: i < 176 ? .resolved : .inProgress,
                               received: String(format: "%04d-%02d-%02d", year, 1 + i % 12, 1 + i % 28),
                               forwarded: String(format: "%04d-%02d-%02d", year, 1 + i % 12, 1 + i % 28),
                               answered: String(format: "%04d-12-%02d", year, 1 + i % 28), reported: "Kỳ họp thứ \(session), HĐND quận khóa XIX"))
        }
        for chunk in stride(from: 0, to: petitions.count, by: 200).map({ Array(petitions[$0..<min($0 + 200, petitions.count)]) }) {
            var q = sql.insert(into: VoterPetition.schema).columns(
                "council_id", "unit_id", "meeting_id", "source", "content", "field", "voter_count", "status", "agency_id", "due_date",
                "forwarded_on", "answer", "answered_on", "answered_by", "reported_session", "received_on", "folded", "version", "created_at")
            for p in chunk {
                q = q.values(SQLBind(council), SQLBind(c.unitID), SQLBind(p.meeting), SQLBind(PetitionSource.voterMeeting.rawValue),
                             SQLBind(p.content), SQLBind(p.field), SQLBind(1), SQLBind(p.status.rawValue), SQLBind(ubnd),
                             SQLBind(Day(p.forwarded)!.adding(days: 30).description), SQLBind(p.forwarded),
                             SQLBind("UBND quận đã chỉ đạo các đơn vị liên quan xem xét, giải quyết."), SQLBind(p.answered),
                             SQLBind("UBND quận Hoàn Kiếm"), SQLBind(p.reported), SQLBind(p.received), SQLBind(fold(p.content)),
                             SQLBind(1), SQLBind(now))
            }
            try await q.run()
        }
        try await SearchIndex.putAll(on: db, kind: .voterPetition, table: VoterPetition.schema, unitPath: "\(bind: unit.path)",
                                     where: "x.council_id = \(bind: council)")
        try await Audit.record(on: db, actor: writer.actor, action: .create, recordType: RecordKind.council.rawValue, recordID: council,
                               unitID: c.unitID, summary: "Nạp dữ liệu mẫu: \(meetings.count) cuộc tiếp xúc cử tri, \(petitions.count) kiến nghị năm 2016–2019",
                               before: [:], after: ["voterMeetings": String(meetings.count), "voterPetitions": String(petitions.count)])
    }

    /// `total` split over `n` parts as evenly as possible (the first parts one larger).
    static func spread(_ total: Int, over n: Int) -> [Int] {
        (0..<n).map { total / n + ($0 < total % n ? 1 : 0) }
    }
}

func require<T>(_ value: T?) throws -> T {
    guard let value else { throw Abort(.internalServerError, reason: "Thiếu dữ liệu mẫu.") }
    return value
}
