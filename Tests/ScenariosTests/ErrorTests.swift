import Foundation
import Testing
import Scenarios

@Suite struct ErrorTests {
    @Test func unknownKeyNamesLocationAndSuggestion() {
        let text = "duration: 2h\ntree:\n  width: 3\n  widht: 4\n  depth: 2\n"
        #expect(message(text) == "s.yaml:4:3: error: tree.widht: unknown key; did you mean tree.width?")
        #expect(message("durration: 2h\n" + minimalYAML).contains("s.yaml:1:1: error: durration: unknown key; did you mean duration?"))
        #expect(message(minimalYAML + "\nl1: { blockTime: 6s }").contains("l1.blockTime: unknown key; did you mean l1.block_time?"))
        #expect(message(minimalYAML + "\nl1: { Block_Time: 6s }").contains("did you mean l1.block_time?"))
        let far = failure(minimalYAML + "\nzzzzz: 1")
        #expect(far?.keyPath == "zzzzz" && far?.suggestion == nil && far?.line == 5)
    }

    @Test func wrongType() {
        let e = failure("duration: 2h\ntree:\n  width: three\n  depth: 2\n")
        #expect(e?.description == "s.yaml:3:10: error: tree.width: expected an integer, got \"three\"")
        #expect(message("duration: 2h\ntree: [1, 2]").contains("s.yaml:2:7: error: tree: expected a mapping, got a list"))
        #expect(message(minimalYAML + "\nfinality: { threshold: half }").contains("finality.threshold: expected a number, got \"half\""))
        #expect(message(minimalYAML + "\nmetrics: { trace: maybe }").contains("metrics.trace: expected true or false"))
    }

