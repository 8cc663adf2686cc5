/// A merge for the fork-aware L1 (docs/model.md §8): a child's summary whose chosen L1 block conflicts
/// with the fork the merging node follows is counted only up to the two forks' common ancestor
/// (its stamps are clamped to that height), so its nodes never count as accepting a block they
/// did not see. Not on the hot path: used only while the chain has more than one fork.
extension ZkpPool {
    /// Sets the summary of `target` to the merge of `records`, record k's stamps clamped to at
    /// most `clamps[k]`, plus one node stamped `ownStamp`. With `lifts`, record k's `lifts[k]`
    /// newest (clamped) nodes are counted at `liftTo` instead (colluders signing every fork).
    func mergeClamped(into target: Int32, records: [Int32], clamps: [Int32], ownStamp: Int32,
                               lifts: [Int64] = [], liftTo: Int32 = 0) {
        var entries: [(stamp: Int32, count: Int64)] = [(ownStamp, 1)]
        for (k, r) in records.enumerated() {
            let c = clamps[k]
            var lift = k < lifts.count ? lifts[k] : 0
            withSummary(r) { pairs in
                for p in pairs.reversed() {
                    var count = SummaryPair.count(p)
                    let moved = min(lift, count)
                    lift -= moved; count -= moved
                    if moved > 0 { entries.append((liftTo, moved)) }
                    if count > 0 { entries.append((min(SummaryPair.stamp(p), c), count)) }
                }
            }
        }
        entries.sort { $0.stamp < $1.stamp }
        var out: [UInt64] = []
        out.reserveCapacity(entries.count)
        var i = 0
        while i < entries.count {
            let s = entries[i].stamp
            var total: Int64 = 0
            while i < entries.count && entries[i].stamp == s { total += entries[i].count; i += 1 }
            out.append(SummaryPair.make(stamp: s, count: total))
        }
        out.withUnsafeBufferPointer { setSummary(target, from: $0, count: out.count) }
    }
}
