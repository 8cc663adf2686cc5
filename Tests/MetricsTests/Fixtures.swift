import Foundation
@testable import Metrics
import SimCore
@testable import ValidiumModel  // SampleRow and AcceptanceRow have no public init

/// Hand-built results with known answers.
///
/// Tree: L1 0 → validiums 1, 2 (depth 1); 1 → 3, 4 (depth 2).
/// Transactions at depth 1 (origin 1): 20 reach the L1 after 1…20 s (shuffled), 3 never do;
/// the first 15 of them are globally final after 2 × their L1 latency, the rest never.
/// Transactions at depth 2 (origin 4): L1 after 7 s and 9 s, one never.
/// Updates at depth 2 (origin 3): local finality after 3, 1, 2 s and never; L1 arrival after 5…8 s.
/// Update at depth 1 (origin 2): local after 2 s, arrival after 4 s.
enum Fixture {
    static let s = Time.second

    static func tx(origin: Int32, depth: Int16, created: SimTime, l1: SimTime?, global: SimTime?) -> TrackedItem {
        var item = TrackedItem(kind: .transaction, origin: origin, depth: depth, created: created)
        if let l1 { item.l1Included = created + l1; item.l1Arrival = created + l1 - 500_000; item.l1Block = 3 }
        if let global { item.globalFinal = created + global; item.pathFinal = created + global }
        return item
    }

    static func update(origin: Int32, depth: Int16, created: SimTime, local: SimTime?, arrival: SimTime) -> TrackedItem {
        var item = TrackedItem(kind: .update, origin: origin, depth: depth, created: created)
        if let local { item.localFinal = created + local }
        item.l1Arrival = created + arrival
        return item
    }

    static var items: [TrackedItem] {
        var items: [TrackedItem] = []
        let order = [7, 1, 20, 13, 2, 19, 5, 11, 3, 17, 8, 14, 4, 16, 9, 6, 18, 10, 15, 12]
        for latency in order {
            let l = SimTime(latency) * s
            items.append(tx(origin: 1, depth: 1, created: SimTime(latency) * 100_000, l1: l,
                            global: latency <= 15 ? 2 * l : nil))
        }
        for k in 0..<3 { items.append(tx(origin: 1, depth: 1, created: SimTime(k) * s, l1: nil, global: nil)) }
        items.append(tx(origin: 4, depth: 2, created: 5 * s, l1: 7 * s, global: nil))
        // Reverted at 40 s by an election (included at 15 s; the root-only rule had it final at 26 s).
        var reverted = tx(origin: 4, depth: 2, created: 6 * s, l1: 9 * s, global: 20 * s)
        reverted.pathFinal = -1; reverted.revertedAt = 40 * s
        items.append(reverted)
        // Re-included at 30 s after reaching the L1 at 10 s in a dropped update; not on the L1 again.
        var copy = tx(origin: 4, depth: 2, created: 7 * s, l1: nil, global: nil)
        copy.reincludedAt = 30 * s; copy.firstL1Included = 10 * s
        items.append(copy)
        for (k, local) in [3, 1, 2, -1].enumerated() {
            items.append(update(origin: 3, depth: 2, created: SimTime(k) * 15 * s,
                                local: local < 0 ? nil : SimTime(local) * s, arrival: SimTime(5 + k) * s))
        }
        items.append(update(origin: 2, depth: 1, created: 0, local: 2 * s, arrival: 4 * s))
        return items
    }

    static func node(_ id: Int32, parent: Int32, depth: Int32, children: Int32, bytes: Int64, da: Int64,
                     retained: Int32, rounds: Int64) -> NodeRow {
        NodeRow(id: id, parent: parent, depth: depth, children: children, subtreeSize: children + 1,
                storageBytes: bytes, daBytesFetched: da, rounds: rounds, transactions: rounds * 3,
                retainedAtParent: retained, lastStamp: 8)
    }

