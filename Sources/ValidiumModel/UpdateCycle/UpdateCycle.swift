import SimCore
import Stochastic

/// The update cycle of every validium (docs/model.md §3, §3.1 rules 4–12), the model's hot path: wait →
/// fetch DA → collect input → prove → push → delivery and local finality at the parent. It owns the
/// per-node counters, the retained hashes and its own streams; the round state lives in the
/// context's node table (one 128-byte record per node) and the ZKPs in its pool.
///
/// It asks the other mechanisms what it needs (`behaviors.refusal`, `bridge.collect`,
/// `l1.chooseFork`, `proofs.checkDelivered`…) and schedules its events through the context.
final class UpdateCycle {
    let ctx: ModelContext
    /// The context's ZKP pool and tracked items, held here too: the hot path reaches them in one step.
    let pool: ZkpPool
    let store: ItemStore
    /// Per-node counters for the results (transactions, rounds, DA bytes); freed in `deinit`.
    var counts: NodeTable<NodeCounters>
    /// Phase of each node's periodic rounds.
    var phaseOffset: [SimTime]
    /// Hashes each parent retains of each child (docs/model.md §3.1 rule 12).
    var retained: RetainedHashes
    /// The hops of tracked items and their path finality (docs/model.md §4; observation only).
    let path: PathFinality
    /// Own transactions (Poisson) and the thinning of tracked items.
    let txStream: RandomStream
    let trackStream: RandomStream
    let txTrackProbability: Double
    let updateTrackProbability: Double

    // The mechanisms the cycle asks, fixed at creation: stored `let` references are called
    // without retaining them, which the event loop would otherwise pay at every call (BENCHMARKS.md).
    let behaviors: Behaviors
    let elections: Elections
    let bridge: Bridge
    let forced: ForcedRouting
    let l1: L1
    let proofs: ProofChecks
    let market: ProverMarketHost?

    /// Round state of a node's update cycle.
    enum RoundState: UInt8 { case idle = 0, scheduled = 1, busy = 2 }

    /// The cycle of `ctx`'s tree: counters, phases (drawn from the stream `phase`), genesis ZKPs; it
    /// asks the mechanisms given.
    init(ctx: ModelContext, behaviors: Behaviors, elections: Elections, bridge: Bridge, forced: ForcedRouting, l1: L1,
         proofs: ProofChecks, market: ProverMarketHost?) {
        self.ctx = ctx
        pool = ctx.pool
        store = ctx.store
        self.behaviors = behaviors; self.elections = elections; self.bridge = bridge; self.forced = forced
        self.l1 = l1; self.proofs = proofs; self.market = market
        let config = ctx.config, n = ctx.n
        counts = NodeTable(count: n, NodeCounters())
        retained = RetainedHashes(nodes: n)
        // Hops: one per tracked item per ZKP carrying it, at most depth + 1 per item (reserved, not touched).
        let maxDepth = Int(ctx.tree.depth.max() ?? 0)
        let trackedItems = config.metrics.trackedTransactions + config.metrics.trackedUpdates
        path = PathFinality(store: ctx.store, nodes: n, expectedHops: min(trackedItems * (maxDepth + 1), 1 << 26))
        txStream = RandomStream(seed: ctx.seed, name: "transactions")
        trackStream = RandomStream(seed: ctx.seed, name: "tracking")
        let phaseStream = RandomStream(seed: ctx.seed, name: "phase")
        phaseOffset = [SimTime](repeating: 0, count: n)
        if ctx.every != nil, config.update.phase == .random {
            for v in 1..<n { phaseOffset[v] = SimTime(phaseStream.uniformInt(UInt64(ctx.every(of: v) ?? 1))) }
        }

        let validiums = Double(max(n - 1, 0))
        let seconds = Time.seconds(config.duration)
        var expectedTx = config.workload.txRate * validiums * seconds
        if ctx.classes != nil { expectedTx = (1..<max(n, 1)).reduce(0.0) { $0 + ctx.txRate(of: $1) } * seconds }
        txTrackProbability = expectedTx > 0 ? min(1, Double(config.metrics.trackedTransactions) / expectedTx) : 1
        let roundLength = ctx.meanRoundLength
        let expectedUpdates = validiums * Double(config.duration) / roundLength
        updateTrackProbability = expectedUpdates > 0
            ? min(1, Double(config.metrics.trackedUpdates) / expectedUpdates) : 1
        ctx.counters.txTrackProbability = txTrackProbability
        ctx.counters.updateTrackProbability = updateTrackProbability
        buildGenesisSummaries()
    }

    deinit { counts.deallocate() }

    /// Every node's genesis ZKP, held by its parent: its whole subtree stamped 0 (§3.1 rule 2).
    private func buildGenesisSummaries() {
        for v in 1..<ctx.n {
            let r = pool.allocate()
            let pair = [SummaryPair.make(stamp: 0, count: Int64(ctx.tree.subtreeSize[v]))]
            pair.withUnsafeBufferPointer { pool.setSummary(r, from: $0, count: 1) }
            pool[r].stamp = 0
            ctx.delivered[v] = r
        }
    }

