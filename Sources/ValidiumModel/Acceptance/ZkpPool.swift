import SimCore

/// The metadata of one ZKP record, at the start of its 64-byte line in the pool.
struct ZkpRecord {
    /// Arrival time at the receiver (before its check).
    var arrival: SimTime = 0
    /// Transactions newly covered by this ZKP (own and from children since the previous one).
    var txCount: Int64 = 0
    /// State stamp of the ZKP.
    var stamp: Int32 = 0
    /// Number of pairs in its summary.
    var length: Int32 = 0
    /// Tracked items carried (a list in `ItemStore`).
    var itemsHead: Int32 = -1
    var itemsTail: Int32 = -1
    /// Slot of its pairs in the spill area when they do not fit in the line (−1: inline).
    var spill: Int32 = -1
    /// Mock proof core (docs/model.md §9): the ZKP's validity flag, set by its prover (true: forged).
    var forged = false
}

/// The ZKPs alive in the model — being proven, in flight, or the latest one of a child held by its
/// parent — each with the acceptance summary of its subtree (docs/model.md §4).
///
/// A summary is a sorted list of (stamp, count) pairs: how many nodes of the subtree have their
/// latest update stamped with that L1 block. Each record is one 64-byte line, aligned: its
/// `ZkpRecord` metadata and up to three pairs (a leaf's summary has one, most have ≤ 3). Longer
/// summaries live in a spill area of fixed-size slots that grows (re-laying out the slots) when a
/// subtree spans more distinct stamps than fit. A round thus touches one line per record instead
/// of one per field. Records are recycled through a free list, so the event loop allocates nothing
/// once warm. A class: its storage is manual (aligned), never copied, freed in `deinit`.
final class ZkpPool {
    /// Pairs stored in a record's own line.
    static let inlinePairs = 3
    static let lineBytes = 64
    /// Where a record's inline pairs start in its line: right after its `ZkpRecord`.
    static let pairsOffset = MemoryLayout<ZkpRecord>.stride
    /// True when a `ZkpRecord` and `inlinePairs` aligned pairs fit in one line (checked at creation
    /// and by `ZkpPoolLayoutTests`: a field added to `ZkpRecord` must not spill into the next record).
    static var layoutFits: Bool {
        pairsOffset % MemoryLayout<UInt64>.alignment == 0
            && pairsOffset + inlinePairs * MemoryLayout<UInt64>.stride <= lineBytes
            && MemoryLayout<ZkpRecord>.alignment <= lineBytes
    }

    private var lines: UnsafeMutableRawPointer
    private var lineCapacity: Int
    /// Records ever created (live or free).
    private(set) var count = 0
    private var free: [Int32] = []
    /// Pairs per spill slot.
    private(set) var capacity: Int
    private var spillPairs: UnsafeMutablePointer<UInt64>
    private var spillSlots = 0
    private var spillCapacity = 0
    private var spillFree: [Int32] = []
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

    /// A pool with room for `reserve` records before it grows; spill slots start at
    /// `initialCapacity` pairs.
    init(initialCapacity: Int = 16, reserve: Int, windowBlocks: Int?) {
        precondition(ZkpPool.layoutFits, "ZkpRecord (\(MemoryLayout<ZkpRecord>.stride) bytes) and \(ZkpPool.inlinePairs) pairs overflow a \(ZkpPool.lineBytes)-byte line")
        self.windowBlocks = windowBlocks
        capacity = max(initialCapacity, ZkpPool.inlinePairs + 1)
        lineCapacity = max(reserve, 16)
        lines = UnsafeMutableRawPointer.allocate(byteCount: lineCapacity * ZkpPool.lineBytes, alignment: ZkpPool.lineBytes)
        spillPairs = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    }

    deinit {
        lines.deallocate()
        spillPairs.deallocate()
    }

    /// The metadata of record `r`.
    @inline(__always)
    subscript(r: Int32) -> ZkpRecord {
        unsafeAddress {
            precondition(UInt32(bitPattern: r) < UInt32(count), "ZKP record \(r) out of range")
            return UnsafePointer(record(r))
        }
        unsafeMutableAddress {
            precondition(UInt32(bitPattern: r) < UInt32(count), "ZKP record \(r) out of range")
            return record(r)
        }
    }

