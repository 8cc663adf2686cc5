import SimCore
import Testing
@testable import ValidiumModel

/// Operator behaviours, DA refusals and detection (docs/model.md §5) as a state machine, without a World.
/// Tree: 1 → {3, 4}, 3 → {7, 8}, 4 → {9, 10}; 2 → {5, 6}, …
@Suite struct BehaviorsTests {
    static func bed(_ behavior: Behavior, on nodes: [Int32] = [1], recovery: RecoveryMode = .replace) -> TestBed {
        var c = TestBed.config()
        c.faults.adversaries = [AdversaryEntry(nodes: nodes, behavior: behavior)]
        c.faults.recovery = recovery
        let bed = TestBed(c)
        bed.startAdversary(0)
        return bed
    }

    @Test func refusalTimingFollowsTheBehaviour() {
        // A withholding parent refuses: the child knows after one message delay.
        let withhold = Self.bed(.withholdDA)
        withhold.at(100 * s)
        #expect(withhold.m.behaviors.refusal(by: 1, to: 3, sentAt: 100 * s - 10 * ms) == 100 * s + 10 * ms)
        // An offline parent is silent: the child gives up `da.timeout` after it asked.
        let offline = Self.bed(.offline)
        offline.at(100 * s)
        #expect(offline.m.behaviors.refusal(by: 1, to: 3, sentAt: 100 * s - 10 * ms) == 130 * s - 10 * ms)
        // Colluders are served by a withholding parent; honest and slow parents serve everyone.
        var c = TestBed.config()
        c.faults.adversaries = [AdversaryEntry(nodes: [1], behavior: .withholdDA), AdversaryEntry(nodes: [3], behavior: .collude)]
        let colluding = TestBed(c)
        colluding.startAdversary(0); colluding.startAdversary(1)
        #expect(colluding.m.behaviors.refusal(by: 1, to: 3, sentAt: 0) == nil)
        #expect(colluding.m.behaviors.refusal(by: 1, to: 4, sentAt: 0) != nil)
        #expect(Self.bed(.slow).m.behaviors.refusal(by: 1, to: 3, sentAt: 0) == nil)
    }

    @Test func aCensoredChildSeesItOnlyAfterTheTimeoutSinceItsFirstDroppedZKP() {
        let bed = Self.bed(.censor)
        let b = bed.m.behaviors
        bed.at(10 * s)
        #expect(b.refusal(by: 1, to: 3, sentAt: 10 * s) == nil, "nothing dropped yet: the fetch is served")
        #expect(b.dropsDelivery(parent: 1, child: 3))
        bed.at(39 * s)
        #expect(b.refusal(by: 1, to: 3, sentAt: 39 * s) == nil)
        bed.at(40 * s)
        #expect(b.refusal(by: 1, to: 3, sentAt: 40 * s) == 40 * s + 10 * ms)
    }

