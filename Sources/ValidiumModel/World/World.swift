import SimCore
import Stochastic

/// The simulated fractal validium tree: per-node state indexed by node id (the round state in one
/// record per node, `NodeTable`; sparser mechanism state in arrays and dictionaries), one engine,
/// named random streams. `run()` executes the scenario and returns its measurements.
///
/// Mechanisms live in extensions by concern: rounds (`World+Rounds`), ZKP delivery and local
/// finality (`World+Delivery`), the L1 and global finality (`World+L1`), samples and results
/// (`World+Results`), lookahead prefetching on large trees (`World+Prefetch`).
public final class World: Simulation {
    public typealias Queue = CalendarQueue<ModelEvent>

    /// The engine (clock, queue, digest).
    public var engine: Engine<Queue>
    let config: ModelConfig
    let seed: UInt64
    /// The tree (exits re-attach subtrees during a run).
    public internal(set) var tree: Tree
    /// Number of nodes (grows when Sybil validiums join).
    var n: Int

    // Random streams, one per concern, so a change in one mechanism does not shift the others.
    let networkStream: RandomStream
    let provingStream: RandomStream
    let txStream: RandomStream
    let trackStream: RandomStream
    let sybilStream: RandomStream

    // Per-node figures of the current shape.
    let pushTransfer: SimTime
    var phaseOffset: [SimTime]
    let every: SimTime?
    let eager: Bool
    let threshold: Double

    /// Round state of an update cycle.
    enum RoundState: UInt8 { case idle = 0, scheduled = 1, busy = 2 }
    /// The hot per-node state (round cycle, known L1 block, pending input, finality at the parent),
    /// one record per node; freed in `deinit`.
    var nodes: NodeTable<NodeState>
    /// Per-node counters for the results (transactions, rounds, DA bytes); freed in `deinit`.
    var counts: NodeTable<NodeCounters>

    // ZKPs, summaries and finality.
    let pool: ZkpPool
    var deliveredRecord: [Int32]
    var retained: RetainedHashes
    var scratchRecords: [Int32] = []

    // Tracked items.
    var store: ItemStore
    var awaitingFinal = ItemList()
    let txTrackProbability: Double
    let updateTrackProbability: Double

    // The L1.
    var l1Pending: [Int32] = []
    var lastBlock: Int32 = 0
    var finalBlock: Int32 = 0
    /// The L1's view of the whole tree, rebuilt at each block (a pool record).
    var rootRecord: Int32 = -1
    var blocks: [BlockRow] = []

    /// The proof interface (MODEL.md §9): timing model plus the mock or real core.
    var proofs: ProofInterface

    // Faulty operators, elections, exits (MODEL.md §5).
    var faults: FaultState
    // Cross-validium messages (MODEL.md §6); nil without `workload.bridge`.
    var bridge: BridgeState?
    // The fork-aware L1 (MODEL.md §8); nil for a PoS L1 without injected reorgs.
    var forks: ForkState?
    // The prover market (MODEL.md §9); nil without `provers:`.
    var market: ProverMarket?

    /// Protocol invariants (issue 10); `shapeChanges` counts exits and joins, which make subtree
    /// sizes move under summaries built before them.
    var invariants = InvariantReport()
    var shapeChanges = 0
    var lastEventTime: SimTime = 0
    /// Buckets shown to the prefetcher (`World+Prefetch`; 0 below its size threshold).
    var prefetchedBatches = 0

    /// Every processed event, when tracing (`metrics.trace`, `--trace`); empty otherwise.
    var trace: [TraceEvent] = []
    let tracing: Bool

    // Observations.
    var counters = RunCounters()
    var samples: [SampleRow] = []
    var acceptanceRows: [AcceptanceRow] = []
    var lastSampleTime: SimTime = 0
    var lastSampleIncluded: Int64 = 0
    var lastSampleFinal: Int64 = 0

