import ArgumentParser
import Experiments
import Foundation

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
            Files of an older report in the folder are replaced.
            """)

    @Argument(help: "The results database.")
    var db: String

    @Option(name: .customLong("run"), help: "The run id (default: the first completed run).")
    var runID: Int64?

    @Option(help: "Output directory (default notebooks-export/<scenario name>).")
    var out: String?

    func run() throws {
        let outcome: ReportOutcome
        do {
            outcome = try ReportWriter.write(database: db, runID: runID, directory: out)
        } catch {
            throw CommandFailure(code: error.exitCode, message: error.description)
        }
        print("Report        \(outcome.directory)/index.html")
        print("Plots         " + outcome.figures.map(\.file).joined(separator: " · "))
        print("Files         \(outcome.files.count) written (" + String(format: "%.2f s", outcome.wallSeconds) + ")")
    }
}
