import Foundation
import Metrics
import Scenarios
import SimCore

/// What a report says about its run (headers of index.html and the notebook).
public struct ReportInfo: Sendable {
    /// Run id in the database.
    public var runID: Int64
    /// Scenario name.
    public var name: String
    /// Scenario description.
    public var description: String
    /// The database as given on the command line.
    public var databaseName: String
    /// The scenario file as given when the run was made.
    public var scenarioPath: String
    /// The run's seed.
    public var seed: UInt64
    /// The run's `--set` overrides.
    public var overrides: [String]
    /// The program version that made the run.
    public var programVersion: String
    /// The run's trace digest.
    public var traceDigest: String
    /// `finality.threshold` of the scenario.
    public var threshold: Double
    /// Which run of a sweep this is (`run 5 of sweep width-depth: point 2, replicate 1, tree.width=3 …`); nil outside sweeps.
    public var sweepNote: String? = nil
}

/// What `fractalsim report` wrote.
public struct ReportOutcome: Sendable {
    /// The output directory.
    public var directory: String
    /// Files written, by name, in writing order.
    public var files: [String]
    /// The plots.
    public var figures: [ReportFigure]
    /// Wall seconds.
    public var wallSeconds: Double
}

/// `fractalsim report`: SVG plots, a notebook, CSV tables and an index.html for one run.
public enum ReportWriter {
    /// Every file name a report may write (older ones are removed before writing, so a folder holds
    /// one report).
    static func ownedFiles(in dir: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        let svgs = ["finality-cdf.svg", "finality-by-depth.svg", "acceptance.svg", "l1-retained.svg", "l1-progress.svg",
                    "storage-by-depth.svg", "elections.svg", "message-latency.svg", "finality-affected.svg", "exits.svg",
                    "l1-forks.svg", "proof-jobs.svg", "tree.svg", "timeline.html"]
        let owned = svgs + (ReportQueries.all + AttackQueries.all).map { $0.name + ".csv" }
            + ["report.ipynb", "index.html", "scenario.yaml", "tree.csv"]
        return names.sorted().filter { owned.contains($0) }
    }

    /// The default output directory: `notebooks-export/<scenario name>`.
    public static func defaultDirectory(name: String) -> String {
        "notebooks-export/" + String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }

