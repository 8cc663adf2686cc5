import SimCore

/// The closed set of model events. Payloads are plain values: a kind, a node and one argument.
public enum EventKind: UInt8, Sendable {
    /// A validium starts a round (arg unused).
    case roundStart = 0
    /// A DA request reaches the parent, which snapshots what it serves.
    case daServe = 1
    /// The DA response reaches the validium: input is collected and proving starts.
    case daResponse = 2
    /// Proving ends: the ZKP (arg = its record) is pushed to the parent.
    case proveDone = 3
    /// A ZKP (arg = its record) is delivered to the parent of `node` after its check.
    case zkpDelivered = 4
    /// The L1 produces block `arg`.
    case l1Block = 5
    /// A metrics sample.
    case sample = 6
    /// The parent tells `node` that the L1 block it knows advanced (eager updates).
    case notify = 7
    /// Adversary entry `arg` starts (aux 1) or ends (aux 0) for `node`.
    case behavior = 8
    /// `node`'s round fetch from its parent `arg` failed (refused or timed out).
    case daFailed = 9
    /// An alarm about faulty node `arg` reaches `node` (from `aux`).
    case alarm = 10
    /// `node`'s own check of faulty node `arg` ended: aux 1 failed (fault confirmed), 0 served.
    case checkDone = 11
    /// `node`'s emergency ZKP for election `arg` is proven: it sends its vote count up.
    case voteReady = 12
    /// A vote count `aux` for election `arg` sent by `node` arrives at its next hop.
    case voteDeliver = 13
    /// Election `arg` reaches its `election.timeout`: without a majority it fails and is retried.
    case electionTimeout = 17
    /// `node`'s exit proof against faulty parent `arg` is proven: the exit is sent.
    case exitReady = 14
    /// `node`'s exit from faulty parent `arg` reaches the node that processes it.
    case exitArrive = 15
    /// An attacker tries to add a validium under `node`.
    case sybilJoin = 16
    /// `node` asks to send a cross-validium message.
    case bridgeSend = 20
    /// Message `arg` has waited `force_after` without confirmation.
    case bridgeForce = 21
    /// A bot delivers message `arg`'s burn inclusion proof to its recipient `node`.
    case bridgeProof = 22
    /// A bot delivers message `arg`'s confirmation to its sender `node`.
    case bridgeConfirm = 23
    /// `node` reads L1 block `aux` directly (l1_hash: direct) for message `arg`.
    case bridgeL1Read = 24
    /// Forced-routing deadline of message `arg` at `node`.
    case forcedDeadline = 25
    /// The stall watch of the L2 validiums over a single-node L1 (docs/model.md §8).
    case l1Watch = 30
    /// L2 validium `node`'s vote in L1 election `arg` reaches the other L2 validiums.
    case l1Vote = 31
    /// L1 election `arg` reaches its `election.timeout`: without a majority it fails and is retried.
    case l1ElectionTimeout = 32
    /// Prover `node` of the market finishes its assignment `arg` (generation `aux`).
    case proverDone = 45
    /// The deadline T of prover `node`'s assignment `arg` (generation `aux`) falls.
    case proverDeadline = 46
}

/// One model event.
@frozen
public struct ModelEvent: DigestibleEvent {
    /// What happens.
    public var kind: EventKind
    /// The node it happens to.
    public var node: Int32
    /// A kind-specific argument (a ZKP record, a block number, a faulty node, an election).
    public var arg: Int32
    /// A second argument (a count, a sender); the event stays 16 bytes.
    public var aux: Int32

    @inlinable
    public init(_ kind: EventKind, node: Int32, arg: Int32 = 0, aux: Int32 = 0) {
        self.kind = kind; self.node = node; self.arg = arg; self.aux = aux
    }

    /// Kind, node and arguments folded into one word.
    @inlinable public var digestWord: UInt64 {
        UInt64(kind.rawValue) << 56 ^ UInt64(UInt32(bitPattern: node)) << 24 ^ UInt64(UInt32(bitPattern: arg))
            ^ UInt64(UInt32(bitPattern: aux)) << 40
    }
}

/// Tie classes at one instant (docs/model.md §3.1 rule 3): deliveries and completions, then L1 blocks,
/// then round starts (shallower first), then samples.
public enum EventPhase {
    /// Deliveries and completions.
    public static let delivery: UInt16 = 0
    /// L1 block production.
    public static let l1Block: UInt16 = 1
    /// Round start of a node at `depth`.
    @inlinable public static func roundStart(depth: Int32) -> UInt16 { UInt16(2 + min(Int(depth), 60_000)) }
    /// Metric samples, last.
    public static let sample: UInt16 = .max
}
