import ValidiumModel
import Yams

/// Reading the `tree:` section (docs/model.md §2, §3.1 rules 1 and 14).
extension Ctx {
    /// The largest tree accepted, in nodes (the L1 included).
    static let maxNodes = 20_000_000

    /// The `tree` mapping as a `TreeConfig`.
    func tree(_ node: Node) throws(ScenarioError) -> TreeConfig {
        let s = try Section(node, path: "tree",
                            allowed: KeyRegistry.children(of: "tree"), ctx: self)
        var shapeName = "complete"
        if let v = s["shape"] {
            shapeName = try keyword(v, s.sub("shape"), KeyRegistry.choices("tree.shape"))
        }
        try rejectForeignKeys(s, shape: shapeName)
        var config: TreeConfig
        switch shapeName {
        case "explicit": config = TreeConfig(shape: .explicit(parents: try parents(s)))
        case "random": config = TreeConfig(shape: .random(try randomTree(s)))
        case "levels": config = TreeConfig(shape: .levels(widths: try levels(s)))
        default: config = TreeConfig(shape: try complete(s))
        }
        if let v = s["own_state"] {
            config.ownState = OwnState(rawValue: try keyword(v, s.sub("own_state"), KeyRegistry.choices("tree.own_state"))) ?? .externalized
        }
        if let v = s["state_size"] {
            config.inlineStateBytes = try size(v, s.sub("state_size"), key: "tree.state_size")
        }
        return config
    }

    /// `complete` with width and either depth or nodes.
    private func complete(_ s: Section) throws(ScenarioError) -> TreeShape {
        guard let widthNode = s["width"] else {
            throw fail(s.node, s.sub("width"), "missing required key (a complete tree needs width and either depth or nodes)")
        }
        let width = try int(widthNode, s.sub("width"), in: KeyRegistry.intRange("tree.width"))
        switch (s["depth"], s["nodes"]) {
        case (nil, nil):
            throw fail(s.node, s.sub("depth"), "missing required key (a complete tree needs depth or nodes)")
        case (.some, .some):
            throw fail(s.keyNode("nodes"), s.sub("nodes"), "give either tree.depth or tree.nodes, not both")
        case (let depthNode?, nil):
            let depth = try int(depthNode, s.sub("depth"), in: KeyRegistry.intRange("tree.depth"))
            if let count = Ctx.nodeCount(width: width, depth: depth), count <= Ctx.maxNodes { return .complete(width: width, depth: depth) }
            let count = Ctx.nodeCount(width: width, depth: depth).map { grouped(Int64($0)) } ?? "more than 9 × 10^18"
            let at = widthNode.mark == nil ? widthNode : depthNode
            throw fail(at, widthNode.mark == nil ? s.sub("width") : s.sub("depth"),
                       "out of range: width \(width) and depth \(depth) give \(count) nodes; at most \(grouped(Int64(Ctx.maxNodes))) are supported")
        case (nil, let nodesNode?):
            let nodes = try int(nodesNode, s.sub("nodes"), in: KeyRegistry.intRange("tree.nodes"))
            return .completeNodes(width: width, nodes: nodes)
        }
    }

    /// `(w^(d+1) − 1)/(w − 1)` (or d + 1 when w = 1), the L1 included; nil on overflow.
    static func nodeCount(width: Int, depth: Int) -> Int? {
        var total = 1, level = 1
        for _ in 0..<max(depth, 0) {
            let (nextLevel, o1) = level.multipliedReportingOverflow(by: width)
            let (nextTotal, o2) = total.addingReportingOverflow(nextLevel)
            if o1 || o2 { return nil }
            level = nextLevel
            total = nextTotal
        }
        return total
    }

    /// `explicit`: the parents of nodes 1 … N−1, each smaller than its child.
    private func parents(_ s: Section) throws(ScenarioError) -> [Int] {
        guard let list = s["parents"] else {
            throw fail(s.node, s.sub("parents"),
                       "missing required key (an explicit tree lists the parents of nodes 1 … N−1, e.g. [0, 0, 1])")
        }
        guard case .sequence(let items) = list else {
            throw fail(list, s.sub("parents"), "expected a list of parent ids such as [0, 0, 1], got \(describe(list))")
        }
        if items.isEmpty { throw fail(list, s.sub("parents"), "must list the parent of at least one node") }
        if items.count >= Ctx.maxNodes {
            throw fail(list, s.sub("parents"),
                       "\(grouped(Int64(items.count + 1))) nodes; at most \(grouped(Int64(Ctx.maxNodes))) are supported")
        }
        var parents: [Int] = []
        parents.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            let child = index + 1
            let path = "tree.parents[\(index)]"
            let parent = try int(item, path, in: 0...Int.max)
            if parent >= child {
                throw fail(item, path, "the parent of node \(child) must be a node id below \(child) (parents come before their children), got \(parent)")
            }
            parents.append(parent)
        }
        return parents
    }
}
