/// A burn's inclusion proof against the L1 state root of the block that included it: the burn
/// leaf's path in that block's outbox tree, plus the other fields the L1 root binds.
public struct BurnProof: Sendable {
    /// The L1 block that included the burn.
    public var block: Int32
    /// Path from the burn leaf to the block's outbox root.
    public var path: MerkleProof
    /// L1 root before this block, and the root of the L1 children's commitments at this block.
    public var previousL1Root: Hash32
    public var childrenRoot: Hash32

    /// A proof.
    public init(block: Int32, path: MerkleProof, previousL1Root: Hash32, childrenRoot: Hash32) {
        self.block = block; self.path = path; self.previousL1Root = previousL1Root; self.childrenRoot = childrenRoot
    }

    /// True when `leaf` (recomputed by the recipient from the message it is asked to mint) is
    /// included in the L1 state whose root is `l1Root`.
    public func verify(leaf: Hash32, l1Root: Hash32) -> Bool {
        let outbox = path.root(from: leaf)
        return Leaf.l1Root(previous: previousL1Root, block: block, outbox: outbox, children: childrenRoot) == l1Root
    }
}

/// A signed election vote.
public struct SignedVote: Sendable {
    public var election: Int32
    public var faulty: Int32
    public var voter: Int32
    public var signature: Signature

    /// `voter`'s vote, signed with `keys` (its own, or a foreign key when forged).
    public init(election: Int32, faulty: Int32, voter: Int32, keys: OperatorKeys) {
        self.election = election; self.faulty = faulty; self.voter = voter
        signature = keys.sign(Leaf.vote(election: election, faulty: faulty, voter: voter))
    }

    /// True when the vote is signed by `key`, the voter's registered key.
    public func verify(key: OperatorKeys) -> Bool {
        signature.verify(Leaf.vote(election: election, faulty: faulty, voter: voter), by: key.publicKey)
    }
}
