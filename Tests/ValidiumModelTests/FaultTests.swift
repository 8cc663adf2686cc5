import Testing
import SimCore
@testable import ValidiumModel

/// Faulty operators end to end on small trees (MODEL.md §5).
@Suite struct FaultTests {
    static func attacked(depth: Int = 5, faulty: [AdversaryEntry], recovery: RecoveryMode = .replace,
                         duration: SimTime = 20 * Time.minute) -> ModelConfig {
        var c = Fixture.baseline(depth: depth, duration: duration)
        c.faults.adversaries = faulty
        c.faults.recovery = recovery
        return c
    }

    @Test func withholdingL2IsReplacedByOneElection() {
        let from = 5 * Time.minute
        let c = Self.attacked(faulty: [AdversaryEntry(nodes: [1], behavior: .withholdDA, from: from)])
        let r = Fixture.run(c)
        let f = r.faults
        print(f.faults, f.elections, f.votes.count, f.victims.count, f.alarms)
        #expect(f.elections.count == 1)
        let e = f.elections[0]
        #expect(e.faulty == 1 && e.counter == 0 && e.installedAt > 0)
        // Bound: detection within one round period + da refusal, gossip over the subtree, one
        // recursion step per level of vote aggregation plus a network delay per hop.
        let every = 15 * Time.second, levels = Int64(4)
        let bound = from + every + levels * 2 * Time.second + levels * (Time.second + 2 * Time.second)
        #expect(e.majorityAt <= bound, "majority at \(Time.format(e.majorityAt)), bound \(Time.format(bound))")
        #expect(e.firstUpdateAt > e.installedAt && e.finalityResumedAt > e.installedAt)
        #expect(f.victims.isEmpty)
        #expect(f.faults[0].detectedAt >= from && f.faults[0].recoveredAt == e.installedAt)
    }
}
