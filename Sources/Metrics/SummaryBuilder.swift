import SimCore
import Stochastic
import ValidiumModel

/// Latencies of a set of tracked items to one point (sorted, in seconds) and the items that never got there.
struct Latencies {
    /// Latencies of the items that reached the point, ascending (s).
    var sorted: [Double] = []
    /// Items that had not reached the point by the end of the run (time −1).
    var missing = 0

    /// Latencies from `created` to the time at `point` of each item; negative times count as missing.
    init<S: Sequence>(_ items: S, _ point: KeyPath<TrackedItem, SimTime>) where S.Element == TrackedItem {
        for item in items {
            let t = item[keyPath: point]
            if t < 0 { missing += 1 } else { sorted.append(Time.seconds(t - item.created)) }
        }
        sorted.sort()
    }

    /// Nearest-rank percentile (docs/model.md §3.1 rule 15); nil without data.
    func percentile(_ p: Double) -> Double? { Statistics.nearestRank(sorted, p) }
}

/// Builds the summary figures and the per-depth tables from the results of one run.
public enum SummaryBuilder {
    /// The summary figures, in the documented order (README of the Metrics module).
    public static func figures(_ r: RunResults, wallSeconds: Double, peakRSSBytes: Int64) -> [SummaryFigure] {
        var out: [SummaryFigure] = []
        func add(_ name: String, _ value: Double?, _ unit: String) { out.append(.number(name, value, unit)) }
        func count<I: BinaryInteger>(_ name: String, _ value: I) { add(name, Double(value), "count") }
        func latency(_ prefix: String, _ l: Latencies, _ ps: [Int], mean: Bool) {
            for p in ps { add("\(prefix).p\(p)", l.percentile(Double(p)), "s") }
            if mean { add("\(prefix).mean", Statistics.mean(l.sorted), "s") }
            count("\(prefix).missing", l.missing)
        }

        let c = r.counters
        let n = r.nodes.count
        let duration = Time.seconds(r.simulatedEnd)
        let perSecond: (Int64) -> Double? = { duration > 0 ? Double($0) / duration : nil }
        let transactions = r.items.filter { $0.kind == .transaction }
        let updates = r.items.filter { $0.kind == .update }
        let validiums = r.nodes.filter { $0.depth > 0 }

        count("nodes", n)
        count("validiums", Swift.max(0, n - 1))
        add("duration", duration, "s")

        latency("finality.l1", Latencies(transactions, \.l1Included), [50, 95, 99], mean: true)
        latency("finality.path", Latencies(transactions, \.pathFinal), [50, 95, 99], mean: true)
        latency("finality.global", Latencies(transactions, \.globalFinal), [50, 95, 99], mean: true)
        latency("finality.local", Latencies(updates, \.localFinal), [50, 95, 99], mean: false)
        latency("updates.l1_arrival", Latencies(updates, \.l1Arrival), [50, 99], mean: false)

        count("tx.created", c.txCreated)
        count("tx.included", c.txIncluded)
        count("tx.final", c.txFinal)
        count("tx.tracked", transactions.count)
        add("tx.track_probability", c.txTrackProbability, "")
        count("updates.tracked", updates.count)
        add("updates.track_probability", c.updateTrackProbability, "")
        add("throughput.tx_per_s", perSecond(c.txCreated), "tx/s")
        add("throughput.final_tx_per_s", perSecond(c.txFinal), "tx/s")

        count("l1.blocks", c.lastBlock)
        add("l1.final_block", Double(c.finalBlock), "")
        count("l1.retained.max", c.maxL1Retained)
        add("l1.retained.mean", Statistics.mean(r.samples.map { Double($0.l1RetainedHashes) }), "count")
        add("l1.nonfinal.max", r.samples.map { Double($0.l1NonFinalStates) }.max(), "count")

        add("storage.max_bytes", validiums.map { Double($0.storageBytes) }.max(), "B")
        add("storage.mean_bytes", Statistics.mean(validiums.map { Double($0.storageBytes) }), "B")
        add("da.bytes_fetched", Double(c.daBytesFetched), "B")
        count("acceptance.window_truncations", c.windowTruncations)
        count("acceptance.max_summary_stamps", c.maxSummaryStamps)
        count("rounds", c.rounds)
        count("zkps.delivered", c.zkpsDelivered)

        count("invariants.checks", r.invariants.checks)
        count("invariants.violations", r.invariants.violations)
        out += faultFigures(r.faults)
        out += recoveryFigures(r)
        out += bridgeFigures(r)
        out += l1Figures(r)
        out += gasFigures(r)
        out += proverFigures(r)
        out += proofFigures(r.proofs)

        count("run.events", r.events)
        add("run.wall_s", wallSeconds, "s")
        add("run.events_per_s", wallSeconds > 0 ? Double(r.events) / wallSeconds : nil, "events/s")
        add("run.peak_rss_mb", peakRSSBytes > 0 ? Double(peakRSSBytes) / 1e6 : nil, "MB")
        return out
    }

