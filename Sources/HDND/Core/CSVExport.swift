import NIOCore
import Vapor

/// CSV as Excel opens it in Vietnamese: UTF-8 with a byte-order mark, every field quoted, CRLF rows.
/// Exports stream page by page, so a list of a hundred thousand rows is never held in memory at once.
public enum CSVExport {
    public static func line(_ fields: [String]) -> String {
        fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\r\n"
    }

    /// A streamed CSV response. `page` is called with the last cursor (nil first) and returns rows and the next cursor.
    public static func response(filename: String, header: [String],
                                page: @escaping @Sendable (Int?) async throws -> (rows: [[String]], next: Int?)) -> Response {
        let response = Response(status: .ok)
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        response.body = .init(asyncStream: { writer in
            do {
                var buffer = ByteBuffer(bytes: [0xEF, 0xBB, 0xBF])
                buffer.writeString(line(header))
                try await writer.writeBuffer(buffer)
                var cursor: Int? = nil
                repeat {
                    let (rows, next) = try await page(cursor)
                    var chunk = ByteBuffer()
                    for row in rows { chunk.writeString(line(row)) }
                    if chunk.readableBytes > 0 { try await writer.writeBuffer(chunk) }
                    cursor = next
                } while cursor != nil
                try await writer.write(.end)
            } catch {
                try? await writer.write(.error(error))
            }
        })
        return response
    }
}
