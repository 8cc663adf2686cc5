import Foundation
import Metrics
import SimCore
import ValidiumModel

/// Renders a run's outcome as the summary table the CLI prints.
public enum SummaryFormat {
    /// A duration given in µs: `850ms`, `12.3s`, `4m 05s`, `2h 00m`.
    public static func duration(_ t: SimTime) -> String { seconds(Time.seconds(t)) }

    /// A duration given in seconds.
    public static func seconds(_ s: Double) -> String {
        if s < 1 { return String(format: "%.0fms", s * 1000) }
        if s < 60 { return String(format: "%.1fs", s) }
        if s < 3600 { return String(format: "%dm %02ds", Int(s) / 60, Int(s) % 60) }
        return String(format: "%dh %02dm", Int(s) / 3600, Int(s) % 3600 / 60)
    }

    /// A figure's value in its unit.
    public static func value(_ v: Double, unit: String) -> String {
        switch unit {
        case "s": return seconds(v)
        case "B": return bytes(v)
        case "count": return grouped(Int64(v.rounded()))
        default:
            if v == v.rounded() && abs(v) < 1e15 { return grouped(Int64(v)) }
            if abs(v) >= 100 && abs(v) < 1e15 { return grouped(Int64(v.rounded())) }
            return String(format: "%.4g", v)
        }
    }

    /// Bytes in SI units.
    public static func bytes(_ v: Double) -> String {
        if v >= 1e9 { return String(format: "%.2f GB", v / 1e9) }
        if v >= 1e6 { return String(format: "%.2f MB", v / 1e6) }
        if v >= 1e3 { return String(format: "%.1f KB", v / 1e3) }
        return String(format: "%.0f B", v)
    }

