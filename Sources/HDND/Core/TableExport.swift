import NIOCore
import NIOPosix
import Vapor

/// The two formats a list can be exported to; chosen by the address's extension (`kien-nghi.xlsx`, `kien-nghi.csv`).
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, xlsx
}

/// Exports of filtered lists. Rows come page by page from `page` (called with the last cursor, nil first):
/// CSV streams straight to the client; .xlsx is written row by row to a temporary file, compressed, streamed
/// and removed. Neither holds the whole list in memory.
public enum TableExport {
    /// Rows a page asks its query for.
    public static let pageSize = 1000
    /// Reads the page after `cursor` (nil first); `next` is the cursor of the page after it, nil at the end.
    /// A cursor is whatever the list's keyset needs (an id, or a day and an id).
    public typealias Page = @Sendable (String?) async throws -> (rows: [[TableCell]], next: String?)

    /// Registers `base.csv` and `base.xlsx` under `path` for one handler.
    public static func routes(_ app: any RoutesBuilder, _ path: [PathComponent], base: String,
                              use handler: @escaping @Sendable (Request, ExportFormat) async throws -> Response) {
        for format in ExportFormat.allCases {
            app.get(path + [PathComponent(stringLiteral: "\(base).\(format.rawValue)")]) { req in try await handler(req, format) }
        }
    }

    public static func response(_ format: ExportFormat, filename: String, title: String, columns: [TableColumn],
                                on req: Request, page: @escaping Page) async throws -> Response {
        switch format {
        case .csv: return csv(filename: filename + ".csv", header: columns.map(\.title), page: page)
        case .xlsx: return try await xlsx(filename: filename + ".xlsx", title: title, columns: columns, on: req, page: page)
        }
    }

    static func csv(filename: String, header: [String], page: @escaping Page) -> Response {
        let response = Response(status: .ok)
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        response.body = .init(asyncStream: { writer in
            do {
                var buffer = ByteBuffer(bytes: [0xEF, 0xBB, 0xBF])
                buffer.writeString(CSVExport.line(header))
                try await writer.writeBuffer(buffer)
                var cursor: String? = nil
                repeat {
                    let (rows, next) = try await page(cursor)
                    var chunk = ByteBuffer()
                    for row in rows { chunk.writeString(CSVExport.line(row.map(\.csv))) }
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

    static func xlsx(filename: String, title: String, columns: [TableColumn], on req: Request, page: @escaping Page) async throws -> Response {
        let writer = try XLSXWriter(sheetName: title, columns: columns)
        let file: URL
        do {
            var cursor: String? = nil
            repeat {
                let (rows, next) = try await page(cursor)
                try writer.append(rows)
                cursor = next
            } while cursor != nil
            // Compression is CPU and disk work: keep it off the event loop.
            file = try await NIOThreadPool.singleton.runIfActive { try writer.finish() }
        } catch {
            writer.discard()
            throw error
        }
        let response = try await req.fileio.asyncStreamFile(
            at: file.path,
            mediaType: HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            onCompleted: { _ in writer.discard() })
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        return response
    }
}
