import Fluent

/// Demo work programs from the seeds: Mê Linh's program 04/CTr-HĐND of 05/01/2022 with the work of its first quarter
/// linked (seed 003), and Hai Bà Trưng's 2024 program with the targets its conference set out (seed 004).
extension DemoBuilder {
    func workProgramsFromTheSeeds() async throws {
        try await meLinhProgram2022()
        try await haiBaTrungProgram2024()
        try await haiBaTrungWork2024()
    }

    private func meLinhProgram2022() async throws {
        let ml = try require(councils["ML"])
        let standing = try await standingBody(of: ml, on: "2022-01-01")
        let program = try await entered(WorkProgram.self, [
            "councilID": String(ml), "bodyID": String(standing), "title": "Chương trình công tác năm 2022 của Thường trực HĐND huyện",
            "periodFrom": "2022-01-01", "periodTo": "2022-12-31", "issuedOn": "2022-01-05", "number": "4",
            "signer": "Nguyễn Anh Tuấn", "signerTitle": "CHỦ TỊCH",
            "recipients": "Thường trực HĐND Thành phố;\nThường trực Huyện ủy;\nCác Ban HĐND huyện;\nThường trực HĐND các xã, thị trấn;\nLưu: VT.",
            "preamble": "Căn cứ Luật Tổ chức chính quyền địa phương; Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân; "
                + "Thường trực HĐND huyện ban hành Chương trình công tác năm 2022 như sau."])
        let session = try require(try await CouncilSession.query(on: db).filter(\.$councilID == ml).filter(\.$number == 5).first())
        let item = try await entered(WorkItem.self, [
            "programID": String(program.id!), "content": "Tổ chức kỳ họp chuyên đề (kỳ họp thứ 5) HĐND huyện xem xét, thông qua các nội dung theo thẩm quyền",
            "owner": "standing", "plannedMonth": "03/2022", "kind": "session", "state": "planned"])
        try await WorkItemLinks.set(item, recordID: session.id!, linked: true, actor: writer.actor, db: db)
        let training = try await entered(WorkItem.self, [
            "programID": String(program.id!), "content": "Phối hợp với UBND huyện, Trung tâm Chính trị huyện tổ chức tập huấn kỹ năng hoạt động của đại biểu HĐND các cấp",
            "owner": "standing", "plannedMonth": "03/2022", "kind": "training", "state": "planned"])
        for t in try await Training.query(on: db).filter(\.$councilID == ml).filter(\.$year == 2022).all() {
            try await WorkItemLinks.set(training, recordID: t.id!, linked: true, actor: writer.actor, db: db)
        }
        _ = try await entered(WorkItem.self, [
            "programID": String(program.id!), "content": "Hội nghị giao ban Thường trực HĐND huyện với Thường trực HĐND các xã, thị trấn quý I năm 2022",
            "owner": "standing", "plannedMonth": "04/2022", "plannedOn": "26/04/2022", "kind": "other", "state": "planned", "doneOn": "26/04/2022"])
    }

