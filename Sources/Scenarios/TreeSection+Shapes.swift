import ValidiumModel
import Yams

/// Reading the `random` and `levels` shapes of the `tree:` section (docs/model.md §2), and the keys
/// each shape takes.
extension Ctx {
    /// The shape-specific keys of `tree:` and the shapes that use each.
    static let shapeKeys: [(key: String, shapes: [String])] = [
        ("width", ["complete"]), ("depth", ["complete"]), ("nodes", ["complete", "random"]),
        ("parents", ["explicit"]), ("children", ["random"]), ("max_depth", ["random"]), ("seed", ["random"]),
        ("levels", ["levels"]),
    ]

    /// Fails on a key that `shape` does not use (`tree.parents` on a complete tree).
    func rejectForeignKeys(_ s: Section, shape: String) throws(ScenarioError) {
        for (key, shapes) in Ctx.shapeKeys where !shapes.contains(shape) {
            if let k = s.keyNode(key) {
                let users = shapes.map { "shape: \($0)" }.joined(separator: " or ")
                throw fail(k, s.sub(key), "only used with \(users) (this tree is \(shape))")
            }
        }
    }

    /// `random`: nodes (required), children, max_depth, seed.
    func randomTree(_ s: Section) throws(ScenarioError) -> RandomTreeSpec {
        guard let nodesNode = s["nodes"] else {
            throw fail(s.node, s.sub("nodes"), "missing required key (a random tree needs nodes, the L1 included)")
        }
        let nodes = try int(nodesNode, s.sub("nodes"), in: KeyRegistry.intRange("tree.nodes"))
        var spec = RandomTreeSpec(nodes: nodes, children: .poisson(mean: 3))
        if let v = s["children"] { spec.children = try childrenDistribution(v, s.sub("children")) }
        if let v = s["max_depth"] { spec.maxDepth = try int(v, s.sub("max_depth"), in: KeyRegistry.intRange("tree.max_depth")) }
        if let v = s["seed"] { spec.seed = try uint64(v, s.sub("seed")) }
        return spec
    }

    /// `3`, `{ dist: constant, value: 3 }`, `{ dist: poisson, mean: 3 }`, `{ dist: geometric, mean: 3 }`
    /// or `{ dist: weights, weights: [0, 1, 2] }` (P(k) ∝ weights[k]).
    func childrenDistribution(_ node: Node, _ path: String) throws(ScenarioError) -> ChildrenDistribution {
        let example = "a count such as 3 or { dist: poisson, mean: 3 } (constant, poisson, geometric or weights)"
        if case .scalar = node, !isNull(node) {
            let k = try int(node, path, in: 1...1_000)
            return .constant(k)
        }
        guard case .mapping(let mapping) = node else { throw fail(node, path, "expected \(example), got \(describe(node))") }
        var distNode: Node?
        for (k, v) in mapping where k.scalar?.string == "dist" { distNode = v }
        guard let distNode else { throw fail(node, join(path, "dist"), "missing required key (one of constant, poisson, geometric, weights)") }
        let name = try keyword(distNode, join(path, "dist"), ["constant", "poisson", "geometric", "weights"])
        let parameter = ["constant": "value", "poisson": "mean", "geometric": "mean", "weights": "weights"][name] ?? "value"
        let section = try Section(node, path: path, allowed: ["dist", parameter], ctx: self)
        guard let value = section[parameter] else {
            throw fail(node, join(path, parameter), "missing required key (dist: \(name) needs \(parameter))")
        }
        let at = join(path, parameter)
        switch name {
        case "constant":
            return .constant(try int(value, at, in: 1...1_000))
        case "poisson", "geometric":
            let mean = try number(value, at)
            if !(mean > 0 && mean <= 1_000) { throw fail(value, at, "out of range: expected a mean in (0, 1000], got \(mean)") }
            return name == "poisson" ? .poisson(mean: mean) : .geometric(mean: mean)
        default:
            guard case .sequence(let items) = value, !items.isEmpty, items.count <= 1_001 else {
                throw fail(value, at, "expected a list of 1 to 1001 weights, P(k children) ∝ weights[k], such as [1, 2, 1]")
            }
            var weights: [Double] = []
            for (i, item) in items.enumerated() {
                let w = try number(item, "\(at)[\(i)]")
                if w < 0 { throw fail(item, "\(at)[\(i)]", "must not be negative, got \(w)") }
                weights.append(w)
            }
            let d = ChildrenDistribution.weights(weights)
            if !d.canGrow { throw fail(value, at, "needs a positive weight at 1 or more children (index 1 or above), or the tree cannot grow") }
            return d
        }
    }

    /// `levels`: the children of every node at each depth, `[1, 20, 5]`.
    func levels(_ s: Section) throws(ScenarioError) -> [Int] {
        guard let list = s["levels"] else {
            throw fail(s.node, s.sub("levels"), "missing required key (a levels tree lists the children per node at each depth, e.g. [1, 20, 5])")
        }
        guard case .sequence(let items) = list, !items.isEmpty else {
            throw fail(list, s.sub("levels"), "expected a non-empty list of widths such as [1, 20, 5], got \(describe(list))")
        }
        if items.count > 40 { throw fail(list, s.sub("levels"), "at most 40 levels, got \(items.count)") }
        var widths: [Int] = []
        for (i, item) in items.enumerated() { widths.append(try int(item, "tree.levels[\(i)]", in: 1...1_000_000)) }
        guard let n = Tree.levelsNodeCount(widths), n <= Ctx.maxNodes else {
            throw fail(list, s.sub("levels"), "out of range: these widths give more than \(grouped(Int64(Ctx.maxNodes))) nodes")
        }
        return widths
    }
}
