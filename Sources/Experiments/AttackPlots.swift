import Foundation
import Metrics

/// The plots of attack-aware reports: finality of the affected subtree against the rest, exits over
/// time (exit against replace), L1 blocks by fork (equivocation, stalls), proof job latency (provers).
enum AttackPlots {
    static func affected(_ t: QueryTable, _ unit: PlotUnit) -> ReportFigure {
        let labels = ["affected": "faulty nodes' subtrees", "rest": "rest of the tree"]
        var p = SVGPlot(title: "Global finality: the faulty subtrees against the rest of the tree",
                        subtitle: "reached: " + ReportPlots.reached(t, key: "part", labels: labels),
                        x: PlotAxis(label: "latency from creation", unit: unit),
                        y: PlotAxis(label: "fraction of tracked transactions", min: 0, max: 1))
        for g in ReportPlots.groups(t, key: "part", x: "latency_s", y: "fraction") {
            p.series.append(PlotSeries(labels[g.0] ?? g.0, g.1, style: .step, color: g.0 == "affected" ? 3 : 0))
        }
        return ReportFigure(file: "finality-affected.svg", heading: "Finality of the affected subtrees",
                            caption: "Transactions created in a faulty node's subtree (the node and its descendants) against those "
                                + "created elsewhere: the cost of the fault and of the response, for the nodes that bore it.",
                            dataset: AttackQueries.affected, plot: p, python: AttackNotebook.affected(unit))
    }

    static func exits(_ t: QueryTable, _ unit: PlotUnit) -> ReportFigure {
        func cumulative(_ column: String) -> [(Double, Double)] {
            let times = t.numbers(column).compactMap { $0 }.sorted()
            return times.enumerated().map { ($0.element, Double($0.offset + 1)) }
        }
        var p = SVGPlot(title: "Exits over time", subtitle: "nodes that decided to leave a faulty parent, and those re-attached",
                        x: PlotAxis(label: "simulated time", unit: unit), y: PlotAxis(label: "nodes", integer: true))
        p.series = [PlotSeries("exit started (detected)", cumulative("detected_s"), style: .step, color: 1),
                    PlotSeries("re-attached (completed)", cumulative("completed_s"), style: .step, color: 2)]
        return ReportFigure(file: "exits.svg", heading: "Exits and re-attachments",
                            caption: "Cumulative count of exits: when the children of a faulty node started leaving it, and when "
                                + "each was re-attached under a new parent (the gap is the time an exit costs).",
                            dataset: AttackQueries.exits, plot: p, python: AttackNotebook.exits(unit))
    }

    static func forks(_ t: QueryTable, _ unit: PlotUnit) -> ReportFigure {
        var p = SVGPlot(title: "L1 blocks by fork", subtitle: "one row per fork: each block at the time it was produced; grey: abandoned",
                        x: PlotAxis(label: "simulated time", unit: unit),
                        y: PlotAxis(label: "fork", min: -0.5, max: ReportPlots.maxOf(t, "fork") + 0.5, integer: true))
        let fork = t.numbers("fork"), time = t.numbers("produced_s"), abandoned = t.numbers("abandoned")
        var kept: [Int: [(Double, Double)]] = [:]
        var dropped: [(Double, Double)] = []
        for r in t.rows.indices {
            guard let f = fork[r], let x = time[r] else { continue }
            if abandoned[r] == 1 { dropped.append((x, f)) } else { kept[Int(f), default: []].append((x, f)) }
        }
        for (k, f) in kept.keys.sorted().enumerated() { p.series.append(PlotSeries("fork \(f)", kept[f]!, style: .points, color: k)) }
        if !dropped.isEmpty { p.series.append(PlotSeries("abandoned", dropped, style: .points, color: 7, opacity: 0.6)) }
        return ReportFigure(file: "l1-forks.svg", heading: "L1 forks and stalls",
                            caption: "Each L1 block at the time it was produced, on the row of its fork: two rows at once are an "
                                + "equivocation, a gap with no block a stall; grey blocks were abandoned. Dotted lines mark detection, "
                                + "the L1 operator election and the first final block after it.",
                            dataset: AttackQueries.l1Blocks, plot: p, python: AttackNotebook.forks(unit))
    }

