import SimCore

/// The "virtual L0" (docs/model.md §8): every L2 validium watches the L1; when no L1 block has become
/// final for `l1.stall_timeout`, the L2 validiums elect a new L1 node, votes weighted by subtree
/// size; it continues from the last final block, every other block is abandoned, the old operator
/// is slashed, and L2 validiums that did not vote are treated as faulty (§5 replacement).
extension L1 {
    /// Arms the stall watch `stall_timeout` after the latest finality (single_node only).
    func armWatch() {
        guard forks!.mode == .singleNode, !forks!.watchPending else { return }
        let at = max(ctx.now, forks!.lastFinalityAt + ctx.config.l1.stallTimeout)
        guard at <= ctx.config.duration else { return }
        forks!.watchPending = true
        ctx.schedule(.l1(.watch), at: at)
    }

    /// The watch fires: a stall when nothing became final for `stall_timeout`, seen by every L2
    /// validium that watches (the honest ones; from genesis, so a stall before the first final
    /// block counts). With no honest L2 validium nobody starts an election.
    func watchFired() {
        forks!.watchPending = false
        if ctx.now - forks!.lastFinalityAt < ctx.config.l1.stallTimeout { armWatch(); return }
        guard forks!.election < 0 else { return }   // an election is already under way
        var watchers = 0
        ctx.forEachChild(0) { c in if behaviors.actsHonestly(Int(c)) { watchers += 1 } }
        guard watchers > 0 else { return }
        startElection()
    }

    /// L1 election `id` reached its timeout without a majority: it fails, and the L2 validiums
    /// retry at once with the next candidate (docs/model.md §8).
    func electionTimedOut(_ id: Int32) {
        guard id == forks!.election else { return }
        let row = Int(id)
        forks!.results.elections[row].failedAt = ctx.now
        forks!.election = -1
        startElection(attempt: forks!.results.elections[row].attempt + 1)
    }

    /// Each honest L2 validium proves an emergency ZKP of its subtree and sends its vote; the
    /// election's timeout is scheduled.
    func startElection(attempt: Int32 = 1) {
        let id = Int32(forks!.results.elections.count)
        let timeout = ctx.config.faults.electionTimeout ?? 10 * Elections.updatePeriod(ctx)
        if ctx.now + timeout <= ctx.config.duration {
            ctx.schedule(.l1(.electionTimeout(election: id)), at: ctx.now + timeout)
        }
        forks!.election = id
        forks!.electionWeight = 0
        forks!.electionVoters = []
        forks!.electionNeeded = Int64((ctx.threshold * Double(ctx.n - 1)).rounded(.down))
        var nonVoters: Int32 = 0
        ctx.forEachChild(0) { c in
            if behaviors.isOffline(Int(c)) || behaviors.colludes(Int(c)) { nonVoters += 1; return }
            let proving = ctx.config.proofs.recursionStep.sample(ctx.proving) * Double(ctx.tree.childCount(Int(c)) + 1)
            let at = ctx.now + max(0, Time.micros(proving)) + ctx.networkDelay()
            ctx.schedule(.l1(.vote(node: c, election: id)), at: at)
        }
        forks!.results.elections.append(L1ElectionRow(
            id: id, startedAt: ctx.now, majorityAt: -1, weight: 0, needed: forks!.electionNeeded + 1, voters: 0,
            nonVoters: nonVoters, newOperator: -1, slashedGeneration: forks!.generation, resumedFrom: -1, firstFinalAt: -1,
            attempt: attempt))
        behaviors.noteDetected(0, by: nil)
    }

    /// A vote of L2 validium `c` (weight b(c)) reached the other L2 validiums.
    func voteArrived(from c: Int32, election id: Int32) {
        guard id == forks!.election else { return }
        forks!.electionWeight += Int64(ctx.tree.subtreeSize[Int(c)])
        forks!.electionVoters.append(c)
        let row = Int(id)
        forks!.results.elections[row].weight = forks!.electionWeight
        forks!.results.elections[row].voters = Int32(forks!.electionVoters.count)
        if forks!.electionWeight > forks!.electionNeeded { takeOver(election: row) }
    }

