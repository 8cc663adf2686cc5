import Experiments
import Foundation
import Metrics
import ScenarioFuzz
import Scenarios
import Stochastic
import Testing

/// Issue 10, item 5: determinism at scale. Random scenarios (shapes, rates, distributions, seeds,
/// faults, bridging) each run twice must give identical trace digests and summaries; a random sweep
/// with 1 and 2 worker threads must give the same results digest.
@Suite struct DeterminismScaleTests {
    /// The summary figures that do not depend on the wall clock, as text.
    static func figures(_ outcome: RunOutcome) -> [String] {
        outcome.figures.filter { !$0.name.hasPrefix("run.") }.map { "\($0.name)=\($0.value.map { String($0.bitPattern) } ?? "nil") \($0.text ?? "")" }
    }

    @Test func hundredRandomScenariosRunTwiceIdentically() throws {
        var rng = SplitMix64(seed: 0x5EED_0010)
        var shapes = Set<String>()
        var events: UInt64 = 0
        for i in 0..<100 {
            let text = RandomScenario.make(&rng)
            let scenario = try ScenarioLoader.parse(text: text, file: "random-\(i).yaml")
            let first = try ScenarioRun.execute(scenario, databasePath: nil)
            let second = try ScenarioRun.execute(scenario, databasePath: nil)
            #expect(first.results.traceDigest == second.results.traceDigest, "scenario \(i):\n\(text)")
            #expect(first.results.events == second.results.events && first.results.events > 0, "scenario \(i):\n\(text)")
            #expect(Self.figures(first) == Self.figures(second), "scenario \(i):\n\(text)")
            shapes.insert(text.contains("explicit") ? "explicit" : text.contains("nodes:") ? "nodes" : "depth")
            events += first.results.events
        }
        #expect(shapes.count == 3, "every kind of tree was drawn")
        #expect(events > 20_000, "the runs did something (\(events) events)")
    }

    @Test func randomSweepIsTheSameWithOneAndTwoJobs() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var rng = SplitMix64(seed: 0x5EED_0011)
        var text = RandomScenario.make(&rng)
        text += "sweep:\n  finality.threshold: [0.25, 0.5]\n  l1.block_time: [\(rng.int(in: 2...6))s, \(rng.int(in: 7...12))s]\n  replicates: 2\n"
        let file = try scratch.write("random-sweep.yaml", text)
        let plan = try SweepFiles.plan(file)
        #expect(plan.runs.count == 8)
        _ = try SweepRunner.execute(plan, databasePath: scratch.path("j1.sqlite"), jobs: 1)
        _ = try SweepRunner.execute(plan, databasePath: scratch.path("j2.sqlite"), jobs: 2)
        let one = try SweepDatabase.resultsDigest(path: scratch.path("j1.sqlite"))
        #expect(one == (try SweepDatabase.resultsDigest(path: scratch.path("j2.sqlite"))), "\(text)")
        #expect(try SweepDatabase.readFigures(path: scratch.path("j1.sqlite")).count == 8)
    }
}

/// Issue 10, items 2 and 6 in process: a `RunGuard` stops a run between slices and nothing is written.
@Suite struct RunGuardTests {
    static let small = """
        name: guarded
        duration: 10m
        tree: { shape: complete, width: 2, depth: 3 }
        update: { every: 5s }
        """

    @Test func eventLimitStopsTheRunAndWritesNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let scenario = try ScenarioLoader.parse(text: Self.small, file: "g.yaml")
        let full = try ScenarioRun.execute(scenario, databasePath: nil)
        let limit = full.results.events / 2
        let db = scratch.path("g.sqlite")
        #expect(throws: RunStop.eventLimit(limit: limit, events: limit + 1)) {
            try ScenarioRun.execute(scenario, databasePath: db, guard: RunGuard(limits: ResourceLimits(maxEvents: limit)))
        }
        #expect(!FileManager.default.fileExists(atPath: db))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.root.path).isEmpty, "no partial file either")
        // Exactly at the limit, the run completes and is the same run.
        let exact = try ScenarioRun.execute(scenario, databasePath: db,
                                            guard: RunGuard(limits: ResourceLimits(maxEvents: full.results.events)))
        #expect(exact.results.traceDigest == full.results.traceDigest)
        #expect(try ResultsDatabase.readSummary(path: db).isEmpty == false)
    }

    @Test func stopRequestsAndMemoryLimitsAreReported() throws {
        let scenario = try ScenarioLoader.parse(text: Self.small, file: "g.yaml")
        let stopped = RunGuard()
        stopped.requestStop(.interrupted(signal: SIGINT))
        #expect(throws: RunStop.interrupted(signal: SIGINT)) { try ScenarioRun.execute(scenario, databasePath: nil, guard: stopped) }
        #expect(RunStop.interrupted(signal: SIGINT).exitCode == 130)
        let tiny = RunGuard(limits: ResourceLimits(maxMemoryBytes: 1_000_000))
        #expect { try ScenarioRun.execute(scenario, databasePath: nil, guard: tiny) } throws: { error in
            guard case .memoryLimit(let limit, let rss) = error as? RunStop else { return false }
            return limit == 1_000_000 && rss > limit && "\(error)".contains("--max-memory 1.0 MB")
        }
        #expect(ResourceLimits.parseMemory("2GB") == 2_000_000_000 && ResourceLimits.parseMemory("512MiB") == 512 << 20)
        #expect(ResourceLimits.parseMemory("1.5G") == 1_500_000_000 && ResourceLimits.parseMemory("lots") == nil)
        #expect(ResourceLimits.parseMemory("0") == nil && ResourceLimits.parseMemory("-1GB") == nil)
    }

    @Test func aStoppedSweepKeepsItsCompleteRunsAndResumes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = try scratch.write("s.yaml", sweepScenario("sweep:\n  tree.width: [2, 3]\n  replicates: 2"))
        let plan = try SweepFiles.plan(file)
        let db = scratch.path("s.sqlite")
        // A limit between the sizes of the runs: the w=2 runs fit, the w=3 ones do not.
        let events = try plan.runs.map { try ScenarioRun.execute($0.scenario, databasePath: nil).results.events }
        let small = max(events[0], events[1]), large = min(events[2], events[3])
        #expect(small < large)
        #expect { try SweepRunner.execute(plan, databasePath: db, jobs: 1, guard: RunGuard(limits: ResourceLimits(maxEvents: small))) } throws: { error in
            if case .eventLimit = error as? RunStop { return true } else { return false }
        }
        // The writer stops as soon as the limit is seen: the runs kept are complete, in order, all small.
        let kept = try SweepDatabase.readFigures(path: db).map(\.row.runIndex)
        #expect(kept == Array(kept.indices) && kept.count <= 2, "\(kept)")
        let resumed = try SweepRunner.execute(plan, databasePath: db, jobs: 2)
        #expect(resumed.skipped == kept.count && resumed.executed == 4 - kept.count)
        _ = try SweepRunner.execute(plan, databasePath: scratch.path("fresh.sqlite"), jobs: 2)
        #expect(try SweepDatabase.resultsDigest(path: db) == SweepDatabase.resultsDigest(path: scratch.path("fresh.sqlite")))
    }
}
