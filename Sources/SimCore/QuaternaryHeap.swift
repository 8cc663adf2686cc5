/// The default event queue: an implicit 4-ary min-heap in one contiguous array.
///
/// A 4-ary heap halves the depth of a binary heap and keeps a node's children in one or two cache
/// lines; `removeNext` moves the hole down to a leaf and sifts the last element up (Floyd's trick),
/// which saves comparisons when most inserted keys are late (the usual case in a simulation).
public struct QuaternaryHeap<Payload: Sendable>: EventQueue {
    @usableFromInline var storage: [ScheduledEvent<Payload>] = []

    @inlinable public init() {}

    @inlinable public var count: Int { storage.count }
    @inlinable public var isEmpty: Bool { storage.isEmpty }

    @inlinable public mutating func reserveCapacity(_ capacity: Int) { storage.reserveCapacity(capacity) }

    @inlinable public func peekKey() -> EventKey? { storage.first?.key }

    @inlinable
    public mutating func insert(_ event: ScheduledEvent<Payload>) {
        storage.append(event)
        storage.withUnsafeMutableBufferPointer { buf in
            var i = buf.count - 1
            let key = event.key
            while i > 0 {
                let parent = (i - 1) >> 2
                if key < buf[parent].key {
                    buf[i] = buf[parent]
                    i = parent
                } else { break }
            }
            buf[i] = event
        }
    }

    @inlinable
    public mutating func removeNext() -> ScheduledEvent<Payload>? {
        guard let last = storage.popLast() else { return nil }
        if storage.isEmpty { return last }
        return storage.withUnsafeMutableBufferPointer { buf -> ScheduledEvent<Payload> in
            let top = buf[0]
            let n = buf.count
            // Move the hole at the root down along the smallest children to a leaf.
            var hole = 0
            while true {
                let first = 4 * hole + 1
                if first >= n { break }
                var best = first
                let end = Swift.min(first + 4, n)
                var j = first + 1
                while j < end {
                    if buf[j].key < buf[best].key { best = j }
                    j += 1
                }
                buf[hole] = buf[best]
                hole = best
            }
            // Sift `last` up from the hole.
            let key = last.key
            while hole > 0 {
                let parent = (hole - 1) >> 2
                if key < buf[parent].key {
                    buf[hole] = buf[parent]
                    hole = parent
                } else { break }
            }
            buf[hole] = last
            return top
        }
    }
}
