import SimCore

/// The validium side of the fork-aware L1 (docs/model.md §8): what a parent serves, the fork choice at
/// collection, and the summary of a node whose children follow conflicting forks. Used only when
/// `forks` exists; while the chain has one fork every choice is simply the served block.
extension L1 {
    /// Forks of the chain so far (1 while nothing forked).
    var forkCount: Int { forks!.chain.forkCount }

    /// Parent `p` serves child `i` its chain: the L1 shows its tip (the child's fork while it
    /// equivocates), a validium the block it follows.
    func serveFork(_ i: Int, parent p: Int) {
        let served = p == 0 ? forks!.l1Tip(shownTo: i) : forks!.knownBlock[p]
        forks!.servedBlock[i] = served
        ctx.nodes[i].fetchSnapshot = forks!.chain.height[Int(served)]
    }

    /// Node i's fork choice for the round it is collecting: returns the stamp (the chosen block's
    /// height) and sets `knownBlock[i]`.
    func chooseFork(_ i: Int) -> Int32 {
        let served = forks!.servedBlock[i]
        if forks!.chain.forkCount == 1 {
            forks!.knownBlock[i] = served
            return forks!.chain.height[Int(served)]
        }
        var own = served
        if forks!.equivocating, i < forks!.shownFork.count, forks!.shownFork[i] >= 0 {
            // A node the L1 shows a fork to trusts its own watch of the L1 over its parent.
            let shown = forks!.l1Tip(shownTo: i)
            own = forks!.chain.conflict(shown, served) || forks!.chain.isAncestor(served, of: shown) ? shown : served
        }
        var candidates: [ForkCandidate] = []
        ctx.forEachChild(i) { c in
            let r = ctx.delivered[Int(c)]
            if r >= 0 { candidates.append(ForkCandidate(block: forks!.choice(r), weight: Int64(ctx.tree.subtreeSize[Int(c)]))) }
        }
        let choice = ForkChoice.choose(forks!.chain, mode: forks!.mode, rule: forks!.rule, own: own,
                                       candidates: candidates, previous: forks!.knownBlock[i])
        forks!.knownBlock[i] = choice
        return forks!.chain.height[Int(choice)]
    }

    /// Summary of i's new state when the chain has forks: children whose choice conflicts with
    /// i's count only up to the common ancestor (their ZKP is not included: wasted proving).
    func buildForkSummary(record r: Int32, node i: Int, stamp: Int32) {
        let choice = forks!.knownBlock[i]
        forks!.setChoice(r, choice)
        if forks!.chain.forkCount == 1 {
            cycle.buildSummary(record: r, node: i, stamp: stamp)
            return
        }
        mergeChildren(of: i, under: choice, into: r, ownStamp: stamp, colludersSignEveryFork: false)
    }

    /// Sets `r`'s summary to i's children's latest summaries, each clamped under block `b`, plus
    /// i stamped `ownStamp`. At the L1 (`colludersSignEveryFork`), the colluders connected to it
    /// through colluders accept b as soon as it is shown.
    func mergeChildren(of i: Int, under b: Int32, into r: Int32, ownStamp: Int32, colludersSignEveryFork: Bool) {
        var records: [Int32] = [], clamps: [Int32] = [], lifts: [Int64] = []
        ctx.forEachChild(i) { c in
            let cr = ctx.delivered[Int(c)]
            guard cr >= 0 else { return }
            let clamp = clampHeight(record: cr, under: b)
            records.append(cr)
            clamps.append(clamp)
            let lifted = colludersSignEveryFork && clamp != .max && behaviors.colludes(Int(c))
            lifts.append(lifted ? colludingComponent(Int(c)) : 0)
        }
        ctx.pool.mergeClamped(into: r, records: records, clamps: clamps, ownStamp: ownStamp, lifts: lifts,
                          liftTo: forks!.chain.height[Int(b)])
    }

    /// The highest stamp of record `cr` that counts under block `b`: all of them when its choice
    /// is b or an ancestor of b, else up to the newest block both chains share (the record is then
    /// wasted: its choice conflicts with b, or lies beyond b on an abandoned fork).
    func clampHeight(record cr: Int32, under b: Int32) -> Int32 {
        let ch = forks!.choice(cr)
        guard !forks!.chain.isAncestor(ch, of: b) else { return .max }
        forks!.waste(cr)
        return forks!.chain.height[Int(forks!.chain.commonAncestor(ch, b))]
    }

    /// What parent `p` takes from child `c`'s accepted ZKP `r` (§8): nothing while r's chosen block
    /// conflicts with the fork p follows — its items and transactions are held back — and, once c
    /// follows p's fork again, everything held plus r's. Returns the list and the transactions.
    func itemsTaken(child c: Int, record r: Int32, parent p: Int) -> (ItemList, Int64) {
        let pool = ctx.pool
        var list = forks!.held[c]
        var tx = forks!.heldTx[c]
        list.splice(head: pool[r].itemsHead, tail: pool[r].itemsTail, ctx.store)
        tx += pool[r].txCount
        if forks!.chain.forkCount > 1 && forks!.chain.conflict(forks!.choice(r), forks!.knownBlock[p]) {
            forks!.held[c] = list
            forks!.heldTx[c] = tx
            forks!.results.heldZKPs += 1
            return (ItemList(), 0)
        }
        forks!.held[c] = ItemList()
        forks!.heldTx[c] = 0
        return (list, tx)
    }
}
