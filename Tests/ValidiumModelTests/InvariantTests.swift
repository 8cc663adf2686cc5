import Testing
import SimCore
@testable import ValidiumModel

/// The invariant checks fire on a broken state and stay silent on honest runs (issue 10).
@Suite struct InvariantTests {
    @Test func honestAndAttackedRunsKeepEveryInvariant() {
        var c = Fixture.baseline(depth: 4, duration: 10 * Time.minute)
        #expect(Fixture.run(c).invariants.hold)
        c.faults.adversaries = [AdversaryEntry(nodes: [1], behavior: .withholdDA, from: 2 * Time.minute)]
        let r = Fixture.run(c)
        #expect(r.invariants.hold && r.invariants.checks > 1_000, "\(r.invariants.checks) checks")
    }

    @Test func aSummaryThatMiscountsItsSubtreeIsAViolation() {
        let world = World(config: Fixture.baseline(depth: 3, duration: 5 * Time.minute), seed: 1)
        world.start()
        world.run(until: 2 * Time.minute)
        #expect(world.ctx.invariants.hold)
        // Node 1 has b = 13; a forged ZKP claims 14 nodes, and acceptance of its final state drops.
        let forged = world.ctx.pool.allocate()
        [SummaryPair.make(stamp: 0, count: 14)].withUnsafeBufferPointer { world.ctx.pool.setSummary(forged, from: $0, count: 1) }
        world.mechanisms.cycle.accept(child: 1, record: forged)
        #expect(world.ctx.invariants.violations >= 1)
        #expect(world.ctx.invariants.examples.first?.contains("node 1's summary counts 14 nodes, b = 13") == true)
    }
}
