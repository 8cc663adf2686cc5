import Foundation

/// A self-contained SVG of each `bounds` series against N (logarithmic N axis) with its three fits.
public enum BoundsSVG {
    static let width = 720.0, panelHeight = 380.0
    static let left = 90.0, right = 170.0, top = 44.0, bottom = 52.0
    static let colors: [GrowthModel: String] = [.log: "#1f77b4", .nOverLog: "#1f77b4", .sqrt: "#ff7f0e", .linear: "#2ca02c"]

    /// The whole document: one panel per series, stacked.
    public static func render(_ o: BoundsOutcome) -> String {
        let height = panelHeight * Double(o.series.count)
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>

            """
        for (k, s) in o.series.enumerated() {
            out += panel(s, title: "\(o.sweep.plan.base.name): \(s.figure) against N (\(s.passed ? "PASS" : "FAIL"))",
                         y0: panelHeight * Double(k))
        }
        return out + "</svg>\n"
    }

    /// One panel at vertical offset `y0`.
    static func panel(_ s: BoundsSeries, title: String, y0: Double) -> String {
        let plotW = width - left - right, plotH = panelHeight - top - bottom
        let lx = s.n.map { log10($0) }
        let xMin = (lx.min() ?? 0) - 0.05, xMax = (lx.max() ?? 1) + 0.05
        let samples = (0...120).map { i in pow(10, xMin + (xMax - xMin) * Double(i) / 120) }
        var ys = zip(s.mean, s.spread).flatMap { [$0 - $1, $0 + $1] }.filter(\.isFinite)
        for f in s.fits { ys += samples.map { f.intercept + f.slope * f.model.x($0) }.filter(\.isFinite) }
        let dataMax = zip(s.mean, s.spread).map { $0 + $1 }.filter(\.isFinite).max() ?? 1
        let yLow = min(0, ys.min() ?? 0), yHigh = max(min(ys.max() ?? 1, 2 * dataMax), dataMax) * 1.05 + 1e-12
        func px(_ n: Double) -> Double { left + (log10(n) - xMin) / (xMax - xMin) * plotW }
        func py(_ y: Double) -> Double { y0 + top + plotH - (y - yLow) / (yHigh - yLow) * plotH }
        func f(_ x: Double) -> String { String(format: "%.1f", x) }
        var out = "<g>\n<text x=\"\(f(left))\" y=\"\(f(y0 + 24))\" font-size=\"14\" font-weight=\"bold\">\(escape(title))</text>\n"
        out += "<rect x=\"\(f(left))\" y=\"\(f(y0 + top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"#888\"/>\n"
        // N axis: powers of ten labelled (also 2 and 5 times them over a short range); every measured N as a small tick.
        let multiples: [Double] = xMax - xMin < 2.5 ? [1, 2, 5] : [1]
        var decade = floor(xMin)
        while decade <= xMax {
            for m in multiples where log10(m) + decade >= xMin && log10(m) + decade <= xMax {
                let n = m * pow(10, decade), x = px(n)
                out += "<line x1=\"\(f(x))\" y1=\"\(f(y0 + top))\" x2=\"\(f(x))\" y2=\"\(f(y0 + top + plotH))\" stroke=\"#eee\"/>\n"
                out += "<text x=\"\(f(x))\" y=\"\(f(y0 + top + plotH + 18))\" text-anchor=\"middle\">\(SummaryFormat.grouped(Int64(n.rounded())))</text>\n"
            }
            decade += 1
        }
        for n in s.n {
            out += "<line x1=\"\(f(px(n)))\" y1=\"\(f(y0 + top + plotH))\" x2=\"\(f(px(n)))\" y2=\"\(f(y0 + top + plotH - 6))\" stroke=\"#444\"/>\n"
        }
        out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(y0 + panelHeight - 12))\" text-anchor=\"middle\">N (nodes, L1 included; log scale)</text>\n"
        for t in ticks(yLow, yHigh) {
            out += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(py(t)))\" stroke=\"#eee\"/>\n"
            let label = abs(t) < 1e-9 * (yHigh - yLow) ? "0" : SummaryFormat.value(t, unit: s.unit)
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(escape(label))</text>\n"
        }
        // The fits, clipped to the plot.
        out += "<clipPath id=\"clip\(Int(y0))\"><rect x=\"\(f(left))\" y=\"\(f(y0 + top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\"/></clipPath>\n"
        for (k, fit) in s.fits.enumerated() where fit.slope.isFinite {
            let points = samples.map { "\(f(px($0))),\(f(py(fit.intercept + fit.slope * fit.model.x($0))))" }.joined(separator: " ")
            let color = colors[fit.model] ?? "#000"
            out += "<polyline clip-path=\"url(#clip\(Int(y0)))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(fit.model == s.best ? 2.5 : 1.5)\"\(k == 0 ? "" : " stroke-dasharray=\"6 4\"") points=\"\(points)\"/>\n"
            let ly = y0 + top + 16 + Double(k) * 36
            out += "<line x1=\"\(f(left + plotW + 12))\" y1=\"\(f(ly))\" x2=\"\(f(left + plotW + 36))\" y2=\"\(f(ly))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            out += "<text x=\"\(f(left + plotW + 42))\" y=\"\(f(ly + 4))\">a + b·\(escape(fit.model.rawValue))</text>\n"
            out += "<text x=\"\(f(left + plotW + 42))\" y=\"\(f(ly + 19))\" fill=\"#555\">R² \(String(format: "%.4f", fit.rSquared))</text>\n"
        }
        // The measurements: mean and ± one sample standard deviation over replicates.
        for (n, (m, sd)) in zip(s.n, zip(s.mean, s.spread)) where m.isFinite {
            if sd > 0 {
                out += "<line x1=\"\(f(px(n)))\" y1=\"\(f(py(m - sd)))\" x2=\"\(f(px(n)))\" y2=\"\(f(py(m + sd)))\" stroke=\"#000\"/>\n"
            }
            out += "<circle cx=\"\(f(px(n)))\" cy=\"\(f(py(m)))\" r=\"3.5\" fill=\"#000\"/>\n"
        }
        let ly = y0 + top + 16 + Double(s.fits.count) * 36
        out += "<circle cx=\"\(f(left + plotW + 24))\" cy=\"\(f(ly))\" r=\"3.5\"/><text x=\"\(f(left + plotW + 42))\" y=\"\(f(ly + 4))\">mean ± sd</text>\n"
        return out + "</g>\n"
    }

    /// About six round tick values between `low` and `high`.
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        let span = high - low
        guard span > 0, span.isFinite else { return [low] }
        let raw = span / 6, magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var t = ceil(low / step) * step, out: [Double] = []
        while t <= high + 1e-9 * span { out.append(t); t += step }
        return out
    }

    /// `&`, `<`, `>` and `"` escaped.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
