import SimCore

/// Emergency control (MODEL.md §5, `recovery: replace`): each honest descendant of faulty p proves
/// a vote onto the old p-state; votes are aggregated up p's subtree (one recursion step per
/// aggregation), and the children of p — or of any faulty node in the chain segment — push them
/// straight to the counter, p's nearest honest ancestor. More than half of b(p) elects a new
/// operator; installations go bottom-up through a faulty chain.
extension World {
    /// The open election about `p`, created on first use.
    func election(about p: Int32) -> Int {
        if let e = faults.electionOf[p], faults.elections[Int(e)].isOpen { return Int(e) }
        let id = Int32(faults.elections.count)
        let counter = counter(for: Int(p))
        faults.elections.append(Election(id: id, faulty: p, counter: counter, subtreeSize: tree.subtreeSize[Int(p)],
                                         startedAt: engine.now, firstDetector: -1))
        faults.electionOf[p] = id
        return Int(id)
    }

    /// `v` votes to replace `p`'s operator: it proves an emergency ZKP (one recursion step).
    func castVote(_ v: Int32, against p: Int32) {
        let e = election(about: p)
        guard faults.elections[e].majorityAt < 0 else { return }
        if faults.elections[e].firstDetector < 0 { faults.elections[e].firstDetector = v }
        faults.elections[e].voters.append(v)
        faults.elections[e].subtotal[v, default: 0] += 1
        // The vote is signed; a vote forger signs with the faulty operator's key instead of its own.
        proofs.signVote(election: Int32(e), faulty: p, voter: v,
                        signer: faults.forging[Int(v)] == FaultState.forgesVote ? p : v)
        scheduleVotePush(v, election: e)
    }

    /// `x` proves its emergency ZKP (its own vote and those it aggregates) unless one is under way.
    func scheduleVotePush(_ x: Int32, election e: Int) {
        guard faults.elections[e].pushPending.insert(x).inserted else { return }
        let step = config.proofs.recursionStepTime(provingStream)
        engine.schedule(at: engine.now + step, phase: EventPhase.delivery, ModelEvent(.voteReady, node: x, arg: Int32(e)))
    }

    /// `x`'s emergency ZKP is ready: send its cumulative vote count to the next hop.
    func votePushReady(_ x: Int32, election e: Int) {
        faults.elections[e].pushPending.remove(x)
        let count = faults.elections[e].subtotal[x] ?? 0
        guard count > (faults.elections[e].sent[x] ?? 0), faults.elections[e].majorityAt < 0 else { return }
        faults.elections[e].sent[x] = count
        engine.schedule(at: engine.now + networkDelay() + pushTransfer, phase: EventPhase.delivery,
                        ModelEvent(.voteDeliver, node: x, arg: Int32(e), aux: count))
    }

    /// A cumulative count `count` from `x` arrives: at the counter it is tallied; at an honest
    /// aggregator it joins that node's next emergency ZKP; a faulty node drops it.
    func voteArrived(from x: Int32, election e: Int, count received: Int32) {
        guard faults.elections[e].majorityAt < 0 else { return }
        let count = received - refusedOwnVote(of: x, election: e)
        let p = faults.elections[e].faulty
        let up = tree.parent[Int(x)]
        if up == p || (up > 0 && faults.isFaulty(Int(up))) || up <= 0 {
            let counter = faults.elections[e].counter
            if counter == 0 { faults.results.l1Transactions += 1 }
            let old = faults.elections[e].atCounter[x] ?? 0
            guard count > old else { return }
            faults.elections[e].atCounter[x] = count
            faults.elections[e].total += count - old
            let total = faults.elections[e].total
            faults.results.votes.append(VoteRow(election: Int32(e), time: engine.now, votes: total))
            // b(p) as it is now: validiums that joined since (Sybils) raise the bar.
            faults.elections[e].subtreeSize = tree.subtreeSize[Int(p)]
            if Int64(total) * 2 > Int64(faults.elections[e].subtreeSize) { majorityReached(e) }
            return
        }
        let old = faults.elections[e].fromSender[x] ?? 0
        guard count > old else { return }
        faults.elections[e].fromSender[x] = count
        faults.elections[e].subtotal[up, default: 0] += count - old
        scheduleVotePush(up, election: e)
    }