    /// Writes the report of run `runID` (the first completed when nil) of `database` into `directory`
    /// (default `notebooks-export/<name>`).
    public static func write(database: String, runID: Int64?, directory: String?) throws(ReplayError) -> ReportOutcome {
        let t0 = ProcessStats.monotonicSeconds()
        let info = try info(database: database, runID: runID)
        let run = (id: info.runID, record: (name: info.name, scenarioPath: info.scenarioPath))
        let dir = directory ?? defaultDirectory(name: run.record.name)
        var tables: [String: QueryTable] = [:]
        var present: [ReportDataset] = []
        do {
            for d in ReportQueries.all(path: database) where try ResultsDatabase.tableExists(path: database, d.table) {
                tables[d.name] = try ResultsDatabase.query(path: database, sql: d.sql, arguments: ["run": run.id])
                present.append(d)
            }
        } catch {
            throw .badInput("\(database): cannot read run \(run.id): \(error)")
        }
        let end: Double
        do {
            end = try ResultsDatabase.query(path: database, sql: "SELECT simulated_end_us / 1e6 AS s FROM run WHERE id = :run",
                                            arguments: ["run": info.runID]).numbers("s").first.flatMap { $0 } ?? 0
        } catch {
            throw .badInput("\(database): cannot read run \(info.runID): \(error)")
        }
        let unit = PlotUnit.time(maxSeconds: end)
        let marks = RunMarks(tables, end: end)
        let cdf = present.first { $0.name == ReportQueries.finalityCDF.name } ?? ReportQueries.finalityCDF
        var figures = ReportPlots.figures(tables, threshold: info.threshold, unit: unit, marks: marks, cdf: cdf)
        let nodeCount = tables[AttackQueries.nodes.name]?.rows.count ?? 0
        let attacked = !(tables[AttackQueries.faults.name]?.rows.isEmpty ?? true)
        let tree = (attacked || (nodeCount > 0 && nodeCount <= TreeSVG.wholeTreeLimit))
            ? tables[AttackQueries.nodes.name].flatMap { TreeSVG.figure(tables, nodes: $0) } : nil
        if let tree { figures.insert(tree.figure, at: 0) }
        let shownTables = AttackQueries.tables.compactMap { spec in
            tables[spec.dataset.name].flatMap { $0.rows.isEmpty ? nil : (spec, $0) }
        }
        var files: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for name in ownedFiles(in: dir) { try FileManager.default.removeItem(atPath: dir + "/" + name) }
            func save(_ name: String, _ text: String) throws {
                try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
                files.append(name)
            }
            for f in figures { try save(f.file, f.render()) }
            // CSVs: what the plots draw, and the summary.
            for d in present {
                guard let t = tables[d.name], !t.rows.isEmpty || d.name == ReportQueries.summary.name else { continue }
                guard figures.contains(where: { $0.dataset.name == d.name }) || d.name == ReportQueries.summary.name
                    || shownTables.contains(where: { $0.0.dataset.name == d.name }) else { continue }
                try save(d.name + ".csv", t.csv)
            }
            if let tree { try save("tree.csv", tree.table.csv) }
            try save("scenario.yaml", scenarioFile(try ReplaySource.storedRun(path: database, runID: info.runID).record))
            let notebook = ReportNotebook.make(info: info, figures: figures, database: relativePath(from: dir, to: database),
                                               marks: marks, tables: shownTables.map(\.0))
            try save("report.ipynb", try notebook.json())
            let summary = tables[ReportQueries.summary.name] ?? QueryTable(columns: [], rows: [])
            if let timeline = try? TimelineHTML.page(path: database, runID: info.runID, title: info.name) {
                try save("timeline.html", timeline)
            }
            try save("index.html", ReportHTML.page(info: info, figures: figures, summary: summary, files: files,
                                                   tables: shownTables, unit: unit))
        } catch {
            throw .badInput("cannot write the report into \(dir): \(error)")
        }
        return ReportOutcome(directory: dir, files: files, figures: figures,
                             wallSeconds: ProcessStats.monotonicSeconds() - t0)
    }

    /// What a report says about run `runID` (the first completed when nil) of `database`.
    public static func info(database: String, runID: Int64?) throws(ReplayError) -> ReportInfo {
        let run = try ReplaySource.storedRun(path: database, runID: runID)
        let scenario = try? ReplaySource.parse(run)
        return ReportInfo(runID: run.id, name: run.record.name, description: scenario?.description ?? "",
                          databaseName: database, scenarioPath: run.record.scenarioPath, seed: run.record.seed,
                          overrides: run.record.overrides, programVersion: run.record.programVersion,
                          traceDigest: run.traceDigest, threshold: scenario?.config.finality.threshold ?? 0.5,
                          sweepNote: sweepNote(database: database, runID: run.id))
    }

    /// Which point and replicate of the sweep in `database` run `runID` is; nil when it is no sweep's.
    static func sweepNote(database: String, runID: Int64) -> String? {
        guard let info = (try? SweepDatabase.readInfo(path: database)) ?? nil,
              let row = ((try? SweepDatabase.readRows(path: database)) ?? []).first(where: { $0.runID == runID }) else { return nil }
        return "run \(runID) of the \(info.block) \(info.name) (\(info.runs) runs): point \(row.point), replicate \(row.replicate), "
            + (row.overrides.isEmpty ? "no overrides" : row.overrides.joined(separator: " "))
    }

    /// The stored scenario text, with the run's seed and overrides as a comment on top.
    static func scenarioFile(_ r: RunRecord) -> String {
        var head = "# The scenario of this run as stored in its results database (\(r.scenarioPath)),\n"
        head += "# run with seed \(r.seed)"
        head += r.overrides.isEmpty ? ".\n" : " and " + r.overrides.map { "--set \($0)" }.joined(separator: " ") + ".\n"
        return head + r.scenarioText + (r.scenarioText.hasSuffix("\n") ? "" : "\n")
    }

    /// `to` relative to the directory `from` (both made absolute against the working directory).
    static func relativePath(from dir: String, to file: String) -> String {
        func parts(_ p: String) -> [String] {
            let url = URL(fileURLWithPath: p).standardizedFileURL
            return url.path.split(separator: "/").map(String.init)
        }
        let a = parts(dir), b = parts(file)
        var common = 0
        while common < a.count, common < b.count - 1, a[common] == b[common] { common += 1 }
        let up = Array(repeating: "..", count: a.count - common)
        return (up + b[common...]).joined(separator: "/")
    }
}
