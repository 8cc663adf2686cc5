import Foundation
import Metrics

/// One plot of a report: its SVG, where it comes from, and how the notebook redraws it.
public struct ReportFigure: Sendable {
    /// SVG file name (`finality-cdf.svg`).
    public var file: String
    /// Section heading in index.html and the notebook.
    public var heading: String
    /// What to read in it (one or two sentences).
    public var caption: String
    /// The dataset it draws (`<name>.csv`).
    public var dataset: ReportDataset
    /// The plot.
    public var plot: SVGPlot
    /// The notebook cell's Python code (loads the dataset, draws with matplotlib).
    public var python: String
    /// An SVG drawn otherwise than by `plot` (a heatmap with categorical axes, the tree); nil: `plot`.
    public var customSVG: String? = nil

    /// The SVG document.
    public func render() -> String { customSVG ?? plot.render() }
}

/// Building the report's plots from the datasets' tables.
enum ReportPlots {
    /// Every plot the run has data for, in report order. `tables` maps dataset names to their rows.
    /// `unit` is the report's one time unit (chosen from the run's duration); `marks` go on every time plot.
    static func figures(_ tables: [String: QueryTable], threshold: Double, unit: PlotUnit = .time(maxSeconds: 3600),
                        marks: RunMarks = RunMarks([:], end: 0), cdf: ReportDataset = ReportQueries.finalityCDF) -> [ReportFigure] {
        var out: [ReportFigure] = []
        func table(_ d: ReportDataset) -> QueryTable? { tables[d.name].flatMap { $0.rows.isEmpty ? nil : $0 } }
        func marked(_ f: ReportFigure) -> ReportFigure { var f = f; marks.apply(&f.plot); return f }
        if let t = table(ReportQueries.finalityCDF) { out.append(finalityCDF(t, unit, cdf)) }
        if let t = table(AttackQueries.affected), t.strings("part").contains("affected"), t.strings("part").contains("rest") { out.append(AttackPlots.affected(t, unit)) }
        if let t = table(ReportQueries.finalityByDepth) { out.append(finalityByDepth(t, unit)) }
        if let t = table(ReportQueries.acceptance) { out.append(marked(acceptance(t, threshold: threshold, unit))) }
        if let t = table(ReportQueries.samples) { out += [marked(retained(t, unit)), marked(l1Progress(t, unit))] }
        if let t = table(ReportQueries.storage) { out.append(storage(t)) }
        if let t = table(ReportQueries.electionVotes) { out.append(marked(elections(t, unit))) }
        if let t = table(AttackQueries.exits) { out.append(marked(AttackPlots.exits(t, unit))) }
        if let t = table(AttackQueries.l1Blocks) { out.append(marked(AttackPlots.forks(t, unit))) }
        if let t = table(AttackQueries.proofJobs) { out.append(AttackPlots.proofJobs(t, unit)) }
        if let t = table(ReportQueries.messageLatency) { out.append(messages(t, unit)) }
        return out.filter { $0.plot.pointCount > 0 }
    }

    /// `measure reached 95.2 % of 1,234 tracked` for each curve of a CDF with `n` and `tracked` columns.
    static func reached(_ t: QueryTable, key: String, labels: [String: String]) -> String {
        let order = ["l1", "path", "global"]
        return groups(t, key: key, x: "n", y: "tracked").sorted { (order.firstIndex(of: $0.0) ?? 9) < (order.firstIndex(of: $1.0) ?? 9) }.map { g in
            let n = g.1.first?.0 ?? 0, total = g.1.first?.1 ?? 0
            return "\(labels[g.0] ?? g.0) \(SummaryFormat.grouped(Int64(n))) (\(String(format: "%.1f", total > 0 ? 100 * n / total : 0)) %)"
        }.joined(separator: " · ")
    }

