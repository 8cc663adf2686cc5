/// The header of an update: what the recursive commitment binds, and its operator's signature.
/// An update carries, besides its own header, the headers of its node's earlier updates that the
/// receiver may not have seen (its chain back to the receiver's record): the recursive proof's
/// chain written out, since this core is not succinct.
public struct UpdateHeader: Sendable, Equatable {
    public var node: Int32
    /// Root of the previous update of this node (its chain).
    public var previousRoot: Hash32
    /// Root of the state tree after the update.
    public var newRoot: Hash32
    /// Root of the children's commitments alone.
    public var childrenRoot: Hash32
    /// The chosen L1 block (height) and the L1 state root the node knows for it.
    public var l1Block: Int32
    public var l1Root: Hash32
    /// The recursive commitment binding (node, previous root, new root, children's root, L1 block and root).
    public var commitment: Hash32
    public var signature: Signature

    /// The commitment recomputed from the header's fields.
    public var expectedCommitment: Hash32 {
        SignedUpdate.commit(node: node, previousRoot: previousRoot, newRoot: newRoot, childrenRoot: childrenRoot,
                            l1Block: l1Block, l1Root: l1Root)
    }

    /// True when the commitment binds the fields and is signed by `key`.
    public func verifies(under key: OperatorKeys) -> Bool {
        expectedCommitment == commitment && signature.verify(commitment, by: key.publicKey)
    }
}

/// The data a validium publishes with an update in the real core (docs/model.md §9): its state tree's
/// leaves (own state, its children's latest commitments, its outbox), the roots, the chosen L1
/// block and root, its chain back to what the receiver holds, and its operator's signature of the
/// recursive commitment. Not zero-knowledge and not succinct: the receiver recomputes everything.
public struct SignedUpdate: Sendable {
    public var header: UpdateHeader
    /// Leaves of the state tree: own state, then each child's latest commitment, then the outbox root.
    public var leaves: [Hash32]
    /// Headers of this node's earlier updates, oldest first, each extending the one before, the last
    /// one ending at `previousRoot` (empty when the receiver's record is `previousRoot` itself).
    public var links: [UpdateHeader]

    // The header's fields, for reading (and tampering with, in tests and forgeries).
    public var node: Int32 { header.node }
    public var previousRoot: Hash32 { get { header.previousRoot } set { header.previousRoot = newValue } }
    public var newRoot: Hash32 { get { header.newRoot } set { header.newRoot = newValue } }
    public var commitment: Hash32 { get { header.commitment } set { header.commitment = newValue } }
    public var l1Block: Int32 { get { header.l1Block } set { header.l1Block = newValue } }
    public var l1Root: Hash32 { get { header.l1Root } set { header.l1Root = newValue } }

    /// Builds, commits and signs an honest update.
    public init(node: Int32, previousRoot: Hash32, ownState: Hash32, children: [Hash32], outbox: Hash32,
                l1Block: Int32, l1Root: Hash32 = .zero, links: [UpdateHeader] = [], keys: OperatorKeys) {
        leaves = [ownState] + children + [outbox]
        self.links = links
        let newRoot = MerkleTree.root(leaves)
        let childrenRoot = MerkleTree.root(children)
        let commitment = SignedUpdate.commit(node: node, previousRoot: previousRoot, newRoot: newRoot,
                                             childrenRoot: childrenRoot, l1Block: l1Block, l1Root: l1Root)
        header = UpdateHeader(node: node, previousRoot: previousRoot, newRoot: newRoot, childrenRoot: childrenRoot,
                              l1Block: l1Block, l1Root: l1Root, commitment: commitment, signature: keys.sign(commitment))
    }

    /// Recommits and re-signs the header with `keys` after a field was changed (forgeries, tests).
    public mutating func resign(_ keys: OperatorKeys) {
        header.commitment = header.expectedCommitment
        header.signature = keys.sign(header.commitment)
    }

    /// The recursive commitment.
    public static func commit(node: Int32, previousRoot: Hash32, newRoot: Hash32, childrenRoot: Hash32,
                              l1Block: Int32, l1Root: Hash32 = .zero) -> Hash32 {
        var h = Hasher256("update")
        h.add(node); h.add(previousRoot); h.add(newRoot); h.add(childrenRoot); h.add(l1Block); h.add(l1Root)
        return h.finish()
    }

