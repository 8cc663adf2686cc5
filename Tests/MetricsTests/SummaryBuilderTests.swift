import Foundation
@testable import Metrics
import SimCore
import Testing
import ValidiumModel

/// The figure names in their documented order.
let expectedFigureNames = [
    "nodes", "validiums", "duration",
    "finality.l1.p50", "finality.l1.p95", "finality.l1.p99", "finality.l1.mean", "finality.l1.missing",
    "finality.path.p50", "finality.path.p95", "finality.path.p99", "finality.path.mean", "finality.path.missing",
    "finality.global.p50", "finality.global.p95", "finality.global.p99", "finality.global.mean",
    "finality.global.missing",
    "finality.local.p50", "finality.local.p95", "finality.local.p99", "finality.local.missing",
    "updates.l1_arrival.p50", "updates.l1_arrival.p99", "updates.l1_arrival.missing",
    "tx.created", "tx.included", "tx.final", "tx.tracked", "tx.track_probability",
    "updates.tracked", "updates.track_probability",
    "throughput.tx_per_s", "throughput.final_tx_per_s",
    "l1.blocks", "l1.final_block", "l1.retained.max", "l1.retained.mean", "l1.nonfinal.max",
    "storage.max_bytes", "storage.mean_bytes", "da.bytes_fetched",
    "acceptance.window_truncations", "acceptance.max_summary_stamps",
    "rounds", "zkps.delivered", "invariants.checks", "invariants.violations",
    "faults", "faults.undetected", "detection.max", "elections", "elections.failed", "elections.open", "recovery.p50",
    "recovery.max", "recovery.missing", "victims", "exits", "exits.nodes_moved", "l1_transactions", "alarms", "sybils.joined", "sybils.refused",
    "reverted.transactions", "reverted.updates", "reverted.l1_delay.max", "reverted.globally_final", "reincluded.items",
    "reincluded.extra_latency.p50", "reincluded.extra_latency.max", "finality.safety_violations", "finality.safety",
    "bridge.messages", "bridge.throughput", "bridge.in_flight", "bridge.queued", "bridge.queue_wait.mean",
    "bridge.queue_wait.max", "bridge.l1_transactions", "bridge.double_mints_rejected", "bridge.bot_misses",
    "bridge.missed_deadlines", "bridge.max_l1_messages_per_block", "bridge.invariants",
] + ["direct", "forced", "via_l1"].flatMap { r in
    ["sent", "minted", "confirmed", "in_flight", "mint.p50", "mint.p95", "mint.p99", "confirm.p50", "confirm.p95",
     "confirm.p99", "freeze.mean", "hops.mean"].map { "bridge.\(r).\($0)" }
} + [
    "l1.forks", "l1.final_blocks", "l1.abandoned_blocks", "l1.stall", "l1.elections", "l1.elections.failed",
    "l1.election_time", "wasted_proofs", "l1.orphaned_items", "l1.held_zkps", "safety",
    "l1.gas.total", "l1.gas.per_block.mean", "l1.gas.per_block.max", "l1.gas.per_hour", "l1.gas.per_tx", "l1.gas.per_zkp",
    "l1.gas.zkps", "l1.gas.deferred", "l1.gas.queue.max", "l1.gas.wait.mean", "l1.gas.wait.max",
    "provers.count", "provers.jobs", "provers.jobs.pending", "provers.latency.p50", "provers.latency.p95",
    "provers.latency.p99", "provers.latency.mean", "provers.latency.max", "provers.missed_deadlines",
    "provers.invalid_proofs", "provers.reassignments", "provers.window_waits", "provers.fines", "provers.reward_gini",
    "provers.reputation_gini", "provers.reward_share.max", "provers.fastest_reward_share",
    "provers.reward_vs_reputation", "provers.reward_vs_speed",
    "proofs.verified", "proofs.rejected",
    "run.events", "run.wall_s", "run.events_per_s", "run.peak_rss_mb",
]

/// Figures by name.
func byName(_ figures: [SummaryFigure]) -> [String: SummaryFigure] {
    Dictionary(uniqueKeysWithValues: figures.map { ($0.name, $0) })
}

@Suite struct SummaryBuilderTests {
    let figures = byName(SummaryBuilder.figures(Fixture.results, wallSeconds: 4, peakRSSBytes: 50_000_000))

    @Test func namesAreInDocumentedOrder() {
        let names = SummaryBuilder.figures(Fixture.results, wallSeconds: 4, peakRSSBytes: 1).map(\.name)
        #expect(names == expectedFigureNames)
    }

