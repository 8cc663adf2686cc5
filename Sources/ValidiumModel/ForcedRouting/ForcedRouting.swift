import SimCore

/// Forced routing (docs/model.md §6): without confirmation after `force_after`, the sender pushes the
/// message up; every ancestor up to the lowest common ancestor includes it in its next update, then
/// every node on the way down processes it before it may update again. A node that refuses
/// (`censor`) misses the `forced.deadline` and is treated as faulty (§5). If the common ancestor is
/// the L1, the route costs an L1 transaction. Messages themselves are the bridge's.
final class ForcedRouting {
    let ctx: ModelContext
    /// The common ancestor of each forced message.
    private var lca: [Int32: Int32] = [:]
    /// Forced pushes a sender makes in its next update.
    private var pendingPush: [Int32: [Int32]] = [:]
    /// Forced messages a node must process at its next update (the way down), and what it proves now.
    private var down: [Int32: [Int32]] = [:]
    private var proving: [Int32: [Int32]] = [:]
    /// Time the current holder of a forced message (on the way down) proved the state carrying it.
    private var availableAt: [Int32: SimTime] = [:]
    /// Forced items held back by a censoring node, and deadlines already armed (message << 32 | node).
    private var held: [Int32: [Int32]] = [:]
    private var deadlineArmed = Set<Int64>()
    /// Time each node's latest DA request was served (what the way down needs to have been proven).
    private var servedAt: [SimTime]
    /// Forced items still climbing (the inbox is scanned only while some are).
    private var climbing = 0
    /// Deadlines missed.
    private(set) var missedDeadlines: Int64 = 0

    // The mechanisms forced routing reads and changes (wired by the world).
    var bridge: Bridge!
    var behaviors: Behaviors!
    var cycle: UpdateCycle!
    var proofs: ProofChecks!

    init(ctx: ModelContext) {
        self.ctx = ctx
        servedAt = [SimTime](repeating: 0, count: ctx.config.workload.bridge != nil ? ctx.n : 0)
    }

    /// A validium joins.
    func appendNode() { if bridge.isOn { servedAt.append(0) } }

    /// `v`'s DA request was served now.
    @inline(__always) func noteServed(_ v: Int) { servedAt[v] = ctx.now }

    /// True when sender `v` has a forced push to make in its next update.
    func hasPendingPush(_ v: Int32) -> Bool { pendingPush[v] != nil }

    /// The lowest common ancestor of `a` and `b`.
    func lowestCommonAncestor(_ a: Int, _ b: Int) -> Int {
        let tree = ctx.tree
        var x = a, y = b
        while tree.depth[x] > tree.depth[y] { x = Int(tree.parent[x]) }
        while tree.depth[y] > tree.depth[x] { y = Int(tree.parent[y]) }
        while x != y { x = Int(tree.parent[x]); y = Int(tree.parent[y]) }
        return x
    }

    /// `force_after` elapsed for message `m`.
    func force(_ m: Int32) {
        let message = bridge.message(m)
        guard message.confirmed < 0, message.route == .direct else { return }
        let s = message.sender, r = message.recipient
        let a = lowestCommonAncestor(Int(s), Int(r))
        // The forced copy carries the same burn: a refused or forged one goes no further.
        if proofs.burnRefused(m) { return }
        if let reason = proofs.verifyBurn(m, sender: s, recipient: r) {
            proofs.refuseBurn(m, sender: s, by: Int32(a), reason: reason)
            return
        }
        // The sender cannot know whether the recipient minted: it forces the message either way. If
        // the recipient already minted, the forced copy is refused there (nullifier) and the message
        // stays a direct one; otherwise it is a forced route.
        if message.minted < 0 {
            let depth = ctx.tree.depth
            bridge.reroute(m, hopsUp: depth[Int(s)] - depth[a], hopsDown: depth[Int(r)] - depth[a])
        }
        lca[m] = Int32(a)
        pendingPush[s, default: []].append(m)
        cycle.inputArrived(Int(s))
    }

