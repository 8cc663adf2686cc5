import Foundation
import Metrics

/// A heatmap of one figure over two axes of a sweep (width × depth): one cell per pair of values,
/// coloured by the mean (viridis, from the smallest to the largest) and labelled with it.
enum SweepHeatmap {
    /// The figure, or nil when the sweep has fewer than two axes or no value of `figure`.
    static func figure(_ d: SweepReportData, figure: String) -> ReportFigure? {
        guard let (ax, ay) = d.heatmapAxes, d.has(figure) else { return nil }
        func ordered(_ k: Int) -> [String] {
            var seen: [String] = []
            for p in d.points where !seen.contains(p.values[k]) { seen.append(p.values[k]) }
            return seen.sorted { (Double($0) ?? .infinity, $0) < (Double($1) ?? .infinity, $1) }
        }
        let xs = ordered(ax), ys = ordered(ay)
        var cells: [(Int, Int, Double)] = []
        for p in d.points {
            guard let v = p.mean(figure), let i = xs.firstIndex(of: p.values[ax]), let j = ys.firstIndex(of: p.values[ay]) else { continue }
            cells.append((i, j, v))
        }
        guard !cells.isEmpty else { return nil }
        let lo = cells.map(\.2).min()!, hi = cells.map(\.2).max()!
        let u = SweepReportPlots.unit(d.unit(figure), hi)
        let c = Ticks.coordinate
        let left = 90.0, top = 62.0, cw = min(110.0, 560.0 / Double(xs.count)), ch = min(60.0, 320.0 / Double(ys.count))
        let width = max(640, left + cw * Double(xs.count) + 130), height = top + ch * Double(ys.count) + 60
        let title = "\(figure) over \(d.info.axes[ax]) × \(d.info.axes[ay])"
        var o = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
            <title>\(XML.escape(title))</title>
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="\(c(left))" y="22" font-size="15" font-weight="bold">\(XML.escape(title))</text>
            <text x="\(c(left))" y="42" fill="#555555">mean over replicates, in \(u.name.isEmpty ? "units of the figure" : u.name); empty: no value</text>
            <g class="series" data-points="\(cells.count)" data-name="\(XML.escape(figure))">

            """
        for (i, j, v) in cells {
            let f = hi > lo ? (v - lo) / (hi - lo) : 0.5
            let x = left + Double(i) * cw, y = top + Double(ys.count - 1 - j) * ch
            o += "<rect x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(cw - 2))\" height=\"\(c(ch - 2))\" fill=\"\(SVGPlot.viridis(f))\"/>"
            o += "<text x=\"\(c(x + cw / 2 - 1))\" y=\"\(c(y + ch / 2 + 4))\" text-anchor=\"middle\" fill=\"\(f > 0.6 ? "#000000" : "#ffffff")\">"
                + "\(format(v / u.divisor))</text>\n"
        }
        o += "</g>\n<g class=\"ticks\" fill=\"#333333\">\n"
        for (i, x) in xs.enumerated() {
            o += "<text x=\"\(c(left + (Double(i) + 0.5) * cw))\" y=\"\(c(top + ch * Double(ys.count) + 16))\" text-anchor=\"middle\">\(XML.escape(x))</text>\n"
        }
        for (j, y) in ys.enumerated() {
            o += "<text x=\"\(c(left - 8))\" y=\"\(c(top + Double(ys.count - 1 - j) * ch + ch / 2 + 4))\" text-anchor=\"end\">\(XML.escape(y))</text>\n"
        }
        o += "</g>\n<text x=\"\(c(left + cw * Double(xs.count) / 2))\" y=\"\(c(top + ch * Double(ys.count) + 40))\" text-anchor=\"middle\">"
            + "\(XML.escape(d.info.axes[ax]))</text>\n"
        o += "<text transform=\"translate(24 \(c(top + ch * Double(ys.count) / 2))) rotate(-90)\" text-anchor=\"middle\">"
            + "\(XML.escape(d.info.axes[ay]))</text>\n"
        let bar = SVGPlot.colorBar(u.label(figure), x: left + cw * Double(xs.count) + 16, top: top, height: ch * Double(ys.count),
                                   labelOffset: 76)
        // The colour bar's 0…1 labels as the figure's values.
        var labelled = bar
        for t in stride(from: 0.0, through: 1.0, by: 0.25) {
            labelled = labelled.replacingOccurrences(of: ">\(String(format: "%.2g", t))</text>", with: ">\(format((lo + t * (hi - lo)) / u.divisor))</text>")
        }
        o += labelled + "</svg>\n"
        return ReportFigure(file: "sweep-heatmap.svg", heading: "\(figure) over \(d.info.axes[ax]) and \(d.info.axes[ay])",
                            caption: "The mean of \(figure) at each point of the grid (choose another figure with "
                                + "`report --figure NAME`).", dataset: SweepReportPlots.dataset(axes: d.info.axes),
                            plot: SVGPlot(title: title, x: PlotAxis(label: ""), y: PlotAxis(label: "")),
                            python: SweepNotebook.heatmap(figure: figure, x: d.info.axes[ax], y: d.info.axes[ay], unit: u),
                            customSVG: o)
    }

    /// Three significant digits.
    static func format(_ v: Double) -> String {
        abs(v) >= 1000 ? SummaryFormat.grouped(Int64(v.rounded())) : String(format: "%.3g", v)
    }
}
