import SimCore
import Stochastic

/// One emergency control election: votes aggregated up p's subtree and counted at an honest ancestor.
struct Election {
    var id: Int32
    var faulty: Int32
    var counter: Int32
    var subtreeSize: Int32
    var startedAt: SimTime
    var firstDetector: Int32
    var majorityAt: SimTime = -1
    var installedAt: SimTime = -1
    var newOperator: Int32 = -1
    var firstUpdateAt: SimTime = -1
    var finalityResumedAt: SimTime = -1
    /// Votes counted at the counter, and the latest cumulative count from each sender there.
    var total: Int32 = 0
    var atCounter: [Int32: Int32] = [:]
    /// At aggregators: the latest cumulative count from each sender, and each node's own total.
    var fromSender: [Int32: Int32] = [:]
    var subtotal: [Int32: Int32] = [:]
    var sent: [Int32: Int32] = [:]
    var pushPending = Set<Int32>()
    /// Voters in the order they voted.
    var voters: [Int32] = []
    /// Voters whose signature was checked, and those refused (their own vote is not counted).
    var voteChecked = Set<Int32>()
    var refusedVoters = Set<Int32>()

    var isOpen: Bool { installedAt < 0 }
}

/// Emergency control (docs/model.md §5, `recovery: replace`): each honest descendant of faulty p proves
/// a vote onto the old p-state; votes are aggregated up p's subtree (one recursion step per
/// aggregation), and the children of p — or of any faulty node in the chain segment — push them
/// straight to the counter, p's nearest honest ancestor. More than half of b(p) elects a new
/// operator; installations go bottom-up through a faulty chain. `election.candidate: random`
/// draws from the stream `election`.
final class Elections {
    let ctx: ModelContext
    /// Elections by id, and the election of each faulty node (kept after installation for statistics).
    private(set) var elections: [Election] = []
    private var electionOf: [Int32: Int32] = [:]
    /// Cumulative vote counts at the counters, and L1 transactions (votes counted on the L1).
    private(set) var votes: [VoteRow] = []
    private(set) var l1Transactions: Int64 = 0
    let stream: RandomStream

    // The mechanisms an election reads and changes (wired by the world).
    var behaviors: Behaviors!
    var proofs: ProofChecks!
    var cycle: UpdateCycle!
    var forced: ForcedRouting?

    init(ctx: ModelContext) {
        self.ctx = ctx
        stream = RandomStream(seed: ctx.seed, name: "election")
    }

    /// Handles one of the mechanism's events.
    func handle(_ e: ElectionEvent) {
        switch e {
        case .voteReady(let v, let id): votePushReady(v, election: Int(id))
        case .voteDeliver(let v, let id, let count): voteArrived(from: v, election: Int(id), count: count)
        }
    }

    /// The elections as rows.
    var rows: [ElectionRow] {
        elections.map { e in
            ElectionRow(id: e.id, faulty: e.faulty, counter: e.counter, subtreeSize: e.subtreeSize,
                        startedAt: e.startedAt, majorityAt: e.majorityAt, installedAt: e.installedAt,
                        newOperator: e.installedAt >= 0 ? e.newOperator : -1, firstUpdateAt: e.firstUpdateAt,
                        finalityResumedAt: e.finalityResumedAt, votes: e.total)
        }
    }

    /// The open election about `p`, created on first use.
    func election(about p: Int32) -> Int {
        if let e = electionOf[p], elections[Int(e)].isOpen { return Int(e) }
        let id = Int32(elections.count)
        let counter = behaviors.counter(for: Int(p))
        elections.append(Election(id: id, faulty: p, counter: counter, subtreeSize: ctx.tree.subtreeSize[Int(p)],
                                         startedAt: ctx.now, firstDetector: -1))
        electionOf[p] = id
        return Int(id)
    }

    /// `v` votes to replace `p`'s operator: it proves an emergency ZKP (one recursion step).
    func castVote(_ v: Int32, against p: Int32) {
        let e = election(about: p)
        guard elections[e].majorityAt < 0 else { return }
        if elections[e].firstDetector < 0 { elections[e].firstDetector = v }
        elections[e].voters.append(v)
        elections[e].subtotal[v, default: 0] += 1
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
        if up == p || (up > 0 && behaviors.isFaulty(Int(up))) || up <= 0 {
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
            if Int64(total) * 2 > Int64(elections[e].subtreeSize) { majorityReached(e) }
            return
        }
        let old = elections[e].fromSender[x] ?? 0
        guard count > old else { return }
        elections[e].fromSender[x] = count
        elections[e].subtotal[up, default: 0] += count - old
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

    /// The counter saw a majority: pick the new operator and install it when the chain allows.
    func majorityReached(_ e: Int) {
        elections[e].majorityAt = ctx.now
        let voters = elections[e].voters
        let chosen: Int32
        switch ctx.config.faults.candidate {
        case .firstDetector: chosen = elections[e].firstDetector
        case .lowestID: chosen = voters.min() ?? -1
        case .random: chosen = voters.isEmpty ? -1 : voters[Int(stream.uniformInt(UInt64(voters.count)))]
        }
        elections[e].newOperator = chosen
        installReadyElections()
    }

    /// Installs, bottom-up, every elected operator with no open election below it.
    func installReadyElections() {
        var progress = true
        while progress {
            progress = false
            for e in elections.indices
            where elections[e].majorityAt >= 0 && elections[e].installedAt < 0 {
                let p = Int(elections[e].faulty)
                let blocked = elections.contains { other in
                    other.isOpen && other.id != elections[e].id && ctx.tree.isAncestor(p, of: Int(other.faulty))
                }
                if !blocked { install(e); progress = true }
            }
        }
    }

    /// The new operator takes over p from the old state: p's unaccepted updates are dropped.
    func install(_ e: Int) {
        let p = elections[e].faulty
        elections[e].installedAt = ctx.now
        behaviors.replaceOperator(p)
        proofs.operatorReplaced(node: p, at: ctx.now)
        cycle.dropPendingHashes(of: Int(p))
        forced?.releaseHeld(p)
        cycle.wakeIfIdle(p)
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
