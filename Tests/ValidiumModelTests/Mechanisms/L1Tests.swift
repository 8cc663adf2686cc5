import SimCore
import Testing
@testable import ValidiumModel

/// The L1 (docs/model.md §3.1 rule 9, §4, §8) as a state machine, without a World.
@Suite struct L1Tests {
    /// A ZKP of `child` stamped `stamp` whose summary has its whole subtree at `stamp`.
    static func zkp(_ bed: TestBed, child: Int32, stamp: Int32) -> Int32 {
        let pool = bed.ctx.pool
        let r = pool.allocate()
        [SummaryPair.make(stamp: stamp, count: Int64(bed.ctx.tree.subtreeSize[Int(child)]))].withUnsafeBufferPointer {
            pool.setSummary(r, from: $0, count: 1)
        }
        pool[r].stamp = stamp
        return r
    }

    @Test func aBlockIncludesWhatArrivedAndABlockIsFinalOnceAMajorityAcceptsALaterState() {
        // Width 2, depth 1: the L1 and two validiums (n = 3).
        let bed = TestBed(TestBed.config(depth: 1))
        let l1 = bed.m.l1
        bed.at(12 * s)
        l1.enqueue(child: 1, record: Self.zkp(bed, child: 1, stamp: 1))
        l1.enqueue(child: 2, record: Self.zkp(bed, child: 2, stamp: 1))
        l1.handle(.block(number: 1))
        #expect(bed.take() == [Scheduled(time: 24 * s, event: .l1(.block(number: 2)))])
        #expect(l1.blocks.map(\.zkpsIncluded) == [2] && l1.finalBlock == 0, "nobody is stamped later than block 1 yet")
        bed.at(24 * s)
        l1.enqueue(child: 1, record: Self.zkp(bed, child: 1, stamp: 2))
        l1.enqueue(child: 2, record: Self.zkp(bed, child: 2, stamp: 2))
        l1.handle(.block(number: 2))
        #expect(l1.finalBlock == 1 && l1.blocks[0].finalAt == 24 * s)
        #expect(bed.ctx.counters.finalBlock == 1 && bed.ctx.invariants.hold)
    }

