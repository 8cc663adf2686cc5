import SimCore
import Stochastic
import ValidiumModel

/// The canonical text of a resolved scenario: every key with its value or default, sorted, units
/// normalised (durations in µs, sizes in bytes, bandwidth in bit/s, rates per second).
enum Canonical {
    /// One `dotted.key = value` line per key, sorted by key (bytewise), each ending in a newline.
    static func render(_ r: Resolved) -> String {
        let c = r.config
        var lines: [(String, String)] = [
            ("name", quote(r.name)),
            ("description", quote(r.description)),
            ("seed", String(r.seed)),
            ("duration", micros(c.duration)),
            ("tree.own_state", c.tree.ownState.rawValue),
            ("tree.state_size", bytes(c.tree.inlineStateBytes)),
            ("l1.mode", c.l1.mode.rawValue),
            ("l1.block_time", micros(c.l1.blockTime)),
            ("update.phase", c.update.phase.rawValue),
            ("finality.threshold", number(c.finality.threshold)),
            ("finality.window", c.finality.windowBlocks.map { String($0) } ?? "exact"),
            ("network.latency", dist(c.network.latency)),
            ("network.bandwidth", c.network.bandwidthBitsPerSecond.map { number($0) + "bit/s" } ?? "unlimited"),
            ("proofs.system", c.proofs.system.rawValue),
            ("proofs.core", c.proofs.core.rawValue),
            ("proofs.recursion_step", dist(c.proofs.recursionStep)),
            ("proofs.verification", dist(c.proofs.verification)),
            ("proofs.per_tx", dist(c.proofs.perTransaction)),
            ("proofs.proof_size", bytes(c.proofs.proofSize)),
        ] + (c.proofs.provingFixed == 0 ? [] : [("proofs.proving_fixed", micros(c.proofs.provingFixed))]) + [
            ("workload.tx_rate", number(c.workload.txRate) + "/s"),
            ("metrics.sample_every", micros(c.metrics.sampleEvery)),
            ("metrics.trace", c.metrics.trace ? "true" : "false"),
            ("metrics.tracked_transactions", String(c.metrics.trackedTransactions)),
            ("metrics.tracked_updates", String(c.metrics.trackedUpdates)),
        ]
        switch c.tree.shape {
        case .complete(let width, let depth):
            lines += [("tree.shape", "complete"), ("tree.width", String(width)), ("tree.depth", String(depth))]
        case .completeNodes(let width, let nodes):
            lines += [("tree.shape", "complete"), ("tree.width", String(width)), ("tree.nodes", String(nodes))]
        case .explicit(let parents):
            lines += [("tree.shape", "explicit"),
                      ("tree.parents", "[" + parents.map(String.init).joined(separator: ", ") + "]")]
        }
        switch c.update.mode {
        case .periodic(let every): lines += [("update.mode", "periodic"), ("update.every", micros(every))]
        case .eager: lines += [("update.mode", "eager")]
        }
        lines.append(("l1.capacity", String(c.l1.messageCapacity)))
        if c.l1.mode == .singleNode {
            lines += [("l1.stall_timeout", micros(c.l1.stallTimeout)), ("l1.fork_choice", c.l1.forkChoice.rawValue)]
        }
        if let b = c.workload.bridge {
            let dest: String
            switch b.destinations {
            case .uniform: dest = "uniform"
            case .siblings: dest = "siblings"
            case .far: dest = "far"
            case .pairs(let list): dest = "[" + list.map { "[\($0[0]), \($0[1])]" }.joined(separator: ", ") + "]"
            }
            lines += [("workload.bridge.rate", number(b.rate) + "/s"), ("workload.bridge.destinations", dest),
                      ("workload.bridge.route", b.route.rawValue), ("workload.bridge.freeze", b.freeze.rawValue),
                      ("workload.bridge.force_after", micros(b.forceAfter)), ("workload.bridge.l1_hash", b.l1Hash.rawValue),
                      ("workload.bridge.bots", "{ count: \(b.bots.count), delay: \(dist(b.bots.delay)), availability: "
                        + "\(number(b.bots.availability)), duplicate: \(number(b.bots.duplicate)) }"),
                      ("forced.deadline", String(b.forcedDeadline))]
        }
        if let m = c.provers { lines += provers(m) }
        let f = c.faults
        lines += [("da.timeout", micros(f.daTimeout)), ("recovery", f.recovery.rawValue),
                  ("election.candidate", f.candidate.rawValue), ("exit.reattach", f.reattach.rawValue)]
        lines.append(("admission", f.admission.rawValue))
        if let y = f.sybil {
            lines.append(("sybil", "{ rate: \(number(y.rate))/s, under: \(y.under), from: \(micros(y.from)), until: "
                          + (y.until == .max ? "end" : micros(y.until)) + " }"))
        }
        for (k, a) in f.adversaries.enumerated() {
            // Resolved node lists: the selector's draw is part of what ran.
            let key = "adversary[\(String(repeating: "0", count: max(0, 4 - String(k).count)))\(k)]"
            var text = "{ nodes: [" + a.nodes.map(String.init).joined(separator: ", ") + "], behavior: \(a.behavior.rawValue)"
            text += ", from: \(micros(a.from)), until: " + (a.until == .max ? "end" : micros(a.until))
            if a.behavior == .slow { text += ", factor: \(number(a.factor))" }
            if let cs = a.censored { text += ", children: [" + cs.map(String.init).joined(separator: ", ") + "]" }
            if let l1 = a.l1Fault {
                if a.behavior == .reorg { text += ", depth: \(l1.reorgDepth)" } else {
                    // The resolved fork of every validium, as a run-length list (fork × count).
                    var runs: [String] = []
                    var k = 1
                    while k < l1.shownFork.count {
                        var j = k
                        while j < l1.shownFork.count && l1.shownFork[j] == l1.shownFork[k] { j += 1 }
                        runs.append("\(l1.shownFork[k])x\(j - k)"); k = j
                    }
                    text += ", forks: \(l1.forks), shown: [" + runs.joined(separator: ", ") + "]"
                }
            }
            if a.behavior == .forge { text += ", forge: \(a.forged.rawValue)" }
            if let d = a.delay { text += ", delay: \(dist(d))" }
            lines.append((key, text + " }"))
        }
        for e in r.expectations {
            let value: String
            switch e.value {
            case .number(let x): value = number(x)
            case .text(let t): value = quote(t)
            }
            lines.append(("expect." + escape(e.path), e.comparison.rawValue + " " + value))
        }
        lines.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        return lines.map { "\($0.0) = \($0.1)\n" }.joined()
    }