    /// "dự kiến trong năm 2024 HĐND quận tổ chức 02 kỳ họp thường lệ và 01 kỳ họp chuyên đề, thực hiện giám sát 02 nội dung
    /// chuyên đề, Thường trực HĐND quận giám sát ít nhất 02 nội dung chuyên đề, tổ chức 01 cuộc tiếp xúc cử tri chuyên đề;
    /// hai Ban HĐND quận tổ chức ít nhất 02 cuộc giám sát và 01 cuộc khảo sát; các Tổ đại biểu HĐND quận thực hiện ít
    /// nhất 02 cuộc giám sát và 01 hội nghị tiếp xúc cử tri chuyên đề". The seed gives no number or day of issue: a draft.
    private func haiBaTrungProgram2024() async throws {
        let hbt = try require(councils["HBT"])
        let program = try await entered(WorkProgram.self, [
            "councilID": String(hbt), "bodyID": String(try await standingBody(of: hbt, on: "2024-01-01")),
            "title": "Chương trình công tác trọng tâm năm 2024 của HĐND, Thường trực HĐND, hai Ban HĐND quận",
            "periodFrom": "2024-01-01", "periodTo": "2024-12-31", "signerTitle": "CHỦ TỊCH", "signer": "Trần Quyết Thắng",
            "preamble": "Bảo đảm rõ người, rõ việc, rõ tiến độ và chất lượng; triển khai tại hội nghị ngày 30/01/2024 tại trụ sở 33 Đại Cồ Việt."])
        let note = "Theo hội nghị triển khai ngày 30/01/2024"
        for (scope, measure, minimum) in [("council", "regularSessions", 2), ("council", "thematicSessions", 1), ("council", "supervisions", 2),
                                          ("standing", "supervisions", 2), ("standing", "thematicVoterMeetings", 1),
                                          ("eachCommittee", "supervisions", 2), ("eachCommittee", "surveys", 1),
                                          ("eachDelegateGroup", "supervisions", 2), ("eachDelegateGroup", "thematicVoterMeetings", 1)] {
            _ = try await entered(Target.self, ["councilID": String(hbt), "programID": String(program.id!), "scope": scope, "measure": measure,
                                                "minimum": String(minimum), "periodFrom": "2024-01-01", "periodTo": "2024-12-31", "note": note])
        }
    }

    /// The work of 2024 the targets above are counted from. The seed gives the plan only: these records are the demo's,
    /// chosen so that most targets are met and two are not (the Ban Kinh tế - Xã hội's survey, Tổ đại biểu số 4's second
    /// supervision), as a year's review would show.
    private func haiBaTrungWork2024() async throws {
        let hbt = try require(councils["HBT"])
        let term = try require(try await Term.query(on: db).filter(\.$councilID == hbt).filter(\.$ordinal == 20).first())
        let bodies = try await Body.query(on: db).filter(\.$termID == term.id!).sort(\.$name).all()
        let standing = try require(bodies.first { $0.kind == .standing }?.id)
        var sessions: [CouncilSession] = []
        for (n, kind, opens) in [(14, SessionKind.thematic, "2024-04-11"), (15, .midYear, "2024-07-09"), (16, .yearEnd, "2024-12-17")] {
            sessions.append(try await session("HBT", term: term.id!, n, kind, opens: opens, closes: opens, place: "Trụ sở HĐND - UBND quận, 30 Lê Đại Hành"))
        }
        let note = "Dữ liệu mẫu minh họa tiến độ chỉ tiêu năm 2024"
        @discardableResult
        func supervise(_ lead: OversightLead, body: Int?, _ topic: String, on day: String, kind: OversightKind = .thematic) async throws -> Oversight {
            try await oversight("HBT", kind, lead, body: body, topic: topic, subjects: "UBND quận và các phòng, ban liên quan", from: day,
                                    conclusion: note)
        }
        try await supervise(.council, body: nil, "Việc thực hiện các dự án đầu tư công trên địa bàn quận", on: "2024-05-14")
        try await supervise(.council, body: nil, "Công tác quản lý trật tự xây dựng, trật tự đô thị", on: "2024-10-08")
        let complaints = try await supervise(.standing, body: standing, "Việc giải quyết đơn thư khiếu nại, tố cáo của công dân", on: "2024-06-12")
        try await supervise(.standing, body: standing, "Việc thực hiện các kiến nghị của cử tri sau kỳ họp", on: "2024-11-05")
        for (i, committee) in bodies.filter({ $0.kind == .committee }).enumerated() {
            try await supervise(.committee, body: committee.id, "Chuyên đề \(i * 2 + 1) năm 2024 của \(committee.name)", on: "2024-0\(4 + i)-16")
            try await supervise(.committee, body: committee.id, "Chuyên đề \(i * 2 + 2) năm 2024 của \(committee.name)", on: "2024-0\(8 + i)-20")
            if committee.name == "Ban Pháp chế" {
                try await supervise(.committee, body: committee.id, "Khảo sát công tác phòng cháy, chữa cháy tại các khu tập thể cũ", on: "2024-03-21", kind: .survey)
            }
        }
        let groups = bodies.filter { $0.kind == .delegateGroup }
        for (i, group) in groups.enumerated() {
            try await supervise(.delegateGroup, body: group.id, "Việc thu gom rác thải trên địa bàn \(group.name.lowercasedFirst)", on: "2024-06-\(10 + i)")
            if i < groups.count - 1 {
                try await supervise(.delegateGroup, body: group.id, "Việc cấp giấy chứng nhận quyền sử dụng đất tại các phường", on: "2024-09-\(10 + i)")
            }
        }
        var meetings: [VoterMeeting] = []
        for (i, body) in ([standing] + groups.map { $0.id! }).enumerated() {
            meetings.append(try await entered(VoterMeeting.self, [
                "councilID": String(hbt), "bodyID": String(body), "kind": VoterMeetingKind.thematic.rawValue,
                "topic": "Công tác quản lý, sử dụng vỉa hè, lòng đường", "date": "2024-08-\(12 + i)",
                "place": "Nhà văn hóa quận Hai Bà Trưng", "coOrganizer": "Ủy ban MTTQ Việt Nam quận Hai Bà Trưng",
                "votersAttending": String(150 + i * 10), "votersSpeaking": String(12 + i), "minutes": note]))
        }
        // The program's items, each carried out by its record.
        let program = try require(try await WorkProgram.query(on: db).filter(\.$councilID == hbt).filter(\.$periodFrom == "2024-01-01").first())
        for (content, owner, month, kind, record) in [
            ("Tổ chức kỳ họp chuyên đề HĐND quận", "standing", "04/2024", "session", sessions[0].id!),
            ("Tổ chức kỳ họp thường lệ giữa năm 2024", "standing", "07/2024", "session", sessions[1].id!),
            ("Thường trực HĐND quận giám sát việc giải quyết đơn thư khiếu nại, tố cáo", "standing", "06/2024", "oversight", complaints.id!),
            ("Thường trực HĐND quận tiếp xúc cử tri chuyên đề về quản lý vỉa hè, lòng đường", "standing", "08/2024", "voterMeeting", meetings[0].id!),
            ("Tổ chức kỳ họp thường lệ cuối năm 2024", "standing", "12/2024", "session", sessions[2].id!),
        ] {
            let item = try await entered(WorkItem.self, ["programID": String(program.id!), "content": content, "owner": owner,
                                                         "plannedMonth": month, "kind": kind, "state": "planned"])
            try await WorkItemLinks.set(item, recordID: record, linked: true, actor: writer.actor, db: db)
        }
    }