    @Test func theStallWatchElectsANewL1NodeByTheL2Validiums() {
        var c = TestBed.config(depth: 2)
        c.l1.mode = .singleNode
        c.l1.stallTimeout = 120 * Time.second
        let bed = TestBed(c)
        let l1 = bed.m.l1
        #expect(l1.forkAware)
        bed.at(0); l1.armWatch()
        #expect(bed.take() == [Scheduled(time: 120 * s, event: .l1(.watch))])
        // Nothing became final for 120 s: each L2 validium proves its subtree (3 recursion steps) and votes.
        bed.at(120 * s); l1.handle(.watch)
        #expect(bed.take() == [Scheduled(time: 270 * s, event: .l1(.electionTimeout(election: 0))),
                               Scheduled(time: 123 * s + 10 * ms, event: .l1(.vote(node: 1, election: 0))),
                               Scheduled(time: 123 * s + 10 * ms, event: .l1(.vote(node: 2, election: 0)))])
        // Votes weigh b(v) = 3 each; more than half of the 6 validiums is needed.
        bed.at(123 * s + 10 * ms); l1.handle(.vote(node: 1, election: 0))
        #expect(l1.forks!.results.elections[0].majorityAt == -1)
        l1.handle(.vote(node: 2, election: 0))
        let row = l1.forks!.results.elections[0]
        #expect(row.majorityAt == 123 * s + 10 * ms && row.newOperator == 1 && row.weight == 6)
        #expect(l1.forks!.generation == 1)
        #expect(bed.take() == [Scheduled(time: 243 * s + 10 * ms, event: .l1(.watch))], "the new node gets a full stall_timeout")
    }

    @Test func aWatchThatSeesRecentFinalityRearms() {
        var c = TestBed.config(depth: 2)
        c.l1.mode = .singleNode
        let bed = TestBed(c)
        bed.m.l1.forks!.lastFinalityAt = 100 * s
        bed.at(120 * s); bed.m.l1.handle(.watch)
        #expect(bed.take() == [Scheduled(time: 220 * s, event: .l1(.watch))])
    }

    @Test func everyL2ValidiumWatchesFromGenesis() {
        // §8: a stall before the first final block counts: the watch is armed at the start.
        var c = TestBed.config(depth: 2)
        c.l1.mode = .singleNode
        c.l1.stallTimeout = 120 * Time.second
        let bed = TestBed(c)
        bed.at(0); bed.m.l1.start()
        #expect(bed.take().contains(Scheduled(time: 120 * s, event: .l1(.watch))))
    }

    @Test func anL1ElectionWithoutAMajorityFailsAtItsTimeoutAndIsRetriedWithTheNextCandidate() {
        var c = TestBed.config(depth: 2)
        c.l1.mode = .singleNode
        c.faults.electionTimeout = 60 * Time.second
        let bed = TestBed(c)
        let l1 = bed.m.l1
        bed.at(120 * s); l1.startElection()
        _ = bed.take()
        l1.handle(.vote(node: 2, election: 0))   // weight 3 of more than 3 needed
        bed.at(180 * s); l1.handle(.electionTimeout(election: 0))
        let rows = l1.forks!.results.elections
        #expect(rows.count == 2 && rows[0].failedAt == 180 * s && rows[0].newOperator == -1 && rows[1].attempt == 2)
        #expect(bed.take().first == Scheduled(time: 240 * s, event: .l1(.electionTimeout(election: 1))))
        bed.at(181 * s); l1.handle(.vote(node: 2, election: 1)); l1.handle(.vote(node: 1, election: 1))
        #expect(l1.forks!.results.elections[1].newOperator == 1, "attempt 2 takes the second voter (2, 1)")
        bed.at(240 * s); l1.handle(.electionTimeout(election: 1))
        #expect(l1.forks!.results.elections.count == 2, "an election that won does not time out")
    }

    @Test func aChildOnAConflictingForkHasItsItemsHeldUntilItFollowsTheSameFork() {
        // §8: node 1 follows fork A; its child 3 chose a block of fork B: nothing of 3's is taken.
        var c = TestBed.config(depth: 2)
        c.l1.mode = .singleNode
        let bed = TestBed(c)
        let l1 = bed.m.l1
        let store = bed.ctx.store
        let a = l1.forks!.chain.addBlock(fork: l1.forks!.chain.addFork(after: 0, operator: 0, at: 0), at: 0)
        let b = l1.forks!.chain.addBlock(fork: l1.forks!.chain.addFork(after: 0, operator: 0, at: 0), at: 0)
        l1.forks!.knownBlock[1] = a
        func zkp(choice: Int32, tx: Int64) -> Int32 {
            let r = L1Tests.zkp(bed, child: 3, stamp: 1)
            l1.forks!.setChoice(r, choice)
            let item = store.add(TrackedItem(kind: .transaction, origin: 3, depth: 2, created: 0))
            bed.ctx.pool[r].itemsHead = item; bed.ctx.pool[r].itemsTail = item
            bed.ctx.pool[r].txCount = tx
            return r
        }
        let (held, heldTx) = l1.itemsTaken(child: 3, record: zkp(choice: b, tx: 5), parent: 1)
        #expect(held.isEmpty && heldTx == 0 && l1.forks!.results.heldZKPs == 1)
        let (taken, tx) = l1.itemsTaken(child: 3, record: zkp(choice: a, tx: 2), parent: 1)
        #expect(taken.head == 0 && taken.tail == 1 && tx == 7, "the held item and transactions come with it")
        #expect(l1.forks!.held[3].isEmpty && l1.forks!.heldTx[3] == 0)
    }
}
