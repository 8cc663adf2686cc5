import SimCore

/// One processed event, as stored by `--trace`: enough to replay and compare a run event by event.
public struct TraceEvent: Sendable, Equatable {
    /// Simulated time (µs).
    public var time: SimTime
    /// Tie class at that instant.
    public var phase: UInt16
    /// `EventKind` raw value.
    public var kind: UInt8
    /// The node it happened to.
    public var node: Int32
    /// Kind-specific arguments (see `EventKind`).
    public var arg: Int32
    public var aux: Int32

    /// An event record.
    public init(time: SimTime, phase: UInt16, kind: UInt8, node: Int32, arg: Int32, aux: Int32) {
        self.time = time; self.phase = phase; self.kind = kind; self.node = node; self.arg = arg; self.aux = aux
    }

    /// The kind's name (`roundStart`, `zkpDelivered`, …), for timelines.
    public var kindName: String { EventKind(rawValue: kind).map { "\($0)" } ?? "kind\(kind)" }
}
