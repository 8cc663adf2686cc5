import SimCore

/// The assembly of `RunResults` from what each mechanism recorded.
extension World {
    /// The measurements of the run so far.
    func results() -> RunResults {
        ctx.now = engine.now
        let (rows, daFetched) = mechanisms.cycle.nodeRows(l1Block: mechanisms.l1.lastBlock)
        var c = ctx.counters
        c.windowTruncations = ctx.pool.truncations
        c.maxSummaryStamps = ctx.pool.maxPairs
        c.daBytesFetched = daFetched
        let items = ctx.store.items
        var r = RunResults(
            config: ctx.config, seed: ctx.seed, simulatedEnd: engine.now, events: engine.processed,
            traceDigest: engine.digest.hex, nodes: rows,
            items: mechanisms.bridge.isOn ? items.filter { $0.message < 0 } : items, samples: mechanisms.sampler.samples,
            acceptance: mechanisms.sampler.acceptanceRows, blocks: mechanisms.l1.blocks, counters: c, faults: faultResults())
        if mechanisms.bridge.isOn { r.bridge = mechanisms.bridge.finalResults(missedDeadlines: mechanisms.forced.missedDeadlines) }
        if let market = mechanisms.market { r.provers = market.results() }
        r.proofs = mechanisms.proofs.results
        r.trace = trace
        r.invariants = ctx.invariants
        if mechanisms.l1.forkAware { (r.l1, r.blocks) = mechanisms.l1.forkResults() }
        return r
    }

    /// Faults, elections, votes, exits, victims and the L1 transactions they cost (MODEL.md §5).
    func faultResults() -> FaultResults {
        var r = FaultResults()
        r.faults = mechanisms.behaviors.rows
        r.alarms = mechanisms.behaviors.alarms
        r.elections = mechanisms.elections.rows
        r.votes = mechanisms.elections.votes
        r.exits = mechanisms.exits.rows
        r.l1Transactions = mechanisms.elections.l1Transactions + mechanisms.exits.l1Transactions
        r.sybilsJoined = mechanisms.admission.joined
        r.sybilsRefused = mechanisms.admission.refused
        r.victims = mechanisms.behaviors.victims()
        return r
    }
}