    @Test func nearestRankPercentilesOnKnownData() {
        // L1 latencies: 1…20 s (depth 1) plus 7 s and 9 s (depth 2), 22 values.
        #expect(figures["finality.l1.p50"]?.value == 9)
        #expect(figures["finality.l1.p95"]?.value == 19)
        #expect(figures["finality.l1.p99"]?.value == 20)
        #expect(abs(figures["finality.l1.mean"]!.value! - 226.0 / 22) < 1e-12)
        // Global: 2, 4, …, 30 and 20 (16 values).
        #expect(figures["finality.global.p50"]?.value == 16)
        #expect(figures["finality.global.p95"]?.value == 30)
        #expect(figures["finality.global.mean"]?.value == 16.25)
        // Path: the same less the reverted item (15 values), which counts as not reached.
        #expect(figures["finality.path.p50"]?.value == 16 && figures["finality.path.missing"]?.value == 11)
        #expect(figures["finality.global.missing"]?.value == 10)
        // Recovery: one reverted 25 s after its inclusion, final under the root-only rule; one
        // re-included that has not reached the L1 again (no extra latency yet); one violation.
        #expect(figures["reverted.transactions"]?.value == 1 && figures["reverted.l1_delay.max"]?.value == 25)
        #expect(figures["reverted.globally_final"]?.value == 1 && figures["reincluded.items"]?.value == 1)
        #expect(figures["reincluded.extra_latency.p50"]?.value == nil)
        #expect(figures["finality.safety_violations"]?.value == 1 && figures["finality.safety"]?.text == "violated")
        // Updates: local 1, 2, 2, 3; arrival 4…8.
        #expect(figures["finality.local.p50"]?.value == 2)
        #expect(figures["finality.local.p95"]?.value == 3)
        #expect(figures["updates.l1_arrival.p50"]?.value == 6)
        #expect(figures["updates.l1_arrival.p99"]?.value == 8)
        #expect(figures["finality.l1.p50"]?.unit == "s")
    }

    @Test func missingItemsAreCounted() {
        #expect(figures["tx.tracked"]?.value == 26)
        #expect(figures["finality.l1.missing"]?.value == 4)
        #expect(figures["finality.global.missing"]?.value == 10)
        #expect(figures["finality.local.missing"]?.value == 1)
        #expect(figures["updates.l1_arrival.missing"]?.value == 0)
        #expect(figures["updates.tracked"]?.value == 5)
    }

