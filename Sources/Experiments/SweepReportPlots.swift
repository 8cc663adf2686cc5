import Foundation
import Metrics

/// The plots of a sweep report: figures against N (log axis, one line per width), a heatmap over
/// two axes, and the `bounds` fit when the sweep came from `bounds`.
enum SweepReportPlots {
    /// The `sweep_points` dataset of a sweep with `axes` (the view's query, so older databases work too).
    static func dataset(axes: [String]) -> ReportDataset {
        ReportDataset(name: "sweep_points", table: "sweep", sql: "SELECT * FROM (\n" + SweepDatabase.pointsSQL(axes: axes)
                      + "\n) WHERE figure NOT LIKE 'run.%' OR figure = 'run.events'")
    }

    /// The display unit of a figure's values.
    static func unit(_ name: String, _ max: Double) -> PlotUnit {
        switch name {
        case "s": return .time(maxSeconds: max)
        case "B", "bytes": return .bytes(max: max)
        default: return PlotUnit(divisor: 1, name: name == "count" ? "" : name)
        }
    }

    /// Every plot the sweep has data for.
    static func figures(_ d: SweepReportData, heatmapFigure: String, boundsMetric: BoundsMetric?) -> [ReportFigure] {
        var out: [ReportFigure] = []
        for q in ["p50", "p99"] {
            let path = "finality.path.\(q)", global = "finality.global.\(q)"
            let series = d.has(path) ? [(path, false), (global, true)] : [(global, false)]
            let style = d.has(path) ? "solid: path finality, dashed: global (root) finality" : "global (root) finality"
            out.append(versus(d, file: "sweep-finality-\(q).svg", heading: "Finality \(q) against N",
                              title: "Finality \(q) of transactions against the tree size",
                              style: style, series: series,
                              caption: "Mean over the replicates of each point of the \(q) finality latency; "
                                  + "one colour per line of the sweep."))
        }
        out.append(versus(d, file: "sweep-l1-hashes.svg", heading: "L1 hashes against N",
                          title: "Hashes retained on the L1 (most at once) against the tree size", style: "l1.retained.max",
                          series: [("l1.retained.max", false)],
                          caption: "The most hashes the L1 kept at one time (docs/model.md §10: O(log N) predicted)."))
        out.append(versus(d, file: "sweep-storage.svg", heading: "Storage against N",
                          title: "Most bytes stored by one validium against the tree size", style: "storage.max_bytes",
                          series: [("storage.max_bytes", false)],
                          caption: "The largest storage of one validium (its ancestors' group VMs), mean over replicates."))
        if let h = SweepHeatmap.figure(d, figure: heatmapFigure) { out.append(h) }
        if let m = boundsMetric, let b = boundsFit(d, metric: m) { out.append(b) }
        return out.compactMap { $0 }.filter { $0.customSVG != nil || $0.plot.pointCount > 0 }
    }

    /// The x value of a point: its N, or the first axis's value when N does not vary.
    static func xValue(_ d: SweepReportData, _ p: SweepReportPoint) -> Double? {
        d.sizeVaries ? p.mean("nodes") : p.values.first.flatMap(Double.init)
    }

    /// The points grouped by the line axis, in order of first appearance.
    static func lines(_ d: SweepReportData) -> [(String, [SweepReportPoint])] {
        var out: [(String, [SweepReportPoint])] = []
        let k = d.lineAxis.flatMap { d.sizeVaries || $0 != 0 ? $0 : nil }
        for p in d.points {
            let key = k.map { "\(d.info.axes[$0]) = \(p.values[$0])" } ?? "all points"
            if let i = out.firstIndex(where: { $0.0 == key }) { out[i].1.append(p) } else { out.append((key, [p])) }
        }
        return out
    }

