import ArgumentParser
import Experiments
import Foundation
import Metrics

/// `fractalsim report DB`: plots (SVG), a notebook, CSV tables and an index.html for one run.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a run's report: SVG plots, a Jupyter notebook, CSV tables and index.html.",
        discussion: """
            Plots: finality CDF (L1 inclusion and global), finality by depth, root acceptance of recent blocks over \
            time, retained hashes and L1 progress over time, storage by depth, and when the run has them, election \
            vote counts and message latency by route. The notebook (report.ipynb) redraws them with pandas and \
            matplotlib from the database (its path relative to the notebook) or, without it, from the CSV files. \
            Files of an older report in the folder are replaced. On a sweep database (from `sweep` or `bounds`) \
            without --run: the sweep's report — a per-point table (mean ± sd over replicates), finality, L1 hashes and \
            storage against N (one line per width), a heatmap over two axes (--figure), and the bounds fit when the \
            sweep came from `bounds`.
            """)

    @Argument(help: "The results database.")
    var db: String

    @Option(name: .customLong("run"), help: "The run id (default: the first completed run; in a search database, the best candidate's first run).")
    var runID: Int64?

    @Option(help: "Output directory (default notebooks-export/<scenario name>).")
    var out: String?

    @Option(help: "Sweep reports: the summary figure of the heatmap (default finality.path.p99, else finality.global.p99).")
    var figure: String?

    func run() throws {
        let outcome: ReportOutcome
        do throws(ReplayError) {
            if runID == nil, FileManager.default.fileExists(atPath: db), (try? SweepDatabase.readInfo(path: db)) ?? nil != nil {
                outcome = try SweepReportWriter.write(database: db, directory: out, figure: figure)
            } else {
                if figure != nil { throw ReplayError.badInput("--figure applies to sweep reports only (\(db) run report)") }
                // A search database: the best candidate's first run, unless --run says otherwise.
                let best = runID == nil ? (try? SearchDatabase.readRuns(path: db))?.first {
                    $0.candidate == ((try? SearchDatabase.readCandidates(path: db))?.first?.candidate ?? -1) && $0.replicate == 0
                }?.runID : nil
                outcome = try ReportWriter.write(database: db, runID: runID ?? best, directory: out)
            }
        } catch {
            throw CommandFailure(code: error.exitCode, message: error.description)
        }
        print("Report        \(outcome.directory)/index.html")
        print("Plots         " + outcome.figures.map(\.file).joined(separator: " · "))
        print("Files         \(outcome.files.count) written (" + String(format: "%.2f s", outcome.wallSeconds) + ")")
    }
}
