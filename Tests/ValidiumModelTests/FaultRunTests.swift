import Testing
import SimCore
@testable import ValidiumModel

/// Faulty operators end to end on small trees with constant timings, so that the times of
/// detection, votes and takeover can be checked against bounds derived from the parameters.
@Suite struct FaultTests {
    static let delay: SimTime = 100 * Time.millisecond
    static let step: SimTime = 200 * Time.millisecond
    static let every: SimTime = 15 * Time.second

    /// w = 3, d = 4 (121 nodes): node 1 has b = 40 (3 levels below it). Aligned 15 s rounds,
    /// constant 100 ms delay, 200 ms recursion step, unlimited bandwidth, no check time.
    static func config(_ faulty: [AdversaryEntry], recovery: RecoveryMode = .replace,
                       duration: SimTime = 4 * Time.minute) -> ModelConfig {
        var c = Fixture.baseline(depth: 4, duration: duration)
        c.update.phase = .aligned
        c.network.latency = .constant(Double(delay))
        c.network.bandwidthBitsPerSecond = nil
        c.proofs.recursionStep = .constant(Double(step))
        c.proofs.verification = .constant(0)
        c.faults.adversaries = faulty
        c.faults.recovery = recovery
        return c
    }

    /// The literal behaviour and forge codes the event loop reads are the enums' codes.
    @Test func literalFaultCodesMatchTheEnums() {
        #expect(Behaviors.offline == Behaviors.code(.offline))
        #expect(Behaviors.withhold == Behaviors.code(.withholdDA))
        #expect(Behaviors.censor == Behaviors.code(.censor))
        #expect(Behaviors.slow == Behaviors.code(.slow))
        #expect(Behaviors.collude == Behaviors.code(.collude))
        #expect(Behaviors.forge == Behaviors.code(.forge))
        #expect(Behaviors.delayDA == Behaviors.code(.delayDA))
        #expect(Behaviors.forgesUpdate == Behaviors.forgeCode(.update))
        #expect(Behaviors.forgesBurn == Behaviors.forgeCode(.burn))
        #expect(Behaviors.forgesVote == Behaviors.forgeCode(.vote))
    }

