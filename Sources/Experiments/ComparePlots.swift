import Foundation
import Metrics

/// The overlaid plots of a comparison: run A solid, run B dashed, one colour per measure.
enum ComparePlots {
    static let labels = ["l1": "L1 inclusion", "path": "path finality", "global": "global finality"]
    static let colors = ["l1": 0, "path": 2, "global": 1]

    /// The plots both runs have data for; `tables[0]` is A, `tables[1]` B.
    static func figures(_ tables: [[String: QueryTable]], unit: PlotUnit, cdf dataset: ReportDataset) -> [ReportFigure] {
        [cdf(tables, unit, dataset), byDepth(tables, unit), progress(tables, unit)].compactMap { $0 }.filter { $0.plot.pointCount > 0 }
    }

    static func cdf(_ tables: [[String: QueryTable]], _ unit: PlotUnit, _ dataset: ReportDataset) -> ReportFigure? {
        var p = SVGPlot(title: "Finality of transactions: A (solid) against B (dashed)",
                        subtitle: "fraction of the tracked transactions that reached each point; a curve ends at the fraction reached",
                        x: PlotAxis(label: "latency from creation", unit: unit), y: PlotAxis(label: "fraction of tracked", min: 0, max: 1))
        for (k, side) in ["A", "B"].enumerated() {
            guard let t = tables[k][ReportQueries.finalityCDF.name] else { continue }
            let curves = ReportPlots.groups(t, key: "measure", x: "latency_s", y: "fraction")
            let hasPath = curves.contains { $0.0 == "path" }
            for g in curves where !(hasPath && g.0 == "global") {   // path is the headline; global is in the table
                p.series.append(PlotSeries("\(side) \(labels[g.0] ?? g.0)", g.1, style: .step, color: colors[g.0] ?? 4, dashed: k == 1))
            }
        }
        return ReportFigure(file: "compare-finality-cdf.svg", heading: "Finality distributions",
                            caption: "Time from a transaction's creation to L1 inclusion and to finality — path finality when the runs "
                                + "have it (global finality is then in the summary table), else global — in both runs.", dataset: dataset, plot: p,
                            python: CompareNotebook.cdf(unit, dataset))
    }

    static func byDepth(_ tables: [[String: QueryTable]], _ unit: PlotUnit) -> ReportFigure? {
        var p = SVGPlot(title: "Global finality by depth: A (solid) against B (dashed)", subtitle: "transactions: p50 and p99 by origin depth",
                        x: PlotAxis(label: "depth", integer: true), y: PlotAxis(label: "latency from creation", unit: unit))
        for (k, side) in ["A", "B"].enumerated() {
            guard let t = tables[k][ReportQueries.finalityByDepth.name] else { continue }
            let rows = t.rows.indices.filter { t.strings("kind")[$0] == "global" }
            for (c, q) in ["p50_s", "p99_s"].enumerated() {
                let pts = rows.compactMap { r -> (Double, Double)? in
                    guard let d = t.numbers("depth")[r], let v = t.numbers(q)[r] else { return nil }
                    return (d, v)
                }
                p.series.append(PlotSeries("\(side) \(q == "p50_s" ? "p50" : "p99")", pts, style: .linePoints, color: c, dashed: k == 1))
            }
        }
        return ReportFigure(file: "compare-finality-by-depth.svg", heading: "Finality by depth",
                            caption: "Global finality percentiles by the depth of the validium that created the transaction.",
                            dataset: ReportQueries.finalityByDepth, plot: p, python: CompareNotebook.byDepth(unit))
    }