    /// The majority is in: a new operator runs the L1 from the last final block.
    func takeOver(election row: Int) {
        let voters = forks!.electionVoters
        let newOperator: Int32
        let k = Int(forks!.results.elections[row].attempt - 1) % voters.count   // the next candidate on a retry
        switch ctx.config.faults.candidate {
        case .firstDetector: newOperator = voters[k]
        case .lowestID: newOperator = voters.sorted()[k]
        case .random: newOperator = voters[Int(electionStream.uniformInt(UInt64(voters.count)))]
        }
        let resumeFrom = forks!.finalTip
        forks!.election = -1
        forks!.generation += 1
        forks!.equivocating = false
        forks!.pendingReorg = 0
        forks!.wantedForks = 1
        forks!.chain.abandon(allBut: resumeFrom)
        forks!.activeForks = [forks!.chain.addFork(after: resumeFrom, operator: forks!.generation, at: ctx.now)]
        behaviors.replaceOperator(0)
        forks!.results.elections[row].majorityAt = ctx.now
        forks!.results.elections[row].newOperator = newOperator
        forks!.results.elections[row].resumedFrom = resumeFrom
        orphanAbandonedItems()
        cycle.restartLocalFinality(atHeight: forks!.chain.height[Int(resumeFrom)])
        forks!.lastFinalityAt = ctx.now   // the new node gets a full stall_timeout
        // L2 validiums that did not vote are faulty: their descendants replace them (§5).
        behaviors.reportNonVotingL2()
        armWatch()
    }

    /// The first final block of a new L1 operator ends the stall.
    func noteNewOperatorFinality(_ x: Int32) {
        let gen = forks!.chain.operatorOf[Int(forks!.chain.fork[Int(x)])]
        guard gen > 0, let row = forks!.results.elections.lastIndex(where: { $0.slashedGeneration == gen - 1 }),
              forks!.results.elections[row].firstFinalAt < 0 else { return }
        forks!.results.elections[row].firstFinalAt = ctx.now
        if forks!.results.stall < 0 && forks!.results.firstConflictAt >= 0 {
            forks!.results.stall = ctx.now - forks!.results.firstConflictAt
        }
    }

    // MARK: Items of abandoned blocks

    /// Moves every awaiting item whose block was abandoned to its L1 child's orphan list.
    func orphanAbandonedItems() {
        var kept = ItemList()
        var h = awaitingFinal.head
        while h >= 0 {
            let next = ctx.store.next[Int(h)]
            if forks!.chain.isDead(ctx.store.items[Int(h)].l1Block) { orphan(h) } else { kept.append(h, ctx.store) }
            h = next
        }
        awaitingFinal = kept
    }

    /// Item `h` lost its block: it waits for the next inclusion of its L1 child's subtree.
    func orphan(_ h: Int32) {
        // Its inclusion is reverted; had it been final, finality safety would be broken (§4).
        cycle.path.inclusionReverted(h, now: ctx.now)
        ctx.store.items[Int(h)].l1Included = -1
        ctx.store.items[Int(h)].l1Block = -1
        forks!.results.orphanedItems += 1
        let c = ctx.l1Child(of: Int(ctx.store.items[Int(h)].origin))
        forks!.orphans[c].append(h, ctx.store)
    }

    /// Items of a ZKP no block could include.
    func orphanItems(head: Int32) {
        var h = head
        while h >= 0 { let next = ctx.store.next[Int(h)]; orphan(h); h = next }
    }

    /// The orphans of child c's subtree are covered again by c's ZKP included in block `b`.
    func reincludeOrphans(child c: Int, block b: Int32) {
        var h = forks!.orphans[c].head
        guard h >= 0 else { return }
        while h >= 0 {
            ctx.store.items[Int(h)].l1Included = ctx.now
            ctx.store.items[Int(h)].l1Block = b
            h = ctx.store.next[Int(h)]
        }
        awaitingFinal.splice(head: forks!.orphans[c].head, tail: forks!.orphans[c].tail, ctx.store)
        forks!.orphans[c] = ItemList()
    }
}

extension L1 {
    /// An equivocation (forks shown to subtrees from the next block) or a reorg (at the next block) starts.
    func faultStarts(_ fault: L1Fault, behavior: Behavior) {
        if behavior == .reorg {
            forks!.pendingReorg = fault.reorgDepth
        } else {
            forks!.equivocating = true
            forks!.wantedForks = fault.forks
            forks!.shownFork = fault.shownFork
        }
    }

    /// The equivocation window ends: the operator keeps extending its first fork only.
    func equivocationEnds() {
        forks!.equivocating = false
        forks!.wantedForks = 1
        forks!.activeForks = [forks!.activeForks[0]]
    }
}
