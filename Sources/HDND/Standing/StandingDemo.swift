import Fluent

/// Demo meetings of standing committees: Cự Khối's review of 14/10/2020 with its committees and delegate groups (seed
/// 002: "Tại cuộc họp đã có 5 ý kiến phát biểu"), and a ward's monthly meeting of 2026 with its notice of conclusions.
extension DemoBuilder {
    func cuKhoiReview2020() async throws {
        _ = try await entered(StandingMeeting.self, [
            "councilID": String(try require(councils["CuKhoi"])), "kind": StandingMeetingKind.review.rawValue, "heldOn": "2020-10-14",
            "chair": "Ngô Văn An, Ủy viên Ban Thường vụ Đảng ủy, Chủ tịch HĐND phường",
            "participants": "Đào Tiến Dũng, Phó Chủ tịch UBND phường; thành viên các Ban HĐND phường; đại diện các tổ bầu cử HĐND phường",
            "agenda": "Đánh giá kết quả hoạt động của HĐND phường 9 tháng đầu năm 2020, nhiệm vụ trọng tâm 3 tháng cuối năm",
            "periodFrom": "2020-01-01", "periodTo": "2020-09-30", "speakers": "5",
            "conclusions": "Hoàn thành nội dung giám sát chuyên đề đã ban hành; các Ban chủ động phối hợp chuẩn bị kỳ họp thứ XI.",
            "noticedOn": "2020-10-16", "noticeSigner": "Ngô Văn An", "noticeSignerTitle": "Chủ tịch"])
    }

    func standingNow(_ c: CurrentCouncil) async throws {
        let last = Day.today().adding(days: -25).description
        _ = try await entered(StandingMeeting.self, [
            "councilID": String(try require(councils[c.key])), "kind": StandingMeetingKind.regular.rawValue, "heldOn": last,
            "chair": "Lê Minh Đức, Chủ tịch HĐND phường", "agenda": "Cho ý kiến về công tác chuẩn bị kỳ họp cuối năm; kết quả giám sát trật tự xây dựng",
            "speakers": "6", "conclusions": "Giao Văn phòng hoàn thiện tài liệu kỳ họp trước ngày khai mạc 10 ngày.\nĐề nghị UBND phường báo cáo tiến độ xử lý công trình vi phạm.",
            "noticedOn": last, "noticeSigner": "Lê Minh Đức", "noticeSignerTitle": "Chủ tịch",
            "noticeRecipients": "Thường trực HĐND thành phố;\nỦy ban nhân dân phường;\nCác Ban HĐND phường;\nLưu: VT."])
    }
}
