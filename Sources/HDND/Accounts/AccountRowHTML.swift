extension AccountRow {
    /// The account's row: its roles (each with the form that removes it, not on one's own row), lock or unlock, a new
    /// password, forcing a change, its log.
    func row(csrf: String) -> HTML {
        let hidden: HTML = "<input type=\"hidden\" name=\"_csrf\" value=\"\(csrf)\">"
        let roles = HTML.join(grants.map { g in
            let remove: HTML = isSelf ? .empty : """
                 <form method="post" action="\(g.removeHref)" class="inline" data-confirm="Bỏ vai trò này?">\(hidden)<button class="link" type="submit">Bỏ</button></form>
                """
            return "<li>\(g.label)\(remove)</li>"
        })
        let toggle: HTML = isSelf ? .empty : """
            <form method="post" action="\(toggleHref)" class="inline">\(hidden)<button class="link" type="submit">\(active ? "Khóa" : "Mở khóa")</button></form>
            """
        let force: HTML = forceChangeHref.map { """
            <form method="post" action="\($0)" class="inline">\(hidden)<button class="link" type="submit">Buộc đổi mật khẩu</button></form>
            """ } ?? .empty
        let state: HTML = active ? "Đang hoạt động" : "<span class=\"muted\">Đã khóa</span>"
        return """
              <tr>
                <td><code>\(username)</code></td><td>\(fullName)</td>
                <td>
                  <ul class="grants">\(roles)</ul>
                  <a href="\(addGrantLink)">Thêm vai trò</a>
                </td><td>\(state)</td>
                <td>
                  \(toggle)
                  <form method="post" action="\(passwordHref)" class="inline">\(hidden)<label class="sr" for="pw-\(id)">Mật khẩu mới cho \(username)</label><input id="pw-\(id)" name="password" type="password" size="10" placeholder="mật khẩu mới"><button class="link" type="submit">Đặt lại</button></form>
                  \(force)
                  <a href="\(auditHref)">Nhật ký</a>
                </td>
              </tr>

            """
    }
}
