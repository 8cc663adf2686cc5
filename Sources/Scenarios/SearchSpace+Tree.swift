/// The tree the operators sit on, for the moves of a local search that follow its edges.
public struct SearchTree: Sendable {
    /// The parent of every node (-1 for the L1).
    public let parents: [Int32]
    /// Children of node v: `children[start[v]..<start[v + 1]]`, ascending.
    let start: [Int]
    let children: [Int32]

    /// The tree of `parents` (node 0 the L1).
    public init(parents: [Int32]) {
        self.parents = parents
        var count = [Int](repeating: 0, count: parents.count + 1)
        for p in parents where p >= 0 { count[Int(p) + 1] += 1 }
        for v in 0..<parents.count { count[v + 1] += count[v] }
        var fill = count
        var children = [Int32](repeating: 0, count: max(count[parents.count], 0))
        for (v, p) in parents.enumerated() where p >= 0 {
            children[fill[Int(p)]] = Int32(v)
            fill[Int(p)] += 1
        }
        start = count
        self.children = children
    }

    /// The nodes next to `v`: its parent, its children, its siblings and its parent's siblings,
    /// ascending (the L1 left out).
    public func around(_ v: Int32) -> [Int32] {
        let p = parents[Int(v)]
        var out: [Int32] = p > 0 ? [p] : []
        out += children[start[Int(v)]..<start[Int(v) + 1]]
        if p >= 0 { out += children[start[Int(p)]..<start[Int(p) + 1]].filter { $0 != v } }
        if p > 0, case let g = parents[Int(p)], g >= 0 { out += children[start[Int(g)]..<start[Int(g) + 1]].filter { $0 != p } }
        return out.sorted()
    }
}

extension SearchSpace {
    /// The neighbours of `c` that move along the tree, in a fixed order: per template, each chosen
    /// node moved to a free pool node next to it (its parent, a child, a sibling, an uncle), a free pool node
    /// next to a chosen one added, each chosen node removed, other behaviours, other values. Without
    /// a tree: the removals, behaviours and values only.
    public func nearNeighbors(_ c: SearchCandidate, tree: SearchTree?) -> [SearchCandidate] {
        var out: [SearchCandidate] = []
        for (ti, t) in spec.templates.enumerated() {
            let choice = c.choices[ti]
            let chosen = choice.nodes
            func with(_ nodes: [Int32]) -> SearchCandidate {
                var n = c
                n.choices[ti].nodes = nodes.sorted()
                return n
            }
            let inPool = { (u: Int32) in t.pool.binarySearchContains(u) && !chosen.contains(u) }
            if let tree, !t.pool.isEmpty {
                for (i, v) in chosen.enumerated() {
                    for u in tree.around(v) where inPool(u) {
                        var nodes = chosen
                        nodes[i] = u
                        out.append(with(nodes))
                    }
                }
                if chosen.count < t.operators.upperBound {
                    var added: Set<Int32> = []
                    for v in chosen {
                        for u in tree.around(v) where inPool(u) && added.insert(u).inserted { out.append(with(chosen + [u])) }
                    }
                }
            }
            if !t.pool.isEmpty, chosen.count > t.operators.lowerBound {
                for i in chosen.indices {
                    var nodes = chosen
                    nodes.remove(at: i)
                    out.append(with(nodes))
                }
            }
            for b in t.behaviors.indices where b != choice.behavior {
                var n = c
                n.choices[ti].behavior = b
                out.append(n)
            }
            for (k, key) in t.keys.enumerated() {
                for v in key.values.indices where v != choice.values[k] {
                    var n = c
                    n.choices[ti].values[k] = v
                    out.append(n)
                }
            }
        }
        return out
    }
}

extension Array where Element == Int32 {
    /// Whether the ascending array holds `x`.
    func binarySearchContains(_ x: Int32) -> Bool {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < count && self[lo] == x
    }
}
