import Foundation
import Metrics
import Scenarios
import SimCore
import Stochastic
import ValidiumModel

/// What a search needs besides its block: the base scenario, the file's own adversary entries, its
/// identity, and how one run's scenario is built.
public struct SearchSetup: Sendable {
    /// The `search:` block.
    public var spec: SearchSpec
    /// The file with its `--set` overrides, blocks ignored; its seed is the base seed.
    public var base: Scenario
    /// The file's own adversary entries as flow YAML (kept before every candidate's).
    public var fixedAdversary: [String]
    /// Digest of `identityText`.
    public var identity: String
    /// What the identity covers.
    public var identityText: String
    /// The parent of every node of the tree (-1 for the L1; [] when unknown: no moves along the tree).
    public var parents: [Int32]
    /// The scenario of one run: the base with these extra `KEY=VALUE` overrides, at this seed.
    public var scenario: @Sendable ([String], UInt64) throws -> Scenario

    /// A setup from its parts.
    public init(spec: SearchSpec, base: Scenario, fixedAdversary: [String], identity: String, identityText: String,
                parents: [Int32] = [], scenario: @escaping @Sendable ([String], UInt64) throws -> Scenario) {
        self.spec = spec; self.base = base; self.fixedAdversary = fixedAdversary
        self.identity = identity; self.identityText = identityText; self.parents = parents; self.scenario = scenario
    }

    /// The info stored in the database.
    public var info: SearchInfo {
        SearchInfo(identity: identity, programVersion: ProgramVersion.current, name: base.name, scenarioPath: base.path,
                   strategy: spec.strategy.rawValue, objective: SearchRunner.describe(spec.objective),
                   replicates: spec.replicates, identityText: identityText)
    }
}

/// Where a search stands, for progress lines.
public struct SearchProgress: Sendable {
    /// Candidates judged so far.
    public var candidates: Int
    /// Runs done (reused from the database or simulated).
    public var runs: Int
    /// Runs the search will take at most.
    public var plannedRuns: Int
    /// The best candidate so far.
    public var best: SearchEvaluation?
}

/// What one `search` invocation found and did.
public struct SearchOutcome: Sendable {
    /// Every candidate tried, best first.
    public var ranked: [SearchEvaluation]
    /// Runs simulated now.
    public var executed: Int
    /// Runs found complete in the database (a resumed search).
    public var reused: Int
    /// Wall seconds of the invocation (informational).
    public var wallSeconds: Double
    /// The adversary's best candidate.
    public var best: SearchEvaluation? { ranked.first }
}

/// Why a search cannot start.
public struct SearchRefusal: Error, CustomStringConvertible {
    /// The message.
    public var description: String
}

/// Runs a search: candidates in batches, each batch's runs in parallel through the sweep's worker
/// pool, written in order; the next batch depends only on the results before it (determinism).
public enum SearchRunner {
    /// `maximize finality.path.p99`, with ` subject to l1.stall > 10m` when constrained.
    public static func describe(_ o: SearchObjective) -> String {
        "\(o.direction.rawValue) \(o.figure)" + (o.constraint.map { " subject to \($0.path) \($0.source)" } ?? "")
    }

    /// Why `spec` cannot run as given (an exhaustive search of a space larger than `max_candidates`,
    /// a local budget smaller than one candidate's replicates), or nil.
    public static func refusal(_ spec: SearchSpec) -> String? {
        if spec.strategy == .local, spec.budget < spec.replicates {
            return "search.budget: \(spec.budget) runs do not pay for one candidate (\(spec.replicates) replicates); "
                + "raise search.budget (it counts runs: candidates × replicates)"
        }
        let size = SearchSpace(spec).size
        guard spec.strategy == .exhaustive, size > Double(spec.maxCandidates) else { return nil }
        let text = size < 1e15 ? SummaryFormat.grouped(Int64(size)) : String(format: "%.3g", size)
        return "search.strategy: exhaustive would try \(text) candidates (× \(spec.replicates) replicates), more than "
            + "max_candidates (\(SummaryFormat.grouped(Int64(spec.maxCandidates)))); use strategy: random or local, narrow the nodes, "
            + "or raise search.max_candidates"
    }

    /// Runs the search of `setup` into `databasePath`, reusing the runs already there. With
    /// `runGuard`, it stops between runs when told; what finished stays (a rerun resumes) and the stop is thrown.
    public static func execute(_ setup: SearchSetup, databasePath: String, jobs: Int,
                               progress: ((SearchProgress) -> Void)? = nil, guard runGuard: RunGuard? = nil) throws -> SearchOutcome {
        if let why = refusal(setup.spec) { throw SearchRefusal(description: why) }
        let t0 = ProcessStats.monotonicSeconds()
        let writer = try SearchWriter(path: databasePath, info: setup.info)
        defer { try? writer.close() }
        let driver = SearchDriver(setup, writer: writer, jobs: jobs, guard: runGuard, progress: progress)
        try driver.run()
        return SearchOutcome(ranked: SearchRanking.ranked(driver.evaluations, setup.spec.objective),
                             executed: driver.executed, reused: driver.reused,
                             wallSeconds: ProcessStats.monotonicSeconds() - t0)
    }
}
