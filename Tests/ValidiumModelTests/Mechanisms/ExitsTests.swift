import SimCore
import Testing
@testable import ValidiumModel

/// Exits and re-attachment (docs/model.md §5, `recovery: exit`) as a state machine, without a World.
@Suite struct ExitsTests {
    static func bed(faulty: Int32, depth: Int, reattach: ReattachRule) -> TestBed {
        var c = TestBed.config(depth: depth)
        c.faults.adversaries = [AdversaryEntry(nodes: [faulty], behavior: .withholdDA)]
        c.faults.recovery = .exit
        c.faults.reattach = reattach
        let bed = TestBed(c)
        bed.startAdversary(0)
        return bed
    }

    @Test func anExitCountedByTheL1WaitsForTheNextBlockAndReattaches() {
        let bed = Self.bed(faulty: 1, depth: 2, reattach: .leastLoadedSibling)
        let exits = bed.m.exits
        bed.at(10 * s); exits.start(3, from: 1)
        #expect(bed.take() == [Scheduled(time: 11 * s, event: .exit(.ready(node: 3, from: 1)))])
        bed.at(11 * s); exits.handle(.ready(node: 3, from: 1))
        #expect(bed.take() == [Scheduled(time: 11 * s + 10 * ms, event: .exit(.arrive(node: 3, from: 1)))])
        bed.at(11 * s + 10 * ms); exits.handle(.arrive(node: 3, from: 1))
        #expect(bed.ctx.tree.parent[3] == 1, "the L1 processes it in its next block")
        bed.at(12 * s); exits.processL1()
        #expect(bed.ctx.tree.parent[3] == 2, "under the least loaded honest L2 node")
        #expect(bed.ctx.tree.subtreeSize[2] == 4 && bed.ctx.nodes[3].depth == 2)
        #expect(exits.rows.first?.onL1 == true && exits.rows.first?.completedAt == 12 * s && exits.l1Transactions == 1)
        #expect(bed.ctx.shapeChanges == 1)
        exits.start(3, from: 1)
        #expect(bed.take().isEmpty, "one exit per child")
    }

    @Test func aValidiumCounterReattachesAtOnceToTheGrandparent() {
        // 3 is faulty; its honest parent 1 processes 7's exit on arrival.
        let bed = Self.bed(faulty: 3, depth: 3, reattach: .grandparent)
        bed.at(5 * s); bed.m.exits.handle(.arrive(node: 7, from: 3))
        #expect(bed.m.exits.rows.isEmpty, "an exit that never started is not processed")
        bed.m.exits.start(7, from: 3)
        bed.m.exits.handle(.arrive(node: 7, from: 3))
        #expect(bed.ctx.tree.parent[7] == 1 && bed.m.exits.rows.first?.onL1 == false)
        #expect(bed.m.behaviors.rows.first?.recoveredAt == -1, "8 is still under 3")
        bed.m.exits.start(8, from: 3)
        bed.m.exits.handle(.arrive(node: 8, from: 3))
        #expect(bed.m.behaviors.rows.first?.recoveredAt == 5 * s, "no honest child left under 3")
    }
}
