/// The repeated parts of a petition's page written in Swift through `HTML` (escaped by type): the forms of the next
/// steps with their fields and choices, the similar petitions and the timeline. Leaf's nested loops over them were
/// the template's main cost (`perf`: 13 % of the page, most of it in these loops).
enum PetitionPageParts {
    /// One card per step that may come next, each a form posting the petition's version with its fields.
    static func actionCards(_ forms: [VoterViews.ActionForm], csrf: String, version: Int) -> HTML {
        .join(forms.map { a in
            """
            <section class="action-card" aria-labelledby="a-\(a.slug)">
              <h2 id="a-\(a.slug)">\(a.label)</h2>
              <form method="post" action="\(a.action)" class="record-form" novalidate>
                <input type="hidden" name="_csrf" value="\(csrf)"><input type="hidden" name="version" value="\(version)">
                \(HTML.join(a.fields.map { $0.html(in: a.slug) }))
                <div class="actions"><button class="button primary" type="submit">\(a.label)</button></div>
              </form>
            </section>

            """
        })
    }

    /// The similar open petitions, each with the form that merges it into this one.
    static func similarRows(_ items: [VoterViews.SimilarItem], csrf: String) -> HTML {
        .join(items.map { m in
            """
            <tr><td><a href="\(m.href)">\(m.content)</a></td><td class="num">\(m.voters)</td><td class="num">\(m.score)</td>
            <td><form method="post" action="\(m.mergeAction)" class="inline" data-confirm="Gộp kiến nghị kia vào kiến nghị này?"><input type="hidden" name="_csrf" value="\(csrf)"><input type="hidden" name="from" value="\(m.fromID)"><button class="link" type="submit">Gộp vào đây</button></form></td></tr>
            """
        })
    }

    /// What happened to the petition, oldest first.
    static func timeline(_ events: [VoterViews.EventItem]) -> HTML {
        .join(events.map { e in
            "<li><strong>\(e.at)</strong> — \(e.actor): \(e.change)\(HTML.when(!e.note.isEmpty, "<br><small>\(e.note)</small>"))</li>"
        })
    }
}