    /// An integer with thousands separators.
    public static func grouped(_ n: Int64) -> String {
        let s = String(n.magnitude)
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func pad(_ s: String, _ width: Int, right: Bool = true) -> String {
        s.count >= width ? s : (right ? String(repeating: " ", count: width - s.count) + s : s + String(repeating: " ", count: width - s.count))
    }

    /// The whole summary table.
    public static func render(_ o: RunOutcome) -> String {
        let fig = Dictionary(o.figures.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func f(_ name: String) -> String {
            guard let x = fig[name] else { return "n/a" }
            return x.value.map { value($0, unit: x.unit) } ?? x.text ?? "n/a"
        }
        let c = o.scenario.config
        let r = o.results
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }

        let shape: String
        switch c.tree.shape {
        case .complete(let w, let d): shape = "complete, w=\(w), d=\(d)"
        case .completeNodes(let w, _): shape = "complete, w=\(w), filled breadth-first"
        case .explicit: shape = "explicit"
        case .random(let spec): shape = "random, \(spec.children.description) children, depth \(r.nodes.map(\.depth).max() ?? 0)"
        case .levels(let widths): shape = "levels " + widths.map(String.init).joined(separator: "·")
        }
        let rounds: String
        switch c.update.mode {
        case .periodic(let every): rounds = "updates every \(duration(every))"
        case .eager: rounds = "eager updates"
        }
        line("FractalSim \(ProgramVersion.current) · \(o.scenario.name) (\(o.scenario.path)) · seed \(o.scenario.seed)")
        line("\(grouped(Int64(r.nodes.count))) nodes (\(shape)) · \(duration(r.simulatedEnd)) simulated · "
             + "\(c.proofs.system.rawValue) \(c.proofs.core.rawValue) proofs · \(rounds) · L1 block \(duration(c.l1.blockTime))")
        line()
        line("Finality (\(f("tx.tracked")) tracked transactions, p = \(String(format: "%.3g", r.counters.txTrackProbability)))")
        line("  " + pad("", 22, right: false) + ["p50", "p95", "p99", "mean", "not reached"].map { pad($0, 12) }.joined())
        for (label, key) in [("L1 inclusion", "finality.l1"), ("final (path)", "finality.path"),
                             ("global (root only)", "finality.global"), ("local (updates)", "finality.local")] {
            let mean = fig["\(key).mean"] == nil ? "" : f("\(key).mean")
            let missing = fig["\(key).missing"] == nil ? "" : f("\(key).missing")
            line("  " + pad(label, 22, right: false)
                 + [f("\(key).p50"), f("\(key).p95"), f("\(key).p99"), mean, missing].map { pad($0, 12) }.joined())
        }
        let byDepth = o.finalityByDepth.filter { $0.kind == "path" && $0.itemKind == "transaction" }
        if !byDepth.isEmpty {
            line("  final by depth        " + byDepth.map { "d\($0.depth) \($0.p50.map(seconds) ?? "n/a")" }.joined(separator: " · "))
        }
        line()
        line("Throughput    \(f("throughput.tx_per_s")) tx/s created · \(f("throughput.final_tx_per_s")) tx/s globally final")
        if (fig["reverted.transactions"]?.value ?? 0) + (fig["reverted.updates"]?.value ?? 0) + (fig["reincluded.items"]?.value ?? 0) > 0
            || (fig["finality.safety_violations"]?.value ?? 0) > 0 {
            line("Recovery      \(f("reverted.transactions")) tracked transactions and \(f("reverted.updates")) updates reverted "
                 + "(\(f("reverted.globally_final")) of them reported final by the root-only rule) · "
                 + "\(f("reincluded.items")) re-included, extra latency p50 \(f("reincluded.extra_latency.p50")) · "
                 + "finality-safety violations \(f("finality.safety_violations"))")
        }
        line("L1            \(f("l1.blocks")) blocks · final up to block \(f("l1.final_block")) · retained hashes mean "
             + "\(String(format: "%.1f", fig["l1.retained.mean"]?.value ?? .nan)), max \(f("l1.retained.max")) · non-final root states max \(f("l1.nonfinal.max"))")
        line(gasLine(r, f))
        line()
        line("Storage by depth")
        line("  " + ["depth", "nodes", "stored/node", "DA fetched/node", "retained hashes"].map { pad($0, 16) }.joined())
        for s in o.storageByDepth {
            line("  " + [String(s.depth), grouped(Int64(s.nodes)), bytes(s.bytesMean), bytes(s.daBytesPerNode),
                         String(format: "%.2f", s.retainedHashesMean)].map { pad($0, 16) }.joined())
        }
        line()
        if !r.config.classes.isEmpty { renderClasses(r, into: &out) }
        if !r.faults.faults.isEmpty || r.config.faults.sybil != nil { renderFaults(r, into: &out) }
        if r.config.workload.bridge != nil { renderBridge(r, fig, into: &out) }
        if r.l1.forkAware { renderL1(r, fig, into: &out) }
        if r.config.provers != nil { renderProvers(r, fig, into: &out) }
        if r.config.proofs.core == .real || !r.proofs.rejections.isEmpty {
            line("Proofs        \(r.config.proofs.core.rawValue) core · \(f("proofs.verified")) verified · "
                 + "\(f("proofs.rejected")) rejected")
            for x in r.proofs.rejections.prefix(5) {
                line("  \(duration(x.time))  \(x.kind) of node \(x.node) refused by \(x.checker == 0 ? "the L1" : "node \(x.checker)"): \(x.reason) (\(x.check))")
            }
            if r.proofs.rejections.count > 5 { line("  … \(r.proofs.rejections.count - 5) more in the rejections table") }
            line()
        }
        let eps = fig["run.events_per_s"]?.value ?? 0
        line("Engine        \(f("run.events")) events · \(String(format: "%.2f", eps / 1e6)) M events/s · wall "
             + "\(String(format: "%.2f", o.wallSeconds)) s · peak RSS \(f("run.peak_rss_mb")) MB")
        line("Digest        \(r.traceDigest)")
        if !o.expectations.isEmpty {
            line("Expectations")
            for e in o.expectations {
                line("  \(e.held ? "held  " : "FAILED") \(e.path) \(e.expected)   (actual \(e.actual))")
            }
        }
        line("Invariants    " + (o.violations.isEmpty ? "all hold (\(grouped(r.invariants.checks)) checks: event order, acceptance counts, finality by majority"
             + (c.workload.bridge != nil ? ", bridge ledger" : "") + ", L1 safety)" : "\(o.violations.count) VIOLATED"))
        for v in o.violations { line("INVARIANT VIOLATED  \(v)") }
        if let db = o.databasePath { line("Results       \(db)") }
        return out
    }

    /// The faults section: each fault, its detection, election or exits, recovery, victims.
    static func renderFaults(_ r: RunResults, into out: inout String) {
        func t(_ x: SimTime) -> String { x < 0 ? "never" : duration(x) }
        let f = r.faults
        out += "Faults (recovery: \(r.config.faults.recovery.rawValue), da.timeout \(duration(r.config.faults.daTimeout)))\n"
        // Detectable faults one per line; colluders and slow nodes grouped by behaviour.
        for behavior in ["collude", "slow"] {
            let group = f.faults.filter { $0.behavior == behavior }
            if group.isEmpty { continue }
            let ids = group.prefix(8).map { String($0.node) }.joined(separator: ", ") + (group.count > 8 ? ", …" : "")
            out += "  \(group.count) node(s) \(behavior) (\(ids)) · detected \(group.filter { $0.detectedAt >= 0 }.count)\n"
        }
        for x in f.faults where x.behavior != "collude" && x.behavior != "slow" {
            var text = "  node \(x.node) \(x.behavior) from \(t(x.from))"
            if x.until >= 0 { text += " until \(t(x.until))" }
            text += " · detected \(t(x.detectedAt))"
            if x.firstDetector >= 0 { text += " by node \(x.firstDetector)" }
            text += " · recovered \(t(x.recoveredAt))"
            out += text + "\n"
        }
        var repeats = 0
        for (k, e) in f.elections.enumerated() {
            // A retry that failed as the one before it did is counted, not printed again.
            if k > 0, e.outcome == "failed", f.elections[k - 1].outcome == "failed", f.elections[k - 1].faulty == e.faulty,
               f.elections[k - 1].votes == e.votes, k + 1 < f.elections.count, f.elections[k + 1].faulty == e.faulty {
                repeats += 1
                continue
            }
            if repeats > 0 { out += "  … \(repeats) more attempt(s) failed the same way\n"; repeats = 0 }
            let needed = e.subtreeSize / 2 + 1
            out += "  election \(e.id) for node \(e.faulty)\(e.attempt > 1 ? " (attempt \(e.attempt))" : ""), counted at node \(e.counter): "
                + "\(e.votes) votes of \(needed) needed (b = \(e.subtreeSize)) · started \(t(e.startedAt)) · majority \(t(e.majorityAt)) · "
                + (e.outcome == "installed" ? "installed \(t(e.installedAt))" : "\(e.outcome): \(e.reason)") + "\n"
            let series = f.votes.filter { $0.election == e.id }
            if !series.isEmpty {
                let marks = stride(from: 0, to: series.count, by: max(1, series.count / 6)).map { series[$0] } + [series[series.count - 1]]
                out += "    votes over time: " + marks.map { "\(t($0.time)) \($0.votes)" }.joined(separator: " → ") + "\n"
            }
            if e.installedAt >= 0 {
                out += "    new operator node \(e.newOperator) on the p-state stamped \(e.installedStamp) (\(e.supporters) voters hold its data) · "
                    + "dropped \(e.droppedUpdates) updates, reverted \(e.revertedItems) and re-included \(e.reincludedItems) tracked items\n"
                out += "    first update \(t(e.firstUpdateAt)) · local finality resumed \(t(e.finalityResumedAt))\n"
            }
        }
        if !f.exits.isEmpty {
            let done = f.exits.filter { $0.completedAt >= 0 }
            out += "  exits \(done.count) of \(f.exits.count) · " + done.map { "node \($0.node) → \($0.newParent) at \(t($0.completedAt))" }
                .joined(separator: ", ") + "\n"
        }
        if r.config.faults.sybil != nil {
            out += "  sybil validiums (admission \(r.config.faults.admission.rawValue)): \(f.sybilsJoined) joined, \(f.sybilsRefused) refused\n"
        }
        out += "  victims \(f.victims.count) · L1 transactions \(f.l1Transactions) · alarms \(f.alarms)\n\n"
    }

    /// The bridge section: per route counts and latencies, freeze, hops, L1 transactions, ledger.
    static func renderBridge(_ r: RunResults, _ fig: [String: SummaryFigure], into out: inout String) {
        func f(_ name: String) -> String {
            guard let x = fig[name] else { return "n/a" }
            return x.value.map { value($0, unit: x.unit) } ?? x.text ?? "n/a"
        }
        let b = r.config.workload.bridge!
        out += "Bridge (route \(b.route.rawValue), freeze \(b.freeze.rawValue), force after \(duration(b.forceAfter)), "
            + "bots \(b.bots.count) at availability \(b.bots.availability))\n"
        out += "  " + pad("route", 10, right: false) + ["sent", "minted", "confirmed", "in flight", "mint p50", "p95", "p99",
                                                          "confirm p50", "p99", "freeze", "hops"].map { pad($0, 12) }.joined() + "\n"
        for route in ["direct", "forced", "via_l1"] {
            let k = "bridge.\(route)"
            guard (fig["\(k).sent"]?.value ?? 0) > 0 else { continue }
            out += "  " + pad(route, 10, right: false) + [f("\(k).sent"), f("\(k).minted"), f("\(k).confirmed"), f("\(k).in_flight"),
                f("\(k).mint.p50"), f("\(k).mint.p95"), f("\(k).mint.p99"), f("\(k).confirm.p50"), f("\(k).confirm.p99"),
                f("\(k).freeze.mean"), String(format: "%.1f", fig["\(k).hops.mean"]?.value ?? 0)].map { pad($0, 12) }.joined() + "\n"
        }
        out += "  messages \(f("bridge.messages")) (queued behind a freeze at the end \(f("bridge.queued")), mean wait "
            + "\(f("bridge.queue_wait.mean"))) · throughput \(String(format: "%.3f", fig["bridge.throughput"]?.value ?? 0)) msg/s · "
            + "L1 transactions \(f("bridge.l1_transactions"))\n"
        out += "  ledger \(f("bridge.invariants")): burned \(r.bridge.burned), minted \(r.bridge.minted), in flight "
            + "\(f("bridge.in_flight")), double mints rejected \(f("bridge.double_mints_rejected"))\n\n"
    }
}
