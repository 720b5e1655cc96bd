import Vapor

/// Keyset pagination in a list's address: the filters stay, `truoc` carries the cursor of the last row shown.
public enum Paging {
    /// The id-cursor a page was asked for (`truoc`), nil for the first page; anything else is refused, not ignored.
    public static func cursor(_ req: Request) throws -> Int? {
        guard let raw = req.query[String.self, at: "truoc"], !raw.isEmpty else { return nil }
        guard let id = Int(raw) else { throw ValidationFailure(field: "truoc", "Trang không hợp lệ.") }
        return id
    }

    /// The address of the page after the one whose last row has `cursor`, keeping every filter of `query`.
    public static func next(_ path: String, query: String?, cursor: String) -> String {
        let kept = (query ?? "").split(separator: "&").filter { !$0.isEmpty && !$0.hasPrefix("truoc=") }.joined(separator: "&")
        return path + "?" + (kept.isEmpty ? "" : kept + "&") + "truoc=" + cursor
    }
}
