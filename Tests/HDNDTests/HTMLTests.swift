import Fluent
import Foundation
@testable import HDND
import Testing

/// The long lists' rows are built in Swift (`HTML`): what a record holds is escaped there as Leaf escapes it elsewhere.
@Suite struct HTMLTests {
    static let markup = "<script>alert(\"x\")</script> & 'Hà Nội'"
    static let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Hà Nội&#39;"

    @Test func textIsEscapedAndOnlyHTMLGoesInAsItIs() {
        let cell: HTML = "<b>đậm</b>"
        let row: HTML = "<td>\(Self.markup)</td><td>\(cell)</td><td>\(nil as String?)\(1_234)</td>"
        #expect(row.text == "<td>\(Self.escaped)</td><td><b>đậm</b></td><td>1234</td>")
        #expect(HTML.join([row, .when(false, "<x>"), .when(true, "<y>")]).text == row.text + "<y>")
        // A link's text and address are escaped; without an address the text stands alone.
        #expect(HTML.link(Self.markup, to: "/a?b=1&c=\"2\"").text == "<a href=\"/a?b=1&amp;c=&quot;2&quot;\">\(Self.escaped)</a>")
        #expect(HTML.link(Self.markup, to: nil).text == Self.escaped)
        var out = ""
        HTML.escape("không có gì để thay", into: &out)
        #expect(out == "không có gì để thay")
        out = ""
        HTML.escape("&", into: &out)
        #expect(out == "&amp;")
    }

    /// A drill-down's rows: each cell's text escaped, the first a link to the row's record.
    @Test func tableRowsAreEscaped() {
        let lines = DrillDownController.TablePage.lines([.init(href: "/don-thu/7", cells: [Self.markup, "02"]), .init(href: "/don-thu/8", cells: ["a"])])
        #expect(lines.text == "<tr><td><a href=\"/don-thu/7\">\(Self.escaped)</a></td><td>02</td></tr><tr><td><a href=\"/don-thu/8\">a</a></td></tr>")
    }

    @Test(arguments: TestDB.all) func listsShowRecordsTextEscaped(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let petition = try #require(try await VoterPetition.query(on: app.db).sort(\.$id, .descending).first())
            petition.content = Self.markup
            try await petition.save(on: app.db)
            let letter = try #require(try await Letter.query(on: app.db).sort(\.$id, .descending).first())
            letter.content = Self.markup
            try await letter.save(on: app.db)

            var admin = try await Visitor.signedIn(app, "admin")
            // The keyword typed comes back in its box escaped too: these two pages are written in Swift (`WrittenPage`).
            let keyword = Self.markup.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            for path in ["/hoi-dong/\(petition.councilID)/kien-nghi", "/hoi-dong/\(letter.councilID)/don-thu"] {
                for query in ["", "?tu-khoa=" + keyword] {
                    let page = try await admin.get(path + query).body.string
                    #expect(page.contains(Self.escaped), "\(path)\(query)")
                    #expect(!page.contains("<script>alert"), "\(path)\(query)")
                    if !query.isEmpty { #expect(page.contains("name=\"tu-khoa\" value=\"\(Self.escaped)\""), "\(path)\(query)") }
                }
            }
        }
    }
}
