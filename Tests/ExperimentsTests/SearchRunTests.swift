import Experiments
import Foundation
import GRDB
import Metrics
import Scenarios
import Testing

/// Searching for the worst placement: local search finds exhaustive's worst, --jobs does not change
/// what is tried, a resumed search reuses its runs, and too large spaces are refused.
@Suite struct SearchRunTests {
    /// 15 nodes (w = 2, d = 3); withholding parents make subtrees re-elect and revert.
    static let base = """
        name: small-search
        seed: 3
        duration: 6m
        tree: { width: 2, depth: 3 }
        l1: { block_time: 4s }
        update: { every: 8s }
        da: { timeout: 15s }
        workload: { tx_rate: 2/s }
        metrics: { tracked_transactions: 400, tracked_updates: 200 }

        """

    /// k withholding operators anywhere below the L1, maximising the path finality p99.
    static func spec(_ strategy: SearchStrategy, operators: ClosedRange<Int> = 2...2, samples: Int = 8, budget: Int = 40,
                     neighbors: Int = 8, replicates: Int = 1, figure: String = "finality.path.p99") -> SearchSpec {
        SearchSpec(templates: [SearchTemplate(behaviors: ["withhold_da"], pool: (1...14).map(Int32.init), operators: operators,
                                              keys: [SearchKey(key: "from", values: ["1m"])])],
                   objective: SearchObjective(direction: .maximize, figure: figure), strategy: strategy,
                   samples: samples, budget: budget, neighbors: neighbors, replicates: replicates)
    }

    /// A setup built from the base text (what `ScenarioLoader.loadSearch` gives for a file).
    static func setup(_ scratch: Scratch, _ spec: SearchSpec) throws -> SearchSetup {
        let path = try scratch.write("search.yaml", base)
        let text = base
        let baseScenario = try ScenarioLoader.parse(text: text, file: path)
        let identityText = "test search\n\(spec)\n" + baseScenario.canonical
        return SearchSetup(spec: spec, base: baseScenario, fixedAdversary: [], identity: "\(baseScenario.digest)-\(spec.strategy)-\(spec.replicates)",
                           identityText: identityText, parents: [-1] + (1...14).map { Int32(($0 - 1) / 2) }) { extra, seed in
            try ScenarioLoader.parse(text: text, file: path, seed: seed, overrides: extra)
        }
    }

