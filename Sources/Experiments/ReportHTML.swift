import Foundation
import Metrics

/// The report's index.html: the run, each SVG with its caption, the summary table, the files.
enum ReportHTML {
    /// A summary value as the `run` summary prints it (`2m 57s`, `1.20 MB`, `16,362`).
    static func value(_ row: [QueryValue], _ t: QueryTable) -> String {
        let k = { (c: String) in t.index(of: c) ?? 0 }
        if let v = row[k("value")].number { return SummaryFormat.value(v, unit: row[k("unit")].string ?? "") }
        return row[k("text")].string ?? "n/a"
    }

    /// The page. `files` lists what the report wrote (links name only these).
    static func page(info: ReportInfo, figures: [ReportFigure], summary: QueryTable, files: [String],
                     tables: [(ReportTableSpec, QueryTable)] = [], unit: PlotUnit = .time(maxSeconds: 3600)) -> String {
        let e = XML.escape
        var o = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>FractalSim report: \(e(info.name))</title>
            <style>
            body { font-family: Helvetica, Arial, sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 1em; color: #222; }
            h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; }
            table { border-collapse: collapse; font-size: 0.9em; } p.note { color: #555; font-size: 0.9em; } div.scroll { overflow-x: auto; } h3 { font-size: 1em; margin-bottom: 0.2em; } td, th { padding: 2px 10px; text-align: left; }
            tr:nth-child(even) { background: #f5f5f5; } td.v { text-align: right; font-variant-numeric: tabular-nums; }
            figure { margin: 1.5em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
            figcaption { color: #555; font-size: 0.9em; margin-top: 0.3em; } code { background: #f3f3f3; padding: 0 3px; }
            </style>
            </head>
            <body>
            <h1>FractalSim report: \(e(info.name))</h1>

            """
        if !info.description.isEmpty { o += "<p>\(e(info.description))</p>\n" }
        let overrides = info.overrides.isEmpty ? "none" : info.overrides.map { "<code>--set \(e($0))</code>" }.joined(separator: " ")
        if files.contains("timeline.html") {
            o += "<p>This run was traced: <a href=\"timeline.html\">its timeline</a> tells it event by event.</p>\n"
        }
        if let note = info.sweepNote { o += "<p><strong>This is one run of a sweep:</strong> \(e(note)).</p>\n" }
        o += "<table class=\"run\">\n"
        for (k, v) in [("scenario", "<code>\(e(info.scenarioPath))</code>" + (files.contains("scenario.yaml") ? " (<a href=\"scenario.yaml\">as stored</a>)" : "")),
                       ("seed", String(info.seed)), ("overrides", overrides),
                       ("database", "<code>\(e(info.databaseName))</code>, run \(info.runID)"),
                       ("program version", "fractalsim \(e(info.programVersion))"),
                       ("trace digest", "<code>\(e(info.traceDigest))</code>")] {
            o += "<tr><th>\(k)</th><td>\(v)</td></tr>\n"
        }
        o += "</table>\n"
        o += "<p class=\"note\">Times are in \(unit.name == "min" ? "minutes" : unit.name == "h" ? "hours" : "seconds") throughout this report."
            + (figures.contains { !$0.plot.bands.isEmpty || !$0.plot.markers.isEmpty }
                ? " Shaded: fault windows; dotted lines: detections, majorities and installations." : "") + "</p>\n"
        if !tables.isEmpty { o += ReportTables.section(tables, unit: unit, files: files) }
        for f in figures where files.contains(f.file) {
            o += "<h2>\(e(f.heading))</h2>\n<figure><img src=\"\(e(f.file))\" alt=\"\(e(f.plot.title))\">\n"
            let csv = f.dataset.name + ".csv"
            o += "<figcaption>\(e(f.caption))" + (files.contains(csv) ? " Data: <a href=\"\(e(csv))\">\(e(csv))</a>." : "")
                + "</figcaption></figure>\n"
        }
        o += "<h2>Summary</h2>\n<table class=\"summary\">\n<tr><th>figure</th><th>value</th></tr>\n"
        let names = summary.strings("name")
        for (k, row) in summary.rows.enumerated() {
            o += "<tr><td><code>\(e(names[k] ?? ""))</code></td><td class=\"v\">\(e(value(row, summary)))</td></tr>\n"
        }
        o += "</table>\n<p>Wall-clock figures (<code>run.wall_s</code>, <code>run.events_per_s</code>, "
            + "<code>run.peak_rss_mb</code>) are left out: a report depends only on the scenario, seed and program version.</p>\n"
        o += "<h2>Files</h2>\n<ul>\n"
        if files.contains("report.ipynb") {
            o += "<li><a href=\"report.ipynb\">report.ipynb</a>: a Jupyter notebook that redraws these plots with pandas "
                + "and matplotlib, from the database or from the CSV files</li>\n"
        }
        if files.contains("timeline.html") {
            o += "<li><a href=\"timeline.html\">timeline.html</a>: the story of this traced run, event by event, "
                + "with filters by node, subtree, kind and time</li>\n"
        }
        for name in files where name.hasSuffix(".csv") { o += "<li><a href=\"\(e(name))\">\(e(name))</a></li>\n" }
        o += "</ul>\n<p>Written by <code>fractalsim report</code>; plots are hand-written SVG.</p>\n</body>\n</html>\n"
        return o
    }
}
