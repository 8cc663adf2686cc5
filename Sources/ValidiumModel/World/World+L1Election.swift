import SimCore

/// The "virtual L0" (MODEL.md §8): every L2 validium watches the L1; when no L1 block has become
/// final for `l1.stall_timeout`, the L2 validiums elect a new L1 node, votes weighted by subtree
/// size; it continues from the last final block, every other block is abandoned, the old operator
/// is slashed, and L2 validiums that did not vote are treated as faulty (§5 replacement).
extension World {
    /// Arms the stall watch `stall_timeout` after the latest finality (single_node only).
    func armL1Watch() {
        guard forks!.mode == .singleNode, !forks!.watchPending else { return }
        let at = max(engine.now, forks!.lastFinalityAt + config.l1.stallTimeout)
        guard at <= config.duration else { return }
        forks!.watchPending = true
        engine.schedule(at: at, phase: EventPhase.delivery, ModelEvent(.l1Watch, node: 0))
    }

    /// The watch fires: a stall when nothing became final for `stall_timeout`.
    func l1WatchFired() {
        forks!.watchPending = false
        if engine.now - forks!.lastFinalityAt < config.l1.stallTimeout { armL1Watch(); return }
        guard forks!.election < 0 else { return }   // an election is already under way
        startL1Election()
    }

    /// Each honest L2 validium proves an emergency ZKP of its subtree and sends its vote.
    func startL1Election() {
        let id = Int32(forks!.results.elections.count)
        forks!.election = id
        forks!.electionWeight = 0
        forks!.electionVoters = []
        forks!.electionNeeded = Int64((threshold * Double(n - 1)).rounded(.down))
        var nonVoters: Int32 = 0
        forEachChild(0) { c in
            let b = faults.behavior[Int(c)]
            if b == FaultState.offline || b == FaultState.collude { nonVoters += 1; return }
            let proving = config.proofs.recursionStep.sample(provingStream) * Double(tree.childCount(Int(c)) + 1)
            let at = engine.now + max(0, Time.micros(proving)) + networkDelay()
            engine.schedule(at: at, phase: EventPhase.delivery, ModelEvent(.l1Vote, node: c, arg: id))
        }
        forks!.results.elections.append(L1ElectionRow(
            id: id, startedAt: engine.now, majorityAt: -1, weight: 0, needed: forks!.electionNeeded + 1, voters: 0,
            nonVoters: nonVoters, newOperator: -1, slashedGeneration: forks!.generation, resumedFrom: -1, firstFinalAt: -1))
        if let row = faults.latestFaultRow[0], faults.results.faults[row].detectedAt < 0 {
            faults.results.faults[row].detectedAt = engine.now
        }
    }

    /// A vote of L2 validium `c` (weight b(c)) reached the other L2 validiums.
    func l1VoteArrived(from c: Int32, election id: Int32) {
        guard id == forks!.election else { return }
        forks!.electionWeight += Int64(tree.subtreeSize[Int(c)])
        forks!.electionVoters.append(c)
        let row = Int(id)
        forks!.results.elections[row].weight = forks!.electionWeight
        forks!.results.elections[row].voters = Int32(forks!.electionVoters.count)
        if forks!.electionWeight > forks!.electionNeeded { takeOverL1(election: row) }
    }

