import SimCore
import Stochastic

/// Emergency control (docs/model.md §5, §5.1, `recovery: replace`): each honest descendant of faulty p
/// proves a vote naming the newest retained p-state it holds DA for; votes are aggregated up p's
/// subtree (one recursion step per aggregation), and the children of p — or of any faulty node in
/// the chain segment — push them straight to the counter, p's nearest honest ancestor. When more
/// than half of b(p) have voted and more than half hold DA for one state, the election installs a
/// new operator on the newest such state (p's newer updates are dropped, `Elections+Drop`);
/// installations go bottom-up through a faulty chain. An election without a majority after
/// `election.timeout` fails and its voters retry with the next candidate. `election.candidate:
/// random` draws from the stream `election`.
final class Elections {
    let ctx: ModelContext
    /// Elections by id, and the election of each faulty node (kept after installation for statistics).
    private(set) var elections: [Election] = []
    private var electionOf: [Int32: Int32] = [:]
    /// Cumulative vote counts at the counters, and L1 transactions (votes counted on the L1).
    private(set) var votes: [VoteRow] = []
    private(set) var l1Transactions: Int64 = 0
    let stream: RandomStream
    /// How long an election may stay without a majority (`election.timeout`).
    let timeout: SimTime

    // The mechanisms an election reads and changes (wired by the world).
    var behaviors: Behaviors!
    var proofs: ProofChecks!
    var cycle: UpdateCycle!
    var forced: ForcedRouting?

    init(ctx: ModelContext) {
        self.ctx = ctx
        stream = RandomStream(seed: ctx.seed, name: "election")
        timeout = ctx.config.faults.electionTimeout ?? 10 * Elections.updatePeriod(ctx)
    }

    /// One update period: `update.every`, or for eager updates the cycle's mean round, at least 1 s.
    static func updatePeriod(_ ctx: ModelContext) -> SimTime {
        if let e = ctx.every { return e }
        return SimTime(max(Double(Time.second), ctx.meanRoundLength))
    }

    /// Handles one of the mechanism's events.
    func handle(_ e: ElectionEvent) {
        switch e {
        case .voteReady(let v, let id): votePushReady(v, election: Int(id))
        case .voteDeliver(let v, let id, let count): voteArrived(from: v, election: Int(id), count: count)
        case .timeout(_, let id): timedOut(Int(id))
        }
    }

    /// The elections as rows.
    var rows: [ElectionRow] {
        elections.map { e in
            var row = ElectionRow(id: e.id, faulty: e.faulty, counter: e.counter, subtreeSize: e.subtreeSize,
                                  startedAt: e.startedAt, majorityAt: e.majorityAt, installedAt: e.installedAt,
                                  newOperator: e.installedAt >= 0 ? e.newOperator : -1, firstUpdateAt: e.firstUpdateAt,
                                  finalityResumedAt: e.finalityResumedAt, votes: e.total)
            (row.outcome, row.reason) = e.outcome
            row.attempt = e.attempt
            row.installedStamp = e.majorityAt >= 0 ? e.installedStamp : -1
            row.supporters = e.supporters
            row.droppedUpdates = e.droppedUpdates; row.revertedItems = e.revertedItems; row.reincludedItems = e.reincludedItems
            return row
        }
    }

    /// The open election about `p`, created on first use (a retry after a failed one counts its
    /// attempt); its timeout is scheduled.
    func election(about p: Int32) -> Int {
        var attempt: Int32 = 1
        if let e = electionOf[p] {
            if elections[Int(e)].isOpen { return Int(e) }
            if elections[Int(e)].failedAt >= 0 { attempt = elections[Int(e)].attempt + 1 }
        }
        let id = Int32(elections.count)
        let counter = behaviors.counter(for: Int(p))
        var election = Election(id: id, faulty: p, counter: counter, subtreeSize: ctx.tree.subtreeSize[Int(p)],
                                startedAt: ctx.now, firstDetector: -1)
        election.attempt = attempt
        elections.append(election)
        electionOf[p] = id
        if ctx.now + timeout <= ctx.config.duration {
            ctx.schedule(.election(.timeout(node: p, election: id)), at: ctx.now + timeout)
        }
        return Int(id)
    }

    /// `v` votes to replace `p`'s operator: it proves an emergency ZKP (one recursion step).
    func castVote(_ v: Int32, against p: Int32) {
        let e = election(about: p)
        guard elections[e].majorityAt < 0 else { return }
        if elections[e].firstDetector < 0 { elections[e].firstDetector = v }
        elections[e].voters.append(v)
        elections[e].named[v] = namedState(by: v, about: p)
        elections[e].subtotal[v, default: 0] += 1
        elections[e].carried[v, default: []].append(v)
        // The vote is signed; a vote forger signs with the faulty operator's key instead of its own.
        proofs.signVote(election: Int32(e), faulty: p, voter: v,
                        signer: behaviors.forgesVotes(v) ? p : v)
        scheduleVotePush(v, election: e)
    }

