import SimCore
import Stochastic
import ValidiumModel
import Yams

/// Reading the L1 faults of `adversary:` entries (docs/model.md §8): `behavior: equivocate` with
/// `forks` (default 2) and either `split` (`even`, the default, or one fraction per fork) or
/// `shown_to` (one node selector per fork); `behavior: reorg` with `depth` (blocks, default 1).
extension Ctx {
    /// The L1 fault of entry `s`.
    func l1Fault(_ s: Section, behavior: Behavior, tree: Tree, stream: RandomStream, l1Mode: L1Mode) throws(ScenarioError) -> L1Fault {
        if behavior == .reorg {
            for key in ["forks", "split", "shown_to"] {
                if let k = s.keyNode(key) { throw fail(k, s.sub(key), "only used with behavior: equivocate") }
            }
            var depth = 1
            if let v = s["depth"] { depth = try int(v, s.sub("depth"), in: KeyRegistry.intRange("adversary[].depth")) }
            return L1Fault(reorgDepth: depth)
        }
        if let k = s.keyNode("depth") { throw fail(k, s.sub("depth"), "only used with behavior: reorg") }
        guard l1Mode == .singleNode else {
            throw fail(s.keyNode("behavior"), s.sub("behavior"),
                       "equivocate needs a single-node L1: add l1: { mode: single_node } (a PoS L1 never equivocates)")
        }
        var forks = 2
        if let v = s["forks"] { forks = try int(v, s.sub("forks"), in: KeyRegistry.intRange("adversary[].forks")) }
        if s["split"] != nil, let k = s.keyNode("shown_to") {
            throw fail(k, s.sub("shown_to"), "give either split or shown_to, not both")
        }
        if let v = s["shown_to"] {
            guard case .sequence(let list) = v, list.count == forks else {
                throw fail(v, s.sub("shown_to"), "expected a list of \(forks) node selectors (one per fork), got \(describe(v))")
            }
            var assigned = [Int8](repeating: -1, count: tree.count)
            for (f, item) in list.enumerated() {
                for id in try select(item, path: "\(s.sub("shown_to"))[\(f)]", tree: tree, stream: stream) { assigned[Int(id)] = Int8(f) }
            }
            return L1Fault(forks: forks, shownFork: ForkSplit.complete(assigned, parent: tree.parent, subtreeSize: tree.subtreeSize, forks: forks))
        }
        var fractions = [Double](repeating: 1 / Double(forks), count: forks)
        if let v = s["split"], !(v.scalar?.string.trimmingSpaces == "even") {
            guard case .sequence(let list) = v, list.count == forks else {
                throw fail(v, s.sub("split"), "expected even or a list of \(forks) fractions (one per fork), got \(describe(v))")
            }
            fractions = []
            for (k, item) in list.enumerated() {
                let x = try number(item, "\(s.sub("split"))[\(k)]")
                guard x > 0, x < 1 else { throw fail(item, "\(s.sub("split"))[\(k)]", "out of range: expected a fraction in (0, 1)") }
                fractions.append(x)
            }
            let sum = fractions.reduce(0, +)
            guard abs(sum - 1) < 1e-6 else { throw fail(v, s.sub("split"), "the fractions must sum to 1, got \(sum)") }
        }
        return L1Fault(forks: forks, shownFork: ForkSplit.byFractions(fractions, parent: tree.parent, depth: tree.depth,
                                                                      subtreeSize: tree.subtreeSize))
    }
}
