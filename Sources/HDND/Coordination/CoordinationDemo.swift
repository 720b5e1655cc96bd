import Fluent

/// Demo coordination from the seeds: Hoàn Kiếm's programs of 2019 and 2020 and its dialogue conference of 2019 (seed
/// 001), Mê Linh's trainings of the first quarter of 2022 (seed 003). The seeds give counts, names and the signing day;
/// where they do not say what an opinion was, the record says so rather than inventing it.
extension DemoBuilder {
    func hoanKiemCoordination(partyCommittee: Int, peoplesCommittee: Int) async throws {
        let council = String(try require(councils["HK"]))
        let parties = "Thường trực HĐND, UBND và Ban Thường trực UBMTTQ quận Hoàn Kiếm"
        // 2019: reviewed at the conference of 13/01/2020, where every content was reported carried out.
        let p2019 = try await entered(CoordinationProgram.self, [
            "councilID": council, "year": "2019", "title": "Chương trình phối hợp hoạt động năm 2019 giữa \(parties)",
            "signatories": "Thường trực HĐND quận Hoàn Kiếm\nUBND quận Hoàn Kiếm\nBan Thường trực Ủy ban MTTQ quận Hoàn Kiếm",
            "review": "Tổng kết ngày 13/01/2020: 3 cơ quan đã phối hợp tổ chức tốt 03 kỳ họp HĐND; 21 hội nghị tiếp xúc cử tri của đại biểu HĐND quận "
                + "với cử tri 18 phường; hội nghị đối thoại với 18 ý kiến; lãnh đạo 3 cơ quan tiếp 324 lượt công dân, tiếp nhận 1.627 lượt đơn thư."])
        for (content, party, result) in [
            ("Phối hợp chuẩn bị và tổ chức các kỳ họp của HĐND quận", CoordinationParty.all, "Đã tổ chức 03 kỳ họp HĐND quận."),
            ("Phối hợp tổ chức tiếp xúc cử tri của đại biểu Quốc hội, đại biểu HĐND các cấp", .all,
             "21 hội nghị của đại biểu HĐND quận với cử tri 18 phường, 01 hội nghị chuyên đề; 1.732 lượt cử tri dự, 165 lượt phát biểu."),
            ("Phối hợp kiểm tra, khảo sát, giám sát việc thực hiện các chỉ tiêu, nhiệm vụ trọng tâm", .standing, "Đã tổ chức 11 đoàn kiểm tra, khảo sát, giám sát."),
            ("Tổ chức hội nghị đối thoại của lãnh đạo quận với MTTQ, các tổ chức chính trị - xã hội và nhân dân", .all, "Đã tổ chức hội nghị đối thoại, 18 ý kiến."),
            ("Phối hợp tiếp công dân, giải quyết khiếu nại, tố cáo và kiến nghị của cử tri", .peoplesCommittee, "Tiếp 324 lượt công dân, tiếp nhận 1.627 lượt đơn thư."),
            ("Tuyên truyền, vận động các tầng lớp nhân dân thi đua hoàn thành nhiệm vụ năm 2019", .fatherlandFront, "Đã thực hiện."),
        ] {
            _ = try await entered(CoordinationItem.self, ["programID": String(p2019.id!), "content": content, "party": party.rawValue, "planned": "Cả năm",
                                                         "doneOn": "2020-01-13", "result": result], blank: ["program": String(p2019.id!)])
        }
        // 2020: signed on 13/01/2020 by the four named in the seed, its contents as it lists them.
        let p2020 = try await entered(CoordinationProgram.self, [
            "councilID": council, "year": "2020", "signedOn": "2020-01-13", "title": "Chương trình phối hợp hoạt động năm 2020 giữa \(parties)",
            "signatories": "Dương Đức Tuấn — Bí thư Quận ủy, Chủ tịch HĐND quận\nNguyễn Chí Lực — Phó Bí thư Quận ủy, Chủ tịch UBND quận\n"
                + "Lê Hồng Phú — Ủy viên Ban Thường vụ Quận ủy\nChủ tịch Ủy ban MTTQ quận"])
        for content in ["Triển khai, thực hiện có hiệu quả các Chương trình, Đề án công tác của cấp ủy và các nhiệm vụ trọng tâm năm 2020",
                        "Chuẩn bị và tổ chức thành công các kỳ họp thường lệ của HĐND quận năm 2020",
                        "Xây dựng chính quyền và thực hiện dân chủ",
                        "Tổ chức tiếp xúc cử tri của đại biểu Quốc hội, đại biểu HĐND các cấp",
                        "Tiếp công dân, giải quyết khiếu nại, tố cáo và các ý kiến, kiến nghị của cử tri",
                        "Các chương trình kiểm tra, khảo sát, giám sát; phản biện xã hội",
                        "Đổi mới, nâng cao chất lượng các phong trào thi đua yêu nước; tuyên truyền, vận động nhân dân"] {
            _ = try await entered(CoordinationItem.self, ["programID": String(p2020.id!), "content": content, "party": CoordinationParty.all.rawValue,
                                                         "planned": "Cả năm"], blank: ["program": String(p2020.id!)])
        }
        // "9 lượt đại biểu … phát biểu với 18 ý kiến (trong đó có 7 ý kiến thuộc trách nhiệm của Quận ủy, 11 ý kiến thuộc trách nhiệm UBND quận)".
        let dialogue = try await entered(DialogueConference.self, [
            "councilID": council, "year": "2019",
            "title": "Hội nghị đối thoại giữa Bí thư Quận ủy, Chủ tịch HĐND quận và Chủ tịch UBND quận với MTTQ, các tổ chức chính trị - xã hội và nhân dân",
            "hosts": "Đồng chí Bí thư Quận ủy, Chủ tịch HĐND quận; đồng chí Chủ tịch UBND quận",
            "participants": "MTTQ, các tổ chức chính trị - xã hội và nhân dân trên địa bàn quận", "speakers": "9"])
        for n in 1...18 {
            _ = try await entered(DialogueOpinion.self, ["dialogueID": String(dialogue.id!),
                                                        "content": "Ý kiến thứ \(n) của đại biểu cử tri và nhân dân (tin bài không nêu nội dung)",
                                                        "organizationID": String(n <= 7 ? partyCommittee : peoplesCommittee)],
                                  blank: ["dialogue": String(dialogue.id!)])
        }
    }

    /// Seed 003: "tổ chức 02 lớp tập huấn kỹ năng hoạt động của đại biểu HĐND các cấp … (trong đó có 35 đại biểu HĐND huyện,
    /// 491 đại biểu HĐND xã, thị trấn)" in the first quarter of 2022.
    func meLinhTrainings2022() async throws {
        _ = try await entered(Training.self, [
            "councilID": String(try require(councils["ML"])), "year": "2022",
            "title": "Tập huấn kỹ năng hoạt động của đại biểu HĐND các cấp (hình thức trực tiếp)",
            "organiser": "Thường trực HĐND huyện phối hợp với UBND huyện, Trung tâm Chính trị huyện", "classes": "2",
            "attendeesOwn": "35", "attendeesBelow": "491", "attendeesOther": "0", "notes": "Theo báo cáo công tác quý I năm 2022."])
    }
}
