import SimCore
import Stochastic

/// One class of provers in the pool: `count` provers with the same stake, speed and honesty.
public struct ProverGroup: Sendable, Equatable {
    /// Provers in the group.
    public var count: Int
    /// Stake each one deposits (token units); it bounds the prover's selection weight.
    public var stake: Double
    /// Speed factor, drawn per job: a job of work w takes w / speed (1 = the timing model's time).
    public var speed: Distribution
    /// Probability that a proof of this prover is invalid (nil: the market's `invalid_rate`).
    public var invalidRate: Double?

    /// `count` provers of stake `stake` and constant speed 1.
    public init(count: Int, stake: Double = 1, speed: Distribution = .constant(1), invalidRate: Double? = nil) {
        self.count = count; self.stake = stake; self.speed = speed; self.invalidRate = invalidRate
    }
}

/// `provers:` — proving outsourced to a pool of staked provers (docs/model.md §9, after
/// the Scroll decentralized-prover design; docs/model.md §9). nil in `ModelConfig`: every validium proves itself.
public struct ProverMarketConfig: Sendable, Equatable {
    /// The pool, group by group (prover ids follow the order).
    public var pool: [ProverGroup]
    /// Time limit T from handing a job to a prover to its valid proof (µs).
    public var deadline: SimTime = 30 * Time.second
    /// Jobs handed out and not yet proven at most; later jobs wait at the sequencer, in order.
    public var window: Int = 100
    /// A missed deadline multiplies the prover's reputation ratio by 1 − late_penalty.
    public var latePenalty: Double = 0.5
    /// A valid proof within T adds this to the reputation ratio (capped at 1).
    public var recovery: Double = 0.05
    /// The reputation ratio never falls below this (> 0): a prover that was late keeps a small
    /// chance to be chosen and to earn its reputation back, and a pool never locks up.
    public var minReputation: Double = 0.01
    /// An invalid proof takes this fraction of the prover's stake.
    public var fine: Double = 0.5
    /// Default probability of an invalid proof (groups may override it).
    public var invalidRate: Double = 0
    /// Reward per second of reference proving work, paid to the prover whose valid proof is in time.
    public var reward: Double = 1

    /// A market over `pool` with the default rules.
    public init(pool: [ProverGroup]) { self.pool = pool }

    /// Number of provers.
    public var count: Int { pool.reduce(0) { $0 + $1.count } }
}
