import SimCore
import Stochastic

/// The L1 (docs/model.md §3.1 rules 2, 9; §4 global finality; §8): a block every `block_time` includes
/// the ZKPs that arrived since the last one; the L1 then evaluates local finality of its children
/// and global finality of root states from the summaries it has learnt. Under `l1.mode: pos`
/// without injected faults that is all; with `single_node`, equivocation or reorgs the chain is a
/// tree of forks (`forks`, files `L1+Fork*`): every ZKP carries its chosen block, validiums choose
/// forks, the L2 validiums watch for stalls and elect a new L1 node (`L1+Election`).
final class L1 {
    let ctx: ModelContext
    /// ZKPs delivered since the last block: (child, record) pairs, in arrival order.
    var pending: [Int32] = []
    /// Newest block produced, newest globally final block.
    var lastBlock: Int32 = 0
    var finalBlock: Int32 = 0
    /// The L1's view of the whole tree, rebuilt at each block (a pool record).
    private(set) var rootRecord: Int32 = -1
    /// One row per block.
    private(set) var blocks: [BlockRow] = []
    /// Tracked items in blocks not yet final, oldest first.
    var awaitingFinal = ItemList()
    var scratchRecords: [Int32] = []
    /// The fork-aware chain (nil: a PoS L1 without injected reorgs).
    var forks: ForkState?
    /// True when the chain can fork.
    let forkAware: Bool
    /// Draws of the L1 election (`election.candidate: random`).
    let electionStream: RandomStream
    /// Gas accounting and `l1.gas_limit` (L1+Gas.swift).
    private(set) var gas: L1Gas!

    // The mechanisms the L1 reads and changes (wired by the world).
    var cycle: UpdateCycle!
    var behaviors: Behaviors!
    var exits: Exits!
    var bridge: Bridge!
    var proofs: ProofChecks!

    init(ctx: ModelContext) {
        self.ctx = ctx
        let config = ctx.config
        let l1Faults = config.faults.adversaries.contains { $0.behavior == .equivocate || $0.behavior == .reorg }
        if config.l1.mode == .singleNode || l1Faults {
            forks = ForkState(mode: config.l1.mode, rule: config.l1.forkChoice, nodes: ctx.n)
        }
        forkAware = forks != nil
        electionStream = RandomStream(seed: ctx.seed, name: "l1-election")
        gas = L1Gas(ctx: ctx, l1: self)
    }

    /// Allocates the root view's pool record (after the genesis ZKPs, so record ids stay stable).
    func allocateRootRecord() { rootRecord = ctx.pool.allocate() }

    /// Schedules the first block; with a single-node L1 every L2 validium watches it from genesis.
    func start() {
        if forks?.mode == .singleNode { armWatch() }
        if ctx.config.l1.blockTime <= ctx.config.duration {
            ctx.schedule(.l1(.block(number: 1)), at: ctx.config.l1.blockTime, phase: EventPhase.l1Block)
        }
    }

    /// Handles one of the mechanism's events.
    func handle(_ e: L1Event) {
        switch e {
        case .block(let k): if forkAware { produceForkBlocks(k) } else { produceBlock(k) }
        case .watch: watchFired()
        case .vote(let c, let id): voteArrived(from: c, election: id)
        case .electionTimeout(let id): electionTimedOut(id)
        }
    }

    /// Child `c`'s checked ZKP `r` waits for the next block (rule 9).
    @inline(__always)
    func enqueue(child c: Int32, record r: Int32) {
        pending.append(c)
        pending.append(r)
    }

    /// A validium joins.
    func appendNode(under parent: Int32) {
        guard forks != nil else { return }
        let b = parent == 0 ? forks!.l1Tip(shownTo: Int(parent)) : forks!.knownBlock[Int(parent)]
        forks!.knownBlock.append(b); forks!.servedBlock.append(b); forks!.orphans.append(ItemList())
        forks!.held.append(ItemList()); forks!.heldTx.append(0)
    }

