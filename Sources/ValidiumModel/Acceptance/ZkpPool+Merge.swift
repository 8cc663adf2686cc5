/// Builds a parent's acceptance summary from its children's latest summaries plus its own stamp
/// (MODEL.md §4: `a = a1 + a2 + … + [v updated after t]`, `b = b1 + b2 + … + 1`).
///
/// Counts by stamp in a dense scratch array over the stamps' range, then compacts. With a window
/// of W blocks, stamps older than `newest − W` are folded into one "older" pair just below the
/// window, so they count as not accepting for every stamp inside it (MODEL.md §3.1 rule 10).
/// A method of the pool, so that merging reads the children's records in place.
extension ZkpPool {
    /// Sets the summary of record `target` to the merge of `records` (children) and one node
    /// stamped `ownStamp`.
    mutating func merge(into target: Int32, records: UnsafeBufferPointer<Int32>, ownStamp: Int32) {
        var lo = ownStamp, hi = ownStamp
        for r in records {
            let n = Int(length[Int(r)])
            if n > 0 {
                let base = Int(r) * capacity
                lo = min(lo, SummaryPair.stamp(pairs[base]))
                hi = max(hi, SummaryPair.stamp(pairs[base + n - 1]))
            }
        }
        let range = Int(hi) - Int(lo) + 1
        if dense.count < range { dense = [Int64](repeating: 0, count: max(range, dense.count * 2)) }
        if output.count < range + 1 { output = [UInt64](repeating: 0, count: max(range + 1, output.count * 2)) }
        let cap = capacity
        let floor: Int32 = windowBlocks.map { hi - Int32(clamping: $0) } ?? Int32.min
        var count = 0
        var truncated = false
        pairs.withUnsafeBufferPointer { p in
            dense.withUnsafeMutableBufferPointer { d in
                d[Int(ownStamp - lo)] += 1
                for r in records {
                    let base = Int(r) * cap
                    for k in base..<base + Int(length[Int(r)]) {
                        d[Int(SummaryPair.stamp(p[k]) - lo)] += SummaryPair.count(p[k])
                    }
                }
                output.withUnsafeMutableBufferPointer { out in
                    var older: Int64 = 0
                    for i in 0..<range {
                        let c = d[i]
                        if c == 0 { continue }
                        d[i] = 0
                        let s = lo + Int32(i)
                        if s < floor { older += c; truncated = true; continue }
                        if older > 0 {
                            out[count] = SummaryPair.make(stamp: floor - 1, count: older); count += 1; older = 0
                        }
                        out[count] = SummaryPair.make(stamp: s, count: c); count += 1
                    }
                }
            }
        }
        if truncated { truncations += 1 }
        output.withUnsafeBufferPointer { setSummary(target, from: $0, count: count) }
    }
}
