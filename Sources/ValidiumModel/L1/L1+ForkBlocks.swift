import SimCore

/// The fork-aware L1 (docs/model.md §8): each block time the L1 operator extends its active forks (one
/// when honest, several while it equivocates); a block includes only ZKPs whose chosen block is one
/// of its ancestors (colluders' ZKPs go into every fork); each fork's root view counts the
/// children's summaries up to where they agree with it; the safety check watches finalisations.
extension L1 {
    /// Time step `k` of the L1: produce the blocks of every active fork.
    func produceForkBlocks(_ k: Int32) {
        let now = ctx.now
        let pool = ctx.pool
        startForksIfNeeded(now)
        var newBlocks: [Int32] = []
        for f in forks!.activeForks { newBlocks.append(forks!.chain.addBlock(fork: f, at: now)) }
        let canonical = newBlocks[0]
        lastBlock = newBlocks.map { forks!.chain.height[Int($0)] }.max()!
        ctx.counters.lastBlock = max(ctx.counters.lastBlock, lastBlock)

        var txs: Int64 = 0
        gas.takeBlock(&pending)
        proofs.commitBlock(forks!.chain.height[Int(canonical)], pending: pending)
        var i = 0
        while i < pending.count {
            let c = Int(pending[i]), r = pending[i + 1]
            i += 2
            let colluding = behaviors.colludes(c)
            let ch = forks!.choice(r)
            guard let b = newBlocks.first(where: { colluding || forks!.chain.isAncestor(ch, of: $0) }) else {
                // No fork this L1 extends can include it: proving wasted; its items wait for a re-proof.
                forks!.waste(r)
                orphanItems(head: pool[r].itemsHead)
                pool.release(r)
                continue
            }
            for nb in newBlocks where colluding || forks!.chain.isAncestor(ch, of: nb) { forks!.chain.zkps[Int(nb)] += 1 }
            forks!.chain.txs[Int(b)] += pool[r].txCount
            txs += pool[r].txCount
            includeItems(of: r, block: b, height: forks!.chain.height[Int(b)])
            reincludeOrphans(child: c, block: b)
            cycle.accept(child: c, record: r)
        }
        pending.removeAll(keepingCapacity: true)
        exits.processL1()
        bridge.processL1Messages(block: forks!.chain.height[Int(canonical)])
        ctx.counters.txIncluded += txs

        for (index, b) in newBlocks.enumerated() {
            let record = index == 0 ? rootRecord : pool.allocate()
            buildRootView(record: record, block: b)
            let h = pool.withSummary(record) { SummaryPair.finalStamp($0, size: Int32(ctx.n), threshold: ctx.threshold) }
            if h >= 1 {
                let x = forks!.chain.ancestor(of: b, atHeight: h)
                if forks!.chain.finalAt[Int(x)] < 0 {
                    let accepted = pool.withSummary(record) { SummaryPair.accepted($0, after: h) }
                    ctx.invariants.check(Double(accepted) > ctx.threshold * Double(ctx.n),
                                         "block \(x) final with \(accepted) of \(ctx.n) accepting")
                    finalizeFork(x, accepted: accepted)
                }
            }
            if index > 0 { pool.release(record) }
        }

        endBlockStep(k)
    }

    /// Starts the forks of an equivocation, or performs a pending reorg, before this step's blocks.
    func startForksIfNeeded(_ now: SimTime) {
        if forks!.pendingReorg > 0 {
            let tip = forks!.chain.tip[Int(forks!.activeForks[0])]
            let base = forks!.chain.ancestor(of: tip, atHeight: max(0, forks!.chain.height[Int(tip)] - Int32(forks!.pendingReorg)))
            forks!.pendingReorg = 0
            forks!.chain.abandon(allBut: base)
            forks!.activeForks = [forks!.chain.addFork(after: base, operator: forks!.generation, at: now)]
            if forks!.results.firstConflictAt < 0 { forks!.results.firstConflictAt = now }
            orphanAbandonedItems()
            cycle.restartLocalFinality(atHeight: forks!.chain.height[Int(base)])
        }
        if forks!.equivocating && forks!.activeForks.count < forks!.wantedForks {
            let tip = forks!.chain.tip[Int(forks!.activeForks[0])]
            forks!.activeForks = (0..<forks!.wantedForks).map { _ in
                forks!.chain.addFork(after: tip, operator: forks!.generation, at: now)
            }
            if forks!.results.firstConflictAt < 0 { forks!.results.firstConflictAt = now }
        }
    }

