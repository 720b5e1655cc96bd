/// The council page's bodies written in Swift through `HTML` (escaped by type): each group (standing committee,
/// committees, delegate groups, office, delegates) with a card per body and a row per member. Leaf's nested loops over a
/// ward's 40 delegates and their bodies were three fifths of the page's CPU (`perf`, issue 11).
enum CouncilPageParts {
    static func groups(_ groups: [DirectoryViews.BodyGroup], canEdit: Bool) -> HTML {
        .join(groups.map { group in
            """
            <section class="group">
              <h2>\(group.title)</h2>
            \(HTML.join(group.sections.map { card($0, canEdit: canEdit) }))</section>

            """
        })
    }

    private static func card(_ section: DirectoryViews.BodySection, canEdit: Bool) -> HTML {
        let members: HTML = section.members.isEmpty ? "<p class=\"muted\">Chưa có thành viên.</p>" : """
            <table class="list">
              <thead><tr><th scope="col">Họ và tên</th><th scope="col">Chức vụ</th><th scope="col">Thời gian</th></tr></thead>
              <tbody>
            \(HTML.join(section.members.map(row)))</tbody>
            </table>
            """
        return """
              <article class="body-card" aria-labelledby="b-\(section.id)">
                <h3 id="b-\(section.id)"><a href="\(section.href)">\(section.name)</a></h3>
                \(members)
                \(HTML.when(canEdit, "<p class=\"row-actions\"><a href=\"\(section.addMemberHref)\">Thêm thành viên</a> · <a href=\"\(section.editHref)\">Sửa</a></p>"))
              </article>

            """
    }

    private static func row(_ m: DirectoryViews.MemberItem) -> HTML {
        let past: HTML = m.current ? .empty : " class=\"past\""
        return "<tr\(past)><td><a href=\"\(m.personHref)\">\(m.personName)</a></td><td>\(m.post)</td><td>\(m.period)</td></tr>\n"
    }
}
