import Vapor

/// Turns every error into a Vietnamese answer: `application/problem+json` under /api,
/// an error page everywhere else. Internal errors are logged and never shown in detail.
struct HDNDErrorMiddleware: AsyncMiddleware {
    let environment: Environment

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let (status, detail, fields) = describe(error)
            if status.code >= 500 { request.logger.report(error: error) }
            if request.url.path.hasPrefix("/api/") {
                return try problem(status: status, detail: detail, fields: fields, instance: request.url.path)
            }
            let context = ErrorPage(
                layout: request.layoutContext(title: "Lỗi \(status.code)"),
                status: Int(status.code), title: Self.title(status), detail: detail)
            do {
                let response = try await request.view.render("Core/error", context).encodeResponse(for: request)
                response.status = status
                return response
            } catch {
                // The error page itself failed: answer in plain text rather than not at all.
                request.logger.report(error: error)
                let response = Response(status: status, body: .init(string: "\(Self.title(status)): \(detail)"))
                response.headers.contentType = .plainText
                return response
            }
        }
    }

    private func describe(_ error: any Error) -> (HTTPResponseStatus, String, [FieldError]) {
        switch error {
        case let failure as ValidationFailure:
            return (failure.status, failure.reason, failure.errors)
        case let abort as any AbortError:
            let detail: String
            switch abort.status {
            case .notFound: detail = abort.reason == "Not Found" ? "Không tìm thấy trang hoặc bản ghi này." : abort.reason
            case .forbidden: detail = abort.reason == "Forbidden" ? "Tài khoản của bạn không có quyền thực hiện thao tác này." : abort.reason
            case .unauthorized: detail = abort.reason == "Unauthorized" ? "Bạn cần đăng nhập để tiếp tục." : abort.reason
            case .payloadTooLarge:
                detail = "Nội dung gửi lên quá lớn (một biểu mẫu không quá 1 MB). Hãy rút gọn, hoặc đính kèm văn bản dài dưới dạng tệp."
            default: detail = abort.reason
            }
            return (abort.status, detail, [])
        case is DecodingError:
            return (.badRequest, "Dữ liệu gửi lên không đúng định dạng.", [])
        default:
            return (.internalServerError, "Hệ thống gặp lỗi ngoài dự kiến. Vui lòng thử lại hoặc báo quản trị viên.", [])
        }
    }

    static func title(_ status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "Yêu cầu không hợp lệ"
        case 401: "Cần đăng nhập"
        case 403: "Không có quyền"
        case 404: "Không tìm thấy"
        case 409: "Xung đột khi lưu"
        case 413: "Nội dung quá lớn"
        case 422: "Dữ liệu chưa hợp lệ"
        case 429: "Thử lại sau"
        default: "Lỗi hệ thống"
        }
    }
}

struct ErrorPage: Encodable {
    let layout: LayoutContext
    let status: Int
    let title: String
    let detail: String
}

/// RFC 9457 problem details; `errors` lists the fields that failed validation.
struct Problem: Content {
    let type: String
    let title: String
    let status: Int
    let detail: String
    let instance: String
    let errors: [FieldError]?
}

func problem(status: HTTPResponseStatus, detail: String, fields: [FieldError] = [], instance: String) throws -> Response {
    let body = Problem(type: "about:blank", title: HDNDErrorMiddleware.title(status), status: Int(status.code),
                       detail: detail, instance: instance, errors: fields.isEmpty ? nil : fields)
    let response = Response(status: status)
    try response.content.encode(body, as: .json)
    response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
    return response
}
