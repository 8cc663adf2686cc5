import ArgumentParser
import Metrics
import Experiments
import Foundation
import Scenarios

/// `fractalsim bounds SCENARIO`: sweeps N, fits the metric against log N, √N and N, exits 1 unless logarithmic.
struct BoundsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bounds",
        abstract: "Check that a metric grows as O(log N): sweep N, fit, print the fits and a verdict (exit 0 pass, 1 fail).",
        discussion: """
            N comes from the scenario's bounds: block (tree.depth or tree.nodes, with replicates), else from a \
            sweep: block with that one axis. Each figure's means over replicates are fitted by least squares \
            (GSL) to a + b·ln N, a + b·√N and a + b·N (throughput: a + b·N/ln N in place of ln N). It passes \
            when the predicted model has the highest R², that R² is at least --min-r2, and the growth from the \
            smallest to the largest N, mean(N max)/mean(N min), is at most (1 + --slack)·ln(N max)/ln(N min) \
            (throughput: at least [g(N max)/g(N min)]/(1 + slack), g = N/ln N; l1_gas: O(1), the largest mean \
            at most (1 + slack) × the smallest). Runs already complete in the database are reused.
            """)

    @Argument(help: "The scenario file (YAML) with a bounds: block.")
    var scenario: String

    @Option(help: "finality (global p50 and p99), l1_hashes, storage, throughput or l1_gas (L1 gas per block, must stay flat) (default: bounds.metric, else finality).")
    var metric: String?

    @Option(help: "Results database (default results/<name>-bounds.sqlite; with --set, results/<name>-bounds-<6 hex digits of the overrides>.sqlite).")
    var db: String?

    @Option(help: "Also write an SVG of the metric against N with the three fits.")
    var svg: String?

    @Option(name: .customLong("min-r2"), help: "Least R² of the predicted model.")
    var minR2: Double = BoundsThresholds().minRSquared

    @Option(help: "Allowed excess of the growth ratio over the predicted model's.")
    var slack: Double = BoundsThresholds().slack

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int?

    @Option(name: .customLong("set"), help: "Override a key of the scenario (or bounds.KEY) by dotted path (repeatable).")
    var overrides: [String] = []

    @Flag(help: "No progress line.")
    var quiet = false

    @Option(help: "Also write the points, fits and verdict as JSON.")
    var json: String?

    @Option(help: "Also write the check as JUnit XML: one test case per figure checked, for CI systems.")
    var junit: String?

    func validate() throws {
        if let metric, BoundsMetric(rawValue: metric) == nil {
            throw ValidationError("--metric: expected one of \(BoundsMetric.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(metric)\"")
        }
        guard minR2.isFinite, (0...1).contains(minR2) else { throw ValidationError("--min-r2 must be between 0 and 1, got \(minR2)") }
        guard slack.isFinite, slack >= 0 else { throw ValidationError("--slack must be a non-negative number, got \(slack)") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
        let plan = try SweepCommand.loadPlan(scenario, overrides: overrides, kind: .bounds)
        let distinct = Set(plan.points.map { $0.values.first ?? "" }).count
        guard plan.points.count >= 3, distinct >= 3 else {
            throw CommandFailure(code: 2, message: "\(scenario): error: \(plan.spec.kind.rawValue): bounds needs at least 3 values of N to fit, got \(plan.points.count)")
        }
        let chosen = BoundsMetric(rawValue: metric ?? plan.spec.metric ?? "finality") ?? .finality
        let path = db ?? SweepFiles.defaultDatabasePath(plan, suffix: "bounds", overrides: overrides)
        try OutputChecks.guarded(path) { try OutputPolicy.checkSweepOutput(path, inputs: [scenario]) }
        try OutputChecks.checkReport(svg, option: "--svg", inputs: [scenario], database: path)
        try OutputChecks.checkReport(json, option: "--json", inputs: [scenario], database: path)
        try OutputChecks.checkReport(junit, option: "--junit", inputs: [scenario], database: path)
        let started = ProcessStats.monotonicSeconds()
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let progress = SweepProgress(enabled: !quiet && isatty(STDERR_FILENO) == 1)
        let outcome: BoundsOutcome
        do {
            defer { progress.clear() }
            outcome = try BoundsCheck.run(plan, metric: chosen, thresholds: BoundsThresholds(minRSquared: minR2, slack: slack),
                                          databasePath: path, jobs: jobs, progress: progress.enabled ? progress.update : nil)
        } catch let error as SweepDatabaseError {
            throw CommandFailure(code: 2, message: "error: \(error)")
        } catch {
            throw CommandFailure(code: 2, message: "error: cannot write the results database \(path): \(error)")
        }
        print(BoundsCheck.render(outcome), terminator: "")
        if let svg {
            do {
                try BoundsSVG.render(outcome).write(toFile: svg, atomically: true, encoding: .utf8)
                print("SVG           \(svg)")
            } catch {
                throw CommandFailure(code: 2, message: "error: cannot write \(svg): \(error)")
            }
        }
        try OutputChecks.write(json, option: "--json") { try JSONSummary.bounds(outcome) }
        try OutputChecks.write(junit, option: "--junit") {
            Data(JUnitReport.bounds(outcome, seconds: ProcessStats.monotonicSeconds() - started).utf8)
        }
        if let json { print("JSON          \(json)") }
        if let junit { print("JUnit         \(junit)") }
        if !outcome.passed { throw CommandFailure(code: 1, message: nil) }
    }
}
