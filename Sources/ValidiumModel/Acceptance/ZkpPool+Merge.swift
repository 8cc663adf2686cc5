/// Builds a parent's acceptance summary from its children's latest summaries plus its own stamp
/// (docs/model.md §4: `a = a1 + a2 + … + [v updated after t]`, `b = b1 + b2 + … + 1`).
///
/// Counts by stamp in a dense scratch array over the stamps' range, then compacts. With a window
/// of W blocks, stamps older than `newest − W` are folded into one pair stamped −1, below every
/// real state, so they count as not accepting for any state (docs/model.md §3.1 rule 10).
/// A method of the pool, so that merging reads the children's records in place.
extension ZkpPool {
    /// Sets the summary of record `target` to the merge of `records` (children) and one node
    /// stamped `ownStamp`.
    func merge(into target: Int32, records: UnsafeBufferPointer<Int32>, ownStamp: Int32) {
        merge(into: target, ownStamp: ownStamp, count: records.count) { records[$0] }
    }

    /// The same, with the `count` children's records read through `record` (no scratch array: the
    /// event loop's caller reads them straight from its per-node arrays).
    @inline(__always)
    func merge(into target: Int32, ownStamp: Int32, count childCount: Int, record: (Int) -> Int32) {
        var lo = ownStamp, hi = ownStamp
        for j in 0..<childCount {
            let p = summary(record(j))
            if p.count > 0 {
                lo = min(lo, SummaryPair.stamp(p[0]))
                hi = max(hi, SummaryPair.stamp(p[p.count - 1]))
            }
        }
        // Stamps below the window's floor are counted apart and never spread over the dense array.
        let floor: Int32 = windowBlocks.map { hi - Int32(clamping: $0) } ?? Int32.min
        lo = max(lo, floor)
        let range = Int(hi) - Int(lo) + 1
        // The scratch arrays are moved out of the pool while in use, so nothing is retained (an
        // atomic retain here waited on the cache misses of the round's stores).
        var d: [Int64] = [], out: [UInt64] = []
        swap(&d, &dense)
        swap(&out, &output)
        if d.count < range { d = [Int64](repeating: 0, count: max(range, d.count * 2)) }
        if out.count < range + 1 { out = [UInt64](repeating: 0, count: max(range + 1, out.count * 2)) }
        var count = 0
        var older: Int64 = 0
        d.withUnsafeMutableBufferPointer { d in
            out.withUnsafeMutableBufferPointer { out in
                if ownStamp < lo { older += 1 } else { d[Int(ownStamp - lo)] += 1 }
                for j in 0..<childCount {
                    for pair in summary(record(j)) {
                        let s = SummaryPair.stamp(pair)
                        if s < lo { older += SummaryPair.count(pair) } else { d[Int(s - lo)] += SummaryPair.count(pair) }
                    }
                }
                if older > 0 {
                    out[0] = SummaryPair.make(stamp: SummaryPair.olderThanWindow, count: older); count = 1
                }
                for i in 0..<range {
                    let c = d[i]
                    if c == 0 { continue }
                    d[i] = 0
                    out[count] = SummaryPair.make(stamp: lo + Int32(i), count: c); count += 1
                }
            }
        }
        if older > 0 { truncations += 1 }
        out.withUnsafeBufferPointer { setSummary(target, from: $0, count: count) }
        swap(&d, &dense)
        swap(&out, &output)
    }
}