    /// The rows of `t` grouped by the text of `key`, in order of first appearance; points (x, y).
    static func groups(_ t: QueryTable, key: String, x: String, y: String) -> [(String, [(Double, Double)])] {
        let keys = t.strings(key), xs = t.numbers(x), ys = t.numbers(y)
        var out: [(String, [(Double, Double)])] = []
        for k in 0..<t.rows.count {
            guard let xv = xs[k], let yv = ys[k] else { continue }
            let name = keys[k] ?? ""
            if out.last?.0 != name { out.append((name, [])) }
            out[out.count - 1].1.append((xv, yv))
        }
        return out
    }

    /// The largest value of `column` (0 when none).
    static func maxOf(_ t: QueryTable, _ column: String) -> Double { t.numbers(column).compactMap { $0 }.max() ?? 0 }

    /// The `n` of each curve of a cut distribution, as `label n = 1,234`.
    static func counts(_ t: QueryTable, key: String, labels: [String: String]) -> String {
        groups(t, key: key, x: "n", y: "n").map { "\(labels[$0.0] ?? $0.0) n = \(SummaryFormat.grouped(Int64($0.1.first?.0 ?? 0)))" }
            .joined(separator: " · ")
    }

    static func finalityCDF(_ t: QueryTable, _ unit: PlotUnit, _ dataset: ReportDataset) -> ReportFigure {
        let labels = ["l1": "L1 inclusion", "path": "path finality", "global": "global finality"]
        let colors = ["l1": 0, "path": 2, "global": 1]
        let tracked = t.numbers("tracked").compactMap { $0 }.first ?? 0
        var p = SVGPlot(title: "Finality of transactions: cumulative distribution",
                        subtitle: "of \(SummaryFormat.grouped(Int64(tracked))) tracked, reached: "
                            + reached(t, key: "measure", labels: ["l1": "L1", "path": "path", "global": "global"]),
                        x: PlotAxis(label: "latency from creation", unit: unit),
                        y: PlotAxis(label: "fraction of tracked transactions", min: 0, max: 1))
        // Path finality dashed over global finality: the two coincide when no path waits on a faulty ancestor.
        let curves = groups(t, key: "measure", x: "latency_s", y: "fraction")
        for m in ["l1", "global", "path"] {
            guard let g = curves.first(where: { $0.0 == m }) else { continue }
            p.series.append(PlotSeries(labels[m] ?? m, g.1, style: .step, color: colors[m] ?? 4, dashed: m == "path",
                                       width: m == "path" ? 2.5 : 2))
        }
        return ReportFigure(file: "finality-cdf.svg", heading: "Finality distribution",
                            caption: "Time from a transaction's creation to the first L1 block including it (L1 inclusion), "
                                + "to the final state of every ancestor on its path (path finality, when the run has it) and to the "
                                + "root state including it becoming globally final, as fractions of every tracked transaction: "
                                + "a curve ends at the fraction that got there within the run (the subtitle gives it); the rest never did.",
                            dataset: dataset, plot: p, python: NotebookCells.finalityCDF(unit, dataset))
    }

    static func finalityByDepth(_ t: QueryTable, _ unit: PlotUnit) -> ReportFigure {
        var p = SVGPlot(title: "Finality by depth of the originating validium",
                        subtitle: "transactions: median (solid) and 99th percentile (dashed)",
                        x: PlotAxis(label: "depth", integer: true), y: PlotAxis(label: "latency from creation", unit: unit))
        let labels = ["l1": "L1 inclusion", "path": "path finality", "global": "global finality"]
        let colors = ["l1": 0, "path": 2, "global": 1]
        let present = Set(t.strings("kind").compactMap { $0 })
        let kinds: [String] = ["l1", "path", "global"].filter(present.contains)
        for kind in kinds {
            let k = colors[kind]!
            for (q, dashed) in [("p50_s", false), ("p99_s", true)] {
                let rows = t.rows.indices.filter { t.strings("kind")[$0] == kind }
                let pts = rows.compactMap { r -> (Double, Double)? in
                    guard let d = t.numbers("depth")[r], let v = t.numbers(q)[r] else { return nil }
                    return (d, v)
                }
                p.series.append(PlotSeries("\(labels[kind]!) \(q == "p50_s" ? "p50" : "p99")", pts, style: .linePoints,
                                           color: k, dashed: dashed))
            }
        }
        return ReportFigure(file: "finality-by-depth.svg", heading: "Finality by depth",
                            caption: "Latency percentiles of transactions by the depth of the validium that created them: "
                                + "each level adds about one round on the way up.",
                            dataset: ReportQueries.finalityByDepth, plot: p, python: NotebookCells.finalityByDepth(unit))
    }

