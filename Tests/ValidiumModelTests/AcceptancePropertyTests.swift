import Testing
import SimCore
@testable import ValidiumModel

/// The acceptance recursion against a brute-force count (issue 10, item 4): on random subtrees,
/// merging the children's summaries and the node's own stamp gives exactly the histogram of the
/// stamps of every node below, and the finality boundary is the brute-force one.
@Suite struct AcceptancePropertyTests {
    struct Rng { var s: UInt64; mutating func next(_ n: Int) -> Int { s = s &* 6364136223846793005 &+ 1442695040888963407; return Int((s >> 33) % UInt64(n)) } }

    @Test func mergeEqualsBruteForceOnRandomSubtrees() {
        var rng = Rng(s: 42)
        for trial in 0..<300 {
            let pool = ZkpPool(initialCapacity: 2, reserve: 16, windowBlocks: nil)
            let children = rng.next(5)
            var allStamps: [Int32] = []
            var records: [Int32] = []
            for _ in 0..<children {
                // A child subtree: the latest stamps of its nodes, in a small range.
                let size = 1 + rng.next(30)
                let stamps = (0..<size).map { _ in Int32(10 + rng.next(12)) }
                allStamps += stamps
                var counts: [Int32: Int64] = [:]
                for s in stamps { counts[s, default: 0] += 1 }
                let pairs = counts.keys.sorted().map { SummaryPair.make(stamp: $0, count: counts[$0]!) }
                let r = pool.allocate()
                pairs.withUnsafeBufferPointer { pool.setSummary(r, from: $0, count: pairs.count) }
                records.append(r)
            }
            let own = Int32(15 + rng.next(10))
            allStamps.append(own)
            let out = pool.allocate()
            records.withUnsafeBufferPointer { pool.merge(into: out, records: $0, ownStamp: own) }
            let b = Int32(allStamps.count)
            for t in Int32(5)...Int32(30) {
                let brute = Int64(allStamps.filter { $0 > t }.count)
                #expect(pool.withSummary(out) { SummaryPair.accepted($0, after: t) } == brute, "trial \(trial), t \(t)")
            }
            for theta in [0.0, 0.5, 2.0 / 3.0, 0.9] {
                // Brute force: the newest t with strictly more than θ·b nodes stamped later than t.
                var expected: Int32 = -1
                for t in stride(from: Int32(40), through: Int32(-1), by: -1)
                where Double(allStamps.filter { $0 > t }.count) > theta * Double(b) { expected = t; break }
                #expect(pool.withSummary(out) { SummaryPair.finalStamp($0, size: b, threshold: theta) } == expected,
                        "trial \(trial), θ \(theta)")
            }
        }
    }
}
