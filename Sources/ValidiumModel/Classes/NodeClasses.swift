import SimCore
import Stochastic

/// The per-node table of operator classes, built once at world creation (docs/model.md §2,
/// `classes:`): for each node its class, and per class the overrides already resolved. The update
/// cycle asks it only when the scenario has classes (`ModelContext.classes` is nil otherwise), so a
/// scenario without classes runs exactly as before.
final class NodeClasses {
    /// Class index + 1 of each node (0: no class). Nodes added later (Sybil joins) have none.
    private var classOf: [UInt8]
    /// Per class: its configuration, its proof configuration (own recursion step), its push transfer time.
    let classes: [OperatorClass]
    private let proofs: [ProofConfig]
    private let pushTransfer: [SimTime]

    init(config: ModelConfig, nodes: Int) {
        classes = config.classes
        classOf = [UInt8](repeating: 0, count: nodes)
        for (c, k) in config.classes.enumerated() {
            for v in k.nodes where Int(v) < nodes { classOf[Int(v)] = UInt8(c + 1) }
        }
        proofs = config.classes.map { k in
            var p = config.proofs
            if let step = k.recursionStep { p.recursionStep = step }
            return p
        }
        pushTransfer = config.classes.map { k in
            NodeClasses.transfer(config.proofs.proofSize, bandwidth: k.bandwidth ?? config.network.bandwidthBitsPerSecond)
        }
    }

    /// Transfer time of `bytes` at `bandwidth` bit/s (nil or infinite: none).
    static func transfer(_ bytes: Int64, bandwidth: Double?) -> SimTime {
        guard let bw = bandwidth, bw.isFinite else { return 0 }
        return Time.micros(Double(bytes) * 8 * 1e6 / bw)
    }

    /// The class of node `v` (nil: none).
    @inline(__always)
    func of(_ v: Int) -> Int? {
        guard v < classOf.count else { return nil }
        let c = classOf[v]
        return c == 0 ? nil : Int(c) - 1
    }

    /// The class name of node `v` ("" when it has none).
    func name(of v: Int) -> String { of(v).map { classes[$0].name } ?? "" }

    /// Proving time of a round of a member of class `c` (µs, unrounded).
    func provingTime(_ c: Int, children: Int, newTransactions: Int64, ownState: OwnState, _ stream: RandomStream) -> Double {
        proofs[c].provingTime(children: children, newTransactions: newTransactions, ownState: ownState, stream) * classes[c].provingFactor
    }

    /// Push transfer time of a member of class `c`.
    func pushTransfer(_ c: Int) -> SimTime { pushTransfer[c] }
}

/// Per-node settings as the update cycle reads them: the scenario's, or the node's class's.
extension ModelContext {
    /// Round period of `v` (nil: eager updates).
    @inline(__always)
    func every(of v: Int) -> SimTime? {
        guard let classes, let c = classes.of(v) else { return every }
        return classes.classes[c].updateEvery ?? every
    }

    /// Own transactions per second of `v`.
    @inline(__always)
    func txRate(of v: Int) -> Double {
        guard let classes, let c = classes.of(v) else { return config.workload.txRate }
        return classes.classes[c].txRate ?? config.workload.txRate
    }

    /// One delay sample on the link of `v` to its parent (µs, ≥ 0).
    @inline(__always)
    func linkDelay(of v: Int) -> SimTime {
        guard let classes, let c = classes.of(v), let latency = classes.classes[c].latency else { return networkDelay() }
        return max(0, Time.micros(latency.sample(network)))
    }

    /// Transfer time of one proof push from `v` to its parent.
    @inline(__always)
    func pushTransfer(of v: Int) -> SimTime {
        guard let classes, let c = classes.of(v), classes.classes[c].bandwidth != nil else { return pushTransfer }
        return classes.pushTransfer(c)
    }

    /// Transfer time of `bytes` over the link of `v` to its parent.
    func transferTime(_ bytes: Int64, node v: Int) -> SimTime {
        guard let classes, let c = classes.of(v), let bw = classes.classes[c].bandwidth else { return transferTime(bytes) }
        return NodeClasses.transfer(bytes, bandwidth: bw)
    }

    /// Proving time of a round of `v` (µs, unrounded).
    @inline(__always)
    func provingTime(node v: Int, children: Int, newTransactions: Int64) -> Double {
        guard let classes, let c = classes.of(v) else { return provingTime(children: children, newTransactions: newTransactions) }
        return classes.provingTime(c, children: children, newTransactions: newTransactions, ownState: config.tree.ownState, proving)
    }
}
