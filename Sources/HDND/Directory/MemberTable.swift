/// Who holds which post in a body, as a table written in Swift through `HTML` (escaped by type): a council page's card
/// per body and a body's or organization's own page (with each membership's edit link for those who may) read the one.
enum MemberTable {
    static func html(_ members: [DirectoryViews.MemberItem], editing: Bool) -> HTML {
        let action: HTML = editing ? "<th scope=\"col\"><span class=\"sr\">Thao tác</span></th>" : .empty
        let rows = HTML.join(members.map { m in
            let past: HTML = m.current ? .empty : " class=\"past\""
            let edit: HTML = editing ? "<td><a href=\"\(m.editHref)\">Sửa</a></td>" : .empty
            return "<tr\(past)><td><a href=\"\(m.personHref)\">\(m.personName)</a></td><td>\(m.post)</td><td>\(m.period)</td>\(edit)</tr>\n"
        })
        return """
            <table class="list">
              <thead><tr><th scope="col">Họ và tên</th><th scope="col">Chức vụ</th><th scope="col">Thời gian</th>\(action)</tr></thead>
              <tbody>
            \(rows)</tbody>
            </table>
            """
    }
}
