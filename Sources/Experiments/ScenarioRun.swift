import Foundation
import Metrics
import Scenarios
import SimCore
import ValidiumModel

/// Everything one `run` produced.
public struct RunOutcome: Sendable {
    /// The scenario that ran.
    public var scenario: Scenario
    /// The raw measurements.
    public var results: RunResults
    /// Summary figures (the `summary` table).
    public var figures: [SummaryFigure]
    /// Finality by depth (the `finality_by_depth` table).
    public var finalityByDepth: [FinalityByDepthRow]
    /// Storage by depth (the `storage` table).
    public var storageByDepth: [StorageByDepthRow]
    /// The `expect:` block, evaluated.
    public var expectations: [ExpectationOutcome]
    /// Where the database was written (nil: not written).
    public var databasePath: String?
    /// Wall seconds of the simulation itself.
    public var wallSeconds: Double
    /// Invariants this run broke (each makes the run fail).
    public var violations: [String] {
        var out: [String] = results.invariants.examples
        if results.invariants.violations > Int64(out.count) {
            out.append("… \(results.invariants.violations - Int64(out.count)) more protocol invariant violations")
        }
        if results.config.workload.bridge != nil && !results.bridge.invariantsHold {
            let b = results.bridge
            out.append("bridge ledger: burned \(b.burned), minted \(b.minted), mints without burn \(b.mintsWithoutBurn)")
        }
        if !results.l1.safety.holds && !expectsSafetyViolation {
            let s = results.l1.safety
            out.append("L1 safety: blocks \(s.finalBlock) and \(s.conflictingBlock) conflict and are both final "
                       + "(at \(Time.seconds(s.firstAt)) s); declare expect: { safety: violated } where this is the point")
        }
        if let v = results.faults.safetyViolations.first, !expects("finality.safety", "violated") {
            out.append("finality safety: \(results.faults.safetyViolations.count) item(s) final on their path were dropped by an "
                       + "election (the first from node \(v.origin), final at \(Time.seconds(v.finalAt)) s, dropped at "
                       + "\(Time.seconds(v.droppedAt)) s by the election for node \(v.node)); declare expect: { finality.safety: violated } where this is the point")
        }
        return out
    }
    /// The scenario declares `expect: { safety: violated }` (it demonstrates the limit of §8).
    public var expectsSafetyViolation: Bool { expects("safety", "violated") }
    /// The scenario expects text figure `path` to read `text`.
    func expects(_ path: String, _ text: String) -> Bool {
        scenario.expectations.contains { e in
            if e.path == path, case .text(let t) = e.value { return t == text }
            return false
        }
    }
    /// True when every expectation held and no invariant broke.
    public var passed: Bool { expectations.allSatisfy(\.held) && violations.isEmpty }
}

/// Runs one scenario end to end: model, summary, expectations, database.
public enum ScenarioRun {
    /// The default database path: `results/<name>-<seed>.sqlite`, or `results/<name>-<seed>-<digest>.sqlite`
    /// with `--set` overrides (`--trace` among them): six hex digits of the overrides, so that a run
    /// with other overrides never lands on the plain run's database.
    public static func defaultDatabasePath(for scenario: Scenario) -> String {
        let safe = scenario.name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        let suffix = scenario.overrides.isEmpty ? "" : "-" + OutputFiles.overridesDigest(scenario.overrides)
        return "results/\(String(safe))-\(scenario.seed)\(suffix).sqlite"
    }

    /// Runs `scenario`, reporting progress (simulated µs, events) about every `progressEvery` events.
    /// With `runGuard`, the run checks it between slices and throws `RunStop` (nothing written)
    /// when interrupted or past a limit.
    public static func execute(_ scenario: Scenario, databasePath: String?, progressEvery: Int = 250_000,
                               progress: ((SimTime, UInt64) -> Void)? = nil, guard runGuard: RunGuard? = nil) throws -> RunOutcome {
        let started = ProcessStats.isoNow()
        let t0 = ProcessStats.monotonicSeconds()
        let world = World(config: scenario.config, seed: scenario.seed)
        let results: RunResults
        if let runGuard {
            results = try runGuard.run(world, progress: progress)
        } else if let progress {
            results = world.run(slice: progressEvery, progress: progress)
        } else {
            results = world.run()
        }
        let wall = ProcessStats.monotonicSeconds() - t0
        let rss = ProcessStats.peakRSSBytes()
        let figures = SummaryBuilder.figures(results, wallSeconds: wall, peakRSSBytes: rss)
        let expectations = ExpectationChecker.evaluate(scenario.expectations, figures: figures)
        var outcome = RunOutcome(
            scenario: scenario, results: results, figures: figures,
            finalityByDepth: SummaryBuilder.finalityByDepth(results),
            storageByDepth: SummaryBuilder.storageByDepth(results),
            expectations: expectations, databasePath: nil, wallSeconds: wall)
        if let path = databasePath {
            let record = RunRecord(
                name: scenario.name, scenarioPath: scenario.path, scenarioText: scenario.sourceText,
                scenarioCanonical: scenario.canonical, scenarioDigest: scenario.digest, overrides: scenario.overrides,
                seed: scenario.seed, programVersion: ProgramVersion.current, wallSeconds: wall,
                peakRSSBytes: rss, startedAt: started,
                gitCommit: ProgramVersion.commit, gitDirty: ProgramVersion.dirty)
            if let runGuard, !runGuard.beginWrite(partial: ResultsDatabase.partialPath(for: path)) {
                throw runGuard.stopReason ?? RunStop.interrupted(signal: SIGINT)
            }
            defer { runGuard?.endWrite() }
            try ResultsDatabase.write(path: path, record: record, results: results, figures: figures,
                                      expectations: expectations, finalityByDepth: outcome.finalityByDepth)
            outcome.databasePath = path
        }
        return outcome
    }
}

/// Loading scenarios for this program: `expect:` may name exactly the summary figures it produces.
public enum ScenarioFiles {
    /// Loads and validates a scenario file; bad input throws a `ScenarioError` (untyped here:
    /// Swift 6.3 crashes compiling typed throws through this call in a `do`/`catch`).
    public static func load(_ path: String, seed: UInt64? = nil, overrides: [String] = []) throws -> Scenario {
        let names = ExpectationChecker.knownFigures
        do {
            return try ScenarioLoader.load(path: path, seed: seed, overrides: overrides, summaryNames: names,
                                           textFigures: SummaryBuilder.textFigures)
        } catch {
            throw error as ScenarioError
        }
    }
}
