/// The engine state: clock, queue, sequence counter, event count and trace digest.
///
/// All simulation state lives in one value owned by the model (the SimPy `Environment` idea);
/// there is nothing global. The model drives it with `schedule` and `next(until:)`.
public struct Engine<Queue: EventQueue> where Queue.Payload: DigestibleEvent {
    /// Current simulated time (µs): the time of the event being processed.
    @inlinable public var now: SimTime { _now }
    /// Events processed so far.
    @inlinable public var processed: UInt64 { _processed }
    /// Digest of every processed event (time, phase, payload).
    @inlinable public var digest: TraceDigest { _digest }
    @usableFromInline var _now: SimTime = 0
    @usableFromInline var _processed: UInt64 = 0
    @usableFromInline var _digest = TraceDigest()
    /// The pending events.
    @usableFromInline var queue: Queue
    @usableFromInline var sequence: UInt64 = 0

    /// An engine at time 0 over an empty queue.
    public init(queue: Queue = Queue()) { self.queue = queue }

    /// Number of pending events.
    @inlinable public var pending: Int { queue.count }

    /// Reserves room for pending events.
    public mutating func reserve(_ capacity: Int) { queue.reserveCapacity(capacity) }

    /// Shows the model each batch of events shortly before they come out (a calendar bucket as it
    /// is loaded), for prefetching the state they will touch. The hook must not change the model.
    public mutating func setLoadHook(_ hook: @escaping LoadHook<Queue.Payload>) { queue.setLoadHook(hook) }

    /// Schedules `payload` at absolute time `time` (never before `now`) in tie class `phase`.
    @inlinable
    public mutating func schedule(at time: SimTime, phase: UInt16, _ payload: Queue.Payload) {
        precondition(time >= now, "event scheduled in the past")
        let key = EventKey(time: time, phase: phase, sequence: sequence)
        sequence &+= 1
        queue.insert(ScheduledEvent(key: key, payload: payload))
    }

    /// Removes the next event if it is due at or before `end`, advancing the clock and digest.
    @inlinable
    public mutating func next(until end: SimTime) -> ScheduledEvent<Queue.Payload>? {
        guard let event = queue.removeNext(notAfter: end) else { return nil }
        _now = event.key.time
        _processed &+= 1
        _digest.combine(UInt64(bitPattern: event.key.time) ^ UInt64(event.key.phase) << 52)
        _digest.combine(event.payload.digestWord)
        return event
    }

    /// Moves the clock to `end` once the events up to it are processed (the end of a run).
    public mutating func advance(to end: SimTime) {
        if end > _now { _now = end }
    }
}

/// A model that owns an `Engine` and handles its events: `run(until:)` is the run loop.
public protocol Simulation: AnyObject {
    associatedtype Queue: EventQueue where Queue.Payload: DigestibleEvent
    /// The model's engine.
    var engine: Engine<Queue> { get set }
    /// Handles one event; may schedule more.
    func handle(_ event: ScheduledEvent<Queue.Payload>)
}

extension Simulation {
    /// Processes every event with time ≤ `end` in key order, then sets the clock to `end`.
    @inlinable
    public func run(until end: SimTime) {
        while let event = engine.next(until: end) { handle(event) }
        engine.advance(to: end)
    }

    /// Processes events up to `end`, at most `limit` of them; returns true when `end` was reached.
    /// Lets a caller interleave progress reports without a clock in the loop.
    @inlinable
    public func run(until end: SimTime, limit: Int) -> Bool {
        var n = 0
        while n < limit {
            guard let event = engine.next(until: end) else {
                engine.advance(to: end)
                return true
            }
            handle(event)
            n += 1
        }
        return false
    }
}
