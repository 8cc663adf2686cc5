import Foundation
import Metrics

/// One data series of a plot, in data units (the axes' units divide them when drawn).
public struct PlotSeries: Sendable {
    /// How a series is drawn.
    public enum Style: Sendable, Equatable {
        /// Straight segments between points.
        case line
        /// Steps: horizontal to the next x, then vertical (a CDF, a count over time).
        case step
        /// A dot per point.
        case points
        /// A bar per point, from 0 (categorical x such as depth).
        case bars
        /// Straight segments with a dot per point.
        case linePoints
        /// A cell of size dx × dy centred on each point, coloured by `values` (0…1, viridis): a heatmap.
        case cells(dx: Double, dy: Double)
    }

    /// Legend entry (nil: not in the legend).
    public var name: String?
    /// The points (x, y).
    public var points: [(Double, Double)]
    /// How it is drawn.
    public var style: Style
    /// Palette index.
    public var color: Int
    /// A dashed stroke.
    public var dashed = false
    /// Stroke width, px.
    public var width = 2.0
    /// Opacity, 0…1.
    public var opacity = 1.0
    /// Cell values (style `cells`), one per point, 0…1.
    public var values: [Double] = []

    /// A series.
    public init(_ name: String?, _ points: [(Double, Double)], style: Style = .line, color: Int = 0,
                dashed: Bool = false, width: Double = 2, opacity: Double = 1) {
        self.name = name; self.points = points; self.style = style; self.color = color; self.dashed = dashed
        self.width = width; self.opacity = opacity
    }
}

/// A self-contained SVG chart written by hand: title, axes with round ticks, series, reference
/// lines, legend. Every data series is an element with `class="series"` and `data-points="N"`.
public struct SVGPlot: Sendable {
    /// Title (first line).
    public var title: String
    /// Subtitle (second line, smaller; empty: none).
    public var subtitle: String
    /// The horizontal axis.
    public var x: PlotAxis
    /// The vertical axis.
    public var y: PlotAxis
    /// The data.
    public var series: [PlotSeries] = []
    /// Horizontal reference lines at y (data units), with a label.
    public var referenceLines: [(y: Double, label: String)] = []
    /// Width in px.
    public var width = 760.0
    /// Height in px (without the legend row).
    public var height = 440.0
    /// The label of a colour bar for `cells` series (nil: none).
    public var colorBar: String?
    /// Shaded x intervals (fault windows), data units, drawn behind the data.
    public var bands: [PlotBand] = []
    /// Vertical lines at x (detections, majorities, installations), data units, drawn over the data.
    public var markers: [PlotMarker] = []

