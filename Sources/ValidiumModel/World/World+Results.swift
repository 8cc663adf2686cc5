import SimCore

/// The assembly of `RunResults` from what each mechanism recorded.
extension World {
    /// The measurements of the run so far.
    func results() -> RunResults {
        ctx.now = engine.now
        let (rows, daFetched) = cycle.nodeRows(l1Block: l1.lastBlock)
        var c = ctx.counters
        c.windowTruncations = ctx.pool.truncations
        c.maxSummaryStamps = ctx.pool.maxPairs
        c.daBytesFetched = daFetched
        // Originals replaced by their re-included copies are not results (their copies are).
        let items = ctx.store.superseded == 0 ? ctx.store.items : ctx.store.items.filter { $0.supersededBy < 0 }
        var r = RunResults(
            config: ctx.config, seed: ctx.seed, simulatedEnd: engine.now, events: engine.processed,
            traceDigest: engine.digest.hex, nodes: rows,
            items: bridge.isOn ? items.filter { $0.message < 0 } : items, samples: sampler.samples,
            acceptance: sampler.acceptanceRows, blocks: l1.blocks, counters: c, faults: faultResults())
        if bridge.isOn { r.bridge = bridge.finalResults(missedDeadlines: forced.missedDeadlines) }
        if let market { r.provers = market.results() }
        r.proofs = mechanisms.proofs.results
        r.trace = trace
        r.invariants = ctx.invariants
        if l1.forkAware { (r.l1, r.blocks) = l1.forkResults() }
        r.gas = l1.gas.results
        return r
    }

    /// Faults, elections, votes, exits, victims and the L1 transactions they cost (docs/model.md §5).
    func faultResults() -> FaultResults {
        var r = FaultResults()
        r.faults = behaviors.rows
        r.alarms = behaviors.alarms
        r.elections = elections.rows
        r.votes = elections.votes
        r.exits = exits.rows
        r.l1Transactions = elections.l1Transactions + exits.l1Transactions
        r.sybilsJoined = admission.joined
        r.sybilsRefused = admission.refused
        r.victims = behaviors.victims()
        r.safetyViolations = cycle.path.violations
        return r
    }
}