    /// §9 check 2: the recomputed state root, children's root and recursive commitment match, and
    /// the signature verifies under `key`, the key registered for the node's operator now. A
    /// signature that verifies under one of `replaced` (keys of operators replaced by an election)
    /// is reported as a stale key. Nil when every part passes.
    public func check(key: OperatorKeys, replaced: [OperatorKeys] = []) -> UpdateRejection? {
        guard leaves.count >= 2 else { return .malformed }
        if MerkleTree.root(leaves) != header.newRoot { return .stateRootMismatch }
        if MerkleTree.root(Array(leaves[1..<(leaves.count - 1)])) != header.childrenRoot { return .childrenMismatch }
        if header.expectedCommitment != header.commitment { return .commitmentMismatch }
        if !header.signature.verify(header.commitment, by: key.publicKey) {
            return replaced.contains { header.signature.verify(header.commitment, by: $0.publicKey) } ? .staleKey : .badSignature
        }
        return nil
    }

    /// §9 check 1: true when this update extends `record`, the root the receiver last accepted from
    /// this node: its previous root is the record, or its links form a signed chain (under `key`)
    /// from the record to its previous root. A second update on an already extended state (a
    /// fork) or an old update sent again (a replay) does not.
    public func extends(record: Hash32, key: OperatorKeys) -> Bool {
        if header.previousRoot == record { return true }
        guard let start = links.firstIndex(where: { $0.previousRoot == record }) else { return false }
        var root = record
        for link in links[start...] {
            guard link.node == header.node, link.previousRoot == root, link.verifies(under: key) else { return false }
            root = link.newRoot
        }
        return root == header.previousRoot
    }

    /// §9 check 5, on the DA side: the Merkle inclusion proof of child slot `slot` (0-based among the
    /// children) of this state, and whether it reaches the state's signed root from `leaf`.
    public func childIncluded(_ leaf: Hash32, slot: Int) -> Bool {
        let index = 1 + slot
        guard slot >= 0, index < leaves.count - 1 else { return false }
        let proof = MerkleTree(leaves: leaves).proof(leaf: index)
        return leaves[index] == leaf && proof.verify(leaf: leaf, root: header.newRoot)
    }
}

/// The receiver's checks of docs/model.md §9, as named in the `rejections` table.
public enum ProofCheck: String, Sendable, Equatable, CaseIterable {
    /// 1: the update extends the state the receiver last accepted from that node.
    case extendsRecord = "extends_record"
    /// 2: roots and recursive commitment recompute; the signature verifies under the registered key.
    case commitmentAndKey = "commitment_and_key"
    /// 3: the chosen L1 block is one the receiver knows, on the chain it follows.
    case l1Block = "l1_block"
    /// 4: a burn is included under an L1 state root the recipient knows.
    case burnInclusion = "burn_inclusion"
    /// 5: the parent's state includes the child's latest accepted commitment.
    case childIncluded = "child_included"

    /// The point of docs/model.md §9 (1–5).
    public var point: Int { ProofCheck.allCases.firstIndex(of: self)! + 1 }
}

/// Why an update, burn, vote or parent state was refused.
public enum UpdateRejection: String, Sendable, Equatable, CaseIterable {
    case malformed = "malformed update"
    case stateRootMismatch = "state root does not match the committed state"
    case childrenMismatch = "children's commitments do not match"
    case commitmentMismatch = "recursive commitment does not bind the update"
    case badSignature = "signature does not verify under the operator's key"
    case staleKey = "signed with the key of a replaced operator"
    case notExtending = "does not extend the state the receiver last accepted from this node"
    case unknownL1Block = "chosen L1 block is not one the receiver knows on its chain"
    case inclusionFails = "inclusion proof does not reach a known L1 root"
    case childMissing = "parent's state does not include the child's latest accepted commitment"

    /// The §9 check that failed.
    public var check: ProofCheck {
        switch self {
        case .malformed, .stateRootMismatch, .childrenMismatch, .commitmentMismatch, .badSignature, .staleKey:
            return .commitmentAndKey
        case .notExtending: return .extendsRecord
        case .unknownL1Block: return .l1Block
        case .inclusionFails: return .burnInclusion
        case .childMissing: return .childIncluded
        }
    }
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
