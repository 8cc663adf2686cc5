import SimCore
import Testing
@testable import ValidiumModel

/// Sybil admission (docs/model.md §5), without a World.
@Suite struct SybilAdmissionTests {
    static func bed(_ admission: Admission) -> TestBed {
        var c = TestBed.config(depth: 2)
        c.faults.sybil = SybilConfig(rate: 1, under: 1)
        c.faults.admission = admission
        return TestBed(c)
    }

    @Test func permissionedAdmissionRefusesAndTheAttackGoesOn() {
        let bed = Self.bed(.permissioned)
        bed.at(5 * s); bed.m.admission.join(under: 1)
        let next = bed.take()
        #expect(next.count == 1 && next[0].event == .sybilJoin(under: 1) && next[0].time > 5 * s)
        #expect(bed.m.admission.refused == 1 && bed.ctx.n == 7)
    }

    @Test func permissionlessAdmissionAddsAColludingValidium() {
        let bed = Self.bed(.permissionless)
        bed.at(5 * s); bed.m.admission.join(under: 1)
        #expect(bed.ctx.n == 8 && bed.ctx.tree.parent[7] == 1 && bed.ctx.tree.subtreeSize[1] == 4)
        #expect(bed.m.behaviors.colludes(7) && bed.m.admission.joined == 1)
        let events = bed.take().map(\.event)
        #expect(events.first == .sybilJoin(under: 1))
        #expect(events.last == .round(.start(node: 7, generation: 0)), "the newcomer starts its rounds")
        #expect(bed.ctx.delivered[7] >= 0, "its genesis ZKP is held by its parent")
    }
}
