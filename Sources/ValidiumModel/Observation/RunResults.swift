import SimCore

/// What one run of the model measured: the raw material of the results database and summary.
///
/// Times are simulated microseconds; −1 marks "not reached by the end of the run".
public struct RunResults: Sendable {
    /// The configuration that ran.
    public var config: ModelConfig
    /// The seed that ran.
    public var seed: UInt64
    /// Simulated time at the end (µs).
    public var simulatedEnd: SimTime
    /// Events processed.
    public var events: UInt64
    /// Digest of the event stream (32 hex digits).
    public var traceDigest: String
    /// One row per node, by id (node 0 is the L1).
    public var nodes: [NodeRow]
    /// Tracked transactions and updates (a thinned sample: see `counters`).
    public var items: [TrackedItem]
    /// Time series every `metrics.sampleEvery`.
    public var samples: [SampleRow]
    /// Root acceptance of the newest L1 blocks at each sample.
    public var acceptance: [AcceptanceRow]
    /// One row per L1 block produced.
    public var blocks: [BlockRow]
    /// Totals.
    public var counters: RunCounters
    /// Faults, elections, exits and victims (docs/model.md §5).
    public var faults: FaultResults
    /// Cross-validium messages (docs/model.md §6).
    public var bridge: BridgeResults = BridgeResults()
    /// The fork-aware L1: blocks, forks, L1 elections, safety (docs/model.md §8).
    public var l1 = L1Results()
    /// L1 gas per block and its queue (`l1.gas`, `l1.gas_limit`).
    public var gas = L1GasResults(perZkp: 0, perMessage: 0, limit: nil)
    /// The prover market (docs/model.md §9; empty without `provers:`).
    public var provers: ProverResults = ProverResults()
    /// Proof checks and rejections (docs/model.md §9).
    public var proofs = ProofResults()
    /// Every processed event, in order, when the run was traced (empty otherwise).
    public var trace: [TraceEvent] = []
    /// Protocol invariants checked during the run.
    public var invariants = InvariantReport()

    /// Results of a run (built by the model).
    public init(config: ModelConfig, seed: UInt64, simulatedEnd: SimTime, events: UInt64, traceDigest: String,
                nodes: [NodeRow], items: [TrackedItem], samples: [SampleRow], acceptance: [AcceptanceRow],
                blocks: [BlockRow], counters: RunCounters, faults: FaultResults = FaultResults()) {
        self.config = config; self.seed = seed; self.simulatedEnd = simulatedEnd; self.events = events
        self.traceDigest = traceDigest; self.nodes = nodes; self.items = items; self.samples = samples
        self.acceptance = acceptance; self.blocks = blocks; self.counters = counters; self.faults = faults
    }
}

/// Static and end-of-run figures of one node.
public struct NodeRow: Sendable, Equatable {
    /// Node id (0 = L1).
    public var id: Int32
    /// Parent id (−1 for the L1).
    public var parent: Int32
    /// Depth (L1 = 0).
    public var depth: Int32
    /// Number of children.
    public var children: Int32
    /// b(v) = descendants + 1.
    public var subtreeSize: Int32
    /// Bytes stored: the ancestors' group VMs (docs/model.md §7).
    public var storageBytes: Int64
    /// DA bytes fetched over the run.
    public var daBytesFetched: Int64
    /// Rounds completed (updates pushed).
    public var rounds: Int64
    /// Own transactions created.
    public var transactions: Int64
    /// Hashes of this node's ZKPs retained at its parent at the end (docs/model.md §3.1 rule 12).
    public var retainedAtParent: Int32
    /// Stamp of the node's latest pushed update.
    public var lastStamp: Int32

    /// A row.
    public init(id: Int32, parent: Int32, depth: Int32, children: Int32, subtreeSize: Int32, storageBytes: Int64,
                daBytesFetched: Int64, rounds: Int64, transactions: Int64, retainedAtParent: Int32, lastStamp: Int32) {
        self.id = id; self.parent = parent; self.depth = depth; self.children = children
        self.subtreeSize = subtreeSize; self.storageBytes = storageBytes; self.daBytesFetched = daBytesFetched
        self.rounds = rounds; self.transactions = transactions; self.retainedAtParent = retainedAtParent
        self.lastStamp = lastStamp
    }
}

/// What a tracked item is.
public enum TrackedKind: Int8, Sendable {
    /// An own transaction of a validium (created at a Poisson instant).
    case transaction = 0
    /// A validium's update (created at the start of its round).
    case update = 1
    /// A bridged message's burn riding the sender's ZKP chain (internal; not in `items`).
    case burn = 2
    /// A recipient's receipt of a minted message riding its ZKP chain (internal).
    case receipt = 3
    /// A forced message pushed up towards the common ancestor (internal).
    case forced = 4
}

