import SimCore

/// One proof refused by the node that checked it (docs/model.md §9, `forge`).
public struct RejectionRow: Sendable, Equatable {
    /// When the check failed (µs).
    public var time: SimTime
    /// The node whose update, burn or vote was refused.
    public var node: Int32
    /// The node that checked it (0: the L1).
    public var checker: Int32
    /// `update`, `burn` or `vote`.
    public var kind: String
    /// Why (the failed check; the mock core reports its validity flag).
    public var reason: String
}

/// What the proof interface recorded: checks made and proofs refused.
public struct ProofResults: Sendable, Equatable {
    /// `mock` or `real`.
    public var core: String = "mock"
    /// Verifications made (ZKPs on delivery, burn inclusion proofs, votes), in both cores.
    public var verified: Int64 = 0
    /// Refused proofs, in order.
    public var rejections: [RejectionRow] = []
    /// Empty.
    public init() {}
}