    static func progress(_ tables: [[String: QueryTable]], _ unit: PlotUnit) -> ReportFigure? {
        var p = SVGPlot(title: "L1 progress: A (solid) against B (dashed)", subtitle: "newest block and newest globally final block",
                        x: PlotAxis(label: "simulated time", unit: unit), y: PlotAxis(label: "block", integer: true))
        for (k, side) in ["A", "B"].enumerated() {
            guard let t = tables[k][ReportQueries.samples.name] else { continue }
            p.series.append(PlotSeries("\(side) newest", ReportPlots.groups(t, key: "_", x: "t_s", y: "l1_block").first?.1 ?? [],
                                       color: 0, dashed: k == 1, width: k == 1 ? 2.5 : 2, opacity: k == 1 ? 1 : 0.55))
            p.series.append(PlotSeries("\(side) final", ReportPlots.groups(t, key: "_", x: "t_s", y: "final_block").first?.1 ?? [],
                                       color: 2, dashed: k == 1, width: k == 1 ? 2.5 : 2, opacity: k == 1 ? 1 : 0.55))
        }
        return ReportFigure(file: "compare-l1-progress.svg", heading: "L1 progress",
                            caption: "A stall of finality shows as a flat final line; the gap to the newest block is the lag.",
                            dataset: ReportQueries.samples, plot: p, python: CompareNotebook.progress(unit))
    }
}

/// The comparison's index.html.
enum ComparePage {
    static func page(a: ReportInfo, b: ReportInfo, rows: [CompareRow], figures: [ReportFigure], files: [String]) -> String {
        let e = XML.escape
        var o = ReportPage.head(title: "FractalSim comparison: \(a.name) (A) against \(b.name) (B)")
        o += "<table>\n<tr><th></th><th>A</th><th>B</th></tr>\n"
        func cells(_ f: (ReportInfo) -> String) -> String { "<td>\(f(a))</td><td>\(f(b))</td>" }
        o += "<tr><th>scenario</th>" + cells { "<code>\(e($0.scenarioPath))</code>" } + "</tr>\n"
        o += "<tr><th>seed</th>" + cells { String($0.seed) } + "</tr>\n"
        o += "<tr><th>overrides</th>" + cells { $0.overrides.isEmpty ? "none" : $0.overrides.map { "<code>--set \(e($0))</code>" }.joined(separator: " ") } + "</tr>\n"
        o += "<tr><th>database</th>" + cells { "<code>\(e($0.databaseName))</code>, run \($0.runID)" } + "</tr>\n"
        o += "<tr><th>program version</th>" + cells { "fractalsim \(e($0.programVersion))" } + "</tr>\n"
        o += "<tr><th>trace digest</th>" + cells { "<code>\(e($0.traceDigest))</code>" } + "</tr>\n</table>\n"
        for f in figures { o += ReportPage.figure(f, files: files) }
        let differing = rows.filter(\.differs).count
        o += "<h2>Summary figures</h2>\n<p>\(differing) of \(rows.count) figures differ (in bold). "
            + "Difference is B − A; ratio B / A. Data: <a href=\"compare_summary.csv\">compare_summary.csv</a>.</p>\n"
        o += "<table>\n<tr><th>figure</th><th>A</th><th>B</th><th>B − A</th><th>B / A</th></tr>\n"
        for r in rows {
            func show(_ v: Double?, _ t: String?) -> String { v.map { SummaryFormat.value($0, unit: r.unit) } ?? t ?? "n/a" }
            let diff = r.difference.map { ($0 > 0 ? "+" : $0 < 0 ? "−" : "") + SummaryFormat.value(abs($0), unit: r.unit) } ?? ""
            let ratio = r.ratio.map { String(format: "%.3g×", $0) } ?? ""
            let name = r.differs ? "<strong><code>\(e(r.name))</code></strong>" : "<code>\(e(r.name))</code>"
            o += "<tr><td>\(name)</td><td class=\"v\">\(e(show(r.a, r.textA)))</td><td class=\"v\">\(e(show(r.b, r.textB)))</td>"
                + "<td class=\"v\">\(e(diff))</td><td class=\"v\">\(e(ratio))</td></tr>\n"
        }
        o += "</table>\n<h2>Files</h2>\n<ul>\n<li><a href=\"report.ipynb\">report.ipynb</a>: redraws these plots from both "
            + "databases, or from the CSV files (a <code>run</code> column says A or B)</li>\n"
        for name in files where name.hasSuffix(".csv") { o += "<li><a href=\"\(e(name))\">\(e(name))</a></li>\n" }
        return o + "</ul>\n" + ReportPage.tail
    }
}
