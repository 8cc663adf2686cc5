/// The data a validium publishes with an update in the real core (docs/model.md §9): its state tree's
/// leaves (own state, its children's latest commitments, its outbox), the roots, the chosen L1
/// block, and its operator's signature of the recursive commitment. Not zero-knowledge and not
/// succinct: the receiver recomputes everything from the leaves.
public struct SignedUpdate: Sendable {
    public var node: Int32
    /// Root of the previous update of this node (zero at genesis).
    public var previousRoot: Hash32
    /// Leaves of the state tree: own state, then each child's latest commitment, then the outbox root.
    public var leaves: [Hash32]
    /// Root the node claims for `leaves`.
    public var newRoot: Hash32
    /// Root of the children's commitments alone.
    public var childrenRoot: Hash32
    /// The chosen L1 block (the update's stamp).
    public var l1Block: Int32
    /// The recursive commitment binding (previous root, new root, children's commitments, L1 block).
    public var commitment: Hash32
    public var signature: Signature

    /// Builds, commits and signs an honest update.
    public init(node: Int32, previousRoot: Hash32, ownState: Hash32, children: [Hash32], outbox: Hash32,
                l1Block: Int32, keys: OperatorKeys) {
        self.node = node
        self.previousRoot = previousRoot
        leaves = [ownState] + children + [outbox]
        newRoot = MerkleTree.root(leaves)
        childrenRoot = MerkleTree.root(children)
        self.l1Block = l1Block
        commitment = SignedUpdate.commit(node: node, previousRoot: previousRoot, newRoot: newRoot,
                                         childrenRoot: childrenRoot, l1Block: l1Block)
        signature = keys.sign(commitment)
    }

    /// The recursive commitment.
    public static func commit(node: Int32, previousRoot: Hash32, newRoot: Hash32, childrenRoot: Hash32,
                              l1Block: Int32) -> Hash32 {
        var h = Hasher256("update")
        h.add(node); h.add(previousRoot); h.add(newRoot); h.add(childrenRoot); h.add(l1Block)
        return h.finish()
    }

    /// Why the receiver refuses this update, or nil when every check passes.
    public func check(key: OperatorKeys) -> UpdateRejection? {
        guard leaves.count >= 2 else { return .malformed }
        if MerkleTree.root(leaves) != newRoot { return .stateRootMismatch }
        if MerkleTree.root(Array(leaves[1..<(leaves.count - 1)])) != childrenRoot { return .childrenMismatch }
        let expected = SignedUpdate.commit(node: node, previousRoot: previousRoot, newRoot: newRoot,
                                           childrenRoot: childrenRoot, l1Block: l1Block)
        if expected != commitment { return .commitmentMismatch }
        if !signature.verify(commitment, by: key.publicKey) { return .badSignature }
        return nil
    }
}

/// Why an update, burn or vote was refused.
public enum UpdateRejection: String, Sendable, Equatable, CaseIterable {
    case malformed = "malformed update"
    case stateRootMismatch = "state root does not match the committed state"
    case childrenMismatch = "children's commitments do not match"
    case commitmentMismatch = "recursive commitment does not bind the update"
    case badSignature = "signature does not verify under the operator's key"
    case inclusionFails = "inclusion proof does not reach the L1 root"
    case forgedFlag = "proof marked invalid (mock core)"
}

/// Leaf hashes of the model's objects.
public enum Leaf {
    /// A validium's own state: node, rounds, transactions so far, stamp.
    public static func ownState(node: Int32, round: Int64, transactions: Int64, stamp: Int32) -> Hash32 {
        var h = Hasher256("own-state"); h.add(node); h.add(round); h.add(transactions); h.add(stamp); return h.finish()
    }

    /// A bridged message's burn: id, sender, recipient, amount.
    public static func burn(message: Int32, sender: Int32, recipient: Int32, amount: Int64) -> Hash32 {
        var h = Hasher256("burn"); h.add(message); h.add(sender); h.add(recipient); h.add(amount); return h.finish()
    }

    /// The genesis commitment of a node.
    public static func genesis(node: Int32) -> Hash32 {
        var h = Hasher256("genesis"); h.add(node); return h.finish()
    }

    /// An election vote: election, faulty node, voter.
    public static func vote(election: Int32, faulty: Int32, voter: Int32) -> Hash32 {
        var h = Hasher256("vote"); h.add(election); h.add(faulty); h.add(voter); return h.finish()
    }

    /// The L1 state root after block `block`.
    public static func l1Root(previous: Hash32, block: Int32, outbox: Hash32, children: Hash32) -> Hash32 {
        var h = Hasher256("l1-block"); h.add(previous); h.add(block); h.add(outbox); h.add(children); return h.finish()
    }
}