    @Test func aConfirmedFaultVotesAndGossipsWithinTheFaultySubtree() {
        let bed = Self.bed(.withholdDA)
        bed.at(50 * s); bed.m.behaviors.confirmFault(by: 3, faulty: 1)
        // The election's timeout (10 update periods); the vote: one recursion step of emergency
        // proving; the alarm: to the honest sibling under the faulty parent and to its own
        // children, one message delay each.
        #expect(bed.take() == [
            Scheduled(time: 50 * s + 150 * s, event: .election(.timeout(node: 1, election: 0))),
            Scheduled(time: 51 * s, event: .election(.voteReady(node: 3, election: 0))),
            Scheduled(time: 50 * s + 10 * ms, event: .fault(.alarm(node: 4, faulty: 1, from: 3))),
            Scheduled(time: 50 * s + 10 * ms, event: .fault(.alarm(node: 7, faulty: 1, from: 3))),
            Scheduled(time: 50 * s + 10 * ms, event: .fault(.alarm(node: 8, faulty: 1, from: 3))),
        ])
        #expect(bed.m.behaviors.rows.first?.detectedAt == 50 * s && bed.m.behaviors.rows.first?.firstDetector == 3)
        // Confirming twice does nothing more.
        bed.m.behaviors.confirmFault(by: 3, faulty: 1)
        #expect(bed.take().isEmpty)
    }

    @Test func gossipStepsOverAFaultyChildToItsChildren() {
        // 1 withholds and 7 (a child of 3) colludes: 3's alarm reaches 7's children, not 7.
        var c = TestBed.config(depth: 4)
        c.faults.adversaries = [AdversaryEntry(nodes: [1], behavior: .withholdDA), AdversaryEntry(nodes: [7], behavior: .collude)]
        let bed = TestBed(c)
        #expect(bed.ctx.tree.parent[15] == 7 && bed.ctx.tree.parent[16] == 7)
        bed.startAdversary(0); bed.startAdversary(1)
        bed.at(0); bed.m.behaviors.gossip(from: 3, about: 1, except: -1)
        #expect(bed.take().map(\.event) == [4, 15, 16, 8].map { .fault(.alarm(node: $0, faulty: 1, from: 3)) })
    }

    @Test func alarmsGoAroundAFaultySiblingAndAFaultyParent() {
        // 1 withholds; its other child 4 colludes: 3's alarm reaches 4's children 9 and 10 (§5.1 rule 5).
        var c = TestBed.config(depth: 4)
        c.faults.adversaries = [AdversaryEntry(nodes: [1], behavior: .withholdDA), AdversaryEntry(nodes: [4], behavior: .collude)]
        var bed = TestBed(c)
        bed.startAdversary(0); bed.startAdversary(1)
        bed.at(0); bed.m.behaviors.gossip(from: 3, about: 1, except: -1)
        #expect(bed.take().map(\.event) == [9, 10, 7, 8].map { .fault(.alarm(node: $0, faulty: 1, from: 3)) })

        // 1 withholds and 3 (7's parent) colludes: 7's alarm goes around 3 to its sibling 8 and on up
        // to 3's sibling 4, then down to 7's own children.
        c.faults.adversaries = [AdversaryEntry(nodes: [1], behavior: .withholdDA), AdversaryEntry(nodes: [3], behavior: .collude)]
        bed = TestBed(c)
        bed.startAdversary(0); bed.startAdversary(1)
        bed.at(0); bed.m.behaviors.gossip(from: 7, about: 1, except: -1)
        #expect(bed.take().map(\.event) == [8, 4, 15, 16].map { .fault(.alarm(node: $0, faulty: 1, from: 7)) })
    }

    @Test func anAdversaryEntryCanTargetTheElectedOperator() {
        // §5.1 rule 6: node 1's original operator withholds; the entry with `operator: elected`
        // waits for an installed operator and makes it withhold too (a bribed successor).
        var c = TestBed.config(depth: 3)
        var successor = AdversaryEntry(nodes: [1], behavior: .withholdDA)
        successor.target = .elected
        c.faults.adversaries = [AdversaryEntry(nodes: [1], behavior: .withholdDA), successor]
        let bed = TestBed(c)
        let b = bed.m.behaviors
        bed.startAdversary(0); bed.startAdversary(1)
        #expect(b.rows.count == 1, "the elected-operator entry waits for an election")
        bed.at(5 * s); b.confirmFault(by: 3, faulty: 1)
        _ = bed.take()
        bed.at(60 * s); b.replaceOperator(1)
        #expect(b.isFaulty(1) && b.isReplaced(1), "the successor withholds from its installation")
        #expect(b.rows.map(\.from) == [0, 60 * s] && b.rows[0].recoveredAt == 60 * s)
        bed.at(70 * s); b.confirmFault(by: 3, faulty: 1)
        #expect(b.rows[1].detectedAt == 70 * s, "the tree detects the successor again")
    }

    @Test func anAlarmIsCheckedByAnOwnFetchBeforeActing() {
        let bed = Self.bed(.withholdDA)
        bed.at(60 * s); bed.m.behaviors.alarmArrived(7, faulty: 1, from: 3)
        // Its only neighbour is the sender, so it passes nothing on; its own fetch from 1 is refused
        // after one message delay: the fault is confirmed then.
        #expect(bed.take() == [Scheduled(time: 60 * s + 10 * ms, event: .fault(.checkDone(node: 7, faulty: 1, failed: true)))])
        #expect(bed.m.behaviors.alarms == 1)
        // A node whose check is served (1 behaves towards it) learns nothing: checkDone(failed: false).
        let honest = TestBed(TestBed.config())
        honest.at(60 * s); honest.m.behaviors.alarmArrived(7, faulty: 1, from: 3)
        #expect(honest.take() == [Scheduled(time: 60 * s + 10 * ms, event: .fault(.checkDone(node: 7, faulty: 1, failed: false)))])
    }

    @Test func colludersStaySilentAndFaultyNodesDoNotAct() {
        let bed = Self.bed(.withholdDA, on: [1, 3])
        bed.m.behaviors.alarmArrived(3, faulty: 1, from: 4)
        bed.m.behaviors.confirmFault(by: 3, faulty: 1)
        #expect(bed.take().isEmpty)
    }

    @Test func theCounterIsAboveTheWholeFaultyChain() {
        let bed = Self.bed(.withholdDA, on: [1, 3])
        #expect(bed.m.behaviors.counter(for: 7) == 0, "3 and 1 are faulty: the L1 counts")
        #expect(bed.m.behaviors.counter(for: 4) == 0)
        #expect(Self.bed(.withholdDA, on: [3]).m.behaviors.counter(for: 3) == 1)
    }

    @Test func anOperatorThatComesBackIsRecovered() {
        var c = TestBed.config()
        c.faults.adversaries = [AdversaryEntry(nodes: [2], behavior: .offline, from: 0, until: 5 * Time.minute)]
        let bed = TestBed(c)
        bed.m.behaviors.scheduleAdversaries()
        #expect(bed.take() == [Scheduled(time: 0, event: .fault(.behavior(node: 2, entry: 0, starts: true))),
                               Scheduled(time: 5 * Time.minute, event: .fault(.behavior(node: 2, entry: 0, starts: false)))])
        bed.at(0); bed.m.behaviors.handle(.behavior(node: 2, entry: 0, starts: true))
        #expect(bed.m.behaviors.isOffline(2))
        bed.at(5 * Time.minute); bed.m.behaviors.handle(.behavior(node: 2, entry: 0, starts: false))
        #expect(!bed.m.behaviors.isFaulty(2))
        #expect(bed.m.behaviors.rows.first?.recoveredAt == 5 * Time.minute)
    }
}

