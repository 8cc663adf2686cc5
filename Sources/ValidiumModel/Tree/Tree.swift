/// The tree of validiums under the L1 (MODEL.md §2): node 0 is the L1, every other node has one
/// parent with a smaller id. Children are stored contiguously (compressed rows), in id order.
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
    /// Requires parents[i] < i for i ≥ 1 (checked by the scenario loader).
    public init(parents: [Int32]) {
        let n = parents.count
        precondition(n >= 1 && parents[0] == -1, "node 0 must be the root")
        var depth = [Int32](repeating: 0, count: n)
        var counts = [Int32](repeating: 0, count: n + 1)
        for i in stride(from: 1, to: n, by: 1) {
            let p = Int(parents[i])
            precondition(p >= 0 && p < i, "parent ids must be smaller than child ids")
            depth[i] = depth[p] + 1
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
        var size = [Int32](repeating: 1, count: n)
        for i in stride(from: n - 1, through: 1, by: -1) { size[Int(parents[i])] += size[i] }
        self.parent = parents
        self.depth = depth
        self.childStart = counts
        self.children = children
        self.subtreeSize = size
        self.maxDepth = Int(depth.max() ?? 0)
    }

    /// Builds the tree of a scenario's shape.
    public init(shape: TreeShape) {
        self.init(parents: Tree.parents(of: shape))
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
        }
    }

    /// The parent list of a shape: complete trees are numbered breadth-first.
    public static func parents(of shape: TreeShape) -> [Int32] {
        switch shape {
        case .complete(let w, _), .completeNodes(let w, _):
            let n = nodeCount(of: shape) ?? 1
            var parents = [Int32](repeating: -1, count: n)
            if n > 1 { for i in 1..<n { parents[i] = Int32((i - 1) / w) } }
            return parents
        case .explicit(let list):
            return [-1] + list.map { Int32($0) }
        }
    }
}
