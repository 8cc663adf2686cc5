import Testing
import SimCore
@testable import ValidiumModel

@Test func smokeBaseline() {
    let r = Fixture.run(Fixture.baseline(depth: 4))
    let tx = r.items.filter { $0.kind == .transaction }
    let fin = tx.filter { $0.globalFinal >= 0 }.map { Time.seconds($0.globalFinal - $0.created) }
    let inc = tx.filter { $0.l1Included >= 0 }.map { Time.seconds($0.l1Included - $0.created) }
    print("events", r.events, "digest", r.traceDigest, "blocks", r.counters.lastBlock, "final", r.counters.finalBlock)
    print("tx tracked", tx.count, "final", fin.count, "p50", percentile(fin, 50), "p99", percentile(fin, 99), "incl p50", percentile(inc, 50))
    print("maxL1Retained", r.counters.maxL1Retained, "maxPairs", r.counters.maxSummaryStamps)
    #expect(r.counters.finalBlock > 0)
}
