import SimCore
import Stochastic

/// Who a validium sends its cross-validium messages to (docs/model.md §6).
public enum Destinations: Sendable, Equatable {
    /// Any other validium, uniformly.
    case uniform
    /// A sibling (same parent); a node without siblings picks uniformly.
    case siblings
    /// A validium under another child of the L1 (the common ancestor is the L1).
    case far
    /// Fixed (sender, recipient) pairs; only listed senders send.
    case pairs([[Int32]])
}

/// How messages travel.
public enum BridgeRoute: String, Sendable, Equatable {
    /// Direct bridging with relayer bots, forced routing as the fallback.
    case direct
    /// Every message through the L1, which has a capacity per block (the baseline design).
    case viaL1 = "via_l1"
    /// Direct bridging without fallback: an undelivered message stays in flight.
    case directOnly = "direct_only"
}

/// What a sender may not do while a message of its is unconfirmed.
public enum FreezeMode: String, Sendable, Equatable {
    /// No further outbound message.
    case outbound
    /// No update at all, except the one that pushes a forced message.
    case full
}

/// How a recipient learns an L1 state that includes a burn.
public enum L1HashDelivery: String, Sendable, Equatable {
    /// Through its DA fetches (the tree carries L1 blocks down).
    case viaTree = "via_tree"
    /// Read from the L1 directly, one network delay after the block.
    case direct
}

/// The relayer bots.
public struct BotPool: Sendable, Equatable {
    /// Bots working in parallel.
    public var count: Int = 10
    /// Time a bot takes to deliver a proof (µs).
    public var delay: Distribution = .exponential(mean: 2_000_000)
    /// Probability that a delivery attempt happens at all.
    public var availability: Double = 0.99
    /// Probability that a (broken) bot delivers the same proof twice.
    public var duplicate: Double = 0
    /// Defaults.
    public init() {}
}

/// `workload.bridge` (docs/model.md §6).
public struct BridgeConfig: Sendable, Equatable {
    /// Messages sent per validium per second (Poisson).
    public var rate: Double
    /// Destination rule.
    public var destinations: Destinations = .uniform
    /// Route mode.
    public var route: BridgeRoute = .direct
    /// Freeze mode of senders.
    public var freeze: FreezeMode = .outbound
    /// Without confirmation this long after the burn, the message is force-routed (µs).
    public var forceAfter: SimTime = 120 * Time.second
    /// How L1 states reach recipients and senders.
    public var l1Hash: L1HashDelivery = .viaTree
    /// The relayer bots.
    public var bots = BotPool()
    /// Rounds within which a node must include a forced message (`forced.deadline`).
    public var forcedDeadline: Int = 2

    /// A bridge workload at `rate` messages per validium per second.
    public init(rate: Double) { self.rate = rate }
}
