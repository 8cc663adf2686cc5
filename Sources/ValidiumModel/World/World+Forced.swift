import SimCore

/// Forced routing (MODEL.md §6): without confirmation after `force_after`, the sender pushes the
/// message up; every ancestor up to the lowest common ancestor includes it in its next update, then
/// every node on the way down processes it before it may update again. A node that refuses
/// (`censor`) misses the `forced.deadline` and is treated as faulty (§5). If the common ancestor is
/// the L1, the route costs an L1 transaction.
extension World {
    /// `force_after` elapsed for message `m`.
    func forceMessage(_ m: Int32) {
        guard bridge!.messages[Int(m)].confirmed < 0, bridge!.messages[Int(m)].route == .direct else { return }
        let s = bridge!.messages[Int(m)].sender, r = bridge!.messages[Int(m)].recipient
        let a = lowestCommonAncestor(Int(s), Int(r))
        // The forced copy carries the same burn: a refused or forged one goes no further.
        if proofs.refusedBurns.contains(m) { return }
        if let reason = proofs.verifyBurn(m, sender: s, recipient: r) { refuseBurn(m, by: Int32(a), reason: reason); return }
        // The sender cannot know whether the recipient minted: it forces the message either way. If
        // the recipient already minted, the forced copy is refused there (nullifier) and the message
        // stays a direct one; otherwise it is a forced route.
        if bridge!.messages[Int(m)].minted < 0 {
            bridge!.messages[Int(m)].route = .forced
            bridge!.messages[Int(m)].hopsUp = tree.depth[Int(s)] - tree.depth[a]
            bridge!.messages[Int(m)].hopsDown = tree.depth[Int(r)] - tree.depth[a]
        }
        bridge!.lca[m] = Int32(a)
        bridge!.pendingForcedPush[s, default: []].append(m)
        inputArrived(Int(s))
    }

    /// Forced messages at `v`'s collection: its own pushes, those climbing through it, those coming down.
    func forcedCollect(_ v: Int32) {
        let censoring = faults.behavior[Int(v)] == FaultState.censor
        if let pushes = bridge!.pendingForcedPush.removeValue(forKey: v) {
            for m in pushes {
                unfreeze(v, message: m, at: engine.now)   // the forced push is the sender's way out
                if bridge!.lca[m] == v {
                    bridge!.provingForced[v, default: []].append(m)
                } else {
                    addBridgeItem(.forced, message: m, at: v)
                    bridge!.forcedClimbing += 1
                }
            }
        }
        if bridge!.forcedClimbing > 0 && !nodes[Int(v)].inbox.isEmpty {
            for idx in extractForced(at: v, all: censoring) {
                let m = store.items[Int(idx)].message
                if censoring {
                    bridge!.held[v, default: []].append(idx)
                    armDeadline(m, at: v)
                } else {
                    bridge!.forcedClimbing -= 1
                    bridge!.provingForced[v, default: []].append(m)
                }
            }
        }
        if var down = bridge!.forcedDown[v] {
            let served = bridge!.servedAt[Int(v)]
            down.removeAll { m in
                guard (bridge!.availableAt[m] ?? .max) <= served else { return false }
                if censoring { armDeadline(m, at: v); return false }
                if bridge!.messages[Int(m)].recipient == v {
                    mint(m, at: v)
                } else {
                    bridge!.provingForced[v, default: []].append(m)
                }
                return true
            }
            bridge!.forcedDown[v] = down.isEmpty ? nil : down
        }
    }

    /// Removes from v's inbox the forced items that stop at v (or all of them) and returns them.
    func extractForced(at v: Int32, all: Bool) -> [Int32] {
        var kept = ItemList()
        var out: [Int32] = []
        var h = nodes[Int(v)].inbox.head
        while h >= 0 {
            let next = store.next[Int(h)]
            let item = store.items[Int(h)]
            if item.kind == .forced && (all || bridge!.lca[item.message] == v) { out.append(h) } else { kept.append(h, &store) }
            h = next
        }
        nodes[Int(v)].inbox = kept
        return out
    }

    /// `v` proved the state carrying forced messages: the next node down may process them.
    func forcedProven(_ v: Int32) {
        guard let list = bridge!.provingForced.removeValue(forKey: v) else { return }
        for m in list { passDown(m, from: Int(v)) }
    }

    /// A forced message whose common ancestor is the L1 is in this block: one L1 transaction.
    func forcedReachedL1(_ m: Int32) {
        bridge!.forcedClimbing -= 1
        bridge!.messages[Int(m)].l1Transactions += 1
        passDown(m, from: 0)
    }

    /// Message `m` is available at `x` now: the next node towards its recipient must process it.
    func passDown(_ m: Int32, from x: Int) {
        bridge!.availableAt[m] = engine.now
        let r = Int(bridge!.messages[Int(m)].recipient)
        var c = r
        while Int(tree.parent[c]) != x && tree.parent[c] >= 0 { c = Int(tree.parent[c]) }
        bridge!.forcedDown[Int32(c), default: []].append(m)
        inputArrived(c)
    }

    /// A censoring node holds message `m`: it has `forced.deadline` rounds before it counts as faulty.
    func armDeadline(_ m: Int32, at v: Int32) {
        guard bridge!.deadlineArmed.insert(Int64(m) << 32 | Int64(v)).inserted else { return }
        let round = every ?? bridge!.config.forceAfter
        engine.schedule(at: engine.now + SimTime(bridge!.config.forcedDeadline) * round, phase: EventPhase.delivery,
                        ModelEvent(.forcedDeadline, node: v, arg: m))
    }

    /// The deadline passed: if `v` still holds `m`, it missed a forced operation and is faulty (§5).
    func forcedDeadlinePassed(_ v: Int32, message m: Int32) {
        let stillHeld = (bridge!.held[v]?.contains { store.items[Int($0)].message == m } ?? false)
            || (bridge!.forcedDown[v]?.contains(m) ?? false)
        guard stillHeld, faults.behavior[Int(v)] == FaultState.censor else { return }
        bridge!.results.missedDeadlines += 1
        faults.missedForced.insert(v)
        // Its children on the route see the missed operation for themselves: they act as in §5.
        let s = Int(bridge!.messages[Int(m)].sender), r = Int(bridge!.messages[Int(m)].recipient)
        for end in [s, r] where tree.isAncestor(Int(v), of: end) {
            var c = end
            while Int(tree.parent[c]) != Int(v) { c = Int(tree.parent[c]) }
            confirmFault(by: Int32(c), faulty: v)
        }
    }

    /// The chain `v` fetched shows an ancestor that missed a forced operation: `v` has seen the
    /// fault for itself (every node holds its ancestors' group VMs).
    func seeMissedForcedOperations(_ v: Int32) {
        var a = Int(tree.parent[Int(v)])
        while a > 0 {
            if faults.missedForced.contains(Int32(a)) { confirmFault(by: v, faulty: Int32(a)) }
            a = Int(tree.parent[a])
        }
    }

    /// A replaced operator includes what its predecessor held back.
    func releaseHeldForced(_ p: Int32) {
        guard bridge != nil, let items = bridge!.held.removeValue(forKey: p) else { return }
        for idx in items { nodes[Int(p)].inbox.append(idx, &store) }
        inputArrived(Int(p))
    }
}
