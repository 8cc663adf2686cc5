import SimCore
import Testing
@testable import ValidiumModel

/// The L1 chain of forks and the fork-choice rule as state machines (issue 5, docs/model.md §8).
@Suite struct ForkChoiceTests {
    /// Genesis 0; fork 0: blocks 1, 2, 3 (heights 1–3); forks 1 and 2 branch after block 2:
    /// fork 1 = blocks 4, 6 (heights 3, 4), fork 2 = blocks 5, 7 (heights 3, 4).
    static func forked() -> L1Chain {
        var c = L1Chain(nodes: 10)
        for t in 1...3 { _ = c.addBlock(fork: 0, at: SimTime(t)) }
        _ = c.addFork(after: 2, operator: 0, at: 4)
        _ = c.addFork(after: 2, operator: 0, at: 4)
        for t in 4...5 { _ = c.addBlock(fork: 1, at: SimTime(t)); _ = c.addBlock(fork: 2, at: SimTime(t)) }
        return c
    }

    @Test func ancestryFollowsTheForkLineage() {
        let c = Self.forked()
        #expect(c.height[6] == 4 && c.height[7] == 4 && c.fork[6] == 1 && c.fork[7] == 2)
        #expect(c.isAncestor(2, of: 6) && c.isAncestor(1, of: 7) && c.isAncestor(6, of: 6))
        #expect(!c.isAncestor(3, of: 6) && !c.isAncestor(4, of: 7) && !c.isAncestor(6, of: 4))
        #expect(c.conflict(6, 7) && c.conflict(3, 4) && !c.conflict(2, 7))
        #expect(c.commonAncestor(6, 7) == 2 && c.commonAncestor(3, 7) == 2 && c.commonAncestor(1, 6) == 1)
        #expect(c.ancestor(of: 7, atHeight: 3) == 5 && c.ancestor(of: 7, atHeight: 1) == 1)
    }

    @Test func abandoningKeepsOnlyTheChainOfTheKeptBlock() {
        var c = Self.forked()
        c.abandon(allBut: 4)          // fork 1 up to block 4 survives; fork 0 above block 2 and fork 2 die
        #expect(!c.isDead(4) && !c.isDead(2) && c.isDead(6) && c.isDead(3) && c.isDead(5) && c.isDead(7))
        #expect(c.liveAncestor(7) == 2 && c.liveAncestor(6) == 4)
    }

    private func choose(_ c: L1Chain, _ rule: ForkChoiceRule = .heaviest, mode: L1Mode = .singleNode, own: Int32,
                        _ children: [(Int32, Int64)], previous: Int32 = 0) -> Int32 {
        ForkChoice.choose(c, mode: mode, rule: rule, own: own,
                          candidates: children.map { ForkCandidate(block: $0.0, weight: $0.1) }, previous: previous)
    }

    @Test func consistentChoicesPickTheNewest() {
        let c = Self.forked()
        #expect(choose(c, own: 2, [(1, 5), (6, 3), (4, 7)]) == 6)
        #expect(choose(c, own: 7, [(1, 5), (5, 3)]) == 7)
    }

    @Test func heaviestFollowsTheLargerSubtreeWeight() {
        let c = Self.forked()
        #expect(choose(c, own: 6, [(7, 9), (6, 3)]) == 7)     // 9 against 3 + 1
        #expect(choose(c, own: 6, [(7, 3), (4, 2)]) == 6)     // 1 + 2 against 3: a tie, first seen (lower block)
        #expect(choose(c, own: 6, [(7, 3), (4, 2)], previous: 5) == 7)   // the tie goes to the fork it followed
    }

    @Test func firstSeenIgnoresWeight() {
        let c = Self.forked()
        #expect(choose(c, .firstSeen, own: 6, [(7, 100)], previous: 4) == 6)
        #expect(choose(c, .firstSeen, own: 6, [(7, 100)], previous: 5) == 7)
        #expect(choose(c, .firstSeen, own: 6, [(7, 100)], previous: 2) == 6)   // both on it: the older block
    }

    @Test func posFollowsTheServedChainAndAbandonedChoicesCountForNothing() {
        var c = Self.forked()
        #expect(choose(c, mode: .pos, own: 3, [(7, 100)]) == 3)
        c.abandon(allBut: 4)
        #expect(choose(c, own: 4, [(7, 100), (6, 50)]) == 4)   // both children on abandoned blocks
        #expect(choose(c, own: 7, []) == 2)                     // a served block that was abandoned
    }

    @Test func aSplitByFractionsAssignsWholeSubtrees() {
        let tree = Tree(shape: .complete(width: 3, depth: 4))
        let shown = ForkSplit.byFractions([0.7, 0.3], parent: tree.parent, depth: tree.depth, subtreeSize: tree.subtreeSize)
        let onFirst = (1..<tree.count).filter { shown[$0] == 0 }.count
        let share = Double(onFirst) / Double(tree.count - 1)
        #expect(abs(share - 0.7) < 0.06, "share \(share)")
        for v in 1..<tree.count where tree.depth[v] > 2 { #expect(shown[v] == shown[Int(tree.parent[v])]) }
        let even = ForkSplit.byFractions([0.5, 0.5], parent: Tree(shape: .complete(width: 2, depth: 3)).parent,
                                         depth: Tree(shape: .complete(width: 2, depth: 3)).depth,
                                         subtreeSize: Tree(shape: .complete(width: 2, depth: 3)).subtreeSize)
        #expect(Array(even[1...2]) == [0, 1] && even[3] == 0 && even[6] == 1)
    }
}
