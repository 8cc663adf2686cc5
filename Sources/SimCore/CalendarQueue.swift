/// An event queue whose cost does not grow with the number of pending events: a calendar of
/// time buckets (a timing wheel) in front of a small heap.
///
/// Time is cut into buckets of `2^shift` µs. Events in the next `bucketCount − 1` buckets are
/// appended, unsorted, to their bucket; later ones wait in an overflow heap. When the current
/// bucket is used up, the next non-empty one is loaded: its array is taken whole and sorted, and
/// events scheduled into the current bucket after that go to a small 4-ary heap; the next event is
/// the smaller of the two heads (a sorted bucket pops without the heap's unpredictable branches).
/// Both order by the full key, and buckets partition time, so events come out in exactly the
/// order of any other queue: the same digest. A
/// simulation whose events fall within a bounded horizon (rounds, delays) keeps its heap small
/// and cache-resident however many validiums it has.
public struct CalendarQueue<Payload: Sendable>: EventQueue {
    @usableFromInline var current = QuaternaryHeap<Payload>()
    /// The loaded bucket, sorted by key, and the index of its next event.
    @usableFromInline var loaded: [ScheduledEvent<Payload>] = []
    @usableFromInline var next = 0
    /// Scratch of `sortLoaded`: digit counts and the scattered events.
    @usableFromInline var digitCounts: [Int32] = []
    @usableFromInline var scattered: [ScheduledEvent<Payload>] = []
    @usableFromInline var ring: [[ScheduledEvent<Payload>]]
    @usableFromInline var overflow = QuaternaryHeap<Payload>()
    /// Absolute number of the current bucket.
    @usableFromInline var bucket: Int64 = 0
    @usableFromInline var inRing = 0
    @usableFromInline var shift: Int64
    @usableFromInline var mask: Int64
    /// Called with a bucket's events as the bucket is loaded (prefetching; never reorders).
    @usableFromInline var loadHook: LoadHook<Payload>?

    /// A calendar of `bucketCount` (a power of two) buckets of `2^shift` µs each.
    @inlinable
    public init(shift: Int, bucketCount: Int) {
        precondition(bucketCount > 1 && bucketCount & (bucketCount - 1) == 0, "bucketCount must be a power of two")
        self.shift = Int64(shift)
        self.mask = Int64(bucketCount - 1)
        ring = [[ScheduledEvent<Payload>]](repeating: [], count: bucketCount)
    }

    /// Buckets of 2^15 µs (≈33 ms), 1,024 of them: a horizon of ≈33 s.
    @inlinable public init() { self.init(shift: 15, bucketCount: 1024) }

    @inlinable public var count: Int { current.count + (loaded.count - next) + inRing + overflow.count }

    /// True when the current bucket has no event left (sorted part and heap).
    @inlinable var currentIsEmpty: Bool { current.isEmpty && next == loaded.count }

    /// The smallest key of the current bucket.
    @inlinable func currentPeekKey() -> EventKey? {
        let heapKey = current.peekKey()
        guard next < loaded.count else { return heapKey }
        let k = loaded[next].key
        if let h = heapKey, h < k { return h }
        return k
    }

    /// Removes the next event of the current bucket.
    @inlinable mutating func currentRemoveNext() -> ScheduledEvent<Payload>? {
        guard next < loaded.count else { return current.removeNext() }
        if let h = current.peekKey(), h < loaded[next].key { return current.removeNext() }
        next += 1
        return loaded[next - 1]
    }
    @inlinable public var isEmpty: Bool { count == 0 }
    /// Reserves room for `capacity` pending events. On a queue not yet used, a large `capacity` also
    /// narrows the buckets, keeping the horizon (`bucketCount << shift`), until a bucket holds about
    /// `eventsPerBucket` of them if they spread over the horizon: the heap of the current bucket then
    /// stays small and cache-resident at any N (797,161 validiums: 16,384 buckets of 2 ms). Buckets
    /// only partition time, so the order of events, and every digest, is unchanged.
    @inlinable public mutating func reserveCapacity(_ capacity: Int) {
        if count == 0 && bucket == 0 {
            var buckets = Int(mask) + 1, s = shift
            while capacity / buckets > CalendarQueue.eventsPerBucket && s > 6 && buckets < CalendarQueue.maxBuckets {
                buckets *= 2; s -= 1
            }
            if buckets != Int(mask) + 1 {
                shift = s
                mask = Int64(buckets - 1)
                ring = [[ScheduledEvent<Payload>]](repeating: [], count: buckets)
            }
        }
        current.reserveCapacity(min(capacity, 1 << 16))
    }

