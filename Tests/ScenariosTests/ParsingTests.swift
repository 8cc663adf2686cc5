import Foundation
import Stochastic
import Testing
import ValidiumModel
import Scenarios

@Suite struct ParsingTests {
    @Test func minimalFileGetsDefaults() throws {
        let s = try scenario(minimalYAML)
        #expect(s.name == "s")
        #expect(s.description == "")
        #expect(s.seed == 1)
        #expect(s.path == "s.yaml")
        #expect(s.sourceText == minimalYAML)
        var expected = ModelConfig(tree: TreeConfig(shape: .complete(width: 3, depth: 4)), duration: 7_200_000_000)
        expected.proofs = ProofConfig(system: .plonky2)
        #expect(s.config == expected)
        #expect(s.expectations.isEmpty)
    }

    static let full = """
    name: full
    description: Every supported key.
    seed: 7
    duration: 1.5h
    update:
      every: 2 blocks          # before l1: blocks still use l1.block_time
      phase: aligned
    tree:
      shape: complete
      width: 3
      depth: 7
      own_state: inline
      state_size: 2MiB
    l1:
      mode: pos
      block_time: 6s
    finality:
      threshold: 0.66
      window: 64
    network:
      latency: { dist: lognormal, median: 80ms, sigma: 0.5 }
      bandwidth: 500kbit/s
    proofs:
      system: groth16
      core: mock
      recursion_step: { dist: uniform, min: 250us, max: 1.5s }
      verification: 2ms
      per_tx: { dist: gamma, shape: 2, mean: 1ms }
      proof_size: 43KB
    workload:
      tx_rate: 300/m
    metrics:
      sample_every: 90s
      trace: false
      tracked_transactions: 5_000
      tracked_updates: 0
    expect:
      finality.global.p99: "< 5m"
      victims: 0
      safety: holds
      elections: ">= 1"
      storage.bytes: "<= 2MB"
      lag: "!= 3 blocks"
    """

    @Test func fullFileMapsToModelUnits() throws {
        let s = try scenario(Self.full)
        let c = s.config
        #expect(s.name == "full")
        #expect(s.description == "Every supported key.")
        #expect(s.seed == 7)
        #expect(c.duration == 5_400_000_000)
        #expect(c.tree.shape == .complete(width: 3, depth: 7))
        #expect(c.tree.ownState == .inline)
        #expect(c.tree.inlineStateBytes == 2 * 1_048_576)
        #expect(c.l1.blockTime == 6_000_000)
        #expect(c.update.mode == .periodic(every: 12_000_000))
        #expect(c.update.phase == .aligned)
        #expect(c.finality.threshold == 0.66)
        #expect(c.finality.windowBlocks == 64)
        #expect(c.network.latency == .lognormal(median: 80_000, sigma: 0.5))
        #expect(c.network.bandwidthBitsPerSecond == 500_000)
        #expect(c.proofs.system == .groth16)
        #expect(c.proofs.recursionStep == .uniform(min: 250, max: 1_500_000))
        #expect(c.proofs.verification == .constant(2_000))
        #expect(c.proofs.perTransaction == .gamma(shape: 2, scale: 500))
        #expect(c.proofs.proofSize == 43_000)
        #expect(c.workload.txRate == 5)
        #expect(c.metrics.sampleEvery == 90_000_000)
        #expect(c.metrics.trackedTransactions == 5_000)
        #expect(c.metrics.trackedUpdates == 0)
    }

    @Test func expectationsParseInFileOrder() throws {
        let e = try scenario(Self.full).expectations
        #expect(e.map(\.path) == ["finality.global.p99", "victims", "safety", "elections", "storage.bytes", "lag"])
        #expect(e[0] == Expectation(path: "finality.global.p99", comparison: .lt, value: .number(300), source: "< 5m", line: 38))
        #expect(e[1].comparison == .eq && e[1].value == .number(0))
        #expect(e[2].comparison == .eq && e[2].value == .text("holds"))
        #expect(e[3].comparison == .ge && e[3].value == .number(1))
        #expect(e[4].comparison == .le && e[4].value == .number(2_000_000))
        #expect(e[5].comparison == .ne && e[5].value == .number(18))
    }

    @Test func presetsAndOtherForms() throws {
        let s = try scenario(minimalYAML + """

        update: { mode: eager, phase: random }
        finality: { window: exact, threshold: 0 }
        network: { bandwidth: unlimited, latency: 0ms }
        proofs: { system: stark, proof_size: 1.5KB }
        workload: { tx_rate: 0.5 }
        """)
        #expect(s.config.update.mode == .eager)
        #expect(s.config.finality.windowBlocks == nil)
        #expect(s.config.finality.threshold == 0)
        #expect(s.config.network.bandwidthBitsPerSecond == nil)
        #expect(s.config.network.latency == .constant(0))
        #expect(s.config.proofs.recursionStep == ProofConfig(system: .stark).recursionStep)
        #expect(s.config.proofs.proofSize == 1_500)
        #expect(s.config.workload.txRate == 0.5)
    }

