import Testing
import SimCore
@testable import ValidiumModel

/// The predictions of docs/model.md §10, checked end to end on small trees.
@Suite struct PredictionTests {
    /// Fastest time from the start of a round at depth d to the L1 arrival of the ZKP carrying it.
    static func fastestArrival(_ r: RunResults, depth: Int, isInternal: Bool) -> Double? {
        let leafDepth = r.nodes.map(\.depth).max() ?? 0
        let values = r.items.filter {
            $0.kind == .update && Int($0.depth) == depth && $0.l1Arrival >= 0
                && (isInternal ? Int32(depth) < leafDepth : Int32(depth) == leafDepth)
        }.map { Time.seconds($0.l1Arrival - $0.created) }
        return values.min()
    }

    @Test("paper estimate: an internal update at depth d reaches the L1 after (w+1)·C·d")
    func paperEstimateInternalNodes() {
        let w = 3, c = 1.0
        let r = Fixture.run(Fixture.paper(width: w, depth: 7, duration: 3 * Time.minute))
        for d in 1...6 {
            let predicted = Double(w + 1) * c * Double(d)
            let measured = Self.fastestArrival(r, depth: d, isInternal: true)
            #expect(measured != nil)
            if let m = measured { #expect(abs(m - predicted) <= 0.01 * predicted, "depth \(d): \(m) s, predicted \(predicted) s") }
        }
    }

    @Test("paper estimate: a leaf update at depth d reaches the L1 after (w+1)·C·d − w·C")
    func paperEstimateLeaves() {
        for (w, d) in [(2, 4), (3, 5)] {
            let r = Fixture.run(Fixture.paper(width: w, depth: d, step: 500 * Time.millisecond, duration: 2 * Time.minute))
            let predicted = (Double((w + 1) * d) - Double(w)) * 0.5
            let m = Self.fastestArrival(r, depth: d, isInternal: false) ?? .nan
            #expect(abs(m - predicted) <= 0.01 * predicted, "w=\(w) d=\(d): \(m) s, predicted \(predicted) s")
        }
    }

    @Test("global finality grows with depth; the L1 retains O(d) hashes")
    func finalityGrowsWithDepth() {
        var medians: [Double] = []
        for d in 2...7 {
            let r = Fixture.run(Fixture.baseline(depth: d, duration: 15 * Time.minute))
            let fin = r.items.filter { $0.kind == .transaction && $0.globalFinal >= 0 }
                .map { Time.seconds($0.globalFinal - $0.created) }
            medians.append(percentile(fin, 50))
            // Bound: per L1 child, the ZKPs pushed while a state waits for finality. Finality
            // takes about two passes over the depth (stamps down, acceptance up), each level at
            // most one round, so per child ≤ 2·d + 4 rounds' worth of hashes.
            let bound = Int32(3 * (2 * d + 4))
            #expect(r.counters.maxL1Retained <= bound, "d=\(d): \(r.counters.maxL1Retained) hashes on the L1 > \(bound)")
            #expect(r.counters.maxL1Retained >= 3, "at least one hash per child")
        }
        for (a, b) in zip(medians, medians.dropFirst()) { #expect(a < b, "medians \(medians)") }
    }

    @Test("storage per node at depth d is (w+1)·proof_size·d with externalized state")
    func storageByDepth() {
        for w in [2, 3, 5] {
            var c = Fixture.baseline(width: w, depth: 4, duration: Time.minute)
            c.proofs.proofSize = 43_000
            let r = Fixture.run(c)
            for node in r.nodes where node.id != 0 {
                #expect(node.storageBytes == Int64(w + 1) * 43_000 * Int64(node.depth))
            }
        }
    }

    @Test("a narrow tree beats a wide one when proving is linear in the proofs verified")
    func narrowBeatsWide() {
        // Same N = 757: w = 27, d = 2 against w = 3 filled breadth-first. Proving dominates
        // (eager rounds, constant C per verified proof, no network delay), as in §10.
        func medianFinality(_ shape: TreeShape) -> Double {
            var c = Fixture.paper(width: 3, depth: 1, step: 200 * Time.millisecond, duration: 3 * Time.minute)
            c.tree = TreeConfig(shape: shape)
            let r = Fixture.run(c)
            #expect(r.nodes.count == 757)
            return percentile(r.items.filter { $0.kind == .transaction && $0.globalFinal >= 0 }
                .map { Time.seconds($0.globalFinal - $0.created) }, 50)
        }
        let wide = medianFinality(.complete(width: 27, depth: 2))
        let narrow = medianFinality(.completeNodes(width: 3, nodes: 757))
        #expect(narrow < wide, "narrow \(narrow) s, wide \(wide) s")
    }
}