    /// Matplotlib's default colours (tab10), so the notebook's plots look alike.
    public static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                                 "#7f7f7f", "#bcbd22", "#17becf"]

    /// A plot.
    public init(title: String, subtitle: String = "", x: PlotAxis, y: PlotAxis) {
        self.title = title; self.subtitle = subtitle; self.x = x; self.y = y
    }

    /// Number of data points over all series.
    public var pointCount: Int { series.reduce(0) { $0 + $1.points.count } }

    /// The SVG document.
    public func render() -> String {
        let named = series.filter { $0.name != nil }
        let legendRows = named.isEmpty ? 0.0 : 1.0
        let left = 78.0, right = colorBar == nil ? 24.0 : 96.0, top = subtitle.isEmpty ? 44.0 : 62.0
        let bottom = 54.0 + 22 * legendRows
        let h = height + 22 * legendRows
        let pw = width - left - right, ph = h - top - bottom
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            var dx = 0.0, dy = 0.0
            if case .cells(let cx, let cy) = s.style { dx = cx / 2; dy = cy / 2 }
            for p in s.points {
                xs += dx == 0 ? [x.position(p.0)] : [x.position(p.0 - dx), x.position(p.0 + dx)]
                ys += dy == 0 ? [p.1 / y.unit.divisor] : [(p.1 - dy) / y.unit.divisor, (p.1 + dy) / y.unit.divisor]
            }
        }
        ys += referenceLines.map { $0.y / y.unit.divisor }
        let bars = series.contains { $0.style == .bars }
        let discrete = x.integer && series.allSatisfy { $0.style == .bars || $0.style == .points || $0.style == .linePoints }
        xs += bands.flatMap { [x.position($0.x0), x.position($0.x1)] } + markers.map { x.position($0.x) }
        let (x0, x1) = x.log ? SVGPlot.decades(xs) : SVGPlot.range(xs, axis: x, pad: bars ? 0.6 : discrete ? 0.4 : 0)
        let (y0, y1) = SVGPlot.range(ys, axis: y, pad: 0, headroom: y.max == nil && !bars ? 0.05 : bars ? 0.08 : 0)
        func px(_ v: Double) -> Double { left + (x.position(v) - x0) / (x1 - x0) * pw }
        func py(_ v: Double) -> Double { top + ph - (v / y.unit.divisor - y0) / (y1 - y0) * ph }
        let c = Ticks.coordinate
        var o = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(h))" \
            viewBox="0 0 \(Int(width)) \(Int(h))" font-family="Helvetica, Arial, sans-serif" font-size="12">
            <title>\(XML.escape(title))</title>
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="\(c(left))" y="22" font-size="15" font-weight="bold">\(XML.escape(title))</text>

            """
        if !subtitle.isEmpty { o += "<text x=\"\(c(left))\" y=\"42\" fill=\"#555555\">\(XML.escape(subtitle))</text>\n" }
        o += "<defs><clipPath id=\"area\"><rect x=\"\(c(left))\" y=\"\(c(top))\" width=\"\(c(pw))\" height=\"\(c(ph))\"/></clipPath></defs>\n"
        // Grid and ticks.
        let xt = x.log ? (ticks: Array(stride(from: x0, through: x1, by: 1)), step: 1.0) : Ticks.nice(x0, x1, target: 8, integer: x.integer)
        let yt = Ticks.nice(y0, y1, target: 6, integer: y.integer)
        o += "<g class=\"grid\" stroke=\"#e5e5e5\" stroke-width=\"1\">\n"
        for t in xt.ticks { let p = left + (t - x0) / (x1 - x0) * pw; o += "<line x1=\"\(c(p))\" y1=\"\(c(top))\" x2=\"\(c(p))\" y2=\"\(c(top + ph))\"/>\n" }
        for t in yt.ticks { let p = top + ph - (t - y0) / (y1 - y0) * ph; o += "<line x1=\"\(c(left))\" y1=\"\(c(p))\" x2=\"\(c(left + pw))\" y2=\"\(c(p))\"/>\n" }
        o += "</g>\n<g class=\"ticks\" fill=\"#333333\">\n"
        for t in xt.ticks {
            let p = left + (t - x0) / (x1 - x0) * pw
            let label = x.log ? Ticks.power(t) : Ticks.label(t, step: xt.step)
            o += "<text x=\"\(c(p))\" y=\"\(c(top + ph + 18))\" text-anchor=\"middle\">\(label)</text>\n"
        }
        for t in yt.ticks {
            let p = top + ph - (t - y0) / (y1 - y0) * ph
            o += "<text x=\"\(c(left - 8))\" y=\"\(c(p + 4))\" text-anchor=\"end\">\(Ticks.label(t, step: yt.step))</text>\n"
        }
        o += "</g>\n"
        o += "<text x=\"\(c(left + pw / 2))\" y=\"\(c(top + ph + 40))\" text-anchor=\"middle\">\(XML.escape(x.unit.label(x.label)))</text>\n"
        o += "<text transform=\"translate(18 \(c(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\">\(XML.escape(y.unit.label(y.label)))</text>\n"
        o += drawBands(px: px, top: top, height: ph)
        // Data.
        o += "<g clip-path=\"url(#area)\">\n"
        let barWidth = bars ? Swift.max(4, 0.7 * pw / Swift.max(1, x1 - x0)) : 0
        for s in series where !s.points.isEmpty {
            o += SVGPlot.draw(s, px: px, py: py, baseline: py(Swift.max(0, y0 * y.unit.divisor)), barWidth: barWidth)
        }
        for r in referenceLines {
            o += "<line class=\"reference\" x1=\"\(c(left))\" y1=\"\(c(py(r.y)))\" x2=\"\(c(left + pw))\" y2=\"\(c(py(r.y)))\" "
                + "stroke=\"#444444\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"/>\n"
            o += "<text x=\"\(c(left + 6))\" y=\"\(c(py(r.y) - 5))\" fill=\"#444444\">\(XML.escape(r.label))</text>\n"
        }
        o += "</g>\n" + drawMarkers(px: px, top: top, height: ph)
        o += "<rect x=\"\(c(left))\" y=\"\(c(top))\" width=\"\(c(pw))\" height=\"\(c(ph))\" fill=\"none\" stroke=\"#333333\"/>\n"
        if let label = colorBar { o += SVGPlot.colorBar(label, x: left + pw + 22, top: top, height: ph) }
        return o + legend(named, left: left, y: h - 14) + "</svg>\n"
    }

    /// The displayed range of `values` on `axis`: fixed bounds, else the data's (from 0 when non-negative).
    static func range(_ values: [Double], axis: PlotAxis, pad: Double, headroom: Double = 0) -> (Double, Double) {
        // Discrete axes (padded: depths) start at the data; others include 0.
        var lo = axis.min ?? (pad > 0 ? (values.min() ?? 0) : Swift.min(0, values.min() ?? 0))
        var hi = axis.max ?? (values.max() ?? 1)
        if axis.max == nil { hi += (hi - lo) * headroom }
        if hi <= lo { hi = lo + 1 }
        lo -= pad; hi += pad
        return (lo, hi)
    }

    /// One series as SVG.
    static func draw(_ s: PlotSeries, px: (Double) -> Double, py: (Double) -> Double, baseline: Double,
                     barWidth: Double) -> String {
        let c = Ticks.coordinate
        let color = palette[((s.color % palette.count) + palette.count) % palette.count]
        let head = "class=\"series\" data-points=\"\(s.points.count)\"" + (s.name.map { " data-name=\"\(XML.escape($0))\"" } ?? "")
        let opacity = s.opacity < 1 ? " opacity=\"\(String(format: "%.2f", s.opacity))\"" : ""
        switch s.style {
        case .line, .step, .linePoints:
            var coords: [String] = []
            for (k, p) in s.points.enumerated() {
                if s.style == .step && k > 0 { coords.append("\(c(px(p.0))),\(c(py(s.points[k - 1].1)))") }
                coords.append("\(c(px(p.0))),\(c(py(p.1)))")
            }
            var out = "<polyline \(head) points=\"\(coords.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" "
                + "stroke-width=\"\(String(format: "%.1f", s.width))\" stroke-linejoin=\"round\"\(opacity)"
                + (s.dashed ? " stroke-dasharray=\"7 4\"" : "") + "/>\n"
            if s.style == .linePoints {
                out += "<g fill=\"\(color)\">" + s.points.map { "<circle cx=\"\(c(px($0.0)))\" cy=\"\(c(py($0.1)))\" r=\"3\"/>" }.joined() + "</g>\n"
            }
            return out
        case .points:
            return "<g \(head) fill=\"\(color)\"\(opacity)>"
                + s.points.map { "<circle cx=\"\(c(px($0.0)))\" cy=\"\(c(py($0.1)))\" r=\"3.5\"/>" }.joined() + "</g>\n"
        case .cells(let dx, let dy):
            return "<g \(head)>" + s.points.enumerated().map { k, p in
                let x0 = px(p.0 - dx / 2), x1 = px(p.0 + dx / 2), y0 = py(p.1 + dy / 2), y1 = py(p.1 - dy / 2)
                let fill = viridis(k < s.values.count ? s.values[k] : 0)
                return "<rect x=\"\(c(x0))\" y=\"\(c(y0))\" width=\"\(c(x1 - x0 + 0.3))\" height=\"\(c(y1 - y0 + 0.3))\" fill=\"\(fill)\"/>"
            }.joined() + "</g>\n"
        case .bars:
            return "<g \(head) fill=\"\(color)\"\(opacity)>" + s.points.map { p in
                let top = Swift.min(py(p.1), baseline), h = abs(baseline - py(p.1))
                return "<rect x=\"\(c(px(p.0) - barWidth / 2))\" y=\"\(c(top))\" width=\"\(c(barWidth))\" height=\"\(c(h))\"/>"
            }.joined() + "</g>\n"
        }
    }

    /// The legend: one row below the plot, entries side by side.
    func legend(_ named: [PlotSeries], left: Double, y: Double) -> String {
        guard !named.isEmpty else { return "" }
        let c = Ticks.coordinate
        var o = "<g class=\"legend\">\n"
        var x = left
        for s in named {
            let color = SVGPlot.palette[s.color % SVGPlot.palette.count]
            switch s.style {
            case .bars:
                o += "<rect x=\"\(c(x))\" y=\"\(c(y - 9))\" width=\"22\" height=\"9\" fill=\"\(color)\"/>"
            case .points:
                o += "<circle cx=\"\(c(x + 11))\" cy=\"\(c(y - 4))\" r=\"3.5\" fill=\"\(color)\"/>"
            case .cells:
                o += "<rect x=\"\(c(x))\" y=\"\(c(y - 9))\" width=\"22\" height=\"9\" fill=\"\(SVGPlot.viridis(0.7))\"/>"
            default:
                o += "<line x1=\"\(c(x))\" y1=\"\(c(y - 4))\" x2=\"\(c(x + 22))\" y2=\"\(c(y - 4))\" stroke=\"\(color)\" "
                    + "stroke-width=\"2.5\"" + (s.dashed ? " stroke-dasharray=\"7 4\"" : "") + "/>"
            }
            o += "<text x=\"\(c(x + 28))\" y=\"\(c(y))\">\(XML.escape(s.name!))</text>\n"
            x += 28 + 6.8 * Double(s.name!.count) + 22
        }
        return o + "</g>\n"
    }
}
