import Fluent
import SQLKit
import Vapor

/// /thong-bao: the account's notifications, newest first; opening one marks it read and leads to its record.
struct NotificationsController {
    func register(_ routes: any RoutesBuilder) {
        routes.get("thong-bao", use: list)
        routes.get("thong-bao", ":id", use: open)
        routes.post("thong-bao", "da-doc", use: markAllRead)
        routes.post("tai-khoan-cua-toi", "thu-dien-tu", use: setEmail)
    }

    struct Item: Encodable { let href: String; let kind: String; let text: String; let at: String; let unread: Bool }
    struct Page: Encodable {
        let layout: LayoutContext
        let items: [Item]
        let unread: String
        let total: String
        let pager: Paging.Pager
        let keyword: String
        let digest: String
    }

    static let pageSize = 50

    func list(req: Request) async throws -> View {
        let actor = try req.requireActor()
        let keyword = try Paging.keyword(req)
        let before = try Paging.cursor(req), after = try Paging.after(req)
        /// The account's notifications holding the words (diacritics optional).
        func mine() -> QueryBuilder<Notification> {
            var query = Notification.query(on: req.db).filter(\.$userID == actor.userID)
            for word in searchWords(keyword) { query = query.filter("folded", .custom(SQLBinaryOperator.like), "%\(word)%") }
            return query
        }
        let fetched: [Notification]
        if let after {
            fetched = try await mine().filter(\.$id > after).sort(\.$id, .ascending).limit(Self.pageSize + 1).all()
        } else {
            fetched = try await (before.map { mine().filter(\.$id < $0) } ?? mine()).sort(\.$id, .descending).limit(Self.pageSize + 1).all()
        }
        let (shown, pager) = Paging.page(fetched, size: Self.pageSize, before: before, after: after, id: { $0.id! },
                                         total: try await mine().count(), noun: "thông báo", path: req.url.path, query: req.url.query)
        let total = try await Notification.query(on: req.db).filter(\.$userID == actor.userID).count()
        let email = try await User.find(actor.userID, on: req.db)?.email
        let page = Page(layout: req.layoutContext(title: "Thông báo", withForm: true),
                        items: shown.map { n in
                            Item(href: "/thong-bao/\(n.id!)", kind: n.kind.label, text: n.text, at: VietnameseFormat.instant(n.createdAt),
                                 unread: n.readAt == nil)
                        },
                        unread: VietnameseFormat.number(actor.unreadNotifications), total: VietnameseFormat.number(total),
                        pager: pager, keyword: keyword,
                        digest: SMTPSettings.fromEnvironment() == nil
                            ? "Máy chủ chưa cấu hình gửi thư: thông báo chỉ xem được tại đây."
                            : (email.map { "Thư tổng hợp hằng ngày được gửi tới \($0)." } ?? "Chưa có địa chỉ thư điện tử: ghi ở trang Tài khoản của tôi để nhận thư tổng hợp hằng ngày."))
        return try await req.view.render("Notifications/list", page)
    }

    func open(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let id = req.parameters.get("id", as: Int.self),
              let href = try await Notifications.open(id, userID: actor.userID, db: req.db) else { throw Abort(.notFound) }
        return req.redirect(to: href)
    }

    func markAllRead(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        try await Notifications.markAllRead(userID: actor.userID, db: req.db)
        req.flash("success", "Đã đánh dấu mọi thông báo là đã đọc.")
        return req.redirect(to: "/thong-bao")
    }

    /// The account's own e-mail address for the daily digest (empty: none).
    func setEmail(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        var v = Validator()
        let raw = (try? req.content.get(String.self, at: "email"))?.trimmingCharacters(in: .whitespaces) ?? ""
        if !raw.isEmpty && (raw.count > 200 || raw.firstMatch(of: /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/) == nil) {
            v.fail("email", "Địa chỉ thư điện tử không hợp lệ (ví dụ: lan.nt@hanoi.gov.vn).")
        }
        try v.check()
        try await Accounts.setEmail(userID: actor.userID, raw.isEmpty ? nil : raw, by: actor, on: req.db)
        req.flash("success", raw.isEmpty ? "Đã bỏ địa chỉ thư điện tử." : "Đã lưu địa chỉ thư điện tử \(raw).")
        return req.redirect(to: "/tai-khoan-cua-toi")
    }
}