    /// A ward of today with this year's program (a draft) and its targets, counted from the demo's records of the year:
    /// what its office, standing committee and delegates see on their home pages.
    func programNow(_ c: CurrentCouncil) async throws {
        let council = try require(councils[c.key]), year = Day.today().year
        let program = try await entered(WorkProgram.self, [
            "councilID": String(council), "bodyID": String(c.standing), "title": "Chương trình công tác năm \(year) của Thường trực HĐND phường",
            "periodFrom": "\(year)-01-01", "periodTo": "\(year)-12-31", "signer": c.chair, "signerTitle": "CHỦ TỊCH"])
        for (scope, measure, minimum) in [("council", "regularSessions", 2), ("standing", "supervisions", 1), ("eachCommittee", "supervisions", 1),
                                          ("eachDelegateGroup", "voterMeetings", 1), ("eachDelegate", "receptionSessions", 2)] {
            _ = try await entered(Target.self, ["councilID": String(council), "programID": String(program.id!), "scope": scope, "measure": measure,
                                                "minimum": String(minimum), "periodFrom": "\(year)-01-01", "periodTo": "\(year)-12-31"])
        }
    }

    /// The standing committee of the term running on `day`.
    private func standingBody(of councilID: Int, on day: String) async throws -> Int {
        try require(try await Oversight.leaders(councilID: councilID, on: day, db: db).bodies.first { $0.kind == .standing }?.id)
    }
}
