import ProofCore
import SimCore
import Stochastic

/// The model's one proof interface (docs/model.md §9): proving and checking by the chosen core — the
/// timed mock (a verdict decided from the scenario's behaviours: a validity flag in each ZKP record)
/// or the real core (`RealProofCore`, which checks the published data against what the receiver
/// holds). Durations and sizes come from the timing model (`ProofConfig`, below), the same for both
/// cores, so simulated times are identical.
struct ProofInterface {
    /// The real core; nil with `core: mock`.
    let real: RealProofCore?
    /// Mock core: forged burns (message ids) and forged votes (election << 32 | voter).
    private var forgedBurns = Set<Int32>()
    private var forgedVotes = Set<Int64>()
    /// Burns already refused (a forced copy is not refused twice).
    var refusedBurns = Set<Int32>()
    /// Checks made and proofs refused.
    var results = ProofResults()

    init(config: ProofConfig, seed: UInt64, nodes: Int, forkAware: Bool = false) {
        real = config.core == .real ? RealProofCore(seed: seed, nodes: nodes, forkAware: forkAware) : nil
        results.core = config.core.rawValue
    }

    // MARK: Updates

    /// Receiver `p` checks child `c`'s ZKP `r`: nil when valid, else why not. The mock core returns
    /// `mock`, its verdict from the behaviours; the real core checks the data (§9 checks 2, 1, 3).
    @inline(__always)
    mutating func verifyUpdate(child c: Int32, record r: Int32, receiver p: Int32, mock: UpdateRejection?) -> UpdateRejection? {
        results.verified += 1
        if let real { return real.verifyUpdate(child: c, record: r, receiver: p) }
        return mock
    }

    /// The receiver keeps the checked ZKP `r` as `c`'s latest.
    /// (`mutating` only so that the world calls it in place: a non-mutating call on its stored
    /// interface copied the whole struct, retaining its sets, at every delivery.)
    @inline(__always)
    mutating func accepted(child c: Int32, record r: Int32) { real?.accept(child: c, record: r) }

    // MARK: Burns

    /// Sender `s` puts burn `m` in its outbox; a forger commits a burn of nothing while the
    /// message it sends claims the amount.
    mutating func commitBurn(_ m: Int32, sender s: Int32, recipient: Int32, forged: Bool) {
        if let real {
            real.commitBurn(m, leaf: Leaf.burn(message: m, sender: s, recipient: recipient, amount: forged ? 0 : 1))
        } else if forged {
            forgedBurns.insert(m)
        }
    }

    /// The recipient checks the burn of message `m` it is asked to mint (§9 check 4), against the L1
    /// roots it knows (`direct`: read from the L1 itself).
    mutating func verifyBurn(_ m: Int32, sender s: Int32, recipient: Int32, direct: Bool) -> UpdateRejection? {
        results.verified += 1
        if let real {
            let claimed = Leaf.burn(message: m, sender: s, recipient: recipient, amount: 1)
            return real.verifyBurn(m, claimed: claimed, recipient: recipient, direct: direct) ? nil : .inclusionFails
        }
        return forgedBurns.contains(m) ? .inclusionFails : nil
    }

    // MARK: Votes

    /// `voter` signs its vote in election `e` about `p`; a forger signs with `signer`'s key.
    mutating func signVote(election e: Int32, faulty p: Int32, voter: Int32, signer: Int32) {
        if let real {
            real.signVote(election: e, faulty: p, voter: voter, signer: signer)
        } else if signer != voter {
            forgedVotes.insert(Int64(e) << 32 | Int64(voter))
        }
    }

    /// The receiver checks `voter`'s vote signature against the voter's registered key.
    mutating func verifyVote(election e: Int32, voter: Int32) -> UpdateRejection? {
        results.verified += 1
        if let real { return real.verifyVote(election: e, voter: voter) ? nil : .badSignature }
        return forgedVotes.contains(Int64(e) << 32 | Int64(voter)) ? .badSignature : nil
    }

    /// Records a refusal, with the §9 check that failed.
    mutating func reject(_ kind: String, node: Int32, checker: Int32, reason: UpdateRejection, at time: SimTime) {
        results.rejections.append(RejectionRow(time: time, node: node, checker: checker, kind: kind,
                                               check: reason.check.rawValue, reason: reason.rawValue))
    }
}

/// The timing model of proving and checking (shared by both cores). The world calls these on its
/// `config.proofs` (a `let` of a trivial type), so the event loop never copies the proof interface,
/// whose arrays and sets an outlined copy would retain at every call.
extension ProofConfig {
    /// Proving time of a round (µs, unrounded): fixed part + one recursion-step draw × proofs
    /// verified (+ per-transaction cost of inline own state).
    @inline(__always)
    func provingTime(children: Int, newTransactions: Int64, ownState: OwnState, _ stream: RandomStream) -> Double {
        var proving = Double(provingFixed)
        switch ownState {
        case .externalized:
            proving += recursionStep.sample(stream) * Double(children + 1)
        case .inline:
            if children > 0 { proving += recursionStep.sample(stream) * Double(children) }
            if newTransactions > 0 { proving += perTransaction.sample(stream) * Double(newTransactions) }
        }
        return proving
    }

    /// One recursion step (an emergency ZKP, an exit proof), µs ≥ 1.
    @inline(__always)
    func recursionStepTime(_ stream: RandomStream) -> SimTime { max(1, Time.micros(recursionStep.sample(stream))) }

    /// A native check of a received proof, µs ≥ 0.
    @inline(__always)
    func verificationTime(_ stream: RandomStream) -> SimTime { max(0, Time.micros(verification.sample(stream))) }

    /// Mean proving time per verified proof (µs), for sizing.
    var meanRecursionStep: Double { recursionStep.mean }
}
