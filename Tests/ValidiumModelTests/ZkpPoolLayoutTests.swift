import Testing
import SimCore
@testable import ValidiumModel

/// The ZKP pool's 64-byte records (issue 15, item 7): a `ZkpRecord` followed by `inlinePairs`
/// 8-byte pairs in one line. A field added to `ZkpRecord` moves the pairs, and past 64 bytes the
/// last pair would overwrite the next record's metadata: these tests (and the pool's precondition)
/// fail instead.
@Suite struct ZkpPoolLayoutTests {
    typealias Layout = MemoryLayout<ZkpRecord>

    @Test func recordAndInlinePairsFitInOneLine() {
        #expect(ZkpPool.lineBytes == 64)
        #expect(ZkpPool.inlinePairs == 3)
        #expect(ZkpPool.pairsOffset == Layout.stride)
        #expect(ZkpPool.pairsOffset % MemoryLayout<UInt64>.alignment == 0, "inline pairs must be 8-byte aligned")
        #expect(ZkpPool.pairsOffset + ZkpPool.inlinePairs * MemoryLayout<UInt64>.stride <= ZkpPool.lineBytes,
                "ZkpRecord is \(Layout.stride) bytes: \(ZkpPool.inlinePairs) pairs no longer fit in the line")
        #expect(ZkpPool.layoutFits)
    }

    /// The layout as it is today: 37 bytes of fields, stride 40, then 3 pairs = 64 bytes. Adding,
    /// removing or reordering a field fails here: check the line still holds `inlinePairs` pairs
    /// (or lower `inlinePairs`), then update this table.
    @Test func layoutIsPinned() {
        #expect(Layout.size == 37)
        #expect(Layout.stride == 40)
        #expect(Layout.alignment == 8)
        let offsets: [(String, Int?, Int)] = [
            ("arrival", Layout.offset(of: \.arrival), 0),
            ("txCount", Layout.offset(of: \.txCount), 8),
            ("stamp", Layout.offset(of: \.stamp), 16),
            ("length", Layout.offset(of: \.length), 20),
            ("itemsHead", Layout.offset(of: \.itemsHead), 24),
            ("itemsTail", Layout.offset(of: \.itemsTail), 28),
            ("spill", Layout.offset(of: \.spill), 32),
            ("forged", Layout.offset(of: \.forged), 36),
        ]
        for (name, offset, expected) in offsets { #expect(offset == expected, "ZkpRecord.\(name)") }
        let fields = Mirror(reflecting: ZkpRecord()).children.compactMap(\.label)
        #expect(fields == offsets.map(\.0), "ZkpRecord gained or lost a field: check the 64-byte line, then this table")
    }

    /// Every field ends before the inline pairs start.
    @Test func everyFieldEndsBeforeThePairs() {
        let r = ZkpRecord()
        let ends = [
            Layout.offset(of: \.arrival)! + MemoryLayout.size(ofValue: r.arrival),
            Layout.offset(of: \.txCount)! + MemoryLayout.size(ofValue: r.txCount),
            Layout.offset(of: \.stamp)! + MemoryLayout.size(ofValue: r.stamp),
            Layout.offset(of: \.length)! + MemoryLayout.size(ofValue: r.length),
            Layout.offset(of: \.itemsHead)! + MemoryLayout.size(ofValue: r.itemsHead),
            Layout.offset(of: \.itemsTail)! + MemoryLayout.size(ofValue: r.itemsTail),
            Layout.offset(of: \.spill)! + MemoryLayout.size(ofValue: r.spill),
            Layout.offset(of: \.forged)! + MemoryLayout.size(ofValue: r.forged),
        ]
        #expect(ends.allSatisfy { $0 <= ZkpPool.pairsOffset })
    }

    /// A full inline summary in one record leaves its neighbours' metadata and pairs intact.
    @Test func fullInlineSummaryDoesNotTouchTheNextRecord() {
        let pool = ZkpPool(initialCapacity: 4, reserve: 4, windowBlocks: nil)
        let a = pool.allocate(), b = pool.allocate(), c = pool.allocate()
        let sentinel = ZkpRecord(arrival: .max, txCount: -2, stamp: 7, length: 0, itemsHead: 11, itemsTail: 12,
                                 spill: -1, forged: true)
        pool[a] = sentinel
        pool[c] = sentinel
        let mine: [UInt64] = [0x0101_0101_0101_0101, 0x0202_0202_0202_0202, 0x0303_0303_0303_0303]
        let theirs: [UInt64] = [0xAAAA_AAAA_AAAA_AAAA, 0xBBBB_BBBB_BBBB_BBBB]
        theirs.withUnsafeBufferPointer { pool.setSummary(a, from: $0, count: 2) }
        theirs.withUnsafeBufferPointer { pool.setSummary(c, from: $0, count: 2) }
        pool[b].arrival = 5
        pool[b].forged = true
        mine.withUnsafeBufferPointer { pool.setSummary(b, from: $0, count: ZkpPool.inlinePairs) }
        #expect(pool[b].spill == -1, "three pairs are stored inline")
        #expect(Array(pool.summary(b)) == mine)
        #expect(pool[b].arrival == 5 && pool[b].forged)
        for r in [a, c] {
            #expect(pool[r].arrival == .max && pool[r].txCount == -2 && pool[r].stamp == 7 && pool[r].length == 2)
            #expect(pool[r].itemsHead == 11 && pool[r].itemsTail == 12 && pool[r].spill == -1 && pool[r].forged)
            #expect(Array(pool.summary(r)) == theirs)
        }
    }
}
