import SimCore

/// The L1's blocks as a tree of forks (docs/model.md §8). Block 0 is genesis (height 0, fork 0).
/// A fork is a run of blocks, each extending the previous one of the same fork; fork f starts
/// after block `base[f]`. Blocks of a fork above `aliveUpTo[f]` were abandoned (a reorg, or the
/// forks of a replaced L1 node). With few forks, ancestry walks the fork lineage in O(forks).
struct L1Chain {
    // Per block id.
    var height: [Int32] = [0]
    var parent: [Int32] = [-1]
    var fork: [Int32] = [0]
    var produced: [SimTime] = [0]
    var finalAt: [SimTime] = [0]
    /// Root acceptance when the block became final (−1: not final).
    var acceptanceAtFinal: [Int64]
    var zkps: [Int32] = [0]
    var txs: [Int64] = [0]
    // Per fork.
    var base: [Int32] = [-1]
    var tip: [Int32] = [0]
    var aliveUpTo: [Int32] = [.max]
    /// L1 operator generation that produced the fork (0 the first operator).
    var operatorOf: [Int32] = [0]
    var createdAt: [SimTime] = [0]

    init(nodes: Int) { acceptanceAtFinal = [Int64(nodes)] }

    var blockCount: Int { height.count }
    var forkCount: Int { base.count }

    /// A new fork starting after block `after`; returns its id.
    mutating func addFork(after: Int32, operator op: Int32, at time: SimTime) -> Int32 {
        base.append(after); tip.append(after); aliveUpTo.append(.max); operatorOf.append(op); createdAt.append(time)
        return Int32(base.count - 1)
    }

    /// Appends a block to fork `f`; returns its id.
    mutating func addBlock(fork f: Int32, at time: SimTime) -> Int32 {
        let p = tip[Int(f)]
        height.append(height[Int(p)] + 1); parent.append(p); fork.append(f)
        produced.append(time); finalAt.append(-1); acceptanceAtFinal.append(-1); zkps.append(0); txs.append(0)
        let id = Int32(height.count - 1)
        tip[Int(f)] = id
        return id
    }

    /// True when `a` is `b` or one of its ancestors.
    func isAncestor(_ a: Int32, of b: Int32) -> Bool {
        let fa = fork[Int(a)], ha = height[Int(a)]
        var cur = b
        while cur >= 0 {
            if fork[Int(cur)] == fa { return ha <= height[Int(cur)] }
            cur = base[Int(fork[Int(cur)])]
        }
        return false
    }

    /// True when neither block is an ancestor of the other.
    @inline(__always) func conflict(_ a: Int32, _ b: Int32) -> Bool { !isAncestor(a, of: b) && !isAncestor(b, of: a) }

    /// The ancestor of `b` at height `h` (`b` itself when h ≥ its height).
    func ancestor(of b: Int32, atHeight h: Int32) -> Int32 {
        var cur = b
        while height[Int(cur)] > h {
            let f = Int(fork[Int(cur)])
            let first = base[f]   // the fork's blocks sit above its base
            if first >= 0 && height[Int(first)] >= h { cur = first; continue }
            // Walk within the fork: ids of one fork are increasing with height, parents linked.
            cur = parent[Int(cur)]
        }
        return cur
    }

    /// The newest common ancestor of `a` and `b`: on the first fork of a's lineage that b's lineage
    /// also passes through, the lower of the two positions.
    func commonAncestor(_ a: Int32, _ b: Int32) -> Int32 {
        var x = a
        while x >= 0 {
            var y = b
            while y >= 0 {
                if fork[Int(y)] == fork[Int(x)] {
                    return height[Int(x)] <= height[Int(y)] ? x : ancestor(of: x, atHeight: height[Int(y)])
                }
                y = base[Int(fork[Int(y)])]
            }
            x = base[Int(fork[Int(x)])]
        }
        return 0
    }

    /// True when `b` lies on an abandoned part of the chain.
    func isDead(_ b: Int32) -> Bool {
        var cur = b
        while cur >= 0 {
            let f = Int(fork[Int(cur)])
            if height[Int(cur)] > aliveUpTo[f] { return true }
            cur = base[f]
        }
        return false
    }

    /// The newest live ancestor of `b` (b itself when alive).
    func liveAncestor(_ b: Int32) -> Int32 {
        var cur = b
        while cur > 0 && isDead(cur) { cur = parent[Int(cur)] }
        return max(cur, 0)
    }

    /// Abandons every block that is not `keep` or one of its ancestors.
    mutating func abandon(allBut keep: Int32) {
        for f in 0..<forkCount {
            let t = tip[f]
            let l = commonAncestor(t, keep)
            aliveUpTo[f] = fork[Int(l)] == Int32(f) ? min(aliveUpTo[f], height[Int(l)])
                                                     : min(aliveUpTo[f], base[f] >= 0 ? height[Int(base[f])] : -1)
        }
    }
}
