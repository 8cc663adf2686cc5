import Foundation
import Metrics

/// `fractalsim report` on a sweep database: the per-point table, plots against N, a heatmap, the
/// `bounds` fit, CSVs and a notebook that redraws each plot.
public enum SweepReportWriter {
    /// Every file a sweep report may write (removed before writing, so a folder holds one report).
    static let owned = ["sweep-finality-p50.svg", "sweep-finality-p99.svg", "sweep-l1-hashes.svg", "sweep-storage.svg",
                        "sweep-heatmap.svg", "bounds-fit.svg", "sweep_points.csv", "sweep_table.csv", "report.ipynb",
                        "index.html"]

    /// Writes the report of the sweep in `database` into `directory` (default `notebooks-export/<name>`);
    /// `figure` is the heatmap's summary figure (default path p99, else global p99).
    public static func write(database: String, directory: String?, figure: String?) throws(ReplayError) -> ReportOutcome {
        let t0 = ProcessStats.monotonicSeconds()
        let data: SweepReportData
        let scenarioText: String
        do {
            data = try SweepReportData.read(path: database)
            scenarioText = try ResultsDatabase.query(path: database, sql: "SELECT scenario_text FROM run ORDER BY id LIMIT 1")
                .rows.first?.first?.string ?? ""
        } catch {
            throw .badInput("\(database): cannot read the sweep: \(error)")
        }
        guard !data.points.isEmpty else { throw .badInput("\(database): the sweep has no completed run yet; run or resume it first") }
        let heat = figure ?? data.defaultHeatmapFigure
        if let figure, !data.figureNames.contains(figure) {
            let near = data.figureNames.filter { $0.hasPrefix(figure.split(separator: ".").first.map(String.init) ?? "") }.prefix(8)
            throw .badInput("--figure \(figure): no such summary figure in \(database)"
                            + (near.isEmpty ? "" : "; did you mean " + near.joined(separator: ", ") + "?"))
        }
        let metric = data.info.block == "bounds" ? SweepReportPlots.boundsMetric(scenarioText: scenarioText) : nil
        let figures = SweepReportPlots.figures(data, heatmapFigure: heat, boundsMetric: metric)
        let dir = directory ?? ReportWriter.defaultDirectory(name: data.info.name)
        var files: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for name in (ReportWriter.ownedFiles(in: dir) + owned) where FileManager.default.fileExists(atPath: dir + "/" + name) {
                try FileManager.default.removeItem(atPath: dir + "/" + name)
            }
            func save(_ name: String, _ text: String) throws {
                try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
                files.append(name)
            }
            for f in figures { try save(f.file, f.render()) }
            try save("sweep_points.csv", data.table.csv)
            try save("sweep_table.csv", data.wideTable.csv)
            var nb = Notebook()
            nb.markdown("""
                # FractalSim sweep report: \(data.info.name)

                `\(database)`: \(data.info.block) of `\(data.info.scenarioPath)` over \(data.info.axes.joined(separator: " × ")), \
                \(data.info.points) points × \(data.info.replicates) replicates, fractalsim \(data.info.programVersion).

                The first cells load `sweep_points` (one row per point and summary figure: mean, sd and count over the \
                replicates; the same rows as the database's `sweep_points` view) from the database when `DB` points to it, \
                else from `sweep_points.csv`, and pivot it to one row per point. Regenerate with \
                `fractalsim report \(database) --out <dir>`.
                """)
            nb.code(NotebookCells.setup(database: ReportWriter.relativePath(from: dir, to: database), runID: 0, threshold: 0.5))
            nb.code(SweepNotebook.prepare(data))
            for f in figures {
                nb.markdown("## \(f.heading)\n\n\(f.caption)")
                nb.code(f.python)
            }
            try save("report.ipynb", try nb.json())
            try save("index.html", page(data, database: database, figures: figures, files: files))
        } catch {
            throw .badInput("cannot write the report into \(dir): \(error)")
        }
        return ReportOutcome(directory: dir, files: files, figures: figures, wallSeconds: ProcessStats.monotonicSeconds() - t0)
    }

    /// The sweep's index.html.
    static func page(_ d: SweepReportData, database: String, figures: [ReportFigure], files: [String]) -> String {
        let e = XML.escape
        var o = ReportPage.head(title: "FractalSim sweep report: \(d.info.name)")
        o += "<table class=\"run\">\n"
        let done = d.points.reduce(0) { $0 + $1.runs }
        for (k, v) in [("scenario", "<code>\(e(d.info.scenarioPath))</code> (\(e(d.info.block)) block)"),
                       ("axes", d.info.axes.map { "<code>\(e($0))</code>" }.joined(separator: " × ")),
                       ("grid", "\(d.info.points) points × \(d.info.replicates) replicates; \(done) of \(d.info.runs) runs complete"),
                       ("database", "<code>\(e(database))</code> (SQL: <code>SELECT * FROM sweep_points</code>)"),
                       ("program version", "fractalsim \(e(d.info.programVersion))")] {
            o += "<tr><th>\(k)</th><td>\(v)</td></tr>\n"
        }
        o += "</table>\n<h2>Points</h2>\n<p>Mean ± sample standard deviation over the replicates of each point "
            + "(<a href=\"sweep_table.csv\">sweep_table.csv</a>; every figure in <a href=\"sweep_points.csv\">sweep_points.csv</a>).</p>\n"
        o += "<table>\n<tr><th>point</th>" + d.info.axes.map { "<th>\(e($0))</th>" }.joined() + "<th>runs</th>"
            + d.keyFigures.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
        for p in d.points {
            o += "<tr><td class=\"v\">\(p.point)</td>" + p.values.map { "<td class=\"v\">\(e($0))</td>" }.joined()
                + "<td class=\"v\">\(p.runs)</td>"
            for f in d.keyFigures {
                guard let x = p.figures[f], let m = x.mean else { o += "<td class=\"v\">n/a</td>"; continue }
                let sd = x.spread.map { " ± " + SummaryFormat.value($0, unit: x.unit) } ?? ""
                o += "<td class=\"v\">\(e(SummaryFormat.value(m, unit: x.unit) + sd))\(x.count < p.runs ? " (n = \(x.count))" : "")</td>"
            }
            o += "</tr>\n"
        }
        o += "</table>\n"
        for f in figures { o += ReportPage.figure(f, files: files) }
        o += "<h2>Files</h2>\n<ul>\n<li><a href=\"report.ipynb\">report.ipynb</a>: redraws these plots with pandas and matplotlib</li>\n"
        for name in files where name.hasSuffix(".csv") { o += "<li><a href=\"\(e(name))\">\(e(name))</a></li>\n" }
        o += "</ul>\n<p>One run of the sweep: <code>fractalsim report \(e(database)) --run ID</code> (ids in the <code>sweep</code> table).</p>\n"
        return o + ReportPage.tail
    }
}
