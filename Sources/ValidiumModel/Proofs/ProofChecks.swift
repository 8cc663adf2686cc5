import ProofCore
import SimCore

/// Proofs (docs/model.md §9) as the model uses them: updates are proven and checked by the chosen core,
/// burns committed and verified, votes signed and checked, parents' states checked by their
/// children, and what follows a refusal: a refused update is dropped and its forger treated as a
/// confirmed fault (its descendants replace it); a refused burn mints nothing; a refused vote is
/// not counted; a parent whose state omits its child is a fault the child detects.
///
/// What each forger publishes is decided here from the behaviours, the same for both cores; the
/// mock core then decides each check from the behaviours too (`mockVerdict`), while the real core
/// checks the published data against what the receiver holds. Both must agree (tests show it).
final class ProofChecks {
    let ctx: ModelContext
    /// The proof interface: the mock core, or the real one.
    private var proofs: ProofInterface

    // What forgers publish (both cores) and the mock's view of it.
    /// Forged updates by record (update, l1_choice: the mock's validity flag says which).
    private var forgedKinds: [Int32: ForgeTarget] = [:]
    /// Forged companions sent after a record (fork, replay), by record.
    private var companionKinds: [Int32: ForgeTarget] = [:]
    /// Replay forgers that have an earlier update to send again.
    private var replayReady = Set<Int32>()
    /// Operator generation of each node (bumped by an election), and the one that proved each record.
    private var generation: [Int32]
    private var recordGeneration: [Int32] = []
    /// Keys rotated so far: before the first, every record and node is generation 0 and neither
    /// array is touched (a record's generation is written only once rotations began; a record id
    /// reused later is written again when proved).
    private var rotations = 0
    /// Replaced operators that keep signing (`stale_key`), until the end of their window.
    private var staleUntil: [Int32: SimTime] = [:]
    private var staleCount: Int64 = 0
    /// Parents whose latest state omits their children (`drop_child`): the children it omits.
    private var dropping: [Int32: [Int32]] = [:]

    // The mechanisms a refusal concerns (wired by the world).
    var behaviors: Behaviors!
    var cycle: UpdateCycle!

    init(ctx: ModelContext) {
        self.ctx = ctx
        // The L1 forks when one node runs it or an L1 fault is scheduled (as in `L1.init`).
        let forkAware = ctx.config.l1.mode == .singleNode
            || ctx.config.faults.adversaries.contains { $0.behavior == .equivocate || $0.behavior == .reorg }
        proofs = ProofInterface(config: ctx.config.proofs, seed: ctx.seed, nodes: ctx.n, forkAware: forkAware)
        generation = [Int32](repeating: 0, count: ctx.n)
    }

    /// Checks made and proofs refused.
    var results: ProofResults { proofs.results }
    /// The real core, when on (tests).
    var realCore: RealProofCore? { proofs.real }

    // MARK: Updates

    /// `v` proves its update as record `r` (stamp = the L1 block it carries; `round` its number,
    /// `transactions` its own transactions so far).
    @inline(__always)
    func proveUpdate(node v: Int32, record r: Int32, stamp: Int32, round: Int64, transactions: Int64) {
        let forge = behaviors.updateForgery(v)
        note(node: v, record: r, forge: forge)
        guard let real = proofs.real else {
            ctx.pool[r].forged = forge == .update || forge == .l1Choice   // the mock core's validity flag
            return
        }
        var children: [Int32] = []
        ctx.forEachChild(Int(v)) { children.append($0) }
        var burns: [Int32] = []
        var item = ctx.pool[r].itemsHead
        while item >= 0 {
            let it = ctx.store.items[Int(item)]
            if it.kind == .burn && it.origin == v { burns.append(it.message) }
            item = ctx.store.next[Int(item)]
        }
        real.proveUpdate(node: v, parent: ctx.nodes[Int(v)].parent, record: r, round: round, transactions: transactions,
                         stamp: stamp, children: children, burns: real.committedLeaves(burns), forge: forge,
                         companion: companionKinds[r])
    }