    /// Sorts the loaded bucket by key: a counting sort on the top bits of the time within the
    /// bucket (about one event per digit), then an insertion sort on the full key, which only
    /// reorders events of the same digit. Every event of a loaded bucket lies within it; the
    /// insertion sort alone would still sort correctly if one did not (digits are clamped).
    @inlinable
    mutating func sortLoaded() {
        let n = loaded.count
        if n >= 32 {
            var bits = 4
            while (1 << bits) < n && bits < 12 { bits += 1 }
            bits = Swift.min(bits, Int(shift))
            let drop = Int64(Int(shift) - bits)
            let digits = 1 << bits
            let start = bucket << shift
            if digitCounts.count < digits + 1 { digitCounts = [Int32](repeating: 0, count: digits + 1) }
            scattered.removeAll(keepingCapacity: true)
            scattered.append(contentsOf: loaded)   // n slots to scatter into (no allocation once warm)
            digitCounts.withUnsafeMutableBufferPointer { count in
                loaded.withUnsafeBufferPointer { src in
                    scattered.withUnsafeMutableBufferPointer { dst in
                        for d in 0...digits { count[d] = 0 }
                        @inline(__always) func digit(_ t: SimTime) -> Int {
                            Int(Swift.min(Swift.max((t - start) >> drop, 0), Int64(digits - 1)))
                        }
                        for e in src { count[digit(e.key.time) + 1] += 1 }
                        for d in 0..<digits { count[d + 1] += count[d] }
                        for e in src {
                            let d = digit(e.key.time)
                            dst[Int(count[d])] = e
                            count[d] += 1
                        }
                    }
                }
            }
            swap(&loaded, &scattered)   // `loaded` in digit order
        }
        loaded.withUnsafeMutableBufferPointer { a in
            for i in 1..<Swift.max(a.count, 1) {
                let e = a[i]
                var j = i
                while j > 0 && e.key < a[j - 1].key {
                    a[j] = a[j - 1]
                    j -= 1
                }
                a[j] = e
            }
        }
    }

    /// Sets the hook that sees each bucket as it is loaded into the heap.
    public mutating func setLoadHook(_ hook: @escaping LoadHook<Payload>) { loadHook = hook }

    /// Target of `reserveCapacity`'s bucket narrowing, and its limit on the number of buckets.
    public static var eventsPerBucket: Int { 256 }
    public static var maxBuckets: Int { 1 << 16 }

    @inlinable
    public mutating func insert(_ event: ScheduledEvent<Payload>) {
        let b = event.key.time >> shift
        if b <= bucket {
            current.insert(event)
        } else if b - bucket <= mask {
            ring[Int(b & mask)].append(event)
            inRing += 1
        } else {
            overflow.insert(event)
        }
    }

    /// (When the current bucket is empty this works on a copy: the run loop uses
    /// `removeNext(notAfter:)`, which refills in place.)
    @inlinable
    public func peekKey() -> EventKey? {
        if let k = currentPeekKey() { return k }
        var copy = self
        copy.refill()
        return copy.currentPeekKey()
    }

    @inlinable
    public mutating func removeNext() -> ScheduledEvent<Payload>? {
        if currentIsEmpty { refill() }
        return currentRemoveNext()
    }

    @inlinable
    public mutating func removeNext(notAfter end: SimTime) -> ScheduledEvent<Payload>? {
        if currentIsEmpty { refill() }
        guard let key = currentPeekKey(), key.time <= end else { return nil }
        return currentRemoveNext()
    }

    /// Advances to the next non-empty bucket and loads it into the heap.
    @inlinable
    mutating func refill() {
        while currentIsEmpty && (inRing > 0 || !overflow.isEmpty) {
            if inRing == 0, let k = overflow.peekKey() {
                bucket = max(bucket, (k.time >> shift) - 1)   // jump over empty buckets
            }
            bucket += 1
            // Overflow events that entered the horizon move to their bucket (or the heap).
            while let k = overflow.peekKey(), (k.time >> shift) - bucket <= mask {
                let e = overflow.removeNext()!
                if (e.key.time >> shift) <= bucket { current.insert(e) } else {
                    ring[Int((e.key.time >> shift) & mask)].append(e)
                    inRing += 1
                }
            }
            let slot = Int(bucket & mask)
            if !ring[slot].isEmpty {
                inRing -= ring[slot].count
                if let hook = loadHook { ring[slot].withUnsafeBufferPointer(hook) }
                // The used-up sorted array (its capacity kept) becomes the bucket's new array.
                swap(&loaded, &ring[slot])
                ring[slot].removeAll(keepingCapacity: true)
                sortLoaded()
                next = 0
            }
        }
    }
}
