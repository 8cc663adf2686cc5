import SimCore
import Testing
@testable import ValidiumModel

/// Emergency-control elections (docs/model.md §5.1) as a state machine, without a World.
@Suite struct ElectionsTests {
    static func bed(faulty: [[Int32]], depth: Int) -> TestBed {
        var c = TestBed.config(depth: depth)
        c.faults.adversaries = faulty.map { AdversaryEntry(nodes: $0, behavior: .withholdDA) }
        let bed = TestBed(c)
        for k in faulty.indices { bed.startAdversary(k) }
        return bed
    }

    @Test func votesAreProvenPushedAndCountedAtTheHonestAncestor() {
        // 1 → {3, 4}: b(1) = 3, a majority is 2 votes, counted on the L1.
        let bed = Self.bed(faulty: [[1]], depth: 2)
        let elections = bed.m.elections
        bed.at(50 * s); elections.castVote(3, against: 1)
        #expect(bed.take() == [Scheduled(time: 200 * s, event: .election(.timeout(node: 1, election: 0))),
                               Scheduled(time: 51 * s, event: .election(.voteReady(node: 3, election: 0)))])
        bed.at(51 * s); elections.handle(.voteReady(node: 3, election: 0))
        #expect(bed.take() == [Scheduled(time: 51 * s + 10 * ms, event: .election(.voteDeliver(node: 3, election: 0, count: 1)))])
        bed.at(51 * s + 10 * ms); elections.handle(.voteDeliver(node: 3, election: 0, count: 1))
        #expect(elections.elections[0].total == 1 && elections.elections[0].majorityAt < 0)
        #expect(elections.l1Transactions == 1, "a vote counted by the L1 is an L1 transaction")

        bed.at(52 * s); elections.castVote(4, against: 1)
        _ = bed.take()
        elections.handle(.voteReady(node: 4, election: 0))
        _ = bed.take()
        bed.at(53 * s); elections.handle(.voteDeliver(node: 4, election: 0, count: 1))
        let row = elections.rows[0]
        #expect(row.votes == 2 && row.majorityAt == 53 * s && row.installedAt == 53 * s)
        #expect(row.newOperator == 3, "first_detector")
        #expect(bed.m.behaviors.isReplaced(1) && !bed.m.behaviors.isFaulty(1))
        #expect(elections.votes.map(\.votes) == [1, 2])
    }

    @Test func anAggregatorAddsItsDescendantsVotesToItsNextEmergencyZKP() {
        // 1 faulty, depth 3: 7 votes through 3, which aggregates and pushes to the L1 (the counter).
        let bed = Self.bed(faulty: [[1]], depth: 3)
        let elections = bed.m.elections
        bed.at(0); elections.castVote(7, against: 1)
        elections.handle(.voteReady(node: 7, election: 0))
        _ = bed.take()
        bed.at(2 * s); elections.handle(.voteDeliver(node: 7, election: 0, count: 1))
        #expect(bed.take() == [Scheduled(time: 3 * s, event: .election(.voteReady(node: 3, election: 0)))])
        bed.at(3 * s); elections.handle(.voteReady(node: 3, election: 0))
        #expect(bed.take() == [Scheduled(time: 3 * s + 10 * ms, event: .election(.voteDeliver(node: 3, election: 0, count: 1)))])
        #expect(elections.elections[0].total == 0, "nothing counted before it reaches the counter")
    }

    @Test func installationGoesBottomUpThroughAFaultyChain() {
        // 1 and its child 3 are faulty: the election about 1 wins first but waits for the one about 3.
        let bed = Self.bed(faulty: [[1], [3]], depth: 3)
        let elections = bed.m.elections
        bed.at(10 * s)
        for v: Int32 in [4, 9, 10, 8] { elections.castVote(v, against: 1) }   // election 0, b(1) = 7
        elections.castVote(7, against: 3)    // election 1, b(3) = 3
        elections.castVote(8, against: 3)
        #expect(elections.rows.map(\.counter) == [0, 0], "3's counter is above the faulty chain")
        // 9 and 10 aggregate at 4, which pushes 3 votes; 8, under faulty 3, pushes straight to the counter.
        bed.at(12 * s)
        elections.handle(.voteDeliver(node: 9, election: 0, count: 1)); elections.handle(.voteDeliver(node: 10, election: 0, count: 1))
        elections.handle(.voteDeliver(node: 8, election: 0, count: 1))
        bed.at(20 * s); elections.handle(.voteDeliver(node: 4, election: 0, count: 3))
        #expect(elections.rows[0].majorityAt == 20 * s && elections.rows[0].installedAt == -1)
        #expect(elections.elections[0].counted == [8, 4, 9, 10], "the counter knows which voters it counted")
        #expect(!bed.m.behaviors.isReplaced(1))
        bed.at(30 * s)
        elections.handle(.voteDeliver(node: 7, election: 1, count: 1)); elections.handle(.voteDeliver(node: 8, election: 1, count: 1))
        #expect(elections.rows.map(\.installedAt) == [30 * s, 30 * s])
        #expect(bed.m.behaviors.isReplaced(1) && bed.m.behaviors.isReplaced(3))
    }

    @Test func aForgedVoteIsRefusedAndNotCounted() {
        var c = TestBed.config(depth: 2)
        c.faults.adversaries = [AdversaryEntry(nodes: [1], behavior: .withholdDA)]
        var forger = AdversaryEntry(nodes: [3], behavior: .forge)
        forger.forged = .vote
        c.faults.adversaries.append(forger)
        let bed = TestBed(c)
        bed.startAdversary(0); bed.startAdversary(1)
        let elections = bed.m.elections
        elections.castVote(3, against: 1)
        elections.handle(.voteDeliver(node: 3, election: 0, count: 1))
        #expect(elections.elections[0].total == 0)
        #expect(bed.m.proofs.results.rejections.map(\.kind) == ["vote"])
    }
}
