import Testing
import SimCore
@testable import ValidiumModel

/// The acceptance summaries and retained hashes as state machines (docs/model.md §4, §3.1 rules 10–12).
@Suite struct AcceptanceTests {
    func pairs(_ p: [(Int32, Int64)]) -> [UInt64] { p.map { SummaryPair.make(stamp: $0.0, count: $0.1) } }

    @Test func finalStampIsTheNewestStampWithAStrictMajorityLater() {
        // 10 nodes: 3 stamped 5, 4 stamped 6, 3 stamped 7. a(6) = 3, a(5) = 7, a(4) = 10.
        let s = pairs([(5, 3), (6, 4), (7, 3)])
        s.withUnsafeBufferPointer {
            #expect(SummaryPair.finalStamp($0, size: 10, threshold: 0.5) == 5)   // a(5) = 7 > 5
            #expect(SummaryPair.finalStamp($0, size: 10, threshold: 0.7) == 4)   // a(5) = 7 is not > 7
            #expect(SummaryPair.finalStamp($0, size: 10, threshold: 0.2) == 6)   // a(6) = 3 > 2
            #expect(SummaryPair.accepted($0, after: 5) == 7)
            #expect(SummaryPair.accepted($0, after: 7) == 0)
        }
        // Exactly half is not enough: strictly more than θ·b.
        pairs([(1, 5), (2, 5)]).withUnsafeBufferPointer {
            #expect(SummaryPair.finalStamp($0, size: 10, threshold: 0.5) == 0)
        }
        [UInt64]().withUnsafeBufferPointer { #expect(SummaryPair.finalStamp($0, size: 1, threshold: 0.5) == -1) }
    }

    @Test func mergeAddsChildrenAndTheNodeItself() {
        let pool = ZkpPool(initialCapacity: 2, reserve: 4, windowBlocks: nil)
        let a = pool.allocate(), b = pool.allocate(), out = pool.allocate()
        pairs([(3, 2), (4, 1)]).withUnsafeBufferPointer { pool.setSummary(a, from: $0, count: 2) }
        pairs([(1, 1), (4, 2)]).withUnsafeBufferPointer { pool.setSummary(b, from: $0, count: 2) }
        [a, b].withUnsafeBufferPointer { pool.merge(into: out, records: $0, ownStamp: 5) }
        let merged = pool.withSummary(out) { Array($0) }
        #expect(merged == pairs([(1, 1), (3, 2), (4, 3), (5, 1)]))
        #expect(pool.capacity >= 4, "exact summaries grow past their initial capacity")
        #expect(pool.withSummary(a) { Array($0) } == pairs([(3, 2), (4, 1)]), "re-layout keeps other records")
        #expect(pool.truncations == 0)
    }

    @Test func windowFoldsOldStampsBelowTheWindow() {
        let pool = ZkpPool(initialCapacity: 8, reserve: 4, windowBlocks: 2)
        let a = pool.allocate(), out = pool.allocate()
        pairs([(1, 4), (2, 1), (8, 2), (9, 1)]).withUnsafeBufferPointer { pool.setSummary(a, from: $0, count: 4) }
        [a].withUnsafeBufferPointer { pool.merge(into: out, records: $0, ownStamp: 10) }
        // Newest 10, window 2: stamps below 8 fold into one pair below every state: never accepting.
        #expect(pool.withSummary(out) { Array($0) } == pairs([(-1, 5), (8, 2), (9, 1), (10, 1)]))
        pool.withSummary(out) { #expect(SummaryPair.accepted($0, after: 0) == 4) }
        #expect(pool.truncations == 1)
    }

    @Test func retainedHashesKeepTheNewestFinalAndEveryNewerOne() {
        var r = RetainedHashes(nodes: 2)
        #expect(r.count(of: 1) == 1, "genesis")
        for stamp: Int32 in [1, 1, 2, 3, 3, 3] { r.add(child: 1, stamp: stamp) }
        #expect(r.count(of: 1) == 7)
        r.finalize(child: 1, finalStamp: 1)
        #expect(r.count(of: 1) == 5)        // newest final (a stamp-1 ZKP) + 2, 3, 3, 3
        r.finalize(child: 1, finalStamp: 2)
        #expect(r.count(of: 1) == 4)
        r.finalize(child: 1, finalStamp: 5)
        #expect(r.count(of: 1) == 1)
        r.add(child: 1, stamp: 6)
        #expect(r.count(of: 1) == 2)
    }
}

/// Mechanisms switched on from the configuration, end to end on small trees.
@Suite struct MechanismTests {
    static func globalMedian(_ r: RunResults) -> Double {
        percentile(r.items.filter { $0.kind == .transaction && $0.globalFinal >= 0 }
            .map { Time.seconds($0.globalFinal - $0.created) }, 50)
    }

    @Test func anExplicitTreeRunsExactlyLikeTheSameCompleteTree() {
        var c = Fixture.baseline(width: 2, depth: 3, duration: 5 * Time.minute)
        let complete = Fixture.run(c)
        c.tree = TreeConfig(shape: .explicit(parents: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]))
        let explicit = Fixture.run(c)
        #expect(explicit.traceDigest == complete.traceDigest)
        #expect(explicit.nodes == complete.nodes)
    }

    @Test func aWideEnoughWindowGivesExactResultsAndANarrowOneTruncates() {
        var c = Fixture.baseline(depth: 4, duration: 10 * Time.minute)
        let exact = Fixture.run(c)
        c.finality.windowBlocks = 1_000
        let wide = Fixture.run(c)
        #expect(wide.items == exact.items && wide.counters.windowTruncations == 0)
        c.finality.windowBlocks = 1
        let narrow = Fixture.run(c)
        #expect(narrow.counters.windowTruncations > 0)
        #expect(narrow.counters.finalBlock <= exact.counters.finalBlock, "a window can only delay finality")
    }

    @Test func eagerUpdatesWithoutTransactionsAdvanceOnL1Notifications() {
        var c = Fixture.paper(width: 2, depth: 3, step: 100 * Time.millisecond, duration: 2 * Time.minute)
        c.workload.txRate = 0
        c.metrics.trackedUpdates = 100_000
        let r = Fixture.run(c)
        #expect(r.counters.finalBlock > 60, "finality keeps up with 1 s blocks: \(r.counters.finalBlock)")
        // Without input a node idles: far fewer rounds than back-to-back proving would give.
        let leafRounds = r.nodes.filter { $0.children == 0 }.map(\.rounds)
        #expect(leafRounds.allSatisfy { $0 > 0 && $0 <= 130 }, "\(leafRounds.prefix(4))")
    }

    @Test func inlineStateMakesProvingGrowWithTransactions() {
        func l1Median(txRate: Double, _ ownState: OwnState) -> Double {
            var c = Fixture.baseline(width: 2, depth: 3, duration: 5 * Time.minute)
            c.tree.ownState = ownState
            c.proofs.recursionStep = .constant(100_000)
            c.proofs.perTransaction = .constant(10_000)
            c.workload.txRate = txRate
            let r = Fixture.run(c)
            #expect(r.nodes[1].storageBytes == (ownState == .inline ? 2 : 3) * 43_000, "the L1's group VM")
            return percentile(r.items.filter { $0.kind == .transaction && $0.l1Included >= 0 }
                .map { Time.seconds($0.l1Included - $0.created) }, 50)
        }
        // 15 s rounds: 75 transactions a round cost 0.75 s of proving inline, nothing externalized.
        let busy = l1Median(txRate: 5, .inline), quiet = l1Median(txRate: 0.1, .inline)
        #expect(busy > quiet + 0.5, "inline: \(busy) s at 5 tx/s against \(quiet) s at 0.1 tx/s")
        let external = l1Median(txRate: 5, .externalized)
        #expect(external < busy, "externalized \(external) s against inline \(busy) s")
    }

    @Test func transactionTotalsAreExactWhileOnlyASampleIsTracked() {
        var c = Fixture.baseline(depth: 3, duration: 10 * Time.minute)
        c.metrics.trackedTransactions = 500
        let r = Fixture.run(c)
        let tracked = r.items.filter { $0.kind == .transaction }.count
        #expect(abs(tracked - 500) < 120, "about 500 tracked: \(tracked)")
        #expect(r.counters.txCreated == r.nodes.map(\.transactions).reduce(0, +))
        #expect(r.counters.txFinal <= r.counters.txIncluded && r.counters.txIncluded <= r.counters.txCreated)
        let expected = 5.0 * 39 * 600
        #expect(abs(Double(r.counters.txCreated) - expected) < 0.05 * expected)
    }
}
