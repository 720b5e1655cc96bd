@testable import HDND
import SQLKit
import Testing

/// The lists' plain decoder reads a row as SQLKit's does: values by column, null and unselected optionals as nil,
/// enums from their raw values, and a wrong value refused.
@Suite struct RowDecodingTests {
    struct Row: Decodable, Equatable {
        let id: Int, name: String, status: PetitionStatus, note: String?, agency_id: Int?, absent: String?, voters: Int?
    }

    @Test(arguments: TestDB.all) func rowsReadLikeSQLKit(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let query = app.db.sql.raw("SELECT 7 AS id, 'Nạo vét' AS name, 'forwarded' AS status, NULL AS note, 12 AS agency_id, NULL AS voters")
            let plain = try await query.rows(Row.self)
            #expect(plain == [Row(id: 7, name: "Nạo vét", status: .forwarded, note: nil, agency_id: 12, absent: nil, voters: nil)])
            #expect(plain == (try await query.all(decoding: Row.self)))
            await #expect(throws: (any Error).self) {
                try await app.db.sql.raw("SELECT 7 AS id, 'x' AS name, 'dancing' AS status").rows(Row.self)
            }
            await #expect(throws: (any Error).self) {
                try await app.db.sql.raw("SELECT 7 AS id, 'forwarded' AS status").rows(Row.self)
            }
        }
    }
}
