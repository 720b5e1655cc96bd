/// HTML written in Swift for the rows of the long lists, where Leaf's per-value work was most of a page's cost
/// (`docs/BENCHMARKS.md`, issue 11: about half of the CPU of a 50-row list went to Leaf's loop and escaping; the same
/// rows built here take a few percent). The page around them stays a Leaf template, which puts the rows in with
/// `#unsafeHTML(rows)` — except on the busiest lists (petitions, the letters register, the drill-downs, the audit log),
/// whose whole body is written here and put inside the shared layout (`WrittenPage`): there the template's filters and
/// headers were a fifth of the page.
///
/// Escaping is by type, never by remembering: every `String` (or number) interpolated into an `HTML` literal is escaped;
/// only another `HTML` value goes in as it is. There is no initializer from a plain `String` outside this file, so text
/// from a record cannot become markup by accident.
public struct HTML: Sendable, Encodable, Equatable, ExpressibleByStringInterpolation {
    public private(set) var text: String

    public init(stringLiteral value: String) { text = value }
    public init(stringInterpolation: Interpolation) { text = stringInterpolation.text }
    private init(trusted: String) { text = trusted }

    public static let empty = HTML(trusted: "")

    /// The parts one after another.
    public static func join<S: Sequence>(_ parts: S) -> HTML where S.Element == HTML {
        var out = ""
        for part in parts { out += part.text }
        return HTML(trusted: out)
    }

    /// Adds `part` at the end: a long list written row by row into one page.
    public mutating func append(_ part: HTML) { text += part.text }

    /// `text` as a link to `href` when there is one, else as text: a row's cell that leads to the record behind it.
    public static func link(_ text: String, to href: String?) -> HTML { href.map { "<a href=\"\($0)\">\(text)</a>" } ?? "\(text)" }

    /// `content` when `condition` holds, else nothing: for the optional pieces of a row.
    public static func when(_ condition: Bool, _ content: @autoclosure () -> HTML) -> HTML { condition ? content() : .empty }

    /// Leaf receives the markup as a string and puts it in with `#unsafeHTML`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }

    public struct Interpolation: StringInterpolationProtocol {
        var text = ""
        public init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity + interpolationCount * 24) }
        public mutating func appendLiteral(_ literal: String) { text += literal }
        public mutating func appendInterpolation(_ value: HTML) { text += value.text }
        public mutating func appendInterpolation(_ value: String) { HTML.escape(value, into: &text) }
        public mutating func appendInterpolation(_ value: String?) { if let value { HTML.escape(value, into: &text) } }
        public mutating func appendInterpolation(_ value: Int) { text += String(value) }
    }

    /// Appends `value` with `& < > " '` as entities; runs without them are appended whole.
    static func escape(_ value: String, into out: inout String) {
        var value = value
        let clean: Bool = value.withUTF8 { bytes in
            var start = 0
            for i in bytes.indices {
                let entity: String
                switch bytes[i] {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                if start < i { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self) }
                out += entity
                start = i + 1
            }
            if start == 0 { return true }
            if start < bytes.count { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self) }
            return false
        }
        if clean { out += value }
    }
}