    @Test func withholdingL2IsDetectedAndReplacedByOneElection() {
        let from = 60 * Time.second   // a round slot: the children fetch at once
        let c = Self.config([AdversaryEntry(nodes: [1], behavior: .withholdDA, from: from)])
        let r = Fixture.run(c)
        let f = r.faults
        // Detection: request (one delay) refused, refusal back (one delay).
        #expect(f.faults[0].detectedAt == from + 2 * Self.delay)
        #expect([4, 5, 6].contains(f.faults[0].firstDetector))
        #expect(f.elections.count == 1)
        let e = f.elections[0]
        #expect(e.faulty == 1 && e.counter == 0 && e.subtreeSize == 40 && e.votes > 20)
        // Bound: detection + gossip down 3 levels + own check (2 delays) + vote proof + 3 levels of
        // aggregation (proof + hop) + the last hop to the counter.
        let levels: SimTime = 3
        let bound = f.faults[0].detectedAt + levels * Self.delay + 2 * Self.delay + Self.step
            + levels * (Self.step + Self.delay) + Self.delay
        #expect(e.majorityAt > f.faults[0].detectedAt && e.majorityAt <= bound,
                "majority at \(Time.format(e.majorityAt)), bound \(Time.format(bound))")
        #expect(e.installedAt == e.majorityAt && e.newOperator == f.faults[0].firstDetector)
        #expect(e.firstUpdateAt > e.installedAt && e.firstUpdateAt <= e.installedAt + Self.every + Time.second)
        #expect(e.finalityResumedAt > e.installedAt, "local finality of node 1 resumes")
        #expect(f.victims.isEmpty && f.faults[0].recoveredAt == e.installedAt)
        // Votes only grow, and the last count is the majority's.
        let votes = f.votes.map(\.votes)
        #expect(zip(votes, votes.dropFirst()).allSatisfy { $0 < $1 } && votes.last == e.votes)
        #expect(Fixture.run(c).traceDigest == r.traceDigest, "a rerun is the same run")
    }

    @Test func cascadeInstallsOperatorsBottomUp() {
        let from = 60 * Time.second
        let c = Self.config([AdversaryEntry(nodes: [1, 4], behavior: .withholdDA, from: from)])
        let r = Fixture.run(c)
        let byNode = Dictionary(uniqueKeysWithValues: r.faults.elections.map { ($0.faulty, $0) })
        let lower = byNode[4], upper = byNode[1]
        #expect(lower?.counter == 0, "node 4's parent is faulty: its votes are counted above it, at the L1")
        #expect(upper?.counter == 0)
        if let lower, let upper {
            #expect(lower.installedAt > 0 && upper.installedAt >= lower.installedAt, "bottom-up")
        }
        #expect(r.faults.victims.isEmpty)
        #expect(r.faults.faults.allSatisfy { $0.recoveredAt > 0 })
    }

    @Test func exitsMoveEveryChildSubtreeWithOneL1TransactionEach() {
        let c = Self.config([AdversaryEntry(nodes: [1], behavior: .withholdDA, from: 60 * Time.second)], recovery: .exit)
        let r = Fixture.run(c)
        #expect(r.faults.elections.isEmpty)
        #expect(r.faults.exits.count == 3 && r.faults.exits.allSatisfy { $0.completedAt > 0 && $0.onL1 && $0.newParent == 0 })
        #expect(r.faults.l1Transactions == 3)
        #expect(r.faults.victims.isEmpty)
        // The tree changed shape: nodes 4, 5, 6 hang under the L1, their subtrees one level up.
        for v in [4, 5, 6] { #expect(r.nodes[v].parent == 0 && r.nodes[v].depth == 1) }
        #expect(r.nodes[1].children == 0)
        let leaf = r.nodes.first { $0.parent == 4 }!
        // Its ancestors' group VMs: the L1 (now 6 children + 1) and node 4 (3 children + 1).
        #expect(leaf.depth == 2 && leaf.storageBytes == (7 + 4) * 43_000, "storage follows the new shape: \(leaf.storageBytes)")
    }

    @Test func aSlowButHonestParentTriggersNoElection() {
        let c = Self.config([AdversaryEntry(nodes: [1], behavior: .slow, from: 0, factor: 20)])
        let r = Fixture.run(c)
        #expect(r.faults.elections.isEmpty && r.faults.alarms == 0 && r.faults.victims.isEmpty)
        #expect(r.faults.faults[0].detectedAt == -1)
        // It is slower: node 1's rounds take 20 × 4 × 200 ms = 16 s > 15 s, so it skips slots.
        #expect(r.nodes[1].rounds < r.nodes[2].rounds)
    }

    @Test func anOfflineParentIsDetectedAfterTheTimeout() {
        let from = 60 * Time.second
        let c = Self.config([AdversaryEntry(nodes: [4], behavior: .offline, from: from)])
        let r = Fixture.run(c)
        #expect(r.faults.faults[0].detectedAt == from + c.faults.daTimeout, "the first fetch times out")
        #expect(r.faults.elections.count == 1 && r.faults.elections[0].counter == 1)
        #expect(r.faults.elections[0].installedAt > 0 && r.faults.victims.isEmpty)
        #expect(r.nodes[4].rounds > 4, "the new operator brings node 4 back")
    }

    @Test func aColludingMajorityLeavesVictims() {
        // Node 1 withholds from its honest child 6 and serves colluders 4 and 5 and their subtrees.
        var c = Self.config([AdversaryEntry(nodes: [1], behavior: .withholdDA, from: 60 * Time.second),
                             AdversaryEntry(nodes: [4, 5] + Array(13...18) + Array(40...57), behavior: .collude)])
        c.faults.electionTimeout = 40 * Time.second
        let r = Fixture.run(c)
        // Every attempt fails at its timeout and is retried with the next candidate; none installs.
        #expect(r.faults.elections.count > 1 && r.faults.elections.allSatisfy { $0.installedAt == -1 })
        #expect(r.faults.elections.dropLast().allSatisfy { $0.outcome == "failed" } && r.faults.elections.last!.outcome == "open")
        #expect(r.faults.elections.map(\.attempt) == (1...Int32(r.faults.elections.count)).map { $0 })
        #expect(r.faults.elections[0].votes == 13, "only the honest subtree of node 6 votes")
        #expect(r.faults.victims.count == 13 && r.faults.victims.allSatisfy { $0.faulty == 1 })
    }

    @Test func sybilsDefeatAnElectionOnlyWithPermissionlessAdmission() {
        var c = Self.config([AdversaryEntry(nodes: [1], behavior: .withholdDA, from: 3 * Time.minute)])
        c.faults.sybil = SybilConfig(rate: 0.5, under: 1, from: 0, until: 3 * Time.minute)
        c.faults.admission = .permissionless
        let open = Fixture.run(c)
        #expect(open.faults.sybilsJoined > 60 && open.nodes.count == 121 + Int(open.faults.sybilsJoined))
        #expect(open.faults.elections.count == 1 && open.faults.elections[0].installedAt == -1)
        #expect(open.faults.elections[0].subtreeSize == 40 + Int32(open.faults.sybilsJoined), "b(p) counts the Sybils")
        #expect(open.faults.victims.count == 39, "every honest descendant of node 1 is cut off")
        c.faults.admission = .permissioned
        let closed = Fixture.run(c)
        #expect(closed.faults.sybilsJoined == 0 && closed.faults.sybilsRefused == open.faults.sybilsJoined)
        #expect(closed.faults.elections.first?.installedAt ?? -1 > 0 && closed.faults.victims.isEmpty)
    }
}
