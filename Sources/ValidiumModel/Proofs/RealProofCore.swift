import ProofCore

/// The real core behind the proof interface (docs/model.md §9): every update is a SHA-256 Merkle
/// commitment over the validium's state (own state, its children's latest commitments, its
/// outbox of burns) bound into a recursive commitment and signed with the operator's Ed25519 key;
/// burns are proven by Merkle inclusion in an L1 block's outbox under the L1 state root; votes are
/// signed. Receivers recompute and check everything. Not zero-knowledge and not succinct.
final class RealProofCore {
    let seed: UInt64
    /// Operator keys by node, derived on first use.
    private var keys: [OperatorKeys?] = []
    /// Published updates by pool record, until the receiver has checked them.
    private var published: [SignedUpdate?] = []
    /// Root of each node's latest proven update, and the commitment its parent last accepted.
    private var lastRoot: [Hash32] = []
    private var accepted: [Hash32] = []
    /// The L1 state root after each block (index = block number; block 0 is genesis).
    private var l1Roots: [Hash32] = [.zero]
    /// Burn leaves committed in their sender's outbox, and their inclusion proofs once on the L1.
    private var committedBurn: [Int32: Hash32] = [:]
    private var burnProofs: [Int32: BurnProof] = [:]
    /// Signed votes by (election << 32 | voter).
    private var votes: [Int64: SignedVote] = [:]

    init(seed: UInt64, nodes: Int) {
        self.seed = seed
        ensure(nodes - 1)
    }

    /// Grows the per-node arrays to hold node `v` (Sybil joins).
    private func ensure(_ v: Int) {
        while accepted.count <= v {
            let node = Int32(accepted.count)
            keys.append(nil)
            lastRoot.append(.zero)
            accepted.append(Leaf.genesis(node: node))
        }
    }

    /// The registered key of node `v`'s operator.
    func key(_ v: Int32) -> OperatorKeys {
        ensure(Int(v))
        if let k = keys[Int(v)] { return k }
        let k = OperatorKeys(seed: seed, node: v)
        keys[Int(v)] = k
        return k
    }

    /// Builds and signs `v`'s update as record `r`; a forger commits to a state root that is not
    /// its state tree's (and signs that, so only the root check catches it).
    func proveUpdate(node v: Int32, record r: Int32, round: Int64, transactions: Int64, stamp: Int32,
                     children: [Int32], burns: [Hash32], forge: Bool) {
        ensure(Int(v))
        let own = Leaf.ownState(node: v, round: round, transactions: transactions, stamp: stamp)
        let childCommitments = children.map { c -> Hash32 in ensure(Int(c)); return accepted[Int(c)] }
        var u = SignedUpdate(node: v, previousRoot: lastRoot[Int(v)], ownState: own, children: childCommitments,
                             outbox: MerkleTree.root(burns), l1Block: stamp, keys: key(v))
        if forge {
            u.newRoot = u.newRoot.flipped()
            u.commitment = SignedUpdate.commit(node: v, previousRoot: u.previousRoot, newRoot: u.newRoot,
                                               childrenRoot: u.childrenRoot, l1Block: stamp)
            u.signature = key(v).sign(u.commitment)
        }
        lastRoot[Int(v)] = u.newRoot
        while published.count <= Int(r) { published.append(nil) }
        published[Int(r)] = u
    }

    /// The receiver's check of child `c`'s update `r`: nil when valid.
    func verifyUpdate(child c: Int32, record r: Int32) -> UpdateRejection? {
        guard Int(r) < published.count, let u = published[Int(r)], u.node == c else { return .malformed }
        return u.check(key: key(c))
    }

    /// The receiver keeps `c`'s checked update `r` as its latest commitment.
    func accept(child c: Int32, record r: Int32) {
        guard Int(r) < published.count, let u = published[Int(r)] else { return }
        ensure(Int(c))
        accepted[Int(c)] = u.commitment
        published[Int(r)] = nil
    }

    /// A refused update is dropped.
    func drop(record r: Int32) { if Int(r) < published.count { published[Int(r)] = nil } }

    /// Burn `m` enters its sender's outbox as `leaf`.
    func commitBurn(_ m: Int32, leaf: Hash32) { committedBurn[m] = leaf }

    /// The burn leaves `v` commits to in its next update (its own burns among `messages`).
    func committedLeaves(_ messages: [Int32]) -> [Hash32] { messages.compactMap { committedBurn[$0] } }

    /// Block `k`: the L1 state root over the burns it includes (in order) and its children's commitments.
    func produceBlock(_ k: Int32, burns: [Int32], l1Children: [Int32]) {
        let leaves = burns.map { committedBurn[$0] ?? .zero }
        let outbox = MerkleTree(leaves: leaves)
        let children = MerkleTree.root(l1Children.map { c -> Hash32 in ensure(Int(c)); return accepted[Int(c)] })
        while l1Roots.count < Int(k) { l1Roots.append(l1Roots.last ?? .zero) }   // skipped blocks keep the root
        if l1Roots.count > Int(k) { l1Roots.removeSubrange(Int(k)...) }   // a reorg or a new L1 node: heights restart
        let previous = l1Roots[Int(k) - 1]
        l1Roots.append(Leaf.l1Root(previous: previous, block: k, outbox: outbox.root, children: children))
        for (i, m) in burns.enumerated() {
            burnProofs[m] = BurnProof(block: k, path: outbox.proof(leaf: i), previousL1Root: previous, childrenRoot: children)
        }
    }

    /// The recipient's check of the burn it is asked to mint (`claimed`) against the L1 root.
    func verifyBurn(_ m: Int32, claimed: Hash32) -> Bool {
        guard let proof = burnProofs[m], Int(proof.block) < l1Roots.count else {
            // Not on the L1 (a forced message): check against the sender's committed outbox.
            return committedBurn[m] == claimed
        }
        return proof.verify(leaf: claimed, l1Root: l1Roots[Int(proof.block)])
    }

    /// `voter` signs its vote, with the key of `signer` (itself, or another node's when forged).
    func signVote(election e: Int32, faulty p: Int32, voter: Int32, signer: Int32) {
        votes[Int64(e) << 32 | Int64(voter)] = SignedVote(election: e, faulty: p, voter: voter, keys: key(signer))
    }

    /// The receiver checks `voter`'s vote against the voter's registered key.
    func verifyVote(election e: Int32, voter: Int32) -> Bool {
        guard let v = votes[Int64(e) << 32 | Int64(voter)] else { return false }
        return v.verify(key: key(voter))
    }
}
