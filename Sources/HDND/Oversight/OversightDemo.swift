import Fluent

/// Demo oversights: Hoàn Kiếm's 11 delegations of 2019 (seed 001), Cự Khối's 3 thematic supervisions and 8 surveys of
/// 2020 (seed 002), and a ward of 2026 with recommendations still open. The seeds give counts, not topics or days: those
/// below are the demo's.
extension DemoBuilder {
    func oversight(_ councilKey: String, _ kind: OversightKind, _ lead: OversightLead, body: Int? = nil, topic: String, subjects: String,
                   from: String, to: String? = nil, noticed: String? = nil, reported: String? = nil, concluded: String? = nil,
                   conclusion: String? = nil) async throws -> Oversight {
        var input: FormInput = ["councilID": String(try require(councils[councilKey])), "kind": kind.rawValue, "lead": lead.rawValue,
                                "topic": topic, "subjects": subjects, "fieldworkFrom": from]
        for (key, value) in [("bodyID", body.map(String.init)), ("fieldworkTo", to), ("noticedOn", noticed), ("reportedOn", reported),
                             ("concludedOn", concluded), ("conclusion", conclusion)] {
            if let value { input[key] = value }
        }
        return try await entered(Oversight.self, input)
    }

    /// Seed 001: "11 Đoàn kiểm tra, khảo sát (9 … do Thường trực HĐND và các Ban HĐND quận chủ trì; 01 … do Ban Thường trực
    /// UBMTTQ quận; 01 Đoàn kiểm tra công vụ do UBND quận chủ trì)".
    func hoanKiemOversights2019(standing: Int, committees: [Int]) async throws {
        let topics = ["Công tác quản lý trật tự xây dựng đô thị", "Việc thực hiện dự toán ngân sách 06 tháng đầu năm", "Công tác giải quyết đơn thư của công dân",
                      "Việc quản lý, sử dụng vỉa hè, lòng đường", "Công tác phòng cháy, chữa cháy tại khu phố cổ", "Việc thực hiện chính sách an sinh xã hội",
                      "Công tác vệ sinh an toàn thực phẩm", "Việc chỉnh trang các tuyến phố", "Công tác thu gom, xử lý rác thải"]
        for (i, topic) in topics.enumerated() {
            let lead: OversightLead = i < 5 ? .standing : .committee
            let month = Day.digits(i + 2, 2)
            _ = try await oversight("HK", i % 3 == 2 ? .survey : .thematic, lead, body: lead == .standing ? standing : committees[i % committees.count],
                                    topic: topic, subjects: "UBND quận Hoàn Kiếm và các phòng, ban liên quan", from: "2019-\(month)-10", to: "2019-\(month)-12",
                                    noticed: "2019-\(month)-01", reported: "2019-\(month)-20", concluded: "2019-\(month)-25")
        }
        _ = try await oversight("HK", .thematic, .fatherlandFront, topic: "Việc thực hiện quy chế dân chủ ở cơ sở", subjects: "UBND các phường",
                                from: "2019-10-08", to: "2019-10-10")
        _ = try await oversight("HK", .survey, .peoplesCommittee, topic: "Kiểm tra công vụ tại các phường", subjects: "UBND 18 phường",
                                from: "2019-11-12", to: "2019-11-14")
    }

    /// Seed 002: "Thường trực HĐND, các ban của HĐND phường đã tổ chức 3 cuộc giám sát chuyên đề, 8 cuộc khảo sát" (9 months of 2020).
    func cuKhoiOversights2020(standing: Int, committees: [Int]) async throws {
        for i in 0..<11 {
            let kind: OversightKind = i < 3 ? .thematic : .survey
            let lead: OversightLead = i < 3 ? .standing : .committee
            let month = Day.digits(i % 9 + 1, 2)
            _ = try await oversight("CuKhoi", kind, lead, body: lead == .standing ? standing : committees[i % committees.count],
                                    topic: kind == .thematic ? ["Công tác giải phóng mặt bằng", "Việc thu thuế sử dụng đất phi nông nghiệp", "Công tác quản lý đất đai, cấp giấy chứng nhận"][i]
                                        : "Khảo sát vệ sinh môi trường, trật tự đô thị khu vực \(i - 2)",
                                    subjects: "UBND phường Cự Khối", from: "2020-\(month)-15", to: "2020-\(month)-15")
        }
    }

