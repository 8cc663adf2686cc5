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
}

/// One model event.
@frozen
public struct ModelEvent: DigestibleEvent {
    /// What happens.
    public var kind: EventKind
    /// The node it happens to.
    public var node: Int32
    /// A kind-specific argument (a ZKP record, a block number).
    public var arg: Int32

    @inlinable
    public init(_ kind: EventKind, node: Int32, arg: Int32 = 0) {
        self.kind = kind; self.node = node; self.arg = arg
    }

    /// Kind, node and argument folded into one word.
    @inlinable public var digestWord: UInt64 {
        UInt64(kind.rawValue) << 56 ^ UInt64(UInt32(bitPattern: node)) << 24 ^ UInt64(UInt32(bitPattern: arg))
    }
}

/// Tie classes at one instant (MODEL.md §3.1 rule 3): deliveries and completions, then L1 blocks,
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