/// `behavior: delay_da` (the worked example of docs/adding-a-mechanism.md), without a World.
@Suite struct DelayDATests {
    static func bed(delay: SimTime) -> TestBed {
        var c = TestBed.config()
        var entry = AdversaryEntry(nodes: [1], behavior: .delayDA)
        entry.delay = .constant(Double(delay))
        c.faults.adversaries = [entry]
        let bed = TestBed(c)
        bed.startAdversary(0)
        return bed
    }

    @Test func aLateAnswerDelaysTheRoundsResponse() {
        let bed = Self.bed(delay: 5 * s)
        bed.at(10 * ms)
        #expect(bed.m.behaviors.answer(by: 1, to: 3, sentAt: 0) == .served(late: 5 * s))
        bed.m.cycle.serveFetch(3)
        #expect(bed.take() == [Scheduled(time: 5 * s + 10 * ms, event: .round(.daResponse(node: 3)))])
    }

    @Test func anAnswerDueAfterTheTimeoutIsAFailedFetch() {
        let bed = Self.bed(delay: 40 * s)
        bed.at(10 * ms)
        #expect(bed.m.behaviors.answer(by: 1, to: 3, sentAt: 0) == .failed(at: 30 * s))
        bed.m.cycle.serveFetch(3)
        #expect(bed.take() == [Scheduled(time: 30 * s, event: .fault(.daFailed(node: 3, parent: 1)))])
        // The child has seen the fault for itself: it votes and raises the alarm (§5).
        bed.at(30 * s); bed.m.behaviors.handle(.daFailed(node: 3, parent: 1))
        #expect(bed.take().map(\.event).contains(.election(.voteReady(node: 3, election: 0))))
    }

    @Test func anHonestParentAnswersOnTime() {
        let bed = TestBed(TestBed.config())
        #expect(bed.m.behaviors.answer(by: 1, to: 3, sentAt: 0) == .served(late: 0))
    }
}
