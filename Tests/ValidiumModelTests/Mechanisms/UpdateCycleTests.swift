import SimCore
import Testing
@testable import ValidiumModel

/// The update cycle as a state machine (docs/model.md §3.1 rules 4–12), without a World.
@Suite struct UpdateCycleTests {
    @Test func aRoundFetchesProvesPushesAndWaitsForItsNextSlot() throws {
        let bed = TestBed(TestBed.config())
        let cycle = bed.m.cycle
        #expect(bed.ctx.tree.parent[3] == 1 && bed.ctx.tree.childCount(3) == 2)

        bed.at(0); cycle.beginRound(3)
        #expect(bed.take() == [Scheduled(time: 10 * ms, event: .round(.daServe(node: 3)))])

        // No bandwidth limit: the response is in at once; proving is 1 s × (2 children + itself).
        bed.at(10 * ms); cycle.serveFetch(3)
        let proving = bed.take()
        #expect(proving.count == 1)
        guard case .round(.proveDone(3, let record)) = proving.first?.event else { Issue.record("\(proving)"); return }
        #expect(proving[0].time == 3 * s + 10 * ms)

        // The push arrives after one message delay (checks take no time); the next round is at 15 s.
        bed.at(3 * s + 10 * ms); cycle.finishRound(3, record: record)
        #expect(bed.take() == [
            Scheduled(time: 3 * s + 20 * ms, event: .round(.delivered(child: 3, record: record))),
            Scheduled(time: 15 * s, event: .round(.start(node: 3, generation: 0))),
        ])

        // The parent keeps it as node 3's latest ZKP.
        bed.at(3 * s + 20 * ms); cycle.deliver(child: 3, record: record)
        #expect(bed.ctx.delivered[3] == record)
        #expect(bed.ctx.counters.zkpsDelivered == 1 && bed.ctx.counters.rounds == 1)
    }

    @Test func aSupersededRoundStartIsIgnored() {
        let bed = TestBed(TestBed.config())
        let cycle = bed.m.cycle
        cycle.scheduleRound(5, at: 20 * s)
        cycle.scheduleRound(5, at: 10 * s)   // a later start pending: superseded
        #expect(bed.take().map(\.event) == [.round(.start(node: 5, generation: 0)), .round(.start(node: 5, generation: 1))])
        bed.at(20 * s); cycle.handle(.start(node: 5, generation: 0))
        #expect(bed.take().isEmpty, "the stale start does nothing")
        bed.at(10 * s); cycle.handle(.start(node: 5, generation: 1))
        #expect(bed.take() == [Scheduled(time: 10 * s + 10 * ms, event: .round(.daServe(node: 5)))])
    }

    @Test func anOfflineOperatorSkipsItsRoundsButKeepsItsSlots() {
        var c = TestBed.config()
        c.faults.adversaries = [AdversaryEntry(nodes: [4], behavior: .offline)]
        let bed = TestBed(c)
        bed.startAdversary(0)
        bed.at(15 * s); bed.m.cycle.beginRound(4)
        #expect(bed.take() == [Scheduled(time: 30 * s, event: .round(.start(node: 4, generation: 0)))])
    }

    @Test func localFinalityNeedsMoreThanHalfOfTheSubtree() throws {
        // Node 3 (b = 3) proves a state stamped 5 whose summary counts only itself later than 0:
        // 1 of 3 is not a majority, nothing is final, and the parent retains its hash.
        let bed = TestBed(TestBed.config())
        let pool = bed.ctx.pool
        func zkp(stamp: Int32, _ pairs: [(Int32, Int64)]) -> Int32 {
            let r = pool.allocate()
            pairs.map { SummaryPair.make(stamp: $0.0, count: $0.1) }.withUnsafeBufferPointer {
                pool.setSummary(r, from: $0, count: pairs.count)
            }
            pool[r].stamp = stamp
            return r
        }
        bed.m.cycle.accept(child: 3, record: zkp(stamp: 5, [(0, 2), (5, 1)]))
        #expect(bed.ctx.nodes[3].finalStamp == -1)
        #expect(bed.m.cycle.retainedHashes(of: 3) == 2)
        // Two of three nodes stamped 9: every state up to 8 is final, the stamp-5 hash is dropped.
        bed.m.cycle.accept(child: 3, record: zkp(stamp: 9, [(0, 1), (9, 2)]))
        #expect(bed.ctx.nodes[3].finalStamp == 8)
        #expect(bed.m.cycle.retainedHashes(of: 3) == 2, "the newest final state's and the stamp-9 one")
        #expect(bed.ctx.invariants.hold)
    }
}
