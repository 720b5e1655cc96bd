import Fluent

/// Demo questions of a ward in 2026: one put at the first session and answered there, one in writing awaiting its answer.
extension DemoBuilder {
    func questionsNow(_ c: CurrentCouncil, agency: Int) async throws {
        let council = try require(councils[c.key])
        let first = try await CouncilSession.query(on: db).filter(\.$councilID == council).filter(\.$kind == .first).first()
        let asker = try require(c.people["Vũ Đức Bảo"]), other = try require(c.people["Ngô Thị Hà"])
        if let first {
            let answered = try await entered(Question.self, ["councilID": String(council), "venue": QuestionVenue.session.rawValue, "sessionID": String(first.id!),
                                                 "askedByID": String(other), "respondent": "Chủ tịch UBND phường", "organizationID": String(agency),
                                                 "questionGroup": "Trật tự đô thị", "content": "Giải pháp xử lý tình trạng lấn chiếm vỉa hè tại các tuyến phố chính?",
                                                 "askedOn": first.opening, "answerMode": AnswerMode.oral.rawValue,
                                                 "answer": "UBND phường sẽ ra quân xử lý theo từng tuyến, hoàn thành trong quý III.", "answeredOn": first.opening,
                                                 "acceptance": AnswerAcceptance.accepted.rawValue])
            // What the answer promised, followed as tasks of the People's Committee: one done, one still under way.
            let opened = Day(first.opening) ?? .today()
            for (content, due, done) in [("Ra quân xử lý lấn chiếm vỉa hè theo từng tuyến phố chính", "2026-09-30", Optional("2026-09-25")),
                                         ("Công khai kết quả xử lý lấn chiếm vỉa hè theo từng tuyến trên trang thông tin điện tử của phường",
                                          Day.today().adding(days: 25).description, nil)] {
                var input: FormInput = ["councilID": String(council), "questionID": String(answered.id!), "content": content,
                                        "assignee": "agency:\(agency)", "assignedOn": opened.description, "dueOn": due, "status": TaskStatus.open.rawValue]
                if let done { input.merge(["status": TaskStatus.done.rawValue, "doneOn": done, "result": "Đã xử lý trên 12 tuyến phố."]) { _, n in n } }
                _ = try await entered(CouncilTask.self, input, blank: ["question": String(answered.id!)])
            }
        }
        try await hearingsNow(council: council, agency: agency)
        _ = try await entered(Question.self, ["councilID": String(council), "venue": QuestionVenue.writing.rawValue, "askedByID": String(asker),
                                             "respondent": "Chủ tịch UBND phường", "organizationID": String(agency),
                                             "content": "Tiến độ cải tạo hệ thống thoát nước ngõ chợ Mơ và thời gian hoàn thành?",
                                             "askedOn": Day.today().adding(days: -10).description])
    }
}

/// A city delegate's written question to the Department of Construction, answered in writing and accepted.
extension DemoBuilder {
    func cityQuestionNow(_ c: CurrentCouncil, agency: Int) async throws {
        let council = try require(councils[c.key])
        _ = try await entered(Question.self, ["councilID": String(council), "venue": QuestionVenue.writing.rawValue,
                                             "askedByID": String(try require(c.people["Đỗ Hữu Tài"])), "respondent": "Giám đốc Sở Xây dựng",
                                             "organizationID": String(agency), "content": "Tiến độ cải tạo các khu chung cư cũ nguy hiểm cấp D và thời gian di dời người dân?",
                                             "askedOn": Day.today().adding(days: -30).description, "answerMode": AnswerMode.written.rawValue,
                                             "answer": "Sở Xây dựng đã trình UBND thành phố kế hoạch di dời 03 khu trong năm nay.",
                                             "answeredOn": Day.today().adding(days: -15).description, "acceptance": AnswerAcceptance.accepted.rawValue])
    }
}

/// Demo hearings of the ward: one held and concluded with an item to carry out, one coming whose notice is due.
extension DemoBuilder {
    func hearingsNow(council: Int, agency: Int) async throws {
        let today = Day.today()
        func day(_ offset: Int) -> String { today.adding(days: offset).description }
        let held = try await entered(ExplanationHearing.self, [
            "councilID": String(council), "topic": "Việc quản lý, sử dụng nhà văn hóa tổ dân phố sau khi sắp xếp tổ dân phố",
            "respondents": "Phó Chủ tịch UBND phường phụ trách văn hóa - xã hội\nTrưởng phòng Văn hóa - Xã hội phường", "heldOn": day(-20),
            "planRef": "Kế hoạch số 21/KH-HĐND", "noticedOn": day(-32), "isPublic": "true",
            "conclusion": "Đề nghị UBND phường rà soát, bố trí lại các nhà văn hóa chưa sử dụng, báo cáo Thường trực HĐND trước kỳ họp cuối năm.",
            "concludedOn": day(-18)])
        _ = try await entered(CouncilTask.self, [
            "councilID": String(council), "hearingID": String(held.id!), "content": "Rà soát, bố trí lại các nhà văn hóa tổ dân phố chưa sử dụng",
            "assignee": "agency:\(agency)", "assignedOn": day(-18), "dueOn": day(12), "status": TaskStatus.open.rawValue], blank: ["hearing": String(held.id!)])
        _ = try await entered(ExplanationHearing.self, [
            "councilID": String(council), "topic": "Công tác thu gom, vận chuyển rác thải sinh hoạt trên địa bàn phường",
            "respondents": "Phó Chủ tịch UBND phường phụ trách đô thị", "heldOn": day(15), "isPublic": "true"])
    }
}
