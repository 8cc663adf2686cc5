import SimCore

/// A ZKP reaches its parent (docs/model.md §3.1 rules 8, 11, 12): the parent keeps it as the child's
/// latest, retains its hash and evaluates the child's local finality from the child's summary.
extension UpdateCycle {
    /// Delivery of `child`'s ZKP `record` to its parent, after the native check.
    func deliver(child: Int32, record r: Int32) {
        let c = Int(child)
        let p = Int(ctx.nodes[c].parent)
        ctx.counters.zkpsDelivered += 1
        // An offline parent processes nothing; a censoring one refuses the child's ZKP.
        if behaviors.code(p) != 0 && behaviors.dropsDelivery(parent: p, child: c) {
            pool.release(r)
            return
        }
        // The native check (rule 8) by the chosen core: a refused ZKP is dropped.
        guard proofs.checkDelivered(child: child, record: r, parent: p) else { return }
        if p == 0 {
            // The L1 is not a prover: the ZKP waits for the next block (rule 9).
            var item = pool[r].itemsHead
            let arrival = pool[r].arrival
            while item >= 0 {
                store.items[Int(item)].l1Arrival = arrival
                item = store.next[Int(item)]
            }
            l1.enqueue(child: child, record: r)
            return
        }
        accept(child: c, record: r)
        if l1.forkAware {
            // A child on a conflicting fork: its items and transactions wait (docs/model.md §8).
            let (taken, tx) = l1.itemsTaken(child: c, record: r, parent: p)
            ctx.nodes[p].inbox.splice(head: taken.head, tail: taken.tail, store)
            ctx.nodes[p].pendingTx += tx
        } else {
            ctx.nodes[p].inbox.splice(head: pool[r].itemsHead, tail: pool[r].itemsTail, store)
            ctx.nodes[p].pendingTx += pool[r].txCount
        }
        inputArrived(p)
    }

    /// The parent of `c` takes ZKP `r` as c's latest: retains its hash, re-evaluates c's finality.
    @inline(__always)
    func accept(child c: Int, record r: Int32) {
        let nodes = ctx.nodes
        let old = ctx.delivered[c]
        if ctx.shapeChanges == 0 { checkAcceptance(child: c, old: old, new: r) }
        if old >= 0 { pool.release(old) }
        ctx.delivered[c] = r
        let stamp = pool[r].stamp
        if stamp > nodes[c].finalStamp { retained.add(child: c, stamp: stamp) }
        let head = pool[r].itemsHead
        if head >= 0 {
            path.carried(from: c, stamp: stamp, head: head, tail: pool[r].itemsTail, finalStamp: nodes[c].finalStamp)
            if stamp > nodes[c].finalStamp { nodes[c].pathOpen = true }
        }
        let t = pool.withSummary(r) { SummaryPair.finalStamp($0, size: nodes[c].subtreeSize, threshold: ctx.threshold) }
        let advanced = t > nodes[c].finalStamp
        if advanced {
            nodes[c].finalStamp = t
            retained.finalize(child: c, finalStamp: t)
            popLocal(node: c, upTo: t)
            if nodes[c].pathOpen { nodes[c].pathOpen = path.advanced(c, to: t, now: ctx.now) }
        }
        if behaviors.hasReplacements && behaviors.isReplaced(Int32(c)) {
            elections.noteRecoveredUpdate(Int32(c), finalityAdvanced: advanced)
        }
    }

    /// Acceptance of c's subtree: the summary counts exactly b(c) nodes, and a(t) never decreases
    /// for the newest final state t (stamps only grow) while the L1 chain never forked.
    func checkAcceptance(child c: Int, old: Int32, new r: Int32) {
        let size = Int64(ctx.nodes[c].subtreeSize)
        let total = pool.withSummary(r) { $0.reduce(Int64(0)) { $0 + SummaryPair.count($1) } }
        ctx.invariants.check(total == size, "node \(c)'s summary counts \(total) nodes, b = \(size)")
        let t = ctx.nodes[c].finalStamp
        // Once the L1 chain forked, a node that switches forks rightly stops counting its subtree's
        // stamps on the abandoned fork: acceptance may then fall.
        if old >= 0 && t >= 0 && (!l1.forkAware || l1.forkCount == 1) {
            let before = pool.withSummary(old) { SummaryPair.accepted($0, after: t) }
            let after = pool.withSummary(r) { SummaryPair.accepted($0, after: t) }
            ctx.invariants.check(after >= before, "acceptance of node \(c)'s state \(t) fell from \(before) to \(after)")
        }
    }

    /// Queues update item `idx` of node `i` for local finality at i's parent.
    @inline(__always)
    func appendLocal(_ idx: Int32, node i: Int) {
        store.localNext[Int(idx)] = -1
        let t = ctx.nodes[i].localPending.tail
        if t >= 0 { store.localNext[Int(t)] = idx } else { ctx.nodes[i].localPending.head = idx }
        ctx.nodes[i].localPending.tail = idx
    }

    /// Marks i's queued updates stamped ≤ `t` locally final now.
    @inline(__always)
    func popLocal(node i: Int, upTo t: Int32) {
        var h = ctx.nodes[i].localPending.head
        while h >= 0, store.items[Int(h)].stamp <= t {
            if store.items[Int(h)].revertedAt < 0 { store.items[Int(h)].localFinal = ctx.now }
            // An update re-included by an election: its copy, which the results show, is final too.
            var copy = store.items[Int(h)].supersededBy
            while copy >= 0 { store.items[Int(copy)].localFinal = ctx.now; copy = store.items[Int(copy)].supersededBy }
            h = store.localNext[Int(h)]
        }
        ctx.nodes[i].localPending.head = h
        if h < 0 { ctx.nodes[i].localPending.tail = -1 }
    }

    /// The update items of `c` carried by refused record `r` never become locally final.
    func dropLocal(node c: Int, record r: Int32) {
        var refused = Set<Int32>()
        var item = pool[r].itemsHead
        while item >= 0 {
            if store.items[Int(item)].kind == .update && store.items[Int(item)].origin == Int32(c) { refused.insert(item) }
            item = store.next[Int(item)]
        }
        guard !refused.isEmpty else { return }
        var kept = ItemList()
        var h = ctx.nodes[c].localPending.head
        while h >= 0 {
            let next = store.localNext[Int(h)]
            if !refused.contains(h) {
                store.localNext[Int(h)] = -1
                if kept.tail >= 0 { store.localNext[Int(kept.tail)] = h } else { kept.head = h }
                kept.tail = h
            }
            h = next
        }
        ctx.nodes[c].localPending = kept
    }

    /// Local finality is counted in heights: after the L1 chain restarts from height `h`, no state
    /// newer than h on the abandoned forks stays final.
    func restartLocalFinality(atHeight h: Int32) {
        for c in 1..<ctx.n where ctx.nodes[c].finalStamp > h { ctx.nodes[c].finalStamp = h }
    }
}