    @Test func badUnits() {
        #expect(message("duration: 7200\ntree: { width: 2, depth: 2 }").contains(
            "s.yaml:1:11: error: duration: expected a duration with a unit, e.g. 15s"))
        #expect(message("duration: 2 hours\ntree: { width: 2, depth: 2 }").contains("duration: expected a duration with a unit"))
        #expect(message(minimalYAML + "\nproofs: { proof_size: 43 }").contains("proofs.proof_size: expected a size with a unit"))
        #expect(message(minimalYAML + "\nproofs: { proof_size: 43kb }").contains("s.yaml:5:23: error: proofs.proof_size:"))
        #expect(message(minimalYAML + "\nnetwork: { bandwidth: 100Mbps }").contains("network.bandwidth: expected a bandwidth"))
        #expect(message(minimalYAML + "\nworkload: { tx_rate: 5/day }").contains("workload.tx_rate: expected a rate"))
        #expect(message(minimalYAML + "\nl1: { block_time: 2 blocks }").contains("l1.block_time: cannot be given in blocks"))
    }

    @Test func negativeZeroAndRanges() {
        #expect(message(minimalYAML + "\nupdate: { every: -5s }").contains("s.yaml:5:18: error: update.every: must not be negative"))
        #expect(message(minimalYAML + "\nupdate: { every: 0s }").contains("update.every: must be positive"))
        #expect(message("duration: 2h\ntree: { width: 0, depth: 2 }").contains("tree.width: must be positive, got 0"))
        #expect(message("duration: 2h\ntree: { width: 2000, depth: 2 }").contains("tree.width: out of range: at most 1,000, got 2,000"))
        #expect(message("duration: 2h\ntree: { width: 2, depth: 41 }").contains("tree.depth: out of range: at most 40"))
        let big = message("duration: 2h\ntree: { width: 1000, depth: 40 }")
        #expect(big.contains("s.yaml:2:29: error: tree.depth:") && big.contains("at most 20,000,000"))
        #expect(message("duration: 2h\ntree: { width: 10, depth: 8 }").contains("give 111,111,111 nodes"))
        #expect(message("duration: 2h\ntree: { width: 2, nodes: 20000001 }").contains("at most 20,000,000"))
        #expect(message(minimalYAML + "\nl1: { block_time: 2h }").contains("l1.block_time: out of range: at most 1h"))
        #expect(message(minimalYAML + "\nfinality: { threshold: 1 }").contains("finality.threshold: out of range"))
        #expect(message(minimalYAML + "\nworkload: { tx_rate: 2000000/s }").contains("at most 1000000/s"))
        #expect(message("duration: 99999999999999999999h\ntree: { width: 2, depth: 2 }").contains("duration: out of range"))
        #expect(message(minimalYAML + "\nmetrics: { tracked_updates: 99999999999999999999 }").contains("out of range"))
        #expect(message("seed: -1\n" + minimalYAML).contains("seed: must not be negative"))
    }

    @Test func missingRequiredKeys() {
        #expect(message("tree: { width: 2, depth: 2 }").contains("s.yaml:1:1: error: duration: missing required key"))
        #expect(message("# comment\nduration: 1h").contains("s.yaml:2:1: error: tree: missing required key"))
        #expect(message("duration: 1h\ntree: { depth: 2 }").contains("tree.width: missing required key"))
        #expect(message("duration: 1h\ntree: { width: 2 }").contains("tree.depth: missing required key"))
        #expect(message("duration: 1h\ntree: { width: 2, depth: 2, nodes: 7 }").contains("give either tree.depth or tree.nodes"))
        #expect(message("duration: 1h\ntree: { shape: explicit }").contains("tree.parents: missing required key"))
        #expect(message(minimalYAML + "\nproofs: { system: custom, verification: 1ms }").contains("proofs.recursion_step: missing required key"))
    }

    @Test func emptyAndNonMappingFiles() {
        #expect(message("") == "s.yaml: error: the file is empty; a scenario needs at least tree and duration")
        #expect(message("# only a comment\n").contains("the file is empty"))
        #expect(message("- a\n- b\n").contains("s.yaml:1:1: error: expected a mapping of keys"))
        #expect(message("just text").contains("got \"just text\""))
    }

    @Test func yamlSyntaxErrors() {
        let e = failure("duration: 1h\ntree: [1, 2\n")
        #expect(e?.line != nil && e?.column != nil)
        #expect(e?.description.contains("invalid YAML") == true)
        #expect(message("duration: 1h\n  tree: 3\n bad").hasPrefix("s.yaml:2:"))
    }

    @Test func duplicatedKeys() {
        let e = failure("duration: 1h\ntree:\n  width: 2\n  depth: 3\n  width: 4\n")
        #expect(e?.description == "s.yaml:5:3: error: tree.width: duplicated key; each key may appear only once in a mapping (first given at line 3, column 3)")
        #expect(message("duration: 1h\nduration: 2h\ntree: { width: 2, depth: 2 }").contains("s.yaml:2:1: error: duration: duplicated key"))
        #expect(message("duration: 1h\ntree: { width: 2, depth: 2, \"width\": 4 }").hasPrefix("s.yaml:2:29: error: tree.width: duplicated key"))
    }

    @Test func unsupportedFeaturesAreErrors() {
        #expect(message("duration: 1h\ntree: { shape: random }").contains("tree.nodes: missing required key (a random tree needs nodes"))
        #expect(message(minimalYAML + "\nl1: { mode: single_node, fork_choice: heaviest, stall_timeout: 10 blocks }") == "valid")
        #expect(message(minimalYAML + "\nl1: { mode: single_node, fork_choice: heavy }").contains("l1.fork_choice: expected heaviest or first_seen"))
        #expect(message(minimalYAML + "\nl1: { mode: multi }").contains("l1.mode: expected pos or single_node"))
        #expect(message(minimalYAML + "\nadversary: [ { behavior: equivocate } ]").contains("needs a single-node L1"))
        #expect(message(minimalYAML + "\nl1: { mode: single_node }\nadversary: [ { behavior: equivocate, nodes: { ids: [1] } } ]")
            .contains("adversary[0].nodes: equivocate is a fault of the L1 node"))
        #expect(message(minimalYAML + "\nl1: { mode: single_node }\nadversary: [ { behavior: equivocate, split: [0.5, 0.6] } ]")
            .contains("must sum to 1"))
        #expect(message(minimalYAML + "\nadversary: [ { behavior: reorg, forks: 2 } ]").contains("only used with behavior: equivocate"))
        #expect(message(minimalYAML + "\nadversary: [ { behavior: offline, nodes: { ids: [1] }, depth: 2 } ]")
            .contains("only used with behavior: equivocate or reorg"))
        #expect(message(minimalYAML + "\nproofs: { core: zk }").contains("proofs.core"))
        #expect(message(minimalYAML + "\nadversary: [{ nodes: { ids: [1] }, behavior: offline, forge: vote }]")
            .contains("adversary[0].forge: only used with behavior: forge"))
        #expect(message(minimalYAML + "\nadversary: [{ nodes: { ids: [1] }, behavior: forge, forge: block }]")
            .contains("adversary[0].forge"))
        #expect(message(minimalYAML + "\nworkload: { bridge: { rate: 1/s, route: teleport } }").contains("workload.bridge.route"))
    }

    @Test func distributionsAndValues() {
        #expect(message(minimalYAML + "\nnetwork: { latency: { dist: lognormale, median: 1ms, sigma: 1 } }")
            .contains("network.latency.dist: expected constant, uniform, exponential, lognormal or gamma, got \"lognormale\"; did you mean lognormal?"))
        #expect(message(minimalYAML + "\nnetwork: { latency: { dist: constant, value: 1s, sigma: 2 } }")
            .contains("network.latency.sigma: unknown key"))
        #expect(message(minimalYAML + "\nnetwork: { latency: { dsit: constant, value: 1s } }").contains("did you mean network.latency.dist?"))
        #expect(message(minimalYAML + "\nnetwork: { latency: { dist: lognormal, median: 1ms } }").contains("network.latency.sigma: missing required key"))
        #expect(message(minimalYAML + "\nnetwork: { latency: { dist: uniform, min: 2s, max: 1s } }").contains("network.latency.max: must be at least min"))
        #expect(message("duration: 1h\ntree: { width: 2, depth: 2, own_state: inlined }").contains("did you mean inline?"))
        #expect(message("duration: 1h\ntree: { shape: explicit, parents: [0, 0, 3] }").contains("tree.parents[2]: the parent of node 3 must be a node id below 3"))
        #expect(message(minimalYAML + "\nupdate: { mode: eager, every: 5s }").contains("update.every: cannot be combined with update.mode: eager"))
        #expect(message(minimalYAML + "\nexpect: { victims: \"< holds\" }").contains("expect.victims: expected a number"))
        #expect(message(minimalYAML + "\nexpect: { victims: \"=> 3\" }").contains("expected a comparison"))
    }

    @Test func fileErrors() throws {
        let missing = "/tmp/definitely-not-here-\(UInt64.random(in: 0...UInt64.max)).yaml"
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: missing) }
        do { _ = try ScenarioLoader.load(path: missing) } catch { #expect(error.description == "\(missing): error: no such file") }
        let path = "/tmp/scenarios-bad-utf8-\(UInt64.random(in: 0...UInt64.max)).yaml"
        var bytes = Array("duration: 1h\ntree: { width: 2, depth: 2 }\nname: ab".utf8)
        bytes.insert(0xFF, at: bytes.count - 1)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try ScenarioLoader.load(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("\(path):3:8: error: name: the file is not valid UTF-8"))
        }
    }
}
