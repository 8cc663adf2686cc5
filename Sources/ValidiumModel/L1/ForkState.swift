import SimCore

/// Per-run state of the fork-aware L1 (docs/model.md §8), present when `l1.mode: single_node` or when
/// an adversary entry makes the L1 equivocate or reorg. Per-node arrays indexed by node id; a
/// ZKP record's chosen L1 block in `recordChoice` (indexed by pool record).
struct ForkState {
    var chain: L1Chain
    let mode: L1Mode
    let rule: ForkChoiceRule
    /// The block each node follows (its latest choice), and the block its parent served it.
    var knownBlock: [Int32]
    var servedBlock: [Int32]
    /// Chosen L1 block of each ZKP record.
    var recordChoice: [Int32] = []
    /// Records already counted as wasted.
    var recordWasted: [Bool] = []
    /// Forks the L1 operator extends at each block (one when honest).
    var activeForks: [Int32] = [0]
    /// While equivocating: the fork shown to each node (−1: none), and its entry.
    var shownFork: [Int8] = []
    var equivocating = false
    /// Forks shown at once while equivocating.
    var wantedForks = 1
    /// A pending stall watch (one at a time).
    var watchPending = false
    /// Votes needed (weight) by the current L1 election.
    var electionNeeded: Int64 = 0
    /// A reorg to perform at the next block (its depth; 0: none).
    var pendingReorg = 0
    /// The L1 operator generation (0 the first; +1 per L1 election).
    var generation: Int32 = 0
    /// The newest final block on the first chain made final, and the time finality last advanced.
    var finalTip: Int32 = 0
    var lastFinalityAt: SimTime = 0
    /// The L1 election in progress (−1: none), votes received, and who voted.
    var election: Int32 = -1
    var electionWeight: Int64 = 0
    var electionVoters: [Int32] = []
    /// Items of abandoned blocks, by the L1 child whose subtree they come from.
    var orphans: [ItemList]
    /// Per child: tracked items and transactions its parent holds back while the child's chosen
    /// block conflicts with the fork the parent follows (§8).
    var held: [ItemList]
    var heldTx: [Int64]
    var results = L1Results()

    init(mode: L1Mode, rule: ForkChoiceRule, nodes: Int) {
        chain = L1Chain(nodes: nodes)
        self.mode = mode
        self.rule = rule
        knownBlock = [Int32](repeating: 0, count: nodes)
        servedBlock = [Int32](repeating: 0, count: nodes)
        orphans = [ItemList](repeating: ItemList(), count: nodes)
        held = [ItemList](repeating: ItemList(), count: nodes)
        heldTx = [Int64](repeating: 0, count: nodes)
        results.forkAware = true
    }

    /// The chosen block of record `r` (0 for records made before it was set).
    @inline(__always) func choice(_ r: Int32) -> Int32 { Int(r) < recordChoice.count ? recordChoice[Int(r)] : 0 }

    /// Sets the chosen block of record `r`.
    @inline(__always) mutating func setChoice(_ r: Int32, _ b: Int32) {
        while recordChoice.count <= Int(r) { recordChoice.append(0); recordWasted.append(false) }
        recordChoice[Int(r)] = b
        recordWasted[Int(r)] = false
    }

    /// Counts record `r` as wasted proving, once.
    @inline(__always) mutating func waste(_ r: Int32) {
        guard Int(r) < recordWasted.count, !recordWasted[Int(r)] else { return }
        recordWasted[Int(r)] = true
        results.wastedProofs += 1
    }

    /// The block the L1 shows node `i` now: the tip of its fork while equivocating, else the
    /// operator's first active fork.
    func l1Tip(shownTo i: Int) -> Int32 {
        if equivocating, i < shownFork.count, shownFork[i] >= 0, Int(shownFork[i]) < activeForks.count {
            return chain.tip[Int(activeForks[Int(shownFork[i])])]
        }
        return chain.tip[Int(activeForks[0])]
    }
}
