import Testing
import SimCore
@testable import ValidiumModel

/// Operator classes (`classes:`): per-node overrides from a table built at world creation.
@Suite struct OperatorClassTests {
    /// w = 2, d = 4 (31 nodes), constant delays and proving, aligned 15 s rounds: every timing is
    /// deterministic, so two runs differ only where a class makes them differ.
    static func config() -> ModelConfig {
        var c = ModelConfig(tree: TreeConfig(shape: .complete(width: 2, depth: 4)), duration: 10 * Time.minute)
        c.update.phase = .aligned
        c.network.latency = .constant(20_000)
        c.network.bandwidthBitsPerSecond = nil
        c.proofs.recursionStep = .constant(100_000)
        c.proofs.verification = .constant(1_000)
        c.workload.txRate = 1
        c.metrics.trackedUpdates = 1_000_000
        return c
    }

    /// L1 inclusion minus creation of every tracked update of node v, in creation order.
    static func updateLatencies(_ r: RunResults, _ v: Int32) -> [SimTime] {
        r.items.filter { $0.kind == .update && $0.origin == v && $0.l1Included >= 0 }.map { $0.l1Included - $0.created }
    }

    @Test("a slow class at depth 2 delays exactly the updates that travel through it: its members' and their subtrees'")
    func slowClassDelaysItsSubtreeOnly() {
        let base = World(config: Self.config(), seed: 1).run()
        var c = Self.config()
        var slow = OperatorClass(name: "slow", nodes: [3])   // node 3: depth 2, under node 1; its subtree: 3, 7, 8, 15 … 18
        slow.provingFactor = 100   // 30 s for a round of three proofs: two 15 s periods
        c.classes = [slow]
        let run = World(config: c, seed: 1).run()
        let tree = Tree(shape: c.tree.shape)
        for v in 1..<Int32(tree.count) {
            let inSubtree = v == 3 || tree.isAncestor(3, of: Int(v))
            let a = Self.updateLatencies(base, v), b = Self.updateLatencies(run, v)
            #expect(!a.isEmpty && !b.isEmpty, "node \(v)")
            if inSubtree {
                let meanA = Double(a.reduce(0, +)) / Double(a.count), meanB = Double(b.reduce(0, +)) / Double(b.count)
                #expect(meanB > meanA + 10 * Double(Time.second), "node \(v): \(meanB / 1e6) s against \(meanA / 1e6) s")
            } else {
                #expect(a == b, "node \(v) is not below the slow node and must not wait for it")
            }
        }
    }

    @Test("no classes and an empty class list run the same; a class with no override changes nothing")
    func absentClassesChangeNothing() {
        let base = World(config: Self.config(), seed: 2).run()
        var c = Self.config()
        c.classes = [OperatorClass(name: "idle", nodes: [1, 2, 5])]
        #expect(World(config: c, seed: 2).run().traceDigest == base.traceDigest)
    }

    @Test("class overrides: tx_rate, update_every, link latency and bandwidth reach the members only")
    func overridesReachMembers() {
        var c = Self.config()
        var k = OperatorClass(name: "busy", nodes: [2])
        k.txRate = 50
        k.updateEvery = 30 * Time.second
        c.classes = [k]
        let r = World(config: c, seed: 1).run()
        let rounds = Dictionary(uniqueKeysWithValues: r.nodes.map { ($0.id, $0.rounds) })
        let txs = Dictionary(uniqueKeysWithValues: r.nodes.map { ($0.id, $0.transactions) })
        #expect(rounds[2]! * 2 <= rounds[1]! + 1, "node 2 rounds every 30 s: \(rounds[2]!) against \(rounds[1]!)")
        #expect(txs[2]! > 20 * txs[1]!, "node 2 makes 50 tx/s: \(txs[2]!) against \(txs[1]!)")

        var slowLink = Self.config()
        var l = OperatorClass(name: "far", nodes: [4])
        l.latency = .constant(8_000_000)   // fetch + push take 16 s: more than a 15 s round
        slowLink.classes = [l]
        let far = World(config: slowLink, seed: 1).run(), base = World(config: Self.config(), seed: 1).run()
        #expect(Self.updateLatencies(far, 4) != Self.updateLatencies(base, 4))
        #expect(Self.updateLatencies(far, 5) == Self.updateLatencies(base, 5))
    }
}