    /// A world ready to run `config` with `seed`.
    public init(config: ModelConfig, seed: UInt64) {
        self.config = config
        self.seed = seed
        self.tracing = config.metrics.trace
        self.tree = Tree(shape: config.tree.shape)
        n = tree.count
        engine = Engine(queue: Queue())
        engine.reserve(4 * n + 16)
        networkStream = RandomStream(seed: seed, name: "network")
        provingStream = RandomStream(seed: seed, name: "proving")
        txStream = RandomStream(seed: seed, name: "transactions")
        trackStream = RandomStream(seed: seed, name: "tracking")
        sybilStream = RandomStream(seed: seed, name: "sybil")
        let phaseStream = RandomStream(seed: seed, name: "phase")

        threshold = config.finality.threshold
        switch config.update.mode {
        case .periodic(let e): every = e; eager = false
        case .eager: every = nil; eager = true
        }
        proofs = ProofInterface(config: config.proofs, seed: seed, nodes: n)
        pushTransfer = World.transferTime(config.proofs.proofSize, config)
        nodes = NodeTable(count: n, NodeState())
        counts = NodeTable(count: n, NodeCounters())
        faults = FaultState(nodes: n)
        let nodeCount = n
        bridge = config.workload.bridge.map { BridgeState(config: $0, nodes: nodeCount, seed: seed) }
        let l1Faults = config.faults.adversaries.contains { $0.behavior == .equivocate || $0.behavior == .reorg }
        if config.l1.mode == .singleNode || l1Faults {
            forks = ForkState(mode: config.l1.mode, rule: config.l1.forkChoice, nodes: nodeCount)
        }
        let jobStride = World.proofJobStride(config, validiums: n - 1)
        market = config.provers.map { ProverMarket(config: $0, seed: seed, jobStride: jobStride) }

        phaseOffset = [SimTime](repeating: 0, count: n)
        if let e = every, config.update.phase == .random {
            for v in 1..<n { phaseOffset[v] = SimTime(phaseStream.uniformInt(UInt64(e))) }
        }

        // Genesis (MODEL.md §3.1 rule 2): every node holds a state stamped 0, held by its parent.
        pool = ZkpPool(reserve: 2 * n + 64, windowBlocks: config.finality.windowBlocks)
        deliveredRecord = [Int32](repeating: -1, count: n)
        retained = RetainedHashes(nodes: n)
        store = ItemStore(reserve: config.metrics.trackedTransactions + config.metrics.trackedUpdates + 1024)

        let validiums = Double(max(n - 1, 0))
        let seconds = Time.seconds(config.duration)
        let expectedTx = config.workload.txRate * validiums * seconds
        txTrackProbability = expectedTx > 0 ? min(1, Double(config.metrics.trackedTransactions) / expectedTx) : 1
        let roundLength: Double
        if let e = every {
            roundLength = Double(e)
        } else {
            let meanChildren = validiums > 0 ? Double(n - 1 - tree.childCount(0)) / validiums : 0
            roundLength = max(1, config.proofs.meanRecursionStep * (meanChildren + 1))
        }
        let expectedUpdates = validiums * Double(config.duration) / roundLength
        updateTrackProbability = expectedUpdates > 0
            ? min(1, Double(config.metrics.trackedUpdates) / expectedUpdates) : 1
        counters.txTrackProbability = txTrackProbability
        counters.updateTrackProbability = updateTrackProbability

        buildGenesisSummaries()
        rootRecord = pool.allocate()
        rebuildTree(parents: tree.parent)
        installPrefetch()
    }

    deinit { nodes.deallocate(); counts.deallocate() }

    /// Bytes of v's group VM: its children's proofs plus its own-state proof or inline state.
    func groupVMBytes(_ v: Int) -> Int64 {
        let c = Int64(tree.childCount(v))
        switch config.tree.ownState {
        case .externalized: return (c + 1) * config.proofs.proofSize
        case .inline: return c * config.proofs.proofSize + (v == 0 ? 0 : config.tree.inlineStateBytes)
        }
    }

    /// Transfer time of `bytes` over the configured bandwidth (µs).
    func transferTime(_ bytes: Int64) -> SimTime { World.transferTime(bytes, config) }

    static func transferTime(_ bytes: Int64, _ config: ModelConfig) -> SimTime {
        guard let bw = config.network.bandwidthBitsPerSecond else { return 0 }
        return Time.micros(Double(bytes) * 8 * 1e6 / bw)
    }

    /// Every node's genesis ZKP, held by its parent: its whole subtree stamped 0.
    private func buildGenesisSummaries() {
        for v in 1..<n {
            let r = pool.allocate()
            let pair = [SummaryPair.make(stamp: 0, count: Int64(tree.subtreeSize[v]))]
            pair.withUnsafeBufferPointer { pool.setSummary(r, from: $0, count: 1) }
            pool[r].stamp = 0
            deliveredRecord[v] = r
        }
    }