    @Test func countersThroughputStorageAndRun() {
        #expect(figures["nodes"]?.value == 5)
        #expect(figures["validiums"]?.value == 4)
        #expect(figures["duration"]?.value == 100)
        #expect(figures["throughput.tx_per_s"]?.value == 10)
        #expect(figures["throughput.final_tx_per_s"]?.value == 5)
        #expect(figures["tx.track_probability"]?.value == 0.25)
        #expect(figures["l1.blocks"]?.value == 8)
        #expect(figures["l1.final_block"]?.value == 6)
        #expect(figures["l1.retained.max"]?.value == 11)
        #expect(figures["l1.retained.mean"]?.value == 5)
        #expect(figures["l1.nonfinal.max"]?.value == 4)
        #expect(figures["storage.max_bytes"]?.value == 7000)
        #expect(figures["storage.mean_bytes"]?.value == 4000)
        #expect(figures["storage.mean_bytes"]?.unit == "B")
        #expect(figures["da.bytes_fetched"]?.value == 110)
        #expect(figures["acceptance.max_summary_stamps"]?.value == 9)
        #expect(figures["rounds"]?.value == 100)
        #expect(figures["zkps.delivered"]?.value == 120)
        #expect(figures["run.events"]?.value == 2000)
        #expect(figures["run.events_per_s"]?.value == 500)
        #expect(figures["run.events_per_s"]?.unit == "events/s")
        #expect(figures["run.peak_rss_mb"]?.value == 50)
        #expect(figures["run.peak_rss_mb"]?.unit == "MB")
        #expect(figures.values.filter { !$0.name.hasPrefix("bridge.") && !$0.name.hasSuffix("safety")
                                        && !$0.name.hasPrefix("reincluded.extra_latency") }.allSatisfy { $0.value != nil && $0.text == nil })
        #expect(figures["safety"]?.text == "holds" && figures["l1.stall"]?.value == 40 && figures["l1.elections"]?.value == 1)
        #expect(figures["l1.final_blocks"]?.value == 1 && figures["l1.election_time"]?.value == 1)
        // Bridge: one message minted 30 s after it was sent, confirmed after 60 s; one in flight.
        #expect(figures["bridge.direct.mint.p50"]?.value == 30 && figures["bridge.direct.confirm.p50"]?.value == 60)
        #expect(figures["bridge.in_flight"]?.value == 1 && figures["bridge.invariants"]?.text == "holds")
        #expect(figures["bridge.forced.mint.p50"]?.value == nil)
        // Provers: latencies 1 s and 3 s; rewards 3 : 1 against reputation 0.6 : 0.4 and speed 2 : 1.
        #expect(figures["provers.latency.p50"]?.value == 1 && figures["provers.latency.p99"]?.value == 3)
        #expect(figures["provers.latency.mean"]?.value == 2 && figures["provers.jobs.pending"]?.value == 0)
        #expect(figures["provers.missed_deadlines"]?.value == 1 && figures["provers.reassignments"]?.value == 1)
        #expect(figures["provers.reward_gini"]?.value == 0.25)
        #expect(abs(figures["provers.reputation_gini"]!.value! - 0.1) < 1e-12)
        #expect(figures["provers.fastest_reward_share"]?.value == 0.75 && figures["provers.reward_share.max"]?.value == 0.75)
        #expect(abs(figures["provers.reward_vs_reputation"]!.value! - 0.15) < 1e-12)
        #expect(abs(figures["provers.reward_vs_speed"]!.value! - 0.25 / 3) < 1e-12)
        // Faults: detected 1 s after the start, recovered 3 s after detection.
        #expect(figures["detection.max"]?.value == 1 && figures["recovery.max"]?.value == 3)
        #expect(figures["elections"]?.value == 1 && figures["victims"]?.value == 1 && figures["exits"]?.value == 1)
        #expect(figures["l1_transactions"]?.value == 1 && figures["alarms"]?.value == 2)
    }

    @Test func figuresWithoutDataAreNotAvailable() {
        var r = Fixture.results
        r.items = []; r.samples = []; r.simulatedEnd = 0
        let f = byName(SummaryBuilder.figures(r, wallSeconds: 0, peakRSSBytes: 0))
        for name in ["finality.l1.p50", "finality.global.mean", "finality.local.p99", "updates.l1_arrival.p50",
                     "l1.retained.mean", "l1.nonfinal.max", "throughput.tx_per_s", "run.events_per_s",
                     "run.peak_rss_mb"] {
            #expect(f[name] == SummaryFigure(name: name, value: nil, text: "n/a", unit: f[name]!.unit))
        }
        #expect(f["finality.l1.missing"]?.value == 0)
        #expect(f["tx.tracked"]?.value == 0)
    }

    @Test func finalityByDepthRows() {
        let rows = SummaryBuilder.finalityByDepth(Fixture.results)
        #expect(rows.count == 18)
        #expect(rows.map(\.kind) == Array(repeating: "l1", count: 4) + Array(repeating: "path", count: 4)
            + Array(repeating: "global", count: 4)
            + ["local", "local"] + Array(repeating: "l1_arrival", count: 4))
        func row(_ kind: String, _ item: String, _ depth: Int) -> FinalityByDepthRow? {
            rows.first { $0.kind == kind && $0.itemKind == item && $0.depth == depth }
        }
        #expect(row("l1", "transaction", 1) == FinalityByDepthRow(
            kind: "l1", itemKind: "transaction", depth: 1, count: 20, missing: 3,
            min: 1, p50: 10, p95: 19, p99: 20, max: 20))
        #expect(row("global", "transaction", 1) == FinalityByDepthRow(
            kind: "global", itemKind: "transaction", depth: 1, count: 15, missing: 8,
            min: 2, p50: 16, p95: 30, p99: 30, max: 30))
        #expect(row("l1", "transaction", 2) == FinalityByDepthRow(
            kind: "l1", itemKind: "transaction", depth: 2, count: 2, missing: 1, min: 7, p50: 7, p95: 9, p99: 9, max: 9))
        #expect(row("local", "update", 2) == FinalityByDepthRow(
            kind: "local", itemKind: "update", depth: 2, count: 3, missing: 1, min: 1, p50: 2, p95: 3, p99: 3, max: 3))
        #expect(row("l1_arrival", "transaction", 1)?.p50 == 9.5)
        // Updates never included in a block: all missing, nothing dropped.
        #expect(row("l1", "update", 2) == FinalityByDepthRow(
            kind: "l1", itemKind: "update", depth: 2, count: 0, missing: 4,
            min: nil, p50: nil, p95: nil, p99: nil, max: nil))
        #expect(row("local", "transaction", 1) == nil)
        // Every item appears once per kind it applies to.
        #expect(rows.filter { $0.kind == "global" }.reduce(0) { $0 + $1.count + $1.missing } == 31)
    }

    @Test func storageByDepthAggregates() {
        let rows = SummaryBuilder.storageByDepth(Fixture.results)
        #expect(rows == [
            StorageByDepthRow(depth: 1, nodes: 2, bytesMean: 2000, bytesMax: 3000, daBytesPerNode: 15,
                              retainedHashesMean: 3, roundsMean: 15),
            StorageByDepthRow(depth: 2, nodes: 2, bytesMean: 6000, bytesMax: 7000, daBytesPerNode: 40,
                              retainedHashesMean: 2, roundsMean: 35),
        ])
    }
}
