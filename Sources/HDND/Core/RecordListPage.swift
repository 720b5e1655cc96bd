import Fluent
import Vapor

/// One kind of a council's records a page at a time, newest entered first, narrowed by the words of its folded text
/// (`?tu-khoa=`): for the short lists of council work (hearings, standing committee meetings), read through Fluent.
enum RecordListPage {
    static func filtered<R: FormEditable>(_ query: QueryBuilder<R>, keyword: String) -> QueryBuilder<R> {
        var q = query
        for word in searchWords(keyword) { q = q.filter(FieldKey("folded"), .contains(inverse: false, .anywhere), word) }
        return q
    }

    static func page<R: FormEditable>(_ query: QueryBuilder<R>, req: Request, keyword: String, noun: String) async throws -> (rows: [R], pager: Paging.Pager) {
        let q = filtered(query, keyword: keyword)
        let before = try Paging.cursor(req), after = try Paging.after(req)
        let page = q.copy()
        if let after { page.filter(\._$id > after).sort(\._$id, .ascending) } else {
            if let before { page.filter(\._$id < before) }
            page.sort(\._$id, .descending)
        }
        let fetched = try await page.limit(51).all()
        return Paging.page(fetched, size: 50, before: before, after: after, id: { $0.id! }, total: try await q.copy().count(), noun: noun,
                           path: req.url.path, query: req.url.query)
    }

    /// Every row of the filtered list, for its export, a page of `TableExport.pageSize` at a time.
    static func export<R: FormEditable>(_ query: @escaping @Sendable () -> QueryBuilder<R>, keyword: String,
                                         cells: @escaping @Sendable (R) -> [TableCell]) -> TableExport.Page {
        { cursor in
            let q = filtered(query(), keyword: keyword)
            if let before = cursor.flatMap({ Int($0) }) { q.filter(\._$id < before) }
            let rows = try await q.sort(\._$id, .descending).limit(TableExport.pageSize).all()
            return (rows.map(cells), rows.count == TableExport.pageSize ? rows.last?.id.map(String.init) : nil)
        }
    }
}