    static func acceptance(_ t: QueryTable, threshold: Double, _ unit: PlotUnit) -> ReportFigure {
        let times = t.numbers("t_s"), ages = t.numbers("age"), fractions = t.numbers("fraction")
        var distinct: [Double] = []
        for v in times.compactMap({ $0 }) where distinct.last != v { distinct.append(v) }
        let gaps = zip(distinct.dropFirst(), distinct).map { $0 - $1 }
        let dx = gaps.min() ?? distinct.first ?? 60
        var cells = PlotSeries(nil, [], style: .cells(dx: dx, dy: 1))
        var youngestFinal: [(Double, Double)] = []
        for k in 0..<t.rows.count {
            guard let time = times[k], let age = ages[k], let f = fractions[k] else { continue }
            cells.points.append((time, age))
            cells.values.append(f)
            if f > threshold {
                if youngestFinal.last?.0 == time { youngestFinal[youngestFinal.count - 1].1 = Swift.min(youngestFinal.last!.1, age) }
                else { youngestFinal.append((time, age)) }
            }
        }
        var p = SVGPlot(title: "Root acceptance of recent L1 blocks over time",
                        subtitle: "at each sample, a(block)/N of the newest blocks; a block is final once a/N > \(QueryValue.format(threshold))",
                        x: PlotAxis(label: "simulated time", unit: unit), y: PlotAxis(label: "blocks behind the newest", integer: true))
        p.colorBar = "a(block) / N"
        p.series = [cells, PlotSeries("youngest block with a/N > \(QueryValue.format(threshold))", youngestFinal,
                                      style: .linePoints, color: 3)]
        return ReportFigure(file: "acceptance.svg", heading: "Root acceptance over time",
                            caption: "Acceptance a(block) of the newest root states — the nodes whose latest update is stamped "
                                + "later — at each sample, by how many blocks behind the newest they are. New blocks start "
                                + "near 0 and fill up as updates stamped later climb to the L1; the red line is the finality "
                                + "frontier (a rise is finality falling behind).",
                            dataset: ReportQueries.acceptance, plot: p, python: NotebookCells.acceptance(unit, threshold))
    }

    static func retained(_ t: QueryTable, _ unit: PlotUnit) -> ReportFigure {
        var p = SVGPlot(title: "Hashes retained on the L1 over time", subtitle: "sum over the L1's children, at each sample",
                        x: PlotAxis(label: "simulated time", unit: unit), y: PlotAxis(label: "count", integer: true))
        p.series = [PlotSeries("retained hashes", groups(t, key: "_", x: "t_s", y: "l1_retained_hashes").first?.1 ?? [], color: 0),
                    PlotSeries("non-final root states", groups(t, key: "_", x: "t_s", y: "l1_nonfinal_states").first?.1 ?? [],
                               color: 1)]
        return ReportFigure(file: "l1-retained.svg", heading: "Retained hashes on the L1",
                            caption: "What the L1 keeps: hashes of its children's ZKPs not yet superseded by a final state, "
                                + "and root states newer than the final one. Bounded by O(depth) per child.",
                            dataset: ReportQueries.samples, plot: p, python: NotebookCells.retained(unit))
    }