    /// `x` proves its emergency ZKP (its own vote and those it aggregates) unless one is under way.
    func scheduleVotePush(_ x: Int32, election e: Int) {
        guard elections[e].pushPending.insert(x).inserted else { return }
        let step = ctx.recursionStepTime()
        ctx.schedule(.election(.voteReady(node: x, election: Int32(e))), at: ctx.now + step)
    }

    /// `x`'s emergency ZKP is ready: send its cumulative vote count to the next hop.
    func votePushReady(_ x: Int32, election e: Int) {
        elections[e].pushPending.remove(x)
        let count = elections[e].subtotal[x] ?? 0
        guard count > (elections[e].sent[x] ?? 0), elections[e].majorityAt < 0 else { return }
        elections[e].sent[x] = count
        ctx.schedule(.election(.voteDeliver(node: x, election: Int32(e), count: count)),
                     at: ctx.now + ctx.networkDelay() + ctx.pushTransfer)
    }

    /// A cumulative count `count` from `x` arrives: at the counter it is tallied; at an honest
    /// aggregator it joins that node's next emergency ZKP; a faulty node drops it.
    func voteArrived(from x: Int32, election e: Int, count received: Int32) {
        guard elections[e].majorityAt < 0 else { return }
        let count = received - refusedOwnVote(of: x, election: e)
        let p = elections[e].faulty
        let up = ctx.tree.parent[Int(x)]
        // Which voters the count carries: x's aggregated voters not yet received from it, minus refused ones.
        let from = Int(elections[e].receivedFrom[x] ?? 0)
        let list = elections[e].carried[x] ?? []
        let arriving = from < min(Int(received), list.count)
            ? list[from..<min(Int(received), list.count)].filter { !elections[e].refusedVoters.contains($0) } : []
        elections[e].receivedFrom[x] = max(Int32(from), received)
        // A colluding relay looks honest to its children, who send it their votes as to any
        // aggregator; it drops them (§5: collude never relays votes). Other faulty parents were
        // detected by the voter itself, which sends past them to the counter.
        if up != p, up > 0, behaviors.colludes(Int(up)) { return }
        if up == p || (up > 0 && behaviors.isFaulty(Int(up))) || up <= 0 {
            elections[e].counted += arriving
            let counter = elections[e].counter
            if counter == 0 { l1Transactions += 1 }
            let old = elections[e].atCounter[x] ?? 0
            guard count > old else { return }
            elections[e].atCounter[x] = count
            elections[e].total += count - old
            let total = elections[e].total
            votes.append(VoteRow(election: Int32(e), time: ctx.now, votes: total))
            // b(p) as it is now: validiums that joined since (Sybils) raise the bar.
            elections[e].subtreeSize = ctx.tree.subtreeSize[Int(p)]
            if Int64(total) * 2 > Int64(elections[e].subtreeSize), let s = installableState(e) {
                majorityReached(e, state: s)
            }
            return
        }
        let old = elections[e].fromSender[x] ?? 0
        guard count > old else { return }
        elections[e].fromSender[x] = count
        elections[e].subtotal[up, default: 0] += count - old
        elections[e].carried[up, default: []] += arriving
        scheduleVotePush(up, election: e)
    }

    /// The receiver checks sender `x`'s own vote the first time it sees it: 1 when refused (it is
    /// then taken out of x's cumulative count), else 0.
    func refusedOwnVote(of x: Int32, election e: Int) -> Int32 {
        if elections[e].voteChecked.contains(x) { return elections[e].refusedVoters.contains(x) ? 1 : 0 }
        guard elections[e].voters.contains(x) else { return 0 }   // a relay that has not voted (yet)
        if elections[e].voteChecked.insert(x).inserted {
            let receiver = elections[e].counter
            if let reason = proofs.verifyVote(election: Int32(e), voter: x) {
                elections[e].refusedVoters.insert(x)
                let up = ctx.tree.parent[Int(x)]
                let atCounter = up == elections[e].faulty || up <= 0 || behaviors.isFaulty(Int(up))
                proofs.reject("vote", node: x, checker: atCounter ? receiver : up, reason: reason, at: ctx.now)
            }
        }
        return elections[e].refusedVoters.contains(x) ? 1 : 0
    }

    /// The counter saw a majority holding DA for p-state `s`: pick the new operator among the
    /// voters that hold s (the attempt-th candidate by the rule) and install it when the chain allows.
    func majorityReached(_ e: Int, state s: (stamp: Int32, supporters: Int32)) {
        elections[e].majorityAt = ctx.now
        elections[e].installedStamp = s.stamp
        elections[e].supporters = s.supporters
        // Candidates in the order they voted, among the counted voters that hold s.
        let holding = Set(elections[e].counted.filter { (elections[e].named[$0] ?? Election.noState) >= s.stamp })
        let holders = elections[e].voters.filter { holding.contains($0) }
        let k = Int(elections[e].attempt - 1) % max(holders.count, 1)
        let chosen: Int32
        switch ctx.config.faults.candidate {
        case .firstDetector: chosen = holders.isEmpty ? -1 : holders[k]
        case .lowestID: chosen = holders.isEmpty ? -1 : holders.sorted()[k]
        case .random: chosen = holders.isEmpty ? -1 : holders[Int(stream.uniformInt(UInt64(holders.count)))]
        }
        elections[e].newOperator = chosen
        installReadyElections()
    }

