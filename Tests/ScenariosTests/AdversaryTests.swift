import Testing
import ValidiumModel
@testable import Scenarios

/// The `adversary:` section and the recovery keys (docs/model.md §5).
@Suite struct AdversaryTests {
    static let base = """
        name: a
        duration: 20m
        tree: { width: 3, depth: 4 }

        """

    func parse(_ text: String, seed: UInt64? = nil) throws -> Scenario {
        try ScenarioLoader.parse(text: Self.base + text, file: "a.yaml", seed: seed)
    }

    func error(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func selectorsAndWindowsResolve() throws {
        let s = try parse("""
            adversary:
              - nodes: { depth: 1, pick: 1 }
                behavior: withhold_da
                from: 5m
                until: end
              - nodes: { ids: [7, 8] }
                behavior: slow
                factor: 3
              - nodes: { subtree: 2 }
                behavior: collude
                until: 10m
            da: { timeout: 20s }
            recovery: exit
            election: { candidate: lowest_id }
            exit: { reattach: least_loaded_sibling }
            """)
        let a = s.config.faults.adversaries
        #expect(a.count == 3)
        #expect(a[0].nodes.count == 1 && (1...3).contains(a[0].nodes[0]) && a[0].behavior == .withholdDA)
        #expect(a[0].from == 300_000_000 && a[0].until == .max)
        #expect(a[1].nodes == [7, 8] && a[1].factor == 3)
        #expect(a[2].nodes == [7, 8, 9] + Array(22...30) + Array(67...93), "the descendants of node 2, node 2 excluded")
        #expect(a[2].until == 600_000_000)
        #expect(s.config.faults.daTimeout == 20_000_000 && s.config.faults.recovery == .exit)
        #expect(s.config.faults.candidate == .lowestID && s.config.faults.reattach == .leastLoadedSibling)
        #expect(s.canonical.contains("adversary[0000] = { nodes: [\(a[0].nodes[0])], behavior: withhold_da"))
    }

    @Test func sybilAttackParses() throws {
        let s = try parse("admission: permissionless\nsybil: { rate: 12/m, under: 1, from: 1m, until: 5m }\n")
        #expect(s.config.faults.admission == .permissionless)
        #expect(s.config.faults.sybil == SybilConfig(rate: 0.2, under: 1, from: 60_000_000, until: 300_000_000))
        #expect(s.canonical.contains("sybil = { rate: 0.2/s, under: 1"))
    }

    @Test func seededSelectionIsDeterministicAndDependsOnTheSeed() throws {
        let text = "adversary:\n  - nodes: { fraction: 0.5 }\n    behavior: collude\n"
        let a = try parse(text, seed: 1).config.faults.adversaries[0].nodes
        let b = try parse(text, seed: 1).config.faults.adversaries[0].nodes
        let c = try parse(text, seed: 2).config.faults.adversaries[0].nodes
        #expect(a == b && a.count == 60 && a != c)
    }

    @Test func badEntriesAreInputErrors() {
        #expect(error("adversary:\n  - nodes: { ids: [1] }\n    behavior: withold_da\n")
            .contains("a.yaml:6:15: error: adversary[0].behavior"))
        #expect(error("adversary:\n  - nodes: { ids: [1] }\n    behavior: withold_da\n").contains("did you mean withhold_da"))
        #expect(error("adversary:\n  - nodes: { depth: 1, subtree: 3 }\n    behavior: offline\n")
            .contains("matches no node"))
        #expect(error("adversary:\n  - nodes: { ids: [500] }\n    behavior: offline\n").contains("adversary[0].nodes.ids[0]"))
        #expect(error("adversary:\n  - nodes: { ids: [1] }\n    behavior: offline\n    factor: 2\n")
            .contains("only used with behavior: slow"))
        #expect(error("adversary:\n  - behavior: offline\n").contains("adversary[0].nodes: missing required key"))
        #expect(error("adversary:\n  - nodes: { ids: [1] }\n    behavior: offline\n    from: 30m\n")
            .contains("starts after the end of the run"))
        #expect(error("recovery: flee\n").contains("recovery"))
        #expect(error("admission: open\n").contains("admission: expected permissioned or permissionless"))
        #expect(error("sybil: { rate: 1/m }\n").contains("sybil.under: missing required key"))
        #expect(error("sybil: { rate: 0/m, under: 1 }\n").contains("sybil.rate: must be positive"))
    }
}
