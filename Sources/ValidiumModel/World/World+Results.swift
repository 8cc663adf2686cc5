import SimCore

/// Metric samples during the run and the assembly of `RunResults` at its end.
extension World {
    /// Number of newest L1 blocks whose root acceptance is recorded at each sample.
    static let acceptanceDepth: Int32 = 20

    /// A point of the time series, and root acceptance of the newest blocks.
    func takeSample() {
        let now = engine.now
        let interval = Time.seconds(now - lastSampleTime)
        var onL1: Int32 = 0
        for k in Int(tree.childStart[0])..<Int(tree.childStart[1]) { onL1 += retained.count(of: Int(tree.children[k])) }
        samples.append(SampleRow(
            time: now, l1Block: lastBlock, finalBlock: finalBlock, l1RetainedHashes: onL1,
            l1NonFinalStates: lastBlock - finalBlock,
            txIncludedPerSecond: interval > 0 ? Double(counters.txIncluded - lastSampleIncluded) / interval : 0,
            txFinalPerSecond: interval > 0 ? Double(counters.txFinal - lastSampleFinal) / interval : 0,
            events: engine.processed))
        lastSampleTime = now
        lastSampleIncluded = counters.txIncluded
        lastSampleFinal = counters.txFinal
        if lastBlock >= 1 {
            var b = lastBlock - 1
            while b >= 0 && b >= lastBlock - World.acceptanceDepth {
                acceptanceRows.append(AcceptanceRow(time: now, block: b, accepted: Int32(rootAccepted(after: b))))
                b -= 1
            }
        }
        let next = now + config.metrics.sampleEvery
        if next <= config.duration {
            engine.schedule(at: next, phase: EventPhase.sample, ModelEvent(.sample, node: 0))
        }
    }

    /// The measurements of the run so far.
    func results() -> RunResults {
        var rows: [NodeRow] = []
        rows.reserveCapacity(n)
        var daFetched: Int64 = 0
        for v in 0..<n {
            daFetched += counts[v].daFetched
            rows.append(NodeRow(
                id: Int32(v), parent: tree.parent[v], depth: tree.depth[v], children: Int32(tree.childCount(v)),
                subtreeSize: tree.subtreeSize[v], storageBytes: counts[v].daBytes, daBytesFetched: counts[v].daFetched,
                rounds: counts[v].rounds, transactions: counts[v].txCreated, retainedAtParent: v == 0 ? 0 : retained.count(of: v),
                lastStamp: v == 0 ? lastBlock : nodes[v].latestStamp))
        }
        var c = counters
        c.windowTruncations = pool.truncations
        c.maxSummaryStamps = pool.maxPairs
        c.daBytesFetched = daFetched
        var r = RunResults(
            config: config, seed: seed, simulatedEnd: engine.now, events: engine.processed,
            traceDigest: engine.digest.hex, nodes: rows,
            items: bridge == nil ? store.items : store.items.filter { $0.message < 0 }, samples: samples,
            acceptance: acceptanceRows, blocks: blocks, counters: c, faults: faultResults())
        if let b = bridge {
            r.bridge = b.results
            r.bridge.messages = b.messages
        }
        if let m = market { r.provers = m.results(end: engine.now) }
        r.proofs = proofs.results
        r.trace = trace
        r.invariants = invariants
        if forks != nil { (r.l1, r.blocks) = forkResults() }
        return r
    }

    /// Elections as rows, and the victims: honest nodes under a node that still withholds data or
    /// is offline at the end, never replaced and not left by their subtree (MODEL.md §5). A
    /// withholding operator serves its colluders, so their subtrees keep their data.
    func faultResults() -> FaultResults {
        var r = faults.results
        r.elections = faults.elections.map { e in
            ElectionRow(id: e.id, faulty: e.faulty, counter: e.counter, subtreeSize: e.subtreeSize,
                        startedAt: e.startedAt, majorityAt: e.majorityAt, installedAt: e.installedAt,
                        newOperator: e.installedAt >= 0 ? e.newOperator : -1, firstUpdateAt: e.firstUpdateAt,
                        finalityResumedAt: e.finalityResumedAt, votes: e.total)
        }
        var cutOff = [Int32](repeating: -1, count: n)
        for v in tree.breadthFirstOrder() where v > 0 {
            let p = Int(tree.parent[v])
            let b = faults.behavior[p]
            let served = b == FaultState.withhold && faults.behavior[v] == FaultState.collude
            if p > 0 && (b == FaultState.withhold || b == FaultState.offline) && !served {
                cutOff[v] = Int32(p)
            } else if cutOff[p] >= 0 {
                cutOff[v] = cutOff[p]
            }
            if cutOff[v] >= 0 && !faults.isFaulty(v) { r.victims.append(VictimRow(node: Int32(v), faulty: cutOff[v])) }
        }
        return r
    }
}
