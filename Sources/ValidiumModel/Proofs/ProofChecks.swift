import ProofCore
import SimCore

/// Proofs (docs/model.md §9) as the model uses them: updates are proven and checked by the chosen core,
/// burns committed and verified, votes signed and checked, and what follows a refusal: a refused
/// update is dropped and its forger treated as a confirmed fault (its descendants replace it); a
/// refused burn mints nothing; a refused vote is not counted. Both cores take the same decisions,
/// so the trace is the same; the real core only gathers its inputs when it is on.
final class ProofChecks {
    let ctx: ModelContext
    /// The proof interface: the mock core, or the real one.
    private var proofs: ProofInterface

    // The mechanisms a refusal concerns (wired by the world).
    var behaviors: Behaviors!
    var cycle: UpdateCycle!

    init(ctx: ModelContext) {
        self.ctx = ctx
        proofs = ProofInterface(config: ctx.config.proofs, seed: ctx.seed, nodes: ctx.n)
    }

    /// Checks made and proofs refused.
    var results: ProofResults { proofs.results }

    // MARK: Updates

    /// `v` proves its update as record `r` (stamp = the L1 block it carries; `round` its number,
    /// `transactions` its own transactions so far).
    @inline(__always)
    func proveUpdate(node v: Int32, record r: Int32, stamp: Int32, round: Int64, transactions: Int64) {
        let forged = behaviors.publishesForgedUpdates(v)
        guard let real = proofs.real else {
            ctx.pool[r].forged = forged   // the mock core's validity flag
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
        real.proveUpdate(node: v, record: r, round: round, transactions: transactions, stamp: stamp,
                         children: children, burns: real.committedLeaves(burns), forge: forged)
    }

    /// The parent of `c` (the L1 for p = 0) checks c's ZKP `r` on delivery: true when accepted.
    /// A refused update is dropped with everything it carries, and its forger reported.
    @inline(__always)
    func checkDelivered(child c: Int32, record r: Int32, parent p: Int) -> Bool {
        guard let reason = proofs.verifyUpdate(child: c, record: r, forgedFlag: ctx.pool[r].forged) else {
            proofs.accepted(child: c, record: r)
            return true
        }
        proofs.reject("update", node: c, checker: Int32(p), reason: reason, at: ctx.now)
        proofs.real?.drop(record: r)
        cycle.dropLocal(node: Int(c), record: r)
        ctx.pool.release(r)
        behaviors.forgeryDetected(by: Int32(p), forger: c)
        return false
    }

    // MARK: Burns

    /// Sender `s` puts burn `m` in its outbox (a forger commits a burn of nothing).
    func commitBurn(_ m: Int32, sender s: Int32, recipient: Int32, forged: Bool) {
        proofs.commitBurn(m, sender: s, recipient: recipient, forged: forged)
    }

    /// The recipient checks the burn of message `m` it is asked to mint: nil when valid.
    func verifyBurn(_ m: Int32, sender s: Int32, recipient: Int32) -> UpdateRejection? {
        proofs.verifyBurn(m, sender: s, recipient: recipient)
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