    /// Schedules the first rounds, blocks and samples.
    func start() {
        for v in 1..<n {
            if every != nil {
                scheduleRound(Int32(v), at: phaseOffset[v])
            } else {
                // Eager: every validium proves its genesis state at t = 0 (as in §10's lock-step);
                // afterwards it waits for input.
                if config.workload.txRate > 0 { nodes[v].nextTransaction = drawTransactionGap(after: 0) }
                scheduleRound(Int32(v), at: 0)
            }
        }
        scheduleAdversaries()
        scheduleSybils(after: config.faults.sybil?.from ?? 0)
        scheduleBridgeSends()
        if config.l1.blockTime <= config.duration {
            engine.schedule(at: config.l1.blockTime, phase: EventPhase.l1Block, ModelEvent(.l1Block, node: 0, arg: 1))
        }
        if config.metrics.sampleEvery <= config.duration {
            engine.schedule(at: config.metrics.sampleEvery, phase: EventPhase.sample, ModelEvent(.sample, node: 0))
        }
    }

    /// Runs the scenario to its end and returns the measurements.
    public func run() -> RunResults {
        start()
        run(until: config.duration)
        return results()
    }

    /// Runs in slices of about `slice` events, calling `progress` with the simulated time between
    /// slices (for progress lines); returns the measurements.
    public func run(slice: Int, progress: (SimTime, UInt64) -> Void) -> RunResults {
        // Never stopped early, so never nil.
        run(slice: slice, while: { now, events in progress(now, events); return true })!
    }

    /// Runs in slices of about `slice` events while `proceed` (called between slices with the
    /// simulated time and events so far) returns true; nil when it stopped the run early.
    public func run(slice: Int, while proceed: (SimTime, UInt64) -> Bool) -> RunResults? {
        start()
        while !run(until: config.duration, limit: slice) {
            if !proceed(engine.now, engine.processed) { return nil }
        }
        return proceed(engine.now, engine.processed) ? results() : nil
    }

    /// Dispatches one event to its mechanism.
    public func handle(_ event: ScheduledEvent<ModelEvent>) {
        let e = event.payload
        if event.key.time < lastEventTime {
            invariants.check(false, "event time went backwards: \(event.key.time) after \(lastEventTime)")
        }
        lastEventTime = event.key.time
        if tracing {
            trace.append(TraceEvent(time: event.key.time, phase: event.key.phase, kind: e.kind.rawValue, node: e.node,
                                    arg: e.arg, aux: e.aux))
        }
        switch e.kind {
        case .roundStart: if e.arg == nodes[Int(e.node)].roundGeneration { beginRound(e.node) }
        case .daServe: serveFetch(e.node)
        case .daResponse: collectAndProve(e.node)
        case .proveDone: finishRound(e.node, record: e.arg)
        case .zkpDelivered: deliver(child: e.node, record: e.arg)
        case .l1Block: if forks == nil { produceBlock(e.arg) } else { produceForkBlocks(e.arg) }
        case .sample: takeSample()
        case .notify: notified(e.node)
        case .behavior: changeBehavior(e.node, entry: e.arg, starts: e.aux == 1)
        case .daFailed: fetchFailed(e.node, parent: e.arg)
        case .alarm: alarmArrived(e.node, faulty: e.arg, from: e.aux)
        case .checkDone: if e.aux == 1 { confirmFault(by: e.node, faulty: e.arg) }
        case .voteReady: votePushReady(e.node, election: Int(e.arg))
        case .voteDeliver: voteArrived(from: e.node, election: Int(e.arg), count: e.aux)
        case .exitReady: exitReady(e.node, from: e.arg)
        case .exitArrive: exitArrived(e.node, from: e.arg)
        case .sybilJoin: sybilJoin(under: e.node)
        case .bridgeSend: bridgeSend(e.node)
        case .bridgeForce: forceMessage(e.arg)
        case .bridgeProof: proofDelivered(e.arg, to: e.node)
        case .bridgeConfirm: confirmationDelivered(e.arg, to: e.node)
        case .bridgeL1Read: l1StateKnown(e.arg, by: e.node, purpose: BridgeState.L1Purpose(rawValue: UInt8(e.aux)) ?? .relayBurn)
        case .forcedDeadline: forcedDeadlinePassed(e.node, message: e.arg)
        case .l1Watch: l1WatchFired()
        case .l1Vote: l1VoteArrived(from: e.node, election: e.arg)
        case .proverDone: proverFinished(e)
        case .proverDeadline: proverDeadlinePassed(e)
        }
    }

    /// One network delay sample (µs, ≥ 0).
    @inline(__always) func networkDelay() -> SimTime {
        max(0, Time.micros(config.network.latency.sample(networkStream)))
    }
}
