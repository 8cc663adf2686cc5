/// The single ordering key of the engine: (time, phase, sequence), compared lexicographically.
///
/// `phase` orders events that share an instant (docs/model.md §3.1 rule 3); `sequence` is assigned at
/// scheduling time, so ties never depend on identity or hashing. Packed into two words.
@frozen
public struct EventKey: Comparable, Sendable, Hashable {
    /// Simulated time in microseconds.
    public var time: SimTime
    /// `phase << 48 | sequence`: phase in the top 16 bits, scheduling sequence below.
    public var order: UInt64

    /// The largest phase value the key can hold.
    public static let maxPhase: UInt16 = .max
    /// The largest sequence number the key can hold (2^48 − 1).
    public static let maxSequence: UInt64 = (1 << 48) - 1

    @inlinable
    public init(time: SimTime, phase: UInt16, sequence: UInt64) {
        self.time = time
        self.order = UInt64(phase) << 48 | (sequence & EventKey.maxSequence)
    }

    /// The tie-break class of the event.
    @inlinable public var phase: UInt16 { UInt16(truncatingIfNeeded: order >> 48) }
    /// The scheduling sequence number.
    @inlinable public var sequence: UInt64 { order & EventKey.maxSequence }

    @inlinable
    public static func < (a: EventKey, b: EventKey) -> Bool {
        a.time < b.time || (a.time == b.time && a.order < b.order)
    }
}

/// One scheduled event: its key and a small value payload.
@frozen
public struct ScheduledEvent<Payload>: Sendable where Payload: Sendable {
    /// When and in which order the event fires.
    public var key: EventKey
    /// What happens.
    public var payload: Payload

    @inlinable
    public init(key: EventKey, payload: Payload) {
        self.key = key
        self.payload = payload
    }
}
