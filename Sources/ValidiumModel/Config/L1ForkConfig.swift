import SimCore

/// Who runs the L1 (docs/model.md §8).
public enum L1Mode: String, Sendable, Equatable {
    /// A conventional proof-of-stake L1: its chain is authoritative and never forks by itself.
    case pos
    /// One node runs the L1, secured by the validium consensus (fork choice through proofs).
    case singleNode = "single_node"
}

/// Which fork a validium follows when its inputs conflict (docs/model.md §8).
public enum ForkChoiceRule: String, Sendable, Equatable {
    /// The fork supported by the larger subtree weight (ties: first seen).
    case heaviest
    /// The fork the validium saw first (the one its previous choice lies on; else the older block).
    case firstSeen = "first_seen"
}

/// The L1 node's fault in an `adversary:` entry with `behavior: equivocate` or `reorg`.
public struct L1Fault: Sendable, Equatable {
    /// Number of forks shown at once (equivocate, ≥ 2); 1 for a reorg.
    public var forks: Int
    /// Which fork each validium is shown (index = node id, −1 for the L1): resolved from `split`
    /// or `shown_to` by the scenario reader.
    public var shownFork: [Int8]
    /// Blocks abandoned by a reorg (0 for equivocate).
    public var reorgDepth: Int

    /// An equivocation showing `shownFork[v]` to node v.
    public init(forks: Int, shownFork: [Int8]) {
        self.forks = forks; self.shownFork = shownFork; reorgDepth = 0
    }

    /// A reorg of `depth` blocks.
    public init(reorgDepth: Int) {
        forks = 1; shownFork = []; self.reorgDepth = reorgDepth
    }
}
