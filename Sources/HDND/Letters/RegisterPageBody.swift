/// The letters register's page written in Swift (`HTML`, escaped by type) inside the one layout (`Core/page`), as the
/// petition list's (`PetitionsPageBody`): Leaf's serializing of its filters and headers was most of what was left of
/// its cost once its rows were written here (issue 11).
extension LetterViews.RegisterPage {
    var written: WrittenPage { WrittenPage(layout: layout, body: body) }

    /// A header that sorts the register (`Paging.sortHeader`).
    private static func sortHeader(_ name: String, _ link: Paging.SortLink?, order: String) -> HTML {
        Paging.sortHeader(name, link, order: order,
                          refused: "Lọc sổ còn dưới \(VietnameseFormat.number(Paging.countCap)) đơn để sắp xếp theo cột này")
    }

    private var body: HTML {
        let create: HTML = HTML.when(canCreate, "<a class=\"button primary\" href=\"\(newHref)\">Vào sổ đơn mới</a>")
        let importLink: HTML = importHref.map { " · <a href=\"\($0)\">Nhập từ tệp</a>" } ?? .empty
        let agencyFilter: HTML = HTML.when(agencies.any, "  \(agencies.filter("co-quan", label: "Cơ quan"))\n")
        return """
            <nav aria-label="Vị trí" class="crumbs"><ol><li><a href="\(councilHref)">Hội đồng</a></li></ol></nav>
            <h1>\(heading)</h1>
            <div class="toolbar">\(create) Tải sổ đơn: <a href="\(exportXLSX)">Excel (.xlsx)</a> · <a href="\(exportCSV)">CSV</a>\(importLink) · <a href="/thoi-han">Thời hạn luật định</a></div>
            <form method="get" class="inline-form" aria-label="Lọc sổ đơn">
              <span class="pair"><label for="tu-khoa">Từ khóa</label>\
            <input type="search" id="tu-khoa" name="tu-khoa" value="\(keyword)" placeholder="nội dung đơn, có dấu hay không"></span>
              \(kinds.filter("loai", label: "Loại đơn"))
              \(outcomes.filter("ket-qua", label: "Kết quả"))
            \(agencyFilter)  <label><input type="checkbox" name="qua-han" value="1"\(HTML.when(overdueOnly, " checked"))> Chỉ quá hạn</label>
              <span class="pair"><label for="tu">Nhận từ</label>\
            <input type="text" id="tu" name="tu" value="\(period.from)" placeholder="dd/mm/yyyy" size="10"></span>
              <span class="pair"><label for="den">đến</label>\
            <input type="text" id="den" name="den" value="\(period.to)" placeholder="dd/mm/yyyy" size="10"></span>
              <label><input type="checkbox" name="cap-duoi" value="1"\(HTML.when(period.includeBelow, " checked"))> Gồm HĐND cấp dưới</label>
              <label><input type="checkbox" name="sap-den-han" value="1"\(HTML.when(dueThisWeek, " checked"))> Đến hạn trong 7 ngày</label>
              <button class="button" type="submit">Lọc</button>
            </form>
            \(empty ? "<p class=\"muted\">Không có đơn nào.</p>\n" : table)\(pager.html)
            """
    }

    /// The rows' table, inside the form that downloads (or files) the checked ones.
    private var table: HTML {
        let file: HTML = fileAction.map {
            " <button class=\"button\" type=\"submit\" formaction=\"\($0)\" data-confirm=\"Lưu các đơn đã chọn (không xử lý tiếp)?\">Lưu đơn</button>"
        } ?? .empty
        return """
            <form method="post" action="\(exportChosen)" aria-label="Các đơn đã chọn">\
            <input type="hidden" name="_csrf" value="\(layout.csrf)">
            <table class="list">
              <thead><tr><th scope="col"><span class="visually-hidden">Chọn</span>\
            </th>\(Self.sortHeader("Số", sorts["number"], order: "descending"))\
            \(Self.sortHeader("Ngày nhận", sorts["received"], order: "ascending"))<th scope="col">Loại</th><th scope="col">Người gửi</th>\
            <th scope="col">Nội dung</th>\(Self.sortHeader("Thời hạn tiếp theo", sorts["due"], order: "ascending"))<th scope="col">Kết quả</th></tr></thead>
              <tbody>
            \(rows)
              </tbody>
            </table>
            <div class="toolbar bulk">Các đơn đã chọn: <button class="button" type="submit">Tải Excel</button>\(file)</div>
            </form>

            """
    }
}