    @Test func localSearchFindsTheExhaustiveWorst() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let all = try SearchRunner.execute(try Self.setup(scratch, Self.spec(.exhaustive)),
                                           databasePath: scratch.path("all.sqlite"), jobs: 2)
        #expect(all.ranked.count == 91 && all.executed == 91)
        let worst = try #require(all.best)
        // The landscape is not flat: the worst placement is well above the median one.
        let median = try #require(all.ranked[45].objective)
        #expect(try #require(worst.objective) > median * 1.05)
        let local = try SearchRunner.execute(try Self.setup(scratch, Self.spec(.local)),
                                             databasePath: scratch.path("local.sqlite"), jobs: 2)
        #expect(local.ranked.count <= 40)
        #expect(local.best?.key == worst.key, "local found \(local.best?.key ?? "-"), exhaustive \(worst.key)")
        #expect(local.best?.objective == worst.objective)
        // Random sampling alone, with the same number of runs, is not assured to find it.
        let random = try SearchRunner.execute(try Self.setup(scratch, Self.spec(.random, samples: 8)),
                                              databasePath: scratch.path("random.sqlite"), jobs: 2)
        #expect(random.ranked.count == 8)
    }

    /// The candidates tried and their figures, in order, without wall-clock columns.
    static func tried(_ path: String) throws -> [String] {
        try SearchDatabase.readRuns(path: path).map {
            "\($0.candidate) \($0.replicate) \($0.seed) \($0.phase) \($0.key) \($0.objective ?? -1) \($0.traceDigest) run \($0.runID)"
        }
    }

    @Test func jobsDoNotChangeWhatIsTried() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let spec = Self.spec(.local, operators: 1...3, samples: 6, budget: 24, neighbors: 5, replicates: 2)
        let one = try SearchRunner.execute(try Self.setup(scratch, spec), databasePath: scratch.path("j1.sqlite"), jobs: 1)
        let two = try SearchRunner.execute(try Self.setup(scratch, spec), databasePath: scratch.path("j2.sqlite"), jobs: 2)
        #expect(one.executed == 24 && two.executed == 24)
        #expect(one.ranked.map(\.key) == two.ranked.map(\.key) && one.best?.objective == two.best?.objective)
        let a = try Self.tried(scratch.path("j1.sqlite")), b = try Self.tried(scratch.path("j2.sqlite"))
        #expect(a.count == 24 && a == b)
        #expect(try SearchDatabase.readCandidates(path: scratch.path("j1.sqlite")) == SearchDatabase.readCandidates(path: scratch.path("j2.sqlite")))
        // Operator counts vary (1…3), and replicates run at seed and seed + 1.
        #expect(Set(one.ranked.map(\.operators)).count > 1)
        #expect(one.ranked.allSatisfy { $0.runs.map(\.seed) == [3, 4] })
        // Another search seed tries other candidates (the comparison can fail).
        var reseeded = spec
        reseeded.seed = 99
        let other = try SearchRunner.execute(try Self.setup(scratch, reseeded), databasePath: scratch.path("s99.sqlite"), jobs: 2)
        #expect(other.ranked.map(\.key) != one.ranked.map(\.key))
    }

    @Test func anInterruptedSearchResumesWhereItStopped() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let spec = Self.spec(.local, samples: 6, budget: 20, neighbors: 4)
        let whole = try SearchRunner.execute(try Self.setup(scratch, spec), databasePath: scratch.path("whole.sqlite"), jobs: 2)
        // Stop after the first batch (the six samples), as Ctrl-C would.
        let guardian = RunGuard()
        #expect(throws: RunStop.self) {
            _ = try SearchRunner.execute(try Self.setup(scratch, spec), databasePath: scratch.path("cut.sqlite"), jobs: 2,
                                         progress: { _ in guardian.requestStop(.interrupted(signal: 2)) }, guard: guardian)
        }
        #expect(try SearchDatabase.readRuns(path: scratch.path("cut.sqlite")).count == 6)
        let resumed = try SearchRunner.execute(try Self.setup(scratch, spec), databasePath: scratch.path("cut.sqlite"), jobs: 2)
        #expect(resumed.reused == 6 && resumed.executed == whole.executed - 6)
        #expect(try Self.tried(scratch.path("cut.sqlite")) == Self.tried(scratch.path("whole.sqlite")))
        #expect(resumed.best?.key == whole.best?.key)
        // A finished search reruns nothing.
        let again = try SearchRunner.execute(try Self.setup(scratch, spec), databasePath: scratch.path("cut.sqlite"), jobs: 2)
        #expect(again.executed == 0 && again.reused == 20)
        // Another search may not write into this database.
        #expect(throws: SearchDatabaseError.self) {
            _ = try SearchRunner.execute(try Self.setup(scratch, Self.spec(.random)), databasePath: scratch.path("cut.sqlite"), jobs: 1)
        }
    }

    @Test func anExhaustiveSearchOfTooLargeASpaceIsRefusedBeforeRunning() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var spec = Self.spec(.exhaustive, operators: 1...5)
        spec.maxCandidates = 1000
        #expect(SearchSpace(spec).size == 14 + 91 + 364 + 1001 + 2002)
        let message = try #require(SearchRunner.refusal(spec))
        #expect(message.contains("3,472 candidates") && message.contains("max_candidates (1,000)"), "\(message)")
        #expect(throws: SearchRefusal.self) {
            _ = try SearchRunner.execute(try Self.setup(scratch, spec), databasePath: scratch.path("no.sqlite"), jobs: 1)
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("no.sqlite")))
        spec.maxCandidates = 5000
        #expect(SearchRunner.refusal(spec) == nil)
        // A local budget that cannot pay for one candidate's replicates.
        let poor = Self.spec(.local, budget: 2, replicates: 3)
        #expect(SearchRunner.refusal(poor)?.contains("search.budget: 2 runs do not pay for one candidate (3 replicates)") == true)
    }
}