    /// What `finalityByDepth` measures, in row order: (kind, point, item kinds it applies to).
    static var finalityKinds: [(String, KeyPath<TrackedItem, SimTime>, [TrackedKind])] {
        [
            ("l1", \.l1Included, [.transaction, .update]),
            ("path", \.pathFinal, [.transaction, .update]),
            ("global", \.globalFinal, [.transaction, .update]),
            ("local", \.localFinal, [.update]),
            ("l1_arrival", \.l1Arrival, [.transaction, .update]),
        ]
    }

    /// Latency statistics per (kind, item kind, origin depth), ordered by kind, item kind, then depth.
    ///
    /// "local" applies to updates only (a transaction's local finality is its carrying update's).
    public static func finalityByDepth(_ r: RunResults) -> [FinalityByDepthRow] {
        // Group once by (item kind, depth); keys are sorted, so the order never depends on hashing.
        var groups: [Int: [TrackedItem]] = [:]
        for item in r.items { groups[Int(item.kind.rawValue) << 16 | Int(item.depth), default: []].append(item) }
        let keys = groups.keys.sorted()

        var rows: [FinalityByDepthRow] = []
        for (kind, point, itemKinds) in finalityKinds {
            for itemKind in itemKinds {
                for key in keys where key >> 16 == Int(itemKind.rawValue) {
                    let l = Latencies(groups[key]!, point)
                    rows.append(FinalityByDepthRow(
                        kind: kind, itemKind: itemKind == .transaction ? "transaction" : "update",
                        depth: key & 0xFFFF, count: l.sorted.count, missing: l.missing,
                        min: l.sorted.first, p50: l.percentile(50), p95: l.percentile(95),
                        p99: l.percentile(99), max: l.sorted.last))
                }
            }
        }
        return rows
    }

    /// Storage, DA and retention means per depth of the validiums (depth ≥ 1), by increasing depth.
    public static func storageByDepth(_ r: RunResults) -> [StorageByDepthRow] {
        let maxDepth = r.nodes.map { Int($0.depth) }.max() ?? 0
        guard maxDepth >= 1 else { return [] }
        var byDepth = [[NodeRow]](repeating: [], count: maxDepth + 1)
        for node in r.nodes where node.depth >= 1 { byDepth[Int(node.depth)].append(node) }

        var rows: [StorageByDepthRow] = []
        for depth in 1...maxDepth where !byDepth[depth].isEmpty {
            let nodes = byDepth[depth]
            let k = Double(nodes.count)
            func mean(_ f: (NodeRow) -> Int64) -> Double { Double(nodes.reduce(Int64(0)) { $0 + f($1) }) / k }
            rows.append(StorageByDepthRow(
                depth: depth, nodes: nodes.count,
                bytesMean: mean { $0.storageBytes },
                bytesMax: nodes.map(\.storageBytes).max() ?? 0,
                daBytesPerNode: mean { $0.daBytesFetched },
                retainedHashesMean: mean { Int64($0.retainedAtParent) },
                roundsMean: mean { $0.rounds }))
        }
        return rows
    }
}
