import ArgumentParser
import Experiments
import Foundation
import Metrics
import Scenarios
import SimCore

/// `fractalsim run SCENARIO`: runs one scenario, prints a summary, writes the results database.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario: progress on a terminal, then a summary table; results in SQLite.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "Seed (overrides the scenario's `seed`).")
    var seed: UInt64?

    @Option(name: .customLong("set"), help: "Override a key by dotted path, e.g. --set tree.depth=5 (repeatable).")
    var overrides: [String] = []

    @Option(help: "Results database (default results/<name>-<seed>.sqlite; with --set or --trace, results/<name>-<seed>-<6 hex digits of the overrides>.sqlite).")
    var db: String?

    @Flag(help: "Replace the database if it already holds a run (never a sweep or bounds database, nor a file that is not a results database).")
    var force = false

    @Flag(help: "Store every event in the database (the trace table), for replay --verify and --timeline; the same as --set metrics.trace=true.")
    var trace = false

    @Flag(help: "No progress line.")
    var quiet = false

    @Option(help: "Also write the summary as JSON: figures, expectations, verdict (README \"Machine-readable results\").")
    var json: String?

    @OptionGroup var limits: LimitOptions

    func run() throws {
        let loaded = try loadScenario()
        let runGuard = RunGuard(limits: limits.limits)
        Interrupts.install(runGuard)
        let path = db ?? ScenarioRun.defaultDatabasePath(for: loaded)
        let existing = try OutputChecks.guarded(path) {
            try OutputPolicy.checkRunOutput(path, inputs: [scenario], force: force)
        }
        try OutputChecks.checkReport(json, option: "--json", inputs: [scenario], database: path)
        let progress = ProgressLine(enabled: !quiet && isatty(STDERR_FILENO) == 1, end: loaded.config.duration)
        let outcome: RunOutcome
        do {
            outcome = try ScenarioRun.execute(loaded, databasePath: path,
                                              progress: progress.enabled ? progress.update : nil, guard: runGuard)
        } catch let stop as RunStop {
            progress.clear()
            throw CommandFailure(code: stop.exitCode, message: "\(stop.exitCode == 2 ? "error: " : "")\(stop): the run stopped before its end; nothing was written")
        } catch {
            progress.clear()
            throw CommandFailure(code: 2, message: "error: cannot write the results database \(path): \(error)")
        }
        progress.clear()
        Interrupts.restoreDefaults()
        print(SummaryFormat.render(outcome), terminator: "")
        try OutputChecks.write(json, option: "--json") { try JSONSummary.run(outcome) }
        if case .runDatabase(let name, let seed) = existing {
            FileHandle.standardError.write(Data("note: --force: replaced the run previously in \(path) (\(name), seed \(seed))\n".utf8))
        }
        if !outcome.passed { throw CommandFailure(code: 1, message: nil) }
    }
}

extension RunCommand {
    /// The scenario with its overrides; bad input becomes exit 2 with the loader's message.
    func loadScenario() throws -> Scenario {
        do {
            // --trace is stored as an override, so that replay re-runs the run traced as well.
            return try ScenarioFiles.load(scenario, seed: seed, overrides: overrides + (trace ? ["metrics.trace=true"] : []))
        } catch {
            throw CommandFailure(code: 2, message: "\(error)")
        }
    }
}

/// The progress line on a terminal: simulated time, events/s, time left. Silent otherwise.
final class ProgressLine {
    let enabled: Bool
    let end: SimTime
    let started = ProcessStats.monotonicSeconds()

    init(enabled: Bool, end: SimTime) {
        self.enabled = enabled
        self.end = end
    }

    func update(_ now: SimTime, _ events: UInt64) {
        guard enabled else { return }
        let wall = max(ProcessStats.monotonicSeconds() - started, 1e-6)
        let fraction = end > 0 ? Double(now) / Double(end) : 1
        let left = fraction > 0 ? wall * (1 - fraction) / fraction : 0
        let line = String(format: "\r  simulated %@ / %@ (%3.0f%%) · %.2f M events/s · about %.0f s left   ",
                          SummaryFormat.duration(now), SummaryFormat.duration(end), fraction * 100,
                          Double(events) / wall / 1e6, left)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 100) + "\r").utf8))
    }
}
