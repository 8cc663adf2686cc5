import Testing
import Foundation
@testable import ValidiumModel

/// The `random` and `levels` generators (docs/model.md §2): sizes, depths, the children distribution
/// against its mean, determinism from the seed.
@Suite struct TreeShapeTests {
    /// Children counts of the nodes visited once (every node but the last level's), from a parent list.
    static func childCounts(_ t: Tree) -> [Int] { (0..<t.count).map { t.childCount($0) } }

    @Test("levels [1, 20, 5]: one hub, 20 chains under it, 5 under each (126 nodes)")
    func levelsHub() {
        let t = Tree(shape: .levels(widths: [1, 20, 5]))
        #expect(t.count == 1 + 1 + 20 + 100)
        #expect(Tree.nodeCount(of: .levels(widths: [1, 20, 5])) == 122)
        #expect(t.childCount(0) == 1 && t.childCount(1) == 20)
        for v in 2...21 { #expect(t.childCount(v) == 5 && t.depth[v] == 2) }
        for v in 22..<122 { #expect(t.childCount(v) == 0 && t.depth[v] == 3) }
        #expect(t.maxDepth == 3 && t.subtreeSize[1] == 121)
    }

    @Test("levels with one width per level equal the complete tree of that width")
    func levelsEqualComplete() {
        #expect(Tree.parents(of: .levels(widths: [3, 3, 3, 3])) == Tree.parents(of: .complete(width: 3, depth: 4)))
    }

    @Test("random with a constant k is the complete k-ary tree filled breadth-first; constant 1 is a chain")
    func randomConstant() {
        let spec = RandomTreeSpec(nodes: 100, children: .constant(3))
        #expect(Tree.parents(of: .random(spec), seed: 9) == Tree.parents(of: .completeNodes(width: 3, nodes: 100)))
        let chain = Tree(shape: .random(RandomTreeSpec(nodes: 41, children: .constant(1))), seed: 5)
        #expect(chain.count == 41 && chain.maxDepth == 40)
    }

    @Test("random: exactly N nodes, every parent below its child, max_depth respected", arguments: [
        ChildrenDistribution.poisson(mean: 3), .geometric(mean: 3), .weights([0, 1, 1, 1, 1, 1]), .poisson(mean: 0.5),
    ])
    func randomSizes(_ d: ChildrenDistribution) {
        for n in [2, 17, 1_000, 20_000] {
            let p = Tree.parents(of: .random(RandomTreeSpec(nodes: n, children: d)), seed: 42)
            #expect(p.count == n && p[0] == -1)
            #expect((1..<n).allSatisfy { p[$0] >= 0 && Int(p[$0]) < $0 })
        }
        let capped = Tree(shape: .random(RandomTreeSpec(nodes: 5_000, children: d, maxDepth: 3)), seed: 42)
        #expect(capped.count == 5_000 && capped.maxDepth == 3)
    }

    @Test("random: children of internal nodes average the distribution's mean (first pass), depth ≈ log N")
    func randomMean() {
        // Nodes visited in the first pass before the tree filled: all but the last ones. Their
        // children counts are independent draws (the last visited node may be cut short).
        for d in [ChildrenDistribution.poisson(mean: 3), .geometric(mean: 3), .weights([1, 1, 1, 1, 1, 1, 1])] {
            let n = 200_000
            let t = Tree(shape: .random(RandomTreeSpec(nodes: n, children: d)), seed: 7)
            // The first pass visits nodes 0 … v−1 where v is the parent of the last node.
            let lastParent = Int(t.parent[n - 1])
            let counts = (0..<lastParent).map { t.childCount($0) }
            let mean = Double(counts.reduce(0, +)) / Double(counts.count)
            let sd = (counts.map { pow(Double($0) - d.mean, 2) }.reduce(0, +) / Double(counts.count)).squareRoot()
            // Five standard errors.
            #expect(abs(mean - d.mean) < 5 * sd / Double(counts.count).squareRoot(), "\(d): mean \(mean), expected \(d.mean)")
            #expect(t.maxDepth >= 8 && t.maxDepth <= 40, "\(d): depth \(t.maxDepth) for N = \(n)")
        }
    }

    @Test("random: the geometric and Poisson draws have the right variance (they differ)")
    func randomSpread() {
        func variance(_ d: ChildrenDistribution) -> Double {
            let t = Tree(shape: .random(RandomTreeSpec(nodes: 100_000, children: d)), seed: 3)
            let counts = (0..<Int(t.parent[t.count - 1])).map { Double(t.childCount($0)) }
            let m = counts.reduce(0, +) / Double(counts.count)
            return counts.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(counts.count)
        }
        // Poisson(3): variance 3. Geometric with mean 3: variance m(1 + m) = 12.
        #expect(abs(variance(.poisson(mean: 3)) - 3) < 0.3)
        #expect(abs(variance(.geometric(mean: 3)) - 12) < 1.2)
    }

    @Test("random: the same seed gives the same tree, another seed another; tree.seed overrides the run's")
    func randomDeterminism() {
        let spec = RandomTreeSpec(nodes: 5_000, children: .poisson(mean: 3))
        #expect(Tree.parents(of: .random(spec), seed: 1) == Tree.parents(of: .random(spec), seed: 1))
        #expect(Tree.parents(of: .random(spec), seed: 1) != Tree.parents(of: .random(spec), seed: 2))
        var fixed = spec
        fixed.seed = 11
        #expect(Tree.parents(of: .random(fixed), seed: 1) == Tree.parents(of: .random(fixed), seed: 2))
        #expect(Tree.parents(of: .random(fixed), seed: 1) == Tree.parents(of: .random(spec), seed: 11))
    }

    @Test("random: a subcritical distribution that dies out still reaches N (extra passes)")
    func randomDiesOut() {
        let t = Tree(shape: .random(RandomTreeSpec(nodes: 300, children: .weights([9, 1]))), seed: 1)
        #expect(t.count == 300)
        #expect(t.childCount(0) >= 1)
    }
}
