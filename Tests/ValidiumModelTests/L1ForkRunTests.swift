import SimCore
import Testing
@testable import ValidiumModel

/// End-to-end runs of the single-node L1 on small trees (issue 5, docs/model.md §8 and §10).
@Suite struct L1ForkRunTests {
    static func config(width: Int, depth: Int, mode: L1Mode = .singleNode, duration: SimTime = 25 * Time.minute) -> ModelConfig {
        var c = Fixture.baseline(width: width, depth: depth, duration: duration)
        c.l1.mode = mode
        c.l1.stallTimeout = 20 * c.l1.blockTime
        return c
    }

    static func equivocation(_ c: inout ModelConfig, from: SimTime, fractions: [Double] = [0.5, 0.5]) {
        let tree = Tree(shape: c.tree.shape)
        var entry = AdversaryEntry(nodes: [0], behavior: .equivocate, from: from)
        entry.l1Fault = L1Fault(forks: fractions.count, shownFork: ForkSplit.byFractions(
            fractions, parent: tree.parent, depth: tree.depth, subtreeSize: tree.subtreeSize))
        c.faults.adversaries.append(entry)
    }

    static func globalP50(_ r: RunResults) -> Double {
        percentile(r.items.filter { $0.kind == .transaction && $0.globalFinal >= 0 }.map { Time.seconds($0.globalFinal - $0.created) }, 50)
    }

    @Test func anHonestSingleNodeL1FinalisesAsPoS() {
        let single = Fixture.run(Self.config(width: 3, depth: 4))
        let pos = Fixture.run(Self.config(width: 3, depth: 4, mode: .pos))
        let (a, b) = (Self.globalP50(single), Self.globalP50(pos))
        #expect(abs(a - b) <= 0.1 * b, "single node \(a) s, PoS \(b) s")
        #expect(single.l1.forkAware && single.l1.safety.holds && single.l1.elections.isEmpty && single.l1.wastedProofs == 0)
        #expect(single.invariants.hold)
    }

    @Test func equivocationStallsAndTheL2ValidiumsReplaceTheL1Node() {
        var c = Self.config(width: 2, depth: 6)
        Self.equivocation(&c, from: 5 * Time.minute)
        let r = Fixture.run(c, seed: 3)
        let l = r.l1
        #expect(l.safety.holds, "\(l.safety)")
        #expect(r.invariants.hold, "\(r.invariants.examples)")
        #expect(l.elections.count == 1, "\(l.elections)")
        guard let e = l.elections.first else { return }
        // Bound: the last block final before the split is final within 3 min of the split; the
        // watch fires stall_timeout after it; the votes (one emergency proof + one delay) take < 10 s.
        #expect(e.startedAt <= l.firstConflictAt + 3 * Time.minute + c.l1.stallTimeout)
        #expect(e.majorityAt >= 0 && e.majorityAt - e.startedAt < 10 * Time.second)
        #expect(e.newOperator >= 1 && e.newOperator <= 2 && e.slashedGeneration == 0)
        // Finality resumes on the new node's chain, and nothing of the old forks is final.
        #expect(e.firstFinalAt > e.majorityAt && l.stall > 0)
        let newFork = l.forks.last!.id
        #expect(l.blocks.contains { $0.fork == newFork && $0.finalAt >= 0 })
        #expect(!l.blocks.contains { $0.fork == 1 || $0.fork == 2 ? $0.finalAt >= 0 : false })
        #expect(l.wastedProofs > 0)
        let again = Fixture.run(c, seed: 3)
        #expect(again.traceDigest == r.traceDigest)
    }

    @Test func aColludingMajorityMakesTwoConflictingBlocksFinalAndIsReported() {
        var c = Self.config(width: 2, depth: 5, duration: 15 * Time.minute)
        Self.equivocation(&c, from: 5 * Time.minute)
        let tree = Tree(shape: c.tree.shape)
        let side = [Int32(1), 2] + (3..<tree.count).filter { tree.isAncestor(1, of: $0) }.map { Int32($0) }
        c.faults.adversaries.append(AdversaryEntry(nodes: side, behavior: .collude))
        let r = Fixture.run(c, seed: 5)
        let s = r.l1.safety
        #expect(!s.holds)
        #expect(s.firstAt >= 5 * Time.minute && s.finalBlock > 0 && s.conflictingBlock > 0)
        let blocks = r.l1.blocks
        #expect(blocks[Int(s.finalBlock)].fork != blocks[Int(s.conflictingBlock)].fork)
        #expect(blocks[Int(s.finalBlock)].finalAt >= 0 && blocks[Int(s.conflictingBlock)].finalAt >= 0)
        #expect(s.conflictingAcceptance * 2 > Int64(tree.count))
    }

    @Test func aReorgUnderPoSWastesProofsButKeepsSafety() {
        var c = Self.config(width: 3, depth: 4, mode: .pos, duration: 15 * Time.minute)
        var entry = AdversaryEntry(nodes: [0], behavior: .reorg, from: 5 * Time.minute)
        entry.l1Fault = L1Fault(reorgDepth: 2)
        c.faults.adversaries.append(entry)
        let r = Fixture.run(c)
        #expect(r.l1.safety.holds && r.invariants.hold)
        #expect(r.l1.blocks.filter(\.abandoned).count == 2)
        #expect(r.l1.wastedProofs > 0)
        #expect(r.counters.finalBlock > 60)   // finality went on past the reorg (75 blocks in 15 min)
    }
}
