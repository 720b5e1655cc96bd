import Fluent
@testable import HDND
import Testing
import Vapor
import VaporTesting

@Suite struct ExportTests {
    /// Splits CSV text into rows of fields (quoted fields, doubled quotes, CRLF rows).
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text), i = 0
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" { if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false } }
                else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\r\n" || c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(c) }
            i += 1
        }
        return rows
    }

    @Test(arguments: TestDB.all) func petitionsExportStreamsEveryRow(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hk = try await Fixture.council("HĐND quận Hoàn Kiếm", app.db)
            var admin = try await Visitor.signedIn(app, "admin")
            let res = try await admin.get("/hoi-dong/\(hk.id!)/kien-nghi.csv")
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.description.hasPrefix("text/csv") == true)
            let bytes = Array(res.body.readableBytesView)
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "a byte-order mark for Excel")
            let rows = Self.parse(String(decoding: bytes, as: UTF8.self))
            #expect(rows.first == ["Số", "Ngày tiếp nhận", "Nội dung", "Lĩnh vực", "Số cử tri", "Trạng thái", "Cơ quan", "Hạn trả lời"])
            #expect(rows.count == 1 + 396, "116 + 280 petitions across pages of 1.000")
            #expect(Set(rows.dropFirst().map { $0[0] }).count == 396)
            // Filters apply to the export as to the list.
            let filtered = Self.parse(try await admin.get("/hoi-dong/\(hk.id!)/kien-nghi.csv?trang-thai=inProgress").body.string)
            #expect(filtered.count == 1 + 104 && filtered.dropFirst().allSatisfy { $0[5] == "Đang giải quyết" })
            var outsider = try await Visitor.signedIn(app, "vanphong.cukhoi")
            #expect(try await outsider.get("/hoi-dong/\(hk.id!)/kien-nghi.csv").status == .forbidden)
        }
    }
}
