import Vapor

public struct FlashMessage: Codable, Sendable {
    let kind: String   // "success" | "error" | "info"
    let text: String
}

/// What every page's layout needs: its title, the CSRF token its forms post back, and the header (navigation, who is
/// signed in) and messages, written here once rather than by the template on every page (they are most of its work).
public struct LayoutContext: Encodable, Sendable {
    let title: String
    let csrf: String
    /// The top bar: the brand, the navigation with the current area marked, the account or the sign-in link.
    let header: HTML
    /// The stamp printed on paper ("HĐND Số — in ngày 01 tháng 12 năm 2026") and the flash messages.
    let messages: HTML

    static func header(nav: [(label: String, href: String, active: Bool)], userName: String?, roles: String?, unread: Int?, csrf: String) -> HTML {
        let items = HTML.join(nav.map { item in
            HTML("\n        <li><a href=\"\(item.href)\"\(HTML.when(item.active, " aria-current=\"page\""))>\(item.label)</a></li>")
        })
        let account: HTML
        if let userName {
            let count = VietnameseFormat.number(unread ?? 0)
            account = """

                  <a href="/tai-khoan-cua-toi" class="who"><strong>\(userName)</strong><br><small>\(roles)</small></a>
                  <a href="/thong-bao" class="bell\(HTML.when((unread ?? 0) > 0, " unread"))" title="Thông báo">Thông báo <span class="badge">\(count)</span></a>
                  <form method="post" action="/dang-xuat" class="inline">
                    <input type="hidden" name="_csrf" value="\(csrf)">
                    <button type="submit" class="link">Đăng xuất</button>
                  </form>
                """
        } else {
            account = "\n      <a class=\"button\" href=\"/dang-nhap\">Đăng nhập</a>"
        }
        return """
            <header class="top">
              <div class="wrap top-row">
                <a class="brand" href="/"><span class="emblem" aria-hidden="true">★</span> HĐND Số</a>
                <nav aria-label="Điều hướng chính">
                  <ul class="nav">\(items)
                  </ul>
                </nav>
                <div class="account">\(account)
                </div>
              </div>
            </header>
            """
    }

    static func messages(_ flash: [FlashMessage], printedOn: String) -> HTML {
        HTML.join([HTML("<p class=\"print-only print-stamp\">HĐND Số — in \(printedOn)</p>")]
                  + flash.map { HTML("\n  <div class=\"flash flash-\($0.kind)\" role=\"status\">\($0.text)</div>") })
    }
}

/// A page whose body is written in Swift (`HTML`, escaped by type) instead of a template, inside the layout every page
/// shares (`Core/page`): the busiest lists, where serializing their template was most of what was left of their cost.
struct WrittenPage: Encodable, Sendable {
    let layout: LayoutContext
    let body: HTML
}

extension Request {
    func render(_ page: WrittenPage) async throws -> View { try await view.render("Core/page", page) }

    var actor: Actor? {
        get { storage[ActorKey.self] }
        set { storage[ActorKey.self] = newValue }
    }

    /// The signed-in actor, or 401 (pages redirect to sign-in through the auth middleware).
    func requireActor() throws -> Actor {
        guard let actor else { throw Abort(.unauthorized) }
        return actor
    }

    /// The token every form posts back; see `CSRFMiddleware`. A signed-in session carries its own (set at sign-in);
    /// an anonymous visitor's is a cookie, so that showing the sign-in form stores nothing on the server.
    var csrfToken: String {
        if hasSession, let token = session.data["csrf"] { return token }
        if let token = storage[AnonymousCSRF.self] { return token }
        let token = cookies[AnonymousCSRF.cookieName].map(\.string).flatMap { $0.isEmpty ? nil : $0 } ?? [UInt8].random(count: 24).base64URLEncoded
        storage[AnonymousCSRF.self] = token
        return token
    }

    /// The token, or "" for a page without a form that nobody is signed in to (no cookie is set for it).
    func csrfTokenIfAny(withForm: Bool) -> String {
        if hasSession, let token = session.data["csrf"] { return token }
        return withForm || storage[AnonymousCSRF.self] != nil ? csrfToken : ""
    }

    func flash(_ kind: String, _ text: String) {
        var list = (session.data["flash"].flatMap { try? JSONDecoder().decode([FlashMessage].self, from: Data($0.utf8)) }) ?? []
        list.append(FlashMessage(kind: kind, text: text))
        session.data["flash"] = String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// Builds the layout and consumes the flash messages: call once per rendered page (`withForm`: an anonymous page
    /// that shows a form, such as the sign-in page, gets a token).
    func layoutContext(title: String, withForm: Bool = false) -> LayoutContext {
        var flash: [FlashMessage] = []
        if hasSession, let raw = session.data["flash"] {
            flash = (try? JSONDecoder().decode([FlashMessage].self, from: Data(raw.utf8))) ?? []
            session.data["flash"] = nil
        }
        let path = url.path
        // Areas appear here as they are built; an area not built yet has no entry.
        var items: [(String, String)] = [("Trang chủ", "/"), ("Đơn vị hành chính", "/\(RecordKind.unit.slug)"), ("Tra cứu", "/tim-kiem")]
        if actor?.grants.contains(where: { $0.unitID != nil || $0.role == .admin }) == true { items.append(("Tổng hợp", "/bao-cao/tong-hop")) }
        if actor?.grants.contains(where: { $0.role == .agency }) == true { items.append(("Kiến nghị được chuyển đến", "/co-quan/kien-nghi")); items.append(("Đơn thư được chuyển đến", "/co-quan/don-thu")); items.append(("Nhiệm vụ được giao", "/co-quan/nhiem-vu")); items.append(("Kiến nghị giám sát", "/co-quan/giam-sat")); items.append(("Chất vấn", "/co-quan/chat-van")) }
        if actor?.isAdmin == true { items += [("Tài khoản", "/quan-tri/tai-khoan"), ("Nhật ký", "/quan-tri/nhat-ky")] }
        let nav = items.map { (label: $0.0, href: $0.1, active: $0.1 == "/" ? path == "/" : path.hasPrefix($0.1)) }
        let roles = actor.map { Set($0.grants.map(\.role)).sorted { $0.rawValue < $1.rawValue }.map(\.label).joined(separator: ", ") }
        // An anonymous reader of a public page gets no session and no token cookie.
        let csrf = csrfTokenIfAny(withForm: withForm)
        return LayoutContext(title: title, csrf: csrf,
                             header: LayoutContext.header(nav: nav, userName: actor?.fullName, roles: roles, unread: actor?.unreadNotifications, csrf: csrf),
                             messages: LayoutContext.messages(flash, printedOn: VietnameseFormat.longDate(Day.today().description)))
    }
}

struct ActorKey: StorageKey { typealias Value = Actor }

/// An anonymous visitor's form token, sent back as a cookie by `CSRFMiddleware`.
struct AnonymousCSRF: StorageKey {
    typealias Value = String
    static let cookieName = "hdnd_csrf"
}

extension Array where Element == UInt8 {
    var base64URLEncoded: String {
        Data(self).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