    /// Forced messages at `v`'s collection: its own pushes, those climbing through it, those coming down.
    func collect(_ v: Int32) {
        let censoring = behaviors.code(Int(v)) == Behaviors.censor
        if let pushes = pendingPush.removeValue(forKey: v) {
            for m in pushes {
                bridge.unfreeze(v, message: m, at: ctx.now)   // the forced push is the sender's way out
                if lca[m] == v {
                    proving[v, default: []].append(m)
                } else {
                    bridge.addBridgeItem(.forced, message: m, at: v)
                    climbing += 1
                }
            }
        }
        if climbing > 0 && !ctx.nodes[Int(v)].inbox.isEmpty {
            for idx in extractForced(at: v, all: censoring) {
                let m = ctx.store.items[Int(idx)].message
                if censoring {
                    held[v, default: []].append(idx)
                    armDeadline(m, at: v)
                } else {
                    climbing -= 1
                    proving[v, default: []].append(m)
                }
            }
        }
        if var list = down[v] {
            let served = servedAt[Int(v)]
            list.removeAll { m in
                guard (availableAt[m] ?? .max) <= served else { return false }
                if censoring { armDeadline(m, at: v); return false }
                if bridge.message(m).recipient == v {
                    bridge.mint(m, at: v)
                } else {
                    proving[v, default: []].append(m)
                }
                return true
            }
            down[v] = list.isEmpty ? nil : list
        }
    }

    /// Removes from v's inbox the forced items that stop at v (or all of them) and returns them.
    func extractForced(at v: Int32, all: Bool) -> [Int32] {
        var kept = ItemList()
        var out: [Int32] = []
        var h = ctx.nodes[Int(v)].inbox.head
        while h >= 0 {
            let next = ctx.store.next[Int(h)]
            let item = ctx.store.items[Int(h)]
            if item.kind == .forced && (all || lca[item.message] == v) { out.append(h) } else { kept.append(h, ctx.store) }
            h = next
        }
        ctx.nodes[Int(v)].inbox = kept
        return out
    }

    /// `v` proved the state carrying forced messages: the next node down may process them.
    func proven(_ v: Int32) {
        guard let list = proving.removeValue(forKey: v) else { return }
        for m in list { passDown(m, from: Int(v)) }
    }

    /// A forced message whose common ancestor is the L1 is in this block: one L1 transaction.
    func reachedL1(_ m: Int32) {
        climbing -= 1
        bridge.addL1Transaction(m)
        passDown(m, from: 0)
    }

    /// Message `m` is available at `x` now: the next node towards its recipient must process it.
    func passDown(_ m: Int32, from x: Int) {
        availableAt[m] = ctx.now
        let r = Int(bridge.message(m).recipient)
        let tree = ctx.tree
        var c = r
        while Int(tree.parent[c]) != x && tree.parent[c] >= 0 { c = Int(tree.parent[c]) }
        down[Int32(c), default: []].append(m)
        cycle.inputArrived(c)
    }

    /// A censoring node holds message `m`: it has `forced.deadline` rounds before it counts as faulty.
    func armDeadline(_ m: Int32, at v: Int32) {
        guard deadlineArmed.insert(Int64(m) << 32 | Int64(v)).inserted else { return }
        let round = ctx.every ?? bridge.config.forceAfter
        ctx.schedule(.forcedDeadline(node: v, message: m), at: ctx.now + SimTime(bridge.config.forcedDeadline) * round)
    }

    /// The deadline passed: if `v` still holds `m`, it missed a forced operation and is faulty (§5).
    func deadlinePassed(_ v: Int32, message m: Int32) {
        let stillHeld = (held[v]?.contains { ctx.store.items[Int($0)].message == m } ?? false)
            || (down[v]?.contains(m) ?? false)
        guard stillHeld, behaviors.code(Int(v)) == Behaviors.censor else { return }
        missedDeadlines += 1
        behaviors.noteMissedForced(v)
        // Its children on the route see the missed operation for themselves: they act as in §5.
        let s = Int(bridge.message(m).sender), r = Int(bridge.message(m).recipient)
        let tree = ctx.tree
        for end in [s, r] where tree.isAncestor(Int(v), of: end) {
            var c = end
            while Int(tree.parent[c]) != Int(v) { c = Int(tree.parent[c]) }
            behaviors.confirmFault(by: Int32(c), faulty: v)
        }
    }

    /// A replaced operator includes what its predecessor held back.
    func releaseHeld(_ p: Int32) {
        guard bridge.isOn, let items = held.removeValue(forKey: p) else { return }
        for idx in items { cycle.addToInbox(idx, node: p) }
        cycle.inputArrived(Int(p))
    }
}
