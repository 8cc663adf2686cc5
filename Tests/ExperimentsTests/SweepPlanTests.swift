import Experiments
import Foundation
import Scenarios
import Testing
import ValidiumModel

/// Expanding `sweep:` blocks: grid, zip, seeds, shards, identity, and errors that name the sweep key.
@Suite struct SweepPlanTests {
    func plan(_ block: String, overrides: [String] = [], kind: SweepBlockKind = .sweep) throws -> SweepPlan {
        let scratch = try Scratch()
        defer { scratch.remove() }
        return try SweepFiles.plan(try scratch.write("s.yaml", sweepScenario(block)), overrides: overrides, kind: kind)
    }

    func error(_ block: String, overrides: [String] = [], kind: SweepBlockKind = .sweep) throws -> String {
        do {
            _ = try plan(block, overrides: overrides, kind: kind)
        } catch {
            return "\(error)"
        }
        Issue.record("no error for \(block)")
        return ""
    }

    @Test func fullGridFirstAxisSlowest() throws {
        let p = try plan("sweep:\n  tree.width: [2, 3]\n  tree.depth: [1, 2, 3]\n  replicates: 2\n")
        #expect(p.points.map(\.overrides) == [
            ["tree.width=2", "tree.depth=1"], ["tree.width=2", "tree.depth=2"], ["tree.width=2", "tree.depth=3"],
            ["tree.width=3", "tree.depth=1"], ["tree.width=3", "tree.depth=2"], ["tree.width=3", "tree.depth=3"],
        ])
        #expect(p.runs.count == 12)
        #expect(p.runs.map(\.point) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        #expect(p.runs.map(\.index) == Array(0..<12))
        // Common random numbers: replicate r runs with the base seed (3) + r at every point.
        #expect(p.runs.map(\.seed) == Array(repeating: [3, 4] as [UInt64], count: 6).flatMap { $0 })
        #expect(p.runs.map(\.scenario.seed) == p.runs.map(\.seed))
        #expect(p.runs[7].scenario.config.tree.shape == .complete(width: 3, depth: 1))
        #expect(p.runs[7].scenario.overrides == ["tree.width=3", "tree.depth=1"])
        #expect(Set(p.runs.map(\.scenario.digest)).count == 12, "every run has its own canonical scenario")
        #expect(p.layout.allSatisfy { $0.hasPrefix("gridded") })
    }

    @Test func zippedAxesAdvanceTogetherAndAreGriddedWithTheRest() throws {
        let p = try plan("""
            sweep:
              tree.width: [2, 3, 4]
              update.every: [5s, 10s]
              tree.depth: [3, 2, 1]
              zip: [tree.width, tree.depth]
            """)
        #expect(p.points.map(\.values) == [["2", "5s", "3"], ["2", "10s", "3"], ["3", "5s", "2"], ["3", "10s", "2"],
                                          ["4", "5s", "1"], ["4", "10s", "1"]])
        #expect(p.layout.count == 2)
        #expect(p.layout[0].hasPrefix("zipped") && p.layout[0].contains("tree.width") && p.layout[0].contains("tree.depth"))
        #expect(p.layout[1].hasPrefix("gridded") && p.layout[1].contains("update.every"))
        #expect(p.runs[5].scenario.config.tree.shape == .complete(width: 4, depth: 1))
        #expect(p.runs[5].scenario.config.update.mode == .periodic(every: 10_000_000))
    }

    @Test func perPointSeedsDifferAcrossPointsAndAreStable() throws {
        let block = "sweep:\n  tree.depth: [1, 2, 3]\n  replicates: 2\n  seeds: per_point\n"
        let a = try plan(block), b = try plan(block)
        #expect(a.runs.map(\.seed) == b.runs.map(\.seed))
        #expect(Set(a.runs.map(\.seed)).count == 6)
        #expect(a.runs[1].seed == a.runs[0].seed &+ 1)
        #expect(a.runs[0].seed == ScenarioLoader.derivedSeed(3, ["tree.depth=1"], replicate: 0, rule: .perPoint))
    }

    @Test func shardsPartitionTheRuns() throws {
        let p = try plan("sweep:\n  tree.width: [2, 3]\n  tree.depth: [1, 2, 3]\n  replicates: 2\n")
        for n in [1, 3, 5, 13] {
            let shards = (1...n).map { p.runs(shard: $0, of: n).map(\.index) }
            #expect(shards.flatMap { $0 }.sorted() == Array(0..<12), "shards of \(n)")
            #expect(shards.map(\.count).max()! - shards.map(\.count).min()! <= 1, "balanced: \(shards)")
        }
        #expect(p.runs(shard: 2, of: 3).map(\.index) == [1, 4, 7, 10])
    }

    @Test func identityCoversScenarioOverridesAndGrid() throws {
        let block = "sweep:\n  tree.depth: [1, 2]\n"
        let a = try plan(block), b = try plan(block)
        #expect(a.identity == b.identity && a.identity.count == 32)
        #expect(try plan(block, overrides: ["duration=3m"]).identity != a.identity)
        #expect(try plan("sweep:\n  tree.depth: [1, 2]\n  replicates: 2\n").identity != a.identity)
        #expect(try plan("sweep:\n  tree.depth: [1, 3]\n").identity != a.identity)
        #expect(try plan(block, overrides: ["sweep.replicates=3"]).runs.count == 6, "--set sweep.KEY reaches the block")
        #expect(try plan(block, overrides: ["sweep.tree.depth=[1, 2, 3]"]).points.count == 3)
    }

    /// What a run stores (file, `--set` overrides, seed) loads back as the same scenario: `replay` can re-run it.
    @Test func storedOverridesReproduceEveryRun() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = try scratch.write("s.yaml", sweepScenario("""
            sweep:
              network.latency: [{ dist: constant, value: 10ms }, 30ms, "25ms"]
              workload.tx_rate: [0.5/s, 2/m]
              replicates: 2
              seeds: per_point
            """))
        let p = try SweepFiles.plan(file, overrides: ["duration=3m"])
        #expect(p.points[0].overrides == ["network.latency={dist: constant, value: 10ms}", "workload.tx_rate=0.5/s"])
        #expect(p.points[4].overrides[0] == "network.latency=\"25ms\"")
        #expect(p.runs[0].scenario.config.network.latency == .constant(10_000))
        #expect(p.runs[2].scenario.config.network.latency == .constant(10_000))
        #expect(p.runs[4].scenario.config.network.latency == .constant(30_000))
        for run in p.runs {
            let reloaded = try ScenarioFiles.load(run.scenario.path, seed: run.seed, overrides: run.scenario.overrides)
            #expect(reloaded.digest == run.scenario.digest && reloaded.canonical == run.scenario.canonical, "run \(run.index)")
            #expect(run.scenario.overrides.first == "duration=3m")
        }
    }

    @Test func badValuesAreErrorsNamingTheSweepKey() throws {
        let bad = try error("sweep:\n  tree.width: [2, 0]\n")
        #expect(bad.contains("s.yaml:12:") && bad.contains("sweep.tree.width[1]") && bad.contains("must be positive"), "\(bad)")
        let unknown = try error("sweep:\n  tree.widht: [2, 3]\n")
        #expect(unknown.contains("sweep.tree.widht: unknown key; did you mean sweep.tree.width?"), "\(unknown)")
        let combination = try error("sweep:\n  tree.width: [2, 200]\n  tree.depth: [2, 4]\n")
        #expect(combination.contains("sweep: point 3 (tree.width=200, tree.depth=4)") && combination.contains("at most"), "\(combination)")
        let zip = try error("sweep:\n  tree.width: [2, 3]\n  tree.depth: [1, 2, 3]\n  zip: [tree.width, tree.depth]\n")
        #expect(zip.contains("sweep.zip") && zip.contains("equal length"), "\(zip)")
        let empty = try error("sweep:\n  tree.width: []\n")
        #expect(empty.contains("sweep.tree.width") && empty.contains("non-empty list"), "\(empty)")
        let scalar = try error("sweep:\n  tree.width: 3\n")
        #expect(scalar.contains("expected a non-empty list"), "\(scalar)")
        let both = try error("sweep:\n  tree.depth: [1, 2]\n  tree.nodes: [5, 9]\n")
        #expect(both.contains("replace each other"), "\(both)")
        let override = try error("sweep:\n  tree.width: [2, 3]\n", overrides: ["sweep.tree.width=[2, x]"])
        #expect(override.contains("sweep.tree.width[1]") && override.contains("--set sweep.tree.width"), "\(override)")
        let none = try error("")
        #expect(none.contains("no sweep: block"), "\(none)")
    }

    @Test func boundsBlockTakesOneNAxis() throws {
        let p = try plan("bounds:\n  tree.depth: [1, 2, 3]\n  replicates: 2\n  metric: storage\n", kind: .bounds)
        #expect(p.spec.kind == .bounds && p.spec.metric == "storage" && p.runs.count == 6)
        let two = try error("bounds:\n  tree.depth: [1, 2]\n  tree.nodes: [5, 9]\n", kind: .bounds)
        #expect(two.contains("one N axis"), "\(two)")
        let width = try error("bounds:\n  tree.width: [2, 3]\n", kind: .bounds)
        #expect(width.contains("bounds.tree.width: unknown key"), "\(width)")
        let metric = try error("bounds:\n  tree.depth: [1, 2]\n  metric: latency\n", kind: .bounds)
        #expect(metric.contains("bounds.metric"), "\(metric)")
        let sweepOnly = try error("sweep:\n  tree.width: [2, 3]\n", kind: .bounds)
        #expect(sweepOnly.contains("bounds needs one N axis"), "\(sweepOnly)")
        // A sweep: block with one N axis serves bounds too; a bounds: block serves sweep.
        #expect(try plan("sweep:\n  tree.depth: [1, 2, 3]\n", kind: .bounds).points.count == 3)
        #expect(try plan("bounds:\n  tree.depth: [1, 2, 3]\n").spec.kind == .bounds)
    }

    @Test func theLoaderValidatesBlocksLikeAnyKey() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let good = try scratch.write("good.yaml", sweepScenario("sweep:\n  tree.width: [2, 3]\nbounds:\n  tree.depth: [1, 2]\n"))
        let s = try ScenarioFiles.load(good)
        #expect(s.config.tree.shape == .complete(width: 2, depth: 2), "run and validate use the base scenario")
        let bad = try scratch.write("bad.yaml", sweepScenario("sweep:\n  tree.width: [2, -1]\n"))
        #expect(throws: ScenarioError.self) { try ScenarioFiles.load(bad) }
    }
}
