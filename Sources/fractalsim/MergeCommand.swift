import ArgumentParser
import Experiments
import Foundation
import Metrics

/// `fractalsim merge FILE... --db OUT`: joins the shard databases of one sweep.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join shard databases of one sweep into one, equal to the unsharded sweep's.",
        discussion: """
            Refuses (exit 2) files that are not sweeps, or shards of different sweeps or program versions. \
            Exits 1 when runs of the sweep are missing from every shard (the output is still written; \
            `fractalsim sweep SCENARIO --db OUT` completes it).
            """)

    @Argument(help: "Shard databases written by `fractalsim sweep --shard I/N`.")
    var files: [String]

    @Option(help: "The merged database: a new file, or one holding the same sweep (replaced). Never one of the inputs.")
    var db: String

    @Flag(help: "Also replace a database holding another sweep (never a run database, an input or another file).")
    var force = false

    func run() throws {
        for file in files where !FileManager.default.fileExists(atPath: file) {
            throw CommandFailure(code: 2, message: "error: \(file): no such file")
        }
        let identity = files.first.flatMap { try? SweepDatabase.readInfo(path: $0)?.identity }
        try OutputChecks.guarded(db) {
            try OutputPolicy.checkMergeOutput(db, inputs: files, identity: identity, force: force)
        }
        let report: SweepMergeReport
        do {
            report = try SweepDatabase.merge(inputs: files, output: db)
        } catch let error as SweepDatabaseError {
            throw CommandFailure(code: 2, message: "error: \(error)")
        } catch {
            throw CommandFailure(code: 2, message: "error: cannot merge into \(db): \(error)")
        }
        let info = report.info
        print("FractalSim \(ProgramVersion.current) · merge \(info.name) (\(info.scenarioPath)) · identity \(info.identity.prefix(16))")
        print("Merged        \(report.runs) of \(info.runs) runs from \(files.count) file\(files.count == 1 ? "" : "s")"
              + (report.duplicates > 0 ? " (\(report.duplicates) identical duplicates kept once)" : ""))
        print("Results digest \(try SweepDatabase.resultsDigest(path: db))")
        print("Results       \(db)")
        if !report.missing.isEmpty {
            let shown = report.missing.prefix(20).map(String.init).joined(separator: ", ")
            throw CommandFailure(code: 1, message: "incomplete: \(report.missing.count) run\(report.missing.count == 1 ? "" : "s") missing "
                + "(run indexes \(shown)\(report.missing.count > 20 ? ", …" : "")); rerun the missing shards, or "
                + "`fractalsim sweep \(info.scenarioPath) --db \(db)` to complete it")
        }
    }
}
