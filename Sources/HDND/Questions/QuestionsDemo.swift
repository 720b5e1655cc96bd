import Fluent

/// Demo questions of a ward in 2026: one put at the first session and answered there, one in writing awaiting its answer.
extension DemoBuilder {
    func questionsNow(_ c: CurrentCouncil, agency: Int) async throws {
        let council = try require(councils[c.key])
        let first = try await CouncilSession.query(on: db).filter(\.$councilID == council).filter(\.$kind == .first).first()
        let asker = try require(c.people["Vũ Đức Bảo"]), other = try require(c.people["Ngô Thị Hà"])
        if let first {
            _ = try await entered(Question.self, ["councilID": String(council), "venue": QuestionVenue.session.rawValue, "sessionID": String(first.id!),
                                                 "askedByID": String(other), "respondent": "Chủ tịch UBND phường", "organizationID": String(agency),
                                                 "questionGroup": "Trật tự đô thị", "content": "Giải pháp xử lý tình trạng lấn chiếm vỉa hè tại các tuyến phố chính?",
                                                 "askedOn": first.opening, "answerMode": AnswerMode.oral.rawValue,
                                                 "answer": "UBND phường sẽ ra quân xử lý theo từng tuyến, hoàn thành trong quý III.", "answeredOn": first.opening,
                                                 "acceptance": AnswerAcceptance.accepted.rawValue])
        }
        _ = try await entered(Question.self, ["councilID": String(council), "venue": QuestionVenue.writing.rawValue, "askedByID": String(asker),
                                             "respondent": "Chủ tịch UBND phường", "organizationID": String(agency),
                                             "content": "Tiến độ cải tạo hệ thống thoát nước ngõ chợ Mơ và thời gian hoàn thành?",
                                             "askedOn": Day.today().adding(days: -10).description])
    }
}
