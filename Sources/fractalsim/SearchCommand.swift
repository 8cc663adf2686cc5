import ArgumentParser
import Experiments
import Foundation
import Metrics
import Scenarios

/// `fractalsim search SCENARIO`: looks for the adversary's best placement within the `search:` block's budget.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the worst placement of a bounded adversary (the scenario's search: block) and write it out as a scenario.",
        discussion: """
            Candidates run in parallel, every run into one database (tables search and search_candidates); \
            rerunning the same command reuses the runs already there (resume). The best candidate is written \
            as an ordinary scenario that `fractalsim run` reproduces (same figures, same digest). Exit 1 when \
            no candidate meets the objective's subject_to.
            """)

    @Argument(help: "The scenario file (YAML) with a search: block.")
    var scenario: String

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int?

    @Option(name: .customLong("set"), help: "Override a key of the scenario (or search.KEY) by dotted path (repeatable).")
    var overrides: [String] = []

    @Option(help: "Results database (default results/<name>-search.sqlite; with --set, results/<name>-search-<6 hex digits of the overrides>.sqlite). An existing one must hold this search (resumed).")
    var db: String?

    @Option(help: "Where the best candidate's scenario is written (default results/<name>-search-best.yaml). An existing file is replaced only when this search wrote it.")
    var out: String?

    @Option(help: "Candidates in the printed table.")
    var top = 10

    @Flag(help: "No progress line.")
    var quiet = false

    @OptionGroup var limits: LimitOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if top < 1 { throw ValidationError("--top must be at least 1, got \(top)") }
    }

    func run() throws {
        let setup: SearchSetup
        do {
            setup = try SearchFiles.setup(scenario, overrides: overrides)
        } catch {
            throw CommandFailure(code: 2, message: "\(error)")
        }
        if let why = SearchRunner.refusal(setup.spec) { throw CommandFailure(code: 2, message: "\(scenario): \(why)") }
        let path = db ?? SearchFiles.defaultDatabasePath(setup, overrides: overrides)
        try OutputChecks.guarded(path) { try OutputPolicy.checkSweepOutput(path, inputs: [scenario]) }
        let outPath = out ?? SearchFiles.defaultScenarioPath(setup, overrides: overrides)
        try SearchCommand.checkOut(outPath, identity: setup.identity, inputs: [scenario], database: path)
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        print(SearchSummary.header(setup), terminator: "")
        let progress = SearchProgressLine(enabled: !quiet && isatty(STDERR_FILENO) == 1, spec: setup.spec)
        let runGuard = RunGuard(limits: limits.limits)
        Interrupts.install(runGuard)
        let callback: ((SearchProgress) -> Void)? = progress.enabled ? { progress.update($0) } : nil
        let outcome: SearchOutcome
        do {
            defer { progress.clear() }
            outcome = try SearchRunner.execute(setup, databasePath: path, jobs: jobs,
                                               progress: callback, guard: runGuard)
        } catch let stop as RunStop {
            let done = (try? SearchDatabase.readRuns(path: path).count) ?? 0
            throw CommandFailure(code: stop.exitCode, message: "\(stop.exitCode == 2 ? "error: " : "")\(stop): \(done) runs are "
                + "complete in \(path); rerun the same command to resume (finished runs are reused)")
        } catch let error as SearchDatabaseError {
            throw CommandFailure(code: 2, message: "error: \(error)")
        } catch let error as SearchRefusal {
            throw CommandFailure(code: 2, message: "error: \(error)")
        } catch let error as SweepRunError {
            throw CommandFailure(code: 1, message: "error: \(error)")
        } catch {
            throw CommandFailure(code: 2, message: "error: cannot write the results database \(path): \(error)")
        }
        Interrupts.restoreDefaults()
        print("Runs          \(outcome.executed) simulated now with \(jobs) job\(jobs == 1 ? "" : "s"), \(outcome.reused) reused from the database")
        print()
        print("Best candidates (of \(outcome.ranked.count) tried; the mean over replicates; all in the search_candidates table)")
        print(SearchSummary.table(outcome, setup.spec, top: top), terminator: "")
        print()
        guard let best = outcome.best, best.error == nil else {
            throw CommandFailure(code: 1, message: "error: no candidate could run: \(outcome.best?.error ?? "none was tried")")
        }
        let text: String
        do {
            text = try SearchScenarioFile.render(best, setup: setup, tried: outcome.ranked.count)
            let parent = (outPath as NSString).deletingLastPathComponent
            if !parent.isEmpty { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
            try Data(text.utf8).write(to: URL(fileURLWithPath: outPath), options: .atomic)
        } catch {
            throw CommandFailure(code: 2, message: "error: cannot write --out \(outPath): \(error)")
        }
        print("Found         #\(best.index) \(best.key) (the adversary's best)")
        print("Scenario      \(outPath) (`fractalsim run \(outPath)` reproduces replicate 0: digest \(best.runs[0].traceDigest))")
        print("Wall          \(String(format: "%.2f", outcome.wallSeconds)) s")
        print("Results       \(path)")
        if !best.feasible, let c = setup.spec.objective.constraint {
            throw CommandFailure(code: 1, message: "no candidate tried meets subject_to \(c.path) \(c.source); the file holds the closest one")
        }
    }

    /// `--out`: writable, not an input nor the database, not a results database, and an existing
    /// file only when this search wrote it.
    static func checkOut(_ path: String, identity: String, inputs: [String], database: String) throws {
        do {
            try OutputFiles.checkWritable(path, option: "--out")
            try OutputFiles.checkNotInput(path, inputs: inputs, option: "--out")
            if OutputFiles.sameFile(path, database) {
                throw OutputPathError("--out \(path) is the results database of this search; choose another --out")
            }
            switch OutputFiles.inspect(path) {
            case .nothing, .emptyFile: break
            case .directory: throw OutputPathError("--out \(path) is a directory; give a file name inside it")
            default:
                if !SearchScenarioFile.writtenBy(path, identity: identity) {
                    throw OutputPathError("--out \(path) exists and was not written by this search; it is never replaced; "
                                          + "choose another --out or remove it")
                }
            }
        } catch let error as OutputPathError {
            throw CommandFailure(code: 2, message: "error: \(error)")
        }
    }
}

/// The progress line of a search on a terminal; silent otherwise.
final class SearchProgressLine: @unchecked Sendable {
    let enabled: Bool
    let spec: SearchSpec
    let started = ProcessStats.monotonicSeconds()

    init(enabled: Bool, spec: SearchSpec) { self.enabled = enabled; self.spec = spec }

    func update(_ p: SearchProgress) {
        guard enabled else { return }
        let wall = ProcessStats.monotonicSeconds() - started
        let unit = ExpectationChecker.unit(of: spec.objective.figure)
        let best = p.best.map { e in e.objective.map { SummaryFormat.value($0, unit: unit) } ?? "n/a" } ?? "-"
        let line = "\r  candidates \(p.candidates) · runs \(p.runs)/\(p.plannedRuns) · best \(spec.objective.figure) \(best) · \(SummaryFormat.seconds(wall)) elapsed   "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 100) + "\r").utf8))
    }
}