    static func versus(_ d: SweepReportData, file: String, heading: String, title: String, style: String,
                       series: [(String, Bool)], caption: String) -> ReportFigure {
        let maxY = series.flatMap { s in d.points.compactMap { $0.mean(s.0) } }.max() ?? 0
        let u = unit(d.unit(series[0].0), maxY)
        let xAxis = d.sizeVaries ? PlotAxis(label: "N (nodes, the L1 included)", log: true)
            : PlotAxis(label: d.info.axes.first ?? "point")
        var p = SVGPlot(title: title, subtitle: style + " · mean over \(d.info.replicates) replicate(s) per point",
                        x: xAxis, y: PlotAxis(label: series[0].0, unit: u))
        for (k, line) in lines(d).enumerated() {
            for (name, dashed) in series {
                let pts = line.1.compactMap { q -> (Double, Double)? in
                    guard let x = xValue(d, q), let y = q.mean(name) else { return nil }
                    return (x, y)
                }.sorted { $0.0 < $1.0 }
                p.series.append(PlotSeries(dashed ? nil : line.0, pts, style: .linePoints, color: k, dashed: dashed))
            }
        }
        return ReportFigure(file: file, heading: heading, caption: caption, dataset: dataset(axes: d.info.axes), plot: p,
                            python: SweepNotebook.versus(series: series.map(\.0), unit: u, title: title))
    }

    /// The metric of a `bounds` sweep, from its stored scenario text (`bounds.metric`, default finality).
    static func boundsMetric(scenarioText: String) -> BoundsMetric {
        var inBlock = false
        for line in scenarioText.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("bounds:") { inBlock = true; continue }
            if inBlock, let first = line.first, !first.isWhitespace, first != "#" { inBlock = false }
            let t = line.trimmingCharacters(in: .whitespaces)
            if inBlock, t.hasPrefix("metric:") {
                let v = t.dropFirst("metric:".count).split(separator: "#").first?.trimmingCharacters(in: .whitespaces) ?? ""
                return BoundsMetric(rawValue: v) ?? .finality
            }
        }
        return .finality
    }

    /// The `bounds` panels: each figure of the metric against N with its three fits.
    static func boundsFit(_ d: SweepReportData, metric: BoundsMetric) -> ReportFigure? {
        let input = d.points.compactMap { p -> (n: Double, figures: [PointFigure])? in
            guard let n = p.mean("nodes") else { return nil }
            return (n, metric.figures.compactMap { p.figures[$0] })
        }
        guard input.count >= 2 else { return nil }
        let series = Bounds.analyse(metric: metric, points: input, thresholds: BoundsThresholds())
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(BoundsSVG.width))\" "
            + "height=\"\(Int(BoundsSVG.panelHeight * Double(series.count)))\" font-family=\"sans-serif\" font-size=\"12\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        for (k, s) in series.enumerated() {
            svg += "<g class=\"series\" data-points=\"\(s.n.count)\" data-name=\"\(XML.escape(s.figure))\">\n"
            svg += BoundsSVG.panel(s, title: "\(d.info.name): \(s.figure) against N (\(s.passed ? "PASS" : "FAIL"))",
                                   y0: BoundsSVG.panelHeight * Double(k)) + "</g>\n"
        }
        svg += "</svg>\n"
        let verdict = series.map { s in
            let best = s.fits.first { $0.model == s.best }
            return "\(s.figure): best fit \(s.best.rawValue) (R² \(String(format: "%.3f", best?.rSquared ?? .nan))), "
                + (s.passed ? "PASS" : "FAIL: " + s.failures.joined(separator: "; "))
        }.joined(separator: " · ")
        return ReportFigure(file: "bounds-fit.svg", heading: "Bounds: \(metric.rawValue) against N",
                            caption: "The `bounds` fit of this sweep, at default thresholds (R² ≥ 0.9, slack 0.5): \(verdict).",
                            dataset: dataset(axes: d.info.axes),
                            plot: SVGPlot(title: "bounds", x: PlotAxis(label: "N"), y: PlotAxis(label: "")),
                            python: SweepNotebook.bounds(figures: metric.figures), customSVG: svg)
    }
}
