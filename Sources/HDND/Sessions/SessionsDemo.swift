import Fluent

/// Demo data of sessions and resolutions: Cự Khối's sessions of 2020 (seed 002) and the living councils of 2026 at work.
extension DemoBuilder {
    /// The council writes its session numbers in Roman numerals ("kỳ họp thứ IX").
    func romanNumerals(_ councilKey: String) async throws {
        let c = try require(try await Council.find(councils[councilKey], on: db))
        let before = c.auditSnapshot
        c.sessionNumerals = .roman
        try await writer.update(c, expectedVersion: c.version, before: before, beforeUnitID: c.unitID)
    }

    /// Seed 002: sessions IX and X held in 2020 and XI still to come on 14/10/2020; the seed says 8 resolutions. The seed
    /// gives no dates or titles: the days and titles below are the demo's, not the ward's.
    func cuKhoiSessions(term: Int) async throws {
        let ix = try await session("CuKhoi", term: term, 9, .regular, opens: "2020-01-09", closes: "2020-01-09", place: "Hội trường UBND phường Cự Khối")
        let x = try await session("CuKhoi", term: term, 10, .midYear, opens: "2020-07-16", closes: "2020-07-16", place: "Hội trường UBND phường Cự Khối")
        try await session("CuKhoi", term: term, 11, .yearEnd, opens: "2020-12-17", closes: "2020-12-17", place: "Hội trường UBND phường Cự Khối", held: false)
        let titles: [(CouncilSession, String, String)] = [
            (ix, "Về chương trình giám sát của HĐND phường năm 2020", "supervision"),
            (ix, "Về kế hoạch tổ chức các kỳ họp thường lệ năm 2020", "council"),
            (ix, "Về điều chỉnh dự toán thu, chi ngân sách phường năm 2020", "budget"),
            (x, "Về phê chuẩn quyết toán thu, chi ngân sách phường năm 2019", "budget"),
            (x, "Về nhiệm vụ phát triển kinh tế - xã hội 06 tháng cuối năm 2020", "budget"),
            (x, "Về kết quả giải quyết ý kiến, kiến nghị cử tri trước kỳ họp thứ IX", "supervision"),
            (x, "Về công tác bảo đảm vệ sinh môi trường, trật tự đô thị trên địa bàn phường", "planning"),
            (x, "Về miễn nhiệm, bầu bổ sung Ủy viên Thường trực HĐND phường", "organization"),
        ]
        for (session, title, field) in titles {
            _ = try await entered(Resolution.self, ["councilID": String(session.councilID), "sessionID": String(session.id!), "series": "individual",
                                                   "title": title, "field": field, "adoptedOn": session.opensOn, "delegates": "25", "present": "23",
                                                   "votesFor": "23", "votesAgainst": "0", "votesAbstaining": "0", "votesNotVoting": "0",
                                                   "signedBy": "Ngô Văn An", "signerTitle": "Chủ tịch"])
        }
    }

    /// The full text of the demo's normative resolution, as a clerk types it: grounds, "QUYẾT NGHỊ:", articles.
    static let normativeText = """
        Căn cứ Luật Tổ chức chính quyền địa phương;
        Căn cứ Luật Ban hành văn bản quy phạm pháp luật;
        Căn cứ Luật Ngân sách nhà nước;
        Xét Tờ trình của Ủy ban nhân dân phường về quy định mức chi hỗ trợ hoạt động của tổ dân phố; Báo cáo thẩm tra của Ban Kinh tế - Ngân sách HĐND phường; ý kiến thảo luận của đại biểu HĐND phường tại kỳ họp.
        QUYẾT NGHỊ:
        Điều 1. Quy định mức chi hỗ trợ hoạt động của tổ dân phố trên địa bàn phường theo Phụ lục kèm theo Nghị quyết này.
        Điều 2. Giao Ủy ban nhân dân phường tổ chức thực hiện Nghị quyết.
        Điều 3. Thường trực HĐND, các Ban HĐND, các Tổ đại biểu và đại biểu HĐND phường giám sát việc thực hiện Nghị quyết.
        """
    static let resolutionRecipients = "Thường trực HĐND thành phố;\nỦy ban nhân dân phường;\nĐại biểu HĐND phường;\nLưu: VT."

