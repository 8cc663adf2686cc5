import Foundation

/// A shaded interval of a time plot: a fault window.
public struct PlotBand: Sendable, Equatable {
    /// Start (data units of x).
    public var x0: Double
    /// End (data units of x).
    public var x1: Double
    /// What it is (drawn at its top left).
    public var label: String

    /// A band.
    public init(x0: Double, x1: Double, label: String) { self.x0 = x0; self.x1 = x1; self.label = label }
}

/// A vertical line of a time plot: a detection, a majority, an installation.
public struct PlotMarker: Sendable, Equatable {
    /// Where (data units of x).
    public var x: Double
    /// What happened (drawn along the line).
    public var label: String
    /// Palette index.
    public var color: Int

    /// A marker.
    public init(x: Double, label: String, color: Int) { self.x = x; self.label = label; self.color = color }
}

extension SVGPlot {
    /// Bands as translucent rectangles over the plot's height (class `band`).
    func drawBands(px: (Double) -> Double, top: Double, height: Double) -> String {
        guard !bands.isEmpty else { return "" }
        let c = Ticks.coordinate
        var o = "<g class=\"bands\" clip-path=\"url(#area)\">\n"
        for b in bands {
            let a = px(b.x0), z = Swift.max(px(b.x1), a + 1)
            o += "<rect class=\"band\" x=\"\(c(a))\" y=\"\(c(top))\" width=\"\(c(z - a))\" height=\"\(c(height))\" "
                + "fill=\"#d62728\" fill-opacity=\"0.08\"/>\n"
            o += "<text x=\"\(c(a + 4))\" y=\"\(c(top + height - 6))\" fill=\"#b22222\" font-size=\"10\">\(XML.escape(b.label))</text>\n"
        }
        return o + "</g>\n"
    }

    /// Markers as dotted vertical lines with their label written upwards along them (class `marker`).
    func drawMarkers(px: (Double) -> Double, top: Double, height: Double) -> String {
        guard !markers.isEmpty else { return "" }
        let c = Ticks.coordinate
        var o = "<g class=\"markers\" clip-path=\"url(#area)\">\n"
        // Labels run upwards left of their line; one too close to the previous label moves right of it.
        var lastLabel = -Double.infinity
        for m in markers.sorted(by: { $0.x < $1.x }) {
            let color = SVGPlot.palette[((m.color % SVGPlot.palette.count) + SVGPlot.palette.count) % SVGPlot.palette.count]
            let x = px(m.x)
            o += "<line class=\"marker\" x1=\"\(c(x))\" y1=\"\(c(top))\" x2=\"\(c(x))\" y2=\"\(c(top + height))\" stroke=\"\(color)\" "
                + "stroke-width=\"1.3\" stroke-dasharray=\"2 3\"/>\n"
            let labelX = Swift.max(x - 3, lastLabel + 12)
            lastLabel = labelX
            o += "<text transform=\"translate(\(c(labelX)) \(c(top + 6))) rotate(-90)\" text-anchor=\"end\" fill=\"\(color)\" "
                + "font-size=\"10\">\(XML.escape(m.label))</text>\n"
        }
        return o + "</g>\n"
    }

    /// The whole decades around log10 values (at least one decade).
    static func decades(_ values: [Double]) -> (Double, Double) {
        let finite = values.filter(\.isFinite)
        let lo = (finite.min() ?? 0).rounded(.down), hi = (finite.max() ?? 1).rounded(.up)
        return (lo, Swift.max(hi, lo + 1))
    }
}

extension Ticks {
    /// The label of the tick at 10^exponent: `1`, `10`, `1,000`, `0.01`.
    static func power(_ exponent: Double) -> String {
        let v = pow(10, exponent.rounded())
        return v >= 1 ? SummaryFormat.grouped(Int64(v.rounded())) : String(format: "%g", v)
    }
}
