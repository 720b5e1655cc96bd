/// The audit log's page (the whole log, or one record's history), written in Swift (`HTML`, escaped by type) inside
/// the one layout (`Core/page`), as the busiest lists are (`WrittenPage`).
struct AuditPage {
    let layout: LayoutContext
    let heading: String
    /// The entries' rows, built in Swift (`HTML`): none when `empty`.
    let rows: HTML, empty: Bool
    /// The whole log goes page by page; one record's history is shown at once.
    let pager: Paging.Pager?
    let filters: AuditFilters?
    let recordTypes: Options
}

struct AuditFilters {
    let type: String
    let user: String
    let from: String
    let to: String
    let keyword: String
}

extension AuditPage {
    var written: WrittenPage { WrittenPage(layout: layout, body: body) }

    private var body: HTML {
        let form: HTML = filters.map { f -> HTML in """
            <form method="get" action="/quan-tri/nhat-ky" class="inline-form">
              <span class="pair"><label for="tu-khoa">Từ khóa</label>\
            <input id="tu-khoa" name="tu-khoa" value="\(f.keyword)" size="16" placeholder="không cần dấu"></span>
              \(recordTypes.filter("loai", label: "Loại bản ghi"))
              <span class="pair"><label for="nguoi">Người thực hiện</label>\
            <input id="nguoi" name="nguoi" value="\(f.user)" size="14" placeholder="tên đăng nhập"></span>
              <span class="pair"><label for="tu">Từ ngày</label>\
            <input id="tu" name="tu" value="\(f.from)" size="10" placeholder="dd/mm/yyyy"></span>
              <span class="pair"><label for="den">Đến ngày</label>\
            <input id="den" name="den" value="\(f.to)" size="10" placeholder="dd/mm/yyyy"></span>
              <button class="button" type="submit">Lọc</button>
            </form>

            """ } ?? .empty
        let pages = pager?.html ?? .empty
        let list: HTML = empty ? "<p>Chưa có thay đổi nào.</p>\n" : """
            <table class="list audit">
              <thead><tr><th scope="col">Thời điểm</th><th scope="col">Người thực hiện</th><th scope="col">Thao tác</th>\
            <th scope="col">Bản ghi</th><th scope="col">Thay đổi</th></tr></thead>
              <tbody>
            \(rows)
              </tbody>
            </table>

            """
        return """
            <h1>\(heading)</h1>
            \(form)\(pages)
            \(list)\(pages)
            """
    }
}
