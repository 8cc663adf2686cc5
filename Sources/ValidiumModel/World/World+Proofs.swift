import ProofCore
import SimCore

/// The model's calls into the proof interface (MODEL.md §9) and what follows a refusal: a refused
/// update is dropped and its forger treated as a confirmed fault (its descendants replace it); a
/// refused burn mints nothing; a refused vote is not counted. Both cores take the same decisions,
/// so the trace is the same; the real core only gathers its inputs when it is on.
extension World {
    /// `v` proves its update as record `r` (stamp = the L1 block it carries).
    @inline(__always)
    func proveUpdate(node v: Int32, record r: Int32, stamp: Int32) {
        let i = Int(v)
        let forged = publishesForgedUpdates(v)
        guard let real = proofs.real else {
            pool[r].forged = forged   // the mock core's validity flag
            return
        }
        var children: [Int32] = []
        forEachChild(i) { children.append($0) }
        var burns: [Int32] = []
        var item = pool[r].itemsHead
        while item >= 0 {
            let it = store.items[Int(item)]
            if it.kind == .burn && it.origin == v { burns.append(it.message) }
            item = store.next[Int(item)]
        }
        real.proveUpdate(node: v, record: r, round: counts[i].rounds + 1, transactions: counts[i].txCreated, stamp: stamp,
                         children: children, burns: real.committedLeaves(burns), forge: forged)
    }

    /// The parent of `c` (the L1 for p = 0) checks c's ZKP `r` on delivery: true when accepted.
    /// A refused update is dropped with everything it carries, and its forger reported.
    @inline(__always)
    func checkDelivered(child c: Int32, record r: Int32, parent p: Int) -> Bool {
        guard let reason = proofs.verifyUpdate(child: c, record: r, forgedFlag: pool[r].forged) else {
            proofs.accepted(child: c, record: r)
            return true
        }
        proofs.reject("update", node: c, checker: Int32(p), reason: reason, at: engine.now)
        proofs.real?.drop(record: r)
        dropLocal(node: Int(c), record: r)
        pool.release(r)
        forgeryDetected(by: Int32(p), forger: c)
        return false
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
        var h = nodes[c].localPending.head
        while h >= 0 {
            let next = store.localNext[Int(h)]
            if !refused.contains(h) {
                store.localNext[Int(h)] = -1
                if kept.tail >= 0 { store.localNext[Int(kept.tail)] = h } else { kept.head = h }
                kept.tail = h
            }
            h = next
        }
        nodes[c].localPending = kept
    }

    /// `checker` refused an update of `forger`: a confirmed fault. The fault row records the
    /// detection, and the alarm goes to the forger's children, who check its published update
    /// themselves and vote (or exit).
    func forgeryDetected(by checker: Int32, forger c: Int32) {
        guard faults.behavior[Int(c)] == FaultState.forge, faults.forgeryReported.insert(c).inserted else { return }
        if let row = faults.latestFaultRow[c], faults.results.faults[row].detectedAt < 0 {
            faults.results.faults[row].detectedAt = engine.now
            faults.results.faults[row].firstDetector = checker
        }
        forEachChild(Int(c)) { child in
            engine.schedule(at: engine.now + networkDelay(), phase: EventPhase.delivery,
                            ModelEvent(.alarm, node: child, arg: c, aux: checker))
        }
    }

    /// True when `p` currently publishes forged updates (what a descendant's own check finds).
    @inline(__always)
    func publishesForgedUpdates(_ p: Int32) -> Bool { faults.forging[Int(p)] == FaultState.forgesUpdate }

    /// The recipient `r` refused the burn of message `m`: nothing is minted.
    func refuseBurn(_ m: Int32, by r: Int32, reason: UpdateRejection) {
        guard proofs.refusedBurns.insert(m).inserted else { return }
        proofs.reject("burn", node: bridge!.messages[Int(m)].sender, checker: r, reason: reason, at: engine.now)
    }

    /// The L1's state root at block `k` (real core): the burns it includes and its children's commitments.
    func commitBlock(_ k: Int32) {
        guard let real = proofs.real else { return }
        var burns: [Int32] = []
        var i = 0
        while i < l1Pending.count {
            var item = pool[l1Pending[i + 1]].itemsHead
            while item >= 0 {
                if store.items[Int(item)].kind == .burn { burns.append(store.items[Int(item)].message) }
                item = store.next[Int(item)]
            }
            i += 2
        }
        var children: [Int32] = []
        forEachChild(0) { children.append($0) }
        real.produceBlock(k, burns: burns, l1Children: children)
    }
}
