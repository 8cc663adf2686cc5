import SimCore

/// One adversary window on one node, and what the tree did about it (docs/model.md §5).
public struct FaultRow: Sendable, Equatable {
    /// The faulty node.
    public var node: Int32
    /// Its behaviour.
    public var behavior: String
    /// Window start and end (µs; end −1 for the end of the run).
    public var from: SimTime
    public var until: SimTime
    /// First confirmation of the fault by a descendant (−1: never detected).
    public var detectedAt: SimTime
    /// That descendant (−1: none).
    public var firstDetector: Int32
    /// When the recovery completed: the new operator installed, or the last exit (−1: not by the end).
    public var recoveredAt: SimTime
}

/// One emergency control election (replace mode).
public struct ElectionRow: Sendable, Equatable {
    /// Election id (in order of creation).
    public var id: Int32
    /// The faulty node whose operator is replaced.
    public var faulty: Int32
    /// The honest ancestor that counts the votes (p's parent, or above a faulty chain segment).
    public var counter: Int32
    /// b(p): votes needed are strictly more than half of it.
    public var subtreeSize: Int32
    /// First detection.
    public var startedAt: SimTime
    /// When the votes at the counter exceeded half of b(p) (−1: never).
    public var majorityAt: SimTime
    /// When the new operator took over (after the faulty nodes below it, bottom-up; −1: never).
    public var installedAt: SimTime
    /// The new operator (the elected validium; −1: none).
    public var newOperator: Int32
    /// First update of the faulty node after the takeover delivered to its parent (−1: none).
    public var firstUpdateAt: SimTime
    /// First advance of the node's local finality at its parent after the takeover (−1: none).
    public var finalityResumedAt: SimTime
    /// Votes counted at the end.
    public var votes: Int32
    /// `installed`, `failed` (no majority within `election.timeout`) or `open` (at the end of the run).
    public var outcome: String = "open"
    /// Why it failed or is still open (empty when installed).
    public var reason: String = ""
    /// Attempt number for this faulty node (1 for the first election, 2 for the retry after a failure…).
    public var attempt: Int32 = 1
    /// The p-state the election installed on (§5.1 rule 1): its stamp (−1: none), and the voters
    /// that hold DA for it.
    public var installedStamp: Int32 = -1
    public var supporters: Int32 = 0
    /// p's updates dropped at the counter's side, and tracked items reverted and re-included.
    public var droppedUpdates: Int32 = 0
    public var revertedItems: Int32 = 0
    public var reincludedItems: Int32 = 0
}

/// A tracked item that was final on its path and then dropped by an election (docs/model.md §4
/// finality safety): a violation.
public struct SafetyViolationRow: Sendable, Equatable {
    /// The item (index among the run's tracked items) and its origin.
    public var item: Int32
    public var origin: Int32
    /// When it became final, and when it was dropped.
    public var finalAt: SimTime
    public var droppedAt: SimTime
    /// The node whose election dropped it.
    public var node: Int32
}

/// The vote count of an election at the counter, each time it changed.
public struct VoteRow: Sendable, Equatable {
    /// Election id.
    public var election: Int32
    /// Time of the change.
    public var time: SimTime
    /// Votes counted.
    public var votes: Int32
}

/// One child subtree leaving a faulty parent (exit mode).
public struct ExitRow: Sendable, Equatable {
    /// The exiting child (its subtree moves with it).
    public var node: Int32
    /// The faulty parent it leaves.
    public var faulty: Int32
    /// Its confirmation of the fault.
    public var detectedAt: SimTime
    /// When the exit was processed and the subtree re-attached (−1: not by the end).
    public var completedAt: SimTime
    /// Its new parent (−1: not yet).
    public var newParent: Int32
    /// True when the exit was an L1 transaction.
    public var onL1: Bool
    /// Nodes that move with it (its subtree when it started).
    public var subtreeSize: Int32 = 1
}

/// An honest node that lost its data: its faulty ancestor was never replaced nor left.
public struct VictimRow: Sendable, Equatable {
    /// The victim.
    public var node: Int32
    /// The faulty ancestor that cut it off.
    public var faulty: Int32
}

/// Everything the fault mechanisms recorded.
public struct FaultResults: Sendable, Equatable {
    /// Adversary windows.
    public var faults: [FaultRow] = []
    /// Elections.
    public var elections: [ElectionRow] = []
    /// Vote counts over time.
    public var votes: [VoteRow] = []
    /// Exits.
    public var exits: [ExitRow] = []
    /// Victims.
    public var victims: [VictimRow] = []
    /// Final items dropped by an election (finality-safety violations, docs/model.md §4).
    public var safetyViolations: [SafetyViolationRow] = []
    /// Alarms received (gossip messages).
    public var alarms: Int64 = 0
    /// L1 transactions caused by recovery (exits and emergency ZKPs processed by the L1).
    public var l1Transactions: Int64 = 0
    /// Attacker validiums that joined (permissionless admission) and join attempts refused.
    public var sybilsJoined: Int64 = 0
    public var sybilsRefused: Int64 = 0
    /// Empty.
    public init() {}
}
