import SimCore
import ValidiumModel

/// The canonical line of each registry key (`Canonical.renderers`): values in model units.
extension Canonical {
    static let modelRenderers: [(String, Renderer)] = [
        line("name") { quote($0.name) },
        line("description") { quote($0.description) },
        line("seed") { String($0.seed) },
        line("duration") { micros($0.config.duration) },
        line("tree.shape") { r in
            switch r.config.tree.shape {
            case .explicit: return "explicit"
            case .random: return "random"
            case .levels: return "levels"
            case .complete, .completeNodes: return "complete"
            }
        },
        optional("tree.width") { r in
            switch r.config.tree.shape {
            case .complete(let width, _), .completeNodes(let width, _): return String(width)
            case .explicit, .random, .levels: return nil
            }
        },
        optional("tree.children") { r in
            guard case .random(let spec) = r.config.tree.shape else { return nil }
            switch spec.children {
            case .constant(let k): return "{ dist: constant, value: \(k) }"
            case .poisson(let m): return "{ dist: poisson, mean: \(number(m)) }"
            case .geometric(let m): return "{ dist: geometric, mean: \(number(m)) }"
            case .weights(let w): return "{ dist: weights, weights: [" + w.map(number).joined(separator: ", ") + "] }"
            }
        },
        optional("tree.max_depth") { r in
            if case .random(let spec) = r.config.tree.shape { return spec.maxDepth.map { String($0) } }
            return nil
        },
        optional("tree.seed") { r in
            if case .random(let spec) = r.config.tree.shape { return spec.seed.map { String($0) } }
            return nil
        },
        optional("tree.levels") { r in
            if case .levels(let widths) = r.config.tree.shape { return "[" + widths.map(String.init).joined(separator: ", ") + "]" }
            return nil
        },
        optional("tree.depth") { r in
            if case .complete(_, let depth) = r.config.tree.shape { return String(depth) }
            return nil
        },
        optional("tree.nodes") { r in
            if case .completeNodes(_, let nodes) = r.config.tree.shape { return String(nodes) }
            if case .random(let spec) = r.config.tree.shape { return String(spec.nodes) }
            return nil
        },
        optional("tree.parents") { r in
            if case .explicit(let parents) = r.config.tree.shape { return "[" + parents.map(String.init).joined(separator: ", ") + "]" }
            return nil
        },
        line("tree.own_state") { $0.config.tree.ownState.rawValue },
        line("tree.state_size") { bytes($0.config.tree.inlineStateBytes) },
        line("l1.mode") { $0.config.l1.mode.rawValue },
        line("l1.block_time") { micros($0.config.l1.blockTime) },
        line("l1.capacity") { String($0.config.l1.messageCapacity) },
        optional("l1.stall_timeout") { $0.config.l1.mode == .singleNode ? micros($0.config.l1.stallTimeout) : nil },
        optional("l1.gas_limit") { $0.config.l1.gasLimit.map { String($0) } },
        optional("l1.gas.tx_base") { r in r.config.l1.gas.txBase == L1GasConfig().txBase ? nil : String(r.config.l1.gas.txBase) },
        optional("l1.gas.verify") { $0.config.l1.gas.verify.map { String($0) } },
        optional("l1.gas.calldata_byte") { r in r.config.l1.gas.calldataByte == L1GasConfig().calldataByte ? nil : String(r.config.l1.gas.calldataByte) },
        optional("l1.gas.proof_bytes") { $0.config.l1.gas.proofBytes.map { String($0) } },
        optional("l1.gas.update") { r in r.config.l1.gas.update == L1GasConfig().update ? nil : String(r.config.l1.gas.update) },
        optional("l1.gas.message") { r in r.config.l1.gas.message == L1GasConfig().message ? nil : String(r.config.l1.gas.message) },
        optional("l1.fork_choice") { $0.config.l1.mode == .singleNode ? $0.config.l1.forkChoice.rawValue : nil },
        optional("update.every") { r in
            if case .periodic(let every) = r.config.update.mode { return micros(every) }
            return nil
        },
        line("update.mode") { r in
            if case .eager = r.config.update.mode { return "eager" }
            return "periodic"
        },
        line("update.phase") { $0.config.update.phase.rawValue },
        line("finality.threshold") { number($0.config.finality.threshold) },
        line("finality.window") { $0.config.finality.windowBlocks.map { String($0) } ?? "exact" },
        line("network.latency") { dist($0.config.network.latency) },
        line("network.bandwidth") { $0.config.network.bandwidthBitsPerSecond.map { number($0) + "bit/s" } ?? "unlimited" },
        line("proofs.system") { $0.config.proofs.system.rawValue },
        line("proofs.core") { $0.config.proofs.core.rawValue },
        line("proofs.recursion_step") { dist($0.config.proofs.recursionStep) },
        optional("proofs.proving_fixed") { $0.config.proofs.provingFixed == 0 ? nil : micros($0.config.proofs.provingFixed) },
        line("proofs.verification") { dist($0.config.proofs.verification) },
        line("proofs.per_tx") { dist($0.config.proofs.perTransaction) },
        line("proofs.proof_size") { bytes($0.config.proofs.proofSize) },
        line("workload.tx_rate") { number($0.config.workload.txRate) + "/s" },
        optional("workload.bridge.rate") { $0.config.workload.bridge.map { number($0.rate) + "/s" } },
        optional("workload.bridge.destinations") { r in
            guard let b = r.config.workload.bridge else { return nil }
            switch b.destinations {
            case .uniform: return "uniform"
            case .siblings: return "siblings"
            case .far: return "far"
            case .pairs(let list): return "[" + list.map { "[\($0[0]), \($0[1])]" }.joined(separator: ", ") + "]"
            }
        },
        optional("workload.bridge.route") { $0.config.workload.bridge?.route.rawValue },
        optional("workload.bridge.freeze") { $0.config.workload.bridge?.freeze.rawValue },
        optional("workload.bridge.force_after") { $0.config.workload.bridge.map { micros($0.forceAfter) } },
        optional("workload.bridge.l1_hash") { $0.config.workload.bridge?.l1Hash.rawValue },
        optional("workload.bridge.bots") { r in
            r.config.workload.bridge.map { b in
                "{ count: \(b.bots.count), delay: \(dist(b.bots.delay)), availability: "
                    + "\(number(b.bots.availability)), duplicate: \(number(b.bots.duplicate)) }"
            }
        },
        optional("forced.deadline") { $0.config.workload.bridge.map { String($0.forcedDeadline) } },
        line("metrics.sample_every") { micros($0.config.metrics.sampleEvery) },
        line("metrics.trace") { $0.config.metrics.trace ? "true" : "false" },
        line("metrics.tracked_transactions") { String($0.config.metrics.trackedTransactions) },
        line("metrics.tracked_updates") { String($0.config.metrics.trackedUpdates) },
        ("provers", { r in r.config.provers.map(provers) ?? [] }),
        ("expect", { r in
            r.expectations.map { e in
                let value: String
                switch e.value {
                case .number(let x): value = number(x)
                case .text(let t): value = quote(t)
                }
                return ("expect." + escape(e.path), e.comparison.rawValue + " " + value)
            }
        }),
    ]

    static let faultRenderers: [(String, Renderer)] = [
        line("da.timeout") { micros($0.config.faults.daTimeout) },
        line("recovery") { $0.config.faults.recovery.rawValue },
        line("election.candidate") { $0.config.faults.candidate.rawValue },
        optional("election.timeout") { r in r.config.faults.electionTimeout.map { micros($0) } },
        line("exit.reattach") { $0.config.faults.reattach.rawValue },
        line("admission") { $0.config.faults.admission.rawValue },
        optional("sybil") { r in
            r.config.faults.sybil.map { y in
                "{ rate: \(number(y.rate))/s, under: \(y.under), from: \(micros(y.from)), until: "
                    + (y.until == .max ? "end" : micros(y.until)) + " }"
            }
        },
        ("adversary", { r in r.config.faults.adversaries.enumerated().map { adversary($0.offset, $0.element) } }),
    ]

    /// `adversary[000k] = { nodes: [...], behavior: …, … }`: resolved node lists (the selector's draw is part of what ran).
    static func adversary(_ k: Int, _ a: AdversaryEntry) -> (String, String) {
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
        if a.target != .original { text += ", operator: \(a.target.rawValue)" }
        return (key, text + " }")
    }
}
