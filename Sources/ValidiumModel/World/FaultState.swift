import SimCore

/// Per-run state of the fault mechanisms (MODEL.md §5). Dense per-node arrays where the hot path
/// reads them (`behavior`); dictionaries and sets, never iterated, for the sparse rest.
struct FaultState {
    /// Current behaviour of each node's operator: 0 honest, else `Behavior` index + 1.
    var behavior: [UInt8]
    /// What each node forges now (MODEL.md §9): 0 nothing, else `ForgeTarget` index + 1. An
    /// update forger is also faulty (`behavior` = forge); burn and vote forgers otherwise act honestly.
    var forging: [UInt8]
    /// Update forgers whose refusal already raised the alarm.
    var forgeryReported = Set<Int32>()
    /// Proving factor of `slow` nodes.
    var slowFactor: [Int32: Double] = [:]
    /// Children refused by `censor` nodes (nil: all).
    var censored: [Int32: [Int32]?] = [:]
    /// First time a child's ZKP was refused by its censoring parent.
    var censoredSince: [Int32: SimTime] = [:]
    /// Nodes whose operator was replaced by an election: honest from then on.
    var replaced = Set<Int32>()
    /// Nodes that missed a forced-operation deadline (MODEL.md §6): visible to every descendant.
    var missedForced = Set<Int32>()
    /// (node << 32 | faulty) pairs: alarm received, fault confirmed.
    var alerted = Set<Int64>()
    var confirmed = Set<Int64>()
    /// Row of `results.faults` for (entry << 32 | node).
    var faultRow: [Int64: Int] = [:]
    /// Latest fault row of each faulty node.
    var latestFaultRow: [Int32: Int] = [:]
    /// Elections, and the election of each faulty node (kept after installation for statistics).
    var elections: [Election] = []
    var electionOf: [Int32: Int32] = [:]
    /// Row of `results.exits` for each exiting child.
    var exitRow: [Int32: Int] = [:]
    /// Exits waiting for the next L1 block, in arrival order.
    var l1PendingExits: [Int32] = []
    /// What the mechanisms recorded.
    var results = FaultResults()

    init(nodes: Int) {
        behavior = [UInt8](repeating: 0, count: nodes)
        forging = [UInt8](repeating: 0, count: nodes)
    }

    static func code(_ b: Behavior) -> UInt8 { UInt8(Behavior.allCases.firstIndex(of: b)! + 1) }
    // Literal codes (= `code(_:)`, checked by FaultTests.literalFaultCodesMatchTheEnums): a computed `static let` is a lazy
    // global whose once-check the event loop would pay at every read.
    static let offline: UInt8 = 1, withhold: UInt8 = 2, censor: UInt8 = 3
    static let slow: UInt8 = 4, collude: UInt8 = 5, forge: UInt8 = 8
    static func forgeCode(_ t: ForgeTarget) -> UInt8 { UInt8(ForgeTarget.allCases.firstIndex(of: t)! + 1) }
    static let forgesUpdate: UInt8 = 1, forgesBurn: UInt8 = 2, forgesVote: UInt8 = 3

    /// True for an operator that misbehaves (a `slow` operator is honest).
    @inline(__always) func isFaulty(_ v: Int) -> Bool { behavior[v] != 0 && behavior[v] != FaultState.slow }
}

/// One emergency control election: votes aggregated up p's subtree and counted at an honest ancestor.
struct Election {
    var id: Int32
    var faulty: Int32
    var counter: Int32
    var subtreeSize: Int32
    var startedAt: SimTime
    var firstDetector: Int32
    var majorityAt: SimTime = -1
    var installedAt: SimTime = -1
    var newOperator: Int32 = -1
    var firstUpdateAt: SimTime = -1
    var finalityResumedAt: SimTime = -1
    /// Votes counted at the counter, and the latest cumulative count from each sender there.
    var total: Int32 = 0
    var atCounter: [Int32: Int32] = [:]
    /// At aggregators: the latest cumulative count from each sender, and each node's own total.
    var fromSender: [Int32: Int32] = [:]
    var subtotal: [Int32: Int32] = [:]
    var sent: [Int32: Int32] = [:]
    var pushPending = Set<Int32>()
    /// Voters in the order they voted.
    var voters: [Int32] = []
    /// Voters whose signature was checked, and those refused (their own vote is not counted).
    var voteChecked = Set<Int32>()
    var refusedVoters = Set<Int32>()

    var isOpen: Bool { installedAt < 0 }
}
