/// The repeated parts of a session's page written in Swift through `HTML` (escaped by type): the agenda with each
/// item's documents and upload form, the delegates with their attendance (a choice each while it is recorded) and the
/// resolutions. Leaf's nested loops over them were a third of the page's CPU (`perf`, issue 11).
enum SessionPageParts {
    static func agenda(_ items: [SessionsController.Agenda], csrf: String) -> HTML {
        .join(items.map { a in
            let documents: HTML = a.documents.isEmpty ? .empty : """
                <ul class="plain">\(HTML.join(a.documents.map { d in
                    "<li><a href=\"\(d.href)\">\(d.name)</a> <small>(\(d.kind), \(d.size), \(d.access))</small></li>"
                }))</ul>
                """
            let upload: HTML = a.editHref == nil ? .empty : """
                <form method="post" action="/tai-lieu" enctype="multipart/form-data" class="inline-form" aria-label="Tải lên tài liệu của nội dung \(a.position)">
                <input type="hidden" name="_csrf" value="\(csrf)"><input type="hidden" name="recordType" value="agendaItem"><input type="hidden" name="recordID" value="\(a.id)">
                <label for="tep-\(a.id)" class="visually-hidden">Tệp tài liệu</label><input type="file" id="tep-\(a.id)" name="file" accept=".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg">
                <label><input type="checkbox" name="isPublic" value="true"> Công khai</label> <button class="button" type="submit">Tải lên</button></form>
                """
            let edit: HTML = a.editHref.map { "<td><a href=\"\($0)\">Sửa</a></td>" } ?? .empty
            return """
                <tr><td class="num">\(a.position)</td><td>\(a.title)\(documents)
                \(upload)</td><td>\(a.kind)</td><td>\(a.presenter)</td>\(edit)</tr>
                """
        })
    }

    /// Each delegate: with `choosing`, the choice of present or absent (the delegate's error under it); else the mark.
    static func attendees(_ delegates: [SessionsController.Attendee], choosing: Bool) -> HTML {
        .join(delegates.map { d in
            let mark: HTML
            if choosing {
                let error: HTML = d.error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? .empty
                mark = """
                    <label class="visually-hidden" for="a-\(d.personID)">Điểm danh \(d.name)</label><select id="a-\(d.personID)" \
                    name="status_\(d.personID)"><option value="">— Chọn —</option>\(Options(d.options).html)</select>\(error)
                    """
            } else {
                mark = "\(d.statusLabel)"
            }
            return "<tr><td><a href=\"\(d.href)\">\(d.name)</a></td><td>\(d.post)</td>\n<td>\(mark)</td></tr>"
        })
    }

    static func resolutions(_ items: [SessionsController.ResolutionItem]) -> HTML {
        .join(items.map { r in
            "<tr><td class=\"nowrap\"><a href=\"\(r.href)\">\(r.symbol)</a></td><td>\(r.title)</td><td>\(r.vote)</td><td>\(r.status)</td></tr>"
        })
    }
}
