import SimCore
import Testing
@testable import ValidiumModel

/// The receiver's checks (docs/model.md §9) and what follows a refusal, without a World.
@Suite struct ProofChecksTests {
    @Test func aForgedUpdateIsRefusedAndItsForgerReportedToItsChildren() {
        var c = TestBed.config()
        c.faults.adversaries = [AdversaryEntry(nodes: [3], behavior: .forge)]
        let bed = TestBed(c)
        bed.startAdversary(0)
        let pool = bed.ctx.pool
        let forged = pool.allocate()
        bed.m.proofs.proveUpdate(node: 3, record: forged, stamp: 1, round: 1, transactions: 0)
        bed.at(40 * s)
        #expect(!bed.m.proofs.checkDelivered(child: 3, record: forged, parent: 1))
        #expect(bed.m.proofs.results.rejections.map(\.kind) == ["update"])
        #expect(bed.m.behaviors.rows.first?.detectedAt == 40 * s && bed.m.behaviors.rows.first?.firstDetector == 1)
        #expect(bed.take() == [7, 8].map { Scheduled(time: 40 * s + 10 * ms, event: .fault(.alarm(node: $0, faulty: 3, from: 1))) })

        let honest = pool.allocate()
        bed.m.proofs.proveUpdate(node: 4, record: honest, stamp: 1, round: 1, transactions: 0)
        #expect(bed.m.proofs.checkDelivered(child: 4, record: honest, parent: 1))
        #expect(bed.m.proofs.results.verified == 2)
    }
}