    /// The receiver checks sender `x`'s own vote the first time it sees it: 1 when refused (it is
    /// then taken out of x's cumulative count), else 0.
    func refusedOwnVote(of x: Int32, election e: Int) -> Int32 {
        if faults.elections[e].voteChecked.contains(x) { return faults.elections[e].refusedVoters.contains(x) ? 1 : 0 }
        guard faults.elections[e].voters.contains(x) else { return 0 }   // a relay that has not voted (yet)
        if faults.elections[e].voteChecked.insert(x).inserted {
            let receiver = faults.elections[e].counter
            if let reason = proofs.verifyVote(election: Int32(e), voter: x) {
                faults.elections[e].refusedVoters.insert(x)
                let up = tree.parent[Int(x)]
                let atCounter = up == faults.elections[e].faulty || up <= 0 || faults.isFaulty(Int(up))
                proofs.reject("vote", node: x, checker: atCounter ? receiver : up, reason: reason, at: engine.now)
            }
        }
        return faults.elections[e].refusedVoters.contains(x) ? 1 : 0
    }

    /// The counter saw a majority: pick the new operator and install it when the chain allows.
    func majorityReached(_ e: Int) {
        faults.elections[e].majorityAt = engine.now
        let voters = faults.elections[e].voters
        let chosen: Int32
        switch config.faults.candidate {
        case .firstDetector: chosen = faults.elections[e].firstDetector
        case .lowestID: chosen = voters.min() ?? -1
        case .random: chosen = voters.isEmpty ? -1 : voters[Int(trackStream.uniformInt(UInt64(voters.count)))]
        }
        faults.elections[e].newOperator = chosen
        installReadyElections()
    }

    /// Installs, bottom-up, every elected operator with no open election below it.
    func installReadyElections() {
        var progress = true
        while progress {
            progress = false
            for e in faults.elections.indices
            where faults.elections[e].majorityAt >= 0 && faults.elections[e].installedAt < 0 {
                let p = Int(faults.elections[e].faulty)
                let blocked = faults.elections.contains { other in
                    other.isOpen && other.id != faults.elections[e].id && tree.isAncestor(p, of: Int(other.faulty))
                }
                if !blocked { install(e); progress = true }
            }
        }
    }

    /// The new operator takes over p from the old state: p's unaccepted updates are dropped.
    func install(_ e: Int) {
        let p = faults.elections[e].faulty
        faults.elections[e].installedAt = engine.now
        faults.replaced.insert(p)
        faults.missedForced.remove(p)
        faults.behavior[Int(p)] = 0
        faults.forging[Int(p)] = 0
        if let row = faults.latestFaultRow[p] { faults.results.faults[row].recoveredAt = engine.now }
        retained.dropPending(child: Int(p))
        releaseHeldForced(p)
        if nodes[Int(p)].roundState == .idle { scheduleRound(p, at: engine.now) }
    }

    /// After a takeover: the first update of p delivered, and the first advance of its finality.
    @inline(__always)
    func noteRecoveredUpdate(_ c: Int, finalityAdvanced: Bool) {
        guard let e = faults.electionOf[Int32(c)] else { return }
        let at = faults.elections[Int(e)].installedAt
        guard at >= 0 else { return }
        if faults.elections[Int(e)].firstUpdateAt < 0 { faults.elections[Int(e)].firstUpdateAt = engine.now }
        if finalityAdvanced && faults.elections[Int(e)].finalityResumedAt < 0 {
            faults.elections[Int(e)].finalityResumedAt = engine.now
        }
    }
}