    /// The majority is in: a new operator runs the L1 from the last final block.
    func takeOverL1(election row: Int) {
        let voters = forks!.electionVoters
        let newOperator: Int32
        switch config.faults.candidate {
        case .firstDetector: newOperator = voters[0]
        case .lowestID: newOperator = voters.min()!
        case .random: newOperator = voters[Int(sybilStream.uniformInt(UInt64(voters.count)))]
        }
        let resumeFrom = forks!.finalTip
        forks!.election = -1
        forks!.generation += 1
        forks!.equivocating = false
        forks!.pendingReorg = 0
        forks!.wantedForks = 1
        forks!.chain.abandon(allBut: resumeFrom)
        forks!.activeForks = [forks!.chain.addFork(after: resumeFrom, operator: forks!.generation, at: engine.now)]
        faults.replaced.insert(0)
        faults.behavior[0] = 0
        if let r = faults.latestFaultRow[0] { faults.results.faults[r].recoveredAt = engine.now }
        forks!.results.elections[row].majorityAt = engine.now
        forks!.results.elections[row].newOperator = newOperator
        forks!.results.elections[row].resumedFrom = resumeFrom
        orphanAbandonedItems()
        restartLocalFinality(atHeight: forks!.chain.height[Int(resumeFrom)])
        forks!.lastFinalityAt = engine.now   // the new node gets a full stall_timeout
        // L2 validiums that did not vote are faulty: their descendants replace them (§5).
        forEachChild(0) { c in
            let b = faults.behavior[Int(c)]
            guard b == FaultState.offline || b == FaultState.collude else { return }
            var detector: Int32 = -1
            forEachChild(Int(c)) { g in if detector < 0 && !faults.isFaulty(Int(g)) { detector = g } }
            if detector >= 0 { confirmFault(by: detector, faulty: c) }
        }
        armL1Watch()
    }

    /// Local finality is counted in heights: after the chain restarts from height `h`, no state
    /// newer than h on the abandoned forks stays final.
    func restartLocalFinality(atHeight h: Int32) {
        for c in 1..<n where nodes[c].finalStamp > h { nodes[c].finalStamp = h }
    }

    /// The first final block of a new L1 operator ends the stall.
    func noteNewOperatorFinality(_ x: Int32) {
        let gen = forks!.chain.operatorOf[Int(forks!.chain.fork[Int(x)])]
        guard gen > 0, let row = forks!.results.elections.lastIndex(where: { $0.slashedGeneration == gen - 1 }),
              forks!.results.elections[row].firstFinalAt < 0 else { return }
        forks!.results.elections[row].firstFinalAt = engine.now
        if forks!.results.stall < 0 && forks!.results.firstConflictAt >= 0 {
            forks!.results.stall = engine.now - forks!.results.firstConflictAt
        }
    }

    // MARK: Items of abandoned blocks

    /// Moves every awaiting item whose block was abandoned to its L1 child's orphan list.
    func orphanAbandonedItems() {
        var kept = ItemList()
        var h = awaitingFinal.head
        while h >= 0 {
            let next = store.next[Int(h)]
            if forks!.chain.isDead(store.items[Int(h)].l1Block) { orphan(h) } else { kept.append(h, &store) }
            h = next
        }
        awaitingFinal = kept
    }

    /// Item `h` lost its block: it waits for the next inclusion of its L1 child's subtree.
    func orphan(_ h: Int32) {
        store.items[Int(h)].l1Included = -1
        store.items[Int(h)].l1Block = -1
        forks!.results.orphanedItems += 1
        let c = l1Child(of: Int(store.items[Int(h)].origin))
        forks!.orphans[c].append(h, &store)
    }

    /// Items of a ZKP no block could include.
    func orphanItems(head: Int32) {
        var h = head
        while h >= 0 { let next = store.next[Int(h)]; orphan(h); h = next }
    }

    /// The orphans of child c's subtree are covered again by c's ZKP included in block `b`.
    func reincludeOrphans(child c: Int, block b: Int32) {
        var h = forks!.orphans[c].head
        guard h >= 0 else { return }
        while h >= 0 {
            store.items[Int(h)].l1Included = engine.now
            store.items[Int(h)].l1Block = b
            h = store.next[Int(h)]
        }
        awaitingFinal.splice(head: forks!.orphans[c].head, tail: forks!.orphans[c].tail, &store)
        forks!.orphans[c] = ItemList()
    }
}

extension World {
    /// An equivocation (forks shown to subtrees from the next block) or a reorg (at the next block) starts.
    func l1FaultStarts(_ fault: L1Fault, behavior: Behavior) {
        if behavior == .reorg {
            forks!.pendingReorg = fault.reorgDepth
        } else {
            forks!.equivocating = true
            forks!.wantedForks = fault.forks
            forks!.shownFork = fault.shownFork
        }
    }

    /// The equivocation window ends: the operator keeps extending its first fork only.
    func l1EquivocationEnds() {
        forks!.equivocating = false
        forks!.wantedForks = 1
        forks!.activeForks = [forks!.activeForks[0]]
    }
}
