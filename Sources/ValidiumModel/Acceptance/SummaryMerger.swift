/// Builds a parent's acceptance summary from its children's latest summaries plus its own stamp
/// (MODEL.md §4: `a = a1 + a2 + … + [v updated after t]`, `b = b1 + b2 + … + 1`).
///
/// Counts by stamp in a dense scratch array over the stamps' range, then compacts. With a window
/// of W blocks, stamps older than `newest − W` are folded into one "older" pair just below the
/// window, so they count as not accepting for every stamp inside it (MODEL.md §3.1 rule 10).
struct SummaryMerger {
    private var dense: [Int64] = []
    private(set) var output: [UInt64] = []
    private(set) var outputCount = 0
    let windowBlocks: Int?
    /// Summaries that had stamps folded by the window.
    private(set) var truncations: Int64 = 0

    init(windowBlocks: Int?) {
        self.windowBlocks = windowBlocks
        output = [UInt64](repeating: 0, count: 64)
    }

    /// Merges the summaries of `records` (children) and one node stamped `ownStamp` into `output`.
    mutating func merge(pool: ZkpPool, records: UnsafeBufferPointer<Int32>, ownStamp: Int32) {
        var lo = ownStamp, hi = ownStamp
        for r in records {
            pool.withSummary(r) { s in
                if let f = s.first { lo = min(lo, SummaryPair.stamp(f)) }
                if let l = s.last { hi = max(hi, SummaryPair.stamp(l)) }
            }
        }
        let range = Int(hi) - Int(lo) + 1
        if dense.count < range { dense = [Int64](repeating: 0, count: max(range, dense.count * 2)) }
        dense.withUnsafeMutableBufferPointer { d in
            d[Int(ownStamp - lo)] += 1
            for r in records {
                pool.withSummary(r) { s in
                    for p in s { d[Int(SummaryPair.stamp(p) - lo)] += SummaryPair.count(p) }
                }
            }
        }
        compact(lo: lo, range: range, newest: hi)
    }

    private mutating func compact(lo: Int32, range: Int, newest: Int32) {
        if output.count < range + 1 { output = [UInt64](repeating: 0, count: max(range + 1, output.count * 2)) }
        var n = 0
        var older: Int64 = 0
        let floor: Int32 = windowBlocks.map { newest - Int32(clamping: $0) } ?? Int32.min
        output.withUnsafeMutableBufferPointer { out in
            dense.withUnsafeMutableBufferPointer { d in
                for i in 0..<range {
                    let c = d[i]
                    if c == 0 { continue }
                    d[i] = 0
                    let s = lo + Int32(i)
                    if s < floor { older += c; continue }
                    if older > 0 {
                        out[n] = SummaryPair.make(stamp: floor - 1, count: older); n += 1; older = 0
                    }
                    out[n] = SummaryPair.make(stamp: s, count: c); n += 1
                }
            }
        }
        if lo < floor && windowBlocks != nil { truncations += 1 }
        outputCount = n
    }

    /// Calls `body` with the merged pairs.
    func withOutput<T>(_ body: (UnsafeBufferPointer<UInt64>) -> T) -> T {
        output.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<outputCount])) }
    }
}
