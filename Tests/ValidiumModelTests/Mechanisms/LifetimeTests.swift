import SimCore
import Testing
@testable import ValidiumModel

/// The mechanisms refer to each other strongly (stored references are called without retaining
/// them); `Mechanisms.deinit` breaks the cycles. A world that is let go frees everything, or every
/// run of a sweep would leak its node records and pool.
@Suite struct LifetimeTests {
    @Test func aFinishedWorldFreesItsMechanismsAndContext() {
        weak var context: ModelContext?
        weak var cycle: UpdateCycle?
        weak var behaviors: Behaviors?
        weak var l1: L1?
        do {
            var c = TestBed.config(depth: 2, duration: 2 * Time.minute)
            c.faults.adversaries = [AdversaryEntry(nodes: [1], behavior: .withholdDA, from: 30 * Time.second)]
            let world = World(config: c, seed: 1)
            context = world.ctx; cycle = world.cycle; behaviors = world.behaviors; l1 = world.l1
            _ = world.run()
        }
        #expect(context == nil && cycle == nil && behaviors == nil && l1 == nil)
    }
}
