import SimCore

/// One proof refused by the node that checked it (docs/model.md §9, `forge`).
public struct RejectionRow: Sendable, Equatable {
    /// When the check failed (µs).
    public var time: SimTime
    /// The node whose update, burn or vote was refused.
    public var node: Int32
    /// The node that checked it (0: the L1).
    public var checker: Int32
    /// `update`, `burn`, `vote` or `state` (a parent's state, checked by its child).
    public var kind: String
    /// The check of docs/model.md §9 that failed (`ProofCheck` raw value, e.g. `extends_record`).
    public var check: String
    /// Why, in words (the same in both cores: the mock decides the case the real core would find).
    public var reason: String

    /// A row.
    public init(time: SimTime, node: Int32, checker: Int32, kind: String, check: String, reason: String) {
        self.time = time; self.node = node; self.checker = checker; self.kind = kind; self.check = check; self.reason = reason
    }
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