    /// What `v`'s update `r` carries beside its data, for both cores: the operator that proved it,
    /// the forgery, the companion sent after it, and whether v's state now omits its children.
    @inline(__always)
    private func note(node v: Int32, record r: Int32, forge: ForgeTarget?) {
        if rotations > 0 {
            while recordGeneration.count <= Int(r) { recordGeneration.append(0) }
            recordGeneration[Int(r)] = Int(v) < generation.count ? generation[Int(v)] : 0
        }
        guard forge != nil || !forgedKinds.isEmpty || !companionKinds.isEmpty || !dropping.isEmpty else { return }
        forgedKinds[r] = forge == .update || forge == .l1Choice ? forge : nil
        switch forge {
        case .fork?: companionKinds[r] = .fork
        case .replay?: companionKinds[r] = replayReady.contains(v) ? .replay : nil; replayReady.insert(v)
        default: companionKinds[r] = nil
        }
        if forge == .dropChild {
            var children: [Int32] = []
            ctx.forEachChild(Int(v)) { children.append($0) }
            dropping[v] = children
        } else if !dropping.isEmpty {
            dropping[v] = nil
        }
    }

    /// The mock core's verdict on child `c`'s record `r`, in the order the real core checks
    /// (check 2: roots, then key; check 1; check 3).
    @inline(__always)
    private func mockVerdict(child c: Int32, record r: Int32) -> UpdateRejection? {
        let forged = ctx.pool[r].forged ? forgedKinds[r] : nil
        if forged == .update { return .stateRootMismatch }
        if rotations > 0 {
            let proved = Int(r) < recordGeneration.count ? recordGeneration[Int(r)] : 0
            if proved != (Int(c) < generation.count ? generation[Int(c)] : 0) { return .staleKey }
        }
        if forged == .l1Choice { return .unknownL1Block }
        return nil
    }

    /// The parent of `c` (the L1 for p = 0) checks c's ZKP `r` on delivery: true when accepted.
    /// A refused update is dropped with everything it carries, and its forger reported. Forged
    /// updates travelling with r are checked too: a replaced operator's (before r), a fork or a
    /// replay (after r).
    @inline(__always)
    func checkDelivered(child c: Int32, record r: Int32, parent p: Int) -> Bool {
        if !staleUntil.isEmpty { checkStale(child: c, parent: p) }
        let mock = proofs.real == nil ? mockVerdict(child: c, record: r) : nil
        guard let reason = proofs.verifyUpdate(child: c, record: r, receiver: Int32(p), mock: mock) else {
            proofs.accepted(child: c, record: r)
            if !companionKinds.isEmpty, let kind = companionKinds.removeValue(forKey: r) { checkCompanion(kind, child: c, record: r, parent: p) }
            return true
        }
        proofs.reject("update", node: c, checker: Int32(p), reason: reason, at: ctx.now)
        proofs.real?.drop(record: r)
        companionKinds[r] = nil
        cycle.dropLocal(node: Int(c), record: r)
        ctx.pool.release(r)
        behaviors.forgeryDetected(by: Int32(p), forger: c)
        return false
    }

    /// The forged update sent after `c`'s accepted record `r`: another update on the same previous
    /// state, or an old one again; it does not extend the receiver's record (check 1).
    private func checkCompanion(_ kind: ForgeTarget, child c: Int32, record r: Int32, parent p: Int) {
        proofs.results.verified += 1
        let verdict = proofs.real.map { $0.verifyCompanion(child: c, record: r, receiver: Int32(p)) } ?? .notExtending
        guard let reason = verdict else { return }
        proofs.reject("update", node: c, checker: Int32(p), reason: reason, at: ctx.now)
        behaviors.forgeryDetected(by: Int32(p), forger: c)
    }

    /// The replaced operator of `c` keeps signing (`stale_key`): its update, delivered with c's,
    /// is refused under the newly registered key (check 2).
    private func checkStale(child c: Int32, parent p: Int) {
        guard let until = staleUntil[c] else { return }
        guard ctx.now < until else { staleUntil[c] = nil; return }
        staleCount += 1
        proofs.results.verified += 1
        let reason = proofs.real.map { $0.verifyStale(child: c, receiver: Int32(p), round: staleCount) } ?? .staleKey
        if let reason { proofs.reject("update", node: c, checker: Int32(p), reason: reason, at: ctx.now) }
    }

    // MARK: Elections

