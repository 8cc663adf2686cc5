import ArgumentParser
import Experiments
import Foundation
import Metrics
import Scenarios

/// `fractalsim sweep SCENARIO`: runs the grid of the scenario's `sweep:` block into one database.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario's sweep: every point × replicate, in parallel, into one database; a row per point.",
        discussion: """
            Rerunning into the same database skips the runs already complete there (resume). --shard I/N runs \
            the runs whose index ≡ I−1 (mod N); `fractalsim merge` joins the shard databases.
            """)

    @Argument(help: "The scenario file (YAML) with a sweep: block (or a bounds: block).")
    var scenario: String

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int?

    @Option(help: "Run one slice only: shard I of N (1-based), e.g. 3/16.")
    var shard: String?

    @Option(name: .customLong("set"), help: "Override a key of the base scenario (or sweep.KEY) by dotted path (repeatable).")
    var overrides: [String] = []

    @Option(help: "Results database (default results/<name>-sweep.sqlite; with --set, results/<name>-sweep-<6 hex digits of the overrides>.sqlite). An existing one must hold this sweep (resumed).")
    var db: String?

    @Flag(help: "No progress line.")
    var quiet = false

    @Option(help: "Also write the per-point summary as JSON: every figure's mean and sd per point, verdict.")
    var json: String?

    @OptionGroup var limits: LimitOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let shard { _ = try SweepCommand.parseShard(shard) }
    }

    func run() throws {
        let plan = try SweepCommand.loadPlan(scenario, overrides: overrides, kind: .sweep)
        let shardSpec = try shard.map(SweepCommand.parseShard)
        let path = db ?? SweepFiles.defaultDatabasePath(plan, overrides: overrides)
        try OutputChecks.guarded(path) { try OutputPolicy.checkSweepOutput(path, inputs: [scenario]) }
        try OutputChecks.checkReport(json, option: "--json", inputs: [scenario], database: path)
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        print(SweepCommand.header(plan, command: "sweep"), terminator: "")
        if let s = shardSpec {
            print("Shard         \(s): \(plan.runs(shard: s.index, of: s.count).count) of \(plan.runs.count) runs (run index ≡ \(s.index - 1) mod \(s.count))")
        }
        let progress = SweepProgress(enabled: !quiet && isatty(STDERR_FILENO) == 1)
        let runGuard = RunGuard(limits: limits.limits)
        Interrupts.install(runGuard)
        let outcome = try SweepCommand.execute(plan, path: path, jobs: jobs, shard: shardSpec, progress: progress, guard: runGuard)
        Interrupts.restoreDefaults()
        let rows = try SweepSummary.points(path: path, names: SweepSummary.keyFigures.map(\.name),
                                           points: Array(Set(outcome.selected.map { plan.runs[$0].point })).sorted())
        print("Runs          \(outcome.executed) simulated now with \(jobs) job\(jobs == 1 ? "" : "s"), \(outcome.skipped) already complete in the database (skipped)")
        print()
        print("Per point: mean ± sample standard deviation over replicates (\"!\": an expect: failed)")
        print(SweepSummary.render(plan, rows), terminator: "")
        print()
        let failed = rows.reduce(0) { $0 + $1.failedExpectations }
        let digest = try SweepDatabase.resultsDigest(path: path)
        try OutputChecks.write(json, option: "--json") {
            let all = try SweepSummary.points(path: path, names: ExpectationChecker.knownFigures,
                                              points: Array(Set(outcome.selected.map { plan.runs[$0].point })).sorted())
            return try JSONSummary.sweep(outcome, rows: all, resultsDigest: digest)
        }
        print("Results digest \(digest)")
        print("Wall          \(String(format: "%.2f", outcome.wallSeconds)) s")
        print("Results       \(path)")
        if failed > 0 {
            throw CommandFailure(code: 1, message: "\(failed) run\(failed == 1 ? "" : "s") failed an expect: assertion")
        }
    }
}

extension SweepCommand {
    /// `I/N` with 1 ≤ I ≤ N.
    static func parseShard(_ text: String) throws -> SweepShard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw ValidationError("--shard: expected I/N with 1 ≤ I ≤ N, e.g. 3/16, got \"\(text)\"")
        }
        return SweepShard(index: i, count: n)
    }

    /// The plan; bad input becomes exit 2 with the loader's message.
    static func loadPlan(_ path: String, overrides: [String], kind: SweepBlockKind) throws -> SweepPlan {
        do {
            return try SweepFiles.plan(path, overrides: overrides, kind: kind)
        } catch {
            throw CommandFailure(code: 2, message: "\(error)")
        }
    }

    /// Runs the sweep; a database of another sweep is bad input (exit 2), as is one that cannot be written.
    static func execute(_ plan: SweepPlan, path: String, jobs: Int, shard: SweepShard?,
                        progress: SweepProgress, guard runGuard: RunGuard? = nil) throws -> SweepOutcome {
        defer { progress.clear() }
        do {
            return try SweepRunner.execute(plan, databasePath: path, jobs: jobs, shard: shard,
                                           progress: progress.enabled ? progress.update : nil, guard: runGuard)
        } catch let stop as RunStop {
            progress.clear()
            let done = SweepRunner.completion(plan, shard: shard, databasePath: path)
            throw CommandFailure(code: stop.exitCode, message: "\(stop.exitCode == 2 ? "error: " : "")\(stop): \(done) are "
                + "complete in \(path); rerun the same command to run only the missing ones")
        } catch let error as SweepDatabaseError {
            throw CommandFailure(code: 2, message: "error: \(error)")
        } catch {
            throw CommandFailure(code: 2, message: "error: cannot write the results database \(path): \(error)")
        }
    }

    /// What the sweep is: identity, size, seeds and which axes are gridded or zipped.
    static func header(_ plan: SweepPlan, command: String) -> String {
        let spec = plan.spec
        let seeds = spec.seeds == .common
            ? "replicate r runs with the point's seed + r (common random numbers across points)"
            : "replicate r runs with a hash of (the point's seed, its overrides) + r"
        var out = "FractalSim \(ProgramVersion.current) · \(command) \(plan.base.name) (\(plan.base.path)) · identity \(plan.identity.prefix(16))\n"
        out += "Grid          \(plan.points.count) point\(plan.points.count == 1 ? "" : "s") × \(spec.replicates) replicate\(spec.replicates == 1 ? "" : "s") = \(plan.runs.count) runs, from the \(spec.kind.rawValue): block\n"
        for line in plan.layout { out += "  \(line)\n" }
        let zipped = spec.factors.contains { $0.count > 1 }
        out += "              " + (zipped ? "zipped axes take their values together (one point per position); the factors are then gridded\n"
                                          : "every combination of the axes' values is a point (full grid); zip: makes axes advance together\n")
        out += "Seeds         \(seeds); base seed \(plan.base.seed)\n"
        return out
    }
}

/// The progress line over runs on a terminal; silent otherwise.
final class SweepProgress {
    let enabled: Bool
    let started = ProcessStats.monotonicSeconds()

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ done: Int, _ total: Int) {
        guard enabled else { return }
        let wall = ProcessStats.monotonicSeconds() - started
        let left = done > 0 ? wall * Double(total - done) / Double(done) : 0
        let line = String(format: "\r  runs %d/%d (%3.0f%%) · %@ elapsed · about %@ left   ", done, total,
                          total > 0 ? 100 * Double(done) / Double(total) : 100, SummaryFormat.seconds(wall), SummaryFormat.seconds(left))
        FileHandle.standardError.write(Data(line.utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 90) + "\r").utf8))
    }
}
