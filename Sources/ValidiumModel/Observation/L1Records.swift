import SimCore

/// One L1 block of a run with a fork-aware L1 (docs/model.md §8): the `l1_blocks` table.
public struct L1BlockRow: Sendable, Equatable {
    /// Block id (0 = genesis); equal to the height while the chain never forked.
    public var id: Int32
    public var height: Int32
    /// Parent block id (−1 for genesis).
    public var parent: Int32
    public var fork: Int32
    /// Production and finality times (µs; −1 not final by the end).
    public var produced: SimTime
    public var finalAt: SimTime
    /// Root acceptance (nodes) when it became final (−1: not final).
    public var acceptanceAtFinal: Int64
    /// ZKPs and transactions it included.
    public var zkps: Int32
    public var txs: Int64
    /// Abandoned (on a dead fork) by the end of the run.
    public var abandoned: Bool
}

/// One fork of the L1 chain: the `forks` table.
public struct ForkRow: Sendable, Equatable {
    public var id: Int32
    /// The block it branches from (−1 for fork 0).
    public var base: Int32
    /// Its newest block, and its height.
    public var tip: Int32
    public var tipHeight: Int32
    /// Which L1 operator produced it (0 the first) and when it started.
    public var operatorGeneration: Int32
    public var createdAt: SimTime
    /// Blocks of this fork kept alive (up to this height) at the end.
    public var aliveUpTo: Int32
}

/// One replacement of the L1 node by the L2 validiums: the `l1_elections` table.
public struct L1ElectionRow: Sendable, Equatable {
    public var id: Int32
    /// When the stall was seen (no final block for `stall_timeout`) and when the majority was reached.
    public var startedAt: SimTime
    public var majorityAt: SimTime
    /// Vote weight (subtree sizes) received, needed, and voters.
    public var weight: Int64
    public var needed: Int64
    public var voters: Int32
    /// L2 validiums that did not vote (offline or colluding): treated as faulty.
    public var nonVoters: Int32
    /// The L2 validium whose operator now runs the L1 (−1: the election failed).
    public var newOperator: Int32
    /// The replaced operator generation, slashed.
    public var slashedGeneration: Int32
    /// The last final block the new node continues from.
    public var resumedFrom: Int32
    /// First block of the new node that became final (µs; −1: none by the end).
    public var firstFinalAt: SimTime
    /// When it closed without a majority (`election.timeout`; −1: it did not), and its attempt number.
    public var failedAt: SimTime = -1
    public var attempt: Int32 = 1
}

/// The safety check (docs/model.md §8): two conflicting L1 blocks must never both be final.
public struct SafetyRecord: Sendable, Equatable {
    /// Conflicting finalisations seen.
    public var violations: Int64 = 0
    /// The first one: time, the block already final, the conflicting block, their acceptance.
    public var firstAt: SimTime = -1
    public var finalBlock: Int32 = -1
    public var conflictingBlock: Int32 = -1
    public var finalAcceptance: Int64 = -1
    public var conflictingAcceptance: Int64 = -1
    /// No violation.
    public var holds: Bool { violations == 0 }
    public init() {}
}

/// What the fork-aware L1 recorded (empty with a plain PoS L1).
public struct L1Results: Sendable, Equatable {
    /// True when the run used the fork-aware L1 (single_node, equivocate or reorg).
    public var forkAware = false
    public var blocks: [L1BlockRow] = []
    public var forks: [ForkRow] = []
    public var elections: [L1ElectionRow] = []
    public var safety = SafetyRecord()
    /// ZKPs that could not be included because their chosen L1 block conflicts with the fork
    /// their receiver follows (re-proven later): wasted proving.
    public var wastedProofs: Int64 = 0
    /// First block of a second fork (µs; −1: the chain never forked).
    public var firstConflictAt: SimTime = -1
    /// From the first conflicting block to the first final block of the new L1 node (µs; −1: no stall
    /// ended by an election).
    public var stall: SimTime = -1
    /// Tracked items whose block was abandoned, re-included later.
    public var orphanedItems: Int64 = 0
    /// ZKPs whose items and transactions a parent held back: their chosen block conflicted with the
    /// fork the parent follows (§8).
    public var heldZKPs: Int64 = 0
    public init() {}
}
