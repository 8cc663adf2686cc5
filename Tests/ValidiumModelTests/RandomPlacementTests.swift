import SimCore
import Stochastic
import Testing
@testable import ValidiumModel

/// Emergency control under random adversary placements (issue 16): with an honest majority in every
/// subtree, no run reverts a final item, leaves an election without a recorded outcome, or breaks
/// an invariant. 200 placements on small trees (31 and 40 nodes, 12 minutes), drawn from a fixed
/// seed so that a failure names a reproducible placement.
@Suite struct RandomPlacementTests {
    /// Placement k: 1–3 faulty validiums (withhold_da, offline or censor) from a random minute, to
    /// the end or for a random window; replace or exit; a random election timeout.
    static func placement(_ k: Int) -> (ModelConfig, String) {
        var rng = SplitMix64(seed: 0x5EED_0016 &+ UInt64(k))
        func draw(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let (width, depth) = k % 2 == 0 ? (2, 4) : (3, 3)
        var c = Fixture.baseline(width: width, depth: depth, duration: 12 * Time.minute)
        c.metrics.trackedTransactions = 2_000
        c.faults.recovery = draw(4) == 0 ? .exit : .replace
        c.faults.electionTimeout = [nil, 60 * Time.second, 3 * Time.minute][draw(3)]
        let n = Tree.nodeCount(of: c.tree.shape)!
        let behaviors: [Behavior] = [.withholdDA, .offline, .censor]
        var text: [String] = []
        var used = Set<Int32>()
        for _ in 0..<(1 + draw(3)) {
            let v = Int32(1 + draw(n - 1))
            guard used.insert(v).inserted else { continue }
            let from = SimTime(1 + draw(6)) * Time.minute
            let until: SimTime = draw(2) == 0 ? .max : from + SimTime(1 + draw(4)) * Time.minute
            let b = behaviors[draw(behaviors.count)]
            c.faults.adversaries.append(AdversaryEntry(nodes: [v], behavior: b, from: from, until: until))
            text.append("\(v) \(b.rawValue) \(from / Time.minute)m–\(until == .max ? "end" : "\(until / Time.minute)m")")
        }
        return (c, "placement \(k): w=\(width) d=\(depth) \(c.faults.recovery.rawValue) " + text.joined(separator: ", "))
    }

    @Test(arguments: 0..<200)
    func noFinalItemIsRevertedAndEveryElectionEnds(_ k: Int) {
        let (c, what) = Self.placement(k)
        let r = Fixture.run(c, seed: UInt64(k))
        #expect(r.invariants.violations == 0, "\(what): \(r.invariants.examples)")
        #expect(r.faults.safetyViolations.isEmpty, "\(what)")
        #expect(r.items.allSatisfy { $0.revertedAt < 0 || $0.pathFinal < 0 }, "\(what): a reverted item was final")
        for e in r.faults.elections {
            #expect(["installed", "failed", "open"].contains(e.outcome) && (e.outcome == "installed") == e.reason.isEmpty,
                    "\(what): election \(e.id) \(e.outcome) '\(e.reason)'")
            #expect(e.outcome != "installed" || e.installedStamp >= 0, "\(what): installed on no state")
        }
    }
}