    /// The root view of block `b`: the L1 children's latest summaries, each counted up to where its
    /// choice agrees with b, plus the L1 itself unless it equivocates. Colluders double-sign: the
    /// colluding operators connected to the L1 through colluders accept b as soon as it is shown.
    func buildRootView(record: Int32, block b: Int32) {
        let own = forks!.equivocating ? SummaryPair.olderThanWindow : forks!.chain.height[Int(b)]
        mergeChildren(of: 0, under: b, into: record, ownStamp: own, colludersSignEveryFork: true)
    }

    /// Colluding operators reachable from `c` (itself included) through colluders only.
    func colludingComponent(_ c: Int) -> Int64 {
        var count: Int64 = 0
        var stack = [c]
        while let v = stack.popLast() {
            guard behaviors.colludes(v) else { continue }
            count += 1
            ctx.forEachChild(v) { stack.append(Int($0)) }
        }
        return count
    }

    /// Block `x` (and its ancestors) became final now with `accepted` nodes accepting; the safety check.
    func finalizeFork(_ x: Int32, accepted: Int64) {
        let now = ctx.now
        var cur = x
        var newlyFinalTx: Int64 = 0
        while cur > 0 && forks!.chain.finalAt[Int(cur)] < 0 {
            forks!.chain.finalAt[Int(cur)] = now
            forks!.chain.acceptanceAtFinal[Int(cur)] = accepted
            newlyFinalTx += forks!.chain.txs[Int(cur)]
            cur = forks!.chain.parent[Int(cur)]
        }
        let tip = forks!.finalTip
        if forks!.chain.isAncestor(tip, of: x) {
            forks!.finalTip = x
            forks!.lastFinalityAt = now
            finalBlock = forks!.chain.height[Int(x)]
            ctx.counters.finalBlock = finalBlock
            ctx.counters.txFinal += newlyFinalTx
            finalizeItemsOnChain()
            noteNewOperatorFinality(x)
            armWatch()
        } else if !forks!.chain.isAncestor(x, of: tip) {
            forks!.results.safety.violations += 1
            if forks!.results.safety.firstAt < 0 {
                forks!.results.safety.firstAt = now
                forks!.results.safety.finalBlock = tip
                forks!.results.safety.conflictingBlock = x
                forks!.results.safety.finalAcceptance = forks!.chain.acceptanceAtFinal[Int(tip)]
                forks!.results.safety.conflictingAcceptance = accepted
            }
        }
    }

    /// Tracked items in blocks up to the final tip's height: final when on its chain, else orphaned.
    func finalizeItemsOnChain() {
        let tip = forks!.finalTip
        let top = forks!.chain.height[Int(tip)]
        var h = awaitingFinal.head
        while h >= 0 {
            let b = ctx.store.items[Int(h)].l1Block
            if forks!.chain.height[Int(b)] > top { break }
            let next = ctx.store.next[Int(h)]
            if forks!.chain.isAncestor(b, of: tip) {
                ctx.store.items[Int(h)].globalFinal = ctx.now
                cycle.path.globallyFinal(h, now: ctx.now)
            } else {
                orphan(h)
            }
            h = next
        }
        awaitingFinal.head = h
        if h < 0 { awaitingFinal.tail = -1 }
    }
}
