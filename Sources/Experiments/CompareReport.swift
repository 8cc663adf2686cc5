import Foundation
import Metrics

/// What `fractalsim compare` wrote and found.
public struct CompareOutcome: Sendable {
    /// The two runs (A first).
    public var runs: [ReportInfo]
    /// Every summary figure side by side.
    public var rows: [CompareRow]
    /// The output directory.
    public var directory: String
    /// Files written.
    public var files: [String]
    /// The overlaid plots.
    public var figures: [ReportFigure]
}

/// `fractalsim compare A B`: the summary figures side by side with difference and ratio, and the
/// finality CDFs, by-depth curves and L1 progress of both runs overlaid (SVG, notebook, HTML).
public enum CompareWriter {
    /// Files a comparison may write (replaced on each write).
    static let owned = ["compare-finality-cdf.svg", "compare-finality-by-depth.svg", "compare-l1-progress.svg",
                        "compare_summary.csv", "finality_cdf.csv", "finality_by_depth.csv", "l1_samples.csv",
                        "report.ipynb", "index.html"]

    /// The default directory: `notebooks-export/compare-<A name>-<B name>`.
    public static func defaultDirectory(_ a: ReportInfo, _ b: ReportInfo) -> String {
        ReportWriter.defaultDirectory(name: "compare-" + (a.name == b.name ? a.name : a.name + "-" + b.name))
    }

    /// Compares run `runA` of `a` with run `runB` of `b` (first completed runs when nil) and writes the report.
    public static func write(a: String, runA: Int64?, b: String, runB: Int64?, directory: String?) throws(ReplayError) -> CompareOutcome {
        let ia = try ReportWriter.info(database: a, runID: runA), ib = try ReportWriter.info(database: b, runID: runB)
        let rows: [CompareRow]
        var tables: [[String: QueryTable]] = [[:], [:]]
        var duration = 0.0
        let cdf = ReportQueries.finalityCDF(path: a).sql == ReportQueries.finalityCDF(path: b).sql
            ? ReportQueries.finalityCDF(path: a) : ReportQueries.finalityCDF
        do {
            rows = try Compare.rows(a: a, runA: ia.runID, b: b, runB: ib.runID)
            for (k, (path, info)) in [(a, ia), (b, ib)].enumerated() {
                for d in [cdf, ReportQueries.finalityByDepth, ReportQueries.samples]
                where try ResultsDatabase.tableExists(path: path, d.table) {
                    tables[k][d.name] = try ResultsDatabase.query(path: path, sql: d.sql, arguments: ["run": info.runID])
                }
                duration = max(duration, try ResultsDatabase.query(path: path, sql: "SELECT simulated_end_us / 1e6 AS s FROM run WHERE id = :run",
                                                                   arguments: ["run": info.runID]).numbers("s").first.flatMap { $0 } ?? 0)
            }
        } catch {
            throw .badInput("cannot read the runs to compare: \(error)")
        }
        let unit = PlotUnit.time(maxSeconds: duration)
        let figures = ComparePlots.figures(tables, unit: unit, cdf: cdf)
        let dir = directory ?? defaultDirectory(ia, ib)
        var files: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for name in owned where FileManager.default.fileExists(atPath: dir + "/" + name) {
                try FileManager.default.removeItem(atPath: dir + "/" + name)
            }
            func save(_ name: String, _ text: String) throws {
                try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
                files.append(name)
            }
            for f in figures { try save(f.file, f.render()) }
            try save("compare_summary.csv", summaryTable(rows).csv)
            for name in [ReportQueries.finalityByDepth.name, ReportQueries.samples.name, ReportQueries.finalityCDF.name] {
                if let t = sideBySide(tables, name) { try save(name + ".csv", t.csv) }
            }
            let nb = CompareNotebook.make(a: ia, b: ib, figures: figures,
                                          paths: (ReportWriter.relativePath(from: dir, to: a), ReportWriter.relativePath(from: dir, to: b)))
            try save("report.ipynb", try nb.json())
            try save("index.html", ComparePage.page(a: ia, b: ib, rows: rows, figures: figures, files: files))
        } catch {
            throw .badInput("cannot write the comparison into \(dir): \(error)")
        }
        return CompareOutcome(runs: [ia, ib], rows: rows, directory: dir, files: files, figures: figures)
    }

    /// The summary side by side, as a table (CSV).
    static func summaryTable(_ rows: [CompareRow]) -> QueryTable {
        func v(_ x: Double?) -> QueryValue { x.map { .real($0) } ?? .null }
        return QueryTable(columns: ["name", "unit", "a", "b", "difference", "ratio", "text_a", "text_b"], rows: rows.map { r in
            [.text(r.name), .text(r.unit), v(r.a), v(r.b), v(r.difference), v(r.ratio),
             r.textA.map { .text($0) } ?? .null, r.textB.map { .text($0) } ?? .null]
        })
    }

    /// One dataset of both runs in one table, with a first column `run` (A or B).
    static func sideBySide(_ tables: [[String: QueryTable]], _ name: String) -> QueryTable? {
        guard let first = tables[0][name] ?? tables[1][name] else { return nil }
        var out = QueryTable(columns: ["run"] + first.columns, rows: [])
        for (k, side) in ["A", "B"].enumerated() {
            guard let t = tables[k][name] else { continue }
            for row in t.rows {
                out.rows.append([.text(side)] + first.columns.map { c in t.index(of: c).map { row[$0] } ?? .null })
            }
        }
        return out
    }
}
