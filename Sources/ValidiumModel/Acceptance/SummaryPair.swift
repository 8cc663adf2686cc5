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
    /// than t (docs/model.md §4): every state stamped ≤ t is final. −1 when none is.
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
