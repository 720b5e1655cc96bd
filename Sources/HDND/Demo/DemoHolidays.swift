/// The yearly decisions on days off the demo carries: those found in public copies. None has been read against the
/// official text yet, so each is recorded as not verified (shown as provisional on /thoi-han); see
/// docs/legal-deadlines.md for where each was read. No decision for 2025 could be found in a readable copy.
extension DemoBuilder {
    func holidayDecisions() async throws {
        func decision(_ year: Int, _ number: String, issued: String?, issuer: String, summary: String, source: String,
                      off: [String], working: [String]) async throws {
            let d = HolidayDecision()
            d.year = year; d.number = number; d.issuedOn = issued; d.issuer = issuer; d.summary = summary; d.source = source
            d.daysOff = HolidayDecision.text(off.compactMap { Day($0) }); d.workingDays = HolidayDecision.text(working.compactMap { Day($0) })
            d.verified = false
            try await writer.create(d)
        }
        try await decision(2026, "Công văn 12729/VPCP-KGVX", issued: "2025-12-25", issuer: "Văn phòng Chính phủ",
                           summary: "Tết Dương lịch 2026: cán bộ, công chức nghỉ từ 01/01 đến 04/01/2026; nghỉ thứ Sáu 02/01 và làm bù thứ Bảy 10/01/2026.",
                           source: "Bản sao trên trang tin (chưa đọc bản gốc)", off: ["2026-01-02"], working: ["2026-01-10"])
        try await decision(2026, "Thông báo 9441/TB-BNV", issued: "2025-10-16", issuer: "Bộ Nội vụ (theo ý kiến của Thủ tướng Chính phủ)",
                           summary: "Tết Nguyên đán Bính Ngọ: nghỉ từ thứ Bảy 14/02 đến hết Chủ nhật 22/02/2026 (05 ngày Tết và 04 ngày nghỉ hằng tuần).",
                           source: "congan.com.vn, vietbao.vn, 24h.com.vn (chưa đọc bản gốc)",
                           off: ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"], working: [])
    }
}
