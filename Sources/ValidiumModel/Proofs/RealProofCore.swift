import ProofCore

/// The real core behind the proof interface (docs/model.md §9): every update is a SHA-256 Merkle
/// commitment over the validium's state (own state, its children's latest commitments, its
/// outbox of burns) bound into a recursive commitment with its previous root and chosen L1 block,
/// and signed with the operator's Ed25519 key; burns are proven by Merkle inclusion in an L1
/// block's outbox under the L1 state root; votes are signed. Not zero-knowledge and not succinct.
///
/// Two sides, kept apart: what each operator holds to prove (this file), and what each receiver
/// holds to check (`RealProofCore+Receiver.swift`): per child the root and commitment it last
/// accepted and the key registered for its operator, per node the L1 roots it knows. The checks
/// read only the receiver's side and the published data, never the mock's validity flag.
final class RealProofCore {
    let seed: UInt64

    // MARK: Prover side: what each node's operator holds

    /// Key generation of each node's current operator (bumped when an election replaces it), and its keys.
    var generation: [Int32] = []
    private var keys: [OperatorKeys?] = []
    /// Root of each node's latest update on its own chain (forged updates are not on it).
    var lastRoot: [Hash32] = []
    /// Each node's headers since the one its receiver is known to hold: the links of its next update.
    var chain: [[UpdateHeader]] = []
    /// Each node's commitments since the last one it saw in its parent's state (genesis first).
    var ownCommitments: [[Hash32]] = []
    /// Each node's latest published update (the state its DA serves) and its children then.
    var latestState: [SignedUpdate?] = []
    var latestChildren: [[Int32]] = []
    /// Published updates by pool record, until the receiver has checked them; forged companions
    /// (fork, replay) by the record they travel with; a replay forger's previous update.
    var published: [SignedUpdate?] = []
    var companions: [Int32: SignedUpdate] = [:]
    var replayable: [Int32: SignedUpdate] = [:]

    // MARK: Receiver side: what each node holds about its children and the L1

    /// Per child: root and commitment its parent last accepted, and its operator's registered key generation.
    var recordRoot: [Hash32] = []
    var recordCommitment: [Hash32] = []
    var registered: [Int32] = []
    /// Per node: the L1 state roots it knows (index = height), as learned through its fetches.
    var knownRoots: [[Hash32]] = []

    // MARK: The L1

    /// The L1 state root after each block of the chain it follows (index = height; block 0 is genesis).
    var l1Roots: [Hash32] = [.zero]
    /// A forking L1 (docs/model.md §8): every node watches the L1 itself (its virtual L0), so it
    /// knows every block the L1 produced, on any fork: their roots by height.
    let forkAware: Bool
    var rootsEver: [[Hash32]] = [[.zero]]
    /// Burn leaves committed in their sender's outbox, and their inclusion proofs once on the L1.
    var committedBurn: [Int32: Hash32] = [:]
    var burnProofs: [Int32: BurnProof] = [:]
    /// Signed votes by (election << 32 | voter).
    var votes: [Int64: SignedVote] = [:]

    init(seed: UInt64, nodes: Int, forkAware: Bool = false) {
        self.seed = seed
        self.forkAware = forkAware
        ensure(nodes - 1)
    }

    /// Grows the per-node arrays to hold node `v` (Sybil joins: a new node learns the L1 chain).
    func ensure(_ v: Int) {
        while recordRoot.count <= v {
            let node = Int32(recordRoot.count)
            generation.append(0); registered.append(0); keys.append(nil)
            lastRoot.append(.zero); chain.append([]); ownCommitments.append([Leaf.genesis(node: node)])
            latestState.append(nil); latestChildren.append([])
            recordRoot.append(.zero); recordCommitment.append(Leaf.genesis(node: node))
            knownRoots.append(l1Roots)
        }
    }

    /// The key of node `v`'s current operator.
    func key(_ v: Int32) -> OperatorKeys {
        ensure(Int(v))
        if let k = keys[Int(v)] { return k }
        let k = OperatorKeys(seed: seed, node: v, generation: generation[Int(v)])
        keys[Int(v)] = k
        return k
    }

    /// The L1 root at height `k` in `roots` (a placeholder that no real root equals when unknown).
    @inline(__always)
    static func root(_ roots: [Hash32], at k: Int32) -> Hash32 {
        k >= 0 && Int(k) < roots.count ? roots[Int(k)] : Leaf.genesis(node: -1 - k)
    }

    /// With a forking L1: the root at height `k` of the chain the L1 extends now, or, beyond it
    /// (a block of an abandoned fork), the last root the L1 produced at that height.
    func watchedRoot(at k: Int32) -> Hash32 {
        if k >= 0 && Int(k) < l1Roots.count { return l1Roots[Int(k)] }
        return k >= 0 && Int(k) < rootsEver.count ? rootsEver[Int(k)].last ?? .zero : RealProofCore.root([], at: k)
    }

