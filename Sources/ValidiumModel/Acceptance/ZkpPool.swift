import SimCore

/// The ZKPs alive in the model — being proven, in flight, or the latest one of a child held by its
/// parent — each with the acceptance summary of its subtree (MODEL.md §4).
///
/// A summary is a sorted list of (stamp, count) pairs: how many nodes of the subtree have their
/// latest update stamped with that L1 block. Records live in flat arrays with a free list, so the
/// event loop allocates nothing once warm. With exact summaries the per-record capacity grows
/// (re-laying out the arena) whenever a subtree spans more distinct stamps than fit.
struct ZkpPool {
    /// Pairs per record.
    var capacity: Int
    /// Pair `i` of record `r` is `pairs[r * capacity + i]`: stamp in the high word, count in the low.
    var pairs: [UInt64] = []
    /// Number of pairs used by each record.
    private(set) var length: [Int32] = []
    /// State stamp of the ZKP.
    var stamp: [Int32] = []
    /// Arrival time at the receiver (before its check).
    var arrival: [SimTime] = []
    /// Transactions newly covered by this ZKP (own and from children since the previous one).
    var txCount: [Int64] = []
    /// Tracked items carried (a list in `ItemStore`).
    var itemsHead: [Int32] = []
    var itemsTail: [Int32] = []
    private var free: [Int32] = []
    /// Records in use.
    private(set) var live = 0
    /// Largest number of pairs in one summary so far.
    private(set) var maxPairs: Int32 = 0
    /// nil: exact summaries; n: keep the newest n blocks (see `merge`).
    let windowBlocks: Int?
    /// Merges that folded stamps older than the window.
    var truncations: Int64 = 0
    /// Scratch of `merge`: counts by stamp, and the merged pairs.
    var dense: [Int64] = []
    var output: [UInt64] = []

    init(initialCapacity: Int = 16, reserve: Int, windowBlocks: Int?) {
        self.windowBlocks = windowBlocks
        capacity = initialCapacity
        pairs.reserveCapacity(reserve * capacity)
        length.reserveCapacity(reserve)
    }

    /// A fresh record with an empty summary.
    mutating func allocate() -> Int32 {
        live += 1
        if let r = free.popLast() {
            length[Int(r)] = 0; txCount[Int(r)] = 0; itemsHead[Int(r)] = -1; itemsTail[Int(r)] = -1
            return r
        }
        let r = Int32(length.count)
        pairs.append(contentsOf: repeatElement(0, count: capacity))
        length.append(0); stamp.append(0); arrival.append(0); txCount.append(0)
        itemsHead.append(-1); itemsTail.append(-1)
        return r
    }

    /// Returns a record to the free list.
    mutating func release(_ r: Int32) {
        live -= 1
        free.append(r)
    }

    /// Sets the summary of `r` to `count` pairs from `source` (sorted by stamp).
    mutating func setSummary(_ r: Int32, from source: UnsafeBufferPointer<UInt64>, count: Int) {
        if count > capacity { grow(to: count) }
        let base = Int(r) * capacity
        pairs.withUnsafeMutableBufferPointer { p in
            for i in 0..<count { p[base + i] = source[i] }
        }
        length[Int(r)] = Int32(count)
        if Int32(count) > maxPairs { maxPairs = Int32(count) }
    }

    /// Re-lays out every record with room for at least `needed` pairs.
    private mutating func grow(to needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        var newPairs = [UInt64](repeating: 0, count: length.count * newCapacity)
        for r in 0..<length.count {
            for i in 0..<Int(length[r]) { newPairs[r * newCapacity + i] = pairs[r * capacity + i] }
        }
        pairs = newPairs
        capacity = newCapacity
    }

    /// Calls `body` with the sorted pairs of record `r`.
    @inline(__always)
    func withSummary<T>(_ r: Int32, _ body: (UnsafeBufferPointer<UInt64>) -> T) -> T {
        let base = Int(r) * capacity
        let n = Int(length[Int(r)])
        return pairs.withUnsafeBufferPointer { p in body(UnsafeBufferPointer(rebasing: p[base..<base + n])) }
    }
}

/// Packing and queries of (stamp, count) pairs.
enum SummaryPair {
    /// The stamp of the bucket of updates older than a summary's window: below every real state
    /// (stamps start at 0), so it never counts as accepting.
    static let olderThanWindow: Int32 = -1

    @inline(__always) static func make(stamp: Int32, count: Int64) -> UInt64 {
        UInt64(UInt32(bitPattern: stamp)) << 32 | UInt64(UInt32(truncatingIfNeeded: count))
    }
    @inline(__always) static func stamp(_ p: UInt64) -> Int32 { Int32(bitPattern: UInt32(p >> 32)) }
    @inline(__always) static func count(_ p: UInt64) -> Int64 { Int64(p & 0xFFFF_FFFF) }

    /// The newest stamp t such that strictly more than `threshold × size` nodes are stamped later
    /// than t (MODEL.md §4): every state stamped ≤ t is final. −1 when none is.
    static func finalStamp(_ pairs: UnsafeBufferPointer<UInt64>, size: Int32, threshold: Double) -> Int32 {
        let needed = threshold * Double(size)
        var accepted: Int64 = 0
        var i = pairs.count - 1
        while i >= 0 {
            accepted += count(pairs[i])
            if Double(accepted) > needed { return stamp(pairs[i]) - 1 }
            i -= 1
        }
        return -1
    }

    /// a(t): nodes stamped strictly later than t.
    static func accepted(_ pairs: UnsafeBufferPointer<UInt64>, after t: Int32) -> Int64 {
        var total: Int64 = 0
        var i = pairs.count - 1
        while i >= 0, stamp(pairs[i]) > t {
            total += count(pairs[i]); i -= 1
        }
        return total
    }
}
