import Fluent
@testable import HDND
import SQLKit
import Testing

/// The search box's hits come newest first, a page at a time, on both databases: on PostgreSQL from the newest bands of
/// entries first and then from the rest (`SearchIndex.search`), which must agree with one ordered list.
@Suite struct SearchTests {
    @Test(arguments: TestDB.all) func newestFirstAcrossBands(_ db: TestDB) async throws {
        try await withTestApp(db, demo: false) { app in
            // Five matches: three in the newest bands searched first, two below them; a match in the newest band that the
            // asker may not see, and an entry that does not match.
            let bands = SearchIndex.newestBands
            let ids = [0, 1, 3, bands + 1, bands + 2].map { $0 * SearchIndex.band + 10 }
            for (n, id) in ids.enumerated() {
                try await insert(id: id, path: "/1/", text: "Đề nghị nạo vét cống ngõ \(n)", app.db)
            }
            try await insert(id: ids[4] + 1, path: "/2/", text: "Đề nghị nạo vét cống ngõ của nơi khác", app.db)
            try await insert(id: ids[4] + 2, path: "/1/", text: "Đề nghị sửa đèn chiếu sáng", app.db)
            func search(_ limit: Int, after cursor: Int? = nil) async throws -> [Int] {
                try await SearchIndex.search(on: app.db, query: "nao vet cong", unitPaths: ["/1/"], limit: limit, cursor: cursor).map(\.entryID)
            }
            let newest = Array(ids.reversed())
            // A page held by the newest bands; a page that needs the rest below them.
            #expect(try await search(2) == Array(newest.prefix(2)))
            #expect(try await search(3) == Array(newest.prefix(3)))
            #expect(try await search(10) == newest)
            // Page after page with the last hit as the cursor: every match once, in order.
            var seen: [Int] = [], cursor: Int? = nil
            while true {
                let page = try await search(2, after: cursor)
                guard let last = page.last else { break }
                seen += page; cursor = last
            }
            #expect(seen == newest)
        }
    }

    private func insert(id: Int, path: String, text: String, _ db: any Database) async throws {
        try await db.sql.raw("""
            INSERT INTO search_entries (id, record_type, record_id, unit_path, is_public, title, detail, folded) \
            VALUES (\(bind: id), 'petition', \(bind: id), \(bind: path), \(SQLLiteral.boolean(false)), \(bind: text), '', \(bind: fold(text)))
            """).run()
    }
}
