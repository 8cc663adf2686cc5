/// The reference event queue: a sorted array, obviously correct and slow (O(n) insert).
///
/// Used to check the fast queues in the conformance suite and in determinism tests.
public struct SortedArrayQueue<Payload: Sendable>: EventQueue {
    // Kept sorted descending, so the next event is at the end and `removeLast` is O(1).
    @usableFromInline var storage: [ScheduledEvent<Payload>] = []

    @inlinable public init() {}

    @inlinable public var count: Int { storage.count }
    @inlinable public var isEmpty: Bool { storage.isEmpty }
    @inlinable public mutating func reserveCapacity(_ capacity: Int) { storage.reserveCapacity(capacity) }
    @inlinable public func peekKey() -> EventKey? { storage.last?.key }

    @inlinable
    public mutating func insert(_ event: ScheduledEvent<Payload>) {
        // First index whose key is smaller than the new key (descending order).
        var lo = 0, hi = storage.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if storage[mid].key < event.key { hi = mid } else { lo = mid + 1 }
        }
        storage.insert(event, at: lo)
    }

    @inlinable
    public mutating func removeNext() -> ScheduledEvent<Payload>? { storage.popLast() }
}
