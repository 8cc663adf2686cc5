import Foundation

/// Colours for heatmap cells (`PlotSeries.Style.cells`) and their colour bar.
extension SVGPlot {
    /// Matplotlib's viridis at 0, 0.25, 0.5, 0.75 and 1 (interpolated linearly between).
    static let viridisAnchors: [(Double, Double, Double)] = [
        (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
    ]

    /// The viridis colour of `value` (clamped to 0…1) as `#rrggbb`.
    static func viridis(_ value: Double) -> String {
        let v = Swift.min(1, Swift.max(0, value.isFinite ? value : 0)) * Double(viridisAnchors.count - 1)
        let k = Swift.min(viridisAnchors.count - 2, Int(v))
        let f = v - Double(k)
        let a = viridisAnchors[k], b = viridisAnchors[k + 1]
        func mix(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * f).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// A vertical colour bar for values 0…1 at `x`, from `top` down `height` px, labelled.
    static func colorBar(_ label: String, x: Double, top: Double, height: Double, labelOffset: Double = 60) -> String {
        let c = Ticks.coordinate
        let steps = 50
        var o = "<g class=\"colorbar\">\n"
        for k in 0..<steps {
            let v = (Double(k) + 0.5) / Double(steps)
            let y = top + height * (1 - Double(k + 1) / Double(steps))
            o += "<rect x=\"\(c(x))\" y=\"\(c(y))\" width=\"14\" height=\"\(c(height / Double(steps) + 0.4))\" fill=\"\(viridis(v))\"/>"
        }
        o += "\n<rect x=\"\(c(x))\" y=\"\(c(top))\" width=\"14\" height=\"\(c(height))\" fill=\"none\" stroke=\"#333333\"/>\n"
        for t in stride(from: 0.0, through: 1.0, by: 0.25) {
            let y = top + height * (1 - t)
            o += "<text x=\"\(c(x + 18))\" y=\"\(c(y + 4))\">\(String(format: "%.2g", t))</text>\n"
        }
        o += "<text transform=\"translate(\(c(x + labelOffset)) \(c(top + height / 2))) rotate(-90)\" text-anchor=\"middle\">"
            + "\(XML.escape(label))</text>\n</g>\n"
        return o
    }
}