    /// The digest of a canonical text.
    static func digest(_ canonical: String) -> String {
        var d = TraceDigest()
        d.combine(canonical)
        return d.hex
    }

    /// `12000000us`.
    static func micros(_ t: SimTime) -> String { "\(t)us" }

    /// `43000B`.
    static func bytes(_ n: Int64) -> String { "\(n)B" }

    /// Integral values without a fraction, others in Swift's shortest round-trip form.
    static func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// A distribution as a flow mapping, `dist` first, then its parameters alphabetically.
    static func dist(_ d: Distribution) -> String {
        func us(_ x: Double) -> String { number(x) + "us" }
        switch d {
        case .constant(let v): return "{ dist: constant, value: \(us(v)) }"
        case .uniform(let a, let b): return "{ dist: uniform, max: \(us(b)), min: \(us(a)) }"
        case .exponential(let m): return "{ dist: exponential, mean: \(us(m)) }"
        case .lognormal(let m, let s): return "{ dist: lognormal, median: \(us(m)), sigma: \(number(s)) }"
        case .gamma(let k, let theta): return "{ dist: gamma, scale: \(us(theta)), shape: \(number(k)) }"
        }
    }

    /// A double-quoted string with `\`, `"` and control characters escaped.
    static func quote(_ s: String) -> String { "\"" + escape(s).replacingQuotes + "\"" }

    /// Backslash escapes for `\` and control characters, so that one key stays on one line.
    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value == 0x7F || (0x2028...0x2029).contains(u.value):
                out += "\\u{" + String(u.value, radix: 16) + "}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

extension String {
    /// `"` escaped as `\"`.
    fileprivate var replacingQuotes: String {
        var out = ""
        for ch in unicodeScalars { if ch == "\"" { out += "\\\"" } else { out.unicodeScalars.append(ch) } }
        return out
    }
}