    /// Schedules every validium's first round.
    func start() {
        for v in 1..<ctx.n {
            if ctx.every != nil {
                scheduleRound(Int32(v), at: phaseOffset[v])
            } else {
                // Eager: every validium proves its genesis state at t = 0 (as in §10's lock-step);
                // afterwards it waits for input.
                if ctx.txRate(of: v) > 0 { ctx.nodes[v].nextTransaction = drawTransactionGap(after: 0, node: v) }
                scheduleRound(Int32(v), at: 0)
            }
        }
    }

    /// Handles one of the cycle's events.
    @inline(__always)
    func handle(_ e: RoundEvent) {
        switch e {
        case .start(let v, let g): if g == ctx.nodes[Int(v)].roundGeneration { beginRound(v) }
        case .daServe(let v): serveFetch(v)
        case .daResponse(let v): collectAndProve(v)
        case .proveDone(let v, let r): finishRound(v, record: r)
        case .delivered(let c, let r): deliver(child: c, record: r)
        case .notify(let v): inputArrived(Int(v))
        }
    }

    /// Bytes of v's group VM: its children's proofs plus its own-state proof or inline state.
    func groupVMBytes(_ v: Int) -> Int64 {
        let c = Int64(ctx.tree.childCount(v))
        switch ctx.config.tree.ownState {
        case .externalized: return (c + 1) * ctx.config.proofs.proofSize
        case .inline: return c * ctx.config.proofs.proofSize + (v == 0 ? 0 : ctx.config.tree.inlineStateBytes)
        }
    }

    /// A new shape (an exit re-attached a subtree, a validium joined): depths, subtree sizes, the node
    /// records' mirror of the tree and every node's DA chain (storage) follow it.
    func reshape(parents: [Int32]) {
        if ctx.tree.parent != parents { ctx.shapeChanges += 1 }
        ctx.tree = Tree(parents: parents)
        let tree = ctx.tree
        for v in 0..<ctx.n {
            ctx.nodes[v].parent = tree.parent[v]
            ctx.nodes[v].childStart = tree.childStart[v]
            ctx.nodes[v].childCount = tree.childStart[v + 1] - tree.childStart[v]
            ctx.nodes[v].subtreeSize = tree.subtreeSize[v]
            ctx.nodes[v].depth = tree.depth[v]
        }
        for v in tree.breadthFirstOrder() where v > 0 {
            let p = Int(tree.parent[v])
            counts[v].daBytes = counts[p].daBytes + groupVMBytes(p)
            ctx.nodes[v].daTransfer = ctx.transferTime(counts[v].daBytes, node: v)
        }
    }

    /// Appends a validium under `parent` (a Sybil join): its record, counters and genesis ZKP, held
    /// by its parent (itself, stamped with the block its parent knows). The tree is not rebuilt here.
    func appendNode(under parent: Int32) -> Int32 {
        let v = Int32(ctx.n)
        let now = ctx.now
        let stamp = parent == 0 ? l1.lastBlock : ctx.nodes[Int(parent)].knownL1
        var state = NodeState()
        state.roundStart = now
        state.nextTransaction = ctx.config.workload.txRate > 0 && ctx.eager ? drawTransactionGap(after: now, node: Int(v)) : .max
        state.lastCollect = now
        state.knownL1 = stamp; state.fetchSnapshot = stamp; state.latestStamp = stamp
        state.lastArrival = now; state.lastDelivery = now
        ctx.nodes.append(state)
        counts.append(NodeCounters())
        phaseOffset.append(0)
        retained.appendNode()
        path.appendNode()
        return v
    }

    /// The joining validium `v`'s genesis ZKP (after every mechanism made room for it).
    func appendGenesis(_ v: Int32, under parent: Int32) {
        let stamp = ctx.nodes[Int(v)].knownL1
        let r = pool.allocate()
        [SummaryPair.make(stamp: stamp, count: 1)].withUnsafeBufferPointer { pool.setSummary(r, from: $0, count: 1) }
        pool[r].stamp = stamp
        ctx.delivered.append(r)
    }

    /// Hashes node `v`'s parent retains of it (1 = only the newest final one).
    func retainedHashes(of v: Int) -> Int32 { retained.count(of: v) }

    /// Hashes retained on the L1 now (its children's).
    func retainedOnL1() -> Int32 {
        var onL1: Int32 = 0
        ctx.forEachChild(0) { onL1 += retained.count(of: Int($0)) }
        return onL1
    }

    /// A takeover or an exit resumes `child` from its final state: its non-final hashes are dropped.
    func dropPendingHashes(of child: Int) { retained.dropPending(child: child) }
}

extension UpdateCycle {
    /// One row per node for the results, and the DA bytes fetched in all.
    func nodeRows(l1Block: Int32) -> ([NodeRow], Int64) {
        var rows: [NodeRow] = []
        rows.reserveCapacity(ctx.n)
        var daFetched: Int64 = 0
        let tree = ctx.tree
        for v in 0..<ctx.n {
            daFetched += counts[v].daFetched
            rows.append(NodeRow(
                id: Int32(v), parent: tree.parent[v], depth: tree.depth[v], children: Int32(tree.childCount(v)),
                subtreeSize: tree.subtreeSize[v], storageBytes: counts[v].daBytes, daBytesFetched: counts[v].daFetched,
                rounds: counts[v].rounds, transactions: counts[v].txCreated, retainedAtParent: v == 0 ? 0 : retained.count(of: v),
                lastStamp: v == 0 ? l1Block : ctx.nodes[v].latestStamp))
        }
        return (rows, daFetched)
    }
}