    static func l1Progress(_ t: QueryTable, _ unit: PlotUnit) -> ReportFigure {
        var p = SVGPlot(title: "L1 blocks produced and globally final", subtitle: "a stall of finality shows as a flat final line",
                        x: PlotAxis(label: "simulated time", unit: unit), y: PlotAxis(label: "block", integer: true))
        p.series = [PlotSeries("newest block", groups(t, key: "_", x: "t_s", y: "l1_block").first?.1 ?? [], color: 0),
                    PlotSeries("newest final block", groups(t, key: "_", x: "t_s", y: "final_block").first?.1 ?? [], color: 2)]
        return ReportFigure(file: "l1-progress.svg", heading: "L1 progress and finality lag",
                            caption: "The gap between the two lines is the finality lag in blocks.",
                            dataset: ReportQueries.samples, plot: p, python: NotebookCells.l1Progress(unit))
    }

    static func storage(_ t: QueryTable) -> ReportFigure {
        let unit = PlotUnit.bytes(max: maxOf(t, "bytes_max"))
        var p = SVGPlot(title: "Storage per validium by depth", subtitle: "bytes stored: the ancestors' group VMs (docs/model.md §7)",
                        x: PlotAxis(label: "depth", integer: true), y: PlotAxis(label: "stored per node", unit: unit))
        p.series = [PlotSeries("mean", groups(t, key: "_", x: "depth", y: "bytes_mean").first?.1 ?? [], style: .bars, color: 0),
                    PlotSeries("max", groups(t, key: "_", x: "depth", y: "bytes_max").first?.1 ?? [], style: .points, color: 3)]
        return ReportFigure(file: "storage-by-depth.svg", heading: "Storage by depth",
                            caption: "Bytes a validium stores, by its depth: one group VM per ancestor level, so O(depth).",
                            dataset: ReportQueries.storage, plot: p, python: NotebookCells.storage(unit))
    }

    static func elections(_ t: QueryTable, _ unit: PlotUnit) -> ReportFigure {
        let ts = t.numbers("t_s").compactMap { $0 }
        let lo = ts.min() ?? 0, hi = ts.max() ?? 1, pad = Swift.max(0.5, (hi - lo) * 0.05)
        var p = SVGPlot(title: "Election vote counts over time", subtitle: "votes counted at the counting ancestor; dashed: votes needed",
                        x: PlotAxis(label: "simulated time", unit: unit, min: (lo - pad) / unit.divisor, max: (hi + pad) / unit.divisor),
                        y: PlotAxis(label: "votes", integer: true))
        let needed = t.numbers("votes_needed"), ids = t.strings("election")
        for (k, g) in groups(t, key: "election", x: "t_s", y: "votes").enumerated() {
            p.series.append(PlotSeries("election \(g.0)", g.1, style: .step, color: k))
            if let r = ids.firstIndex(of: g.0), let n = needed[r] {
                p.referenceLines.append((n, "election \(g.0) needs \(SummaryFormat.grouped(Int64(n)))"))
            }
        }
        return ReportFigure(file: "elections.svg", heading: "Emergency elections",
                            caption: "Votes of honest descendants, aggregated up the subtree and counted; an election succeeds "
                                + "when the count exceeds half of b(p).",
                            dataset: ReportQueries.electionVotes, plot: p, python: NotebookCells.elections(unit))
    }

    static func messages(_ t: QueryTable, _ unit: PlotUnit) -> ReportFigure {
        let colors = ["direct": 0, "forced": 3, "via_l1": 2]
        var p = SVGPlot(title: "Cross-validium messages: latency by route",
                        subtitle: "sent → minted, messages minted: " + counts(t, key: "route", labels: [:]),
                        x: PlotAxis(label: "latency from sending", unit: unit), y: PlotAxis(label: "fraction minted", min: 0, max: 1))
        for g in groups(t, key: "route", x: "latency_s", y: "fraction") {
            p.series.append(PlotSeries(g.0, g.1, style: .step, color: colors[g.0] ?? 4))
        }
        return ReportFigure(file: "message-latency.svg", heading: "Message latency by route",
                            caption: "Time from a message leaving its sender's queue to its mint at the recipient, by the route "
                                + "that delivered it.", dataset: ReportQueries.messageLatency, plot: p,
                            python: NotebookCells.messages(unit))
    }
}
