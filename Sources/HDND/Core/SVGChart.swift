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
        return frame(id: id, title: title, description: description, width: width, height: height, rows)
    }
}

extension SVGChart {
    /// A chart as a page shows it: the drawing and, for readers that do not see it, the table behind it.
    public struct Chart: Encodable, Sendable {
        public let svg: HTML
        public let columns: [String]
        public let rows: [[String]]

        /// The drawing with its table, as pages put it in (`#unsafeHTML(chart.figure)`): written here because Leaf's
        /// loop over the cells, escaping each, was a tenth of a council office's home page (issue 11).
        public var figure: HTML {
            let head = HTML.join(columns.map { (c: String) -> HTML in "<th scope=\"col\">\(c)</th>" })
            let body = HTML.join(rows.map { (r: [String]) -> HTML in "<tr>\(HTML.join(r.map { (cell: String) -> HTML in "<td>\(cell)</td>" }))</tr>" })
            return """
                <figure class="chart">\(svg)
                <details><summary>Bảng số liệu của biểu đồ</summary>
                <table class="list"><thead><tr>\(head)</tr></thead>
                <tbody>\(body)</tbody></table>
                </details></figure>
                """
        }

        enum CodingKeys: String, CodingKey { case figure }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(figure, forKey: .figure)
        }
    }

    /// One series of `columns`: its name in the legend and a value per category.
    public struct Series: Sendable { public let name: String; public let values: [Int] }

    /// Columns grouped by category (a quarter, a month), one colour per series (at most four), a legend under the title.
    public static func columns(id: String, title: String, description: String, categories: [String], series: [Series]) -> HTML {
        let plotTop = 52, plotHeight = 150, left = 44, column = 9
        let group = max(series.count * column + 10, 30)
        // Wide enough for the title and the legend even with a few categories.
        let width = max(left + group * max(categories.count, 1) + 10, left + series.count * 150, 20 + title.count * 7)
        let height = plotTop + plotHeight + 48
        let top = max(series.flatMap(\.values).max() ?? 0, 1)
        var parts: [HTML] = []
        // The legend, then the axis with its largest value.
        for (s, one) in series.enumerated() {
            parts.append("<rect x=\"\(left + s * 150)\" y=\"26\" width=\"10\" height=\"10\" class=\"s\(s % 4)\"></rect><text x=\"\(left + s * 150 + 14)\" y=\"35\">\(String(one.name.prefix(22)))</text>")
        }
        parts.append("""
            <line x1="\(left)" y1="\(plotTop + plotHeight)" x2="\(width - 6)" y2="\(plotTop + plotHeight)" class="axis"></line>\
            <text x="\(left - 4)" y="\(plotTop + 4)" text-anchor="end">\(VietnameseFormat.number(top))</text>\
            <text x="\(left - 4)" y="\(plotTop + plotHeight)" text-anchor="end">0</text>
            """)
        for (c, label) in categories.enumerated() {
            let x0 = left + c * group + 5
            for (s, one) in series.enumerated() {
                let value = c < one.values.count ? one.values[c] : 0
                let h = Int((Double(value) / Double(top) * Double(plotHeight)).rounded())
                parts.append("<rect x=\"\(x0 + s * column)\" y=\"\(plotTop + plotHeight - h)\" width=\"\(column - 1)\" height=\"\(h)\" class=\"s\(s % 4)\"><title>\(one.name) \(label): \(VietnameseFormat.number(value))</title></rect>")
            }
            let cx = x0 + series.count * column / 2
            parts.append("<text x=\"\(cx)\" y=\"\(plotTop + plotHeight + 14)\" text-anchor=\"end\" transform=\"rotate(-40 \(cx) \(plotTop + plotHeight + 14))\">\(label)</text>")
        }
        return frame(id: id, title: title, description: description, width: width, height: height, parts)
    }

    /// A target's progress: done against required, coloured by its standing (`met`, `onTrack`, `atRisk`, `missed`).
    public struct Progress: Sendable {
        public let label: String, done: Int, required: Int, standing: String, standingLabel: String
    }

    /// One track a target, full at what is required; the part done filled, "03/04" and the standing at its end.
    public static func progress(id: String, title: String, description: String, _ rows: [Progress]) -> HTML {
        let rowHeight = 24, labelWidth = 380, track = 240, width = labelWidth + track + 200
        let height = 30 + rowHeight * max(rows.count, 1)
        var parts: [HTML] = []
        for (i, r) in rows.enumerated() {
            let y = 26 + i * rowHeight
            let share = r.required > 0 ? min(Double(r.done) / Double(r.required), 1) : 1
            let w = Int((share * Double(track)).rounded())
            parts.append("""
                <text x="\(labelWidth - 6)" y="\(y + 15)" text-anchor="end">\(String(r.label.prefix(60)))</text>\
                <rect x="\(labelWidth)" y="\(y + 4)" width="\(track)" height="\(rowHeight - 8)" class="track"></rect>\
                <rect x="\(labelWidth)" y="\(y + 4)" width="\(w)" height="\(rowHeight - 8)" class="\(r.standing)"></rect>\
                <text x="\(labelWidth + track + 6)" y="\(y + 15)">\(VietnameseFormat.count(r.done))/\(VietnameseFormat.count(r.required)) — \(r.standingLabel)</text>
                """)
        }
        return frame(id: id, title: title, description: description, width: width, height: height, parts)
    }

    /// The drawing's frame: its size, its title and description for assistive technology, the title shown on top.
    static func frame(id: String, title: String, description: String, width: Int, height: Int, _ parts: [HTML]) -> HTML {
        """
        <svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" \
        aria-labelledby="\(id)-title \(id)-desc"><title id="\(id)-title">\(title)</title><desc id="\(id)-desc">\(description)</desc>\
        <text x="0" y="16" class="chart-title">\(title)</text>\(HTML.join(parts))</svg>
        """
    }
}
