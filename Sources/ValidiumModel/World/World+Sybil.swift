import SimCore
import Stochastic

/// Sybil validiums (MODEL.md §5): with permissionless admission an attacker adds colluding
/// validiums under a chosen node, each one more vote that never comes; permissioned (staked)
/// admission refuses them. Joins arrive as a Poisson process from the stream `sybil`.
extension World {
    /// The next join attempt after `t`, if the attack is configured and still on.
    func scheduleSybils(after t: SimTime) {
        guard let s = config.faults.sybil, s.rate > 0 else { return }
        let gap = max(1, Time.micros(sybilStream.exponential(mean: 1e6 / s.rate)))
        let at = max(t, s.from) + (t < s.from ? 0 : gap)
        guard at <= config.duration, at < s.until else { return }
        engine.schedule(at: at, phase: EventPhase.delivery, ModelEvent(.sybilJoin, node: s.under))
    }

    /// An attacker validium asks to join under `parent`.
    func sybilJoin(under parent: Int32) {
        scheduleSybils(after: engine.now)   // first, so the join times do not depend on admission
        guard config.faults.admission == .permissionless else {
            faults.results.sybilsRefused += 1
            return
        }
        let v = addNode(under: parent)
        faults.behavior[Int(v)] = FaultState.collude
        faults.results.sybilsJoined += 1
        if let e = every {
            // Its phase: a hash of (seed, id), so that joining draws nothing from the streams.
            let phase = SimTime(RandomStream.derive(seed: seed, name: "sybil-\(v)") % UInt64(e))
            scheduleRound(v, at: engine.now + phase)
        } else {
            scheduleRound(v, at: engine.now)
        }
    }

    /// Appends a validium under `parent`: every per-node array and the node table grow, the tree is rebuilt.
    func addNode(under parent: Int32) -> Int32 {
        let v = Int32(n)
        n += 1
        let stamp = parent == 0 ? lastBlock : nodes[Int(parent)].knownL1
        var state = NodeState()
        state.roundStart = engine.now
        state.nextTransaction = config.workload.txRate > 0 && eager ? drawTransactionGap(after: engine.now) : .max
        state.lastCollect = engine.now
        state.knownL1 = stamp; state.fetchSnapshot = stamp; state.latestStamp = stamp
        state.lastArrival = engine.now; state.lastDelivery = engine.now
        nodes.append(state)
        counts.append(NodeCounters())
        phaseOffset.append(0)
        retained.appendNode()
        faults.behavior.append(0)
        faults.forging.append(0)
        if bridge != nil { bridge!.outstanding.append(-1); bridge!.servedAt.append(0) }
        if forks != nil {
            let b = parent == 0 ? forks!.l1Tip(shownTo: Int(parent)) : forks!.knownBlock[Int(parent)]
            forks!.knownBlock.append(b); forks!.servedBlock.append(b); forks!.orphans.append(ItemList())
        }
        // Its genesis state, held by its parent: itself, stamped with the block its parent knows.
        let r = pool.allocate()
        [SummaryPair.make(stamp: stamp, count: 1)].withUnsafeBufferPointer { pool.setSummary(r, from: $0, count: 1) }
        pool[r].stamp = stamp
        deliveredRecord.append(r)
        rebuildTree(parents: tree.parent + [parent])
        return v
    }
}