    /// A scenario overriding one field of a preset keeps the preset's other values.
    @Test(arguments: ProofSystem.allCases)
    func overridingOneProofFieldKeepsThePresetsOthers(_ system: ProofSystem) throws {
        let extra = system == .custom ? ", recursion_step: 300ms, proof_size: 43KB" : ""
        let s = try scenario(minimalYAML + "\nproofs: { system: \(system.rawValue), verification: 7ms\(extra) }")
        let preset = ProofConfig(system: system)
        #expect(s.config.proofs.verification == .constant(7_000))
        #expect(s.config.proofs.core == .mock && s.config.proofs.provingFixed == 0)
        #expect(s.config.proofs.perTransaction == preset.perTransaction)
        if system != .custom {
            #expect(s.config.proofs.recursionStep == preset.recursionStep)
            #expect(s.config.proofs.proofSize == preset.proofSize)
        }
        let more = system == .custom ? extra + ", verification: 2ms" : ""
        let t = try scenario(minimalYAML + "\nproofs: { system: \(system.rawValue), core: real, proving_fixed: 40ms\(more) }")
        #expect(t.config.proofs.core == .real && t.config.proofs.provingFixed == 40_000)
        #expect(t.config.proofs.verification == (system == .custom ? .constant(2_000) : preset.verification))
    }

    /// docs/proof-systems.md names every preset with a source.
    @Test func everyPresetIsDocumentedWithASource() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/proof-systems.md"), encoding: .utf8)
        for system in ProofSystem.allCases {
            let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `\(system.rawValue)`") }
            #expect(!rows.isEmpty, "no table row for \(system.rawValue)")
            // Every row has a source cell; every preset but custom cites at least one page.
            let sources = rows.map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
                .map { $0.count > 3 ? $0[3] : "" }
            #expect(sources.allSatisfy { !$0.isEmpty }, "\(system.rawValue): a row without a source")
            #expect(system == .custom || rows.contains { $0.contains("http") }, "\(system.rawValue): no page cited")
        }
    }

    @Test func treeShapes() throws {
        let nodes = try scenario("duration: 1m\ntree: { width: 2, nodes: 100 }")
        #expect(nodes.config.tree.shape == .completeNodes(width: 2, nodes: 100))
        let explicit = try scenario("duration: 1m\ntree: { shape: explicit, parents: [0, 0, 1, 1] }")
        #expect(explicit.config.tree.shape == .explicit(parents: [0, 0, 1, 1]))
        let chain = try scenario("duration: 1m\ntree: { width: 1, depth: 40 }")
        #expect(chain.config.tree.shape == .complete(width: 1, depth: 40))
    }

    @Test func distributionsInAllForms() throws {
        func latency(_ yaml: String) throws -> Distribution {
            try scenario(minimalYAML + "\nnetwork: { latency: \(yaml) }").config.network.latency
        }
        #expect(try latency("{ dist: constant, value: 1s }") == .constant(1_000_000))
        #expect(try latency("{ dist: exponential, mean: 2ms }") == .exponential(mean: 2_000))
        #expect(try latency("{ dist: gamma, shape: 4, scale: 10us }") == .gamma(shape: 4, scale: 10))
        #expect(try latency("250us") == .constant(250))
    }

    @Test func seedOverrideWins() throws {
        #expect(try scenario("seed: 9\n" + minimalYAML).seed == 9)
        #expect(try scenario("seed: 9\n" + minimalYAML, seed: 42).seed == 42)
        #expect(try scenario("seed: 18446744073709551615\n" + minimalYAML).seed == UInt64.max)
    }

    @Test func loadReadsAFile() throws {
        let path = "/tmp/scenarios-test-\(UInt64.random(in: 0...UInt64.max)).yaml"
        try minimalYAML.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = try ScenarioLoader.load(path: path)
        #expect(s.path == path)
        #expect(s.sourceText == minimalYAML)
        #expect(s.name == String(path.dropFirst(5).dropLast(5)))
        #expect(s.config == (try scenario(minimalYAML)).config)
    }
}

/// The smallest valid scenario.
let minimalYAML = """
duration: 2h
tree:
  width: 3
  depth: 4
"""

/// Parses `text` as `s.yaml`.
func scenario(_ text: String, seed: UInt64? = nil, overrides: [String] = []) throws -> Scenario {
    try ScenarioLoader.parse(text: text, file: "s.yaml", seed: seed, overrides: overrides)
}

/// The error `text` produces, or nil when it is valid.
func failure(_ text: String, overrides: [String] = []) -> ScenarioError? {
    do {
        _ = try ScenarioLoader.parse(text: text, file: "s.yaml", overrides: overrides)
        return nil
    } catch {
        return error
    }
}

/// The rendered error message for `text` ("valid" when it parses).
func message(_ text: String, overrides: [String] = []) -> String {
    failure(text, overrides: overrides)?.description ?? "valid"
}