    /// Installs, bottom-up, every elected operator with no election below it that could still
    /// install first: an open first attempt, or one with a majority. A failed election, or a retry
    /// still without a majority, never blocks an ancestor (§5.1 rule 4).
    func installReadyElections() {
        var progress = true
        while progress {
            progress = false
            for e in elections.indices
            where elections[e].majorityAt >= 0 && elections[e].installedAt < 0 {
                let p = Int(elections[e].faulty)
                let blocked = elections.contains { other in
                    other.isOpen && other.id != elections[e].id && (other.attempt == 1 || other.majorityAt >= 0)
                        && ctx.tree.isAncestor(p, of: Int(other.faulty))
                }
                if !blocked { install(e); progress = true }
            }
        }
    }

    /// The new operator takes over p from the installed p-state s (§5.1 rules 2–3): p's updates newer
    /// than s are dropped, with what they carried; it registers its key and resumes from s.
    func install(_ e: Int) {
        let p = elections[e].faulty
        elections[e].installedAt = ctx.now
        let drop = dropUpdates(of: p, newerThan: elections[e].installedStamp)
        elections[e].droppedUpdates = drop.dropped
        elections[e].revertedItems = drop.reverted
        elections[e].reincludedItems = drop.reincluded
        // The old operator keeps its state and exits with it: one transaction at p's parent, an
        // L1 transaction when that is the L1 (§5.1 rule 3).
        if ctx.tree.parent[Int(p)] == 0 { l1Transactions += 1 }
        behaviors.replaceOperator(p)
        // The new operator registers its key: the old one is refused from now on (§5.1 rule 3, §9).
        proofs.operatorReplaced(node: p, at: ctx.now)
        forced?.releaseHeld(p)
        cycle.wakeIfIdle(p)
    }

    /// Election `e` reached its timeout: without a majority it fails, the ancestors it blocked may
    /// install, and its honest voters retry at once with the next candidate while p is still faulty.
    func timedOut(_ e: Int) {
        guard elections[e].isOpen, elections[e].majorityAt < 0 else { return }
        let p = elections[e].faulty
        elections[e].failedAt = ctx.now
        elections[e].failure = "no majority within \(Time.seconds(timeout)) s: \(elections[e].total) of "
            + "\(elections[e].subtreeSize / 2 + 1) votes counted"
        installReadyElections()
        guard behaviors.isFaulty(Int(p)) else { return }
        let voters = elections[e].voters.filter { !elections[e].refusedVoters.contains($0) && behaviors.actsHonestly(Int($0)) }
        for v in voters { castVote(v, against: p) }
    }

    /// The p-state `v` names (§5.1 rule 1): the newest p-state retained at p's parent that v holds DA
    /// for. v's known L1 block is the stamp of the chain it last fetched (every descendant's view
    /// comes through p), so it holds the retained p-states stamped up to it, back to the final one.
    func namedState(by v: Int32, about p: Int32) -> Int32 {
        let known = ctx.nodes[Int(v)].knownL1
        let final = ctx.nodes[Int(p)].finalStamp
        if let s = cycle.retained.newestStamp(of: Int(p), atMost: known), s > final { return s }
        return known >= final ? final : Election.noState
    }

    /// The newest p-state for which more than half of b(p) of the votes counted name it or a newer
    /// state (the voter holds DA for it), and how many do; nil when no state has such support yet.
    func installableState(_ e: Int) -> (stamp: Int32, supporters: Int32)? {
        let needed = Int(elections[e].subtreeSize / 2 + 1)
        var stamps = elections[e].counted.compactMap { v -> Int32? in
            guard let s = elections[e].named[v], s != Election.noState else { return nil }
            return s
        }
        guard stamps.count >= needed else { return nil }
        stamps.sort(by: >)
        let s = stamps[needed - 1]
        return (s, Int32(stamps.filter { $0 >= s }.count))
    }

    /// After a takeover: the first update of p delivered, and the first advance of its finality.
    @inline(__always)
    func noteRecoveredUpdate(_ c: Int32, finalityAdvanced: Bool) {
        guard let e = electionOf[c] else { return }
        let at = elections[Int(e)].installedAt
        guard at >= 0 else { return }
        if elections[Int(e)].firstUpdateAt < 0 { elections[Int(e)].firstUpdateAt = ctx.now }
        if finalityAdvanced && elections[Int(e)].finalityResumedAt < 0 {
            elections[Int(e)].finalityResumedAt = ctx.now
        }
    }
}
