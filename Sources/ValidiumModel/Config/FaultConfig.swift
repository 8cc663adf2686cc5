import SimCore
import Stochastic

/// What a faulty operator does (docs/model.md §5).
public enum Behavior: String, Sendable, Equatable, CaseIterable {
    /// Stops everything: no rounds, no answers to DA requests, no votes.
    case offline
    /// Keeps pushing upward, refuses DA requests from its children.
    case withholdDA = "withhold_da"
    /// Refuses the ZKPs of chosen children (they are not included in its updates).
    case censor
    /// Honest, but proving takes `factor` times longer.
    case slow
    /// Faulty: neither votes nor relays votes for the replacement of an attacker; with an
    /// equivocating L1 it accepts every fork (double-signs).
    case collude
    /// The L1 node only (docs/model.md §8): shows different forks to different subtrees.
    case equivocate
    /// The L1 only, a milder fault: abandons its newest `depth` blocks once (an L1 reorg).
    case reorg
    /// Publishes forged proofs (`forge:` says what): refused by the checker (docs/model.md §9).
    case forge
    /// Answers its children's DA requests late, by `delay:` (a distribution); an answer later than
    /// `da.timeout` counts as a failed fetch (the worked example of docs/adding-a-mechanism.md).
    case delayDA = "delay_da"
}

/// What a `forge` adversary forges (docs/model.md §9).
public enum ForgeTarget: String, Sendable, Equatable, CaseIterable {
    /// Its updates commit to a state root that is not its state's: its parent refuses them and its
    /// descendants replace it (a confirmed fault).
    case update
    /// Its bridged burns: the message claims an amount its committed outbox does not hold; the
    /// recipient's inclusion check fails and nothing is minted.
    case burn
    /// Its election votes are signed with another node's key: the receiver refuses them.
    case vote
    /// Two different updates on the same previous state, sent one after the other (a double
    /// spend): the second does not extend what the parent accepted and is refused.
    case fork
    /// After each update, its previous update again: it does not extend the parent's record.
    case replay
    /// Its updates carry a chosen L1 block its parent does not know (one on another fork).
    case l1Choice = "l1_choice"
    /// Withholds DA from its children until they replace it, then keeps signing updates with its
    /// old key until the window ends: refused under the newly registered key.
    case staleKey = "stale_key"
    /// Its state omits its children's ZKPs (an empty slot in their place): each child finds its
    /// latest accepted commitment missing from the parent's state in its next DA response.
    case dropChild = "drop_child"
}

/// One entry of the `adversary:` list: who misbehaves, how, and when.
public struct AdversaryEntry: Sendable, Equatable {
    /// The nodes it applies to (resolved from the selector, in increasing id order).
    public var nodes: [Int32]
    /// The behaviour.
    public var behavior: Behavior
    /// Start of the window (µs).
    public var from: SimTime
    /// End of the window (µs); `SimTime.max` for `end`.
    public var until: SimTime
    /// Proving-time factor for `slow`.
    public var factor: Double
    /// Children refused by `censor` (nil: all of them).
    public var censored: [Int32]?
    /// The forks of `equivocate` or the depth of `reorg` (nil for the other behaviours).
    public var l1Fault: L1Fault?
    /// What `forge` forges.
    public var forged: ForgeTarget = .update
    /// How late `delay_da` answers (µs; nil for the other behaviours).
    public var delay: Distribution? = nil
    /// Which operator of the nodes misbehaves (docs/model.md §5.1 rule 6).
    public var target: OperatorTarget = .original

    /// An entry.
    public init(nodes: [Int32], behavior: Behavior, from: SimTime = 0, until: SimTime = .max,
                factor: Double = 1, censored: [Int32]? = nil, forged: ForgeTarget = .update) {
        self.nodes = nodes; self.behavior = behavior; self.from = from; self.until = until
        self.factor = factor; self.censored = censored; self.forged = forged
    }
}

/// Which operator of a node an adversary entry applies to (docs/model.md §5.1 rule 6).
public enum OperatorTarget: String, Sendable, Equatable, CaseIterable {
    /// The node's original operator only (a new operator installed by an election is honest).
    case original
    /// The first operator an election installs during the window (a bribed successor), from its
    /// installation; the operator after it is honest.
    case elected
    /// Whoever runs the node.
    case any
}

/// How descendants recover from a faulty parent (docs/model.md §5).
public enum RecoveryMode: String, Sendable, Equatable {
    /// Emergency control: the descendants elect a new operator.
    case replace
    /// Every child subtree exits and re-attaches elsewhere.
    case exit
}

/// Who becomes the new operator after an election.
public enum CandidateRule: String, Sendable, Equatable {
    /// The first descendant that detected the fault.
    case firstDetector = "first_detector"
    /// The voter with the lowest id.
    case lowestID = "lowest_id"
    /// A voter drawn from the seeded stream.
    case random
}

/// Where an exiting child subtree re-attaches.
public enum ReattachRule: String, Sendable, Equatable {
    /// Under the faulty node's parent (the nearest honest ancestor).
    case grandparent
    /// Under the honest sibling of the faulty node with the smallest subtree.
    case leastLoadedSibling = "least_loaded_sibling"
}

/// Who may add validiums (docs/model.md §5, Sybil).
public enum Admission: String, Sendable, Equatable {
    /// Staked, permissioned admission: an attacker cannot add validiums (its joins are refused).
    case permissioned
    /// Anyone may add validiums: one vote each, so an attacker can dilute a subtree.
    case permissionless
}

/// An attacker adding colluding validiums under a chosen node.
public struct SybilConfig: Sendable, Equatable {
    /// Join attempts per second (Poisson).
    public var rate: Double
    /// The node they join under (as leaves).
    public var under: Int32
    /// Window of the attempts (µs; `SimTime.max` for the end).
    public var from: SimTime
    public var until: SimTime

    /// A Sybil attack.
    public init(rate: Double, under: Int32, from: SimTime = 0, until: SimTime = .max) {
        self.rate = rate; self.under = under; self.from = from; self.until = until
    }
}

/// The fault-handling sections: `adversary`, `da`, `recovery`, `election`, `exit`.
public struct FaultConfig: Sendable, Equatable {
    /// Misbehaving nodes and their windows.
    public var adversaries: [AdversaryEntry] = []
    /// A DA request with no answer within this time has failed (µs); default 30 s.
    public var daTimeout: SimTime = 30 * Time.second
    /// Replace (default) or exit.
    public var recovery: RecoveryMode = .replace
    /// The new operator after an election.
    public var candidate: CandidateRule = .firstDetector
    /// An election with no majority this long after it started fails and is retried (µs; nil:
    /// 10 update periods, docs/model.md §5.1 rule 4).
    public var electionTimeout: SimTime? = nil
    /// Where exiting subtrees go.
    public var reattach: ReattachRule = .grandparent
    /// Who may join.
    public var admission: Admission = .permissioned
    /// Attacker validiums trying to join (nil: none).
    public var sybil: SybilConfig? = nil
    /// Defaults: no adversary.
    public init() {}
}
