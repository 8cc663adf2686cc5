import SimCore
import Stochastic

/// An operator class (`classes:`): the validiums a selector picked and what differs for them from the
/// scenario's settings. Absent keys keep the scenario's values; a node is in at most one class.
public struct OperatorClass: Sendable, Equatable {
    /// The class's name (rows and summaries show it).
    public var name: String
    /// Its nodes, resolved from the selector (ascending ids, the L1 never).
    public var nodes: [Int32]
    /// Proving time multiplied by this (hardware speed; 1: the scenario's).
    public var provingFactor: Double = 1
    /// Its own recursion step (µs distribution; nil: `proofs.recursion_step`).
    public var recursionStep: Distribution? = nil
    /// Own transactions per second of each member (nil: `workload.tx_rate`).
    public var txRate: Double? = nil
    /// Round period of each member (µs; nil: `update.every`; periodic updates only).
    public var updateEvery: SimTime? = nil
    /// One-way delay of a member's link to its parent (µs distribution; nil: `network.latency`).
    public var latency: Distribution? = nil
    /// Bits per second of a member's link to its parent (`.infinity`: unlimited; nil: `network.bandwidth`).
    public var bandwidth: Double? = nil

    /// A class of `nodes` with no override yet.
    public init(name: String, nodes: [Int32]) {
        self.name = name
        self.nodes = nodes
    }
}
