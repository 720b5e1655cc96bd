// Renderer benchmark (not part of the app, not a test): the 50 rows of the petition list rendered by Leaf (the app's
// renderer), swift-mustache, Plot and a Swift string interpolation that escapes every value, on one thread.
//     cd scripts/renderer-benchmark && swift build -c release && .build/release/renderer-benchmark
// Results and the decision they led to: docs/BENCHMARKS.md ("Template engines").
import Foundation
setvbuf(stdout, nil, _IONBF, 0)
import LeafKit
import NIOCore
import NIOPosix
import Mustache
import Plot

struct Row { let href, content, council, field, voters, received, agency, due, statusCode, status: String; let overdue: Bool }
let rows: [Row] = (0..<50).map { i in
    Row(href: "/kien-nghi/\(100000 + i)", content: "Đề nghị nạo vét cống ngõ \(i) phố Hàng Bạc & sửa chữa mặt đường <khẩn>, tránh ngập úng mùa mưa năm nay",
        council: "HĐND phường Hàng Bạc", field: "Đô thị, giao thông", voters: "\(i + 3)", received: "26/04/2022",
        agency: "UBND quận Hoàn Kiếm", due: "26/05/2022", statusCode: "forwarded", status: "Đã chuyển cơ quan", overdue: i % 3 == 0)
}

func time(_ label: String, _ n: Int = 2000, _ body: () throws -> Int) rethrows {
    var bytes = 0
    for _ in 0..<50 { bytes = try body() }
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<n { bytes = try body() }
    let us = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(n) / 1000
    print("\(label): \(String(format: "%.0f", us)) µs per 50-row table, \(bytes) bytes")
}

// --- Leaf: the template of the petition list's rows, context as LeafData (the Encodable → LeafData step excluded).
let leafTemplate = """
<table class="list"><tbody>
#for(p in items):
<tr#if(p.overdue): class="overdue"#endif><td><a href="#(p.href)">#(p.content)</a>#if(canAnswerAll):<br><small>#(p.council)</small>#endif</td><td>#(p.field)</td><td class="num">#(p.voters)</td><td>#(p.received)</td>
<td>#if(p.agency):#(p.agency)<br><small>hạn #(p.due)#if(p.overdue): — <strong>quá hạn</strong>#endif</small>#endif</td><td><span class="status s-#(p.statusCode)">#(p.status)</span></td></tr>
#endfor
</tbody></table>
"""
struct MemorySource: LeafSource {
    let files: [String: String]
    func file(template: String, escape: Bool, on eventLoop: any EventLoop) -> EventLoopFuture<ByteBuffer> {
        eventLoop.makeSucceededFuture(ByteBuffer(string: files[template]!))
    }
}
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let loop = group.next()
let sources = LeafSources.singleSource(MemorySource(files: ["t": leafTemplate]))
let renderer = LeafRenderer(configuration: .init(rootDirectory: "/"), sources: sources, eventLoop: loop)
let leafContext: [String: LeafData] = ["canAnswerAll": .bool(true), "items": .array(rows.map { r in
    .dictionary(["href": .string(r.href), "content": .string(r.content), "council": .string(r.council), "field": .string(r.field),
                 "voters": .string(r.voters), "received": .string(r.received), "agency": .string(r.agency), "due": .string(r.due),
                 "statusCode": .string(r.statusCode), "status": .string(r.status), "overdue": .bool(r.overdue)])
})]
try time("Leaf 1.14 (LeafKit)", 500) { try renderer.render(path: "t", context: leafContext).wait().readableBytes }

// --- swift-mustache: the same table; the context is the Swift values (looked up by Mirror).
let mustache = try MustacheTemplate(string: """
<table class="list"><tbody>
{{#items}}
<tr{{#overdue}} class="overdue"{{/overdue}}><td><a href="{{href}}">{{content}}</a>{{#canAnswerAll}}<br><small>{{council}}</small>{{/canAnswerAll}}</td><td>{{field}}</td><td class="num">{{voters}}</td><td>{{received}}</td>
<td>{{#agency}}{{agency}}<br><small>hạn {{due}}{{#overdue}} — <strong>quá hạn</strong>{{/overdue}}</small>{{/agency}}</td><td><span class="status s-{{statusCode}}">{{status}}</span></td></tr>
{{/items}}
</tbody></table>
""")
struct MustachePage { let canAnswerAll: Bool; let items: [Row] }
try time("swift-mustache 2.1 (Mirror)", 500) { mustache.render(MustachePage(canAnswerAll: true, items: rows)).utf8.count }
let dictItems: [[String: Any]] = rows.map { r in ["href": r.href, "content": r.content, "council": r.council, "field": r.field, "voters": r.voters,
    "received": r.received, "agency": r.agency, "due": r.due, "statusCode": r.statusCode, "status": r.status, "overdue": r.overdue] }
try time("swift-mustache 2.1 (dictionaries)", 500) { mustache.render(["canAnswerAll": true, "items": dictItems] as [String: Any]).utf8.count }

// --- Plot: the same table as a typed DSL (text escaped by Plot).
func plotTable(_ rows: [Row], canAnswerAll: Bool) -> String {
    Node<Plot.HTML.BodyContext>.table(.class("list"), .tbody(.forEach(rows) { r in
        .tr(.if(r.overdue, .class("overdue")),
            .td(.a(.href(r.href), .text(r.content)), .if(canAnswerAll, .group(.br(), .element(named: "small", nodes: [.text(r.council)])))),
            .td(.text(r.field)), .td(.class("num"), .text(r.voters)), .td(.text(r.received)),
            .td(.text(r.agency), .br(), .element(named: "small", nodes: [.text("hạn " + r.due), .if(r.overdue, .group(.text(" — "), .element(named: "strong", nodes: [.text("quá hạn")])))])),
            .td(.span(.class("status s-" + r.statusCode), .text(r.status))))
    })).render()
}
time("Plot 0.14 (typed DSL)", 500) { plotTable(rows, canAnswerAll: true).utf8.count }

// --- Swift string interpolation that escapes every interpolated value unless it is already HTML: the app's own `HTML`
// (HTML.swift here is a link to Sources/HDND/Core/HTML.swift).
func interpolated(_ rows: [Row], canAnswerAll: Bool) -> String {
    var out = "<table class=\"list\"><tbody>\n"
    for r in rows {
        let small: HTML = canAnswerAll ? "<br><small>\(r.council)</small>" : ""
        let late: HTML = r.overdue ? " — <strong>quá hạn</strong>" : ""
        let tr: HTML = r.overdue ? " class=\"overdue\"" : ""
        let row: HTML = """
        <tr\(tr)><td><a href="\(r.href)">\(r.content)</a>\(small)</td><td>\(r.field)</td><td class="num">\(r.voters)</td><td>\(r.received)</td>
        <td>\(r.agency)<br><small>hạn \(r.due)\(late)</small></td><td><span class="status s-\(r.statusCode)">\(r.status)</span></td></tr>

        """
        out += row.text
    }
    return out + "</tbody></table>\n"
}
time("Swift escaping interpolation", 2000) { interpolated(rows, canAnswerAll: true).utf8.count }
print(interpolated(Array(rows.prefix(1)), canAnswerAll: true))
print(plotTable(Array(rows.prefix(1)), canAnswerAll: true))
