import Foundation
import Testing
import Scenarios

/// The `search:` block: parsed into a `SearchSpec` (pools resolved on the tree), refused with the
/// file, line and key path of the bad value (values checked by building a candidate each), and the
/// `SearchPlan` the search command runs candidates from.
@Suite struct SearchBlockTests {
    /// Figures standing in for the program's summary figures (the Scenarios module does not know them).
    static let names = ["finality.path.p99", "elections.failed", "l1.stall", "victims", "safety"]
    static let textFigures = ["safety"]

    /// w = 2, d = 3: validiums 1, 2 at depth 1, 3 … 6 at depth 2, 7 … 14 at depth 3; a single-node L1.
    static let head = """
        duration: 1h
        tree: { width: 2, depth: 3 }
        l1: { mode: single_node }
        adversary:
          - { nodes: { ids: [1] }, behavior: offline, from: 10m }
        search:

        """

    static let good = head + """
          adversary:
            - behavior: { one_of: [withhold_da, offline] }
              operators: { min: 1, max: 3 }
              nodes: { depth: 2 }
              from: { one_of: [5m, 10m] }
              until: end
            - behavior: reorg
              depth: { one_of: [1, 2] }
            - behavior: equivocate
              nodes: [{ ids: [7] }, { subtree: 2 }]
              operators: { max: 2 }
              from: 20m
            - behavior: censor
          objective:
            maximize: finality.path.p99
            subject_to: "elections.failed > 0"
          strategy: random
          samples: 5
          budget: 40
          neighbors: 3
          max_candidates: 500
          replicates: 2
          seeds: per_point
          seed: 7
        """

    /// Parses `text` as `s.yaml` with the stand-in figure names.
    static func parse(_ text: String, overrides: [String] = []) throws(ScenarioError) -> Scenario {
        try ScenarioLoader.parse(text: text, file: "s.yaml", overrides: overrides, summaryNames: names, textFigures: textFigures)
    }

    /// The error of `text`, or nil.
    static func failure(_ text: String, overrides: [String] = []) -> ScenarioError? {
        do { _ = try parse(text, overrides: overrides); return nil } catch { return error }
    }

    /// `text` written to a temporary `s.yaml`, loaded as a search.
    static func plan(_ text: String, overrides: [String] = []) throws -> SearchPlan {
        let directory = NSTemporaryDirectory() + "search-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.yaml"   // named as `parse` names its text
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try ScenarioLoader.loadSearch(path: path, overrides: overrides, programVersion: "test",
                                             summaryNames: names, textFigures: textFigures)
    }