    static var results: RunResults {
        let config = ModelConfig(tree: TreeConfig(shape: .explicit(parents: [0, 0, 1, 1])), duration: 100 * s)
        let nodes = [
            NodeRow(id: 0, parent: -1, depth: 0, children: 2, subtreeSize: 5, storageBytes: 0, daBytesFetched: 0,
                    rounds: 0, transactions: 0, retainedAtParent: 0, lastStamp: 8),
            node(1, parent: 0, depth: 1, children: 2, bytes: 1000, da: 10, retained: 2, rounds: 10),
            node(2, parent: 0, depth: 1, children: 0, bytes: 3000, da: 20, retained: 4, rounds: 20),
            node(3, parent: 1, depth: 2, children: 0, bytes: 5000, da: 30, retained: 1, rounds: 30),
            node(4, parent: 1, depth: 2, children: 0, bytes: 7000, da: 50, retained: 3, rounds: 40),
        ]
        let samples = [(3, 1), (5, 4), (7, 2)].enumerated().map { (k, v) in
            SampleRow(time: SimTime(k + 1) * 30 * s, l1Block: Int32(k * 2), finalBlock: Int32(k),
                      l1RetainedHashes: Int32(v.0), l1NonFinalStates: Int32(v.1), txIncludedPerSecond: 1.5,
                      txFinalPerSecond: 0.5, events: UInt64(k) * 100)
        }
        let acceptance = (0..<4).map { AcceptanceRow(time: 60 * s, block: Int32($0 + 1), accepted: Int32(4 - $0)) }
        let blocks: [BlockRow] = (1...5).map { (k: Int) -> BlockRow in
            let t = SimTime(k) * 12 * s
            let final: SimTime = k <= 3 ? t + 24 * s : -1
            return BlockRow(number: Int32(k), time: t, zkpsIncluded: 2, txsIncluded: 100, finalAt: final)
        }
        var counters = RunCounters()
        counters.txCreated = 1000; counters.txIncluded = 800; counters.txFinal = 500
        counters.txTrackProbability = 0.25; counters.updateTrackProbability = 1
        counters.rounds = 100; counters.zkpsDelivered = 120; counters.lastBlock = 8; counters.finalBlock = 6
        counters.windowTruncations = 0; counters.maxSummaryStamps = 9; counters.maxL1Retained = 11
        counters.daBytesFetched = 110
        // Node 1 withholds from 20 s, is detected at 21 s and replaced at 24 s; node 3 exits, node 4 is a victim.
        var faults = FaultResults()
        faults.faults = [FaultRow(node: 1, behavior: "withhold_da", from: 20 * s, until: -1, detectedAt: 21 * s,
                                  firstDetector: 3, recoveredAt: 24 * s)]
        faults.elections = [ElectionRow(id: 0, faulty: 1, counter: 0, subtreeSize: 3, startedAt: 21 * s,
                                        majorityAt: 24 * s, installedAt: 24 * s, newOperator: 3,
                                        firstUpdateAt: 30 * s, finalityResumedAt: 42 * s, votes: 2)]
        faults.votes = [VoteRow(election: 0, time: 22 * s, votes: 1), VoteRow(election: 0, time: 24 * s, votes: 2)]
        faults.exits = [ExitRow(node: 3, faulty: 1, detectedAt: 21 * s, completedAt: 36 * s, newParent: 0, onL1: true)]
        faults.victims = [VictimRow(node: 4, faulty: 1)]
        faults.safetyViolations = [SafetyViolationRow(item: 0, origin: 1, finalAt: 10 * s, droppedAt: 12 * s, node: 1)]
        faults.alarms = 2
        faults.l1Transactions = 1
        var r = RunResults(config: config, seed: 7, simulatedEnd: 100 * s, events: 2000,
                           traceDigest: "0123456789abcdef0123456789abcdef", nodes: nodes, items: items,
                           samples: samples, acceptance: acceptance, blocks: blocks, counters: counters, faults: faults)
        // Two messages 3 → 4: one minted and confirmed directly, one still in flight.
        r.config.workload.bridge = BridgeConfig(rate: 0.01)
        r.bridge.messages = [
            MessageRow(id: 0, sender: 3, recipient: 4, route: .direct, created: 10 * s, sent: 10 * s, burnIncluded: 12 * s,
                       burnAtL1: 24 * s, minted: 40 * s, receiptAtL1: 60 * s, confirmed: 70 * s, hopsUp: 2, hopsDown: 2,
                       l1Transactions: 0, freezeTime: 58 * s),
            MessageRow(id: 1, sender: 3, recipient: 4, route: .direct, created: 50 * s, sent: 70 * s, burnIncluded: 72 * s,
                       burnAtL1: -1, minted: -1, receiptAtL1: -1, confirmed: -1, hopsUp: 2, hopsDown: 2,
                       l1Transactions: 0, freezeTime: -1),
        ]
        r.bridge.burned = 2
        r.bridge.minted = 1
        // A fork-aware L1: genesis and one final block, one fork, one L1 election.
        r.l1.forkAware = true
        r.l1.blocks = [L1BlockRow(id: 0, height: 0, parent: -1, fork: 0, produced: 0, finalAt: 0, acceptanceAtFinal: 10,
                                  zkps: 0, txs: 0, abandoned: false),
                       L1BlockRow(id: 1, height: 1, parent: 0, fork: 0, produced: 12 * s, finalAt: 30 * s,
                                  acceptanceAtFinal: 8, zkps: 3, txs: 40, abandoned: false)]
        r.l1.forks = [ForkRow(id: 0, base: -1, tip: 1, tipHeight: 1, operatorGeneration: 0, createdAt: 0, aliveUpTo: 1)]
        r.l1.elections = [L1ElectionRow(id: 0, startedAt: 50 * s, majorityAt: 51 * s, weight: 9, needed: 5, voters: 3,
                                        nonVoters: 0, newOperator: 2, slashedGeneration: 0, resumedFrom: 1, firstFinalAt: 70 * s)]
        r.l1.stall = 40 * s
        r.l1.firstConflictAt = 30 * s
        // Two provers: prover 0 (stake 100, speed 2) earned 3 of 4 reward units, prover 1 the rest.
        r.config.provers = ProverMarketConfig(pool: [ProverGroup(count: 1, stake: 100, speed: .constant(2)),
                                                     ProverGroup(count: 1, stake: 50)])
        var p0 = ProverRow(id: 0, initialStake: 100, speed: 2, invalidRate: 0)
        p0.jobs = 2; p0.onTime = 1; p0.missedDeadlines = 1; p0.rewards = 3; p0.rewardShare = 0.75
        p0.reputation = 0.5; p0.reputationShare = 0.5; p0.reputationShareMean = 0.6; p0.busy = 4 * s
        var p1 = ProverRow(id: 1, initialStake: 50, speed: 1, invalidRate: 0)
        p1.jobs = 1; p1.onTime = 1; p1.rewards = 1; p1.rewardShare = 0.25
        p1.reputationShare = 0.5; p1.reputationShareMean = 0.4; p1.busy = s
        r.provers.provers = [p0, p1]
        var j0 = ProofJobRow(job: 0, node: 2, work: 3 * s, submitted: 10 * s)
        j0.dispatched = 10 * s; j0.delivered = 11 * s; j0.prover = 1; j0.assignments = 2; j0.missed = 1
        var j1 = ProofJobRow(job: 1, node: 3, work: s, submitted: 20 * s)
        j1.dispatched = 20 * s; j1.delivered = 23 * s; j1.prover = 0; j1.assignments = 1
        r.provers.jobs = [j0, j1]
        r.provers.latencies = [1, 3]
        r.provers.submitted = 2
        r.provers.missedDeadlines = 1
        r.provers.reassignments = 1
        // Node 1 in class "slow" (rows: slow, below slow, rest); two L1 block steps' gas.
        r.config.classes = [OperatorClass(name: "slow", nodes: [1])]
        r.gas = L1GasResults(perZkp: 100, perMessage: 10, limit: 300)
        r.gas.perBlock = [200, 300]
        r.gas.zkps = 5; r.gas.deferredZkps = 1; r.gas.waitedBlocks = 2; r.gas.maxWaitBlocks = 2; r.gas.maxQueue = 1
        // One forged update refused by node 1.
        r.proofs.verified = 30
        r.proofs.rejections = [RejectionRow(time: 50 * s, node: 4, checker: 1, kind: "update",
                                            check: "commitment_and_key", reason: "state root does not match the committed state")]
        return r
    }

    static func record(name: String = "fixture", seed: UInt64 = 7) -> RunRecord {
        RunRecord(name: name, scenarioPath: "scenarios/fixture.yaml", scenarioText: "name: fixture\n",
                  scenarioCanonical: "name: fixture\nseed: 7\n", scenarioDigest: "abc123",
                  overrides: ["tree.width=4", "network.bandwidth=unlimited"], seed: seed,
                  programVersion: "0.1.0-test", wallSeconds: 4, peakRSSBytes: 50_000_000,
                  startedAt: "2025-01-01T00:00:00Z")
    }

    /// A fresh, empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "metrics-tests-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
