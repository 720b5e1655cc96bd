/// The council page's bodies written in Swift through `HTML` (escaped by type): each group (standing committee,
/// committees, delegate groups, office, delegates) with a card per body and its members (`MemberTable`). Leaf's nested loops over a
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
        let members: HTML = section.members.isEmpty ? "<p class=\"muted\">Chưa có thành viên.</p>" : MemberTable.html(section.members, editing: false)
        return """
              <article class="body-card" aria-labelledby="b-\(section.id)">
                <h3 id="b-\(section.id)"><a href="\(section.href)">\(section.name)</a></h3>
                \(members)
                \(HTML.when(canEdit, "<p class=\"row-actions\"><a href=\"\(section.addMemberHref)\">Thêm thành viên</a> · <a href=\"\(section.editHref)\">Sửa</a></p>"))
              </article>

            """
    }
}