    @Test func aGoodBlockParsesToTheExpectedSpec() throws {
        let spec = try Self.plan(Self.good).spec
        #expect(spec.templates.count == 4)
        #expect(spec.templates[0] == SearchTemplate(behaviors: ["withhold_da", "offline"], pool: [3, 4, 5, 6], operators: 1...3,
                                                    keys: [SearchKey(key: "from", values: ["5m", "10m"]),
                                                           SearchKey(key: "until", values: ["end"])]))
        #expect(spec.templates[1] == SearchTemplate(behaviors: ["reorg"], pool: [], operators: 0...0,
                                                    keys: [SearchKey(key: "depth", values: ["1", "2"])]))
        // A list of selectors is their union: node 7, and the descendants of node 2.
        #expect(spec.templates[2] == SearchTemplate(behaviors: ["equivocate"], pool: [5, 6, 7, 11, 12, 13, 14], operators: 1...2,
                                                    keys: [SearchKey(key: "from", values: ["20m"])], choosesFork: true))
        #expect(spec.templates[3] == SearchTemplate(behaviors: ["censor"], pool: Array(1...14), operators: 1...1))
        let constraint = Expectation(path: "elections.failed", comparison: .gt, value: .number(0), source: "> 0", line: 22)
        #expect(spec.objective == SearchObjective(direction: .maximize, figure: "finality.path.p99", constraint: constraint))
        #expect(spec == SearchSpec(templates: spec.templates, objective: spec.objective, strategy: .random, samples: 5, budget: 40,
                                   neighbors: 3, maxCandidates: 500, replicates: 2, seeds: .perPoint, seed: 7))
    }

    @Test func omittedKeysTakeTheirDefaults() throws {
        let spec = try Self.plan(Self.head + """
              adversary: [{ behavior: withhold_da }]
              objective: { minimize: operators, subject_to: "l1.stall >= 2 blocks" }
            """).spec
        #expect(spec == SearchSpec(templates: [SearchTemplate(behaviors: ["withhold_da"], pool: Array(1...14), operators: 1...1)],
                                   objective: SearchObjective(direction: .minimize, figure: "operators",
                                                              constraint: Expectation(path: "l1.stall", comparison: .ge, value: .number(24),
                                                                                      source: ">= 2 blocks", line: 8))))
        #expect(spec.strategy == .local && spec.samples == 16 && spec.budget == 64 && spec.neighbors == 8)
        #expect(spec.maxCandidates == 10_000 && spec.replicates == 1 && spec.seeds == .common && spec.seed == nil)
    }

    @Test func candidatesRunAsTheBaseWithTheirEntriesAppended() throws {
        let plan = try Self.plan(Self.good)
        #expect(plan.fixedAdversary == ["{nodes: {ids: [1]}, behavior: offline, from: 10m}"])
        let alone = try plan.scenario(overrides: ["adversary=[" + plan.fixedAdversary.joined(separator: ", ") + "]"], seed: plan.base.seed)
        #expect(alone.digest == plan.base.digest && alone.canonical == plan.base.canonical)
        let entry = plan.spec.templates[0].entry(behavior: "withhold_da", values: ["10m", "end"], nodes: [3, 5])
        #expect(entry == "{nodes: {ids: [3, 5]}, behavior: withhold_da, from: 10m, until: end}")
        let extra = ["adversary=[" + (plan.fixedAdversary + [entry]).joined(separator: ", ") + "]"]
        let run = try plan.scenario(overrides: extra, seed: 9)
        #expect(run.seed == 9 && run.overrides == extra && run.sourceText == plan.base.sourceText)
        let adversaries = run.config.faults.adversaries
        #expect(adversaries.count == 2 && adversaries[1].nodes == [3, 5] && adversaries[1].behavior == .withholdDA)
        #expect(adversaries[1].from == 600_000_000 && adversaries[1].until == .max)
        // Equivocation with nodes: the chosen nodes are shown the second fork.
        let fork = plan.spec.templates[2].entry(behavior: "equivocate", values: ["20m"], nodes: [6, 12])
        #expect(fork == "{behavior: equivocate, shown_to: [{ids: [5, 7, 11, 13, 14]}, {ids: [6, 12]}], from: 20m}")
        let forked = try plan.scenario(overrides: ["adversary=[\(fork)]"], seed: 1)
        #expect(forked.config.faults.adversaries.map(\.behavior) == [.equivocate])
        #expect(plan.spec.templates[1].entry(behavior: "reorg", values: ["2"], nodes: []) == "{behavior: reorg, depth: 2}")
    }

    @Test func theIdentityCoversTheSpecAndTheBase() throws {
        let a = try Self.plan(Self.good), b = try Self.plan(Self.good)
        #expect(a.identity == b.identity && a.identityText.hasSuffix("base:\n" + a.base.canonical))
        for line in ["strategy = random", "seed = 7", "objective = maximize finality.path.p99", "subject_to = elections.failed > 0",
                     "template 0 behavior = [withhold_da, offline]", "template 0 pool = [3, 4, 5, 6]", "template 0 operators = 1...3",
                     "template 2 chooses_fork = true", "template 0 key from = [5m, 10m]"] {
            #expect(a.spec.canonicalText.contains(line + "\n"), "\(line)")
        }
        let other = try Self.plan(Self.good, overrides: ["search.strategy=exhaustive"])
        #expect(other.spec.strategy == .exhaustive && other.identity != a.identity && other.base.digest == a.base.digest)
        // A figure name with dots is a value of the override.
        let stall = try Self.plan(Self.good, overrides: ["search.objective.maximize=l1.stall"])
        #expect(stall.spec.objective.figure == "l1.stall")
        // The block is not part of a run's identity.
        let without = try Self.parse(String(Self.head.dropLast("search:\n".count)))
        #expect(without.digest == a.base.digest)
    }

    /// Each bad block: the line, the key path and a part of the message.
    static let bad: [(block: String, line: Int, path: String, message: String)] = [
        ("adversary: [{ behavior: withhold_da, frm: 5m }]\n  objective: { maximize: victims }", 7, "search.adversary[0].frm",
         "unknown key; did you mean search.adversary[0].from?"),
        ("adversary: [{ behavior: withhold_da, from: { one_of: [] } }]\n  objective: { maximize: victims }", 7,
         "search.adversary[0].from.one_of", "expected a non-empty list of values"),
        ("adversary:\n    - behavior: withhold_da\n      from: { one_of: [5m, 7m, 5m] }\n  objective: { maximize: victims }", 9,
         "search.adversary[0].from[2]", "value 5m appears twice in this one_of"),
        ("adversary: [{ behavior: withhold_da, nodes: { ids: [3, 4] }, operators: 3 }]\n  objective: { maximize: victims }", 7,
         "search.adversary[0].operators", "out of range: at most 2 operators"),
        ("adversary: [{ behavior: withhold_da, nodes: { ids: [1], depth: 2 } }]\n  objective: { maximize: victims }", 7,
         "search.adversary[0].nodes", "this selector matches no node of the tree"),
        ("adversary:\n    - behavior: offline\n      nodes: { depth: 2, fraction: 0.5 }\n  objective: { maximize: victims }", 9,
         "search.adversary[0].nodes.fraction", "not in a search"),
        ("adversary:\n    - behavior: offline\n      from: { one_of: [5m, 2h] }\n  objective: { maximize: victims }", 9,
         "search.adversary[0].from[1]", "value 2h: starts after the end of the run (duration)"),
        ("adversary: [{ behavior: offline }]\n  objective:\n    maximize: finality.path.p9", 9,
         "search.objective.maximize", "no summary figure finality.path.p9 (the README lists them; or operators, the candidate's operator count); did you mean finality.path.p99?"),
        ("adversary: [{ behavior: offline }]\n  objective:\n    maximize: victims\n    minimize: operators", 10,
         "search.objective.minimize", "give either maximize or minimize, not both"),
        ("adversary: [{ behavior: offline }]\n  objective:\n    maximize: victims\n    subject_to: safety == holds", 10,
         "search.objective.subject_to", "safety is a text figure"),
        ("adversary:\n    - behavior: equivocate\n      nodes: { depth: 1 }\n      split: [0.5, 0.5]\n  objective: { maximize: l1.stall }", 10,
         "search.adversary[0].split", "not with nodes"),
        ("adversary:\n    - behavior: { one_of: [equivocate, offline] }\n  objective: { maximize: l1.stall }", 8,
         "search.adversary[0].behavior", "one_of mixes faults of the L1 node (equivocate) with node behaviours (offline)"),
        ("adversary:\n    - behavior: { one_of: [slow, withhold_da] }\n      factor: 3\n  objective: { maximize: victims }", 8,
         "search.adversary[0].behavior[1]", "value withhold_da: factor: only used with behavior: slow"),
        ("adversary:\n    - behavior: { one_of: [withhold_da, slow] }\n      factor: 3\n  objective: { maximize: victims }", 9,
         "search.adversary[0].factor", "value 3: only used with behavior: slow"),
        ("adversary:\n    - behavior: reorg\n      operators: 2\n  objective: { maximize: l1.stall }", 9,
         "search.adversary[0].operators", "reorg is a fault of the L1 node (node 0): remove operators"),
        ("adversary:\n    - behavior: equivocate\n      nodes: { ids: [1, 2] }\n      operators: 2\n  objective: { maximize: l1.stall }", 10,
         "search.adversary[0].operators", "leaves no validium of the pool on the first fork"),
        ("adversary:\n    - behavior: equivocate\n      nodes: { ids: [1, 2, 3] }\n      forks: { one_of: [2, 3] }\n  objective: { maximize: l1.stall }", 10,
         "search.adversary[0].forks[1]", "forks must be 2, got 3"),
        ("adversary:\n    - behavior: offline\n      operators: { min: 3, max: 2 }\n  objective: { maximize: victims }", 9,
         "search.adversary[0].operators.min", "must be at most max (2), got 3"),
        ("adversary:\n    - behavior: offline\n      operators: 0\n  objective: { maximize: victims }", 9,
         "search.adversary[0].operators", "must be positive, got 0"),
        ("adversary:\n    - behavior: offline\n      from: { oneof: [5m, 10m] }\n  objective: { maximize: victims }", 9,
         "search.adversary[0].from.oneof", "unknown key; did you mean search.adversary[0].from.one_of?"),
        ("adversary:\n    - behavior: { one_of: [offline, honest] }\n  objective: { maximize: victims }", 8,
         "search.adversary[0].behavior[1]", "honest: not supported yet"),
        ("adversary: [{ behavior: offline }]\n  objective: { maximize: victims, subject_to: \"operators < 3\" }", 8,
         "search.objective.subject_to", "operators cannot be constrained here"),
        ("adversary: [{ behavior: offline }]\n  objective: { maximize: victims, subject_to: victims }", 8,
         "search.objective.subject_to", "expected FIGURE OP VALUE"),
        ("adversary: [{ behavior: offline }]\n  objective: { maximize: victims }\n  stratgy: random", 9,
         "search.stratgy", "unknown key; did you mean search.strategy?"),
        ("adversary: [{ behavior: offline }]\n  objective: { maximize: victims }\n  samples: 0", 9, "search.samples", "must be positive"),
        ("adversary: []\n  objective: { maximize: victims }", 7, "search.adversary", "expected a non-empty list of templates"),
        ("adversary: [{ behavior: offline }]", 7, "search.objective", "missing required key"),
    ]

    @Test(arguments: bad.indices)
    func aBadBlockIsRefusedWithItsLineAndKeyPath(_ index: Int) throws {
        let (block, line, path, message) = Self.bad[index]
        let e = try #require(Self.failure(Self.head + "  " + block), "\(block)")
        #expect(e.file == "s.yaml" && e.line == line && e.keyPath == path && e.description.contains(message), "\(e)")
    }

    /// `operators: { fraction: f }` takes round(f × the 14 validiums), at least 1; it excludes min and max.
    @Test func aFractionOfTheValidiumsIsACount() throws {
        func spec(_ operators: String) throws -> SearchSpec {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("fraction-\(UUID().uuidString).yaml").path
            try Data((Self.head + "  adversary: [{ behavior: offline, operators: \(operators) }]\n  objective: { maximize: victims }\n").utf8)
                .write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            return try ScenarioLoader.loadSearch(path: path, programVersion: "test", summaryNames: Self.names,
                                                 textFigures: Self.textFigures).spec
        }
        #expect(try spec("{ fraction: 0.2 }").templates[0].operators == 3...3)
        #expect(try spec("{ fraction: 0.01 }").templates[0].operators == 1...1)
        #expect(try spec("{ fraction: 1 }").templates[0].operators == 14...14)
        let both = try #require(Self.failure(Self.head + "  adversary: [{ behavior: offline, operators: { fraction: 0.5, max: 3 } }]\n  objective: { maximize: victims }"))
        #expect(both.message.contains("either fraction or min and max"), "\(both)")
        let zero = try #require(Self.failure(Self.head + "  adversary: [{ behavior: offline, operators: { fraction: 0 } }]\n  objective: { maximize: victims }"))
        #expect(zero.keyPath == "search.adversary[0].operators.fraction" && zero.message.contains("(0, 1]"), "\(zero)")
    }

    @Test func equivocationNeedsASingleNodeL1() throws {
        let text = Self.head.replacingOccurrences(of: "l1: { mode: single_node }\n", with: "")
            + "  adversary: [{ behavior: equivocate }]\n  objective: { maximize: l1.stall }"
        let e = try #require(Self.failure(text))
        #expect(e.line == 6 && e.keyPath == "search.adversary[0].behavior" && e.message.contains("value equivocate: equivocate needs a single-node L1"), "\(e)")
    }

    @Test func aRandomTreeNeedsItsOwnSeed() throws {
        let text = Self.head + "  adversary: [{ behavior: offline, nodes: { depth: 1 } }]\n  objective: { maximize: victims }"
        let random = ["tree={shape: random, nodes: 30}"]
        let e = try #require(Self.failure(text, overrides: random))
        #expect(e.line == 6 && e.keyPath == "search" && e.message.contains("set tree.seed"), "\(e)")
        #expect(throws: Never.self) { try Self.parse(text, overrides: random + ["tree.seed=5"]) }
    }

    @Test func theBlockIsCheckedThroughOverridesToo() throws {
        let text = Self.head + "  adversary: [{ behavior: offline, from: { one_of: [5m, 50m] } }]\n  objective: { maximize: victims }"
        #expect(throws: Never.self) { try Self.parse(text) }
        let e = try #require(Self.failure(text, overrides: ["duration=30m"]))
        #expect(e.keyPath == "search.adversary[0].from[1]" && e.message.contains("value 50m: starts after the end of the run"), "\(e)")
        #expect(throws: ScenarioError.self) { try Self.parse(text, overrides: ["search.strategy=greedy"]) }
    }

    @Test func aFileWithoutASearchBlockIsNotASearch() throws {
        var caught: ScenarioError?
        do { _ = try Self.plan(minimalYAML) } catch { caught = error as? ScenarioError }
        let e = try #require(caught)
        #expect(e.keyPath == "search" && e.message.hasPrefix("no search: block in this scenario; add one"), "\(e)")
    }

    @Test func showCopiesTheBlockAndLoadsToTheSameScenario() throws {
        let s = try Self.parse(Self.good)
        let shown = ResolvedYAML.render(s)
        #expect(shown.contains("\nsearch: {adversary: [{behavior: {one_of: [withhold_da, offline]}, operators: {min: 1, max: 3}"), "\(shown)")
        let again = try Self.parse(shown)
        #expect(again.digest == s.digest)
    }

    @Test func aFileThatExtendsAnotherInheritsOrReplacesItsBlockWhole() throws {
        let directory = NSTemporaryDirectory() + "search-extends-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.good.write(toFile: directory + "/parent.yaml", atomically: true, encoding: .utf8)
        let inherit = directory + "/inherit.yaml", replace = directory + "/replace.yaml"
        try "extends: parent.yaml\nduration: 2h\n".write(toFile: inherit, atomically: true, encoding: .utf8)
        try "extends: parent.yaml\nsearch:\n  adversary: [{ behavior: slow, factor: { one_of: [2, 4] } }]\n  objective: { minimize: operators }\n"
            .write(toFile: replace, atomically: true, encoding: .utf8)
        let inherited = try ScenarioLoader.loadSearch(path: inherit, programVersion: "test", summaryNames: Self.names)
        #expect(inherited.spec.templates.count == 4 && inherited.spec.strategy == .random)
        #expect(inherited.fixedAdversary == ["{nodes: {ids: [1]}, behavior: offline, from: 10m}"])
        let replaced = try ScenarioLoader.loadSearch(path: replace, programVersion: "test", summaryNames: Self.names)
        #expect(replaced.spec == SearchSpec(templates: [SearchTemplate(behaviors: ["slow"], pool: Array(1...14), operators: 1...1,
                                                                       keys: [SearchKey(key: "factor", values: ["2", "4"])])],
                                            objective: SearchObjective(direction: .minimize, figure: "operators")))
    }

    @Test func theDocumentedBlockIsValid() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/scenarios.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## The `search:` block\n").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```\n").dropFirst().first)
        #expect(block.hasPrefix("search:\n"))
        let spec = try Self.plan(minimalYAML + "\n" + block).spec
        #expect(spec.templates.count == 2 && spec.templates[0].pool.count == 9 && spec.objective.constraint != nil && spec.seed == 7)
    }

    @Test func sweepsOfAFileWithASearchBlockRunWithoutIt() throws {
        let path = NSTemporaryDirectory() + "search-sweep-\(UInt64.random(in: 0...UInt64.max)).yaml"
        try (Self.good + "\nsweep: { tree.width: [2, 3] }\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sweep = try ScenarioLoader.loadSweep(path: path, kind: .sweep, programVersion: "test")
        #expect(sweep.runs.count == 2 && sweep.runs[1].scenario.config.tree.shape == .complete(width: 3, depth: 3))
        let search = try ScenarioLoader.loadSearch(path: path, programVersion: "test")
        #expect(search.spec.templates[0].pool == [3, 4, 5, 6])
    }
}
