@testable import Experiments
import Foundation
import Stochastic
import Testing

/// The hold workload of ../shared/peers on this engine matches the peers event for event.
@Suite struct HoldWorkloadTests {
    /// The peers' program, transcribed: double times, a sorted array as the queue, same RNG.
    static func reference(k: Int) -> (events: UInt64, checksum: UInt64, wchecksum: UInt64) {
        var n = 0, w = 1
        for _ in 0...k { n += w; w *= 3 }
        var rng = SplitMix64(seed: 42)
        // (time, seq, node, arrival): a binary heap ordered by (time, seq), as hold.cpp's `bhand`.
        var heap: [(Double, UInt64, Int, Bool)] = []
        func before(_ a: (Double, UInt64, Int, Bool), _ b: (Double, UInt64, Int, Bool)) -> Bool {
            a.0 < b.0 || (a.0 == b.0 && a.1 < b.1)
        }
        func push(_ e: (Double, UInt64, Int, Bool)) {
            heap.append(e)
            var i = heap.count - 1
            while i > 0, before(heap[i], heap[(i - 1) / 2]) { heap.swapAt(i, (i - 1) / 2); i = (i - 1) / 2 }
        }
        func pop() -> (Double, UInt64, Int, Bool) {
            let top = heap[0]
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
            var i = 0
            while true {
                var m = i
                for c in [2 * i + 1, 2 * i + 2] where c < heap.count && before(heap[c], heap[m]) { m = c }
                if m == i { break }
                heap.swapAt(i, m); i = m
            }
            return top
        }
        var seq: UInt64 = 0
        for i in 0..<n { push((rng.uniform() * 15, seq, i, false)); seq += 1 }
        var arrivals = [UInt64](repeating: 0, count: n)
        var events: UInt64 = 0
        while let first = heap.first, first.0 < 3600 {
            let e = pop()
            events += 1
            if e.3 { arrivals[e.2] += 1; continue }
            if e.2 != 0 {
                let d = 0.05 - 0.1 * Foundation.log(1.0 - rng.uniform())
                push((e.0 + d, seq, (e.2 - 1) / 3, true)); seq += 1
            }
            push((e.0 + 15, seq, e.2, false)); seq += 1
        }
        let wsum = arrivals.enumerated().reduce(UInt64(0)) { $0 + UInt64($1.offset) * $1.element }
        return (events, arrivals.reduce(0, +), wsum)
    }

    @Test(arguments: [2, 3, 4, 5])
    func checksumsMatchTheReference(k: Int) {
        let sim = HoldWorkload(k: k)
        sim.run()
        let ref = Self.reference(k: k)
        #expect(sim.engine.processed == ref.events)
        #expect(sim.checksum == ref.checksum)
        #expect(sim.weightedChecksum == ref.wchecksum)
        #expect(sim.engine.processed == sim.updateCount + sim.checksum)
    }

    /// Figures printed by `hold.cpp` (g++ -O3, any variant) for k = 4 and 5.
    @Test func checksumsMatchTheCppProgram() {
        let four = HoldWorkload(k: 4)
        four.run()
        #expect((four.nodes, four.engine.processed, four.checksum, four.weightedChecksum) == (121, 57_838, 28_798, 561_540))
        let five = HoldWorkload(k: 5)
        five.run()
        #expect((five.nodes, five.engine.processed, five.checksum, five.weightedChecksum) == (364, 174_477, 87_117, 5_226_959))
    }
}
