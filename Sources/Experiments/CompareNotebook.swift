import Foundation
import Metrics

/// The comparison's notebook: both runs loaded into one frame per dataset (column `run`: A or B),
/// each plot redrawn with A solid and B dashed.
enum CompareNotebook {
    static func make(a: ReportInfo, b: ReportInfo, figures: [ReportFigure], paths: (String, String)) -> Notebook {
        var nb = Notebook()
        nb.markdown("""
            # FractalSim comparison: \(a.name) (A) against \(b.name) (B)

            A: run \(a.runID) of `\(a.databaseName)` (seed \(a.seed), trace digest `\(a.traceDigest)`). \
            B: run \(b.runID) of `\(b.databaseName)` (seed \(b.seed), trace digest `\(b.traceDigest)`).

            Each dataset is loaded from both databases when they are there, else from the CSV file of the same name \
            (whose `run` column says A or B). Regenerate with `fractalsim compare \(a.databaseName) \(b.databaseName) --out <dir>`.
            """)
        nb.code("""
            DB_A, RUN_A = \(NotebookCells.literal(paths.0)), \(a.runID)
            DB_B, RUN_B = \(NotebookCells.literal(paths.1)), \(b.runID)

            import os
            import sqlite3

            import matplotlib.pyplot as plt
            import pandas as pd

            USE_DB = os.path.exists(DB_A) and os.path.exists(DB_B) and os.environ.get("FRACTALSIM_NOTEBOOK_SOURCE") != "csv"
            print("reading", f"{DB_A} and {DB_B}" if USE_DB else "the CSV files next to this notebook")


            def load(name, sql):
                \"\"\"The dataset `name` of both runs, with a column `run` (A or B).\"\"\"
                if not USE_DB:
                    return pd.read_csv(name + ".csv")
                frames = []
                for side, db, run in [("A", DB_A, RUN_A), ("B", DB_B, RUN_B)]:
                    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
                        d = pd.read_sql_query(sql, con, params={"run": run})
                    d.insert(0, "run", side)
                    frames.append(d)
                return pd.concat(frames, ignore_index=True)


            FIGSIZE = (9, 5)
            STYLE = {"A": "-", "B": "--"}
            plt.rcParams["axes.grid"] = True
            plt.rcParams["grid.alpha"] = 0.3
            """)
        for f in figures {
            nb.markdown("## \(f.heading)\n\n\(f.caption)")
            nb.code(f.python)
        }
        nb.markdown("## Summary figures\n\nB − A and B / A for every figure (wall-clock figures aside).")
        nb.code("summary = pd.read_csv(\"compare_summary.csv\")\nsummary[summary.a != summary.b]")
        return nb
    }

    static func cdf(_ u: PlotUnit, _ dataset: ReportDataset) -> String {
        NotebookCells.load("cdf", dataset) + """
        fig, ax = plt.subplots(figsize=FIGSIZE)
        colors = {"l1": "C0", "path": "C2", "global": "C1"}
        if (cdf.measure == "path").any():
            cdf = cdf[cdf.measure != "global"]  # path finality is the headline; global is in the summary
        for (side, measure), d in cdf.groupby(["run", "measure"]):
            ax.step(d.latency_s\(NotebookCells.scale(u)), d.fraction, STYLE[side], where="post", color=colors.get(measure, "C4"),
                    label=f"{side} {measure}")
        ax.set(title="Finality of transactions: A (solid) against B (dashed)",
               xlabel=\(NotebookCells.literal(u.label("latency from creation"))), ylabel="fraction of tracked", ylim=(0, 1))
        ax.legend()
        plt.show()
        """
    }

    static func byDepth(_ u: PlotUnit) -> String {
        NotebookCells.load("by_depth", ReportQueries.finalityByDepth) + """
        fig, ax = plt.subplots(figsize=FIGSIZE)
        for side, d in by_depth[by_depth.kind == "global"].groupby("run"):
            ax.plot(d.depth, d.p50_s\(NotebookCells.scale(u)), "o" + STYLE[side], color="C0", label=f"{side} p50")
            ax.plot(d.depth, d.p99_s\(NotebookCells.scale(u)), "o" + STYLE[side], color="C1", label=f"{side} p99")
        ax.set(title="Global finality by depth: A (solid) against B (dashed)", xlabel="depth",
               ylabel=\(NotebookCells.literal(u.label("latency from creation"))))
        ax.legend()
        plt.show()
        """
    }

    static func progress(_ u: PlotUnit) -> String {
        NotebookCells.load("l1", ReportQueries.samples) + """
        fig, ax = plt.subplots(figsize=FIGSIZE)
        for side, d in l1.groupby("run"):
            ax.plot(d.t_s\(NotebookCells.scale(u)), d.l1_block, STYLE[side], color="C0", label=f"{side} newest")
            ax.plot(d.t_s\(NotebookCells.scale(u)), d.final_block, STYLE[side], color="C2", label=f"{side} final")
        ax.set(title="L1 progress: A (solid) against B (dashed)", xlabel=\(NotebookCells.literal(u.label("simulated time"))),
               ylabel="block")
        ax.legend()
        plt.show()
        """
    }
}
