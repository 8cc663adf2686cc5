import SimCore

/// The L1 (MODEL.md §3.1 rules 2, 9; §4 global finality): a block every `block_time` includes the
/// ZKPs that arrived since the last one; the L1 then evaluates local finality of its children and
/// global finality of root states, from the summaries it has learnt.
extension World {
    /// Block `k` is produced now.
    func produceBlock(_ k: Int32) {
        let now = engine.now
        lastBlock = k
        counters.lastBlock = k

        var zkps: Int32 = 0
        var txs: Int64 = 0
        commitBlock(k)
        var i = 0
        while i < l1Pending.count {
            let c = Int(l1Pending[i]), r = l1Pending[i + 1]
            zkps += 1
            txs += pool[r].txCount
            includeItems(of: r, block: k, height: k)
            accept(child: c, record: r)
            i += 2
        }
        l1Pending.removeAll(keepingCapacity: true)
        processL1Exits()
        if bridge != nil { processL1Messages(block: k) }
        counters.txIncluded += txs
        blocks.append(BlockRow(number: k, time: now, zkpsIncluded: zkps, txsIncluded: txs, finalAt: -1))

        updateRootSummary(block: k)
        let rootFinal = pool.withSummary(rootRecord) {
            SummaryPair.finalStamp($0, size: Int32(n), threshold: threshold)
        }
        if rootFinal > finalBlock {
            let accepted = rootAccepted(after: rootFinal)
            invariants.check(Double(accepted) > threshold * Double(n),
                             "block \(rootFinal) final with \(accepted) of \(n) accepting")
            finalize(upTo: rootFinal)
        }
        endBlockStep(k)
    }

    /// The items of ZKP `r`, included now in block `b` (at `height`), wait for global finality.
    @inline(__always)
    func includeItems(of r: Int32, block b: Int32, height: Int32) {
        let now = engine.now
        var item = pool[r].itemsHead
        while item >= 0 {
            store.items[Int(item)].l1Included = now
            store.items[Int(item)].l1Block = b
            if store.items[Int(item)].message >= 0 { bridgeItemIncluded(store.items[Int(item)], block: height) }
            item = store.next[Int(item)]
        }
        awaitingFinal.splice(head: pool[r].itemsHead, tail: pool[r].itemsTail, &store)
    }

    /// After L1 time step `k`: hashes retained on the L1, eager notifications, the next step.
    func endBlockStep(_ k: Int32) {
        var onL1: Int32 = 0
        for c in Int(tree.childStart[0])..<Int(tree.childStart[1]) { onL1 += retained.count(of: Int(tree.children[c])) }
        counters.maxL1Retained = max(counters.maxL1Retained, onL1)

        if eager { notifyChildren(of: 0) }
        let next = SimTime(k + 1) * config.l1.blockTime
        if next <= config.duration {
            engine.schedule(at: next, phase: EventPhase.l1Block, ModelEvent(.l1Block, node: 0, arg: k + 1))
        }
    }

    /// The L1's view of the whole tree: its children's latest summaries plus itself at block `k`.
    func updateRootSummary(block k: Int32) {
        scratchRecords.removeAll(keepingCapacity: true)
        for c in Int(tree.childStart[0])..<Int(tree.childStart[1]) {
            scratchRecords.append(deliveredRecord[Int(tree.children[c])])
        }
        scratchRecords.withUnsafeBufferPointer { pool.merge(into: rootRecord, records: $0, ownStamp: k) }
    }

    /// Root states up to block `b` became globally final now: so did every item they include.
    func finalize(upTo b: Int32) {
        let now = engine.now
        for k in Int(finalBlock) + 1...Int(b) where k >= 1 && k <= blocks.count {
            blocks[k - 1].finalAt = now
            counters.txFinal += blocks[k - 1].txsIncluded
        }
        finalBlock = b
        counters.finalBlock = b
        var h = awaitingFinal.head
        while h >= 0, store.items[Int(h)].l1Block <= b {
            store.items[Int(h)].globalFinal = now
            h = store.next[Int(h)]
        }
        awaitingFinal.head = h
        if h < 0 { awaitingFinal.tail = -1 }
    }

    /// Nodes known to the L1 whose latest update is stamped later than block `t`.
    func rootAccepted(after t: Int32) -> Int64 {
        pool.withSummary(rootRecord) { SummaryPair.accepted($0, after: t) }
    }
}
