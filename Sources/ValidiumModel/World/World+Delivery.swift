import SimCore

/// A ZKP reaches its parent (MODEL.md §3.1 rules 8, 11, 12): the parent keeps it as the child's
/// latest, retains its hash and evaluates the child's local finality from the child's summary.
extension World {
    /// Delivery of `child`'s ZKP `record` to its parent, after the native check.
    func deliver(child: Int32, record r: Int32) {
        let c = Int(child)
        let p = Int(nodes[c].parent)
        counters.zkpsDelivered += 1
        if faults.behavior[p] != 0 && (faults.behavior[p] == FaultState.offline || isCensoring(p, c)) {
            // An offline parent processes nothing; a censoring one refuses the child's ZKP.
            if faults.behavior[p] == FaultState.censor && faults.censoredSince[child] == nil {
                faults.censoredSince[child] = engine.now
            }
            pool.release(r)
            return
        }
        // The native check (rule 8) by the chosen core: a refused ZKP is dropped.
        guard checkDelivered(child: child, record: r, parent: p) else { return }
        if p == 0 {
            // The L1 is not a prover: the ZKP waits for the next block (rule 9).
            var item = pool[r].itemsHead
            let arrival = pool[r].arrival
            while item >= 0 {
                store.items[Int(item)].l1Arrival = arrival
                item = store.next[Int(item)]
            }
            l1Pending.append(child)
            l1Pending.append(r)
            return
        }
        accept(child: c, record: r)
        nodes[p].inbox.splice(head: pool[r].itemsHead, tail: pool[r].itemsTail, &store)
        nodes[p].pendingTx += pool[r].txCount
        inputArrived(p)
    }

    /// The parent of `c` takes ZKP `r` as c's latest: retains its hash, re-evaluates c's finality.
    @inline(__always)
    func accept(child c: Int, record r: Int32) {
        let old = deliveredRecord[c]
        if shapeChanges == 0 { checkAcceptance(child: c, old: old, new: r) }
        if old >= 0 { pool.release(old) }
        deliveredRecord[c] = r
        let stamp = pool[r].stamp
        if stamp > nodes[c].finalStamp { retained.add(child: c, stamp: stamp) }
        let t = pool.withSummary(r) { SummaryPair.finalStamp($0, size: nodes[c].subtreeSize, threshold: threshold) }
        let advanced = t > nodes[c].finalStamp
        if advanced {
            nodes[c].finalStamp = t
            retained.finalize(child: c, finalStamp: t)
            popLocal(node: c, upTo: t)
        }
        if !faults.replaced.isEmpty && faults.replaced.contains(Int32(c)) { noteRecoveredUpdate(c, finalityAdvanced: advanced) }
    }

    /// Acceptance of c's subtree: the summary counts exactly b(c) nodes, and a(t) never decreases
    /// for the newest final state t (stamps only grow) while the L1 chain never forked.
    func checkAcceptance(child c: Int, old: Int32, new r: Int32) {
        let size = Int64(nodes[c].subtreeSize)
        let total = pool.withSummary(r) { $0.reduce(Int64(0)) { $0 + SummaryPair.count($1) } }
        invariants.check(total == size, "node \(c)'s summary counts \(total) nodes, b = \(size)")
        let t = nodes[c].finalStamp
        // Once the L1 chain forked, a node that switches forks rightly stops counting its subtree's
        // stamps on the abandoned fork: acceptance may then fall.
        if old >= 0 && t >= 0 && (forks == nil || forks!.chain.forkCount == 1) {
            let before = pool.withSummary(old) { SummaryPair.accepted($0, after: t) }
            let after = pool.withSummary(r) { SummaryPair.accepted($0, after: t) }
            invariants.check(after >= before, "acceptance of node \(c)'s state \(t) fell from \(before) to \(after)")
        }
    }

    /// Queues update item `idx` of node `i` for local finality at i's parent.
    @inline(__always)
    func appendLocal(_ idx: Int32, node i: Int) {
        store.localNext[Int(idx)] = -1
        let t = nodes[i].localPending.tail
        if t >= 0 { store.localNext[Int(t)] = idx } else { nodes[i].localPending.head = idx }
        nodes[i].localPending.tail = idx
    }

    /// Marks i's queued updates stamped ≤ `t` locally final now.
    @inline(__always)
    func popLocal(node i: Int, upTo t: Int32) {
        var h = nodes[i].localPending.head
        while h >= 0, store.items[Int(h)].stamp <= t {
            store.items[Int(h)].localFinal = engine.now
            h = store.localNext[Int(h)]
        }
        nodes[i].localPending.head = h
        if h < 0 { nodes[i].localPending.tail = -1 }
    }
}
