import SimCore

/// One emergency control election: votes aggregated up p's subtree and counted at an honest ancestor.
struct Election {
    var id: Int32
    var faulty: Int32
    var counter: Int32
    var subtreeSize: Int32
    var startedAt: SimTime
    var firstDetector: Int32
    /// 1 for the first election about this node's operator, 2 for the retry after a failure…
    var attempt: Int32 = 1
    var majorityAt: SimTime = -1
    var installedAt: SimTime = -1
    /// When it closed without a majority (`election.timeout`), and why.
    var failedAt: SimTime = -1
    var failure = ""
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
    /// The voters each node's emergency ZKPs aggregate (its own vote included), in the order
    /// aggregated; how many of a sender's a receiver has taken; the voters counted at the counter.
    var carried: [Int32: [Int32]] = [:]
    var receivedFrom: [Int32: Int32] = [:]
    var counted: [Int32] = []
    /// Voters in the order they voted.
    var voters: [Int32] = []
    /// The p-state each voter's emergency ZKP names (§5.1 rule 1): the stamp of the newest p-state
    /// retained at the counter's side that it holds DA for (`Election.noState`: none).
    var named: [Int32: Int32] = [:]
    /// Voters whose signature was checked, and those refused (their own vote is not counted).
    var voteChecked = Set<Int32>()
    var refusedVoters = Set<Int32>()
    /// The p-state installed on, and the voters holding its data.
    var installedStamp: Int32 = -1
    var supporters: Int32 = 0
    /// What the installation dropped (§5.1 rule 2).
    var droppedUpdates: Int32 = 0
    var revertedItems: Int32 = 0
    var reincludedItems: Int32 = 0

    /// A voter that holds DA for no retained p-state.
    static let noState = Int32.min

    /// Neither installed nor failed.
    var isOpen: Bool { installedAt < 0 && failedAt < 0 }

    /// The row's outcome and reason.
    var outcome: (String, String) {
        if installedAt >= 0 { return ("installed", "") }
        if failedAt >= 0 { return ("failed", failure) }
        if majorityAt >= 0 { return ("open", "majority reached; the run ended while an election below was still open") }
        return ("open", "the run ended before a majority (\(total) of \(subtreeSize / 2 + 1) votes)")
    }
}
