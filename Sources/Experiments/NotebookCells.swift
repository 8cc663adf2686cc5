import Foundation
import Metrics

/// The Python of the report notebook: a set-up cell and one cell per plot, drawing with matplotlib
/// what the SVGs show, from the same queries (on the database) or the same CSV files.
enum NotebookCells {
    /// A Python string literal.
    static func literal(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The set-up cell: where the data are, imports, `load(name, sql)`.
    static func setup(database: String, runID: Int64, threshold: Double) -> String {
        """
        # The results database this report was made from, relative to this notebook (change it to
        # read another run). When the file is absent (the committed reports hold no databases) or
        # FRACTALSIM_NOTEBOOK_SOURCE=csv, every cell reads the CSV file next to this notebook instead:
        # the CSVs are the results of the same queries.
        DB = \(literal(database))
        RUN_ID = \(runID)
        THRESHOLD = \(QueryValue.format(threshold))  # finality.threshold of the scenario

        import os
        import sqlite3

        import matplotlib.pyplot as plt
        import pandas as pd

        USE_DB = os.path.exists(DB) and os.environ.get("FRACTALSIM_NOTEBOOK_SOURCE") != "csv"
        con = sqlite3.connect(f"file:{DB}?mode=ro", uri=True) if USE_DB else None
        print("reading", DB if USE_DB else "the CSV files next to this notebook")


        def load(name, sql):
            \"\"\"The dataset `name`: the query on the database when there is one, else name.csv (the same rows).\"\"\"
            if USE_DB:
                return pd.read_sql_query(sql, con, params={"run": RUN_ID})
            return pd.read_csv(name + ".csv")


        FIGSIZE = (9, 5)
        plt.rcParams["axes.grid"] = True
        plt.rcParams["grid.alpha"] = 0.3
        """
    }

    /// `name = load("dataset", """SQL""")`.
    static func load(_ variable: String, _ d: ReportDataset) -> String {
        "\(variable) = load(\(literal(d.name)), \"\"\"\n\(d.sql)\n\"\"\")\n"
    }

    /// `/ 60` for a unit (nothing for 1).
    static func scale(_ u: PlotUnit) -> String { u.divisor == 1 ? "" : " / \(QueryValue.format(u.divisor))" }

    static func finalityCDF(_ u: PlotUnit, _ dataset: ReportDataset) -> String {
        load("cdf", dataset) + """
        fig, ax = plt.subplots(figsize=FIGSIZE)
        labels = {"l1": "L1 inclusion", "path": "path finality", "global": "global finality"}
        colors = {"l1": "C0", "path": "C2", "global": "C1"}
        for measure in ["l1", "global", "path"]:  # path dashed over global: they coincide without faulty ancestors
            d = cdf[cdf.measure == measure]
            if d.empty:
                continue
            reached = d.n.iloc[0] / d.tracked.iloc[0]
            ax.step(d.latency_s\(scale(u)), d.fraction, "--" if measure == "path" else "-", where="post",
                    color=colors.get(measure, "C4"), label=f"{labels.get(measure, measure)} ({reached:.1%} reached)")
        ax.set(title="Finality of transactions: cumulative distribution",
               xlabel=\(literal(u.label("latency from creation"))), ylabel="fraction of tracked transactions", ylim=(0, 1))
        ax.legend()
        plt.show()
        """
    }

    static func finalityByDepth(_ u: PlotUnit) -> String {
        load("by_depth", ReportQueries.finalityByDepth) + """
        fig, ax = plt.subplots(figsize=FIGSIZE)
        for kind, label, color in [("l1", "L1 inclusion", "C0"), ("path", "path finality", "C2"), ("global", "global finality", "C1")]:
            d = by_depth[by_depth.kind == kind]
            if d.empty:
                continue
            ax.plot(d.depth, d.p50_s\(scale(u)), "o-", color=color, label=label + " p50")
            ax.plot(d.depth, d.p99_s\(scale(u)), "o--", color=color, label=label + " p99")
        ax.set(title="Finality by depth of the originating validium", xlabel="depth",
               ylabel=\(literal(u.label("latency from creation"))))
        ax.legend()
        plt.show()
        """
    }

    static func acceptance(_ u: PlotUnit, _ threshold: Double) -> String {
        load("acc", ReportQueries.acceptance) + """
        grid = acc.pivot(index="age", columns="t_s", values="fraction")
        fig, ax = plt.subplots(figsize=FIGSIZE)
        mesh = ax.pcolormesh(grid.columns\(scale(u)), grid.index, grid.values, vmin=0, vmax=1, cmap="viridis",
                             shading="nearest")
        fig.colorbar(mesh, ax=ax, label="a(block) / N")
        final = acc[acc.fraction > THRESHOLD].groupby("t_s").age.min()
        ax.plot(final.index\(scale(u)), final.values, "o-", color="C3", label=f"youngest block with a/N > {THRESHOLD}")
        mark(ax, \(QueryValue.format(u.divisor)))
        ax.set(title="Root acceptance of recent L1 blocks over time",
               xlabel=\(literal(u.label("simulated time"))), ylabel="blocks behind the newest")
        ax.grid(False)
        ax.legend()
        plt.show()
        """
    }

    static func retained(_ u: PlotUnit) -> String {
        load("l1", ReportQueries.samples) + """
        fig, ax = plt.subplots(figsize=FIGSIZE)
        ax.plot(l1.t_s\(scale(u)), l1.l1_retained_hashes, label="retained hashes")
        ax.plot(l1.t_s\(scale(u)), l1.l1_nonfinal_states, label="non-final root states")
        mark(ax, \(QueryValue.format(u.divisor)))
        ax.set(title="Hashes retained on the L1 over time", xlabel=\(literal(u.label("simulated time"))), ylabel="count")
        ax.legend()
        plt.show()
        """
    }

    static func l1Progress(_ u: PlotUnit) -> String {
        """
        fig, ax = plt.subplots(figsize=FIGSIZE)
        ax.plot(l1.t_s\(scale(u)), l1.l1_block, color="C0", label="newest block")
        ax.plot(l1.t_s\(scale(u)), l1.final_block, color="C2", label="newest final block")
        mark(ax, \(QueryValue.format(u.divisor)))
        ax.set(title="L1 blocks produced and globally final", xlabel=\(literal(u.label("simulated time"))), ylabel="block")
        ax.legend()
        plt.show()
        """
    }

    static func storage(_ u: PlotUnit) -> String {
        load("storage", ReportQueries.storage) + """
        fig, ax = plt.subplots(figsize=FIGSIZE)
        ax.bar(storage.depth, storage.bytes_mean\(scale(u)), width=0.6, color="C0", label="mean")
        ax.plot(storage.depth, storage.bytes_max\(scale(u)), "o", color="C3", label="max")
        ax.set(title="Storage per validium by depth", xlabel="depth", ylabel=\(literal(u.label("stored per node"))))
        ax.legend()
        plt.show()
        """
    }

    static func elections(_ u: PlotUnit) -> String {
        load("votes", ReportQueries.electionVotes) + """
        fig, ax = plt.subplots(figsize=FIGSIZE)
        for k, (election, d) in enumerate(votes.groupby("election")):
            ax.step(d.t_s\(scale(u)), d.votes, where="post", color=f"C{k}", label=f"election {election}")
            ax.axhline(d.votes_needed.iloc[0], ls="--", color=f"C{k}", lw=1)
        pad = max(0.5, (votes.t_s.max() - votes.t_s.min()) * 0.05)
        ax.set_xlim((votes.t_s.min() - pad)\(scale(u)), (votes.t_s.max() + pad)\(scale(u)))
        mark(ax, \(QueryValue.format(u.divisor)))
        ax.set(title="Election vote counts over time (dashed: votes needed)",
               xlabel=\(literal(u.label("simulated time"))), ylabel="votes")
        ax.legend()
        plt.show()
        """
    }

    static func messages(_ u: PlotUnit) -> String {
        load("msg", ReportQueries.messageLatency) + """
        fig, ax = plt.subplots(figsize=FIGSIZE)
        colors = {"direct": "C0", "forced": "C3", "via_l1": "C2"}
        for route, d in msg.groupby("route"):
            ax.step(d.latency_s\(scale(u)), d.fraction, where="post", color=colors.get(route, "C4"), label=route)
        ax.set(title="Cross-validium messages: latency by route (sent → minted)",
               xlabel=\(literal(u.label("latency from sending"))), ylabel="fraction minted", ylim=(0, 1))
        ax.legend()
        plt.show()
        """
    }

    /// The summary table, as a data frame.
    static func summary() -> String {
        load("summary", ReportQueries.summary) + "summary"
    }
}
