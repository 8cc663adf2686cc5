import Stochastic
import Testing
import ValidiumModel
import Scenarios

@Suite struct OverrideTests {
    let base = """
    duration: 1h
    tree:
      width: 3
      nodes: 100
    update:
      mode: eager
    network:
      latency: 80ms
    """

    @Test func setsReplaceAndInsert() throws {
        let s = try scenario(base, overrides: ["tree.width=4", "network.latency=0ms", "metrics.sample_every=10s",
                                               "proofs.proof_size=1KiB", "name=custom"])
        #expect(s.config.tree.shape == .completeNodes(width: 4, nodes: 100))
        #expect(s.config.network.latency == .constant(0))
        #expect(s.config.metrics.sampleEvery == 10_000_000)
        #expect(s.config.proofs.proofSize == 1_024)
        #expect(s.name == "custom")
        #expect(s.overrides.count == 5)
        #expect(s.sourceText == base)
    }

    @Test func flowValues() throws {
        let s = try scenario(base, overrides: ["network.latency={dist: constant, value: 1s}"])
        #expect(s.config.network.latency == .constant(1_000_000))
        let g = try scenario(base, overrides: ["network.latency={dist: gamma, shape: 2, scale: 1ms}", "network.latency.mean=4ms"])
        #expect(g.config.network.latency == .gamma(shape: 2, scale: 2_000))
    }

    @Test func depthAndNodesReplaceEachOther() throws {
        #expect(try scenario(base, overrides: ["tree.depth=5"]).config.tree.shape == .complete(width: 3, depth: 5))
        let withDepth = base.replacingOccurrences(of: "nodes: 100", with: "depth: 2")
        #expect(try scenario(withDepth, overrides: ["tree.nodes=50"]).config.tree.shape == .completeNodes(width: 3, nodes: 50))
    }

    @Test func everyAndEagerReplaceEachOther() throws {
        #expect(try scenario(base, overrides: ["update.every=10s"]).config.update.mode == .periodic(every: 10_000_000))
        let periodic = base.replacingOccurrences(of: "mode: eager", with: "every: 5s")
        #expect(try scenario(periodic, overrides: ["update.mode=eager"]).config.update.mode == .eager)
    }

    @Test func expectOverridesKeepDottedNames() throws {
        let s = try scenario(base + "\nexpect:\n  victims: 1\n",
                             overrides: ["expect.victims=0", "expect.finality.global.p99=< 5m", "expect.elections=\">= 1\""])
        #expect(s.expectations.map(\.path) == ["victims", "finality.global.p99", "elections"])
        #expect(s.expectations[0].value == .number(0))
        #expect(s.expectations[1].comparison == .lt && s.expectations[1].value == .number(300) && s.expectations[1].line == 0)
        #expect(s.expectations[2].comparison == .ge && s.expectations[2].value == .number(1))
    }

    @Test func overrideErrorsNameTheOverride() {
        #expect(message(base, overrides: ["tree.depth"]).hasPrefix("--set tree.depth: error: expected KEY=VALUE"))
        #expect(message(base, overrides: ["=3"]).contains("expected KEY=VALUE"))
        #expect(message(base, overrides: ["tree..width=3"]).contains("expected KEY=VALUE"))
        #expect(message(base, overrides: ["tree.widht=3"]) ==
                "--set tree.widht=3: error: tree.widht: unknown key; did you mean tree.width?")
        #expect(message(base, overrides: ["tree.width=0"]) == "--set tree.width=0: error: tree.width: must be positive, got 0")
        #expect(message(base, overrides: ["l1.blok_time=3s"]).hasPrefix("--set l1.blok_time=3s: error: l1.blok_time: unknown key; did you mean l1.block_time?"))
        #expect(message(base, overrides: ["network.latency.median=1ms"]).contains("--set network.latency.median=1ms: error"))
        #expect(message(base, overrides: ["network.latency={dist: constant"]).contains("--set network.latency={dist: constant: error: network.latency: invalid value"))
        #expect(message(minimalYAML, overrides: ["network.latency.median=1ms"]).hasPrefix(
            "--set network.latency.median=1ms: error: network.latency.dist: missing required key"))
        #expect((try? scenario(base, overrides: ["proofs.core=real"]))?.config.proofs.core == .real)
        #expect(message(base, overrides: ["proofs.core=zk"]).hasPrefix("--set proofs.core=zk: error: proofs.core"))
        #expect(message(base, overrides: ["da.timeout=-3s"]).hasPrefix("--set da.timeout=-3s: error: da.timeout"))
        #expect(message(base, overrides: ["tree.depth=30"]).hasPrefix("--set tree.depth=30: error: tree.depth: out of range"))
    }
}