    /// A council of 2026 at work: the first session attended and its resolutions, a thematic session adopting a normative
    /// resolution, and the coming year-end session with its agenda and the first preparation steps done.
    func councilWork(_ c: CurrentCouncil, first: CouncilSession, thematic: CouncilSession, coming: CouncilSession) async throws {
        let council = try require(councils[c.key])
        let delegates = try await SessionAttendance.delegates(termID: c.term, on: first.opening, db: db)
        var marks: FormInput = [:]
        for (i, d) in delegates.enumerated() { marks["status_\(d.person_id)"] = i == delegates.count - 1 ? "excused" : "present" }
        try await SessionAttendance.save(first, input: marks, actor: writer.actor, db: db)
        let total = String(delegates.count), present = String(delegates.count - 1)
        func resolution(_ session: CouncilSession, _ title: String, _ field: String, series: String = "individual", extra: FormInput = [:]) async throws {
            var input: FormInput = ["councilID": String(council), "sessionID": String(session.id!), "series": series, "title": title, "field": field,
                                    "adoptedOn": session.opensOn, "delegates": total, "present": present, "votesFor": present, "votesAgainst": "0",
                                    "votesAbstaining": "0", "votesNotVoting": "0"]
            input.merge(extra) { _, new in new }
            _ = try await entered(Resolution.self, input)
        }
        try await resolution(first, "Về việc bầu Chủ tịch, Phó Chủ tịch HĐND nhiệm kỳ 2026 - 2031", "organization")
        try await resolution(first, "Về việc thành lập các Ban của HĐND nhiệm kỳ 2026 - 2031", "organization")
        try await resolution(first, "Về kế hoạch tổ chức các kỳ họp thường lệ năm 2026", "council")
        try await resolution(thematic, "Quy định mức chi hỗ trợ hoạt động của tổ dân phố", "budget", series: "normative",
                             extra: ["effectiveOn": "2026-08-01", "signedBy": c.chair, "signerTitle": "Chủ tịch", "recipients": Self.resolutionRecipients,
                                     "text": Self.normativeText])
        try await resolution(thematic, "Về điều chỉnh kế hoạch tổ chức các kỳ họp thường lệ năm 2026", "council",
                             extra: ["amends": "03/NQ-HĐND (2026)"])

        let committees = try await Body.query(on: db).filter(\.$termID == c.term).filter(\.$kind == .committee).sort(\.$name).all()
        let agenda: [(AgendaItemKind, String, Int?, String?)] = [
            (.report, "Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2026, phương hướng năm 2027", nil, "Chủ tịch UBND"),
            (.verification, "Báo cáo thẩm tra dự toán thu, chi ngân sách năm 2027", committees.first { $0.name.contains("Kinh tế") }?.id, nil),
            (.draftResolution, "Tờ trình, dự thảo nghị quyết về dự toán ngân sách năm 2027", nil, "UBND"),
            (.petitionReport, "Báo cáo kết quả giải quyết ý kiến, kiến nghị cử tri trước kỳ họp", nil, "UBND"),
            (.questioning, "Chất vấn và trả lời chất vấn", nil, "Chủ tọa kỳ họp"),
        ]
        for (i, (kind, title, body, presenter)) in agenda.enumerated() {
            _ = try await entered(AgendaItem.self, ["sessionID": String(coming.id!), "position": String(i + 1), "kind": kind.rawValue, "title": title,
                                                   "bodyID": body.map(String.init) ?? "", "presenter": presenter ?? ""])
        }
        if let opening = Day(coming.opensOn), let proposals = CouncilWorkRules.due(.sessionProposals, anchor: opening), proposals.due <= Day.today() {
            try await SessionPreparation.mark(coming, step: .sessionProposals, doneOn: proposals.due.description, actor: writer.actor, db: db)
        }
    }
}
