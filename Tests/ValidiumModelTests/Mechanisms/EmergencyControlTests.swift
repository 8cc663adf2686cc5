import SimCore
import Testing
@testable import ValidiumModel

/// §5.1 rules 1, 2 and 4 at explicit times, without a World: votes name a p-state, the election
/// installs on the newest state a majority holds, p's newer updates are dropped with what they
/// carried, and elections end.
@Suite struct EmergencyControlTests {
    /// 1 withholds on a binary tree of depth 3 (b(1) = 7, a majority is 4); 1's parent (the L1)
    /// retains its states stamped 10 (final), 12, 14 and 16.
    static func bed() -> TestBed {
        var c = TestBed.config(depth: 3)
        c.faults.adversaries = [AdversaryEntry(nodes: [1], behavior: .withholdDA)]
        c.faults.electionTimeout = 100 * s
        let bed = TestBed(c)
        bed.startAdversary(0)
        bed.ctx.nodes[1].finalStamp = 10
        for stamp: Int32 in [12, 14, 16] { bed.m.cycle.retained.add(child: 1, stamp: stamp) }
        return bed
    }

    /// Delivers the election events scheduled so far in time order, setting the clock to each
    /// (votes proven, aggregated and counted), until none is left; other events are dropped.
    static func deliverVotes(_ bed: TestBed, until end: SimTime = .max) {
        var pending = bed.take()
        while let next = pending.enumerated().filter({ $0.element.time <= end }).min(by: { $0.element.time < $1.element.time }) {
            pending.remove(at: next.offset)
            if case .election(let e) = next.element.event {
                if case .timeout = e { continue }
                bed.at(next.element.time)
                bed.m.elections.handle(e)
            }
            pending += bed.take()
        }
    }

    @Test func votesNameTheNewestRetainedStateTheyHoldAndTheElectionInstallsOnTheNewestMajorityState() {
        let bed = Self.bed()
        let elections = bed.m.elections
        // The chain each voter last fetched: its known L1 block.
        for (v, known) in [(3, 16), (4, 15), (7, 14), (8, 13), (9, 11), (10, 9)] as [(Int, Int32)] { bed.ctx.nodes[v].knownL1 = known }
        bed.at(5 * s)
        for v: Int32 in [3, 4, 7, 8, 9, 10] { elections.castVote(v, against: 1) }
        #expect([3, 4, 7, 8, 9, 10].map { elections.elections[0].named[$0]! } == [16, 14, 14, 12, 10, Election.noState])
        // 3 and 4 count at 6.01 s; 7 and 8 are aggregated by 3, whose count (3) arrives at 7.02 s:
        // 4 votes (3, 4, 7, 8) of 4 needed, naming 16, 14, 14, 12: the newest state 4 of them
        // hold is 12 (14 has 3 holders). 9 and 10 arrive with 4's count just after, too late to matter.
        Self.deliverVotes(bed)
        let row = elections.rows[0]
        #expect(row.majorityAt == 7 * s + 20 * ms && row.installedAt == row.majorityAt)
        #expect(row.installedStamp == 12 && row.supporters == 4)
        #expect(row.droppedUpdates == 2, "p's updates stamped 14 and 16 are dropped")
        #expect(bed.m.cycle.retainedHashes(of: 1) == 2, "the final state and the one stamped 12 stay")
        #expect(row.newOperator == 3 && row.outcome == "installed")
    }

    @Test func theInstallationRevertsPsOwnItemsAndReincludesItsDescendantsItems() {
        let bed = Self.bed()
        let store = bed.ctx.store
        let path = bed.m.cycle.path
        // Three items reached the L1 in 1's update stamped 14: one of 1's own, one of 3's (carried by
        // 3's update stamped 13), one in 1's update stamped 12 (kept).
        let own = store.add(TrackedItem(kind: .transaction, origin: 1, depth: 1, created: 1 * s))
        let child = store.add(TrackedItem(kind: .transaction, origin: 3, depth: 2, created: 1 * s))
        let kept = store.add(TrackedItem(kind: .transaction, origin: 1, depth: 1, created: 1 * s))
        path.carried(from: 3, stamp: 13, head: child, tail: child, finalStamp: 10)
        var update = ItemList()   // 1's update stamped 14 carries its own item and 3's
        update.append(own, store); update.append(child, store)
        path.carried(from: 1, stamp: 14, head: update.head, tail: update.tail, finalStamp: 10)
        path.carried(from: 1, stamp: 12, head: kept, tail: kept, finalStamp: 10)
        store.items[Int(own)].l1Included = 3 * s
        for v: Int32 in [3, 4, 7, 8] { bed.ctx.nodes[Int(v)].knownL1 = 12 }
        bed.at(5 * s)
        for v: Int32 in [3, 4, 7, 8] { bed.m.elections.castVote(v, against: 1) }
        Self.deliverVotes(bed)
        let row = bed.m.elections.rows[0]
        let at = row.installedAt
        #expect(at > 5 * s && row.installedStamp == 12 && row.revertedItems == 1 && row.reincludedItems == 1)
        #expect(store.items[Int(own)].revertedAt == at && store.items[Int(kept)].revertedAt == -1)
        let copy = store.items[Int(child)].supersededBy
        #expect(copy >= 0 && store.items[Int(copy)].reincludedAt == at && store.items[Int(copy)].created == 1 * s)
        #expect(bed.ctx.nodes[1].inbox.head == copy, "the copy rides the new operator's first update")
        #expect(path.rode(copy, with: 3, after: 12) && !path.rode(copy, with: 1, after: 0), "it keeps its hop from 3 only")
    }

