/// Each target's section as a program's page and a year's page show it, written in Swift through `HTML` (escaped by
/// type): the sentence and standing, the meter, and a row per subject with its count. Leaf's nested loops over a ward's
/// targets and their 40 delegates each were a main cost of a program's page (`perf`, issue 11).
enum TargetSections {
    static func html(_ results: [TargetProgress.Result], editHref: (TargetProgress.Result) -> String?) -> HTML {
        .join(results.map { r in
            let percent = r.required == 0 ? 0 : Int((Double(r.done) * 100 / Double(r.required)).rounded())
            let standing = r.standing.rawValue
            let edit: HTML = editHref(r).map { " · <a href=\"\($0)\">Sửa</a>" } ?? .empty
            let note: HTML = r.target.note.map { "<p class=\"muted\"><small>\($0)</small></p>\n" } ?? .empty
            let rows = HTML.join(r.subjects.map { s in
                let short: HTML = s.count >= r.target.minimum ? .empty : " <span class=\"overdue-text\">chưa đạt</span>"
                return "<tr><td>\(s.name)</td><td class=\"num\"><a href=\"\(s.href)\">\(VietnameseFormat.count(s.count))</a>\(short)</td></tr>"
            })
            return """
                <section class="target target-\(standing)">
                <h3>\(r.target.sentence) <span class="state state-\(standing)">\(r.standing.label)</span></h3>
                <p><meter min="0" max="100" value="\(percent)" title="\(percent)%"></meter> Đã thực hiện \(VietnameseFormat.count(r.done))/\
                \(VietnameseFormat.count(r.required)) (\(percent)%) · thời gian đã qua \(Int((r.elapsed * 100).rounded()))%\(edit)</p>
                \(note)<table class="list"><thead><tr><th scope="col">Thực hiện</th><th scope="col" class="num">Số lượng</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                </section>
                """
        })
    }
}
