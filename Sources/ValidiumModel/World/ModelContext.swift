import SimCore
import Stochastic

/// The shared memory and clock of one run, as every mechanism sees it: the time of the event being
/// handled, the tree, the configuration and its derived figures, the update cycle's node records
/// and ZKP pool, the tracked items, the streams mechanisms share, and the buffer the events they
/// schedule go to (the world hands them to the engine, in order, after each event).
///
/// Mechanisms own their state; this holds only what several of them read. Tests build one on a tiny
/// tree (`ModelContext(config:seed:)`) and drive a mechanism at explicit times by setting `now`.
final class ModelContext {
    let config: ModelConfig
    let seed: UInt64
    /// Simulated time of the event being handled (µs).
    var now: SimTime = 0
    /// The tree (exits re-attach subtrees, Sybil validiums join: only `UpdateCycle.reshape` sets it).
    var tree: Tree
    /// Number of nodes, the L1 included (grows when Sybil validiums join).
    var n: Int { tree.count }
    /// The update cycle's record of each node (written by the cycle; a view here: the table is a pointer).
    var nodes: NodeTable<NodeState>
    /// ZKP records: metadata and acceptance summaries (docs/model.md §4).
    let pool: ZkpPool
    /// Each node's latest ZKP held by its parent (a pool record; −1: none).
    var delivered: [Int32]
    /// Tracked transactions, updates and bridge items, and the lists that carry them.
    let store: ItemStore

    // Streams several mechanisms draw from (a mechanism's own stream lives in the mechanism).
    /// Network delays (every message of every mechanism).
    let network: RandomStream
    /// Proving and checking times (rounds, emergency and exit proofs, checks).
    let proving: RandomStream

    // Figures of the configuration.
    /// Period of update rounds (nil: eager updates).
    let every: SimTime?
    let eager: Bool
    /// Finality threshold (docs/model.md §4).
    let threshold: Double
    /// Delay-free transfer time of one proof push (µs).
    let pushTransfer: SimTime
    /// Operator classes' per-node table (nil: no classes, every node runs the scenario's settings).
    let classes: NodeClasses?

    // Observation shared by the mechanisms.
    var counters = RunCounters()
    var invariants = InvariantReport()
    /// Exits and joins so far (they move subtree sizes under summaries built before them).
    var shapeChanges = 0

    /// Events scheduled while handling the current event, in order.
    var scheduled = EventBuffer()

    /// A context for `config` and `seed`: the tree built, node records at their defaults.
    init(config: ModelConfig, seed: UInt64) {
        self.config = config
        self.seed = seed
        tree = Tree(shape: config.tree.shape, seed: seed)
        let n = tree.count
        nodes = NodeTable(count: n, NodeState())
        pool = ZkpPool(reserve: 2 * n + 64, windowBlocks: config.finality.windowBlocks)
        delivered = [Int32](repeating: -1, count: n)
        store = ItemStore(reserve: config.metrics.trackedTransactions + config.metrics.trackedUpdates + 1024)
        network = RandomStream(seed: seed, name: "network")
        proving = RandomStream(seed: seed, name: "proving")
        threshold = config.finality.threshold
        switch config.update.mode {
        case .periodic(let e): every = e; eager = false
        case .eager: every = nil; eager = true
        }
        pushTransfer = ModelContext.transferTime(config.proofs.proofSize, config)
        classes = config.classes.isEmpty ? nil : NodeClasses(config: config, nodes: tree.count)
    }

    deinit { nodes.deallocate(); scheduled.deallocate() }

    /// Schedules `event` at `time` (deliveries and completions unless `phase` says otherwise).
    @inline(__always)
    func schedule(_ event: Event, at time: SimTime, phase: UInt16 = EventPhase.delivery) {
        scheduled.append(PendingEvent(time: time, phase: phase, event: event.encoded))
    }

    /// Proving time of a round (µs, unrounded; see `ProofConfig.provingTime`).
    @inline(__always)
    func provingTime(children: Int, newTransactions: Int64) -> Double {
        config.proofs.provingTime(children: children, newTransactions: newTransactions, ownState: config.tree.ownState, proving)
    }

    /// One recursion step (an emergency ZKP, an exit proof), µs ≥ 1.
    @inline(__always) func recursionStepTime() -> SimTime { config.proofs.recursionStepTime(proving) }

    /// A native check of a received proof, µs ≥ 0.
    @inline(__always) func verificationTime() -> SimTime { config.proofs.verificationTime(proving) }

    /// One network delay sample (µs, ≥ 0).
    @inline(__always) func networkDelay() -> SimTime {
        max(0, Time.micros(config.network.latency.sample(network)))
    }

    /// Transfer time of `bytes` over the configured bandwidth (µs).
    func transferTime(_ bytes: Int64) -> SimTime { ModelContext.transferTime(bytes, config) }

    static func transferTime(_ bytes: Int64, _ config: ModelConfig) -> SimTime {
        guard let bw = config.network.bandwidthBitsPerSecond else { return 0 }
        return Time.micros(Double(bytes) * 8 * 1e6 / bw)
    }

    /// Calls `body` on each child of `v`, in order.
    @inline(__always)
    func forEachChild(_ v: Int, _ body: (Int32) -> Void) {
        for k in Int(tree.childStart[v])..<Int(tree.childStart[v + 1]) { body(tree.children[k]) }
    }

    /// The child of the L1 whose subtree holds `v` (`v` itself at depth 1, 0 for the L1).
    func l1Child(of v: Int) -> Int {
        var x = v
        while x > 0 && tree.parent[x] != 0 { x = Int(tree.parent[x]) }
        return x
    }
}

/// An event a mechanism scheduled, waiting for the world to hand it to the engine.
struct PendingEvent {
    var time: SimTime
    var phase: UInt16
    var event: ModelEvent
}

/// The events scheduled while one event is handled: a growable buffer of trivial records that its
/// owner (the context) frees. Unlike an array, an append needs no uniqueness check and reading it
/// back retains nothing (the event loop pays both at every event otherwise).
struct EventBuffer {
    private var base: UnsafeMutablePointer<PendingEvent>
    private var capacity: Int
    /// Events in the buffer.
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    /// Appends one event.
    @inline(__always)
    mutating func append(_ e: PendingEvent) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<PendingEvent>.allocate(capacity: 2 * capacity)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + count).initialize(to: e)
        count += 1
    }

    /// Event `i` (in the order scheduled).
    @inline(__always) subscript(i: Int) -> PendingEvent { base[i] }

    /// Empties the buffer (its memory is kept).
    @inline(__always) mutating func removeAll() { count = 0 }

    /// The events, in order (tests).
    var all: [PendingEvent] { (0..<count).map { base[$0] } }

    /// Frees the memory (called once, by the owner's `deinit`).
    func deallocate() { base.deallocate() }
}

extension ModelContext {
    /// A validium's mean round (µs): `update.every`, or for eager updates one recursion step per proof
    /// verified by a node with the tree's mean number of children (at least 1 µs).
    var meanRoundLength: Double {
        if let e = every { return Double(e) }
        let validiums = Double(max(n - 1, 0))
        let meanChildren = validiums > 0 ? Double(n - 1 - tree.childCount(0)) / validiums : 0
        return max(1, config.proofs.meanRecursionStep * (meanChildren + 1))
    }
}
