import Fluent

/// Demo briefing conferences: Hai Bà Trưng's of 12/05/2020 with its 18 wards over the first five months of 2020 (seed
/// 000), Mê Linh's of 26/04/2022 with its communes over the first quarter (seed 003), and the city's of this year with
/// the wards, whose task to the ward shows on the ward's home page.
extension DemoBuilder {
    func briefingsFromTheSeeds() async throws {
        _ = try await entered(BriefingConference.self, [
            "councilID": String(try require(councils["HBT"])), "title": "Hội nghị giao ban quý II/2020 với Thường trực HĐND 18 phường",
            "heldOn": "2020-05-12", "place": "Trụ sở HĐND&UBND quận Hai Bà Trưng", "chair": "Thường trực HĐND quận",
            "participants": "Trưởng, phó hai Ban HĐND quận, lãnh đạo Văn phòng HĐND&UBND, Chủ tịch, Phó Chủ tịch HĐND các phường",
            "periodFrom": "2020-01-01", "periodTo": "2020-05-31",
            "conclusions": "Thường trực HĐND 18 phường tiếp tục thực hiện tốt các nội dung trọng tâm trong quý III, IV/2020: chuẩn bị nội dung phục vụ "
                + "kỳ họp thường lệ HĐND giữa năm 2020; lựa chọn nội dung để tổ chức phiên giải trình, hội nghị tiếp xúc cử tri chuyên đề của Thường trực; "
                + "tiếp tục triển khai hiệu quả kế hoạch giám sát, khảo sát; đôn đốc giải quyết kiến nghị của cử tri và đơn thư của công dân."])
        _ = try await entered(BriefingConference.self, [
            "councilID": String(try require(councils["ML"])), "title": "Hội nghị giao ban Thường trực HĐND huyện với Thường trực HĐND các xã, thị trấn quý I năm 2022",
            "heldOn": "2022-04-26", "place": "Hội trường xã Mê Linh", "chair": "Nguyễn Anh Tuấn — Phó Bí thư Thường trực Huyện ủy, Chủ tịch HĐND huyện",
            "participants": "Phó Ban chuyên trách HĐND huyện; Thường trực HĐND các xã, thị trấn; đại diện lãnh đạo Đảng ủy, HĐND, UBND, Ủy ban MTTQ xã Mê Linh",
            "periodFrom": "2022-01-01", "periodTo": "2022-03-31",
            "conclusions": "Thường trực HĐND, các Ban HĐND huyện và các xã, thị trấn tiếp tục đổi mới, nâng cao chất lượng hoạt động, chủ động chuẩn bị, "
                + "tổ chức kỳ họp chuyên đề và kỳ họp giữa năm; thực hiện có hiệu quả công tác tiếp công dân, tiếp nhận xử lý đơn thư; đẩy mạnh ứng dụng "
                + "công nghệ thông tin phục vụ hoạt động của HĐND các cấp."])
    }

    /// The city's briefing of the last quarter with the wards, and its task to Hai Bà Trưng ward, due in three weeks.
    func cityBriefingNow(city: Int, ward: Int) async throws {
        let today = Day.today()
        guard let quarter = Period.quarter((today.month - 1) / 3 + 1, of: today.year)?.previous else { return }
        let held = max(quarter.to.adding(days: 20), today.adding(days: -10))
        guard held <= today else { return }
        let b = try await entered(BriefingConference.self, [
            "councilID": String(city), "title": "Hội nghị giao ban \(quarter.label.lowercasedFirst) với Thường trực HĐND các phường, xã",
            "heldOn": held.description, "place": "Trụ sở HĐND thành phố", "chair": "Hoàng Minh Tâm — Chủ tịch HĐND thành phố",
            "periodFrom": quarter.from.description, "periodTo": quarter.to.description,
            "conclusions": "Các phường, xã hoàn thiện việc sắp xếp tổ dân phố sau hợp nhất và báo cáo kết quả về Thường trực HĐND thành phố."])
        _ = try await entered(CouncilTask.self, [
            "councilID": String(city), "briefingID": String(b.id!), "content": "Báo cáo kết quả tiếp xúc cử tri chuyên đề về chỉnh trang đô thị",
            "assignee": "council:\(ward)", "assignedOn": held.description, "dueOn": today.adding(days: 21).description, "status": TaskStatus.open.rawValue])
    }
}
