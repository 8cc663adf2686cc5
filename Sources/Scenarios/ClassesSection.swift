import SimCore
import Stochastic
import ValidiumModel
import Yams

/// Reading `classes:` (operator classes): a list of entries, each a node selector (as the adversary's,
/// drawn from the seeded stream `classes`) and the overrides of its members.
extension Ctx {
    /// The classes, selectors resolved on `tree`.
    func classes(_ node: Node, tree: Tree, seed: UInt64, config: ModelConfig) throws(ScenarioError) -> [OperatorClass] {
        guard case .sequence(let list) = node else {
            if isNull(node) { return [] }
            throw fail(node, "classes", "expected a list of entries (- name: …, nodes: …, proving_factor: …), got \(describe(node))")
        }
        if list.count > 250 { throw fail(node, "classes", "at most 250 classes, got \(list.count)") }
        let stream = RandomStream(seed: seed, name: "classes")
        var result: [OperatorClass] = []
        var owner: [Int32: String] = [:]
        for (index, item) in list.enumerated() {
            let path = "classes[\(index)]"
            let s = try Section(item, path: path, allowed: KeyRegistry.children(of: "classes[]"), ctx: self,
                                expected: "an entry with nodes and the overrides of its members")
            var name = "class\(index + 1)"
            if let v = s["name"] {
                name = try text(v, s.sub("name"), expected: "a name").trimmingSpaces
                if name.isEmpty || name.contains("\n") || name.utf8.count > 40 {
                    throw fail(v, s.sub("name"), "expected a name of 1 to 40 bytes on one line")
                }
                if result.contains(where: { $0.name == name }) { throw fail(v, s.sub("name"), "another class is already named \(name)") }
            }
            guard let nodesNode = s["nodes"] else { throw fail(item, s.sub("nodes"), "missing required key (a node selector)") }
            let nodes = try select(nodesNode, path: s.sub("nodes"), tree: tree, stream: stream)
            for v in nodes {
                if let other = owner[v] { throw fail(nodesNode, s.sub("nodes"), "node \(v) is already in class \(other) (a node is in at most one class)") }
                owner[v] = name
            }
            var k = OperatorClass(name: name, nodes: nodes)
            if let v = s["proving_factor"] { k.provingFactor = try number(v, s.sub("proving_factor"), key: "classes[].proving_factor") }
            if let v = s["recursion_step"] { k.recursionStep = try distribution(v, s.sub("recursion_step")) }
            if let v = s["tx_rate"] {
                let rate = try self.rate(v, s.sub("tx_rate"))
                if rate < 0 || rate > 1e6 { throw fail(v, s.sub("tx_rate"), "out of range: expected 0 to 1,000,000 per second") }
                k.txRate = rate
            }
            if let v = s["update_every"] {
                if case .eager = config.update.mode {
                    throw fail(s.keyNode("update_every"), s.sub("update_every"), "only used with periodic updates (update.mode is eager)")
                }
                k.updateEvery = try duration(v, s.sub("update_every"), key: "classes[].update_every")
            }
            if let v = s["latency"] { k.latency = try distribution(v, s.sub("latency")) }
            if let v = s["bandwidth"] { k.bandwidth = try bandwidth(v, s.sub("bandwidth")) ?? .infinity }
            result.append(k)
        }
        return result
    }
}

extension Canonical {
    /// `classes[000k] = { name: …, nodes: [...], … }`: resolved node lists and the overrides set.
    static let classRenderers: [(String, Renderer)] = [
        ("classes", { r in
            r.config.classes.enumerated().map { (k, c) in
                let key = "classes[\(String(repeating: "0", count: max(0, 4 - String(k).count)))\(k)]"
                var text = "{ name: \(quote(c.name)), nodes: [" + c.nodes.map(String.init).joined(separator: ", ") + "]"
                if c.provingFactor != 1 { text += ", proving_factor: \(number(c.provingFactor))" }
                if let d = c.recursionStep { text += ", recursion_step: \(dist(d))" }
                if let x = c.txRate { text += ", tx_rate: \(number(x))/s" }
                if let e = c.updateEvery { text += ", update_every: \(micros(e))" }
                if let d = c.latency { text += ", latency: \(dist(d))" }
                if let b = c.bandwidth { text += ", bandwidth: " + (b.isFinite ? number(b) + "bit/s" : "unlimited") }
                return (key, text + " }")
            }
        }),
    ]
}
