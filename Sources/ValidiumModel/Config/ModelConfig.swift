import SimCore
import Stochastic

/// Everything the model needs to run, already validated and in model units (µs, bytes, bit/s).
///
/// Built by the `Scenarios` module from a YAML file; tests may build it directly.
/// Defaults are those documented in docs/scenarios.md and the README.
public struct ModelConfig: Sendable, Equatable {
    /// Simulated duration of the run (µs).
    public var duration: SimTime
    /// The tree of validiums (docs/model.md §2).
    public var tree: TreeConfig
    /// The L1 (docs/model.md §8).
    public var l1: L1Config
    /// The update cycle (docs/model.md §3).
    public var update: UpdateConfig
    /// Acceptance and finality (docs/model.md §4).
    public var finality: FinalityConfig
    /// Network delays and bandwidth.
    public var network: NetworkConfig
    /// Proof system timings and sizes (docs/model.md §9).
    public var proofs: ProofConfig
    /// Own transactions.
    public var workload: WorkloadConfig
    /// What is measured and how often.
    public var metrics: MetricsConfig
    /// Faulty operators and recovery (docs/model.md §5).
    public var faults: FaultConfig
    /// The prover market (docs/model.md §9); nil: each validium proves its own rounds.
    public var provers: ProverMarketConfig? = nil
    /// Operator classes (`classes:`): per-node overrides; empty: every validium runs the scenario's settings.
    public var classes: [OperatorClass] = []

    /// A configuration with every default and the given tree and duration.
    public init(tree: TreeConfig, duration: SimTime) {
        self.duration = duration
        self.tree = tree
        self.l1 = L1Config()
        self.update = UpdateConfig()
        self.finality = FinalityConfig()
        self.network = NetworkConfig()
        self.proofs = ProofConfig(system: .plonky2)
        self.workload = WorkloadConfig()
        self.metrics = MetricsConfig()
        self.faults = FaultConfig()
    }
}

/// Shape of the tree (docs/model.md §2, §3.1 rules 1 and 14).
public enum TreeShape: Sendable, Equatable {
    /// A complete `width`-ary tree with leaves at `depth` (the L1 at depth 0 counts).
    case complete(width: Int, depth: Int)
    /// `nodes` nodes (the L1 included) filled breadth-first, `width` children each.
    case completeNodes(width: Int, nodes: Int)
    /// The parents of nodes 1 … N−1, in order; each parent id is smaller than the child's.
    case explicit(parents: [Int])
    /// `nodes` nodes grown breadth-first, each node's children drawn from a distribution (Tree+Random.swift).
    case random(RandomTreeSpec)
    /// `widths[i]` children under every node at depth i: `[1, 20, 5]` is one hub, 20 chains under it, 5 under each.
    case levels(widths: [Int])
}

/// Where a validium's own state lives (docs/model.md §2).
public enum OwnState: String, Sendable, Equatable {
    /// A separate validium: an update verifies `children + 1` proofs.
    case externalized
    /// Proven inside the update: `children` proofs plus a cost per own transaction.
    case inline
}

/// The tree section.
public struct TreeConfig: Sendable, Equatable {
    /// The shape.
    public var shape: TreeShape
    /// Own-state layout.
    public var ownState: OwnState = .externalized
    /// Bytes of own state held in the group VM with `own_state: inline` (default 1 MB).
    public var inlineStateBytes: Int64 = 1_000_000

    /// A tree section with the given shape and default layout.
    public init(shape: TreeShape) { self.shape = shape }
}

/// The L1 section.
public struct L1Config: Sendable, Equatable {
    /// Time between L1 blocks (µs); default 12 s.
    public var blockTime: SimTime = 12 * Time.second
    /// Cross-validium messages the L1 processes per block with `route: via_l1`; default 100.
    public var messageCapacity: Int = 100
    /// `pos` (never forks unless a reorg is injected) or `single_node` (docs/model.md §8).
    public var mode: L1Mode = .pos
    /// single_node: no block final for this long ⇒ the L2 validiums elect a new L1 node (µs); 10 blocks.
    public var stallTimeout: SimTime = 120 * Time.second
    /// single_node: which of two conflicting forks a validium follows.
    public var forkChoice: ForkChoiceRule = .heaviest
    /// What L1 transactions cost in gas (observation only unless `gasLimit` is set).
    public var gas = L1GasConfig()
    /// Gas a block may use (nil: unlimited): validium ZKPs that do not fit wait for the next block.
    public var gasLimit: Int64? = nil
    /// A default PoS L1.
    public init() {}
}

/// When rounds start (docs/model.md §3.1 rule 4).
public enum UpdateMode: Sendable, Equatable {
    /// Rounds at `phase + k × every`.
    case periodic(every: SimTime)
    /// A new round as soon as the previous one ended and input is waiting.
    case eager
}

/// How periodic round phases are chosen.
public enum PhasePolicy: String, Sendable, Equatable {
    /// A uniform microsecond in [0, every) per node.
    case random
    /// Phase 0 for every node.
    case aligned
}

/// The update section.
public struct UpdateConfig: Sendable, Equatable {
    /// Periodic or eager; default every 15 s.
    public var mode: UpdateMode = .periodic(every: 15 * Time.second)
    /// Phase policy for periodic rounds; default random.
    public var phase: PhasePolicy = .random
    /// Defaults.
    public init() {}
}

/// The finality section (docs/model.md §4, §3.1 rule 10).
public struct FinalityConfig: Sendable, Equatable {
    /// Final when strictly more than this fraction accepts; default 0.5.
    public var threshold: Double = 0.5
    /// nil: exact summaries; n: summaries keep the newest n L1 blocks, older updates count as not accepting.
    public var windowBlocks: Int? = nil
    /// Defaults.
    public init() {}
}

/// The network section: one-way delay per message and bandwidth per transfer.
public struct NetworkConfig: Sendable, Equatable {
    /// One-way delay (µs); default lognormal, median 80 ms, σ 0.5.
    public var latency: Distribution = .lognormal(median: 80_000, sigma: 0.5)
    /// Bits per second; nil means unlimited (no transfer time). Default 100 Mbit/s.
    public var bandwidthBitsPerSecond: Double? = 100e6
    /// Defaults.
    public init() {}
}

/// The workload section.
public struct WorkloadConfig: Sendable, Equatable {
    /// Own transactions per validium per second (Poisson); default 5.
    public var txRate: Double = 5
    /// Cross-validium messages (nil: none).
    public var bridge: BridgeConfig? = nil
    /// Defaults.
    public init() {}
}

/// The metrics section.
public struct MetricsConfig: Sendable, Equatable {
    /// Interval of the time series (µs); default 1 min.
    public var sampleEvery: SimTime = Time.minute
    /// Target number of transactions tracked to finality (independent thinning); default 100,000.
    public var trackedTransactions: Int = 100_000
    /// Target number of validium updates tracked to the L1; default 100,000.
    public var trackedUpdates: Int = 100_000
    /// Store every processed event in the results (`metrics.trace`, `--trace`); default false.
    public var trace: Bool = false
    /// Defaults.
    public init() {}
}