    static func proofJobs(_ t: QueryTable, _ unit: PlotUnit) -> ReportFigure {
        let n = t.numbers("n").compactMap { $0 }.first ?? 0, jobs = t.numbers("jobs").compactMap { $0 }.first ?? 0
        var p = SVGPlot(title: "Proof jobs: time from submission to delivery",
                        subtitle: "\(SummaryFormat.grouped(Int64(n))) of \(SummaryFormat.grouped(Int64(jobs))) sampled jobs delivered "
                            + "(\(String(format: "%.1f", jobs > 0 ? 100 * n / jobs : 0)) %)",
                        x: PlotAxis(label: "latency from submission", unit: unit), y: PlotAxis(label: "fraction of jobs", min: 0, max: 1))
        p.series = [PlotSeries("delivered", ReportPlots.groups(t, key: "_", x: "latency_s", y: "fraction").first?.1 ?? [],
                               style: .step, color: 0)]
        return ReportFigure(file: "proof-jobs.svg", heading: "Prover market: proof latency",
                            caption: "Submitted → delivered for the sampled proof jobs, reassignments after missed deadlines and "
                                + "invalid proofs included; the curve ends at the fraction delivered within the run.",
                            dataset: AttackQueries.proofJobs, plot: p, python: AttackNotebook.proofJobs(unit))
    }
}

/// The notebook cells of the attack plots.
enum AttackNotebook {
    static let s = NotebookCells.scale, lit = NotebookCells.literal

    static func affected(_ u: PlotUnit) -> String {
        NotebookCells.load("aff", AttackQueries.affected) + """
        fig, ax = plt.subplots(figsize=FIGSIZE)
        for part, d in aff.groupby("part"):
            ax.step(d.latency_s\(s(u)), d.fraction, where="post", color="C3" if part == "affected" else "C0",
                    label=f"{part} ({d.n.iloc[0] / d.tracked.iloc[0]:.1%} reached)")
        ax.set(title="Global finality: the faulty subtrees against the rest of the tree",
               xlabel=\(lit(u.label("latency from creation"))), ylabel="fraction of tracked transactions", ylim=(0, 1))
        ax.legend()
        plt.show()
        """
    }

    static func exits(_ u: PlotUnit) -> String {
        NotebookCells.load("exits", AttackQueries.exits) + """
        fig, ax = plt.subplots(figsize=FIGSIZE)
        for column, label, color in [("detected_s", "exit started (detected)", "C1"), ("completed_s", "re-attached (completed)", "C2")]:
            t = exits[column].dropna().sort_values()
            ax.step(t\(s(u)), range(1, len(t) + 1), where="post", color=color, label=label)
        mark(ax, \(QueryValue.format(u.divisor)))
        ax.set(title="Exits over time", xlabel=\(lit(u.label("simulated time"))), ylabel="nodes")
        ax.legend()
        plt.show()
        """
    }

    static func forks(_ u: PlotUnit) -> String {
        NotebookCells.load("blocks", AttackQueries.l1Blocks) + """
        fig, ax = plt.subplots(figsize=FIGSIZE)
        for fork, d in blocks[blocks.abandoned == 0].groupby("fork"):
            ax.plot(d.produced_s\(s(u)), d.fork, "o", ms=3, label=f"fork {fork}")
        gone = blocks[blocks.abandoned == 1]
        if len(gone):
            ax.plot(gone.produced_s\(s(u)), gone.fork, "o", ms=3, color="C7", alpha=0.6, label="abandoned")
        mark(ax, \(QueryValue.format(u.divisor)))
        ax.set(title="L1 blocks by fork", xlabel=\(lit(u.label("simulated time"))), ylabel="fork")
        ax.legend()
        plt.show()
        """
    }

    static func proofJobs(_ u: PlotUnit) -> String {
        NotebookCells.load("jobs", AttackQueries.proofJobs) + """
        fig, ax = plt.subplots(figsize=FIGSIZE)
        ax.step(jobs.latency_s\(s(u)), jobs.fraction, where="post", label="delivered")
        ax.set(title="Proof jobs: time from submission to delivery", xlabel=\(lit(u.label("latency from submission"))),
               ylabel="fraction of jobs", ylim=(0, 1))
        ax.legend()
        plt.show()
        """
    }
}