    /// An election installed a new operator at `node` now: it registers its key, and from now on
    /// only updates signed with it are accepted for the node (docs/model.md §5.1 rule 3). A
    /// `stale_key` operator replaced now keeps signing with its old key until its window ends.
    func operatorReplaced(node v: Int32, at time: SimTime) {
        while generation.count <= Int(v) { generation.append(0) }
        generation[Int(v)] += 1
        rotations += 1
        replayReady.remove(v)
        dropping[v] = nil   // the old operator's state is no longer v's: nothing to check until the new one publishes
        proofs.real?.operatorReplaced(v)
        for entry in ctx.config.faults.adversaries
        where entry.behavior == .forge && entry.forged == .staleKey && entry.nodes.contains(v) && entry.from <= time && time < entry.until {
            staleUntil[v] = max(staleUntil[v] ?? 0, entry.until)
        }
    }

    // MARK: Parents' states

    /// §9 check 5: child `v` checks, in its parent `p`'s DA response, that p's state includes v's
    /// latest accepted commitment. False (and a `state` refusal recorded, at `at`, when v has the
    /// response) when it does not: v then treats p as faulty.
    @inline(__always)
    func parentStateHolds(child v: Int32, parent p: Int32, at time: SimTime) -> Bool {
        let holds: Bool
        if let real = proofs.real {
            holds = real.childIncluded(child: v, parent: p)
        } else {
            if dropping.isEmpty { return true }
            holds = !(dropping[p]?.contains(v) ?? false)
        }
        if !holds {
            proofs.results.verified += 1
            proofs.reject("state", node: p, checker: v, reason: .childMissing, at: time)
        }
        return holds
    }

    // MARK: Burns

    /// Sender `s` puts burn `m` in its outbox (a forger commits a burn of nothing).
    func commitBurn(_ m: Int32, sender s: Int32, recipient: Int32, forged: Bool) {
        proofs.commitBurn(m, sender: s, recipient: recipient, forged: forged)
    }

    /// The recipient checks the burn of message `m` it is asked to mint: nil when valid.
    func verifyBurn(_ m: Int32, sender s: Int32, recipient: Int32) -> UpdateRejection? {
        proofs.verifyBurn(m, sender: s, recipient: recipient, direct: ctx.config.workload.bridge?.l1Hash == .direct)
    }

    /// True when the burn of message `m` was already refused (a forced copy is not checked twice).
    func burnRefused(_ m: Int32) -> Bool { proofs.refusedBurns.contains(m) }

    /// `checker` refused the burn of message `m` (sent by `sender`): nothing is minted.
    func refuseBurn(_ m: Int32, sender: Int32, by checker: Int32, reason: UpdateRejection) {
        guard proofs.refusedBurns.insert(m).inserted else { return }
        proofs.reject("burn", node: sender, checker: checker, reason: reason, at: ctx.now)
    }

    // MARK: Votes

    /// `voter` signs its vote in election `e` about `p`; a forger signs with `signer`'s key.
    func signVote(election e: Int32, faulty p: Int32, voter: Int32, signer: Int32) {
        proofs.signVote(election: e, faulty: p, voter: voter, signer: signer)
    }

    /// The receiver checks `voter`'s vote signature: nil when valid.
    func verifyVote(election e: Int32, voter: Int32) -> UpdateRejection? { proofs.verifyVote(election: e, voter: voter) }

    /// Records a refusal.
    func reject(_ kind: String, node: Int32, checker: Int32, reason: UpdateRejection, at time: SimTime) {
        proofs.reject(kind, node: node, checker: checker, reason: reason, at: time)
    }

    // MARK: The L1

    /// The L1's state root at block `k` (real core): the burns it includes (those of the ZKPs
    /// `pending`, as (child, record) pairs) and its children's commitments.
    func commitBlock(_ k: Int32, pending: [Int32]) {
        guard let real = proofs.real else { return }
        var burns: [Int32] = []
        var i = 0
        while i < pending.count {
            var item = ctx.pool[pending[i + 1]].itemsHead
            while item >= 0 {
                if ctx.store.items[Int(item)].kind == .burn { burns.append(ctx.store.items[Int(item)].message) }
                item = ctx.store.next[Int(item)]
            }
            i += 2
        }
        var children: [Int32] = []
        ctx.forEachChild(0) { children.append($0) }
        real.produceBlock(k, burns: burns, l1Children: children)
    }
}
