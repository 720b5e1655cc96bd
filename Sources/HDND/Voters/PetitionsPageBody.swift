/// The petition list's page (a council's list, an agency's inbox, a summary's drill-down) written in Swift (`HTML`,
/// escaped by type) inside the one layout (`Core/page`): Leaf's serializing of this page — its filters, the sorting
/// headers, the bulk form — was a fifth of the list's CPU once its rows were written here (`perf`, issue 11).
extension VoterViews.PetitionsPage {
    /// A header that sorts the list (`Paging.sortHeader`).
    private static func sortHeader(_ name: String, _ link: Paging.SortLink?, order: String, numeric: Bool = false) -> HTML {
        Paging.sortHeader(name, link, order: order, numeric: numeric,
                          refused: "Lọc danh sách còn dưới \(VietnameseFormat.number(Paging.countCap)) kiến nghị để sắp xếp theo cột này")
    }

    var written: WrittenPage { WrittenPage(layout: layout, body: body) }

    private var body: HTML {
        let crumbs: HTML = councilHref.map {
            "<nav aria-label=\"Vị trí\" class=\"crumbs\"><ol><li><a href=\"\($0)\">Hội đồng</a></li></ol></nav>\n"
        } ?? .empty
        let agencyFilter: HTML = HTML.when(agencies.any, "  \(agencies.filter("co-quan", label: "Cơ quan"))\n")
        let periodFilter: HTML = period.map { p -> HTML in """
              <span class="pair"><label for="tu">Tiếp nhận từ</label>\
            <input type="text" id="tu" name="tu" value="\(p.from)" placeholder="dd/mm/yyyy" size="10"></span>
              <span class="pair"><label for="den">đến</label>\
            <input type="text" id="den" name="den" value="\(p.to)" placeholder="dd/mm/yyyy" size="10"></span>
              <label><input type="checkbox" name="cap-duoi" value="1"\(HTML.when(p.includeBelow, " checked"))> Gồm HĐND cấp dưới</label>

            """ } ?? .empty
        let downloads: HTML = exportHref.map { csv -> HTML in
            let importLink: HTML = importHref.map { " · <a href=\"\($0)\">Nhập từ tệp</a>" } ?? .empty
            return "  <span>Tải danh sách: <a href=\"\(exportXLSX)\">Excel (.xlsx)</a> · <a href=\"\(csv)\">CSV</a>\(importLink)</span>\n"
        } ?? .empty
        let overdue: HTML = overdueByAgency.isEmpty ? .empty : """
            <section class="note" aria-labelledby="qua-han-title"><h2 id="qua-han-title">Quá hạn trả lời theo cơ quan</h2>
            <ul>\(HTML.join(overdueByAgency.map { "<li><a href=\"\($0.href)\">\($0.label)</a>: \($0.note) kiến nghị</li>" as HTML }))</ul>\
            </section>

            """
        return """
            \(crumbs)<h1>\(heading)</h1>
            <form method="get" class="inline-form" aria-label="Lọc danh sách">
              <span class="pair"><label for="tu-khoa">Từ khóa</label>\
            <input type="search" id="tu-khoa" name="tu-khoa" value="\(keyword)" placeholder="nội dung, có dấu hay không"></span>
              \(statuses.filter("trang-thai", label: "Trạng thái"))
              \(fields.filter("linh-vuc", label: "Lĩnh vực"))
            \(agencyFilter)  <label><input type="checkbox" name="qua-han" value="1"\(HTML.when(overdueOnly, " checked"))> Chỉ quá hạn</label>
            \(periodFilter)  <button class="button" type="submit">Lọc</button>
            \(downloads)</form>
            \(overdue)\(empty ? "<p class=\"muted\">Không có kiến nghị nào.</p>\n" : table)\(pager.html)
            """
    }

    /// The rows' table, inside the form that forwards the checked ones when there is one.
    private var table: HTML {
        let note: HTML = orderNote.map { "<p class=\"hint\">\($0)</p>\n" } ?? .empty
        let formStart: HTML = bulk.map { b -> HTML in
            let error: HTML = b.error.map { "<div class=\"flash flash-error\" role=\"alert\">Chưa chuyển được: \($0)</div>\n" } ?? .empty
            return "<form method=\"post\" action=\"\(b.action)\" id=\"chuyen-nhieu\"><input type=\"hidden\" name=\"_csrf\" value=\"\(layout.csrf)\">\n\(error)"
        } ?? .empty
        let formEnd: HTML = bulk.map { b -> HTML in """
            <fieldset class="bulk"><legend>Chuyển các kiến nghị đã chọn (đã phân loại) tới một cơ quan</legend>
              <label for="bulk-agency">Cơ quan có thẩm quyền</label><select id="bulk-agency" name="agencyID">\
            <option value="">— Chọn —</option>\(b.agencies.html)</select>
              <label for="bulk-due">Hạn trả lời</label>\
            <input id="bulk-due" name="dueDate" value="\(b.dueDate)" placeholder="dd/mm/yyyy" size="10">
              <label><input type="checkbox" name="fromNationalAssembly" value="true"\(HTML.when(b.fromNationalAssembly, " checked"))> Kiến nghị gửi Quốc hội (hạn 60 ngày)</label>
              <button class="button primary" type="submit">Chuyển</button>
              <p class="hint">Để trống hạn trả lời thì hạn tính theo quy định của Hội đồng.</p>
            </fieldset></form>

            """ } ?? .empty
        let pick: HTML = HTML.when(bulk != nil, "<th scope=\"col\" class=\"pick\"><span class=\"visually-hidden\">Chọn</span></th>")
        return """
            \(note)\(formStart)<table class="list">
              <thead><tr>\(pick)\(Self.sortHeader("Nội dung", sorts["newest"], order: "descending"))<th scope="col">Lĩnh vực</th>\
            \(Self.sortHeader("Cử tri", sorts["voters"], order: "descending", numeric: true))\
            \(Self.sortHeader("Tiếp nhận", sorts["received"], order: "descending"))\
            \(Self.sortHeader("Cơ quan, hạn", sorts["due"], order: "ascending"))<th scope="col">Trạng thái</th></tr></thead>
              <tbody>
            \(rows)
              </tbody>
            </table>
            \(formEnd)
            """
    }
}