    /// A ward of 2026: a thematic supervision concluded with recommendations (one overdue, one done), and a survey ahead.
    func oversightNow(_ c: CurrentCouncil, agency: Int) async throws {
        let today = Day.today()
        func day(_ n: Int) -> String { today.adding(days: n).description }
        let done = try await oversight(c.key, .thematic, .standing, body: c.standing, topic: "Việc quản lý trật tự xây dựng sau sắp xếp đơn vị hành chính",
                                       subjects: "UBND phường và Đội quản lý trật tự đô thị", from: day(-60), to: day(-58), noticed: day(-72),
                                       reported: day(-40), concluded: day(-35),
                                       conclusion: "Đề nghị UBND phường rà soát, xử lý dứt điểm các công trình vi phạm, báo cáo Thường trực HĐND.")
        for (content, due, extra) in [("Xử lý dứt điểm 12 công trình xây dựng sai phép đã phát hiện", -5, FormInput()),
                                      ("Công khai danh sách công trình vi phạm tại trụ sở tổ dân phố", -20,
                                       ["status": RecommendationStatus.done.rawValue, "answer": "Đã niêm yết tại 25 tổ dân phố", "answeredOn": day(-22)])] {
            var input: FormInput = ["oversightID": String(done.id!), "content": content, "organizationID": String(agency), "dueOn": day(due)]
            input.merge(extra) { _, new in new }
            _ = try await entered(Recommendation.self, input)
        }
        let committee = try await Body.query(on: db).filter(\.$termID == c.term).filter(\.$kind == .committee).sort(\.$name).first()
        _ = try await oversight(c.key, .survey, .committee, body: committee?.id, topic: "Khảo sát công tác bảo đảm an toàn thực phẩm tại các trường học",
                                subjects: "Các trường mầm non, tiểu học trên địa bàn phường", from: day(14), to: day(15))
    }

    /// The city of 2026: its urban affairs committee's thematic supervision, reported, with a recommendation to the
    /// Department of Construction still open; the concluding notice is still to come.
    func cityOversightNow(_ c: CurrentCouncil, agency: Int) async throws {
        let today = Day.today()
        func day(_ n: Int) -> String { today.adding(days: n).description }
        let urban = try await Body.query(on: db).filter(\.$termID == c.term).filter(\.$name == "Ban Đô thị").first()
        let o = try await oversight(c.key, .thematic, .committee, body: urban?.id, topic: "Việc thực hiện quy hoạch, cải tạo chung cư cũ trên địa bàn thành phố",
                                    subjects: "Sở Xây dựng, UBND các phường có chung cư cũ", from: day(-45), to: day(-40), noticed: day(-60), reported: day(-20))
        _ = try await entered(Recommendation.self, ["oversightID": String(o.id!), "organizationID": String(agency), "dueOn": day(30),
                                                    "content": "Xây dựng lộ trình cải tạo từng khu chung cư cũ, công khai cho người dân"])
    }

    /// The ward's program for next year, drafted from the proposals of this year: three taken in, one of them already
    /// set up as an oversight; the resolution adopting it is still to come.
    func supervisionProgramNow(_ c: CurrentCouncil) async throws {
        let council = String(try require(councils[c.key]))
        let year = Day.today().year + 1
        let program = try await entered(SupervisionProgram.self, ["councilID": council, "year": String(year),
                                                                  "notes": "Dự thảo của Thường trực HĐND, tổng hợp từ các đề xuất gửi đến."])
        let proposed = Day.today().adding(days: -30).description
        for (topic, source, proposer, included) in [
            ("Việc quản lý, sử dụng nhà văn hóa tổ dân phố sau sắp xếp", ProposalSource.committee, "Ban Kinh tế - Ngân sách", true),
            ("Công tác bảo đảm trật tự an toàn giao thông quanh các trường học", .delegateGroup, "Tổ đại biểu số 1", true),
            ("Việc giải quyết kiến nghị của cử tri về ngập úng cục bộ", .voters, "Tổng hợp kiến nghị cử tri sau kỳ họp thứ hai", true),
            ("Việc thực hiện quy chế dân chủ ở cơ sở", .fatherlandFront, "Ủy ban MTTQ phường", false),
        ] {
            let p = try await entered(SupervisionProposal.self, ["programID": String(program.id!), "topic": topic, "source": source.rawValue,
                                                                 "proposer": proposer, "proposedOn": proposed, "included": included ? "true" : "false"],
                                      blank: ["program": String(program.id!)])
            if source == .committee {
                _ = try await entered(Oversight.self, ["councilID": council, "proposalID": String(p.id!), "kind": OversightKind.thematic.rawValue,
                                                       "lead": OversightLead.standing.rawValue, "bodyID": String(c.standing), "topic": topic,
                                                       "subjects": "UBND phường và các tổ dân phố", "fieldworkFrom": "\(year)-03-10",
                                                       "fieldworkTo": "\(year)-03-12",
                                                       "members": "Chủ tịch HĐND phường — Trưởng đoàn\nTrưởng Ban Kinh tế - Ngân sách — Thành viên"],
                                      blank: ["proposal": String(p.id!)])
            }
        }
    }
}