    @inline(__always)
    private func record(_ r: Int32) -> UnsafeMutablePointer<ZkpRecord> {
        (lines + Int(r) * ZkpPool.lineBytes).assumingMemoryBound(to: ZkpRecord.self)
    }

    /// Prefetches the line of record `r` (its metadata and inline pairs).
    @inline(__always)
    func prefetch(_ r: Int32) {
        guard UInt32(bitPattern: r) < UInt32(count) else { return }
        prefetchLine(UnsafeRawPointer(lines + Int(r) * ZkpPool.lineBytes))
    }

    /// Where the pairs of record `r` are (its line, or its spill slot).
    @inline(__always)
    private func pairs(_ r: Int32) -> UnsafeMutablePointer<UInt64> {
        let s = record(r).pointee.spill
        if s < 0 { return (lines + Int(r) * ZkpPool.lineBytes + ZkpPool.pairsOffset).assumingMemoryBound(to: UInt64.self) }
        return spillPairs + Int(s) * capacity
    }

    /// A fresh record with an empty summary.
    func allocate() -> Int32 {
        live += 1
        if let r = free.popLast() {
            record(r).initialize(to: ZkpRecord())
            return r
        }
        if count == lineCapacity {
            let bigger = UnsafeMutableRawPointer.allocate(byteCount: 2 * lineCapacity * ZkpPool.lineBytes, alignment: ZkpPool.lineBytes)
            bigger.copyMemory(from: lines, byteCount: count * ZkpPool.lineBytes)
            lines.deallocate()
            lines = bigger
            lineCapacity *= 2
        }
        let r = Int32(count)
        count += 1
        record(r).initialize(to: ZkpRecord())
        return r
    }

    /// Returns a record (and its spill slot) to the free lists.
    func release(_ r: Int32) {
        live -= 1
        dropSpill(r)
        free.append(r)
    }

    private func dropSpill(_ r: Int32) {
        let s = record(r).pointee.spill
        if s >= 0 { spillFree.append(s); record(r).pointee.spill = -1 }
    }

    /// Sets the summary of `r` to `count` pairs from `source` (sorted by stamp).
    func setSummary(_ r: Int32, from source: UnsafeBufferPointer<UInt64>, count n: Int) {
        if n <= ZkpPool.inlinePairs {
            dropSpill(r)
        } else {
            if n > capacity { grow(to: n) }
            if record(r).pointee.spill < 0 { record(r).pointee.spill = takeSpillSlot() }
        }
        let target = pairs(r)
        for i in 0..<n { target[i] = source[i] }
        record(r).pointee.length = Int32(n)
        if Int32(n) > maxPairs { maxPairs = Int32(n) }
    }

    private func takeSpillSlot() -> Int32 {
        if let s = spillFree.popLast() { return s }
        if spillSlots == spillCapacity {
            let newCapacity = max(64, 2 * spillCapacity)
            let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity * capacity)
            bigger.initialize(from: spillPairs, count: spillSlots * capacity)
            spillPairs.deallocate()
            spillPairs = bigger
            spillCapacity = newCapacity
        }
        spillSlots += 1
        return Int32(spillSlots - 1)
    }

    /// Re-lays out the spill slots with room for at least `needed` pairs each.
    private func grow(to needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, spillCapacity * newCapacity))
        for s in 0..<spillSlots {
            (bigger + s * newCapacity).initialize(from: spillPairs + s * capacity, count: capacity)
        }
        spillPairs.deallocate()
        spillPairs = bigger
        capacity = newCapacity
    }

    /// The sorted pairs of record `r` (valid until the pool next changes a summary or grows).
    @inline(__always)
    func summary(_ r: Int32) -> UnsafeBufferPointer<UInt64> {
        UnsafeBufferPointer(start: pairs(r), count: Int(self[r].length))
    }

    /// Calls `body` with the sorted pairs of record `r`.
    @inline(__always)
    func withSummary<T>(_ r: Int32, _ body: (UnsafeBufferPointer<UInt64>) -> T) -> T {
        body(summary(r))
    }
}
