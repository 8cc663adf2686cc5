import Foundation
import Metrics

/// The Python of a sweep report's notebook: load `sweep_points`, pivot to one row per point, redraw
/// each plot with matplotlib.
enum SweepNotebook {
    static let lit = NotebookCells.literal

    /// The cell after the set-up: the dataset, the per-point frame `wide`, the x column and the lines.
    static func prepare(_ d: SweepReportData) -> String {
        let axes = "[" + d.info.axes.map { lit(SweepDatabase.columnName($0)) }.joined(separator: ", ") + "]"
        let line = d.lineAxis.flatMap { d.sizeVaries || $0 != 0 ? lit(SweepDatabase.columnName(d.info.axes[$0])) : nil } ?? "None"
        let x = d.sizeVaries ? "\"nodes\"" : lit(SweepDatabase.columnName(d.info.axes.first ?? "point"))
        return NotebookCells.load("pts", SweepReportPlots.dataset(axes: d.info.axes)) + """
            AXES = \(axes)
            # One row per point: the axis values and the mean of every figure over the replicates.
            wide = pts.pivot_table(index=["point"] + AXES, columns="figure", values="mean").reset_index()
            X = \(x)  # N (nodes, the L1 included) when the tree size varies, else the first axis
            LINE = \(line)  # one line per value of this axis
            LOG_X = \(d.sizeVaries ? "True" : "False")


            def versus(figures, divisor, ylabel, title):
                \"\"\"The mean of each figure against X, one colour per line; the second figure dashed; the caller shows it.\"\"\"
                fig, ax = plt.subplots(figsize=FIGSIZE)
                groups = wide.groupby(LINE) if LINE else [("all points", wide)]
                for k, (key, d) in enumerate(groups):
                    d = d.sort_values(X)
                    for j, name in enumerate(figures):
                        if name in d:
                            ax.plot(d[X], d[name] / divisor, "o--" if j else "o-", color=f"C{k}",
                                    label=(f"{LINE} = {key}" if LINE else key) if j == 0 else None)
                if LOG_X:
                    ax.set_xscale("log")
                ax.set(title=title, xlabel="N (nodes, the L1 included)" if LOG_X else X, ylabel=ylabel)
                ax.legend()


            wide
            """
    }

    /// A plot against N.
    static func versus(series: [String], unit: PlotUnit, title: String) -> String {
        let figures = "[" + series.map(lit).joined(separator: ", ") + "]"
        return "versus(\(figures), \(QueryValue.format(unit.divisor)), \(lit(unit.label(series[0]))), \(lit(title)))\nplt.show()\n"
    }

    /// The heatmap.
    static func heatmap(figure: String, x: String, y: String, unit: PlotUnit) -> String {
        """
        grid = wide.pivot_table(index=\(lit(SweepDatabase.columnName(y))), columns=\(lit(SweepDatabase.columnName(x))), values=\(lit(figure))) / \(QueryValue.format(unit.divisor))
        grid = grid.sort_index(ascending=False)
        fig, ax = plt.subplots(figsize=FIGSIZE)
        im = ax.imshow(grid.values, cmap="viridis", aspect="auto")
        ax.set_xticks(range(len(grid.columns)), [str(c) for c in grid.columns])
        ax.set_yticks(range(len(grid.index)), [str(i) for i in grid.index])
        for (i, j), v in pd.DataFrame(grid.values).stack().items():
            ax.text(j, i, f"{v:.3g}", ha="center", va="center", color="white")
        fig.colorbar(im, ax=ax, label=\(lit(unit.label(figure))))
        ax.set(title=\(lit("\(figure) over \(x) × \(y)")), xlabel=\(lit(x)), ylabel=\(lit(y)))
        ax.grid(False)
        plt.show()
        """
    }

    /// The bounds panels: the means against N and least-squares fits on ln N, √N and N.
    static func bounds(figures: [String]) -> String {
        """
        import numpy as np

        for name in \("[" + figures.map(lit).joined(separator: ", ") + "]"):
            d = wide.sort_values("nodes")
            n, y = d["nodes"].to_numpy(), d[name].to_numpy()
            fig, ax = plt.subplots(figsize=FIGSIZE)
            ax.plot(n, y, "ko", label="mean over replicates")
            grid = np.geomspace(n.min(), n.max(), 100)
            for label, f in [("log N", np.log), ("√N", np.sqrt), ("N", lambda v: v)]:
                slope, intercept = np.polyfit(f(n), y, 1)
                ax.plot(grid, intercept + slope * f(grid), label=f"fit a + b·{label}")
            ax.set_xscale("log")
            ax.set(title=f"{name} against N", xlabel="N (nodes, the L1 included)", ylabel=name)
            ax.legend()
            plt.show()
        """
    }
}
