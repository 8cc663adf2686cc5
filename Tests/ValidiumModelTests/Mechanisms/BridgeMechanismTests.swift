import SimCore
import Testing
@testable import ValidiumModel

/// Direct bridging, bots, the nullifier ledger and forced routing (docs/model.md §6), without a World.
@Suite struct BridgeMechanismTests {
    static func bed(freeze: FreezeMode = .outbound) -> TestBed {
        var c = TestBed.config()
        var b = BridgeConfig(rate: 0)
        b.bots.count = 2
        b.bots.delay = .constant(Double(Time.second))
        b.bots.availability = 1
        b.freeze = freeze
        b.destinations = .pairs([[3, 13]])
        c.workload.bridge = b
        return TestBed(c)
    }

    @Test func theEarliestFreeBotDelivers() {
        let bed = Self.bed()
        bed.at(10 * s)
        for _ in 0..<3 { bed.m.bridge.relayByBot(.proof, to: 13, message: 0) }
        #expect(bed.take().map(\.time) == [11 * s, 11 * s, 12 * s], "two bots: the third delivery waits")
        #expect(bed.m.bridge.results.botDeliveries == 3)
    }

    @Test func aSenderIsFrozenUntilConfirmedAndItsNextMessageWaits() {
        let bed = Self.bed(freeze: .full)
        let bridge = bed.m.bridge
        bed.at(1 * s)
        bridge.send(3)
        bridge.send(3)
        #expect(bridge.messages.map(\.sent) == [1 * s, -1], "the second message is queued behind the freeze")
        #expect(!bridge.frozenFully(3), "it still has its burn to make")
        bed.at(2 * s); bridge.collect(3)
        #expect(bridge.frozenFully(3))
        #expect(bed.take() == [Scheduled(time: 122 * s, event: .bridge(.force(node: 3, message: 0)))])
        // The confirmation unfreezes it and the queued message starts.
        bed.at(60 * s); bridge.handle(.confirm(node: 3, message: 0))
        #expect(bridge.messages[0].confirmed == 60 * s && bridge.messages[1].sent == 60 * s)
    }

    @Test func theNullifierRefusesASecondMint() {
        let bed = Self.bed()
        let bridge = bed.m.bridge
        bridge.send(3)
        bed.at(30 * s)
        bridge.mint(0, at: 13)
        bridge.mint(0, at: 13)
        #expect(bridge.results.minted == 1 && bridge.results.doubleMintsRejected == 1)
        #expect(bridge.messages[0].minted == 30 * s)
    }

    @Test func anUnconfirmedMessageIsForcedThroughTheCommonAncestor() {
        let bed = Self.bed()
        let bridge = bed.m.bridge
        // 3 (under 1) to 13 (under 6, under 2): the common ancestor is the L1.
        #expect(bed.m.forced.lowestCommonAncestor(3, 13) == 0 && bed.m.forced.lowestCommonAncestor(7, 8) == 3)
        bridge.send(3)
        bridge.collect(3)
        bed.at(122 * s); bridge.handle(.force(node: 3, message: 0))
        #expect(bridge.messages[0].route == .forced && bridge.messages[0].hopsUp == 2 && bridge.messages[0].hopsDown == 3)
        #expect(bed.m.forced.hasPendingPush(3))
    }
}

/// Forced routing's deadline (docs/model.md §6): a censoring node on the route that
/// holds a forced message past `forced.deadline` rounds has missed a forced operation, and its
/// child on the route acts as for any fault (§5).
@Suite struct ForcedDeadlineTests {
    @Test func aCensorThatHoldsAForcedMessageMissesItsDeadlineAndIsReported() {
        var c = TestBed.config()
        var b = BridgeConfig(rate: 0)
        b.destinations = .pairs([[7, 13]])
        c.workload.bridge = b
        c.faults.adversaries = [AdversaryEntry(nodes: [3], behavior: .censor)]
        let bed = TestBed(c)
        bed.startAdversary(0)
        let bridge = bed.m.bridge, forced = bed.m.forced
        // 7 (under 3, under 1) sends to 13 (under 6, under 2): the common ancestor is the L1.
        bridge.send(7)
        bridge.collect(7)
        bed.at(122 * s); bridge.handle(.force(node: 7, message: 0))
        forced.collect(7)                                      // the forced item rides 7's next ZKP
        bed.ctx.nodes[3].inbox = bed.ctx.nodes[7].inbox        // … delivered to its parent 3
        bed.ctx.nodes[7].inbox = ItemList()
        _ = bed.take()
        bed.at(140 * s); forced.collect(3)
        #expect(bed.take() == [Scheduled(time: 170 * s, event: .forcedDeadline(node: 3, message: 0))],
                "forced.deadline (2) rounds of 15 s")
        bed.at(170 * s); forced.deadlinePassed(3, message: 0)
        #expect(forced.missedDeadlines == 1 && bed.m.behaviors.anyMissedForced)
        #expect(bed.take().map(\.event).contains(.election(.voteReady(node: 7, election: 0))),
                "7, on the route under 3, confirms the fault and votes")
    }
}
