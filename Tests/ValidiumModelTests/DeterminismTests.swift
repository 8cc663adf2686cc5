import Testing
import SimCore
@testable import ValidiumModel

@Suite struct DeterminismTests {
    @Test func sameSeedSameRunOtherSeedOtherRun() {
        let c = Fixture.baseline(depth: 4, duration: 10 * Time.minute)
        let a = Fixture.run(c, seed: 7), b = Fixture.run(c, seed: 7), other = Fixture.run(c, seed: 8)
        #expect(a.traceDigest == b.traceDigest)
        #expect(a.events == b.events)
        #expect(a.items == b.items)
        #expect(a.samples == b.samples && a.blocks == b.blocks && a.nodes == b.nodes)
        #expect(a.counters == b.counters)
        #expect(a.traceDigest != other.traceDigest)
    }

    @Test func slicedRunIsTheSameRun() {
        let c = Fixture.baseline(depth: 3, duration: 5 * Time.minute)
        let whole = Fixture.run(c, seed: 3)
        var calls = 0
        let sliced = World(config: c, seed: 3).run(slice: 1_000) { _, _ in calls += 1 }
        #expect(calls > 1)
        #expect(whole.traceDigest == sliced.traceDigest && whole.items == sliced.items)
    }

    /// Lookahead prefetching (on from 20,000 nodes) is a hint: forced on a small tree, with faults,
    /// bridging and a forking L1 off, the run is the same run.
    @Test func prefetchingChangesNothing() {
        let c = Fixture.baseline(depth: 5, duration: 10 * Time.minute)
        let plain = Fixture.run(c, seed: 5)
        let world = World(config: c, seed: 5)
        world.installPrefetch(always: true)
        let prefetched = world.run()
        #expect(world.prefetchedBatches > 1_000, "the hook ran")
        #expect(plain.traceDigest == prefetched.traceDigest && plain.events == prefetched.events)
        #expect(plain.items == prefetched.items && plain.nodes == prefetched.nodes && plain.counters == prefetched.counters)
    }
}