/// One tracked transaction or update, followed from its origin to global finality.
public struct TrackedItem: Sendable, Equatable {
    /// Transaction or update.
    public var kind: TrackedKind
    /// Depth of the origin.
    public var depth: Int16
    /// Origin validium.
    public var origin: Int32
    /// L1 block that included it (−1: not included).
    public var l1Block: Int32
    /// Stamp of the origin's state that carries it (updates; −1 before proving).
    public var stamp: Int32
    /// Creation time.
    public var created: SimTime
    /// Arrival at the L1 of the ZKP that carries it (before the block).
    public var l1Arrival: SimTime
    /// Time of the L1 block that included it.
    public var l1Included: SimTime
    /// Time the root state including it became globally final.
    public var globalFinal: SimTime
    /// Time the origin's state carrying it became locally final at the origin's parent (updates).
    public var localFinal: SimTime
    /// The bridged message it belongs to (burn, receipt, forced; −1 otherwise).
    public var message: Int32 = -1
    /// Path finality (docs/model.md §4): global finality and every ZKP on its way up locally final
    /// at the parent that received it (−1: never). The headline "final".
    public var pathFinal: SimTime = -1
    /// Reverted by an election that dropped the update carrying it (§5.1 rule 2; −1: never).
    public var revertedAt: SimTime = -1
    /// For a copy re-included by a new operator's first update (§5.1 rule 2): when the original was
    /// dropped, and when the original had reached the L1 (−1: it had not). −1 for other items.
    public var reincludedAt: SimTime = -1
    public var firstL1Included: SimTime = -1
    /// The re-included copy that replaced this item (internal: superseded items are not in the results).
    var supersededBy: Int32 = -1

    /// A freshly created item.
    public init(kind: TrackedKind, origin: Int32, depth: Int16, created: SimTime) {
        self.kind = kind; self.origin = origin; self.depth = depth; self.created = created
        l1Block = -1; stamp = -1; l1Arrival = -1; l1Included = -1; globalFinal = -1; localFinal = -1
    }
}

/// One point of the time series.
public struct SampleRow: Sendable, Equatable {
    /// Sample time.
    public var time: SimTime
    /// Newest L1 block produced.
    public var l1Block: Int32
    /// Newest globally final L1 block.
    public var finalBlock: Int32
    /// Hashes retained on the L1 (sum over the L1's children).
    public var l1RetainedHashes: Int32
    /// Non-final root states (blocks newer than the final one).
    public var l1NonFinalStates: Int32
    /// Transactions included in L1 blocks per second since the previous sample.
    public var txIncludedPerSecond: Double
    /// Transactions globally final per second since the previous sample.
    public var txFinalPerSecond: Double
    /// Events processed so far.
    public var events: UInt64

    /// A sample row.
    public init(time: SimTime, l1Block: Int32, finalBlock: Int32, l1RetainedHashes: Int32, l1NonFinalStates: Int32,
                txIncludedPerSecond: Double, txFinalPerSecond: Double, events: UInt64) {
        self.time = time; self.l1Block = l1Block; self.finalBlock = finalBlock; self.l1RetainedHashes = l1RetainedHashes
        self.l1NonFinalStates = l1NonFinalStates; self.txIncludedPerSecond = txIncludedPerSecond
        self.txFinalPerSecond = txFinalPerSecond; self.events = events
    }
}

/// Root acceptance of one recent L1 block at a sample time: a(block) out of N.
public struct AcceptanceRow: Sendable, Equatable {
    /// Sample time.
    public var time: SimTime
    /// The L1 block (root state).
    public var block: Int32
    /// Nodes known to the L1 whose latest update is stamped later than the block.
    public var accepted: Int32

    /// An acceptance row.
    public init(time: SimTime, block: Int32, accepted: Int32) {
        self.time = time; self.block = block; self.accepted = accepted
    }
}

/// One L1 block.
public struct BlockRow: Sendable, Equatable {
    /// Block number.
    public var number: Int32
    /// Production time.
    public var time: SimTime
    /// ZKPs included.
    public var zkpsIncluded: Int32
    /// Transactions newly covered by this block.
    public var txsIncluded: Int64
    /// Time the block became globally final (−1: not by the end).
    public var finalAt: SimTime

    /// A block row.
    public init(number: Int32, time: SimTime, zkpsIncluded: Int32, txsIncluded: Int64, finalAt: SimTime) {
        self.number = number; self.time = time; self.zkpsIncluded = zkpsIncluded; self.txsIncluded = txsIncluded
        self.finalAt = finalAt
    }
}

/// Run totals.
public struct RunCounters: Sendable, Equatable {
    /// Own transactions created (all validiums).
    public var txCreated: Int64 = 0
    /// Transactions included in an L1 block.
    public var txIncluded: Int64 = 0
    /// Transactions globally final.
    public var txFinal: Int64 = 0
    /// Probability with which a transaction is tracked (independent thinning).
    public var txTrackProbability: Double = 1
    /// Probability with which an update is tracked.
    public var updateTrackProbability: Double = 1
    /// Rounds completed by all validiums.
    public var rounds: Int64 = 0
    /// ZKPs delivered to parents (the L1 included).
    public var zkpsDelivered: Int64 = 0
    /// Newest L1 block produced.
    public var lastBlock: Int32 = 0
    /// Newest globally final L1 block.
    public var finalBlock: Int32 = 0
    /// Summaries that dropped stamps older than the window (always 0 with exact summaries).
    public var windowTruncations: Int64 = 0
    /// Largest number of distinct stamps held by one summary.
    public var maxSummaryStamps: Int32 = 0
    /// Largest number of hashes retained on the L1 at any block.
    public var maxL1Retained: Int32 = 0
    /// Total DA bytes fetched.
    public var daBytesFetched: Int64 = 0
    /// Public init.
    public init() {}
}
