import CPrefetch

/// Asks the CPU to bring the cache line holding `pointer` into the caches without waiting for it:
/// a hint that never faults and changes no state, so results cannot depend on it. Models call it
/// from an event queue's load hook (`Engine.setLoadHook`) for the state the next events touch.
@inlinable @inline(__always)
public func prefetchLine(_ pointer: UnsafeRawPointer) { fractalsim_prefetch(pointer) }

/// Events of the queue's next time slice, shown to the model just before they are ordered for
/// processing (see `Engine.setLoadHook`).
public typealias LoadHook<Payload> = (UnsafeBufferPointer<ScheduledEvent<Payload>>) -> Void
