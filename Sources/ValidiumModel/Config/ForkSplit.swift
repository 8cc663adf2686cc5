/// Which fork an equivocating L1 shows each validium (docs/model.md §8), from target fractions or from
/// explicit sets of nodes. The L1 shows a fork to whole subtrees: with fractions, the subtrees of
/// the shallowest depth whose greedy assignment comes within 5 % of every target; every node
/// below inherits its subtree's fork, every node above is shown the fork most of its subtree got.
public enum ForkSplit {
    /// Assignment for `fractions` (one per fork, summing to 1) on a tree given by its parents.
    public static func byFractions(_ fractions: [Double], parent: [Int32], depth: [Int32], subtreeSize: [Int32]) -> [Int8] {
        let n = parent.count
        let maxDepth = Int(depth.max() ?? 0)
        var best: [Int8] = []
        for d in 1...max(1, maxDepth) {
            var assigned = [Int8](repeating: -1, count: n)
            var got = [Double](repeating: 0, count: fractions.count)
            let total = Double(n - 1)
            for v in 1..<n where depth[v] == Int32(d) {
                // The fork furthest below its target takes the next subtree (ties: the lower fork).
                var pick = 0
                for f in 1..<fractions.count where fractions[f] * total - got[f] > fractions[pick] * total - got[pick] { pick = f }
                assigned[v] = Int8(pick)
                got[pick] += Double(subtreeSize[v])
            }
            best = assigned
            let covered = got.reduce(0, +)
            if covered > 0 && zip(got, fractions).allSatisfy({ abs($0 / covered - $1) <= 0.05 }) { break }
        }
        return complete(best, parent: parent, subtreeSize: subtreeSize, forks: fractions.count)
    }

    /// Fills in the nodes left without a fork: below an assigned node, its fork; above, the fork
    /// with the most assigned nodes in its subtree (ties: the lower fork); elsewhere fork 0.
    public static func complete(_ assigned: [Int8], parent: [Int32], subtreeSize: [Int32], forks: Int) -> [Int8] {
        let n = parent.count
        var out = assigned
        out[0] = -1
        // Top-down (a parent's id is smaller than its children's, so it is set first).
        for v in 1..<n where out[v] < 0 && inherited(v, assigned, parent) { out[v] = out[Int(parent[v])] }
        // Bottom-up weights for the nodes above the assigned subtrees.
        var weight = [Int64](repeating: 0, count: n * forks)
        for v in stride(from: n - 1, through: 1, by: -1) {
            if out[v] >= 0 && (assigned[v] >= 0 || inherited(v, assigned, parent)) {
                weight[v * forks + Int(out[v])] += 1
            }
            let p = Int(parent[v])
            if p > 0 { for f in 0..<forks { weight[p * forks + f] += weight[v * forks + f] } }
        }
        for v in 1..<n where out[v] < 0 {
            var pick = 0
            for f in 1..<forks where weight[v * forks + f] > weight[v * forks + pick] { pick = f }
            out[v] = Int8(pick)
        }
        return out
    }

    /// True when v lies under an explicitly assigned node.
    private static func inherited(_ v: Int, _ assigned: [Int8], _ parent: [Int32]) -> Bool {
        var x = Int(parent[v])
        while x > 0 { if assigned[x] >= 0 { return true }; x = Int(parent[x]) }
        return false
    }
}
