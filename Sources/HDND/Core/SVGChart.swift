/// Charts drawn by the server as SVG: no script, nothing fetched. Each has a title and a description for readers that
/// do not see it, and the page shows the table behind it.
public enum SVGChart {
    public struct Bar: Sendable { public let label: String; public let value: Int; public init(_ label: String, _ value: Int) { self.label = label; self.value = value } }

    /// Horizontal bars, one a row, the longest the largest value; labels left, values at the bar's end.
    public static func bars(id: String, title: String, description: String, _ bars: [Bar]) -> HTML {
        let rowHeight = 22, labelWidth = 220, barWidth = 360, width = labelWidth + barWidth + 70
        let height = 30 + rowHeight * max(bars.count, 1)
        let top = max(bars.map(\.value).max() ?? 0, 1)
        var rows: [HTML] = []
        for (i, b) in bars.enumerated() {
            let y = 26 + i * rowHeight
            let w = Int((Double(b.value) / Double(top) * Double(barWidth)).rounded())
            rows.append("""
                <text x="\(labelWidth - 6)" y="\(y + 14)" text-anchor="end">\(String(b.label.prefix(32)))</text>\
                <rect x="\(labelWidth)" y="\(y + 3)" width="\(max(w, b.value > 0 ? 2 : 0))" height="\(rowHeight - 6)" class="bar"></rect>\
                <text x="\(labelWidth + w + 6)" y="\(y + 14)">\(VietnameseFormat.number(b.value))</text>
                """)
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" \
            aria-labelledby="\(id)-title \(id)-desc"><title id="\(id)-title">\(title)</title><desc id="\(id)-desc">\(description)</desc>\
            <text x="0" y="16" class="chart-title">\(title)</text>\(HTML.join(rows))</svg>
            """
    }
}