    /// Builds and signs `v`'s update as record `r`. `v` first learns the L1 chain its parent served
    /// (the L1's own, for a child of the L1). A forger deviates as `forge` says; `companion` asks for
    /// the forged update sent after this one (`fork`: another update on the same previous state;
    /// `replay`: its previous update again).
    func proveUpdate(node v: Int32, parent p: Int32, record r: Int32, round: Int64, transactions: Int64,
                     stamp: Int32, children: [Int32], burns: [Hash32], forge: ForgeTarget?, companion: ForgeTarget?) {
        let i = Int(v)
        ensure(i)
        knownRoots[i] = p <= 0 ? l1Roots : knownRoots[Int(p)]
        let l1Root = forkAware ? watchedRoot(at: stamp) : RealProofCore.root(knownRoots[i], at: stamp)
        let childLeaves = children.map { c -> Hash32 in
            ensure(Int(c))
            return forge == .dropChild ? .zero : recordCommitment[Int(c)]   // a dropping parent leaves the slot empty
        }
        // The links: v's chain from the root its receiver holds (v sees it in its parent's state).
        if lastRoot[i] == recordRoot[i] {
            chain[i].removeAll(keepingCapacity: true)
        } else if let start = chain[i].firstIndex(where: { $0.previousRoot == recordRoot[i] }), start > 0 {
            chain[i].removeFirst(start)
        }
        let outbox = MerkleTree.root(burns)
        let own = Leaf.ownState(node: v, round: round, transactions: transactions, stamp: stamp)
        var u = SignedUpdate(node: v, previousRoot: lastRoot[i], ownState: own, children: childLeaves, outbox: outbox,
                             l1Block: stamp, l1Root: l1Root, links: chain[i], keys: key(v))
        switch forge {
        case .update?:
            u.header.newRoot = u.newRoot.flipped()   // a root that is not its state tree's, signed
            u.resign(key(v))
        case .l1Choice?:
            u.header.l1Root = l1Root.flipped()       // a block on another fork, which no receiver knows
            u.resign(key(v))
        default: break
        }
        switch companion {
        case .fork?:
            // The double spend: the same previous state, one more own transaction spent elsewhere.
            let spent = Leaf.ownState(node: v, round: round, transactions: transactions + 1, stamp: stamp)
            companions[r] = SignedUpdate(node: v, previousRoot: lastRoot[i], ownState: spent, children: childLeaves,
                                         outbox: outbox, l1Block: stamp, l1Root: l1Root, links: chain[i], keys: key(v))
        case .replay?:
            companions[r] = replayable[v]
        default:
            companions[r] = nil
        }
        if forge == .replay { replayable[v] = u }
        if forge != .update && forge != .l1Choice {   // the node's own chain advances
            chain[i].append(u.header)
            lastRoot[i] = u.newRoot
            ownCommitments[i].append(u.commitment)
            if ownCommitments[i].count > 256 { ownCommitments[i].removeFirst(ownCommitments[i].count - 256) }
            // Its DA serves this state (a forged proof goes upward only; its children see its real state).
            latestState[i] = u
            latestChildren[i] = children
        }
        while published.count <= Int(r) { published.append(nil) }
        published[Int(r)] = u
    }

    /// An election installed a new operator at `v`: it registers its key (the next generation) and
    /// continues from the state its receiver holds; the old key is refused from now on.
    func operatorReplaced(_ v: Int32) {
        let i = Int(v)
        ensure(i)
        registered[i] += 1
        generation[i] += 1
        keys[i] = nil
        lastRoot[i] = recordRoot[i]
        chain[i].removeAll()
        replayable[v] = nil
        latestState[i] = nil   // its children check the new operator's first state, not the old one's
    }

    /// What the replaced operator of `v` publishes after the installation: an update on the state
    /// the receiver holds, signed with its old key.
    func staleUpdate(_ v: Int32, round: Int64) -> SignedUpdate {
        let i = Int(v)
        let old = OperatorKeys(seed: seed, node: v, generation: max(0, generation[i] - 1))
        let own = Leaf.ownState(node: v, round: round, transactions: -1, stamp: 0)
        return SignedUpdate(node: v, previousRoot: recordRoot[i], ownState: own, children: [], outbox: .zero,
                            l1Block: 0, l1Root: RealProofCore.root(knownRoots[i], at: 0), keys: old)
    }

    /// Burn `m` enters its sender's outbox as `leaf`.
    func commitBurn(_ m: Int32, leaf: Hash32) { committedBurn[m] = leaf }

    /// The burn leaves `v` commits to in its next update (its own burns among `messages`).
    func committedLeaves(_ messages: [Int32]) -> [Hash32] { messages.compactMap { committedBurn[$0] } }

    /// Block `k`: the L1 state root over the burns it includes (in order) and its children's commitments.
    func produceBlock(_ k: Int32, burns: [Int32], l1Children: [Int32]) {
        let leaves = burns.map { committedBurn[$0] ?? .zero }
        let outbox = MerkleTree(leaves: leaves)
        let children = MerkleTree.root(l1Children.map { c -> Hash32 in ensure(Int(c)); return recordCommitment[Int(c)] })
        while l1Roots.count < Int(k) { l1Roots.append(l1Roots.last ?? .zero) }   // skipped blocks keep the root
        if l1Roots.count > Int(k) { l1Roots.removeSubrange(Int(k)...) }   // a reorg or a new L1 node: heights restart
        let previous = l1Roots[Int(k) - 1]
        l1Roots.append(Leaf.l1Root(previous: previous, block: k, outbox: outbox.root, children: children))
        if forkAware {
            while rootsEver.count <= Int(k) { rootsEver.append([]) }
            if !rootsEver[Int(k)].contains(l1Roots[Int(k)]) { rootsEver[Int(k)].append(l1Roots[Int(k)]) }
        }
        for (i, m) in burns.enumerated() {
            burnProofs[m] = BurnProof(block: k, path: outbox.proof(leaf: i), previousL1Root: previous, childrenRoot: children)
        }
    }

    /// `voter` signs its vote, with the key of `signer` (itself, or another node's when forged).
    func signVote(election e: Int32, faulty p: Int32, voter: Int32, signer: Int32) {
        votes[Int64(e) << 32 | Int64(voter)] = SignedVote(election: e, faulty: p, voter: voter, keys: key(signer))
    }
}
