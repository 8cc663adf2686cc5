/// The tree of validiums under the L1 (docs/model.md §2): node 0 is the L1, every other node has one
/// parent. Children are stored contiguously (compressed rows), in id order. Parent ids need not be
/// smaller than child ids (exits re-attach subtrees anywhere).
public struct Tree: Sendable {
    /// Parent of each node (−1 for the L1).
    public let parent: [Int32]
    /// Depth of each node (L1 = 0).
    public let depth: [Int32]
    /// Children of node v are `children[childStart[v] ..< childStart[v + 1]]`.
    public let childStart: [Int32]
    /// All children, grouped by parent.
    public let children: [Int32]
    /// b(v) = descendants + 1.
    public let subtreeSize: [Int32]
    /// Deepest node's depth.
    public let maxDepth: Int

    /// Number of nodes N (the L1 included).
    @inlinable public var count: Int { parent.count }

    /// Number of children of v.
    @inlinable public func childCount(_ v: Int) -> Int { Int(childStart[v + 1] - childStart[v]) }

    /// Builds a tree from a parent list (parents[i] is the parent of node i; parents[0] = −1).
    /// Requires a tree rooted at 0 (checked by the scenario loader).
    public init(parents: [Int32]) {
        let n = parents.count
        precondition(n >= 1 && parents[0] == -1, "node 0 must be the root")
        var counts = [Int32](repeating: 0, count: n + 1)
        for i in stride(from: 1, to: n, by: 1) {
            let p = Int(parents[i])
            precondition(p >= 0 && p < n && p != i, "every parent must be another node")
            counts[p + 1] += 1
        }
        for i in 0..<n { counts[i + 1] += counts[i] }
        var fill = counts
        var children = [Int32](repeating: 0, count: max(n - 1, 0))
        for i in stride(from: 1, to: n, by: 1) {
            let p = Int(parents[i])
            children[Int(fill[p])] = Int32(i)
            fill[p] += 1
        }
        // Breadth-first from the root: parents before children, whatever the ids.
        var order = [Int32](repeating: 0, count: n)
        var depth = [Int32](repeating: 0, count: n)
        var head = 0, tail = 1
        while head < tail {
            let v = Int(order[head]); head += 1
            for k in Int(counts[v])..<Int(counts[v + 1]) {
                let c = children[k]
                depth[Int(c)] = depth[v] + 1
                order[tail] = c; tail += 1
            }
        }
        precondition(tail == n, "every node must descend from node 0")
        var size = [Int32](repeating: 1, count: n)
        for k in stride(from: n - 1, through: 1, by: -1) {
            let v = Int(order[k])
            size[Int(parents[v])] += size[v]
        }
        self.parent = parents
        self.depth = depth
        self.childStart = counts
        self.children = children
        self.subtreeSize = size
        self.maxDepth = Int(depth.max() ?? 0)
    }

    /// Builds the tree of a scenario's shape; `seed` (the run's seed) grows `random` trees that have no `tree.seed`.
    public init(shape: TreeShape, seed: UInt64 = 1) {
        self.init(parents: Tree.parents(of: shape, seed: seed))
    }

    /// Node ids in breadth-first order from the L1 (parents before children).
    public func breadthFirstOrder() -> [Int] {
        var order = [0]
        order.reserveCapacity(count)
        var head = 0
        while head < order.count {
            let v = order[head]; head += 1
            for k in Int(childStart[v])..<Int(childStart[v + 1]) { order.append(Int(children[k])) }
        }
        return order
    }

    /// True when `a` is a proper ancestor of `v`.
    public func isAncestor(_ a: Int, of v: Int) -> Bool {
        var x = Int(parent[v])
        while x >= 0 {
            if x == a { return true }
            x = Int(parent[x])
        }
        return false
    }

    /// Number of nodes a shape produces (the L1 included), without building it; nil on overflow.
    public static func nodeCount(of shape: TreeShape) -> Int? {
        switch shape {
        case .complete(let w, let d):
            var total = 1, level = 1
            for _ in 0..<d {
                let (l, o1) = level.multipliedReportingOverflow(by: w)
                let (t, o2) = total.addingReportingOverflow(l)
                if o1 || o2 { return nil }
                level = l; total = t
            }
            return total
        case .completeNodes(_, let n): return n
        case .explicit(let parents): return parents.count + 1
        case .random(let spec): return spec.nodes
        case .levels(let widths): return levelsNodeCount(widths)
        }
    }

    /// The parent list of a shape: complete and levels trees are numbered breadth-first; `seed` grows
    /// random trees without their own seed.
    public static func parents(of shape: TreeShape, seed: UInt64 = 1) -> [Int32] {
        switch shape {
        case .complete(let w, _), .completeNodes(let w, _):
            let n = nodeCount(of: shape) ?? 1
            var parents = [Int32](repeating: -1, count: n)
            if n > 1 { for i in 1..<n { parents[i] = Int32((i - 1) / w) } }
            return parents
        case .explicit(let list):
            return [-1] + list.map { Int32($0) }
        case .random(let spec):
            return randomParents(spec, seed: spec.seed ?? seed)
        case .levels(let widths):
            return levelsParents(widths)
        }
    }
}
