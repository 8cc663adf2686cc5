import Stochastic

/// The generators of the `random` and `levels` shapes (docs/model.md §2).
extension Tree {
    /// `random`: grown breadth-first from the L1 until it has `spec.nodes` nodes.
    ///
    /// The algorithm (documented in docs/model-choices.md, "Random trees"): nodes are visited in id
    /// order, which is breadth-first order; each visited node below `max_depth` draws its number of
    /// children k from `spec.children` (stream "tree" of the seed) and receives the next
    /// min(k, nodes left) ids. When every node has been visited and the tree is still short (the
    /// process died out, which a mean below 1 makes likely), the visit starts again at node 0 and
    /// every node draws again, adding to the children it has. So a constant k gives the complete
    /// k-ary tree filled breadth-first, a constant 1 a chain, and ids always exceed their parent's.
    static func randomParents(_ spec: RandomTreeSpec, seed: UInt64) -> [Int32] {
        let n = max(spec.nodes, 1)
        precondition(n == 1 || spec.children.canGrow, "a random tree's children distribution must allow at least one child")
        precondition(spec.maxDepth.map { $0 >= 1 } ?? true, "max_depth must be at least 1")
        let stream = RandomStream(seed: seed, name: "tree")
        var parents = [Int32](repeating: -1, count: n)
        var depth = [Int32](repeating: 0, count: n)
        let limit = Int32(clamping: spec.maxDepth ?? Int(Int32.max))
        var count = 1, v = 0
        while count < n {
            if v == count { v = 0 }  // every node visited: another pass
            if depth[v] < limit {
                let k = spec.children.sample(stream)
                for _ in 0..<min(k, n - count) {
                    parents[count] = Int32(v)
                    depth[count] = depth[v] + 1
                    count += 1
                }
            }
            v += 1
        }
        return parents
    }

    /// Nodes of a `levels` tree, the L1 included: 1 + w0 + w0·w1 + …; nil on overflow.
    public static func levelsNodeCount(_ widths: [Int]) -> Int? {
        var total = 1, level = 1
        for w in widths {
            let (l, o1) = level.multipliedReportingOverflow(by: w)
            let (t, o2) = total.addingReportingOverflow(l)
            if o1 || o2 { return nil }
            level = l; total = t
        }
        return total
    }

    /// `levels`: every node at depth i has `widths[i]` children, numbered breadth-first.
    static func levelsParents(_ widths: [Int]) -> [Int32] {
        let n = levelsNodeCount(widths) ?? 1
        var parents = [Int32](repeating: -1, count: n)
        var next = 1, levelStart = 0, levelEnd = 1
        for w in widths {
            for v in levelStart..<levelEnd {
                for _ in 0..<w { parents[next] = Int32(v); next += 1 }
            }
            levelStart = levelEnd; levelEnd = next
        }
        return parents
    }
}