    /// 3 (a child of the withholding 1) is faulty too. Offline, its children 7 and 8 detect it and
    /// send their votes past it to the counter: 4, 7, 8, 9, 10 make a majority. Colluding, it looks
    /// honest: 7 and 8 send their votes to it as to any aggregator and it drops them (§5: collude
    /// never relays votes), so 4, 9 and 10 are all the counter gets, 3 of the 4 needed.
    @Test func aColludingRelayDropsItsSubtreesVotesWhereAnOfflineOneIsBypassed() {
        for (behavior, counted) in [(Behavior.offline, Int32(5)), (.collude, 3)] {
            var c = TestBed.config(depth: 3)
            c.faults.adversaries = [AdversaryEntry(nodes: [1], behavior: .withholdDA), AdversaryEntry(nodes: [3], behavior: behavior)]
            c.faults.electionTimeout = 100 * s
            let bed = TestBed(c)
            bed.startAdversary(0)
            bed.startAdversary(1)
            bed.ctx.nodes[1].finalStamp = 10
            bed.m.cycle.retained.add(child: 1, stamp: 12)
            for v in [4, 7, 8, 9, 10] { bed.ctx.nodes[v].knownL1 = 12 }
            bed.at(5 * s)
            for v: Int32 in [4, 7, 8, 9, 10] { bed.m.elections.castVote(v, against: 1) }
            Self.deliverVotes(bed)
            #expect(bed.m.elections.elections[0].total == counted, "\(behavior)")
            #expect((bed.m.elections.rows[0].outcome == "installed") == (behavior == .offline), "\(behavior)")
        }
    }

    @Test func anElectionWithoutAMajorityFailsAtItsTimeoutAndIsRetriedWithTheNextCandidate() {
        let bed = Self.bed()
        let elections = bed.m.elections
        for v in [3, 4, 7] { bed.ctx.nodes[v].knownL1 = 16 }
        bed.at(5 * s)
        for v: Int32 in [3, 4, 7] { elections.castVote(v, against: 1) }
        #expect(bed.ctx.scheduled.all.first.map { Scheduled(time: $0.time, event: Event($0.event)) }
                == Scheduled(time: 105 * s, event: .election(.timeout(node: 1, election: 0))))
        Self.deliverVotes(bed)
        #expect(elections.elections[0].total == 3)
        bed.at(105 * s); elections.handle(.timeout(node: 1, election: 0))
        #expect(elections.rows[0].outcome == "failed" && elections.rows[0].reason.hasPrefix("no majority within 100"))
        // The voters retry at once: election 1, attempt 2, whose timeout comes 100 s later.
        #expect(elections.rows.count == 2 && elections.rows[1].attempt == 2 && elections.elections[1].voters == [3, 4, 7])
        #expect(bed.ctx.scheduled.all.first.map { Scheduled(time: $0.time, event: Event($0.event)) }
                == Scheduled(time: 205 * s, event: .election(.timeout(node: 1, election: 1))))
        // A fourth voter joins: the retry installs with the second candidate (4).
        bed.ctx.nodes[8].knownL1 = 16
        bed.at(106 * s); elections.castVote(8, against: 1)
        Self.deliverVotes(bed)
        #expect(elections.rows[1].outcome == "installed" && elections.rows[1].newOperator == 4)
        // A timeout after the installation changes nothing.
        bed.at(205 * s); elections.handle(.timeout(node: 1, election: 1))
        #expect(elections.rows.count == 2)
    }

    @Test func aFailedElectionBelowNoLongerBlocksItsAncestorsInstallation() {
        // 1 and 3 withhold; the election about 3 cannot win (no votes); 1's wins but waits for it
        // until the timeout closes it as failed.
        var c = TestBed.config(depth: 3)
        c.faults.adversaries = [AdversaryEntry(nodes: [1], behavior: .withholdDA), AdversaryEntry(nodes: [3], behavior: .withholdDA)]
        c.faults.electionTimeout = 100 * s
        let bed = TestBed(c)
        bed.startAdversary(0); bed.startAdversary(1)
        let elections = bed.m.elections
        bed.at(5 * s)
        _ = elections.election(about: 3)
        for v: Int32 in [4, 9, 10, 8] { elections.castVote(v, against: 1) }
        Self.deliverVotes(bed)
        #expect(elections.rows[1].majorityAt > 5 * s && elections.rows[1].installedAt == -1, "blocked by the election below")
        bed.at(105 * s); elections.handle(.timeout(node: 3, election: 0))
        #expect(elections.rows[0].outcome == "failed" && elections.rows[1].installedAt == 105 * s)
    }
}