    /// Block `k` is produced now.
    func produceBlock(_ k: Int32) {
        let now = ctx.now
        let pool = ctx.pool
        lastBlock = k
        ctx.counters.lastBlock = k

        var zkps: Int32 = 0
        var txs: Int64 = 0
        gas.takeBlock(&pending)
        proofs.commitBlock(k, pending: pending)
        var i = 0
        while i < pending.count {
            let c = Int(pending[i]), r = pending[i + 1]
            zkps += 1
            txs += pool[r].txCount
            includeItems(of: r, block: k, height: k)
            cycle.accept(child: c, record: r)
            i += 2
        }
        pending.removeAll(keepingCapacity: true)
        exits.processL1()
        bridge.processL1Messages(block: k)
        ctx.counters.txIncluded += txs
        blocks.append(BlockRow(number: k, time: now, zkpsIncluded: zkps, txsIncluded: txs, finalAt: -1))

        updateRootSummary(block: k)
        let rootFinal = pool.withSummary(rootRecord) {
            SummaryPair.finalStamp($0, size: Int32(ctx.n), threshold: ctx.threshold)
        }
        if rootFinal > finalBlock {
            let accepted = rootAccepted(after: rootFinal)
            ctx.invariants.check(Double(accepted) > ctx.threshold * Double(ctx.n),
                                 "block \(rootFinal) final with \(accepted) of \(ctx.n) accepting")
            finalize(upTo: rootFinal)
        }
        endBlockStep(k)
    }

    /// The items of ZKP `r`, included now in block `b` (at `height`), wait for global finality.
    @inline(__always)
    func includeItems(of r: Int32, block b: Int32, height: Int32) {
        let now = ctx.now
        let pool = ctx.pool
        var item = pool[r].itemsHead
        while item >= 0 {
            ctx.store.items[Int(item)].l1Included = now
            ctx.store.items[Int(item)].l1Block = b
            if ctx.store.items[Int(item)].message >= 0 { bridge.itemIncluded(ctx.store.items[Int(item)], block: height) }
            item = ctx.store.next[Int(item)]
        }
        awaitingFinal.splice(head: pool[r].itemsHead, tail: pool[r].itemsTail, ctx.store)
    }

    /// After L1 time step `k`: hashes retained on the L1, eager notifications, the next step.
    func endBlockStep(_ k: Int32) {
        let onL1 = cycle.retainedOnL1()
        ctx.counters.maxL1Retained = max(ctx.counters.maxL1Retained, onL1)
        gas.endBlock(k, pending: &pending)

        if ctx.eager { cycle.notifyChildren(of: 0) }
        let next = SimTime(k + 1) * ctx.config.l1.blockTime
        if next <= ctx.config.duration {
            ctx.schedule(.l1(.block(number: k + 1)), at: next, phase: EventPhase.l1Block)
        }
    }

    /// The L1's view of the whole tree: its children's latest summaries plus itself at block `k`.
    func updateRootSummary(block k: Int32) {
        scratchRecords.removeAll(keepingCapacity: true)
        ctx.forEachChild(0) { scratchRecords.append(ctx.delivered[Int($0)]) }
        scratchRecords.withUnsafeBufferPointer { ctx.pool.merge(into: rootRecord, records: $0, ownStamp: k) }
    }

    /// Root states up to block `b` became globally final now: so did every item they include.
    func finalize(upTo b: Int32) {
        let now = ctx.now
        for k in Int(finalBlock) + 1...Int(b) where k >= 1 && k <= blocks.count {
            blocks[k - 1].finalAt = now
            ctx.counters.txFinal += blocks[k - 1].txsIncluded
        }
        finalBlock = b
        ctx.counters.finalBlock = b
        var h = awaitingFinal.head
        while h >= 0, ctx.store.items[Int(h)].l1Block <= b {
            ctx.store.items[Int(h)].globalFinal = now
            cycle.path.globallyFinal(h, now: now)
            h = ctx.store.next[Int(h)]
        }
        awaitingFinal.head = h
        if h < 0 { awaitingFinal.tail = -1 }
    }

    /// Nodes known to the L1 whose latest update is stamped later than block `t`.
    func rootAccepted(after t: Int32) -> Int64 {
        ctx.pool.withSummary(rootRecord) { SummaryPair.accepted($0, after: t) }
    }
}
