/// A priority queue of scheduled events, ordered by `EventKey` (the ns-3 `Scheduler` idea).
///
/// Cancellation is not part of the protocol: models cancel lazily with generation counters,
/// which keeps every implementation a plain priority queue. `QueueConformance` in the tests runs
/// one suite against every implementation.
public protocol EventQueue<Payload> {
    associatedtype Payload: Sendable
    /// An empty queue.
    init()
    /// Number of pending events.
    var count: Int { get }
    /// True when no event is pending.
    var isEmpty: Bool { get }
    /// Adds an event.
    mutating func insert(_ event: ScheduledEvent<Payload>)
    /// The smallest key pending, or nil when empty.
    func peekKey() -> EventKey?
    /// Removes and returns the event with the smallest key.
    mutating func removeNext() -> ScheduledEvent<Payload>?
    /// Reserves room for `capacity` pending events.
    mutating func reserveCapacity(_ capacity: Int)
    /// Removes and returns the next event if its time is at most `end` (the run loop's call).
    mutating func removeNext(notAfter end: SimTime) -> ScheduledEvent<Payload>?
    /// Sets a hook called with each batch of events shortly before they come out (a calendar
    /// queue's bucket as it is loaded), so a model can prefetch their state. Queues without batches
    /// ignore it (the default).
    mutating func setLoadHook(_ hook: @escaping LoadHook<Payload>)
}

extension EventQueue {
    /// Default: no batches, no hook.
    public mutating func setLoadHook(_ hook: @escaping LoadHook<Payload>) {}

    /// Default: peek, then remove.
    @inlinable
    public mutating func removeNext(notAfter end: SimTime) -> ScheduledEvent<Payload>? {
        guard let key = peekKey(), key.time <= end else { return nil }
        return removeNext()
    }
}
